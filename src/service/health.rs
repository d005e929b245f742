//! What `/readyz` and `/metrics` ask of the database.

use super::ServiceError;
use crate::db;
use crate::portal::Portal;

/// The database answers.
pub fn ready(p: &Portal) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    db::ping(&mut conn)?;
    Ok(())
}

/// Requests by state and jobs by state, for the gauges (every process reports the same).
pub type Counts = (Vec<(String, i64)>, Vec<(String, i64)>);

pub fn counts(p: &Portal) -> Result<Counts, ServiceError> {
    let mut conn = p.conn()?;
    let requests = db::requests::count_by_status(&mut conn)?;
    let jobs = db::jobs::count_by_status(&mut conn)?;
    Ok((requests, jobs))
}

/// The job states the gauges report.
pub const JOB_STATES: [&str; 3] = [db::jobs::QUEUED, db::jobs::RUNNING, db::jobs::FAILED];
