//! The worker's periodic sweep: expire unconfirmed requests, send the one reminder.

use super::ServiceError;
use super::requests::{remind, transition};
use crate::db::{self, requests, write_tx};
use crate::domain::Action;
use crate::portal::Portal;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    pub expired: usize,
    pub reminded: usize,
    pub archives_deleted: usize,
    /// Scheduled erasures whose wait ended.
    pub started: usize,
    pub retention_erased: usize,
    pub holds_purged: usize,
}

const BATCH: i64 = 500;

pub fn sweep(p: &Portal) -> Result<SweepReport, ServiceError> {
    let mut report = SweepReport::default();
    let mut conn = p.conn()?;
    let now = db::now();
    for r in requests::unverified_past(&mut conn, now, BATCH)? {
        let done = write_tx(&mut conn, |c| {
            transition(c, &r, Action::Expire, "system", serde_json::json!({}))
        });
        match done {
            Ok(_) => report.expired += 1,
            Err(ServiceError::Conflict | ServiceError::Transition(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let half_ttl = time::Duration::minutes(i64::from(p.config.policy.verification_ttl_hours) * 30);
    for r in requests::needing_reminder(&mut conn, now + half_ttl, now, BATCH)? {
        if write_tx(&mut conn, |c| remind(p, c, &r))? {
            report.reminded += 1;
        }
    }
    for r in requests::scheduled_due(&mut conn, now, BATCH)? {
        let done = write_tx(&mut conn, |c| {
            transition(
                c,
                &r,
                Action::Start,
                "system",
                serde_json::json!({"after": "wait"}),
            )
        });
        match done {
            Ok(_) => report.started += 1,
            Err(ServiceError::Conflict | ServiceError::Transition(_)) => {}
            Err(e) => return Err(e),
        }
    }
    report.archives_deleted = crate::export::cleanup(p)?;
    let retention = crate::erasure::retention::run(
        p,
        now,
        crate::erasure::retention::Options {
            dry_run: false,
            only_due: true,
        },
        &mut |_, _, _| {},
    )?;
    report.retention_erased = retention.rules.iter().map(|r| r.erased).sum();
    report.holds_purged = retention.holds.purged;
    if report.reminded + report.started > 0 {
        p.wake.notify();
    }
    super::api::purge_idempotency(p)?;
    super::digest::maybe_schedule(p, now)?;
    let max = time::Duration::hours(i64::from(p.config.admin.session_max_hours));
    crate::db::admins::delete_idle_sessions(&mut conn, now - max)?;
    Ok(report)
}
