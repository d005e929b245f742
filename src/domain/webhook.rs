//! Webhook events (DESIGN §5): what a receiver gets for each status change, and the
//! `X-DSR-Signature` both sides compute over it. Pure: enqueueing and delivery live above.

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::mac::{hmac_sha256, hmac_sha256_hex};

/// The one event type so far.
pub const STATUS_CHANGED: &str = "status_changed";
/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-DSR-Signature";

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
