//! The subject's language on the public pages: `?lang=` (a plain link on every page, kept
//! in a cookie), else the cookie, else `Accept-Language`, else `i18n.default`. The choice
//! is put in the request's extensions for the handlers, and error pages (rendered by
//! [`PageError`](super::error::PageError) without the request) are rendered here in it.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, web};

use super::WebState;
use super::error::ErrorPage;
use crate::i18n::Lang;

/// The cookie that keeps a language picked by link.
pub const COOKIE: &str = "lang";

/// The language of this request (set by [`choose`]; negotiated again if it is missing).
pub fn of(req: &HttpRequest, state: &WebState) -> Lang {
    if let Some(l) = req.extensions().get::<Lang>() {
        return *l;
    }
    decide(req, state).0
}

/// The language, and whether it was picked by link now (`?lang=`).
fn decide(req: &HttpRequest, state: &WebState) -> (Lang, bool) {
    let i18n = &state.portal.i18n;
    let offered = |code: &str| Lang::parse(code).filter(|l| i18n.offered().contains(l));
    let picked = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .ok()
        .and_then(|q| {
            q.iter()
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| offered(v))
        });
    if let Some(l) = picked {
        return (l, true);
    }
    if let Some(l) = req.cookie(COOKIE).and_then(|c| offered(c.value())) {
        return (l, false);
    }
    let accept = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    (i18n.negotiate(accept), false)
}

/// Middleware for the public pages: decides the language, remembers a link's choice, and
/// renders error pages in it.
pub async fn choose(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, Error> {
    let Some(state) = req.app_data::<web::Data<WebState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let (lang, picked) = decide(req.request(), &state);
    req.extensions_mut().insert(lang);
    let mut res = next.call(req).await?;
    if picked {
        let cookie = Cookie::build(COOKIE, lang.as_str())
            .path("/")
            .http_only(true)
            .secure(state.portal.config.is_https())
            .same_site(SameSite::Strict)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish();
        let _ = res.response_mut().add_cookie(&cookie);
    }
    let page = res.response().extensions().get::<ErrorPage>().cloned();
    let Some(page) = page else {
        return Ok(res.map_into_left_body());
    };
    let (req, old) = res.into_parts();
    let mut new = page.render(&req, &state, lang);
    for (name, value) in old.headers() {
        if !new.headers().contains_key(name) {
            new.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(req, new).map_into_right_body())
}
