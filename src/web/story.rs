//! What the status page tells a subject, per kind and state: what happened, what happens
//! next and when. Every sentence has to be true in its state (a completed export says when
//! it finished and where the download link went; a closed request says no answer is due).

use time::{Date, PrimitiveDateTime};

use crate::domain::{Kind, State};
use crate::i18n::{Arg, Catalogue};

/// The facts a story may quote.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The legal due date, while the clock runs.
    pub due: Option<Date>,
    pub days_left: Option<i64>,
    /// When a scheduled erasure starts.
    pub starts: Option<PrimitiveDateTime>,
    pub completed_at: Option<PrimitiveDateTime>,
    /// A completed export's download link: until when it works, or None once it's gone.
    pub download_until: Option<PrimitiveDateTime>,
    pub archive_gone: bool,
    /// A completed restriction was lifted (Art. 18(3)).
    pub lifted: bool,
}

/// What the page says, in the subject's language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Story {
    /// The badge: the state in a few words.
    pub badge: String,
    pub heading: String,
    /// What happened.
    pub said: String,
    /// What happens next, and when.
    pub next: Option<String>,
    /// Shows the per-store table (while work runs or is delayed).
    pub progress: bool,
}

/// The texts of one state: keys, in the catalogue (`locales/<lang>/pages.ftl`).
struct Keys {
    badge: &'static str,
    heading: &'static str,
    said: Said,
    next: Next,
    progress: bool,
}

enum Said {
    Plain(&'static str),
    /// `<key>` with `$on` (the completion date), or `<key>-undated`.
    On(&'static str),
    Starts,
}

enum Next {
    Plain(&'static str),
    /// `<key>` with `$until` (when the download link stops working).
    Until(&'static str),
    /// Due-date sentence `by` while there is time, else `then` and the late sentence.
    By {
        by: &'static str,
        then: &'static str,
    },
}

pub fn tell(kind: Kind, state: State, f: &Facts, t: &Catalogue) -> Story {
    let k = keys(kind, state, f);
    let said = match k.said {
        Said::Plain(key) => t.t(key),
        Said::On(key) => match f.completed_at {
            Some(at) => t.text(key, &[("on", Arg::Str(t.date(at.date())))]),
            None => t.t(&format!("{key}-undated")),
        },
        Said::Starts => match f.starts {
            Some(at) => t.text("story-scheduled-said", &[("starts", Arg::Str(t.time(at)))]),
            None => t.t("story-scheduled-said-soon"),
        },
    };
    let next = match k.next {
        Next::Plain(key) => Some(t.t(key)),
        Next::Until(key) => f
            .download_until
            .map(|u| t.text(key, &[("until", Arg::Str(t.time(u)))])),
        Next::By { by, then } => f.due.map(|d| {
            let due = Arg::Str(t.date(d));
            match f.days_left {
                Some(n) if n < 0 => {
                    let then = if then.is_empty() {
                        String::new()
                    } else {
                        t.t(then)
                    };
                    t.text("due-late", &[("then", Arg::Str(then)), ("due", due)])
                }
                n => {
                    let when = t.text("due-when", &[("days", Arg::from(n.unwrap_or(0)))]);
                    t.text(by, &[("due", due), ("when", Arg::Str(when))])
                }
            }
        }),
    };
    Story {
        badge: t.t(k.badge),
        heading: t.t(k.heading),
        said,
        next,
        progress: k.progress,
    }
}

/// Which texts a kind in a state tells. Every sentence has to be true in its state.
fn keys(kind: Kind, state: State, f: &Facts) -> Keys {
    let access = kind == Kind::Access;
    let story = |badge, heading, said, next, progress| Keys {
        badge,
        heading,
        said,
        next,
        progress,
    };
    match state {
        State::Unverified => story(
            "badge-unverified",
            "story-unverified-heading",
            Said::Plain("story-unverified-said"),
            Next::Plain("story-unverified-next"),
            false,
        ),
        State::Verified | State::AwaitingApproval => story(
            "badge-review",
            "story-review-heading",
            Said::Plain("story-review-said"),
            Next::By {
                by: "story-review-by",
                then: "",
            },
            false,
        ),
        State::Scheduled => story(
            "badge-scheduled",
            "story-scheduled-heading",
            Said::Starts,
            Next::By {
                by: "story-scheduled-by",
                then: "story-scheduled-then",
            },
            false,
        ),
        State::Processing if kind.changes_records() => story(
            "badge-processing",
            match kind {
                Kind::Rectification => "story-rectification-processing-heading",
                Kind::Restriction => "story-restriction-processing-heading",
                _ => "story-objection-processing-heading",
            },
            Said::Plain("story-changing-said"),
            Next::By {
                by: "story-changing-by",
                then: "story-changing-then",
            },
            true,
        ),
        State::Processing if access => story(
            "badge-processing",
            "story-collecting-heading",
            Said::Plain("story-collecting-said"),
            Next::By {
                by: "story-collecting-by",
                then: "story-collecting-then",
            },
            true,
        ),
        State::Processing => story(
            "badge-processing",
            "story-erasing-heading",
            Said::Plain("story-erasing-said"),
            Next::By {
                by: "story-erasing-by",
                then: "story-erasing-then",
            },
            true,
        ),
        // True of every failure: a store down, slow or refusing a query, a partner's service
        // answering with an error, the portal's own storage.
        State::Failed => story(
            "badge-failed",
            "story-failed-heading",
            Said::Plain("story-failed-said"),
            Next::By {
                by: "story-failed-by",
                then: "",
            },
            true,
        ),
        State::Completed if kind.changes_records() => changed(kind, f.lifted),
        // True when nothing was found too: the archive then says so. What was found where
        // is shown: true of an export.
        // Past its end the link no longer works, whether or not the sweep has deleted the
        // archive yet.
        State::Completed if access && f.download_until.is_some() && !f.archive_gone => story(
            "badge-done",
            "story-ready-heading",
            Said::On("story-searched-said"),
            Next::Until("story-ready-next"),
            true,
        ),
        State::Completed if access => story(
            "badge-done",
            "story-answered-heading",
            Said::On("story-searched-said"),
            Next::Plain("story-answered-next"),
            true,
        ),
        // True when nothing was found too: the email then says so. No counts: an erasure's
        // would include what it kept.
        State::Completed => story(
            "badge-done",
            "story-erased-heading",
            Said::On("story-erased-said"),
            Next::Plain("story-erased-next"),
            false,
        ),
        State::Expired => story(
            "badge-expired",
            "story-expired-heading",
            Said::Plain("story-expired-said"),
            Next::Plain("story-new-request"),
            false,
        ),
        State::Cancelled => story(
            "badge-cancelled",
            "story-cancelled-heading",
            Said::Plain("story-cancelled-said"),
            Next::Plain("story-new-request"),
            false,
        ),
        State::Rejected => story(
            "badge-rejected",
            "story-rejected-heading",
            Said::Plain("story-rejected-said"),
            Next::Plain("story-new-request"),
            false,
        ),
    }
}

/// The story of a completed rectification, restriction or objection.
fn changed(kind: Kind, lifted: bool) -> Keys {
    let (badge, heading, said, next) = match kind {
        Kind::Restriction if lifted => (
            "badge-lifted",
            "story-lifted-heading",
            "story-lifted-said",
            "story-lifted-next",
        ),
        Kind::Restriction => (
            "badge-in-force",
            "story-restricted-heading",
            "story-restricted-said",
            "story-restricted-next",
        ),
        Kind::Rectification => (
            "badge-done",
            "story-corrected-heading",
            "story-corrected-said",
            "story-changed-emailed",
        ),
        _ => (
            "badge-done",
            "story-objection-heading",
            "story-objection-said",
            "story-changed-emailed",
        ),
    };
    Keys {
        badge,
        heading,
        said: Said::On(said),
        next: Next::Plain(next),
        progress: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};

    fn tell(kind: Kind, state: State, f: &Facts) -> Story {
        super::tell(kind, state, f, I18n::built_in().texts(Lang::EN))
    }
    use time::macros::{date, datetime};

    fn all_text(s: &Story) -> String {
        format!(
            "{} {} {}",
            s.heading,
            s.said,
            s.next.clone().unwrap_or_default()
        )
    }

    #[test]
    fn a_completed_request_names_its_date_and_where_to_look_and_no_due_date() {
        let f = Facts {
            due: None,
            completed_at: Some(datetime!(2026-12-07 10:00)),
            download_until: Some(datetime!(2026-12-14 10:00)),
            ..Facts::default()
        };
        let s = tell(Kind::Access, State::Completed, &f);
        let t = all_text(&s);
        assert!(t.contains("7 December 2026"), "{t}");
        assert!(t.contains("until 14 December 2026 at 10:00 UTC"), "{t}");
        assert!(!t.contains("by "), "{t}");
        assert!(s.progress, "what was found, per place");
        let gone = tell(
            Kind::Access,
            State::Completed,
            &Facts {
                archive_gone: true,
                ..f.clone()
            },
        );
        assert!(all_text(&gone).contains("expired"));
        let erased = tell(Kind::Erasure, State::Completed, &f);
        assert_eq!(erased.heading, "Your erasure request is done");
        assert!(
            !erased.progress,
            "an erasure's counts would include what it kept"
        );
        assert!(!all_text(&erased).contains("collect"));
    }

    /// The states whose page says when the answer is due.
    const OPEN: [(Kind, State); 5] = [
        (Kind::Erasure, State::AwaitingApproval),
        (Kind::Erasure, State::Scheduled),
        (Kind::Access, State::Processing),
        (Kind::Erasure, State::Processing),
        (Kind::Access, State::Failed),
    ];

    #[test]
    fn open_requests_say_when_the_answer_is_due() {
        let f = Facts {
            due: Some(date!(2027 - 01 - 07)),
            days_left: Some(31),
            ..Facts::default()
        };
        for (kind, state) in OPEN {
            let t = all_text(&tell(kind, state, &f));
            assert!(t.contains("7 January 2027 (31 days from today)"), "{t}");
        }
        let erasing = tell(Kind::Erasure, State::Processing, &f);
        assert_eq!(erasing.heading, "We are erasing your data");
        for state in State::ALL {
            for kind in [Kind::Access, Kind::Erasure] {
                let s = tell(kind, state, &f);
                assert!(!s.badge.contains('_') && !s.said.is_empty(), "{state:?}");
            }
        }
    }

    #[test]
    fn a_late_answer_owns_up_and_names_no_future_date() {
        let f = Facts {
            due: Some(date!(2027 - 01 - 07)),
            days_left: Some(-3),
            ..Facts::default()
        };
        for (kind, state) in OPEN {
            let t = all_text(&tell(kind, state, &f));
            assert!(
                t.contains("Our answer was due by 7 January 2027: we are late"),
                "{state:?}: {t}"
            );
            assert!(!t.contains(" by 7 January 2027."), "{state:?}: {t}");
        }
        let erasing = all_text(&tell(Kind::Erasure, State::Processing, &f));
        assert!(erasing.contains("anything the law makes us keep. Our answer"));
    }

    #[test]
    fn a_delay_is_told_truly_whatever_failed() {
        // The page can't know which fault it was (a store down, slow, refusing a query, a
        // partner's error, the portal's own storage): no sentence may name one.
        let s = tell(Kind::Access, State::Failed, &Facts::default());
        let t = all_text(&s);
        for loose in ["did not answer", "down", "refused", "nothing is lost"] {
            assert!(!t.contains(loose), "{loose}: {t}");
        }
        assert!(t.contains("could not finish it yet") && t.contains("not lost"));
        assert!(s.progress, "which place is delayed");
    }
}
