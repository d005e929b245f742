//! The request workflow: submit, verify, look up, cancel, and the staff actions.

use serde_json::json;
use time::{Date, PrimitiveDateTime};

use super::{Gone, ServiceError};
use crate::config::Brand;
use crate::datamap::DataMap;
use crate::db::requests::{NewRequest, RequestRow};
use crate::db::{DbConn, audit, intake, requests, tokens, write_tx};
use crate::domain::format::{fmt_time, long_date, long_time};
use crate::domain::request::{after_approval, after_verification};
use crate::domain::token::{self, Purpose};
use crate::domain::{Action, Details, EmailAddress, Jurisdiction, Kind, State, deadline};
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::workflow::{queue_mail, transition};

/// A new request, as the portal form or the API gives it.
#[derive(Debug, Clone)]
pub struct Submission {
    pub email: EmailAddress,
    pub kind: Kind,
    pub jurisdiction: Option<Jurisdiction>,
    pub ticket_ref: Option<String>,
    pub actor: String,
    /// What a rectification, restriction or objection carries (checked by
    /// [`check_details`] before it is stored).
    pub details: Details,
}

/// What submitting did. The portal shows the same page for both, so nobody learns whether
/// an address already had a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    Created {
        id: String,
    },
    /// An open request of the same kind existed: a fresh link to it was sent instead.
    Existing {
        id: String,
    },
}

/// How a submission that did not come through the portal form differs (the support API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmitOptions {
    /// When the company first received the request through another channel (not in the
    /// future); the legal clock runs from it. Default: now.
    pub received_at: Option<PrimitiveDateTime>,
    /// Support already verified the subject's identity: no confirmation email, day one is
    /// `received_at`, audited as such.
    pub identity_verified: bool,
}

/// Checks what a request of `kind` carries (DESIGN §2a): the fields its kind needs, only
/// fields the map marks `rectify`, and each corrected value against the type of every
/// column it would be written to (stores that can't be reached now are checked again when
/// the change is applied). Returns the details as they are kept.
pub fn check_details(p: &Portal, kind: Kind, details: &Details) -> Result<Details, ServiceError> {
    let invalid = |e: crate::domain::rights::DetailsError| ServiceError::Invalid(e.0);
    if kind != Kind::Rectification {
        return details.clone().checked(kind, &|_| false).map_err(invalid);
    }
    let map = DataMap::from_config(&p.config)
        .map_err(|e| ServiceError::Internal(format!("data map: {e}")))?;
    let d = details
        .clone()
        .checked(kind, &|f| map.field_label(f).is_some())
        .map_err(invalid)?;
    let opened: Vec<Box<dyn crate::stores::Store>> = map
        .store
        .iter()
        .filter_map(|s| crate::stores::open(s).ok())
        .collect();
    for (field, value) in &d.changes {
        for store in &opened {
            match store.refuses(field, value) {
                Ok(Some(expected)) => {
                    let label = map.field_label(field).unwrap_or_else(|| field.clone());
                    return Err(ServiceError::Invalid(format!(
                        "{label}: the corrected value must be {expected}"
                    )));
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::info!(store = %e.store, error = %e.kind, "a corrected value is checked when it is applied")
                }
            }
        }
    }
    Ok(d)
}

pub fn submit(p: &Portal, s: &Submission) -> Result<Submitted, ServiceError> {
    let details = check_details(p, s.kind, &s.details)?;
    let s = &Submission {
        details,
        ..s.clone()
    };
    let mut conn = p.conn()?;
    let opts = SubmitOptions::default();
    // Most posts come from an address with no open request of the kind: the request, its
    // link, mail and audit entry are written at once (one statement on PostgreSQL, no
    // read first: the index of open requests refuses a duplicate).
    let fresh = Fresh::prepare(p, s, &opts, p.now())?;
    if intake::create_alone(&mut conn, &fresh.intake(p, s))? {
        p.wake.notify();
        return Ok(Submitted::Created { id: fresh.id });
    }
    // The address has an open request: its link is sent again.
    let result = write_tx(&mut conn, |c| submit_tx(p, c, s, &opts));
    // Two concurrent submissions for one address: the unique index refuses the second
    // insert, and the retry finds the first request.
    let result = match result {
        Err(e) if is_unique_violation(&e) => write_tx(&mut conn, |c| submit_tx(p, c, s, &opts)),
        other => other,
    };
    if result.is_ok() {
        p.wake.notify();
    }
    result
}

/// Whether a failed transaction lost a race on a unique index (then a retry sees the winner).
pub fn is_unique_violation(e: &ServiceError) -> bool {
    e.is_unique_violation()
}

/// Submits inside the caller's write transaction.
pub fn submit_tx(
    p: &Portal,
    c: &mut DbConn,
    s: &Submission,
    opts: &SubmitOptions,
) -> Result<Submitted, ServiceError> {
    let now = p.now();
    let ttl = time::Duration::hours(i64::from(p.config.policy.verification_ttl_hours));
    if let Some(existing) = requests::find_open(c, s.email.as_str(), s.kind.as_str())? {
        resend_link(p, c, &existing, now + ttl, &s.actor)?;
        return Ok(Submitted::Existing { id: existing.id });
    }
    let fresh = Fresh::prepare(p, s, opts, now)?;
    if opts.identity_verified {
        requests::insert(c, &fresh.request(s))?;
        audit::append(c, &s.actor, "created", Some(&fresh.id), &fresh.detail)?;
        let r = requests::get(c, &fresh.id)?.ok_or(ServiceError::NotFound("request"))?;
        confirm_identity(p, c, &r, &s.actor, fresh.received_at, "verified_by_support")?;
    } else if !intake::create(c, &fresh.intake(p, s))? {
        // An open request committed since `find_open` looked: the caller retries, as for
        // any lost race on the index of open requests.
        return Err(ServiceError::from(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            Box::new("an open request of this kind appeared meanwhile".to_owned()),
        )));
    }
    Ok(Submitted::Created { id: fresh.id })
}

/// What a new request writes, prepared before any statement runs: its id, the verification
/// link (minted) and its mail (rendered), the `created` audit entry's detail.
struct Fresh {
    id: String,
    jurisdiction: Jurisdiction,
    received_at: PrimitiveDateTime,
    verify_by: PrimitiveDateTime,
    now: PrimitiveDateTime,
    details: Option<String>,
    detail: serde_json::Value,
    link: token::Minted,
    outbox_id: String,
    message: &'static str,
    mail: crate::mail::Rendered,
}

impl Fresh {
    fn prepare(
        p: &Portal,
        s: &Submission,
        opts: &SubmitOptions,
        now: PrimitiveDateTime,
    ) -> Result<Self, ServiceError> {
        let ttl = time::Duration::hours(i64::from(p.config.policy.verification_ttl_hours));
        let id = uuid::Uuid::now_v7().to_string();
        let jurisdiction = s.jurisdiction.unwrap_or(p.jurisdiction);
        let received_at = opts.received_at.filter(|r| *r < now).unwrap_or(now);
        let verify_by = if opts.identity_verified {
            now
        } else {
            now + ttl
        };
        let mut detail = json!({"kind": s.kind.as_str(), "jurisdiction": jurisdiction.as_str(), "ticket_ref": s.ticket_ref});
        if let Some(g) = s.details.ground {
            detail["ground"] = json!(g.as_str());
        }
        if let Some(scope) = s.details.scope {
            detail["scope"] = json!(scope.as_str());
        }
        if !s.details.changes.is_empty() {
            // The fields only: the values are the subject's data, kept with the request.
            detail["fields"] = json!(s.details.changes.keys().collect::<Vec<_>>());
        }
        if opts.received_at.is_some() {
            detail["received_at"] = json!(fmt_time(received_at));
        }
        if opts.identity_verified {
            detail["identity_verified"] = json!(true);
        }
        let link = token::mint()?;
        let m = verification(p, s.kind, &link.plain, verify_by, false, false);
        let mail = m.render(&Brand::of(&p.config.portal))?;
        Ok(Self {
            id,
            jurisdiction,
            received_at,
            verify_by,
            now,
            details: s.details.to_json(),
            detail,
            link,
            outbox_id: uuid::Uuid::now_v7().to_string(),
            message: m.name(),
            mail,
        })
    }

    fn request<'a>(&'a self, s: &'a Submission) -> NewRequest<'a> {
        NewRequest {
            id: &self.id,
            kind: s.kind.as_str(),
            status: State::Unverified.as_str(),
            email: s.email.as_str(),
            jurisdiction: self.jurisdiction.as_str(),
            ticket_ref: s.ticket_ref.as_deref(),
            received_at: self.received_at,
            verify_by: self.verify_by,
            updated_at: self.now,
            details: self.details.as_deref(),
        }
    }

    fn intake<'a>(&'a self, p: &Portal, s: &'a Submission) -> intake::Intake<'a> {
        intake::Intake {
            request: self.request(s),
            link: &self.link,
            token_purpose: Purpose::Verify,
            token_expires: self.verify_by,
            outbox_id: &self.outbox_id,
            message: self.message,
            mail: &self.mail,
            max_attempts: p.config.jobs.max_attempts,
            actor: &s.actor,
            audit_detail: &self.detail,
        }
    }
}

/// A second submission: an unconfirmed request gets a fresh verification link (and a new
/// window); a confirmed one gets a fresh status link.
fn resend_link(
    p: &Portal,
    c: &mut DbConn,
    r: &RequestRow,
    verify_by: PrimitiveDateTime,
    actor: &str,
) -> Result<(), ServiceError> {
    let kind = r.kind;
    if r.state() == State::Unverified {
        requests::extend_verification(c, &r.id, verify_by)?;
        send_verification(p, c, &r.id, kind, &r.email, verify_by, true, false)?;
    } else {
        let status = mint_status_token(c, &r.id)?;
        let m = Message::Existing(messages::Confirmed {
            kind: kind.describe().into(),
            status_link: p.link(&format!("/status/{status}")),
            due: r.effective_due().map(long_date).unwrap_or_default(),
            late: r.days_left(p.today()).is_some_and(|n| n < 0),
            state: r.status.as_str().to_owned(),
        });
        queue_mail(p, c, Some(&r.id), &r.email, &m)?;
    }
    audit::append(
        c,
        actor,
        "link_resent",
        Some(&r.id),
        &json!({"status": r.status.as_str()}),
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn send_verification(
    p: &Portal,
    c: &mut DbConn,
    id: &str,
    kind: Kind,
    email: &str,
    expires: PrimitiveDateTime,
    again: bool,
    reminder: bool,
) -> Result<(), ServiceError> {
    let minted = token::mint()?;
    tokens::insert(c, &minted, id, Purpose::Verify, Some(expires))?;
    let m = verification(p, kind, &minted.plain, expires, again, reminder);
    queue_mail(p, c, Some(id), email, &m)
}

/// The mail with a verification link (a first one, again, or the reminder).
fn verification(
    p: &Portal,
    kind: Kind,
    plain: &str,
    expires: PrimitiveDateTime,
    again: bool,
    reminder: bool,
) -> Message {
    let v = messages::Verify {
        kind: kind.describe().into(),
        link: p.link(&format!("/verify/{plain}")),
        expires: long_time(expires),
        again,
    };
    if reminder {
        Message::Reminder(v)
    } else {
        Message::Verify(v)
    }
}

fn mint_status_token(c: &mut DbConn, id: &str) -> Result<String, ServiceError> {
    let minted = token::mint()?;
    tokens::insert(c, &minted, id, Purpose::Status, None)?;
    Ok(minted.plain)
}

/// Finds a live token of this purpose; says why when it is not.
pub(crate) fn live_token(
    c: &mut DbConn,
    plain: &str,
    purpose: Purpose,
    now: PrimitiveDateTime,
) -> Result<tokens::TokenRow, ServiceError> {
    if !token::looks_valid(plain) {
        return Err(ServiceError::NotFound("link"));
    }
    let t = tokens::find(c, &token::hash(plain), purpose)?.ok_or(ServiceError::NotFound("link"))?;
    still_live(t, now)
}

fn still_live(
    t: tokens::TokenRow,
    now: PrimitiveDateTime,
) -> Result<tokens::TokenRow, ServiceError> {
    if t.used_at.is_some() {
        return Err(ServiceError::Gone(Gone::Used));
    }
    if t.expires_at.is_some_and(|e| e < now) {
        return Err(ServiceError::Gone(Gone::Expired));
    }
    Ok(t)
}

/// As [`live_token`], with the token's request (one query).
fn live_request(
    c: &mut DbConn,
    plain: &str,
    purpose: Purpose,
    now: PrimitiveDateTime,
) -> Result<RequestRow, ServiceError> {
    if !token::looks_valid(plain) {
        return Err(ServiceError::NotFound("link"));
    }
    let (t, r) = tokens::find_with_request(c, &token::hash(plain), purpose)?
        .ok_or(ServiceError::NotFound("link"))?;
    still_live(t, now)?;
    Ok(r)
}

/// What the confirm page shows before the subject presses the button. Reading changes nothing
/// (mail scanners prefetch links).
pub fn peek_verification(p: &Portal, plain: &str) -> Result<RequestRow, ServiceError> {
    let mut conn = p.conn()?;
    let r = live_request(&mut conn, plain, Purpose::Verify, p.now())?;
    match r.state() {
        State::Unverified => Ok(r),
        State::Expired => Err(ServiceError::Gone(Gone::Expired)),
        s if s.is_open() => Err(ServiceError::Gone(Gone::AlreadyConfirmed)),
        _ => Err(ServiceError::Gone(Gone::Closed)),
    }
}

/// The subject confirmed: the clock starts, the request moves on, a status link is mailed.
/// Returns the request and its new status token (for the redirect).
pub fn verify(p: &Portal, plain: &str) -> Result<(RequestRow, String), ServiceError> {
    let mut conn = p.conn()?;
    let out = write_tx(&mut conn, |c| {
        let t = live_token(c, plain, Purpose::Verify, p.now())?;
        let r = requests::get(c, &t.request_id)?.ok_or(ServiceError::NotFound("request"))?;
        match r.state() {
            State::Unverified => {}
            State::Expired => return Err(ServiceError::Gone(Gone::Expired)),
            s if s.is_open() => return Err(ServiceError::Gone(Gone::AlreadyConfirmed)),
            _ => return Err(ServiceError::Gone(Gone::Closed)),
        }
        if r.verify_by < p.now() {
            return Err(ServiceError::Gone(Gone::Expired));
        }
        if !tokens::mark_used(c, &t.token_hash)? {
            return Err(ServiceError::Gone(Gone::Used));
        }
        let status = confirm_identity(p, c, &r, "subject", p.now(), "")?;
        let r = requests::get(c, &r.id)?.ok_or(ServiceError::NotFound("request"))?;
        Ok((r, status))
    })?;
    p.wake.notify();
    Ok(out)
}

/// Identity is confirmed (by the subject's link, or by support through the API): the clock
/// starts on `day_one`'s date, the request moves on, a status link is mailed. Returns the
/// status token. `how` is recorded in the audit entry when not empty.
fn confirm_identity(
    p: &Portal,
    c: &mut DbConn,
    r: &RequestRow,
    actor: &str,
    day_one: PrimitiveDateTime,
    how: &str,
) -> Result<String, ServiceError> {
    let now = p.now();
    let kind = r.kind;
    let due = deadlines(p, r, Some(day_one.date()))?.due;
    let mut detail = json!({"due": due.to_string()});
    if !how.is_empty() {
        detail["identity"] = json!(how);
    }
    transition(c, r, Action::Verify, actor, detail)?;
    requests::set_verified(c, &r.id, now, due)?;
    let next = after_verification(
        kind,
        r.details()
            .needs_approval(kind, p.config.needs_approval(kind)),
        p.config.policy.erasure_wait_days,
    );
    let r = requests::get(c, &r.id)?.ok_or(ServiceError::NotFound("request"))?;
    let to = transition(c, &r, next, "system", json!({}))?;
    schedule(p, c, &r.id, to)?;
    let status = mint_status_token(c, &r.id)?;
    let m = Message::Confirmed(messages::Confirmed {
        kind: kind.describe().into(),
        status_link: p.link(&format!("/status/{status}")),
        due: long_date(due),
        late: false,
        state: String::new(),
    });
    queue_mail(p, c, Some(&r.id), &r.email, &m)?;
    Ok(status)
}

/// The legal deadlines of a request (verification date given, or the stored one).
pub fn deadlines(
    p: &Portal,
    r: &RequestRow,
    verified: Option<Date>,
) -> Result<deadline::Deadlines, ServiceError> {
    let j = r.jurisdiction;
    let verified = verified.or(r.verified_at.map(|v| v.date()));
    deadline::compute_for(r.kind, j, r.received_at.date(), verified, &[], &p.calendar)
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

/// What the subject's status page shows.
#[derive(Debug, Clone)]
pub struct StatusView {
    pub request: RequestRow,
    /// Per store, once work on the request has begun.
    pub progress: Vec<crate::db::exports::ProgressRow>,
    /// A completed access request's archive: until when its download link works, and
    /// whether it is already deleted.
    pub archive: Option<ArchiveView>,
}

#[derive(Debug, Clone, Copy)]
pub struct ArchiveView {
    pub expires_at: PrimitiveDateTime,
    pub deleted: bool,
}

/// The subject's status page: the request behind a status link and, once work on it has
/// begun, its progress per store (and a completed export's archive). One connection.
pub fn status_view(p: &Portal, plain: &str) -> Result<StatusView, ServiceError> {
    status_view_at(p, plain, p.now())
}

/// [`status_view`] as of `now`: a link whose request closed more than
/// `policy.status_link_days_after_close` days before is gone (410).
pub fn status_view_at(
    p: &Portal,
    plain: &str,
    now: PrimitiveDateTime,
) -> Result<StatusView, ServiceError> {
    let mut conn = p.conn()?;
    if !token::looks_valid(plain) {
        return Err(ServiceError::NotFound("link"));
    }
    // One query for the whole page, whatever the request's state.
    let rows = tokens::find_status(&mut conn, &token::hash(plain))?
        .ok_or(ServiceError::NotFound("link"))?;
    drop(conn);
    still_live(rows.token, now)?;
    let r = link_open(p, rows.request, now)?;
    let worked_on = matches!(
        r.state(),
        State::Processing | State::Completed | State::Failed
    );
    let progress = if worked_on { rows.progress } else { Vec::new() };
    let archive = rows
        .archive
        .filter(|_| r.state() == State::Completed && r.kind == Kind::Access)
        .map(|e| ArchiveView {
            expires_at: e.expires_at,
            deleted: e.deleted_at.is_some() || e.expires_at <= now,
        });
    Ok(StatusView {
        request: r,
        progress,
        archive,
    })
}

/// The request behind a status link that still opens at `now`.
fn live_status(
    p: &Portal,
    c: &mut DbConn,
    plain: &str,
    now: PrimitiveDateTime,
) -> Result<RequestRow, ServiceError> {
    link_open(p, live_request(c, plain, Purpose::Status, now)?, now)
}

/// `r` when its status link still opens at `now`: while it is open, and for
/// `policy.status_link_days_after_close` days after it closed.
fn link_open(
    p: &Portal,
    r: RequestRow,
    now: PrimitiveDateTime,
) -> Result<RequestRow, ServiceError> {
    let closed_at = (!r.state().is_open()).then(|| r.completed_at.unwrap_or(r.updated_at));
    if token::status_link_live(closed_at, now, p.config.policy.status_link_days_after_close) {
        Ok(r)
    } else {
        Err(ServiceError::Gone(Gone::Expired))
    }
}

/// The subject cancels from their status page.
pub fn cancel_by_subject(p: &Portal, plain: &str) -> Result<RequestRow, ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let r = live_status(p, c, plain, p.now())?;
        transition(c, &r, Action::Cancel, "subject", json!({}))?;
        requests::get(c, &r.id)?.ok_or(ServiceError::NotFound("request"))
    })
}

/// What staff (a DPO, an operator at the CLI) can do to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffAction {
    Approve,
    Reject {
        reason: String,
    },
    Cancel {
        reason: Option<String>,
    },
    Retry,
    /// The one extension of the deadline, mailed to the subject.
    Extend {
        reason: String,
    },
    /// Stop the clock while waiting for a clarification (UK only).
    Pause {
        reason: String,
    },
    Resume,
    /// Lift a restriction in force (Art. 18(3)): the subject is emailed first.
    Lift {
        reason: String,
    },
}

impl StaffAction {
    pub fn name(&self) -> &'static str {
        match self {
            StaffAction::Approve => "approve",
            StaffAction::Reject { .. } => "reject",
            StaffAction::Cancel { .. } => "cancel",
            StaffAction::Retry => "retry",
            StaffAction::Extend { .. } => "extend",
            StaffAction::Pause { .. } => "pause",
            StaffAction::Resume => "resume",
            StaffAction::Lift { .. } => "lift",
        }
    }
}

pub fn staff_action(
    p: &Portal,
    id: &str,
    action: &StaffAction,
    actor: &str,
) -> Result<RequestRow, ServiceError> {
    let mut conn = p.conn()?;
    let out = write_tx(&mut conn, |c| {
        let r = requests::get(c, id)?.ok_or(ServiceError::NotFound("request"))?;
        let kind = r.kind;
        match action {
            StaffAction::Approve if r.state() == State::Scheduled => {
                // Starting a scheduled erasure before its wait ends.
                transition(c, &r, Action::Start, actor, json!({"action": "start_now"}))?;
            }
            StaffAction::Approve => {
                let next = match after_approval(kind, p.config.policy.erasure_wait_days) {
                    Action::Start => Action::Approve,
                    other => other,
                };
                let to = transition(c, &r, next, actor, json!({"action": "approve"}))?;
                schedule(p, c, &r.id, to)?;
            }
            StaffAction::Reject { reason } => {
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(ServiceError::Invalid("a rejection needs a reason".into()));
                }
                transition(c, &r, Action::Reject, actor, json!({"reason": reason}))?;
                requests::set_closed_reason(c, &r.id, reason)?;
                let m = Message::Rejected(messages::Rejected {
                    kind: kind.describe().into(),
                    reason: reason.into(),
                    complaints: p.config.art15.complaints.clone(),
                    portal_link: p.link("/"),
                });
                queue_mail(p, c, Some(&r.id), &r.email, &m)?;
            }
            StaffAction::Cancel { reason } => {
                transition(c, &r, Action::Cancel, actor, json!({"reason": reason}))?;
                if let Some(reason) = reason {
                    requests::set_closed_reason(c, &r.id, reason)?;
                }
            }
            StaffAction::Retry => {
                transition(c, &r, Action::Retry, actor, json!({}))?;
            }
            StaffAction::Extend { reason } => {
                super::clock::extend(p, c, &r, kind, reason, actor, p.today())?;
            }
            StaffAction::Pause { reason } => {
                super::clock::pause(c, &r, reason, actor, p.today())?;
            }
            StaffAction::Resume => super::clock::resume(p, c, &r, actor, p.today())?,
            StaffAction::Lift { reason } => lift(p, c, &r, reason, actor)?,
        }
        requests::get(c, id)?.ok_or(ServiceError::NotFound("request"))
    })?;
    p.wake.notify();
    Ok(out)
}

/// Starts lifting a restriction in force: records it with the reason, emails the subject
/// (Art. 18(3)), and queues the job that resets the flags once that email has gone.
fn lift(
    p: &Portal,
    c: &mut DbConn,
    r: &RequestRow,
    reason: &str,
    actor: &str,
) -> Result<(), ServiceError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::Invalid(
            "lifting a restriction needs a reason (the subject is told it)".into(),
        ));
    }
    if !r.restriction_in_force() {
        return Err(ServiceError::Invalid(
            "only a completed restriction that is still in force can be lifted".into(),
        ));
    }
    if !requests::set_lifted(c, &r.id, reason)? {
        return Err(ServiceError::Conflict);
    }
    let status = mint_status_token(c, &r.id)?;
    let m = Message::Lifting(messages::Lifting {
        reason: reason.to_owned(),
        status_link: p.link(&format!("/status/{status}")),
        complaints: p.config.art15.complaints.clone(),
    });
    queue_mail(p, c, Some(&r.id), &r.email, &m)?;
    crate::db::jobs::enqueue(
        c,
        &crate::db::jobs::Job::Lift {
            request_id: r.id.clone(),
        },
        LIFT_ATTEMPTS,
    )?;
    audit::append(c, actor, "lift", Some(&r.id), &json!({"reason": reason}))?;
    Ok(())
}

/// Attempts of the lift job: it waits (with backoff) for the subject's notice to be sent.
const LIFT_ATTEMPTS: i32 = 25;

/// A request that entered `scheduled` runs once `policy.erasure_wait_days` have passed
/// (the worker's sweep starts it; the subject can cancel until then).
fn schedule(p: &Portal, c: &mut DbConn, id: &str, to: State) -> Result<(), ServiceError> {
    if to == State::Scheduled {
        let wait = time::Duration::days(i64::from(p.config.policy.erasure_wait_days));
        requests::set_run_after(c, id, p.now() + wait)?;
    }
    Ok(())
}

/// Sends the one reminder for an unconfirmed request, with a fresh link valid until the
/// request's own expiry.
pub fn remind(p: &Portal, c: &mut DbConn, r: &RequestRow) -> Result<bool, ServiceError> {
    if !requests::mark_reminded(c, &r.id)? {
        return Ok(false);
    }
    let kind = r.kind;
    send_verification(p, c, &r.id, kind, &r.email, r.verify_by, false, true)?;
    audit::append(c, "system", "reminded", Some(&r.id), &json!({}))?;
    Ok(true)
}
