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
    report.archives_deleted = crate::export::cleanup(p)?;
    if report.reminded > 0 {
        p.wake.notify();
    }
    super::api::purge_idempotency(p)?;
    super::digest::maybe_schedule(p, now)?;
    let max = time::Duration::hours(i64::from(p.config.admin.session_max_hours));
    crate::db::admins::delete_idle_sessions(&mut conn, now - max)?;
    Ok(report)
}
