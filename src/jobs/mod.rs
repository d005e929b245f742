//! Background jobs: rows in the portal database (`db::jobs`), enqueued in the transaction
//! of the change that causes them, run by [`worker`] threads with leases and backoff.

pub mod send_email;
pub mod webhook;
pub mod worker;

use serde::{Deserialize, Serialize};

use crate::db::{self, DbConn};

/// Every kind of job, with its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Send one outbox message.
    SendEmail { outbox_id: String },
    /// Build and deliver the export archive of an access request.
    Export { request_id: String },
    /// Run (or resume) the erasure of an erasure request.
    Erase { request_id: String },
    /// A request's status changed: one `deliver_webhook` per subscribed `[[webhook]]`.
    WebhookEvent {
        event: crate::service::webhooks::Event,
    },
    /// POST one event to one webhook, signed.
    DeliverWebhook {
        url: String,
        event_id: String,
        request_id: String,
        body: String,
    },
    /// Mail the day's digest (overdue and due-soon requests) to the DPOs.
    DpoDigest { day: String },
}

impl Job {
    pub fn kind(&self) -> &'static str {
        match self {
            Job::SendEmail { .. } => "send_email",
            Job::Export { .. } => "export",
            Job::Erase { .. } => "erase",
            Job::WebhookEvent { .. } => "webhook_event",
            Job::DeliverWebhook { .. } => "deliver_webhook",
            Job::DpoDigest { .. } => "dpo_digest",
        }
    }
}

/// Enqueues a job to run now, on the caller's connection (and so in its transaction).
pub fn enqueue(conn: &mut DbConn, job: &Job, max_attempts: i32) -> diesel::QueryResult<()> {
    let payload = serde_json::to_string(job)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    db::jobs::insert(conn, job.kind(), &payload, max_attempts, db::now())
}

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
