//! The worker's periodic sweep: expire unconfirmed requests, send the one reminder, and
//! clear what has served its time (archives, attachments, sessions, sent mail files).

use super::ServiceError;
use super::requests::remind;
use crate::db::{self, requests, write_tx};
use crate::domain::Action;
use crate::portal::Portal;
use crate::workflow::transition;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    pub expired: usize,
    pub reminded: usize,
    pub archives_deleted: usize,
    /// Files of manual steps deleted once their request closed.
    pub attachments_deleted: usize,
    /// Scheduled erasures whose wait ended.
    pub started: usize,
    pub retention_erased: usize,
    pub holds_purged: usize,
    /// `.eml` files of the `file`/`log` transports removed after `mail.outbox_keep_hours`.
    pub outbox_files_deleted: usize,
}

const BATCH: i64 = 500;

pub fn sweep(p: &Portal) -> Result<SweepReport, ServiceError> {
    let mut report = SweepReport::default();
    let mut conn = p.conn()?;
    let now = p.now();
    let expired = requests::unverified_past(&mut conn, now, BATCH)?;
    report.expired = move_all(&mut conn, &expired, Action::Expire, serde_json::json!({}))?;
    let half_ttl = time::Duration::minutes(i64::from(p.config.policy.verification_ttl_hours) * 30);
    for r in requests::needing_reminder(&mut conn, now + half_ttl, now, BATCH)? {
        if write_tx(&mut conn, |c| remind(p, c, &r))? {
            report.reminded += 1;
        }
    }
    let due = requests::scheduled_due(&mut conn, now, BATCH)?;
    report.started = move_all(
        &mut conn,
        &due,
        Action::Start,
        serde_json::json!({"after": "wait"}),
    )?;
    report.archives_deleted = crate::export::cleanup(p)?;
    // Like retention below: a storage that is down must not stop the rest of the sweep.
    match crate::export::manual::cleanup(p) {
        Ok(n) => report.attachments_deleted = n,
        Err(e) => tracing::warn!(error = %e, "deleting manual step attachments failed"),
    }
    // A retention failure (a store down, a broken map) must not stop the rest of the sweep.
    let opts = crate::erasure::retention::Options {
        dry_run: false,
        only_due: true,
    };
    match crate::erasure::retention::run(p, now, opts, &mut |_, _, _| {}) {
        Ok(r) => {
            report.retention_erased = r.rules.iter().map(|r| r.erased).sum();
            report.holds_purged = r.holds.purged;
        }
        Err(e) => tracing::warn!(error = %e, "retention run failed"),
    }
    if report.reminded + report.started > 0 {
        p.wake.notify();
    }
    let keep = std::time::Duration::from_secs(u64::from(p.config.mail.outbox_keep_hours) * 3600);
    let before = std::time::SystemTime::now()
        .checked_sub(keep)
        .unwrap_or(std::time::UNIX_EPOCH);
    // Like the storage cleanups above: a folder that can't be read must not stop the sweep.
    match crate::mail::outbox_dir::sweep(&p.config.mail.outbox_dir, before) {
        Ok(n) => report.outbox_files_deleted = n,
        Err(e) => {
            tracing::warn!(error = %e, dir = %p.config.mail.outbox_dir.display(), "deleting sent mail files failed")
        }
    }
    super::api::purge_idempotency(p)?;
    super::digest::maybe_schedule(p, now)?;
    let max = time::Duration::hours(i64::from(p.config.admin.session_max_hours));
    crate::db::admins::delete_idle_sessions(&mut conn, now - max)?;
    Ok(report)
}

/// Applies one system transition to each request, in a transaction each; a request someone
/// else moved first is skipped. Returns how many moved.
fn move_all(
    conn: &mut db::DbConn,
    rows: &[requests::RequestRow],
    action: Action,
    detail: serde_json::Value,
) -> Result<usize, ServiceError> {
    let mut moved = 0;
    for r in rows {
        match write_tx(conn, |c| transition(c, r, action, "system", detail.clone())) {
            Ok(_) => moved += 1,
            Err(ServiceError::Conflict | ServiceError::Transition(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(moved)
}
