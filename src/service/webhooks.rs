//! Webhooks (`[[webhook]] url, secret_env, events`): every status change becomes an event,
//! enqueued as a job in the transaction of the change (`workflow::status_changed`). The
//! worker fans the event out to each subscribed webhook ([`fan_out`]), one `deliver_webhook`
//! job per URL, each signed and retried with backoff (`jobs::webhook`). Delivery is at least
//! once: receivers dedupe on the event `id`. The event and its signature are
//! [`crate::domain::webhook`].

use super::ServiceError;
use crate::db::jobs::{self, Job};
use crate::db::write_tx;
use crate::portal::Portal;

pub use crate::domain::webhook::{
    Event, SIGNATURE_HEADER, STATUS_CHANGED, SignatureError, StatusChange, sign, verify_signature,
};

/// One `deliver_webhook` job per configured webhook that subscribes to the event (an empty
/// `events` list subscribes to all). Returns how many were enqueued.
pub fn fan_out(p: &Portal, event: &Event) -> Result<usize, ServiceError> {
    let hooks: Vec<&crate::config::Webhook> = p
        .config
        .webhook
        .iter()
        .filter(|w| w.events.is_empty() || w.events.contains(&event.kind))
        .collect();
    if hooks.is_empty() {
        return Ok(0);
    }
    let body = serde_json::to_string(event).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        for h in &hooks {
            jobs::enqueue(
                c,
                &Job::DeliverWebhook {
                    url: h.url.clone(),
                    event_id: event.id.clone(),
                    request_id: event.data.request_id.clone(),
                    body: body.clone(),
                },
                p.config.jobs.max_attempts,
            )?;
        }
        Ok::<_, ServiceError>(())
    })?;
    p.wake.notify();
    Ok(hooks.len())
}
