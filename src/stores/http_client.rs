//! What the HTTP-speaking connectors (`stripe`, `http`) share: a blocking client built on
//! first use, bounded retries with backoff, bodies read under a size limit, and transport
//! errors turned into [`ErrorKind`]s without the URL (it may carry an identifier value).

use std::error::Error as _;
use std::io::Read;
use std::sync::OnceLock;
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::header::HeaderMap;

use super::{ErrorKind, StoreError};

/// The most a response body may hold (an export answer, a page of Stripe objects).
pub const MAX_BODY: u64 = 16 * 1024 * 1024;

/// How often and how patiently a call is repeated after a 429, a 5xx or a timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all (1 = no retry).
    pub attempts: u32,
    /// The first backoff; each next one doubles.
    pub base: Duration,
    /// The longest wait between two attempts, whatever `Retry-After` asks for. A server
    /// asking for longer gets no further attempt: the job fails and is retried later.
    pub max_wait: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            attempts: 4,
            base: Duration::from_millis(500),
            max_wait: Duration::from_secs(30),
        }
    }
}

impl Retry {
    /// The wait before attempt `attempt + 1` (`attempt` counts from 1), honouring a
    /// `Retry-After` in seconds; `None` when no further attempt should be made.
    pub fn wait(&self, attempt: u32, headers: Option<&HeaderMap>) -> Option<Duration> {
        if attempt >= self.attempts {
            return None;
        }
        let asked = headers
            .and_then(|h| h.get(reqwest::header::RETRY_AFTER))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let wait = match asked {
            Some(d) if d > self.max_wait => return None,
            Some(d) => d,
            None => self
                .base
                .saturating_mul(1u32 << (attempt - 1).min(16))
                .min(self.max_wait),
        };
        Some(wait)
    }
}

/// A blocking client, built on first use: building one starts its I/O thread, which
/// should not happen while a map is merely opened (possibly on an async thread).
pub struct LazyClient {
    client: OnceLock<Client>,
    timeout: Duration,
}

impl LazyClient {
    pub fn new(timeout: Duration) -> Self {
        Self {
            client: OnceLock::new(),
            timeout,
        }
    }

    pub fn get(&self, store: &str) -> Result<&Client, StoreError> {
        if let Some(c) = self.client.get() {
            return Ok(c);
        }
        let built = Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("dsr-portal/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                StoreError::new(
                    store,
                    ErrorKind::Config(format!("HTTP client: {}", describe(&e))),
                )
            })?;
        Ok(self.client.get_or_init(|| built))
    }
}

/// The error and its causes, without the URL.
pub fn describe(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !text.is_empty() && !parts.contains(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    if parts.is_empty() {
        // No cause given: a generic word rather than reqwest's text, which names the URL.
        parts.push(if e.is_timeout() {
            "operation timed out".to_owned()
        } else {
            "request failed".to_owned()
        });
    }
    parts.join(": ")
}

/// A transport error as a connector error.
pub fn transport(store: &str, e: &reqwest::Error) -> StoreError {
    let text = describe(e);
    let kind = if e.is_timeout() {
        ErrorKind::Timeout(text)
    } else {
        ErrorKind::Unreachable(text)
    };
    StoreError::new(store, kind)
}

/// Reads a body, refusing one larger than `limit` (by its `Content-Length`, or as it
/// streams in when there is none).
pub fn read_limited(store: &str, mut resp: Response, limit: u64) -> Result<Vec<u8>, StoreError> {
    let status = resp.status().as_u16();
    let too_big = || {
        StoreError::new(
            store,
            ErrorKind::Remote {
                status,
                message: format!(
                    "the response is larger than the {} MiB limit; refused",
                    limit / (1024 * 1024)
                ),
            },
        )
    };
    if resp.content_length().is_some_and(|n| n > limit) {
        return Err(too_big());
    }
    let mut buf = Vec::new();
    (&mut resp)
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| {
            let timed_out = e.kind() == std::io::ErrorKind::TimedOut
                || e.get_ref()
                    .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                    .is_some_and(reqwest::Error::is_timeout);
            let text = format!("reading the response: {e}");
            StoreError::new(
                store,
                if timed_out {
                    ErrorKind::Timeout(text)
                } else {
                    ErrorKind::Unreachable(text)
                },
            )
        })?;
    if buf.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(buf)
}

/// The first characters of a body that is not what was expected, for an error message.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, RETRY_AFTER};

    #[test]
    fn backoff_doubles_and_honours_retry_after() {
        let r = Retry {
            attempts: 4,
            base: Duration::from_millis(100),
            max_wait: Duration::from_secs(5),
        };
        assert_eq!(r.wait(1, None), Some(Duration::from_millis(100)));
        assert_eq!(r.wait(2, None), Some(Duration::from_millis(200)));
        assert_eq!(r.wait(3, None), Some(Duration::from_millis(400)));
        assert_eq!(r.wait(4, None), None, "bounded");
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(r.wait(1, Some(&h)), Some(Duration::from_secs(2)));
        h.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(r.wait(1, Some(&h)), None, "too long a wait is not waited");
    }

    #[test]
    fn excerpt_is_short() {
        assert_eq!(excerpt(b"  oops \n"), "oops");
        assert_eq!(excerpt("é".repeat(300).as_bytes()).chars().count(), 201);
    }
}
