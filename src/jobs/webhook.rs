//! The webhook jobs: `webhook_event` fans a status change out to the subscribed webhooks,
//! `deliver_webhook` POSTs it to one of them, signed (`X-DSR-Signature`). Every attempt is an
//! audit entry of the request (`webhook_delivered` / `webhook_failed`), so deliveries show in
//! its timeline; a failed attempt is retried by the queue with exponential backoff until
//! `jobs.max_attempts`.

use std::sync::OnceLock;
use std::time::Duration;

use serde_json::json;

use crate::db::{audit, write_tx};
use crate::portal::Portal;
use crate::service::webhooks::{self, Event, SIGNATURE_HEADER};
use crate::workflow::JobError;

/// One delivery, as the job holds it.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    pub url: &'a str,
    pub event_id: &'a str,
    pub request_id: &'a str,
    /// The exact bytes that are signed and sent.
    pub body: &'a str,
}

pub fn fan_out(p: &Portal, event: &Event) -> Result<(), JobError> {
    webhooks::fan_out(p, event)
        .map(|_| ())
        .map_err(JobError::retry)
}

/// Worker threads are plain threads, so the blocking client is the right one; one per process.
fn client() -> Result<&'static reqwest::blocking::Client, JobError> {
    static CLIENT: OnceLock<reqwest::blocking::Client> = OnceLock::new();
    if let Some(c) = CLIENT.get() {
        return Ok(c);
    }
    let built = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("dsr-portal/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| JobError::retry(format!("HTTP client: {e}")))?;
    Ok(CLIENT.get_or_init(|| built))
}

/// The URL as the audit log shows it: no credentials, no query (either may hold a secret).
pub fn loggable_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "[invalid url]".into();
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let rest = &rest[..end];
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if path.is_empty() {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}/{path}")
    }
}

enum Outcome {
    Delivered(u16),
    Failed(String),
}

pub fn deliver(
    p: &Portal,
    d: &Delivery<'_>,
    attempt: i32,
    max_attempts: i32,
) -> Result<(), JobError> {
    let shown = loggable_url(d.url);
    let Some(hook) = p.config.webhook.iter().find(|w| w.url == d.url) else {
        record(
            p,
            d,
            "webhook_failed",
            json!({"url": shown, "event_id": d.event_id, "attempt": attempt, "error": "this webhook is no longer configured", "final": true}),
        )?;
        return Err(JobError::permanent("webhook no longer configured"));
    };
    let outcome = match std::env::var(&hook.secret_env) {
        Ok(secret) if !secret.is_empty() => post(d, secret.as_bytes())?,
        _ => Outcome::Failed(format!(
            "the signing secret ${} is not set",
            hook.secret_env
        )),
    };
    match outcome {
        Outcome::Delivered(status) => {
            record(
                p,
                d,
                "webhook_delivered",
                json!({"url": shown, "event_id": d.event_id, "attempt": attempt, "status": status}),
            )?;
            metrics::counter!("dsr_webhook_deliveries_total", "outcome" => "delivered")
                .increment(1);
            Ok(())
        }
        Outcome::Failed(error) => {
            let last = attempt >= max_attempts;
            record(
                p,
                d,
                "webhook_failed",
                json!({"url": shown, "event_id": d.event_id, "attempt": attempt, "max_attempts": max_attempts, "error": error, "final": last}),
            )?;
            metrics::counter!("dsr_webhook_deliveries_total", "outcome" => "failed").increment(1);
            Err(JobError::retry(format!("webhook {shown}: {error}")))
        }
    }
}

fn post(d: &Delivery<'_>, secret: &[u8]) -> Result<Outcome, JobError> {
    let t = time::OffsetDateTime::now_utc().unix_timestamp();
    let signature = webhooks::sign(secret, t, d.body.as_bytes());
    let sent = client()?
        .post(d.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature)
        .header("X-DSR-Event-Id", d.event_id)
        .body(d.body.to_owned())
        .send();
    Ok(match sent {
        Ok(res) if res.status().is_success() => Outcome::Delivered(res.status().as_u16()),
        Ok(res) => Outcome::Failed(format!("HTTP {}", res.status().as_u16())),
        // Without the URL: it is shown (redacted) separately.
        Err(e) => Outcome::Failed(e.without_url().to_string()),
    })
}

/// One audit entry on the request's timeline.
fn record(
    p: &Portal,
    d: &Delivery<'_>,
    event: &str,
    detail: serde_json::Value,
) -> Result<(), JobError> {
    let mut conn = p.conn().map_err(JobError::retry)?;
    write_tx(&mut conn, |c| {
        audit::append(c, "system", event, Some(d.request_id), &detail).map(|_| ())
    })
    .map_err(JobError::retry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_credentials_and_queries_in_the_log() {
        assert_eq!(
            loggable_url("https://user:pw@hooks.example.com:8443/dsr?token=abc#x"),
            "https://hooks.example.com:8443/dsr"
        );
        assert_eq!(loggable_url("http://127.0.0.1:9"), "http://127.0.0.1:9");
        assert_eq!(loggable_url("nonsense"), "[invalid url]");
    }
}
