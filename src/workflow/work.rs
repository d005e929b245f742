//! The bookkeeping every work job (an export, an erasure) shares: which attempt this is,
//! what failed and where, the request it works on while that is still `processing`, a
//! failed attempt (audited, retried, or after the last the request fails and the DPO is
//! told), and the one way work on a request ends ([`finish`]).

use serde_json::json;

use super::mail::queue_mail;
use super::transition::transition;
use crate::db::requests::{self, RequestRow};
use crate::db::{self, DbConn, audit, write_tx};
use crate::domain::{Action, Kind, State};
use crate::error::ServiceError;
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::stores::StoreError;

/// Why a job did not finish.
#[derive(Debug, Clone)]
pub struct JobError {
    pub message: String,
    /// Retrying can't help (bad payload, missing row).
    pub permanent: bool,
}

impl JobError {
    pub fn retry(e: impl ToString) -> Self {
        Self {
            message: e.to_string(),
            permanent: false,
        }
    }

    pub fn permanent(e: impl ToString) -> Self {
        Self {
            message: e.to_string(),
            permanent: true,
        }
    }
}

/// Which attempt of the job this is.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    pub number: i32,
    pub max: i32,
}

/// What went wrong in a work job (an erasure or an export), and in which store (`-` when
/// in none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub store: String,
    pub message: String,
}

impl Failure {
    pub fn new(store: &str, message: impl ToString) -> Self {
        Self {
            store: store.to_owned(),
            message: message.to_string(),
        }
    }
}

/// A store's failure: the operator's log gets the store's own words, the failure (bound
/// for the audit log, the DPO's email and the request's pages) only their summary.
impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        tracing::warn!(store = %e.store, error = %e.kind, "store failed");
        Self::new(&e.store, e.kind.summary())
    }
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        if matches!(e, ServiceError::Internal(_) | ServiceError::Unavailable(_)) {
            tracing::warn!(error = %e, "the portal failed");
        }
        Self::new("-", e.summary())
    }
}

impl From<db::DbError> for Failure {
    fn from(e: db::DbError) -> Self {
        tracing::warn!(error = %e, "the portal database failed");
        Self::new("-", "the portal database failed (see the operator's log)")
    }
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Self::from(ServiceError::from(e))
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "store {}: {}", self.store, self.message)
    }
}

/// The request a work job (export or erasure) is for, while it is `processing` and of
/// `kind`; None when it was cancelled, is done, or is of the other kind.
pub fn processing_request(
    p: &Portal,
    request_id: &str,
    kind: Kind,
) -> Result<Option<requests::RequestRow>, JobError> {
    let mut conn = p.conn().map_err(JobError::retry)?;
    let Some(r) = requests::get(&mut conn, request_id).map_err(JobError::retry)? else {
        return Err(JobError::permanent(format!(
            "request {request_id} does not exist"
        )));
    };
    Ok((r.state() == State::Processing && r.kind == kind).then_some(r))
}

/// One failed attempt of a work job: audited as `event` and retried by the queue, or after
/// the last attempt the request fails naming the store ([`fail_request`]).
pub fn attempt_failed(
    p: &Portal,
    r: &requests::RequestRow,
    store: &str,
    error: &str,
    attempt: Attempt,
    event: &str,
) -> Result<(), JobError> {
    if attempt.number >= attempt.max {
        return fail_request(p, r, store, error, attempt.number).map_err(JobError::retry);
    }
    let mut conn = p.conn().map_err(JobError::retry)?;
    let detail = json!({"store": store, "error": error, "attempt": attempt.number});
    audit::append(&mut conn, "system", event, Some(&r.id), &detail).map_err(JobError::retry)?;
    Err(JobError::retry(format!("store {store}: {error}")))
}

/// Work on a request failed for good: the request becomes `failed` naming the store (in its
/// timeline), and the DPO is emailed. Shared by the export and the erasure.
pub fn fail_request(
    p: &Portal,
    r: &requests::RequestRow,
    store: &str,
    error: &str,
    attempts: i32,
) -> Result<(), ServiceError> {
    let message = Message::ExportFailed(messages::ExportFailed {
        request_id: r.id.clone(),
        kind: r.kind.as_str().to_owned(),
        store: store.to_owned(),
        error: error.to_owned(),
        attempts,
    });
    let to = p.config.mail.dpo_address.clone();
    finish(
        p,
        &r.id,
        Action::Fail,
        json!({"store": store, "error": error, "attempts": attempts}),
        |_, _| Ok(Some(Mail { to, message })),
    )
}

/// An email to send when work ends.
pub struct Mail {
    pub to: String,
    pub message: Message,
}

/// Ends work on a request, in one transaction: reloads it, and if it is still `processing`
/// (not cancelled meanwhile, not finished by another worker) runs `before` (records, links;
/// it returns the email to send), applies `action` with `detail` and queues the email. A
/// request no longer processing is left alone.
pub fn finish(
    p: &Portal,
    request_id: &str,
    action: Action,
    detail: serde_json::Value,
    before: impl FnOnce(&mut DbConn, &RequestRow) -> Result<Option<Mail>, ServiceError>,
) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    let mut before = Some(before);
    write_tx(&mut conn, |c| -> Result<(), ServiceError> {
        let current = requests::get(c, request_id)?.ok_or(ServiceError::NotFound("request"))?;
        if current.state() != State::Processing {
            return Ok(());
        }
        let mail = match before.take() {
            Some(f) => f(c, &current)?,
            None => None,
        };
        transition(c, &current, action, "system", detail.clone())?;
        if let Some(m) = mail {
            let lang = super::lang_of(p, &current);
            queue_mail(p, c, Some(request_id), &m.to, &m.message, lang)?;
        }
        Ok(())
    })?;
    p.wake.notify();
    Ok(())
}
