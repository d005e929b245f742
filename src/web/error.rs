//! How errors look on the public pages: a friendly HTML page with the right status, never
//! a raw error or a stack trace.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use minijinja::context;

use super::WebState;
use super::pages::{MessagePage, render_in};
use super::refusal::Refusal;
use crate::error::{Gone, ServiceError};
use crate::i18n::Lang;

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Gone(Gone),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("conflict")]
    Conflict(Conflict),
    /// Over a rate limit whose wait is not known here (the per-address limit).
    #[error("too many requests")]
    TooMany,
    /// Over a rate limit: try again after this long (the page says it, and `Retry-After`).
    #[error("too many requests")]
    RetryAfter(std::time::Duration),
    #[error("payload too large")]
    TooLarge,
    #[error("unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
}

/// Why a change can't be made now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// The request's state doesn't allow it (it started, or it is closed).
    Transition,
    /// Another change got there first.
    ChangedMeanwhile,
}

impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> Self {
        match Refusal::from(e) {
            Refusal::NotFound => PageError::NotFound,
            Refusal::Gone(g) => PageError::Gone(g),
            Refusal::Invalid(m) => PageError::BadRequest(m),
            Refusal::Transition(_) => PageError::Conflict(Conflict::Transition),
            Refusal::Conflict => PageError::Conflict(Conflict::ChangedMeanwhile),
            Refusal::Unavailable => PageError::Unavailable,
            Refusal::Internal => PageError::Internal,
        }
    }
}

impl From<actix_web::error::BlockingError> for PageError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        PageError::Unavailable
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Gone(_) => StatusCode::GONE,
            PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
            PageError::Forbidden(_) => StatusCode::FORBIDDEN,
            PageError::Conflict(_) => StatusCode::CONFLICT,
            PageError::TooMany | PageError::RetryAfter(_) => StatusCode::TOO_MANY_REQUESTS,
            PageError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            PageError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A plain answer carrying what the page says: the public pages' language middleware
    /// ([`super::lang::choose`]) renders it in the subject's language.
    fn error_response(&self) -> HttpResponse {
        let page = self.page();
        let mut res = HttpResponse::build(self.status_code())
            .insert_header((CONTENT_TYPE, "text/plain; charset=utf-8"))
            .insert_header((CACHE_CONTROL, "no-store"))
            .body(format!("{}.", self.status_code()));
        if let Some(w) = page.wait {
            res.headers_mut().insert(
                RETRY_AFTER,
                HeaderValue::from(super::too_many::retry_after(w)),
            );
        }
        res.extensions_mut().insert(page);
        res
    }
}

/// What an error page says: text keys (`locales/<lang>/pages.ftl`), or words of the
/// service's own (a form's problem).
#[derive(Debug, Clone)]
pub struct ErrorPage {
    status: StatusCode,
    title: &'static str,
    message: Said,
    offer_new: bool,
    /// A 429: its own page, saying how long to wait when it is known.
    too_many: bool,
    wait: Option<std::time::Duration>,
}

#[derive(Debug, Clone)]
enum Said {
    Key(&'static str),
    Words(String),
}

impl PageError {
    fn page(&self) -> ErrorPage {
        let (title, message, offer_new) = match self {
            PageError::NotFound => ("error-not-found-title", Said::Key("error-not-found"), true),
            PageError::Gone(Gone::Expired) => {
                ("error-expired-title", Said::Key("error-expired"), true)
            }
            PageError::Gone(Gone::Used) => ("error-used-title", Said::Key("error-used"), true),
            PageError::Gone(Gone::AlreadyConfirmed) => {
                ("error-confirmed-title", Said::Key("error-confirmed"), false)
            }
            PageError::Gone(Gone::Closed) => {
                ("error-closed-title", Said::Key("error-closed"), true)
            }
            PageError::BadRequest(m) => ("error-bad-form-title", Said::Words(m.clone()), true),
            PageError::Forbidden(_) => (
                "error-form-expired-title",
                Said::Key("error-form-expired"),
                true,
            ),
            PageError::Conflict(Conflict::Transition) => (
                "error-conflict-title",
                Said::Key("error-cannot-change"),
                false,
            ),
            PageError::Conflict(Conflict::ChangedMeanwhile) => (
                "error-conflict-title",
                Said::Key("error-changed-meanwhile"),
                false,
            ),
            PageError::TooLarge => ("error-too-large-title", Said::Key("error-too-large"), true),
            PageError::TooMany | PageError::RetryAfter(_) => {
                ("too-many-title", Said::Key("too-many-lead"), false)
            }
            PageError::Unavailable | PageError::Internal => {
                ("error-ours-title", Said::Key("error-ours"), false)
            }
        };
        ErrorPage {
            status: self.status_code(),
            title,
            message,
            offer_new,
            too_many: matches!(self, PageError::TooMany | PageError::RetryAfter(_)),
            wait: match self {
                PageError::RetryAfter(w) => Some(*w),
                _ => None,
            },
        }
    }
}

impl ErrorPage {
    /// The page in `lang`.
    pub fn render(&self, req: &HttpRequest, state: &WebState, lang: Lang) -> HttpResponse {
        let t = state.portal.i18n.texts(lang);
        if self.too_many {
            let wait = self.wait.map(|w| super::too_many::in_words(w, t));
            return render_in(
                state,
                lang,
                req.path(),
                self.status,
                "portal/too_many.html",
                &context! { wait },
            );
        }
        let message = match &self.message {
            Said::Key(k) => t.t(k),
            Said::Words(w) => w.clone(),
        };
        render_in(
            state,
            lang,
            req.path(),
            self.status,
            "portal/message.html",
            &MessagePage {
                title: &t.t(self.title),
                message: &message,
                offer_new: self.offer_new,
            },
        )
    }
}

/// The friendly 404 for unknown paths.
pub async fn not_found() -> Result<HttpResponse, PageError> {
    Err(PageError::NotFound)
}
