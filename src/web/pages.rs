//! Page templates (`templates/portal/`) and how they become responses.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use askama::Template;

#[derive(Template)]
#[template(path = "portal/index.html")]
pub struct IndexPage<'a> {
    pub csrf: &'a str,
    pub email: &'a str,
    pub kind: &'a str,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/sent.html")]
pub struct SentPage {
    pub ttl_hours: u32,
}

#[derive(Template)]
#[template(path = "portal/verify.html")]
pub struct VerifyPage<'a> {
    pub csrf: &'a str,
    pub token: &'a str,
    pub kind: &'a str,
    pub masked_email: &'a str,
}

#[derive(Template)]
#[template(path = "portal/status.html")]
pub struct StatusPage<'a> {
    pub csrf: &'a str,
    pub token: &'a str,
    pub id: &'a str,
    pub kind: &'a str,
    pub state: &'a str,
    pub state_label: String,
    pub describe: &'a str,
    pub received: String,
    pub due: Option<String>,
    pub days_left: Option<i64>,
    pub can_cancel: bool,
    /// When a scheduled erasure starts (the subject can cancel until then).
    pub starts: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/message.html")]
pub struct MessagePage<'a> {
    pub title: &'a str,
    pub message: &'a str,
    pub offer_new: bool,
}

/// Renders a page; pages are never cached (they may be behind a token).
pub fn render(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(body) => HttpResponse::build(status)
            .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((CACHE_CONTROL, "no-store"))
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            HttpResponse::InternalServerError()
                .insert_header((CONTENT_TYPE, "text/plain; charset=utf-8"))
                .body("Something went wrong on our side. Nothing was changed.")
        }
    }
}

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../../static/app.css"))
}
