//! The public pages' 429: how long to wait, in words on the page and in seconds in
//! `Retry-After` (RFC 9110 §10.2.3), when the limiter knows it.

use std::time::Duration;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use askama::Template;

#[derive(Template)]
#[template(path = "portal/too_many.html")]
struct TooManyPage {
    /// `about 40 seconds`, `2 minutes`: completes "Please try again in …".
    wait: Option<String>,
}

/// The 429 page; with `wait`, it says how long and sends `Retry-After`.
pub fn response(wait: Option<Duration>) -> HttpResponse {
    let mut res = super::pages::render(
        StatusCode::TOO_MANY_REQUESTS,
        &TooManyPage {
            wait: wait.map(in_words),
        },
    );
    if let Some(w) = wait {
        res.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(retry_after(w)));
    }
    res
}

/// Whole seconds, rounded up: a client that waits exactly this long is let through.
fn retry_after(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

/// A wait as a person says it, never shorter than the real one: `1 second`, `8 seconds`,
/// `about 40 seconds` (up to the next 5 from 10 s), `1 minute`, `2 minutes` (up to 59), `1 hour`, `3 hours`.
pub fn in_words(wait: Duration) -> String {
    let secs = retry_after(wait);
    let plural = |n: u64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match secs {
        0..=9 => plural(secs, "second"),
        10..=55 => format!("about {} seconds", secs.div_ceil(5) * 5),
        56..=3540 => plural(secs.div_ceil(60), "minute"),
        _ => plural(secs.div_ceil(3600), "hour"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_as_words_and_never_undersell() {
        let s = Duration::from_secs;
        for (wait, words) in [
            (Duration::from_millis(1), "1 second"),
            (s(1), "1 second"),
            (Duration::from_millis(7_200), "8 seconds"),
            (s(10), "about 10 seconds"),
            (s(37), "about 40 seconds"),
            (s(55), "about 55 seconds"),
            (s(56), "1 minute"),
            (s(60), "1 minute"),
            (s(61), "2 minutes"),
            (s(30 * 60), "30 minutes"),
            (s(3540), "59 minutes"),
            (s(3541), "1 hour"),
            (s(3600), "1 hour"),
            (s(3601), "2 hours"),
        ] {
            assert_eq!(in_words(wait), words, "{wait:?}");
        }
        assert_eq!(retry_after(Duration::from_millis(30_001)), 31);
        assert_eq!(retry_after(Duration::ZERO), 1);
    }

    #[test]
    fn the_page_says_how_long_and_retry_after_agrees() {
        let res = response(Some(Duration::from_secs(40)));
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers().get(RETRY_AFTER).unwrap(), "40");
        let res = response(None);
        assert!(res.headers().get(RETRY_AFTER).is_none());
    }
}
