//! The request lifecycle (DESIGN §2): kinds, states and the checked transitions between them.
//!
//! ```text
//! unverified --verify--> verified --(approval required?)--> awaiting_approval --approve--> processing
//!                                  \----------------------------------------------------> processing
//! (an erasure with policy.erasure_wait_days > 0 passes through `scheduled` before `processing`)
//! processing --> completed | failed;  failed --retry--> processing
//! unverified --(verification TTL passes)--> expired
//! unverified|verified|awaiting_approval|scheduled --subject or DPO--> cancelled
//! verified|awaiting_approval --DPO with a reason--> rejected
//! ```

use std::fmt;
use std::str::FromStr;

/// What the subject asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A copy of their data (Art. 15 and 20).
    Access,
    /// Erasure (Art. 17).
    Erasure,
    /// Correction of inaccurate data (Art. 16; CCPA right to correct).
    Rectification,
    /// Restriction of processing (Art. 18).
    Restriction,
    /// Objection to processing (Art. 21; CCPA opt-out of sale or sharing).
    Objection,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Access,
        Kind::Erasure,
        Kind::Rectification,
        Kind::Restriction,
        Kind::Objection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Access => "access",
            Kind::Erasure => "erasure",
            Kind::Rectification => "rectification",
            Kind::Restriction => "restriction",
            Kind::Objection => "objection",
        }
    }

    /// How the kind reads in a sentence ("a copy of your data").
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Access => "a copy of your personal data",
            Kind::Erasure => "the erasure of your personal data",
            Kind::Rectification => "the correction of your personal data",
            Kind::Restriction => "the restriction of the processing of your personal data",
            Kind::Objection => "your objection to the processing of your personal data",
        }
    }

    /// The kinds whose work changes records in the stores in place (a correction or a
    /// flag) rather than building an archive or erasing.
    pub fn changes_records(self) -> bool {
        matches!(
            self,
            Kind::Rectification | Kind::Restriction | Kind::Objection
        )
    }
}

/// A request's state (DESIGN §2). The names are the contract of the API and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Unverified,
    Verified,
    AwaitingApproval,
    Scheduled,
    Processing,
    Completed,
    Failed,
    Expired,
    Cancelled,
    Rejected,
}

impl State {
    pub const ALL: [State; 10] = [
        State::Unverified,
        State::Verified,
        State::AwaitingApproval,
        State::Scheduled,
        State::Processing,
        State::Completed,
        State::Failed,
        State::Expired,
        State::Cancelled,
        State::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Unverified => "unverified",
            State::Verified => "verified",
            State::AwaitingApproval => "awaiting_approval",
            State::Scheduled => "scheduled",
            State::Processing => "processing",
            State::Completed => "completed",
            State::Failed => "failed",
            State::Expired => "expired",
            State::Cancelled => "cancelled",
            State::Rejected => "rejected",
        }
    }

    /// A request that is still being worked on: the subject can't open a second one of
    /// the same kind while it is open.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            State::Completed | State::Expired | State::Cancelled | State::Rejected
        )
    }

    /// Whether the subject (or a DPO) may still cancel.
    pub fn can_cancel(self) -> bool {
        Action::Cancel.apply(self).is_ok()
    }

    /// Whether the legal clock is running: verified and not yet closed.
    pub fn clock_running(self) -> bool {
        self.is_open() && self != State::Unverified
    }

    /// Plain words for the subject's status page.
    pub fn describe(self) -> &'static str {
        match self {
            State::Unverified => "Waiting for you to confirm your email address.",
            State::Verified => "Your identity is confirmed.",
            State::AwaitingApproval => "Confirmed; our privacy team is reviewing your request.",
            State::Scheduled => "Confirmed and scheduled; it will be carried out shortly.",
            State::Processing => "We are working on your request.",
            State::Completed => "Your request has been completed.",
            State::Failed => "We hit a problem and are retrying; our privacy team has been told.",
            State::Expired => "The confirmation link expired before it was used.",
            State::Cancelled => "This request was cancelled.",
            State::Rejected => "This request was declined; we have emailed you the reason.",
        }
    }
}

/// Something that moves a request from one state to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The subject confirmed their address.
    Verify,
    /// A verified request waits for a DPO.
    AwaitApproval,
    /// A DPO approved it.
    Approve,
    /// It waits `policy.erasure_wait_days` before running.
    Schedule,
    /// Work begins.
    Start,
    Complete,
    Fail,
    Retry,
    /// The verification link expired unused.
    Expire,
    Cancel,
    Reject,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Verify => "verify",
            Action::AwaitApproval => "await_approval",
            Action::Approve => "approve",
            Action::Schedule => "schedule",
            Action::Start => "start",
            Action::Complete => "complete",
            Action::Fail => "fail",
            Action::Retry => "retry",
            Action::Expire => "expire",
            Action::Cancel => "cancel",
            Action::Reject => "reject",
        }
    }

    /// The state this action leads to from `from`, or why it can't be taken.
    pub fn apply(self, from: State) -> Result<State, TransitionError> {
        use State::*;
        let to = match (self, from) {
            (Action::Verify, Unverified) => Verified,
            (Action::AwaitApproval, Verified) => AwaitingApproval,
            (Action::Approve, AwaitingApproval) => Processing,
            (Action::Schedule, Verified | AwaitingApproval) => Scheduled,
            (Action::Start, Verified | Scheduled) => Processing,
            (Action::Complete, Processing) => Completed,
            (Action::Fail, Processing) => Failed,
            (Action::Retry, Failed) => Processing,
            (Action::Expire, Unverified) => Expired,
            (Action::Cancel, Unverified | Verified | AwaitingApproval | Scheduled) => Cancelled,
            (Action::Reject, Verified | AwaitingApproval) => Rejected,
            _ => return Err(TransitionError { action: self, from }),
        };
        Ok(to)
    }
}

/// An action that the request's current state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot {} a request that is {}", .action.as_str(), .from.as_str())]
pub struct TransitionError {
    pub action: Action,
    pub from: State,
}

/// Where a freshly verified request goes next (DESIGN §2): to a DPO when its kind needs
/// approval, else to the wait period for an erasure with `erasure_wait_days > 0`, else to work.
pub fn after_verification(kind: Kind, needs_approval: bool, erasure_wait_days: u32) -> Action {
    if needs_approval {
        Action::AwaitApproval
    } else {
        after_approval(kind, erasure_wait_days)
    }
}

/// Where an approved request goes: the wait period for an erasure, else straight to work.
pub fn after_approval(kind: Kind, erasure_wait_days: u32) -> Action {
    if kind == Kind::Erasure && erasure_wait_days > 0 {
        Action::Schedule
    } else {
        Action::Start
    }
}

macro_rules! names {
    ($ty:ty, $what:literal) => {
        impl FromStr for $ty {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| UnknownName {
                        what: $what,
                        value: s.chars().take(40).collect(),
                        expected: Self::ALL
                            .iter()
                            .map(|v| v.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// The one text mapping, for rows read from the database: an unknown name is an
        /// error, never a default.
        impl TryFrom<String> for $ty {
            type Error = UnknownName;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    };
}
pub(crate) use names;
names!(Kind, "kind");
names!(State, "status");

/// A name that is not one of a fixed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?} (expected one of: {expected})")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
    pub expected: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_paths_of_design_section_2() {
        let mut s = State::Unverified;
        for a in [
            Action::Verify,
            Action::AwaitApproval,
            Action::Approve,
            Action::Complete,
        ] {
            s = a.apply(s).unwrap();
        }
        assert_eq!(s, State::Completed);
        let s = [
            Action::Verify,
            Action::Schedule,
            Action::Start,
            Action::Fail,
            Action::Retry,
        ]
        .into_iter()
        .try_fold(State::Unverified, |s, a| a.apply(s))
        .unwrap();
        assert_eq!(s, State::Processing);
    }

    #[test]
    fn every_illegal_transition_is_an_error() {
        let legal = [
            (Action::Verify, State::Unverified),
            (Action::AwaitApproval, State::Verified),
            (Action::Approve, State::AwaitingApproval),
            (Action::Schedule, State::Verified),
            (Action::Schedule, State::AwaitingApproval),
            (Action::Start, State::Verified),
            (Action::Start, State::Scheduled),
            (Action::Complete, State::Processing),
            (Action::Fail, State::Processing),
            (Action::Retry, State::Failed),
            (Action::Expire, State::Unverified),
            (Action::Cancel, State::Unverified),
            (Action::Cancel, State::Verified),
            (Action::Cancel, State::AwaitingApproval),
            (Action::Cancel, State::Scheduled),
            (Action::Reject, State::Verified),
            (Action::Reject, State::AwaitingApproval),
        ];
        let actions = [
            Action::Verify,
            Action::AwaitApproval,
            Action::Approve,
            Action::Schedule,
            Action::Start,
            Action::Complete,
            Action::Fail,
            Action::Retry,
            Action::Expire,
            Action::Cancel,
            Action::Reject,
        ];
        let mut allowed = 0;
        for a in actions {
            for s in State::ALL {
                let r = a.apply(s);
                assert_eq!(r.is_ok(), legal.contains(&(a, s)), "{a:?} from {s:?}");
                allowed += usize::from(r.is_ok());
            }
        }
        assert_eq!(allowed, legal.len());
        let err = Action::Approve.apply(State::Completed).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot approve a request that is completed"
        );
    }

    #[test]
    fn closed_states_are_final() {
        for s in [
            State::Completed,
            State::Expired,
            State::Cancelled,
            State::Rejected,
        ] {
            assert!(!s.is_open());
            assert!(!s.can_cancel());
        }
        assert!(State::Failed.is_open());
    }

    #[test]
    fn next_step_after_verification_follows_policy() {
        assert_eq!(
            after_verification(Kind::Erasure, true, 0),
            Action::AwaitApproval
        );
        assert_eq!(
            after_verification(Kind::Erasure, false, 7),
            Action::Schedule
        );
        assert_eq!(after_verification(Kind::Access, false, 7), Action::Start);
        assert_eq!(after_approval(Kind::Erasure, 0), Action::Start);
    }

    #[test]
    fn names_round_trip_and_unknown_names_say_what_is_expected() {
        for s in State::ALL {
            assert_eq!(s.as_str().parse::<State>().unwrap(), s);
        }
        assert_eq!("erasure".parse::<Kind>().unwrap(), Kind::Erasure);
        let err = "delete".parse::<Kind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown kind \"delete\" (expected one of: access, erasure, rectification, restriction, objection)"
        );
    }
}
