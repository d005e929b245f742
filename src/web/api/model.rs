//! What API callers send: the create body and the list query, validated into the service's
//! inputs at the edge.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use crate::domain::{Details, EmailAddress, Ground, Scope};
use crate::service::api::{
    ApiJurisdiction, ApiKind, ApiState, ListFilter, NewRequest, decode_cursor,
};

/// How far in the past `received_at` may lie.
pub const MAX_RECEIVED_AGE: time::Duration = time::Duration::days(366);
/// Clock difference tolerated for a `received_at` "now" from another machine.
const FUTURE_LEEWAY: time::Duration = time::Duration::seconds(60);
/// Default and largest page size.
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;
const MAX_TICKET_REF: usize = 200;

/// `POST /api/v1/requests`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRequestBody {
    /// The subject's address; a confirmation link goes there unless `identity_verified`.
    #[schema(example = "ana.lopez@example.com", max_length = 254, format = Email)]
    pub email: String,
    pub kind: ApiKind,
    /// Your ticket's reference; stored and searchable (`GET /api/v1/requests?ticket_ref=`).
    #[serde(default)]
    #[schema(max_length = 200, example = "ZD-48213")]
    pub ticket_ref: Option<String>,
    /// Default: `policy.default_jurisdiction`.
    #[serde(default)]
    pub jurisdiction: Option<ApiJurisdiction>,
    /// When the company first received the request through another channel (RFC 3339, not
    /// in the future, at most 366 days ago); the legal clock runs from it. Default: now.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub received_at: Option<String>,
    /// Support has verified the subject already (needs the scope `requests:verify`): no
    /// confirmation email; day one is `received_at`.
    #[serde(default)]
    pub identity_verified: Option<bool>,
    /// The subject's language (`en`, `de`, `fr`, `es`, `it`, `nl`): every email to
    /// the subject speaks it. One the portal doesn't offer (`i18n.languages`) is answered in
    /// `i18n.default`. Default: `i18n.default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "de", max_length = 8)]
    pub language: Option<String>,
    /// `rectification`: the corrected value per field, a field being a column the data map
    /// marks `rectify` (written in every table that marks it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!({"full_name": "Ana López"}))]
    pub changes: Option<std::collections::BTreeMap<String, String>>,
    /// `restriction`: why processing should be restricted (GDPR Art. 18(1)(a)–(d)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<ApiGround>,
    /// `objection`: `direct_marketing` (applied on verification, without approval; under
    /// `ccpa` the opt-out of sale or sharing) or `other` (the grounds in `note`; waits for a
    /// DPO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ApiScope>,
    /// The subject's own words: why a value is wrong, the grounds of an objection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Why processing should be restricted (GDPR Art. 18(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Ground)]
pub enum ApiGround {
    AccuracyContested,
    UnlawfulProcessing,
    LegalClaims,
    ObjectionPending,
}

impl From<ApiGround> for Ground {
    fn from(g: ApiGround) -> Self {
        match g {
            ApiGround::AccuracyContested => Ground::AccuracyContested,
            ApiGround::UnlawfulProcessing => Ground::UnlawfulProcessing,
            ApiGround::LegalClaims => Ground::LegalClaims,
            ApiGround::ObjectionPending => Ground::ObjectionPending,
        }
    }
}

/// What an objection is against (GDPR Art. 21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Scope)]
pub enum ApiScope {
    DirectMarketing,
    Other,
}

impl From<ApiScope> for Scope {
    fn from(s: ApiScope) -> Self {
        match s {
            ApiScope::DirectMarketing => Scope::DirectMarketing,
            ApiScope::Other => Scope::Other,
        }
    }
}

fn printable(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

fn utc_micros(t: OffsetDateTime) -> PrimitiveDateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    let t = t.replace_microsecond(t.microsecond()).unwrap_or(t);
    PrimitiveDateTime::new(t.date(), t.time())
}

impl CreateRequestBody {
    /// Whether the caller asks to skip the email confirmation.
    pub fn identity_verified(&self) -> bool {
        self.identity_verified == Some(true)
    }

    /// The canonical form the `Idempotency-Key` fingerprint is taken of.
    pub fn canonical(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn validate(&self, now: OffsetDateTime) -> Result<NewRequest, ApiError> {
        let email = EmailAddress::parse(&self.email)
            .map_err(|e| ApiError::validation(format!("email: {e}")))?;
        let ticket_ref = match &self.ticket_ref {
            None => None,
            Some(t) => {
                let t = t.trim();
                if t.is_empty() || t.chars().count() > MAX_TICKET_REF || !printable(t) {
                    return Err(ApiError::validation(
                        "ticket_ref must be 1-200 printable characters",
                    ));
                }
                Some(t.to_owned())
            }
        };
        let received_at = match &self.received_at {
            None => None,
            Some(raw) => {
                let t = OffsetDateTime::parse(raw, &Rfc3339).map_err(|_| {
                    ApiError::validation(
                        "received_at must be an RFC 3339 time, e.g. 2026-11-29T10:00:00Z",
                    )
                })?;
                if t > now + FUTURE_LEEWAY {
                    return Err(ApiError::validation("received_at is in the future"));
                }
                if t < now - MAX_RECEIVED_AGE {
                    return Err(ApiError::validation(
                        "received_at is more than 366 days ago",
                    ));
                }
                Some(utc_micros(t.min(now)))
            }
        };
        let language = match &self.language {
            None => None,
            Some(code) => Some(
                crate::i18n::Lang::parse(code)
                    .filter(|l| l.as_str() == code.to_ascii_lowercase())
                    .ok_or_else(|| {
                        ApiError::validation("language must be one of en, de, fr, es, it, nl")
                    })?,
            ),
        };
        Ok(NewRequest {
            email,
            language,
            kind: self.kind.into(),
            ticket_ref,
            jurisdiction: self.jurisdiction.map(Into::into),
            received_at,
            identity_verified: self.identity_verified(),
            details: Details {
                changes: self.changes.clone().unwrap_or_default(),
                ground: self.ground.map(Into::into),
                scope: self.scope.map(Into::into),
                note: self.note.clone(),
            },
        })
    }
}

/// `GET /api/v1/requests` query.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The subject's exact address (case-insensitive); empty: no filter.
    pub email: Option<String>,
    pub status: Option<ApiState>,
    pub kind: Option<ApiKind>,
    /// `YYYY-MM-DD`: requests whose due date (the extended one once granted) is before this day.
    #[param(format = Date)]
    pub due_before: Option<String>,
    /// Your ticket's reference, exactly; empty: no filter.
    pub ticket_ref: Option<String>,
    /// `true`: only restrictions in force (completed, not lifted).
    pub in_force: Option<bool>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
}

/// An empty query value (`?email=`) is no filter.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

impl ListQuery {
    pub fn validate(&self) -> Result<ListFilter, ApiError> {
        let email = match given(&self.email) {
            None => None,
            Some(e) => Some(
                EmailAddress::parse(e).map_err(|e| ApiError::bad_request(format!("email: {e}")))?,
            ),
        };
        let due_before = match &self.due_before {
            None => None,
            Some(d) => Some(
                time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]"))
                    .map_err(|_| ApiError::bad_request("due_before must be a YYYY-MM-DD date"))?,
            ),
        };
        let after = match given(&self.cursor) {
            None => None,
            Some(c) => Some(decode_cursor(c).ok_or_else(|| {
                ApiError::new(
                    actix_web::http::StatusCode::BAD_REQUEST,
                    super::error::ErrorCode::InvalidCursor,
                    "cursor is not one this API returned",
                )
            })?),
        };
        let ticket_ref = given(&self.ticket_ref);
        if let Some(t) = ticket_ref
            && (t.chars().count() > MAX_TICKET_REF || !printable(t))
        {
            return Err(ApiError::bad_request(
                "ticket_ref must be at most 200 printable characters",
            ));
        }
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::bad_request("limit must be between 1 and 200"));
        }
        Ok(ListFilter {
            email,
            status: self.status.map(Into::into),
            kind: self.kind.map(Into::into),
            due_before,
            ticket_ref: ticket_ref.map(str::to_owned),
            in_force: self.in_force == Some(true),
            after,
            limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(received_at: Option<&str>) -> CreateRequestBody {
        CreateRequestBody {
            email: "Ana@Example.com".into(),
            kind: ApiKind::Access,
            ticket_ref: Some(" ZD-1 ".into()),
            jurisdiction: None,
            received_at: received_at.map(str::to_owned),
            identity_verified: None,
            changes: None,
            ground: None,
            scope: None,
            note: None,
            language: None,
        }
    }

    #[test]
    fn received_at_is_checked_and_normalized_to_utc() {
        let now = time::macros::datetime!(2026-11-29 12:00 UTC);
        let ok = body(Some("2026-11-28T10:00:00+02:00"))
            .validate(now)
            .unwrap();
        assert_eq!(
            ok.received_at,
            Some(time::macros::datetime!(2026-11-28 8:00))
        );
        assert_eq!(ok.email.as_str(), "ana@example.com");
        assert_eq!(ok.ticket_ref.as_deref(), Some("ZD-1"));
        for bad in [
            "2026-11-30T00:00:00Z",
            "2025-01-01T00:00:00Z",
            "yesterday",
            "2026-11-28",
        ] {
            assert_eq!(
                body(Some(bad)).validate(now).unwrap_err().status,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                "{bad}"
            );
        }
    }
}
