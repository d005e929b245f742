//! The icon the browser shows in its tab. Served outside the public pages' rate limit (a
//! browser asks for `/favicon.ico` on its own, once per page at worst) and cached long.

use actix_web::HttpResponse;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};

/// `static/favicon.svg`, at `/static/favicon.svg` (the `<link rel="icon">` of every page) and
/// at `/favicon.ico` (where browsers look when a page names none). Every current browser
/// shows an SVG icon whatever its address.
const FAVICON: &str = include_str!("../../static/favicon.svg");

/// Thirty days: the icon only changes with a release.
const LONG: &str = "public, max-age=2592000";

pub async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "image/svg+xml"))
        .insert_header((CACHE_CONTROL, LONG))
        .body(FAVICON)
}
