//! Lockout after repeated failures: `max_failures` wrong passwords or codes in a row lock the
//! account for `duration`; the counter starts again once the lock is set.

use time::{Duration, PrimitiveDateTime};

use crate::config::Admin;

#[derive(Debug, Clone, Copy)]
pub struct Lockout {
    pub max_failures: u32,
    pub duration: Duration,
}

/// What a failure does once counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Nothing more: the counter stays at this.
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

    /// The effect of a failure that made the counter `count` (the database counts, in one
    /// statement, so concurrent failures each see their own count).
    pub fn after_failure(&self, count: i32, now: PrimitiveDateTime) -> AfterFailure {
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
        assert_eq!(l.after_failure(1, now), AfterFailure::Count(1));
        assert_eq!(l.after_failure(2, now), AfterFailure::Count(2));
        let until = now + Duration::minutes(15);
        assert_eq!(l.after_failure(3, now), AfterFailure::Locked(until));
        assert_eq!(l.after_failure(4, now), AfterFailure::Locked(until));
        assert!(l.is_locked(Some(until), now));
        assert!(!l.is_locked(Some(until), until));
        assert!(!l.is_locked(None, now));
    }
}
