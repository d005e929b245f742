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

/// What the gauges report, read from the database (every process reports the same).
pub struct Counts {
    pub requests: Vec<(String, i64)>,
    pub jobs: Vec<(String, i64)>,
    /// Audit entries not sealed into the chain yet, and the age of the oldest in seconds.
    pub unsealed: (i64, f64),
}

pub fn counts(p: &Portal) -> Result<Counts, ServiceError> {
    let mut conn = p.conn()?;
    Ok(Counts {
        requests: db::requests::count_by_status(&mut conn)?,
        jobs: db::jobs::count_by_status(&mut conn)?,
        unsealed: db::audit::unsealed(&mut conn)?,
    })
}

/// The job states the gauges report.
pub const JOB_STATES: [&str; 3] = [db::jobs::QUEUED, db::jobs::RUNNING, db::jobs::FAILED];
