//! The subject's pages (`templates/portal/`, replaceable per language) and how they
//! become responses.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

use super::WebState;
use crate::config::Brand;
use crate::domain::work::Step;
use crate::i18n::{Catalogue, Lang};
use crate::web::story::Story;

#[derive(Serialize)]
pub struct IndexPage<'a> {
    pub csrf: &'a str,
    pub email: &'a str,
    pub kind: &'a str,
    pub error: Option<String>,
    /// Where the focus goes with an error: `email`, or the message (`form-error`).
    pub focus: &'static str,
    /// The fields a subject may correct, with what they typed.
    pub fields: Vec<FieldInput>,
    /// Each restriction ground's value (its words are the text `ground-<value>`).
    pub grounds: Vec<&'static str>,
    pub ground: &'a str,
    pub scope: &'a str,
    pub note: &'a str,
    /// The portal answers under CCPA: an objection is "Do not sell or share".
    pub ccpa: bool,
}

/// One correctable field on the form.
#[derive(Debug, Clone, Serialize)]
pub struct FieldInput {
    pub name: String,
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct SentPage {
    pub ttl_hours: u32,
}

#[derive(Serialize)]
pub struct VerifyPage<'a> {
    pub csrf: &'a str,
    pub token: &'a str,
    /// The kind (`access`, …): its words are the text `kind-<kind>`.
    pub kind: &'a str,
    pub masked_email: &'a str,
}

#[derive(Serialize)]
pub struct StatusPage<'a> {
    pub csrf: &'a str,
    pub token: &'a str,
    pub id: &'a str,
    /// The kind (`access`, …): its words are the text `kind-<kind>`.
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
    /// The progress table's heading (a text key).
    pub progress_title: &'static str,
    /// Once completed: the recipients told of it (Art. 19).
    pub told: Vec<String>,
}

/// One store's line in the export progress shown to the subject. Errors stay internal: the
/// subject sees that a store is delayed, the DPO sees why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreProgress {
    pub store: String,
    pub state: String,
    pub rows: String,
}

impl StoreProgress {
    /// `store` as subjects see it; `access` for an export (else an erasure).
    pub fn new(store: &str, state: Step, rows: i64, access: bool, t: &Catalogue) -> Self {
        Self {
            store: store.to_owned(),
            state: t.t(match state {
                Step::Done => "step-done",
                Step::Failed => "step-failed",
                Step::Waiting => "step-waiting",
                Step::Pending => "step-pending",
                Step::Running if access => "step-collecting",
                Step::Running => "step-erasing",
            }),
            // A store that failed records no count of what it had read: not a zero.
            rows: if state == Step::Failed {
                t.t("step-unknown-count")
            } else {
                t.number(rows)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_get_separators_and_errors_stay_internal() {
        let i18n = crate::i18n::I18n::built_in();
        let en = i18n.texts(Lang::EN);
        assert_eq!(en.number(0), "0");
        assert_eq!(en.number(999), "999");
        assert_eq!(en.number(1000), "1,000");
        assert_eq!(en.number(1_234_567), "1,234,567");
        assert_eq!(en.number(-12_345), "-12,345");
        assert_eq!(
            i18n.texts(Lang::parse("de").unwrap()).number(50_000),
            "50.000"
        );
        let p = StoreProgress::new("shop", Step::Failed, 10, true, en);
        assert_eq!(p.state, "delayed, we are on it");
        assert_eq!(p.rows, "not known", "a failed store's count is not zero");
        assert_eq!(
            StoreProgress::new("shop", Step::Running, 50_000, true, en).rows,
            "50,000"
        );
    }
}

#[derive(Serialize)]
pub struct MessagePage<'a> {
    pub title: &'a str,
    pub message: &'a str,
    pub offer_new: bool,
}

/// Renders page `name` with `page`'s values in the request's language; pages are never
/// cached (they may be behind a token).
pub fn render(
    req: &HttpRequest,
    state: &WebState,
    status: StatusCode,
    name: &str,
    page: &impl Serialize,
) -> HttpResponse {
    let lang = super::lang::of(req, state);
    render_in(state, lang, req.path(), status, name, page)
}

/// [`render`] in a language already decided, for the page at `path`.
pub fn render_in(
    state: &WebState,
    lang: Lang,
    path: &str,
    status: StatusCode,
    name: &str,
    page: &impl Serialize,
) -> HttpResponse {
    let ctx = context! {
        brand => Value::from(Serde(Brand::of(&state.portal.config.portal))),
        here => path,
        ..Value::from(Serde(page))
    };
    match state.portal.i18n.render(lang, name, ctx) {
        Ok(body) => HttpResponse::build(status)
            .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((CACHE_CONTROL, "no-store"))
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, template = name, "template failed");
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
