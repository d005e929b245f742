//! Moving a request from one state to the next: the checked transition, audited, with the
//! work it starts (an export or erasure job) and the webhook event it raises, all in the
//! caller's transaction.

use crate::db::jobs::{self, Job};
use crate::db::requests::{self, RequestRow};
use crate::db::{self, DbConn, audit};
use crate::domain::format::rfc3339;
use crate::domain::webhook::{Event, STATUS_CHANGED, StatusChange};
use crate::domain::{Action, Kind, State};
use crate::error::ServiceError;

/// Attempts of an export before the request is `failed` (each retried with backoff).
pub const EXPORT_ATTEMPTS: u32 = 5;
/// Attempts of an erasure before the request is `failed`.
pub const ERASE_ATTEMPTS: u32 = 5;
/// Attempts of a rectification, restriction or objection before the request is `failed`.
pub const APPLY_ATTEMPTS: u32 = 5;
/// Attempts of the webhook fan-out job (it only writes rows; deliveries have their own).
const FAN_OUT_ATTEMPTS: i32 = 10;

/// Applies one checked transition: the domain decides, the row moves only from the state
/// it was read in, and the audit log records it in the same transaction.
pub fn transition(
    c: &mut DbConn,
    r: &RequestRow,
    action: Action,
    actor: &str,
    detail: serde_json::Value,
) -> Result<State, ServiceError> {
    let from = r.state();
    let to = action.apply(from)?;
    if !requests::set_status(c, &r.id, from, to)? {
        return Err(ServiceError::Conflict);
    }
    let mut detail = detail;
    if let Some(obj) = detail.as_object_mut() {
        obj.insert("from".into(), from.as_str().into());
        obj.insert("to".into(), to.as_str().into());
    }
    audit::append(c, actor, action.as_str(), Some(&r.id), &detail)?;
    if to == State::Processing {
        // The work commits or rolls back with the transition that starts it.
        enqueue_work(c, r)?;
    }

    status_changed(c, r, from, to, action)?;
    Ok(to)
}

/// Queues the work job of a request in `processing`: its export, its erasure (started, or
/// resumed after a manual store answered), or the change a rectification, restriction or
/// objection makes.
pub fn enqueue_work(c: &mut DbConn, r: &RequestRow) -> Result<(), ServiceError> {
    let request_id = r.id.clone();
    let (job, attempts) = match r.kind {
        Kind::Access => (Job::Export { request_id }, EXPORT_ATTEMPTS),
        Kind::Erasure => (Job::Erase { request_id }, ERASE_ATTEMPTS),
        Kind::Rectification | Kind::Restriction | Kind::Objection => {
            (Job::Apply { request_id }, APPLY_ATTEMPTS)
        }
    };
    jobs::enqueue(c, &job, i32::try_from(attempts).unwrap_or(5))?;
    Ok(())
}

/// Enqueues the event of one status change, on the connection (and so in the transaction)
/// of the change. No subject data beyond the request id and ticket reference leaves here.
pub fn status_changed(
    c: &mut DbConn,
    r: &RequestRow,
    from: State,
    to: State,
    action: Action,
) -> Result<(), ServiceError> {
    let event = Event {
        id: uuid::Uuid::now_v7().to_string(),
        kind: STATUS_CHANGED.into(),
        created_at: rfc3339(db::now()),
        data: StatusChange {
            request_id: r.id.clone(),
            kind: r.kind.as_str().to_owned(),
            jurisdiction: r.jurisdiction.as_str().to_owned(),
            ticket_ref: r.ticket_ref.clone(),
            from: from.as_str().into(),
            to: to.as_str().into(),
            action: action.as_str().into(),
        },
    };
    jobs::enqueue(c, &Job::WebhookEvent { event }, FAN_OUT_ATTEMPTS)?;
    Ok(())
}
