//! The one error policy of the three HTTP surfaces (portal pages, the desk, the support API):
//! what a failed use case means — which kind of refusal, what may be shown — decided here
//! once, with a database's or the server's own words going to the operator's log only. Each
//! surface then renders a refusal its way (a page, the desk's page, JSON with a stable code).

use crate::error::{Gone, ServiceError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Unknown id or link (404).
    NotFound,
    /// A link that no longer works (410 on the portal).
    Gone(Gone),
    /// The input was wrong; the message says how (400 / 422).
    Invalid(String),
    /// The state doesn't allow it (`cannot approve a request that is processing`).
    Transition(String),
    /// Another change got there first; reloading helps.
    Conflict,
    /// The database can't be reached; nothing was changed (503).
    Unavailable,
    /// Our fault; nothing was changed (500). The detail is in the log.
    Internal,
}

impl From<ServiceError> for Refusal {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound(_) => Refusal::NotFound,
            ServiceError::Gone(g) => Refusal::Gone(g),
            ServiceError::Invalid(m) => Refusal::Invalid(m),
            ServiceError::Transition(t) => Refusal::Transition(t.to_string()),
            ServiceError::Conflict => Refusal::Conflict,
            ServiceError::Unavailable(m) => {
                tracing::error!(error = %m, "database unavailable");
                Refusal::Unavailable
            }
            ServiceError::Internal(m) | ServiceError::Duplicate(m) => {
                tracing::error!(error = %m, "internal error");
                Refusal::Internal
            }
        }
    }
}

/// What the surfaces say when another change got there first.
pub const CHANGED_MEANWHILE: &str = "The request changed meanwhile; reload and try again.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_detail_never_reaches_a_refusal() {
        let r = Refusal::from(ServiceError::Internal("Key (email)=(x@y.z) exists".into()));
        assert_eq!(r, Refusal::Internal);
        assert_eq!(
            Refusal::from(ServiceError::Duplicate("dup".into())),
            Refusal::Internal
        );
        assert_eq!(
            Refusal::from(ServiceError::Invalid("enter an address".into())),
            Refusal::Invalid("enter an address".into())
        );
    }
}
