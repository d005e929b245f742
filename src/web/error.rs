//! How errors look on the public pages: a friendly HTML page with the right status, never
//! a raw error or a stack trace.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use super::pages::MessagePage;
use super::refusal::{CHANGED_MEANWHILE, Refusal};
use crate::error::{Gone, ServiceError};

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
    #[error("{0}")]
    Conflict(String),
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

impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> Self {
        match Refusal::from(e) {
            Refusal::NotFound => PageError::NotFound,
            Refusal::Gone(g) => PageError::Gone(g),
            Refusal::Invalid(m) => PageError::BadRequest(m),
            Refusal::Transition(t) => {
                PageError::Conflict(format!("This request can't be changed now: {t}."))
            }
            Refusal::Conflict => PageError::Conflict(CHANGED_MEANWHILE.into()),
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

    fn error_response(&self) -> HttpResponse {
        let (title, message, offer_new): (&str, String, bool) = match self {
            PageError::NotFound => (
                "Link not found",
                "We could not find this page. If you followed a link from an email, it may be incomplete: copy the whole link, or start a new request.".into(),
                true,
            ),
            PageError::Gone(Gone::Expired) => (
                "This link has expired",
                "For your safety, links only work for a limited time. You can start a new request; it takes a minute.".into(),
                true,
            ),
            PageError::Gone(Gone::Used) => (
                "This link was already used",
                "Each confirmation link works once. If you confirmed already, we emailed you a link to follow your request.".into(),
                true,
            ),
            PageError::Gone(Gone::AlreadyConfirmed) => (
                "Already confirmed",
                "This request is already confirmed. We emailed you a link to follow it.".into(),
                false,
            ),
            PageError::Gone(Gone::Closed) => (
                "This request is already finished",
                "There is nothing left to confirm: this request was answered, declined or cancelled. Our answer (a download link, or what we erased) or our reason for declining is in the email we sent you then; look in your spam folder too.".into(),
                true,
            ),
            PageError::BadRequest(m) => ("Something is wrong with this form", m.clone(), true),
            PageError::Forbidden(m) => ("This form has expired", m.clone(), true),
            PageError::Conflict(m) => ("This can't be done now", m.clone(), false),
            // A page of its own: it says how long to wait.
            PageError::TooMany => return super::too_many::response(None),
            PageError::RetryAfter(wait) => return super::too_many::response(Some(*wait)),
            PageError::TooLarge => ("Too much data", "The form sent more data than we accept.".into(), true),
            PageError::Unavailable | PageError::Internal => (
                "Something went wrong on our side",
                "Nothing was changed. Please try again in a few minutes.".into(),
                false,
            ),
        };
        super::pages::render(
            self.status_code(),
            &MessagePage {
                title,
                message: &message,
                offer_new,
            },
        )
    }
}

/// The friendly 404 for unknown paths.
pub async fn not_found() -> Result<HttpResponse, PageError> {
    Err(PageError::NotFound)
}
