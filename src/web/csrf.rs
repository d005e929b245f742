//! CSRF protection for the HTML forms: a signed double-submit cookie.
//!
//! The cookie holds a random nonce (`HttpOnly; SameSite=Strict`); each form carries
//! `HMAC-SHA256(secret, nonce)`. A POST must bring both, and they must match (compared in
//! constant time). A browser that sends an `Origin` must name our own.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use subtle::ConstantTimeEq;

use super::error::PageError;

pub const COOKIE: &str = "dsr_csrf";

/// The nonce of this visitor, and whether it was just made (then the cookie must be set).
pub struct Csrf {
    nonce: String,
    fresh: bool,
}

impl Csrf {
    /// The visitor's nonce, or a new one.
    pub fn for_request(req: &HttpRequest) -> Self {
        match req
            .cookie(COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| valid_nonce(v))
        {
            Some(nonce) => Self {
                nonce,
                fresh: false,
            },
            None => {
                let mut bytes = [0u8; 18];
                // Without randomness the form fails its check later, which is safe.
                let _ = getrandom::fill(&mut bytes);
                Self {
                    nonce: URL_SAFE_NO_PAD.encode(bytes),
                    fresh: true,
                }
            }
        }
    }

    /// The value for the form's hidden `csrf` field.
    pub fn token(&self, key: &[u8]) -> String {
        sign(key, &self.nonce)
    }

    /// The cookie to set, when the nonce is new.
    pub fn cookie(&self, secure: bool) -> Option<Cookie<'static>> {
        self.fresh.then(|| {
            Cookie::build(COOKIE, self.nonce.clone())
                .path("/")
                .http_only(true)
                .secure(secure)
                .same_site(SameSite::Strict)
                .finish()
        })
    }
}

fn valid_nonce(v: &str) -> bool {
    v.len() == 24
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn sign(key: &[u8], nonce: &str) -> String {
    crate::domain::mac::hmac_sha256_hex(key, &[b"csrf:", nonce.as_bytes()])
}

/// Checks a form POST. `public_url` is the origin a browser may legitimately post from.
pub fn check(
    req: &HttpRequest,
    key: &[u8],
    public_url: &str,
    submitted: &str,
) -> Result<(), PageError> {
    let expired = || {
        PageError::Forbidden("For your security this form expired. Please go back, reload the page and send it again.".into())
    };
    if !origin_ok(req, public_url) {
        return Err(expired());
    }
    let nonce = req
        .cookie(COOKIE)
        .map(|c| c.value().to_owned())
        .ok_or_else(expired)?;
    if !valid_nonce(&nonce) {
        return Err(expired());
    }
    let expected = sign(key, &nonce);
    if bool::from(expected.as_bytes().ct_eq(submitted.as_bytes())) {
        Ok(())
    } else {
        Err(expired())
    }
}

/// Whether a browser that sends `Origin` names our own (absent: not a browser's cross-site
/// form, which always sends it). `Origin: null` passes: Chromium sends it for our own forms
/// because every page is `Referrer-Policy: no-referrer`; the signed token and the
/// `SameSite=Strict` cookie (never sent cross-site) remain the defence.
pub fn origin_ok(req: &HttpRequest, public_url: &str) -> bool {
    let Some(origin) = req.headers().get(actix_web::http::header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin == "null" {
        return true;
    }
    let own = origin_of(public_url);
    let host_origin = format!(
        "{}://{}",
        req.connection_info().scheme(),
        req.connection_info().host()
    );
    origin == own || origin == host_origin
}

fn origin_of(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let host = rest.split('/').next().unwrap_or_default();
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn a_signed_nonce_passes_and_anything_else_fails() {
        let key = b"k".repeat(32);
        let req = TestRequest::default().to_http_request();
        let c = Csrf::for_request(&req);
        let cookie = c.cookie(false).unwrap();
        let token = c.token(&key);
        let ok = TestRequest::post().cookie(cookie.clone()).to_http_request();
        assert!(check(&ok, &key, "http://127.0.0.1:8080", &token).is_ok());
        assert!(check(&ok, &key, "http://127.0.0.1:8080", "forged").is_err());
        assert!(check(&ok, &key, "http://127.0.0.1:8080", "").is_err());
        let no_cookie = TestRequest::post().to_http_request();
        assert!(check(&no_cookie, &key, "http://127.0.0.1:8080", &token).is_err());
        let other_key = b"j".repeat(32);
        assert!(check(&ok, &other_key, "http://127.0.0.1:8080", &token).is_err());
        let cross = TestRequest::post()
            .cookie(cookie)
            .insert_header(("Origin", "https://evil.example"))
            .to_http_request();
        assert!(check(&cross, &key, "http://127.0.0.1:8080", &token).is_err());
        // Chromium's own form posts under `Referrer-Policy: no-referrer`.
        let null = TestRequest::post()
            .cookie(c.cookie(false).unwrap())
            .insert_header(("Origin", "null"))
            .to_http_request();
        assert!(check(&null, &key, "http://127.0.0.1:8080", &token).is_ok());
        assert!(check(&null, &key, "http://127.0.0.1:8080", "forged").is_err());
    }

    #[test]
    fn origin_is_scheme_and_host() {
        assert_eq!(
            origin_of("https://dsr.example.com/base"),
            "https://dsr.example.com"
        );
    }
}
