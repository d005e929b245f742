//! `[jobs]`: the background worker's queue.

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Jobs {
    /// Job threads per worker process.
    pub concurrency: usize,
    /// How long a claimed job is held before another worker may take it over; renewed every
    /// third of it while the job runs, so this is how soon a dead worker's job resumes.
    pub lease_seconds: u64,
    pub max_attempts: i32,
    /// First retry delay; doubles each attempt, capped at `backoff_max_seconds`.
    pub backoff_base_ms: u64,
    pub backoff_max_seconds: u64,
    /// How often an idle worker looks for work.
    pub poll_interval_ms: u64,
    /// How often the worker expires, reminds and tidies.
    pub sweep_interval_seconds: u64,
    /// How often each worker process seals new audit entries into the hash chain (one
    /// process at a time does). An entry is sealed this long after its transaction and
    /// every older open one have committed.
    pub audit_seal_interval_ms: u64,
}

impl Default for Jobs {
    fn default() -> Self {
        Self {
            concurrency: 2,
            lease_seconds: 30,
            max_attempts: 10,
            backoff_base_ms: 5_000,
            backoff_max_seconds: 3_600,
            poll_interval_ms: 500,
            sweep_interval_seconds: 60,
            audit_seal_interval_ms: 250,
        }
    }
}

impl Jobs {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.concurrency == 0 {
            return Err(invalid("jobs.concurrency", "must be at least 1"));
        }
        if self.audit_seal_interval_ms == 0 {
            return Err(invalid("jobs.audit_seal_interval_ms", "must be at least 1"));
        }
        if self.max_attempts < 1 {
            return Err(invalid("jobs.max_attempts", "must be at least 1"));
        }
        Ok(())
    }
}
