//! Staff actions on the legal clock (DESIGN §2): the one extension, with a reason, mailed to
//! the subject before the original due date; UK pauses while the DPO waits for a
//! clarification, each pushing the due date back. Each runs inside `staff_action`'s
//! transaction and is audited there.

use serde_json::json;
use time::Date;

use super::ServiceError;
use crate::db::requests::RequestRow;
use crate::db::{DbConn, audit, pauses, requests};
use crate::domain::Kind;
use crate::domain::deadline::{self, Deadlines, Jurisdiction};
use crate::domain::format::fmt_date;
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::workflow::queue_mail;

fn jurisdiction(r: &RequestRow) -> Result<Jurisdiction, ServiceError> {
    Ok(r.jurisdiction)
}

fn reason_of(reason: &str, what: &str) -> Result<String, ServiceError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::Invalid(format!("{what} needs a reason")));
    }
    Ok(reason.chars().take(2_000).collect())
}

fn running(r: &RequestRow, what: &str) -> Result<(), ServiceError> {
    if r.state().clock_running() && r.due_on.is_some() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(format!(
            "cannot {what} a request that is {}: its clock does not run",
            r.status
        )))
    }
}

/// The deadlines of a request with its closed pauses.
fn deadlines_with_pauses(
    p: &Portal,
    c: &mut DbConn,
    r: &RequestRow,
) -> Result<Deadlines, ServiceError> {
    let rows = pauses::of_request(c, &r.id)?;
    let intervals = pauses::closed_intervals(&rows);
    let j = jurisdiction(r)?;
    let pauses = if j.allows_pause() {
        intervals
    } else {
        Vec::new()
    };
    deadline::compute_for(
        r.kind,
        j,
        r.received_at.date(),
        r.verified_at.map(|v| v.date()),
        &pauses,
        &p.calendar,
    )
    .map_err(|e| ServiceError::Internal(e.to_string()))
}

/// The one extension: refused when granted already or after the original due date.
pub fn extend(
    p: &Portal,
    c: &mut DbConn,
    r: &RequestRow,
    kind: Kind,
    reason: &str,
    actor: &str,
    today: Date,
) -> Result<(), ServiceError> {
    let reason = reason_of(reason, "an extension")?;
    running(r, "extend")?;
    if r.extended_due_on.is_some() {
        return Err(ServiceError::Invalid(
            "this request was extended already; the law allows one extension".into(),
        ));
    }
    let due = r.due_on.ok_or(ServiceError::Conflict)?;
    if today > due {
        return Err(ServiceError::Invalid(format!(
            "the original due date {due} has passed: an extension must reach the subject before it"
        )));
    }
    let d = deadlines_with_pauses(p, c, r)?;
    if !d.extendable() {
        return Err(ServiceError::Invalid(
            "the law allows no extension of a CCPA opt-out of sale or sharing (15 business days)"
                .into(),
        ));
    }
    let extended = d.extended_due;
    if !requests::set_extension(c, &r.id, extended, &reason)? {
        return Err(ServiceError::Conflict);
    }
    let j = jurisdiction(r)?;
    let lang = crate::workflow::lang_of(p, r);
    let t = p.i18n.texts(lang);
    let m = Message::Extended(messages::Extended {
        kind: kind.as_str().into(),
        reason: reason.clone(),
        due: t.date(due),
        extended_due: t.date(extended),
        legal_basis: t.t(match j {
            Jurisdiction::Ccpa => "basis-ccpa",
            Jurisdiction::Uk => "basis-uk",
            Jurisdiction::Gdpr => "basis-gdpr",
        }),
        complaints: p.config.art15.complaints.clone(),
    });
    queue_mail(p, c, Some(&r.id), &r.email, &m, lang)?;
    audit::append(
        c,
        actor,
        "extend",
        Some(&r.id),
        &json!({"reason": reason, "due": due.to_string(), "extended_due": extended.to_string()}),
    )?;
    Ok(())
}

/// Stops the clock (UK only) from `today` until resumed.
pub fn pause(
    c: &mut DbConn,
    r: &RequestRow,
    reason: &str,
    actor: &str,
    today: Date,
) -> Result<(), ServiceError> {
    let reason = reason_of(reason, "a pause")?;
    let j = jurisdiction(r)?;
    if !j.allows_pause() {
        return Err(ServiceError::Invalid(format!(
            "jurisdiction {j} does not allow stopping the clock (only uk does)"
        )));
    }
    running(r, "pause")?;
    if is_paused(c, &r.id)? {
        return Err(ServiceError::Invalid("the clock is already stopped".into()));
    }
    pauses::start(c, &r.id, today, &reason)?;
    audit::append(
        c,
        actor,
        "pause",
        Some(&r.id),
        &json!({"reason": reason, "from": today.to_string()}),
    )?;
    Ok(())
}

/// Restarts the clock; the due date (and the extended one) move back by the days paused.
pub fn resume(
    p: &Portal,
    c: &mut DbConn,
    r: &RequestRow,
    actor: &str,
    today: Date,
) -> Result<(), ServiceError> {
    let open = pauses::of_request(c, &r.id)?
        .into_iter()
        .find(|p| p.resumed_on.is_none())
        .ok_or_else(|| ServiceError::Invalid("the clock is not stopped".into()))?;
    let resumed = today.max(open.paused_on);
    pauses::end(c, &r.id, resumed)?;
    let d = deadlines_with_pauses(p, c, r)?;
    let extended = r.extended_due_on.map(|_| d.extended_due);
    requests::set_due_dates(c, &r.id, d.due, extended)?;
    audit::append(
        c,
        actor,
        "resume",
        Some(&r.id),
        &json!({
            "paused_days": (resumed - open.paused_on).whole_days(),
            "due": d.due.to_string(),
            "extended_due": extended.map(|e| e.to_string()),
            "previous_due": fmt_date(r.due_on),
        }),
    )?;
    Ok(())
}

/// Whether the clock of a request is stopped now.
pub fn is_paused(c: &mut DbConn, request_id: &str) -> Result<bool, ServiceError> {
    Ok(pauses::of_request(c, request_id)?
        .iter()
        .any(|p| p.resumed_on.is_none()))
}
