//! The API's errors: `{"error":{"code","message"}}` with a stable `code` and the right status;
//! never a stack trace, never an HTML page.

use actix_web::http::StatusCode;
use actix_web::http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::TokenError;
use crate::error::ServiceError;
use crate::service::api::ApiServiceError;
use crate::web::refusal::Refusal;

/// Stable error codes (clients switch on these; messages may change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: a query parameter, header or the JSON syntax is wrong.
    BadRequest,
    /// 400: `cursor` is not one this API returned.
    InvalidCursor,
    /// 401: no `Authorization: Bearer` header.
    MissingToken,
    /// 401: the token is not valid (signature, algorithm, audience, issuer, not-before, revoked…).
    InvalidToken,
    /// 401: the token has expired.
    TokenExpired,
    /// 403: the token lacks the scope the route needs.
    InsufficientScope,
    /// 404: no such request (or route).
    NotFound,
    /// 405: the route exists, the method does not.
    MethodNotAllowed,
    /// 409: the request's state does not allow this (e.g. cancelling a completed request).
    InvalidTransition,
    /// 409: the request changed meanwhile; retry.
    Conflict,
    /// 409: the `Idempotency-Key` was used with a different body within 24 hours.
    IdempotencyKeyReused,
    /// 413: the body is larger than `server.max_body_bytes`.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: well-formed JSON with a value that is not acceptable.
    ValidationFailed,
    /// 429: too many calls for this token's subject; see `Retry-After`.
    RateLimited,
    /// 503: the database is unavailable; nothing was changed.
    Unavailable,
    /// 500: something failed on our side; nothing was changed.
    Internal,
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// For people; not stable.
    pub message: String,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{status} {code:?}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    retry_after: Option<u64>,
    allow: Option<&'static str>,
    scope: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
            allow: None,
            scope: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            message,
        )
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "no such request",
        )
    }

    pub fn forbidden(scope: &'static str) -> Self {
        let mut e = Self::new(
            StatusCode::FORBIDDEN,
            ErrorCode::InsufficientScope,
            format!("this call needs the scope {scope}"),
        );
        e.scope = Some(scope);
        e
    }

    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            "too many calls for this token; retry later",
        );
        e.retry_after = Some(retry_after_seconds.max(1));
        e
    }

    pub fn method_not_allowed(allow: &'static str) -> Self {
        let mut e = Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            format!("this route allows {allow}"),
        );
        e.allow = Some(allow);
        e
    }

    pub fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            "the body is too large",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "something failed on our side; nothing was changed",
        )
    }

    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Unavailable,
            "the service is unavailable; nothing was changed, retry later",
        )
    }
}

impl From<TokenError> for ApiError {
    fn from(e: TokenError) -> Self {
        match e {
            TokenError::Missing => Self::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::MissingToken,
                "send Authorization: Bearer <token>",
            ),
            TokenError::Expired => Self::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::TokenExpired,
                "the token has expired",
            ),
            // The reason goes to the server log only.
            TokenError::Invalid(_) => Self::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidToken,
                "the token is not valid",
            ),
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match Refusal::from(e) {
            Refusal::NotFound => Self::not_found(),
            Refusal::Gone(g) => Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, g.to_string()),
            Refusal::Invalid(m) => Self::validation(m),
            Refusal::Transition(t) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::InvalidTransition, t)
            }
            Refusal::Conflict => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                "the request changed meanwhile; retry",
            ),
            Refusal::Unavailable => Self::unavailable(),
            Refusal::Internal => Self::internal(),
        }
    }
}

impl From<ApiServiceError> for ApiError {
    fn from(e: ApiServiceError) -> Self {
        match e {
            ApiServiceError::Service(s) => s.into(),
            ApiServiceError::IdempotencyKeyReused => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::IdempotencyKeyReused,
                e.to_string(),
            ),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        Self::unavailable()
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message.clone(),
            },
        };
        let mut res = HttpResponse::build(self.status);
        res.insert_header((CONTENT_TYPE, "application/json"))
            .insert_header((CACHE_CONTROL, "no-store"));
        match self.code {
            ErrorCode::MissingToken => {
                res.insert_header((WWW_AUTHENTICATE, "Bearer realm=\"dsr-portal\""));
            }
            ErrorCode::InvalidToken | ErrorCode::TokenExpired => {
                res.insert_header((
                    WWW_AUTHENTICATE,
                    "Bearer realm=\"dsr-portal\", error=\"invalid_token\"",
                ));
            }
            _ => {}
        }
        if let Some(scope) = self.scope {
            res.insert_header((
                WWW_AUTHENTICATE,
                format!(
                    "Bearer realm=\"dsr-portal\", error=\"insufficient_scope\", scope=\"{scope}\""
                ),
            ));
        }
        if let Some(s) = self.retry_after {
            res.insert_header((RETRY_AFTER, s.to_string()));
        }
        if let Some(allow) = self.allow {
            res.insert_header((ALLOW, allow));
        }
        res.body(
            serde_json::to_string(&body).unwrap_or_else(|_| {
                r#"{"error":{"code":"internal","message":"error"}}"#.to_owned()
            }),
        )
    }
}

/// Maps the body extractor's failures to 413 / 415 / 400 / 422.
pub fn json_error(err: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as E;
    match err {
        E::Overflow { .. } | E::OverflowKnownLength { .. } => ApiError::too_large(),
        E::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "send the body as Content-Type: application/json",
        ),
        E::Deserialize(e) if e.is_data() => ApiError::validation(short(&e.to_string())),
        E::Deserialize(e) => ApiError::bad_request(format!(
            "the body is not valid JSON: {}",
            short(&e.to_string())
        )),
        other => ApiError::bad_request(format!(
            "the body could not be read: {}",
            short(&other.to_string())
        )),
    }
}

/// Maps the query extractor's failures to 400.
pub fn query_error(err: actix_web::error::QueryPayloadError) -> ApiError {
    ApiError::bad_request(format!("invalid query: {}", short(&err.to_string())))
}

/// Error texts from parsers, cut to a readable length.
fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

/// Extractor failures arrive as `actix_web::Error`; ours carry an [`ApiError`].
impl From<actix_web::Error> for ApiError {
    fn from(e: actix_web::Error) -> Self {
        e.as_error::<ApiError>()
            .cloned()
            .unwrap_or_else(|| ApiError::bad_request(short(&e.to_string())))
    }
}
