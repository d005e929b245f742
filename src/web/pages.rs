//! Page templates (`templates/portal/`) and how they become responses.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use askama::Template;

use crate::config::Brand;
use crate::domain::work::Step;
use crate::web::story::Story;

thread_local! {
    /// The brand of the server whose worker thread this is: set by each worker when the
    /// application starts on it, so error pages (rendered without the request's state)
    /// name the company too. Several servers in one process (tests) each have their own.
    static BRAND: std::cell::RefCell<Brand> = std::cell::RefCell::new(Brand::default());
}

/// Sets this worker thread's brand (the application factory calls it).
pub fn set_brand(brand: Brand) {
    BRAND.with(|b| *b.borrow_mut() = brand);
}

/// This worker thread's brand (templates call it).
pub fn brand() -> Brand {
    BRAND.with(|b| b.borrow().clone())
}

#[derive(Template)]
#[template(path = "portal/index.html")]
pub struct IndexPage<'a> {
    pub csrf: &'a str,
    pub email: &'a str,
    pub kind: &'a str,
    pub error: Option<String>,
    /// Where the focus goes with an error: `email`, or the message (`form-error`).
    pub focus: &'static str,
    /// The fields a subject may correct, with what they typed.
    pub fields: Vec<FieldInput>,
    /// Each restriction ground: its value and its words.
    pub grounds: Vec<(&'static str, &'static str)>,
    pub ground: &'a str,
    pub scope: &'a str,
    pub note: &'a str,
    /// The portal answers under CCPA: an objection is "Do not sell or share".
    pub ccpa: bool,
}

/// One correctable field on the form.
#[derive(Debug, Clone)]
pub struct FieldInput {
    pub name: String,
    pub label: String,
    pub value: String,
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
    /// "a copy of your personal data", "the erasure of your personal data".
    pub kind: &'a str,
    pub state: &'a str,
    pub story: Story,
    pub received: String,
    /// While the legal clock runs: the due date in words.
    pub due: Option<String>,
    pub can_cancel: bool,
    /// Per store while the work runs or is delayed.
    pub progress: Vec<StoreProgress>,
    /// Record counts in the progress table (an export's; an erasure's would count what it
    /// keeps too).
    pub counts: bool,
    /// The progress table's heading.
    pub progress_title: &'static str,
    /// Once completed: the recipients told of it (Art. 19).
    pub told: Vec<String>,
}

/// One store's line in the export progress shown to the subject. Errors stay internal: the
/// subject sees that a store is delayed, the DPO sees why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreProgress {
    pub store: String,
    pub state: &'static str,
    pub rows: String,
}

impl StoreProgress {
    /// `store` as subjects see it; `access` for an export (else an erasure).
    pub fn new(store: &str, state: Step, rows: i64, access: bool) -> Self {
        Self {
            store: store.to_owned(),
            state: match state {
                Step::Done => "done",
                Step::Failed => "delayed, we are on it",
                Step::Waiting => "asked a partner, waiting for their answer",
                Step::Pending => "not started yet",
                Step::Running if access => "collecting",
                Step::Running => "erasing",
            },
            // A store that failed records no count of what it had read: not a zero.
            rows: if state == Step::Failed {
                "not known".to_owned()
            } else {
                thousands(rows)
            },
        }
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_get_separators_and_errors_stay_internal() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-12_345), "-12,345");
        let p = StoreProgress::new("shop", Step::Failed, 10, true);
        assert_eq!(p.state, "delayed, we are on it");
        assert_eq!(p.rows, "not known", "a failed store's count is not zero");
        assert_eq!(
            StoreProgress::new("shop", Step::Running, 50_000, true).rows,
            "50,000"
        );
    }
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
