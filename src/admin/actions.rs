//! Which desk actions a request allows now (the request page shows only those).

use time::Date;

use crate::domain::{Action, Jurisdiction, State};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Available {
    pub approve: bool,
    pub reject: bool,
    pub extend: bool,
    pub pause: bool,
    pub resume: bool,
    pub retry: bool,
    pub cancel: bool,
}

impl Available {
    pub fn any(&self) -> bool {
        self.approve
            || self.reject
            || self.extend
            || self.pause
            || self.resume
            || self.retry
            || self.cancel
    }
}

/// What the state, jurisdiction, extension, pause and due date of a request allow today.
pub fn available(
    state: State,
    jurisdiction: Jurisdiction,
    due: Option<Date>,
    extended: bool,
    paused: bool,
    today: Date,
) -> Available {
    let running = state.clock_running() && due.is_some();
    Available {
        approve: Action::Approve.apply(state).is_ok(),
        reject: Action::Reject.apply(state).is_ok(),
        extend: running && !extended && due.is_some_and(|d| today <= d),
        pause: running && jurisdiction.allows_pause() && !paused,
        resume: paused,
        retry: Action::Retry.apply(state).is_ok(),
        cancel: Action::Cancel.apply(state).is_ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn follows_state_jurisdiction_and_dates() {
        let today = date!(2026 - 12 - 02);
        let due = Some(date!(2026 - 12 - 20));
        let a = available(
            State::AwaitingApproval,
            Jurisdiction::Gdpr,
            due,
            false,
            false,
            today,
        );
        assert!(a.approve && a.reject && a.extend && a.cancel);
        assert!(!a.pause && !a.resume && !a.retry);
        let uk = available(
            State::Processing,
            Jurisdiction::Uk,
            due,
            false,
            false,
            today,
        );
        assert!(uk.pause && !uk.approve && !uk.cancel);
        let paused = available(State::Processing, Jurisdiction::Uk, due, false, true, today);
        assert!(paused.resume && !paused.pause);
        let late = available(
            State::Processing,
            Jurisdiction::Gdpr,
            Some(date!(2026 - 12 - 01)),
            false,
            false,
            today,
        );
        assert!(!late.extend, "refused after the original due date");
        let once = available(
            State::Processing,
            Jurisdiction::Gdpr,
            due,
            true,
            false,
            today,
        );
        assert!(!once.extend, "one extension only");
        assert!(available(State::Failed, Jurisdiction::Gdpr, due, false, false, today).retry);
        assert!(!available(State::Completed, Jurisdiction::Uk, due, false, false, today).any());
    }
}
