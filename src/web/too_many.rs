//! The public pages' 429: how long to wait, in words on the page and in seconds in
//! `Retry-After` (RFC 9110 §10.2.3), when the limiter knows it. The page itself is an
//! [`ErrorPage`](super::error::ErrorPage).

use std::time::Duration;

use crate::i18n::{Arg, Catalogue};

/// Whole seconds, rounded up: a client that waits exactly this long is let through.
pub fn retry_after(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

/// A wait as a person says it, never shorter than the real one: `1 second`, `8 seconds`,
/// `about 40 seconds` (up to the next 5 from 10 s), `1 minute`, `2 minutes` (up to 59),
/// `1 hour`, `3 hours` — in the subject's language.
pub fn in_words(wait: Duration, t: &Catalogue) -> String {
    let secs = retry_after(wait);
    let (key, n) = match secs {
        0..=9 => ("wait-seconds", secs),
        10..=55 => ("wait-about-seconds", secs.div_ceil(5) * 5),
        56..=3540 => ("wait-minutes", secs.div_ceil(60)),
        _ => ("wait-hours", secs.div_ceil(3600)),
    };
    t.text(key, &[("n", Arg::from(n))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_as_words_and_never_undersell() {
        let i18n = crate::i18n::I18n::built_in();
        let en = i18n.texts(crate::i18n::Lang::EN);
        let in_words = |w| super::in_words(w, en);
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
        use actix_web::ResponseError;
        use actix_web::http::StatusCode;
        use actix_web::http::header::RETRY_AFTER;

        use crate::web::error::PageError;
        let res = PageError::RetryAfter(Duration::from_secs(40)).error_response();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers().get(RETRY_AFTER).unwrap(), "40");
        let res = PageError::TooMany.error_response();
        assert!(res.headers().get(RETRY_AFTER).is_none());
    }
}
