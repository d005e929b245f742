//! Lockout after repeated failures: `max_failures` wrong passwords or codes in a row lock the
//! account for `duration`; the counter starts again once the lock is set.

use time::{Duration, PrimitiveDateTime};

use crate::config::Admin;

#[derive(Debug, Clone, Copy)]
pub struct Lockout {
    pub max_failures: u32,
    pub duration: Duration,
}

/// What one more failure does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// The counter becomes this.
    Count(i32),
    /// The account is locked until then (and the counter restarts at 0).
    Locked(PrimitiveDateTime),
}

impl Lockout {
    pub fn from_config(a: &Admin) -> Self {
        Self {
            max_failures: a.max_failed_logins,
            duration: Duration::minutes(i64::from(a.lockout_minutes)),
        }
    }

    pub fn is_locked(
        &self,
        locked_until: Option<PrimitiveDateTime>,
        now: PrimitiveDateTime,
    ) -> bool {
        locked_until.is_some_and(|until| until > now)
    }

    /// The effect of one more failure after `failures` earlier ones.
    pub fn after_failure(&self, failures: i32, now: PrimitiveDateTime) -> AfterFailure {
        let count = failures.saturating_add(1);
        if i64::from(count) >= i64::from(self.max_failures) {
            AfterFailure::Locked(now + self.duration)
        } else {
            AfterFailure::Count(count)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_nth_failure_locks_for_a_while() {
        let l = Lockout {
            max_failures: 3,
            duration: Duration::minutes(15),
        };
        let now = datetime!(2026-12-02 10:00);
        assert_eq!(l.after_failure(0, now), AfterFailure::Count(1));
        assert_eq!(l.after_failure(1, now), AfterFailure::Count(2));
        let until = now + Duration::minutes(15);
        assert_eq!(l.after_failure(2, now), AfterFailure::Locked(until));
        assert!(l.is_locked(Some(until), now));
        assert!(!l.is_locked(Some(until), until));
        assert!(!l.is_locked(None, now));
    }
}
