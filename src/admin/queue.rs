//! The "Needs you" queue's rules: the groups a request waiting for a person falls in, most
//! urgent first, their words and colours, and the one next action a row offers.

use crate::domain::State;

/// Why an open request needs a person. Groups are disjoint: a request is in the first one
/// that fits, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Verified and waiting for a decision.
    Approval,
    /// Work failed for good on some store: retry once the store is back.
    Failed,
    /// Processing, waiting for a manual store's owner (a partner without an API).
    Partner,
    /// The clock is stopped while the DPO waits for the subject (UK).
    Stopped,
    /// The clock runs and the answer is due within the "due soon" days, or overdue.
    DueSoon,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Approval,
        Group::Failed,
        Group::Partner,
        Group::Stopped,
        Group::DueSoon,
    ];

    /// The group's name in the queue's header and badges.
    pub fn label(self) -> &'static str {
        match self {
            Group::Approval => "Awaiting approval",
            Group::Failed => "Failed",
            Group::Partner => "Waiting on a partner",
            Group::Stopped => "Clock stopped",
            Group::DueSoon => "Due soon or overdue",
        }
    }

    /// The CSS name of its colour (`q-<slug>`).
    pub fn slug(self) -> &'static str {
        match self {
            Group::Approval => "approval",
            Group::Failed => "failed",
            Group::Partner => "partner",
            Group::Stopped => "stopped",
            Group::DueSoon => "due",
        }
    }

    /// The register's filter listing the whole group, where one exists.
    pub fn register_query(self) -> Option<&'static str> {
        match self {
            Group::Approval => Some("status=awaiting_approval"),
            Group::Failed => Some("status=failed"),
            Group::DueSoon => Some("due_within=7"),
            Group::Partner | Group::Stopped => None,
        }
    }
}

/// The one next action a queue row offers inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// A POST from the queue itself: nothing is lost by it and nothing needs reading first
    /// (retrying failed stores).
    Retry,
    /// A decision that needs the facts first: the review page (an erasure's plan, a
    /// rectification's old and new values), where approving is confirmed.
    Review,
    /// A manual store's answer, recorded on the request page.
    RecordAnswer,
    /// Anything else: open the request.
    Open,
}

impl Next {
    pub fn of(group: Group, state: State) -> Self {
        match (group, state) {
            (Group::Failed, State::Failed) => Next::Retry,
            (Group::Approval, State::AwaitingApproval) => Next::Review,
            (Group::Partner, _) => Next::RecordAnswer,
            _ => Next::Open,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Next::Retry => "Retry",
            Next::Review => "Review and decide",
            Next::RecordAnswer => "Record the answer",
            Next::Open => "Open",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_group_has_its_own_words_colour_and_action() {
        let slugs: std::collections::BTreeSet<_> = Group::ALL.iter().map(|g| g.slug()).collect();
        assert_eq!(slugs.len(), Group::ALL.len());
        assert_eq!(Next::of(Group::Failed, State::Failed), Next::Retry);
        assert_eq!(
            Next::of(Group::Approval, State::AwaitingApproval),
            Next::Review
        );
        assert_eq!(
            Next::of(Group::Partner, State::Processing),
            Next::RecordAnswer
        );
        assert_eq!(Next::of(Group::DueSoon, State::Processing), Next::Open);
    }
}
