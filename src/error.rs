//! Why a use case, a job body or a workflow step did not happen. Nothing was changed when
//! one is returned. Below the use cases so that the workflow and the job bodies share it.

use crate::db::DbError;
use crate::domain::TransitionError;

/// Why a use case did not happen. Nothing was changed when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Gone(Gone),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the request changed meanwhile; reload and try again")]
    Conflict,
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// A unique index refused a row (another transaction got there first): matched by the
    /// database's error kind, never by its text.
    #[error("internal error: {0}")]
    Duplicate(String),
}

impl ServiceError {
    /// The error in words that may enter the audit log or an email: a database's own message
    /// (which can quote a row) goes to the operator's log only.
    pub fn summary(&self) -> String {
        match self {
            ServiceError::Unavailable(_) => "the database is unavailable".into(),
            ServiceError::Internal(_) | ServiceError::Duplicate(_) => {
                "internal error (see the operator's log)".into()
            }
            other => other.to_string(),
        }
    }
}

/// Why a link no longer works (HTTP 410).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Gone {
    #[error("this link has expired")]
    Expired,
    #[error("this link was already used")]
    Used,
    #[error("this request is already confirmed")]
    AlreadyConfirmed,
    #[error("this request is closed")]
    Closed,
}

impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ServiceError::Duplicate(e.to_string())
            }
            e => ServiceError::Internal(e.to_string()),
        }
    }
}

impl ServiceError {
    /// Whether a failed transaction lost a race on a unique index (then a retry sees the
    /// winner).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, ServiceError::Duplicate(_))
    }
}

impl From<DbError> for ServiceError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Pool(e) => ServiceError::Unavailable(e.to_string()),
            other => ServiceError::Internal(other.to_string()),
        }
    }
}

impl From<minijinja::Error> for ServiceError {
    fn from(e: minijinja::Error) -> Self {
        ServiceError::Internal(format!("template: {e:#}"))
    }
}

impl From<getrandom::Error> for ServiceError {
    fn from(e: getrandom::Error) -> Self {
        ServiceError::Internal(format!("randomness: {e}"))
    }
}
