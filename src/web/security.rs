//! Rate limits (per client address on the public pages, per email address on submissions),
//! the client address, and the security headers every response carries.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, X_FORWARDED_FOR};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::{HttpRequest, ResponseError, web};
use governor::Quota;

use super::WebState;
use super::error::PageError;
use super::limiter::{KeyedLimit, Refused};
use crate::config::Config;

pub struct Limits {
    per_ip: KeyedLimit<IpAddr>,
    per_address: KeyedLimit<String>,
    trust_forwarded_for: bool,
    trusted_proxies: usize,
    /// `security.rate_limit_prune_seconds`: the longest a full limiter refuses.
    prune_every: Duration,
}

impl Limits {
    pub fn new(config: &Config) -> Self {
        let ip = NonZeroU32::new(config.security.rate_per_ip_per_minute).unwrap_or(NonZeroU32::MIN);
        let addr =
            NonZeroU32::new(config.security.rate_per_address_per_hour).unwrap_or(NonZeroU32::MIN);
        let max = config.security.max_keys();
        Self {
            per_ip: KeyedLimit::new("per_ip", Quota::per_minute(ip), max),
            per_address: KeyedLimit::new("per_address", Quota::per_hour(addr), max),
            trust_forwarded_for: config.security.trust_forwarded_for,
            trusted_proxies: usize::try_from(config.security.trusted_proxies).unwrap_or(1),
            prune_every: Duration::from_secs(config.security.rate_limit_prune_seconds),
        }
    }

    /// One more submission for this email address; over the hourly limit, how long to wait.
    pub fn check_address(&self, email: &str) -> Result<(), Duration> {
        self.wait(self.per_address.check(&email.to_owned()))
    }

    /// One more page for this client address; over the limit, how long to wait.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Duration> {
        self.wait(self.per_ip.check(&ip))
    }

    /// A refusal as the wait it asks for: a full limiter admits no one before its next prune.
    fn wait(&self, checked: Result<(), Refused>) -> Result<(), Duration> {
        checked.map_err(|refused| match refused {
            Refused::Over(wait) => wait,
            Refused::Full => self.prune_every,
        })
    }

    /// Forgets idle keys, so memory stays bounded; returns the keys left per limiter.
    pub fn prune(&self) -> [(&'static str, usize); 2] {
        [
            (self.per_ip.name(), self.per_ip.prune()),
            (self.per_address.name(), self.per_address.prune()),
        ]
    }

    /// The client's address (IPv4-mapped IPv6 as IPv4): the TCP peer, or, with
    /// `security.trust_forwarded_for`, the `X-Forwarded-For` entry written by the outermost of
    /// `security.trusted_proxies` proxies (see [`forwarded_client`]). The public pages' limit,
    /// the desk's allow-list and its login limit all key on this one address.
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr().map(|a| a.ip().to_canonical());
        if !self.trust_forwarded_for {
            return peer;
        }
        forwarded_client(req.headers().get_all(X_FORWARDED_FOR), self.trusted_proxies).or(peer)
    }
}

/// The client's address from `X-Forwarded-For` behind `trusted` proxies of our own.
///
/// Each proxy appends the address it received the connection from, so only the rightmost
/// `trusted` entries were written by our proxies; everything to their left came from the
/// client and can say anything. The client is therefore the entry `trusted` places from the
/// right (the rightmost one behind a single proxy). Several headers count as one list, in
/// order. `None` (so the caller uses the TCP peer) when the list is shorter than that, or
/// that entry is not an address: never a client-written entry instead.
pub fn forwarded_client<'a>(
    headers: impl Iterator<Item = &'a HeaderValue>,
    trusted: usize,
) -> Option<IpAddr> {
    if trusted == 0 {
        return None;
    }
    let mut entries = Vec::new();
    for value in headers {
        entries.extend(value.to_str().ok()?.split(',').map(str::trim));
    }
    let entry = entries[entries.len().checked_sub(trusted)?];
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
        .or_else(|_| {
            entry
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
        })
        .ok()
        .map(|ip| ip.to_canonical())
}

/// Middleware: the per-IP limit on the public pages. A refused client is told how long to
/// wait (on the page and in `Retry-After`).
pub async fn limit_per_ip(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    if let Some(state) = req.app_data::<web::Data<WebState>>()
        && let Some(ip) = state.limits.client_ip(req.request())
        && let Err(wait) = state.limits.check_ip(ip)
    {
        let response = PageError::RetryAfter(wait).error_response();
        return Ok(req.into_response(response));
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// Middleware: request latency by route pattern, for `/metrics`.
pub async fn measure(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let method = req.method().to_string();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let status = res.status().as_u16().to_string();
    metrics::histogram!("dsr_http_request_duration_seconds", "method" => method, "route" => route, "status" => status)
        .record(start.elapsed().as_secs_f64());
    Ok(res)
}

/// Headers on every response: a strict CSP (no scripts, no framing), no sniffing, no
/// referrer (links carry tokens), HSTS when served over TLS.
pub fn headers(https: bool) -> DefaultHeaders {
    let h = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ));
    if https {
        h.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        h
    }
}

/// The request line for the access log, with link tokens replaced: they are credentials.
pub fn loggable_path(method: &actix_web::http::Method, path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut redact_next = false;
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if redact_next && !segment.is_empty() {
            out.push_str("[token]");
        } else {
            out.push_str(segment);
        }
        redact_next = matches!(segment, "verify" | "status" | "download") && i == 1;
    }
    format!("{method} {out}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::Method;

    fn xff(values: &[&str], trusted: usize) -> Option<IpAddr> {
        let values: Vec<HeaderValue> = values
            .iter()
            .map(|v| HeaderValue::from_str(v).unwrap())
            .collect();
        forwarded_client(values.iter(), trusted)
    }

    #[test]
    fn the_client_is_taken_from_the_trusted_end_of_x_forwarded_for() {
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        // Behind one proxy: the rightmost entry, whatever the client wrote before it.
        assert_eq!(xff(&["6.6.6.6, 203.0.113.7"], 1), ip("203.0.113.7"));
        assert_eq!(
            xff(&["1.1.1.1,2.2.2.2 ,  203.0.113.7"], 1),
            ip("203.0.113.7")
        );
        // Behind two: the entry the outer proxy wrote, second from the right.
        assert_eq!(
            xff(&["6.6.6.6, 203.0.113.7, 10.0.0.2"], 2),
            ip("203.0.113.7")
        );
        // Several headers are one list, in order.
        assert_eq!(
            xff(&["6.6.6.6", "203.0.113.7, 10.0.0.2"], 2),
            ip("203.0.113.7")
        );
        assert_eq!(xff(&["203.0.113.7", "10.0.0.2"], 1), ip("10.0.0.2"));
        // Fewer entries than proxies, or no address where the client should be: the peer.
        assert_eq!(xff(&["203.0.113.7"], 2), None);
        assert_eq!(xff(&[], 1), None);
        assert_eq!(xff(&["203.0.113.7, unknown"], 1), None);
        assert_eq!(xff(&[""], 1), None);
        assert_eq!(xff(&["203.0.113.7"], 0), None);
        // Ports, brackets and IPv4-mapped IPv6 as proxies write them.
        assert_eq!(xff(&["203.0.113.7:4711"], 1), ip("203.0.113.7"));
        assert_eq!(xff(&["[2001:db8::1]:443"], 1), ip("2001:db8::1"));
        assert_eq!(xff(&["[2001:db8::1]"], 1), ip("2001:db8::1"));
        assert_eq!(xff(&["::ffff:203.0.113.7"], 1), ip("203.0.113.7"));
    }

    #[test]
    fn tokens_never_reach_the_access_log() {
        assert_eq!(
            loggable_path(&Method::GET, "/verify/abc"),
            "GET /verify/[token]"
        );
        assert_eq!(
            loggable_path(&Method::POST, "/status/abc/cancel"),
            "POST /status/[token]/cancel"
        );
        assert_eq!(
            loggable_path(&Method::GET, "/requests/sent"),
            "GET /requests/sent"
        );
    }
}
