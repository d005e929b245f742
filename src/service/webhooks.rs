//! Webhooks (`[[webhook]] url, secret_env, events`): every status change becomes an event,
//! enqueued as a job in the transaction of the change ([`status_changed`], called by
//! `requests::transition`). The worker fans the event out to each subscribed webhook
//! ([`fan_out`]), one `deliver_webhook` job per URL, each signed and retried with backoff
//! (`jobs::webhook`). Delivery is at least once: receivers dedupe on the event `id`.
//!
//! Signature: `X-DSR-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
//! computed at each attempt; see [`sign`] and the receiver's side, [`verify_signature`].

use crate::domain::mac::{hmac_sha256, hmac_sha256_hex};
use serde::{Deserialize, Serialize};

use subtle::ConstantTimeEq;

use super::ServiceError;
use super::api::rfc3339;
use crate::db::requests::RequestRow;
use crate::db::{self, DbConn, write_tx};
use crate::domain::{Action, State};
use crate::jobs::{self, Job};
use crate::portal::Portal;

/// The one event type so far.
pub const STATUS_CHANGED: &str = "status_changed";
/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-DSR-Signature";
/// Attempts of the fan-out job (it only writes rows; deliveries have their own attempts).
const FAN_OUT_ATTEMPTS: i32 = 10;

/// What a webhook receives (the POST body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Unique per event (UUIDv7); the same on every delivery attempt.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// When the change happened, RFC 3339 UTC.
    pub created_at: String,
    pub data: StatusChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub request_id: String,
    pub kind: String,
    pub jurisdiction: String,
    pub ticket_ref: Option<String>,
    pub from: String,
    pub to: String,
    /// The transition (`verify`, `approve`, `cancel`, …).
    pub action: String,
}

/// Enqueues the event of one status change, on the connection (and so in the transaction)
/// of the change. No subject data beyond the request id and ticket reference leaves here.
pub fn status_changed(
    c: &mut DbConn,
    r: &RequestRow,
    from: State,
    to: State,
    action: Action,
) -> Result<(), ServiceError> {
    let event = Event {
        id: uuid::Uuid::now_v7().to_string(),
        kind: STATUS_CHANGED.into(),
        created_at: rfc3339(db::now()),
        data: StatusChange {
            request_id: r.id.clone(),
            kind: r.kind.clone(),
            jurisdiction: r.jurisdiction.clone(),
            ticket_ref: r.ticket_ref.clone(),
            from: from.as_str().into(),
            to: to.as_str().into(),
            action: action.as_str().into(),
        },
    };
    jobs::enqueue(c, &Job::WebhookEvent { event }, FAN_OUT_ATTEMPTS)?;
    Ok(())
}

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

/// The `X-DSR-Signature` value for `body` sent at unix time `t`.
pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    let hex = hmac_sha256_hex(secret, &[t.to_string().as_bytes(), b".", body]);
    format!("t={t},v1={hex}")
}

/// Why a receiver refuses a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature header is malformed")]
    Malformed,
    #[error("the timestamp is outside the replay window")]
    Stale,
    #[error("no v1 signature matches")]
    Mismatch,
}

/// The receiver's check (what README's "Verifying a delivery" describes): parse `t` and
/// every `v1`, refuse a `t` more than `tolerance_seconds` away from `now`, recompute the
/// HMAC over `"<t>.<raw body>"` and compare in constant time.
pub fn verify_signature(
    secret: &[u8],
    header: &str,
    body: &[u8],
    now: i64,
    tolerance_seconds: i64,
) -> Result<(), SignatureError> {
    let mut t = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = Some(v.parse::<i64>().map_err(|_| SignatureError::Malformed)?),
            Some(("v1", v)) => {
                candidates.push(hex::decode(v).map_err(|_| SignatureError::Malformed)?)
            }
            _ => {}
        }
    }
    let t = t.ok_or(SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - t).abs() > tolerance_seconds {
        return Err(SignatureError::Stale);
    }
    let expected = hmac_sha256(secret, &[t.to_string().as_bytes(), b".", body]);
    if candidates
        .iter()
        .any(|c| bool::from(c.as_slice().ct_eq(expected.as_slice())))
    {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_within_the_window_only() {
        let body = br#"{"id":"e1"}"#;
        let h = sign(b"whsec", 1_700_000_000, body);
        assert!(h.starts_with("t=1700000000,v1="));
        assert_eq!(
            verify_signature(b"whsec", &h, body, 1_700_000_100, 300),
            Ok(())
        );
        assert_eq!(
            verify_signature(b"whsec", &h, body, 1_700_000_400, 300),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify_signature(b"other", &h, body, 1_700_000_100, 300),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(b"whsec", &h, br#"{"id":"e2"}"#, 1_700_000_100, 300),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(b"whsec", "v1=00", body, 1_700_000_100, 300),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn the_signed_message_is_timestamp_dot_body() {
        // Known answer, from Python: hmac.new(b"secret", b"1.{}", hashlib.sha256).hexdigest()
        assert_eq!(
            sign(b"secret", 1, b"{}"),
            "t=1,v1=1122767b193110cfec322b6f199b599edbf608ed087f2d27afb0b97d99523908"
        );
    }
}
