//! Background jobs: rows in the portal database (`db::jobs`), enqueued in the transaction
//! of the change that causes them, run by [`worker`] threads with leases and backoff.

pub mod send_email;
pub mod webhook;
pub mod worker;

pub use crate::db::jobs::{Job, enqueue};

/// Delay before retry number `attempt` (1-based): `base * 2^(attempt-1)`, capped.
pub fn backoff(attempt: i32, base_ms: u64, max_seconds: u64) -> std::time::Duration {
    let exp = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    let ms = base_ms.saturating_mul(1u64 << exp);
    std::time::Duration::from_millis(ms.min(max_seconds.saturating_mul(1000)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1, 500, 60).as_millis(), 500);
        assert_eq!(backoff(2, 500, 60).as_millis(), 1000);
        assert_eq!(backoff(4, 500, 60).as_millis(), 4000);
        assert_eq!(backoff(40, 500, 60).as_millis(), 60_000);
    }

    #[test]
    fn payload_names_its_kind() {
        let j = Job::SendEmail {
            outbox_id: "x".into(),
        };
        let s = serde_json::to_string(&j).unwrap();
        assert_eq!(s, r#"{"kind":"send_email","outbox_id":"x"}"#);
        assert_eq!(serde_json::from_str::<Job>(&s).unwrap(), j);
    }
}
