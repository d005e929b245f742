//! How the desk answers when something is refused or fails: an HTML page in the desk's
//! style, or a redirect to the login page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::page::render;
use crate::error::ServiceError;
use crate::web::refusal::{CHANGED_MEANWHILE, Refusal};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// No live session: to the login page.
    #[error("login needed")]
    Login { expired: bool },
    #[error("not allowed from this address")]
    NotAllowed,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    TooLarge(String),
    #[error("too many attempts")]
    TooMany,
    /// Too many password checks at once (`admin.password_check_*`).
    #[error("busy")]
    Busy,
    #[error("unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
}

impl From<ServiceError> for AdminError {
    fn from(e: ServiceError) -> Self {
        match Refusal::from(e) {
            Refusal::NotFound => AdminError::NotFound,
            Refusal::Gone(g) => AdminError::Conflict(g.to_string()),
            Refusal::Invalid(m) => AdminError::BadRequest(m),
            Refusal::Transition(t) => AdminError::Conflict(format!("{t}.")),
            Refusal::Conflict => AdminError::Conflict(CHANGED_MEANWHILE.into()),
            Refusal::Unavailable => AdminError::Unavailable,
            Refusal::Internal => AdminError::Internal,
        }
    }
}

impl From<actix_web::error::BlockingError> for AdminError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        AdminError::Unavailable
    }
}

#[derive(Template)]
#[template(path = "admin/message.html")]
struct MessagePage<'a> {
    title: &'a str,
    message: &'a str,
    back: bool,
}

impl ResponseError for AdminError {
    fn status_code(&self) -> StatusCode {
        match self {
            AdminError::Login { .. } => StatusCode::SEE_OTHER,
            AdminError::NotAllowed | AdminError::Forbidden(_) => StatusCode::FORBIDDEN,
            AdminError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AdminError::Conflict(_) => StatusCode::CONFLICT,
            AdminError::NotFound => StatusCode::NOT_FOUND,
            AdminError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AdminError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            AdminError::Unavailable | AdminError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AdminError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (title, message, back): (&str, String, bool) = match self {
            AdminError::Login { expired } => {
                let to = if *expired {
                    "/admin/login?expired=1"
                } else {
                    "/admin/login"
                };
                return crate::web::portal::see_other(to);
            }
            AdminError::NotAllowed => (
                "Not available from your network",
                "The privacy desk only answers approved addresses. The attempt was recorded."
                    .into(),
                false,
            ),
            AdminError::Forbidden(m) => ("Not allowed", m.clone(), true),
            AdminError::BadRequest(m) => ("That did not work", m.clone(), true),
            AdminError::TooLarge(m) => ("Too large", m.clone(), true),
            AdminError::Conflict(m) => ("That can't be done now", m.clone(), true),
            AdminError::NotFound => (
                "Not found",
                "There is no such page or request.".into(),
                true,
            ),
            AdminError::TooMany => (
                "Too many attempts",
                "Too many login attempts from your address. Wait a minute and try again.".into(),
                false,
            ),
            AdminError::Busy => {
                let page = MessagePage {
                    title: "The desk is busy",
                    message: "Many people are signing in right now. Nothing was checked or recorded; wait a few seconds and sign in again.",
                    back: false,
                };
                let mut res = render(self.status_code(), &page);
                res.headers_mut().insert(
                    actix_web::http::header::RETRY_AFTER,
                    actix_web::http::header::HeaderValue::from_static("5"),
                );
                return res;
            }
            AdminError::Unavailable | AdminError::Internal => (
                "Something went wrong",
                "Nothing was changed. Try again in a few minutes.".into(),
                true,
            ),
        };
        render(
            self.status_code(),
            &MessagePage {
                title,
                message: &message,
                back,
            },
        )
    }
}
