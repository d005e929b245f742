//! The portal's clock: what "now" is for every decision a use case makes (due dates and
//! overdue, link and archive expiry, scheduled erasures, reminders, holds that ended,
//! sessions and lockouts). The system's time in production; tests move it forward
//! ([`Clock::advance`]) instead of editing timestamps in the database. Record timestamps
//! (when a row was written) and job leases keep the system's time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime};

/// The system's time plus an offset (zero unless a test moved it), shared by every clone.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    /// The system's time.
    pub fn system() -> Self {
        Self::default()
    }

    /// Now, in UTC, at microsecond precision (what both database backends store).
    pub fn now(&self) -> PrimitiveDateTime {
        let t = OffsetDateTime::now_utc()
            + Duration::microseconds(self.offset_micros.load(Ordering::Relaxed));
        let t = t.replace_nanosecond(t.microsecond() * 1000).unwrap_or(t);
        PrimitiveDateTime::new(t.date(), t.time())
    }

    /// Today, in UTC.
    pub fn today(&self) -> Date {
        self.now().date()
    }

    /// Moves this clock (and every clone of it) forward by `by`: what tests do instead of
    /// editing timestamps.
    pub fn advance(&self, by: Duration) {
        let micros = i64::try_from(by.whole_microseconds()).unwrap_or(i64::MAX);
        self.offset_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_clone() {
        let c = Clock::system();
        let d = c.clone();
        let before = d.now();
        c.advance(Duration::days(40));
        let after = d.now();
        assert!(after - before >= Duration::days(40));
        assert!(after - before < Duration::days(40) + Duration::minutes(1));
        assert_eq!(after.nanosecond() % 1000, 0);
    }
}
