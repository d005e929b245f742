//! The support API's use cases (DESIGN §5) and the JSON they answer with. Each use case owns
//! its transaction and writes the call to the audit log with the token's subject as actor
//! (`api:<sub>`): creating and cancelling through the request workflow, reading and
//! listing as `api_read` / `api_list` entries (every read of personal data is audited).

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use time::{Date, PrimitiveDateTime};
use utoipa::ToSchema;

use super::ServiceError;
use super::requests::{
    self as workflow, StaffAction, Submission, SubmitOptions, Submitted, is_unique_violation,
};
use crate::auth::Caller;
use crate::db::requests::{PageFilter, RequestRow};
use crate::db::{self, api_idempotency, api_tokens, audit, requests, write_tx};
pub use crate::domain::format::rfc3339;
use crate::domain::{EmailAddress, Jurisdiction, Kind, State};
use crate::portal::Portal;

/// How long an `Idempotency-Key` remembers its first response.
pub const IDEMPOTENCY_WINDOW: time::Duration = time::Duration::hours(24);
/// Audit events of API reads; they are audited but not shown in the API's own timeline.
pub const READ_EVENT: &str = "api_read";
pub const LIST_EVENT: &str = "api_list";
pub const DENIED_EVENT: &str = "api_denied";

/// A data-subject request. Times are RFC 3339 UTC; `due_at` and `extended_due_at` are the
/// end (23:59:59 UTC) of the legal due day; null until known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = Request)]
pub struct ApiRequest {
    /// UUIDv7.
    #[schema(example = "019ad0a8-5a6e-7c42-9a5b-2f4c0b6c8e11")]
    pub id: String,
    pub kind: ApiKind,
    pub status: ApiState,
    #[schema(example = "ana.lopez@example.com")]
    pub email: String,
    pub jurisdiction: ApiJurisdiction,
    #[schema(required = true)]
    pub ticket_ref: Option<String>,
    #[schema(format = DateTime)]
    pub received_at: String,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    pub verified_at: Option<String>,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    pub due_at: Option<String>,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    pub extended_due_at: Option<String>,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    pub completed_at: Option<String>,
    /// A restriction: when it was lifted (`null` while it is in force).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub lifted_at: Option<String>,
    /// The subject's language: every email to the subject speaks it.
    #[schema(example = "en")]
    pub language: String,
    /// Only on `GET /api/v1/requests/{id}`: the request's audit entries, oldest first
    /// (API reads excepted).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub timeline: Option<Vec<TimelineEntry>>,
}

/// One audit entry of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TimelineEntry {
    #[schema(format = DateTime)]
    pub at: String,
    /// `created`, `verify`, `approve`, `cancel`, `email_sent`, `webhook_delivered`, …
    pub event: String,
    /// `subject`, `system`, `api:<sub>`, `cli:<user>`, `admin:<email>`.
    pub actor: String,
    /// What the entry records (free-form object).
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// One page of requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RequestPage {
    pub data: Vec<ApiRequest>,
    /// Pass as `cursor` for the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// `access` (a copy, Art. 15/20) or `erasure` (Art. 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Kind)]
pub enum ApiKind {
    Access,
    Erasure,
    Rectification,
    Restriction,
    Objection,
}

impl From<ApiKind> for Kind {
    fn from(k: ApiKind) -> Self {
        match k {
            ApiKind::Access => Kind::Access,
            ApiKind::Erasure => Kind::Erasure,
            ApiKind::Rectification => Kind::Rectification,
            ApiKind::Restriction => Kind::Restriction,
            ApiKind::Objection => Kind::Objection,
        }
    }
}

impl From<Kind> for ApiKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Access => ApiKind::Access,
            Kind::Erasure => ApiKind::Erasure,
            Kind::Rectification => ApiKind::Rectification,
            Kind::Restriction => ApiKind::Restriction,
            Kind::Objection => ApiKind::Objection,
        }
    }
}

/// Legal regime of the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Jurisdiction)]
pub enum ApiJurisdiction {
    Gdpr,
    Uk,
    Ccpa,
}

impl From<ApiJurisdiction> for Jurisdiction {
    fn from(j: ApiJurisdiction) -> Self {
        match j {
            ApiJurisdiction::Gdpr => Jurisdiction::Gdpr,
            ApiJurisdiction::Uk => Jurisdiction::Uk,
            ApiJurisdiction::Ccpa => Jurisdiction::Ccpa,
        }
    }
}

impl From<Jurisdiction> for ApiJurisdiction {
    fn from(j: Jurisdiction) -> Self {
        match j {
            Jurisdiction::Gdpr => ApiJurisdiction::Gdpr,
            Jurisdiction::Uk => ApiJurisdiction::Uk,
            Jurisdiction::Ccpa => ApiJurisdiction::Ccpa,
        }
    }
}

/// A state of the request lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Status)]
pub enum ApiState {
    Unverified,
    Verified,
    AwaitingApproval,
    Scheduled,
    Processing,
    Completed,
    Failed,
    Expired,
    Cancelled,
    Rejected,
}

impl From<State> for ApiState {
    fn from(s: State) -> Self {
        match s {
            State::Unverified => ApiState::Unverified,
            State::Verified => ApiState::Verified,
            State::AwaitingApproval => ApiState::AwaitingApproval,
            State::Scheduled => ApiState::Scheduled,
            State::Processing => ApiState::Processing,
            State::Completed => ApiState::Completed,
            State::Failed => ApiState::Failed,
            State::Expired => ApiState::Expired,
            State::Cancelled => ApiState::Cancelled,
            State::Rejected => ApiState::Rejected,
        }
    }
}

impl From<ApiState> for State {
    fn from(s: ApiState) -> Self {
        match s {
            ApiState::Unverified => State::Unverified,
            ApiState::Verified => State::Verified,
            ApiState::AwaitingApproval => State::AwaitingApproval,
            ApiState::Scheduled => State::Scheduled,
            ApiState::Processing => State::Processing,
            ApiState::Completed => State::Completed,
            ApiState::Failed => State::Failed,
            ApiState::Expired => State::Expired,
            ApiState::Cancelled => State::Cancelled,
            ApiState::Rejected => State::Rejected,
        }
    }
}

/// The end of a due day, RFC 3339 UTC.
fn end_of_day(d: Date) -> String {
    rfc3339(PrimitiveDateTime::new(d, time::macros::time!(23:59:59)))
}

impl ApiRequest {
    pub fn from_row(r: &RequestRow) -> Result<Self, ServiceError> {
        let kind = r.kind;
        let jurisdiction = r.jurisdiction;
        Ok(Self {
            id: r.id.clone(),
            kind: kind.into(),
            status: r.state().into(),
            email: r.email.clone(),
            jurisdiction: jurisdiction.into(),
            ticket_ref: r.ticket_ref.clone(),
            received_at: rfc3339(r.received_at),
            verified_at: r.verified_at.map(rfc3339),
            due_at: r.due_on.map(end_of_day),
            extended_due_at: r.extended_due_on.map(end_of_day),
            completed_at: r.completed_at.map(rfc3339),
            lifted_at: r.lifted_at.map(rfc3339),
            language: r.language.clone(),
            timeline: None,
        })
    }
}

/// Why an API use case did not happen (nothing was changed).
#[derive(Debug, thiserror::Error)]
pub enum ApiServiceError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("this Idempotency-Key was already used with a different request body")]
    IdempotencyKeyReused,
}

impl From<diesel::result::Error> for ApiServiceError {
    fn from(e: diesel::result::Error) -> Self {
        ApiServiceError::Service(e.into())
    }
}

/// A validated `POST /api/v1/requests`.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub email: EmailAddress,
    pub kind: Kind,
    pub ticket_ref: Option<String>,
    pub jurisdiction: Option<Jurisdiction>,
    pub received_at: Option<PrimitiveDateTime>,
    pub identity_verified: bool,
    /// `changes`, `ground`, `scope`, `note` (DESIGN §2a, §5).
    pub details: crate::domain::Details,
    /// The subject's language, if the caller named one.
    pub language: Option<crate::i18n::Lang>,
}

/// An `Idempotency-Key` and the fingerprint of the body it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    pub key: String,
    /// SHA-256 of the canonical body: the same JSON in another layout is the same body.
    pub fingerprint: String,
}

impl IdempotencyKey {
    pub fn new(key: &str, canonical_body: &str) -> Self {
        Self {
            key: key.to_owned(),
            fingerprint: hex::encode(Sha256::digest(canonical_body.as_bytes())),
        }
    }
}

/// The answer to a create, possibly replayed from the first call with the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateResponse {
    /// 201 created, 200 an open request of this kind existed for the address.
    pub status: u16,
    /// The JSON body (an [`ApiRequest`]).
    pub body: String,
    pub request_id: String,
    /// Replayed from an earlier call with the same `Idempotency-Key`.
    pub replayed: bool,
}

/// Creates a request (or finds the open one of the same kind for the address, which then
/// gets a fresh link, as on the portal), remembering the response under the
/// idempotency key when one is given: all in one transaction.
pub fn create(
    p: &Portal,
    caller: &Caller,
    new: &NewRequest,
    idem: Option<&IdempotencyKey>,
) -> Result<CreateResponse, ApiServiceError> {
    let details = workflow::check_details(p, new.kind, &new.details)?;
    let mut conn = p.conn().map_err(ServiceError::from)?;
    let submission = Submission {
        email: new.email.clone(),
        kind: new.kind,
        jurisdiction: new.jurisdiction,
        ticket_ref: new.ticket_ref.clone(),
        actor: caller.actor(),
        details,
        language: new
            .language
            .map_or(p.i18n.default_lang(), |l| p.i18n.pick(l.as_str())),
    };
    let opts = SubmitOptions {
        received_at: new.received_at,
        identity_verified: new.identity_verified,
    };
    let attempt = |c: &mut db::DbConn| -> Result<CreateResponse, ApiServiceError> {
        let now = p.now();
        if let Some(k) = idem
            && let Some(stored) =
                api_idempotency::find(c, &caller.sub, &k.key, now - IDEMPOTENCY_WINDOW)?
        {
            if stored.fingerprint != k.fingerprint {
                return Err(ApiServiceError::IdempotencyKeyReused);
            }
            let request_id = serde_json::from_str::<serde_json::Value>(&stored.body)
                .ok()
                .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned))
                .unwrap_or_default();
            return Ok(CreateResponse {
                status: u16::try_from(stored.status).unwrap_or(200),
                body: stored.body,
                request_id,
                replayed: true,
            });
        }
        let (status, id) = match workflow::submit_tx(p, c, &submission, &opts)? {
            Submitted::Created { id } => {
                requests::set_channel(c, &id, "api")?;
                (201u16, id)
            }
            Submitted::Existing { id } => (200u16, id),
        };
        let row = requests::get(c, &id)?.ok_or(ServiceError::NotFound("request"))?;
        let body = serde_json::to_string(&ApiRequest::from_row(&row)?)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        if let Some(k) = idem {
            api_idempotency::store(
                c,
                &caller.sub,
                &k.key,
                &k.fingerprint,
                i32::from(status),
                &body,
                now,
                now - IDEMPOTENCY_WINDOW,
            )?;
        }
        Ok(CreateResponse {
            status,
            body,
            request_id: id,
            replayed: false,
        })
    };
    let result = write_tx(&mut conn, attempt);
    // A concurrent call won a race on a unique index (the same key, or the same open
    // request): the retry sees what it committed.
    let result = match result {
        Err(ApiServiceError::Service(e)) if is_unique_violation(&e) => write_tx(&mut conn, attempt),
        other => other,
    };
    if result.is_ok() {
        p.wake.notify();
    }
    result
}

/// Filters of `GET /api/v1/requests`, validated.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub email: Option<EmailAddress>,
    pub status: Option<State>,
    pub kind: Option<Kind>,
    pub due_before: Option<Date>,
    pub ticket_ref: Option<String>,
    /// Only restrictions in force.
    pub in_force: bool,
    /// The id the page starts below (decoded from the cursor).
    pub after: Option<String>,
    pub limit: u32,
}

/// The opaque cursor for the page after `last_id`.
pub fn encode_cursor(last_id: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{last_id}"))
}

/// The id a cursor points below, or None when it is not one of ours.
pub fn decode_cursor(cursor: &str) -> Option<String> {
    use base64::Engine;
    if cursor.len() > 200 {
        return None;
    }
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    let id = String::from_utf8(raw).ok()?.strip_prefix("v1:")?.to_owned();
    uuid::Uuid::parse_str(&id).ok()?;
    Some(id)
}

/// One page of requests, newest first; the call and the ids it returned are audited.
pub fn list(p: &Portal, caller: &Caller, f: &ListFilter) -> Result<RequestPage, ServiceError> {
    let mut conn = p.conn()?;
    let limit = i64::from(f.limit.clamp(1, 200));
    let pf = PageFilter {
        email: f.email.as_ref().map(|e| e.as_str().to_owned()),
        status: f.status.map(|s| s.as_str().to_owned()),
        kind: f.kind.map(|k| k.as_str().to_owned()),
        due_before: f.due_before,
        ticket_ref: f.ticket_ref.clone(),
        in_force: f.in_force,
        before_id: f.after.clone(),
        limit: limit + 1,
    };
    write_tx(&mut conn, |c| {
        let mut rows = requests::page(c, &pf)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(200));
        let next_cursor = more
            .then(|| rows.last().map(|r| encode_cursor(&r.id)))
            .flatten();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        audit::append(
            c,
            &caller.actor(),
            LIST_EVENT,
            None,
            &json!({
                "filters": {
                    "email": f.email.is_some(),
                    "status": f.status.map(State::as_str),
                    "kind": f.kind.map(Kind::as_str),
                    "due_before": f.due_before.map(|d| d.to_string()),
                    "ticket_ref": f.ticket_ref,
                    "in_force": f.in_force,
                    "cursor": f.after.is_some(),
                },
                "returned": ids,
            }),
        )?;
        let data = rows
            .iter()
            .map(ApiRequest::from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RequestPage { data, next_cursor })
    })
}

/// One request with its timeline; the read is audited.
pub fn get(p: &Portal, caller: &Caller, id: &str) -> Result<ApiRequest, ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let r = requests::get(c, id)?.ok_or(ServiceError::NotFound("request"))?;
        let timeline = audit::for_request_except(c, &r.id, &[READ_EVENT])?
            .into_iter()
            .map(|e| TimelineEntry {
                at: rfc3339(e.at),
                detail: serde_json::from_str(&e.detail)
                    .unwrap_or(serde_json::Value::String(e.detail)),
                event: e.event,
                actor: e.actor,
            })
            .collect();
        audit::append(c, &caller.actor(), READ_EVENT, Some(&r.id), &json!({}))?;
        let mut out = ApiRequest::from_row(&r)?;
        out.timeline = Some(timeline);
        Ok(out)
    })
}

/// Cancels a request (allowed while nothing has started, DESIGN §2).
pub fn cancel(p: &Portal, caller: &Caller, id: &str) -> Result<ApiRequest, ServiceError> {
    let r = workflow::staff_action(
        p,
        id,
        &StaffAction::Cancel { reason: None },
        &caller.actor(),
    )?;
    ApiRequest::from_row(&r)
}

/// Whether a token's `jti` is on the deny list.
pub fn is_revoked(p: &Portal, jti: &str) -> Result<bool, ServiceError> {
    let mut conn = p.conn()?;
    Ok(api_tokens::is_revoked(&mut conn, jti)?)
}

/// Records a call refused for want of a scope (the token itself was valid).
pub fn audit_denied(
    p: &Portal,
    caller: &Caller,
    route: &str,
    needed: &str,
    request_id: Option<&str>,
) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    // Only ids that exist are recorded against a request.
    write_tx(&mut conn, |c| {
        let rid = match request_id {
            Some(id) => requests::get(c, id)?.map(|r| r.id),
            None => None,
        };
        audit::append(
            c,
            &caller.actor(),
            DENIED_EVENT,
            rid.as_deref(),
            &json!({"route": route, "needed": needed}),
        )
        .map(|_| ())
        .map_err(ServiceError::from)
    })
}

/// Forgets idempotency keys older than the window (run by the sweep).
pub fn purge_idempotency(p: &Portal) -> Result<usize, ServiceError> {
    let mut conn = p.conn()?;
    Ok(api_idempotency::purge(
        &mut conn,
        p.now() - IDEMPOTENCY_WINDOW,
    )?)
}

/// `dsr-portal token issue`: mints a token and records its `jti` (never the token).
pub fn issue_token(
    p: &Portal,
    sub: &str,
    scopes: &[crate::auth::Scope],
    ttl: time::Duration,
    actor: &str,
) -> Result<crate::auth::Minted, ServiceError> {
    let now = time::OffsetDateTime::now_utc();
    let minted =
        crate::auth::mint(&p.config.api, sub, scopes, ttl, now).map_err(ServiceError::Invalid)?;
    let utc = |t: time::OffsetDateTime| PrimitiveDateTime::new(t.date(), t.time());
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        api_tokens::record_issued(
            c,
            &minted.jti,
            sub,
            &minted.scope,
            utc(minted.issued_at),
            utc(minted.expires_at),
        )?;
        audit::append(
            c,
            actor,
            "token_issued",
            None,
            &json!({"jti": minted.jti, "sub": sub, "scope": minted.scope, "expires_at": rfc3339(utc(minted.expires_at))}),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(minted)
}

/// `dsr-portal token revoke <jti>`: refuses the token from now on.
pub fn revoke_token(
    p: &Portal,
    jti: &str,
    actor: &str,
) -> Result<api_tokens::Revoked, ServiceError> {
    let jti = jti.trim();
    if jti.is_empty() || jti.chars().count() > 128 || jti.chars().any(char::is_control) {
        return Err(ServiceError::Invalid(
            "a jti has 1-128 printable characters".into(),
        ));
    }
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let outcome = api_tokens::revoke(c, jti, p.now())?;
        if outcome != api_tokens::Revoked::Already {
            audit::append(
                c,
                actor,
                "token_revoked",
                None,
                &json!({"jti": jti, "issued_here": outcome == api_tokens::Revoked::Issued}),
            )?;
        }
        Ok(outcome)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_forgeries_are_refused() {
        let id = "019ad0a8-5a6e-7c42-9a5b-2f4c0b6c8e11";
        assert_eq!(decode_cursor(&encode_cursor(id)).as_deref(), Some(id));
        assert_eq!(decode_cursor("garbage"), None);
        assert_eq!(decode_cursor(&encode_cursor("' OR 1=1 --")), None);
        assert_eq!(decode_cursor(""), None);
    }

    #[test]
    fn due_dates_are_the_end_of_the_day_in_utc() {
        assert_eq!(
            end_of_day(time::macros::date!(2027 - 02 - 28)),
            "2027-02-28T23:59:59Z"
        );
    }

    #[test]
    fn the_fingerprint_is_of_the_canonical_body() {
        let a = IdempotencyKey::new("k", r#"{"email":"a@example.com","kind":"access"}"#);
        let b = IdempotencyKey::new("k", r#"{"email":"b@example.com","kind":"access"}"#);
        assert_ne!(a.fingerprint, b.fingerprint);
    }
}
