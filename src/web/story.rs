//! What the status page tells a subject, per kind and state: what happened, what happens
//! next and when. Every sentence has to be true in its state (a completed export says when
//! it finished and where the download link went; a closed request says no answer is due).

use time::{Date, PrimitiveDateTime};

use crate::domain::format::{long_date, long_time};
use crate::domain::{Kind, State};

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// The badge: the state in a few words.
    pub badge: &'static str,
    pub heading: &'static str,
    /// What happened.
    pub said: String,
    /// What happens next, and when.
    pub next: Option<String>,
    /// Shows the per-store table (while work runs or is delayed).
    pub progress: bool,
}

pub fn tell(kind: Kind, state: State, f: &Facts) -> Story {
    // What happens next and by when: `lead` ends with "by" and is followed by the due date
    // while there is time; once the due date has passed, `what` (what happens next, without
    // a date) says it and the sentence after owns up to being late.
    let by = |lead: &str, what: &str| {
        f.due.map(|d| {
            let left = match f.days_left {
                Some(n) if n < 0 => {
                    return format!(
                        "{what}Our answer was due by {}: we are late, and answer as soon as we can.",
                        long_date(d)
                    );
                }
                Some(n) if n > 1 => format!(" ({n} days from today)"),
                Some(1) => " (tomorrow)".to_owned(),
                Some(0) => " (today)".to_owned(),
                _ => String::new(),
            };
            format!("{lead} {}{left}.", long_date(d))
        })
    };
    let access = kind == Kind::Access;
    match state {
        State::Unverified => Story {
            badge: "Waiting for you",
            heading: "Confirm your email address",
            said: "We sent you an email with a confirmation link. Nothing happens until you open it and confirm.".into(),
            next: Some("Once you confirm, the legal time limit for our answer starts.".into()),
            progress: false,
        },
        State::Verified | State::AwaitingApproval => Story {
            badge: "Being reviewed",
            heading: "We are reviewing your request",
            said: "Your address is confirmed. Our privacy team checks each request of this kind before we start.".into(),
            next: by("We answer by", ""),
            progress: false,
        },
        State::Scheduled => Story {
            badge: "Scheduled",
            heading: "Your erasure is scheduled",
            said: match f.starts {
                Some(t) => format!(
                    "We start erasing your data on {}. You can cancel until then.",
                    long_time(t)
                ),
                None => "We start erasing your data shortly. You can cancel until then.".into(),
            },
            next: by(
                "We email you when it is done, by",
                "We email you when it is done. ",
            ),
            progress: false,
        },
        State::Processing if kind.changes_records() => Story {
            badge: "In progress",
            heading: match kind {
                Kind::Rectification => "We are correcting your data",
                Kind::Restriction => "We are restricting the use of your data",
                _ => "We are recording your objection",
            },
            said: "We are making the change in each of our systems, and telling the partners who hold your data.".into(),
            next: by(
                "We email you what we changed, and who we told, by",
                "We email you what we changed, and who we told. ",
            ),
            progress: true,
        },
        State::Processing => Story {
            badge: "In progress",
            heading: if access {
                "We are collecting your data"
            } else {
                "We are erasing your data"
            },
            said: if access {
                "We are gathering what each of our systems holds about you into one archive.".into()
            } else {
                "We are erasing your data from each of our systems.".into()
            },
            next: if access {
                by(
                    "We email you a download link when the archive is ready, by",
                    "We email you a download link when the archive is ready. ",
                )
            } else {
                by(
                    "We email you what we erased, and anything the law makes us keep, by",
                    "We email you what we erased, and anything the law makes us keep. ",
                )
            },
            progress: true,
        },
        State::Failed => Story {
            badge: "Delayed",
            heading: "Your request is delayed",
            // True of every failure: a store down, slow or refusing a query, a partner's
            // service answering with an error, the portal's own storage.
            said: "Something went wrong in one of our systems while we worked on your request, so we could not finish it yet. Our privacy team has been told; once it is fixed, we carry on. Your request is not lost.".into(),
            next: by("We still answer by", ""),
            progress: true,
        },
        State::Completed => {
            let on = f
                .completed_at
                .map(|t| format!(" on {}", long_date(t.date())))
                .unwrap_or_default();
            if kind.changes_records() {
                changed(kind, &on, f.lifted)
            } else if access {
                let (heading, next) = match (f.download_until, f.archive_gone) {
                    (Some(t), false) => (
                        "Your answer is ready",
                        format!(
                            "We emailed you a download link to an archive of what we found; it works until {}. Look for our email, also in your spam folder.",
                            long_time(t)
                        ),
                    ),
                    // Past its end the link no longer works, whether or not the sweep has
                    // deleted the archive yet.
                    _ => (
                        "We answered your request",
                        "The download link we emailed you has expired, and we delete the archive when it does. If you need another copy, make a new request.".into(),
                    ),
                };
                Story {
                    badge: "Done",
                    heading,
                    // True when nothing was found too: the archive then says so.
                    said: format!("We finished searching our systems for your data{on}."),
                    next: Some(next),
                    // What was found where: true of an export (an erasure's counts would
                    // include what it kept).
                    progress: true,
                }
            } else {
                Story {
                    badge: "Done",
                    // True when nothing was found too: the email then says so.
                    heading: "Your erasure request is done",
                    said: format!("We finished your erasure request{on}."),
                    next: Some("We emailed you our answer: what we found and erased, anything the law makes us keep and until when, and anyone else we told. Look for our email, also in your spam folder.".into()),
                    progress: false,
                }
            }
        }
        State::Expired => Story {
            badge: "Expired",
            heading: "This request expired",
            said: "The confirmation link was not opened in time, so we did nothing.".into(),
            next: Some("You can make a new request at any time.".into()),
            progress: false,
        },
        State::Cancelled => Story {
            badge: "Cancelled",
            heading: "This request was cancelled",
            said: "We stopped before doing anything, and will do nothing more for it.".into(),
            next: Some("You can make a new request at any time.".into()),
            progress: false,
        },
        State::Rejected => Story {
            badge: "Declined",
            heading: "We declined this request",
            said: "We emailed you the reason, and how to complain if you disagree.".into(),
            next: Some("You can make a new request at any time.".into()),
            progress: false,
        },
    }
}

/// The story of a completed rectification, restriction or objection.
fn changed(kind: Kind, on: &str, lifted: bool) -> Story {
    let emailed = "We emailed you what we changed where, and who else we told. Look for our email, also in your spam folder.";
    match kind {
        Kind::Restriction if lifted => Story {
            badge: "Lifted",
            heading: "The restriction has been lifted",
            said: format!(
                "We restricted the use of your data{on}, and have since lifted the restriction."
            ),
            next: Some(
                "We emailed you why before we lifted it. If you disagree, reply to that email."
                    .into(),
            ),
            progress: false,
        },
        Kind::Restriction => Story {
            badge: "In force",
            heading: "The use of your data is restricted",
            said: format!(
                "We restricted the use of your data{on}. It stays restricted until we lift it."
            ),
            next: Some(format!(
                "{emailed} If we ever lift the restriction, we email you first."
            )),
            progress: false,
        },
        Kind::Rectification => Story {
            badge: "Done",
            heading: "Your correction is done",
            said: format!("We finished correcting your data{on}."),
            next: Some(emailed.into()),
            progress: false,
        },
        _ => Story {
            badge: "Done",
            heading: "Your objection is recorded",
            said: format!("We recorded your objection{on}; it applies from then on."),
            next: Some(emailed.into()),
            progress: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
