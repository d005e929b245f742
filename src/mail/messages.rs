//! Every email the portal sends, each a text and an HTML body (auto-escaped) and a subject,
//! rendered from `templates/email/<message>/{subject.txt,body.txt,body.html}`.

use askama::Template;

use crate::config::Brand;

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What a message says, with the values it needs.
#[derive(Debug, Clone)]
pub enum Message {
    /// Confirm your address (a new request, or a fresh link to an unconfirmed one).
    Verify(Verify),
    /// The one reminder before an unconfirmed request expires.
    Reminder(Verify),
    /// Your request is confirmed: the status link and the legal due date.
    Confirmed(Confirmed),
    /// You asked again while a request of the same kind is open: its status link.
    Existing(Confirmed),
    /// A DPO declined the request, with the reason and the right to complain.
    Rejected(Rejected),
    /// The subject's archive is ready: the download link, its expiry, the stores covered.
    ExportReady(ExportReady),
    /// To the DPO: work on a request failed for good, naming the store.
    ExportFailed(ExportFailed),
    /// The erasure is done: what was erased, what was kept and why (Art. 17(3)), who else
    /// was told (Art. 19).
    ErasureCompleted(ErasureCompleted),
    /// To a `manual` store's owner: find the subject(s) and erase them.
    ManualTask(ManualTask),
    /// A DPO extended the deadline: the reason, the new due date, the right to complain.
    Extended(Extended),
    /// To each DPO, daily: overdue requests and those due within 7 days.
    DpoDigest(DpoDigest),
    /// A rectification, restriction or objection is done: what changed where (labels, never
    /// values), who else was told (Art. 19).
    RightsCompleted(RightsCompleted),
    /// To a `manual` store's owner: correct, restrict, object, or lift a restriction.
    RightsTask(RightsTask),
    /// Before a restriction is lifted (Art. 18(3)): when and why.
    Lifting(Lifting),
}

/// What a rectification, restriction or objection did.
#[derive(Debug, Clone)]
pub struct RightsCompleted {
    /// `rectification`, `restriction` or `objection`.
    pub kind: String,
    /// Rectification: the labels of the fields corrected.
    pub fields: Vec<String>,
    /// One line per place where records were changed ("Account — Users: 1 record").
    pub places: Vec<String>,
    /// Partners and recipients told (Art. 19).
    pub told: Vec<String>,
    /// Objection: to direct marketing (absolute), else on other grounds.
    pub marketing: bool,
    /// The request was under CCPA (an opt-out of sale or sharing).
    pub ccpa: bool,
    pub complaints: String,
}

impl RightsCompleted {
    /// Nothing was found to change and nobody was told.
    pub fn nothing_found(&self) -> bool {
        self.places.is_empty() && self.told.is_empty()
    }
    pub fn rectification(&self) -> bool {
        self.kind == "rectification"
    }
    pub fn restriction(&self) -> bool {
        self.kind == "restriction"
    }
}

#[derive(Debug, Clone)]
pub struct RightsTask {
    /// What to do, in a sentence ("correct the personal data of").
    pub action: String,
    pub store: String,
    pub reference: String,
    pub subjects: Vec<String>,
    /// Rectification: "Label: new value" lines (the owner needs the values).
    pub changes: Vec<String>,
    /// The ground, the scope, or the reason for lifting.
    pub context: String,
    pub instructions: String,
}

#[derive(Debug, Clone)]
pub struct Lifting {
    pub reason: String,
    pub status_link: String,
    pub complaints: String,
}

#[derive(Debug, Clone)]
pub struct ErasureCompleted {
    /// One line per place where records were erased ("Orders: 3 records deleted").
    pub erased: Vec<String>,
    pub kept: Vec<Kept>,
    /// Partners asked by email to erase what they hold (they answer to us).
    pub partners: Vec<String>,
    /// The other recipients told of the erasure (Art. 19).
    pub recipients: Vec<String>,
    pub complaints: String,
}

/// Which answer an erasure email gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureAnswer {
    /// Nothing was found anywhere, and no partner was asked.
    NothingFound,
    /// Records were erased (or a partner asked) and nothing is kept.
    Erased,
    /// Some records are kept under a legal hold (whether or not others were erased).
    Kept,
}

impl ErasureCompleted {
    pub fn answer(&self) -> ErasureAnswer {
        if !self.kept.is_empty() {
            ErasureAnswer::Kept
        } else if self.erased.is_empty() && self.partners.is_empty() {
            ErasureAnswer::NothingFound
        } else {
            ErasureAnswer::Erased
        }
    }
    /// Nothing of the subject's was found in our own systems, nothing is kept, and partners
    /// were asked to erase what they hold: "erased" would claim what only they can do.
    pub fn only_asked(&self) -> bool {
        self.erased.is_empty() && self.kept.is_empty() && !self.partners.is_empty()
    }
    /// Nothing was erased here nor asked of a partner (what was found, if anything, is kept).
    pub fn nothing_erased(&self) -> bool {
        self.erased.is_empty() && self.partners.is_empty()
    }
    pub fn nothing_found(&self) -> bool {
        self.answer() == ErasureAnswer::NothingFound
    }
    pub fn some_kept(&self) -> bool {
        self.answer() == ErasureAnswer::Kept
    }
}

/// Records kept under a legal hold, grouped.
#[derive(Debug, Clone)]
pub struct Kept {
    pub what: String,
    pub reason: String,
    pub until: String,
}

#[derive(Debug, Clone)]
pub struct ManualTask {
    /// A copy of the data (an access request), else an erasure.
    pub export: bool,
    pub store: String,
    /// The request id (or the erasure run's, for a retention batch).
    pub reference: String,
    pub subjects: Vec<String>,
    pub instructions: String,
    /// Whether the request waits for the owner's answer.
    pub waits: bool,
}

#[derive(Debug, Clone)]
pub struct Extended {
    pub kind: String,
    pub reason: String,
    pub due: String,
    pub extended_due: String,
    /// "GDPR Art. 12(3)" or "CCPA §1798.130(a)(2)".
    pub legal_basis: String,
    pub complaints: String,
}

#[derive(Debug, Clone)]
pub struct DpoDigest {
    pub day: String,
    pub overdue: Vec<DigestLine>,
    pub due_soon: Vec<DigestLine>,
    pub register_link: String,
}

#[derive(Debug, Clone)]
pub struct DigestLine {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub due: String,
    pub days_left: i64,
    pub link: String,
}

impl DigestLine {
    /// How the due date stands, in words: `2 days late`, `today`, `1 day left`.
    pub fn when(&self) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 day".to_owned()
            } else {
                format!("{n} days")
            }
        };
        match self.days_left {
            n if n < 0 => format!("{} late", days(-n)),
            0 => "today".to_owned(),
            n => format!("{} left", days(n)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ExportReady {
    pub link: String,
    pub expires: String,
    pub stores: String,
}

#[derive(Debug, Clone)]
pub struct ExportFailed {
    pub request_id: String,
    pub kind: String,
    pub store: String,
    pub error: String,
    pub attempts: i32,
}

#[derive(Debug, Clone)]
pub struct Verify {
    pub kind: String,
    pub link: String,
    pub expires: String,
    pub again: bool,
}

#[derive(Debug, Clone)]
pub struct Confirmed {
    pub kind: String,
    pub status_link: String,
    pub due: String,
    /// The due date has passed and the request is still open.
    pub late: bool,
    pub state: String,
}

#[derive(Debug, Clone)]
pub struct Rejected {
    pub kind: String,
    pub reason: String,
    pub complaints: String,
    pub portal_link: String,
}

impl Message {
    /// The template folder name, also recorded in the outbox and the audit log.
    pub fn name(&self) -> &'static str {
        match self {
            Message::Verify(_) => "verify",
            Message::Reminder(_) => "reminder",
            Message::Confirmed(_) => "confirmed",
            Message::Existing(_) => "existing",
            Message::Rejected(_) => "rejected",
            Message::ExportReady(_) => "export_ready",
            Message::ExportFailed(_) => "export_failed",
            Message::ErasureCompleted(_) => "erasure_completed",
            Message::ManualTask(_) => "manual_task",
            Message::Extended(_) => "extended",
            Message::DpoDigest(_) => "dpo_digest",
            Message::RightsCompleted(_) => "rights_completed",
            Message::RightsTask(_) => "rights_task",
            Message::Lifting(_) => "restriction_lifting",
        }
    }

    pub fn render(&self, b: &Brand) -> Result<Rendered, askama::Error> {
        match self {
            Message::Verify(m) => render::<VerifySubject, VerifyText, VerifyHtml, _>(m, b),
            Message::Reminder(m) => render::<ReminderSubject, ReminderText, ReminderHtml, _>(m, b),
            Message::Confirmed(m) => {
                render::<ConfirmedSubject, ConfirmedText, ConfirmedHtml, _>(m, b)
            }
            Message::Existing(m) => render::<ExistingSubject, ExistingText, ExistingHtml, _>(m, b),
            Message::Rejected(m) => render::<RejectedSubject, RejectedText, RejectedHtml, _>(m, b),
            Message::ExportReady(m) => render::<ReadySubject, ReadyText, ReadyHtml, _>(m, b),
            Message::ExportFailed(m) => render::<FailedSubject, FailedText, FailedHtml, _>(m, b),
            Message::ErasureCompleted(m) => {
                render::<ErasedSubject, ErasedText, ErasedHtml, _>(m, b)
            }
            Message::ManualTask(m) => render::<TaskSubject, TaskText, TaskHtml, _>(m, b),
            Message::Extended(m) => render::<ExtendedSubject, ExtendedText, ExtendedHtml, _>(m, b),
            Message::DpoDigest(m) => render::<DigestSubject, DigestText, DigestHtml, _>(m, b),
            Message::RightsCompleted(m) => render::<RightsSubject, RightsText, RightsHtml, _>(m, b),
            Message::RightsTask(m) => {
                render::<RightsTaskSubject, RightsTaskText, RightsTaskHtml, _>(m, b)
            }
            Message::Lifting(m) => render::<LiftingSubject, LiftingText, LiftingHtml, _>(m, b),
        }
    }
}

fn render<'a, S, T, H, M>(m: &'a M, b: &'a Brand) -> Result<Rendered, askama::Error>
where
    S: Template + From<(&'a M, &'a Brand)>,
    T: Template + From<(&'a M, &'a Brand)>,
    H: Template + From<(&'a M, &'a Brand)>,
{
    Ok(Rendered {
        subject: S::from((m, b)).render()?.trim().to_owned(),
        text: T::from((m, b)).render()?,
        html: H::from((m, b)).render()?,
    })
}

/// Three template structs (subject, text, HTML) over one message's values.
macro_rules! templates {
    ($m:ty, $s:ident = $sp:literal, $t:ident = $tp:literal, $h:ident = $hp:literal) => {
        templates!(@one $m, $s, $sp);
        templates!(@one $m, $t, $tp);
        templates!(@one $m, $h, $hp);
    };
    (@one $m:ty, $name:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        #[allow(dead_code)] // a subject line may use none of the values
        struct $name<'a> {
            m: &'a $m,
            b: &'a Brand,
        }
        impl<'a> From<(&'a $m, &'a Brand)> for $name<'a> {
            fn from((m, b): (&'a $m, &'a Brand)) -> Self {
                Self { m, b }
            }
        }
    };
}

templates!(
    Verify,
    VerifySubject = "email/verify/subject.txt",
    VerifyText = "email/verify/body.txt",
    VerifyHtml = "email/verify/body.html"
);
templates!(
    Verify,
    ReminderSubject = "email/reminder/subject.txt",
    ReminderText = "email/reminder/body.txt",
    ReminderHtml = "email/reminder/body.html"
);
templates!(
    Confirmed,
    ConfirmedSubject = "email/confirmed/subject.txt",
    ConfirmedText = "email/confirmed/body.txt",
    ConfirmedHtml = "email/confirmed/body.html"
);
templates!(
    Confirmed,
    ExistingSubject = "email/existing/subject.txt",
    ExistingText = "email/existing/body.txt",
    ExistingHtml = "email/existing/body.html"
);
templates!(
    Rejected,
    RejectedSubject = "email/rejected/subject.txt",
    RejectedText = "email/rejected/body.txt",
    RejectedHtml = "email/rejected/body.html"
);
templates!(
    ExportReady,
    ReadySubject = "email/export_ready/subject.txt",
    ReadyText = "email/export_ready/body.txt",
    ReadyHtml = "email/export_ready/body.html"
);
templates!(
    ExportFailed,
    FailedSubject = "email/export_failed/subject.txt",
    FailedText = "email/export_failed/body.txt",
    FailedHtml = "email/export_failed/body.html"
);
templates!(
    ErasureCompleted,
    ErasedSubject = "email/erasure_completed/subject.txt",
    ErasedText = "email/erasure_completed/body.txt",
    ErasedHtml = "email/erasure_completed/body.html"
);
templates!(
    ManualTask,
    TaskSubject = "email/manual_task/subject.txt",
    TaskText = "email/manual_task/body.txt",
    TaskHtml = "email/manual_task/body.html"
);

templates!(
    Extended,
    ExtendedSubject = "email/extended/subject.txt",
    ExtendedText = "email/extended/body.txt",
    ExtendedHtml = "email/extended/body.html"
);
templates!(
    DpoDigest,
    DigestSubject = "email/dpo_digest/subject.txt",
    DigestText = "email/dpo_digest/body.txt",
    DigestHtml = "email/dpo_digest/body.html"
);

templates!(
    RightsCompleted,
    RightsSubject = "email/rights_completed/subject.txt",
    RightsText = "email/rights_completed/body.txt",
    RightsHtml = "email/rights_completed/body.html"
);
templates!(
    RightsTask,
    RightsTaskSubject = "email/rights_task/subject.txt",
    RightsTaskText = "email/rights_task/body.txt",
    RightsTaskHtml = "email/rights_task/body.html"
);
templates!(
    Lifting,
    LiftingSubject = "email/restriction_lifting/subject.txt",
    LiftingText = "email/restriction_lifting/body.txt",
    LiftingHtml = "email/restriction_lifting/body.html"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let m = Message::Rejected(Rejected {
            kind: "access".into(),
            reason: "<script>alert(1)</script> & more".into(),
            complaints: "Your supervisory authority".into(),
            portal_link: "http://x/".into(),
        });
        let r = m.render(&Brand::default()).unwrap();
        assert!(r.html.contains("&#60;script&#62;"), "{}", r.html);
        assert!(!r.html.contains("<script>"));
        assert!(r.text.contains("<script>alert(1)</script> & more"));
        assert!(!r.subject.contains('\n'));
    }

    #[test]
    fn every_message_renders_its_link() {
        let v = Verify {
            kind: "access".into(),
            link: "http://x/verify/TOKEN".into(),
            expires: "2026-12-01 10:00 UTC".into(),
            again: false,
        };
        let c = Confirmed {
            kind: "erasure".into(),
            status_link: "http://x/status/STATUS".into(),
            due: "2026-12-29".into(),
            late: false,
            state: "processing".into(),
        };
        for (m, link) in [
            (Message::Verify(v.clone()), "http://x/verify/TOKEN"),
            (Message::Reminder(v), "http://x/verify/TOKEN"),
            (Message::Confirmed(c.clone()), "http://x/status/STATUS"),
            (Message::Existing(c), "http://x/status/STATUS"),
        ] {
            let r = m.render(&Brand::default()).unwrap();
            assert!(r.text.contains(link), "{}", m.name());
            assert!(r.html.contains(link), "{}", m.name());
            assert!(!r.subject.is_empty());
        }
    }

    fn erasure(erased: &[&str], kept: bool, partners: &[&str]) -> Message {
        Message::ErasureCompleted(ErasureCompleted {
            erased: erased.iter().map(|s| s.to_string()).collect(),
            kept: if kept {
                vec![Kept {
                    what: "Billing — Invoices (2 records)".into(),
                    reason: "Invoices are kept for tax law.".into(),
                    until: "31 December 2032".into(),
                }]
            } else {
                Vec::new()
            },
            partners: partners.iter().map(|s| s.to_string()).collect(),
            recipients: Vec::new(),
            complaints: String::new(),
        })
    }

    fn sender() -> Brand {
        Brand {
            company: "Example Ltd".into(),
            contact: "privacy@example.com".into(),
            contact_href: "mailto:privacy@example.com".into(),
        }
    }

    #[test]
    fn an_erasure_email_says_exactly_what_happened() {
        let b = sender();
        let nothing = erasure(&[], false, &[]).render(&b).unwrap();
        assert!(
            nothing.subject.contains("no personal data"),
            "{}",
            nothing.subject
        );
        assert!(
            nothing
                .text
                .contains("found nothing linked to this address")
        );
        assert!(!nothing.text.contains("What we erased"));
        assert!(!nothing.html.contains("has been erased"));

        let erased = erasure(&["Shop — Orders: 3 records deleted"], false, &[])
            .render(&b)
            .unwrap();
        assert_eq!(erased.subject, "Your personal data has been erased");
        assert!(erased.text.contains("- Shop — Orders: 3 records deleted"));
        assert!(!erased.text.contains("found nothing"));
        assert!(!erased.text.contains("must keep"));

        let kept = erasure(&["Shop — Orders: 3 records deleted"], true, &[])
            .render(&b)
            .unwrap();
        assert!(
            kept.subject
                .contains("except records the law makes us keep")
        );
        for body in [&kept.text, &kept.html] {
            assert!(body.contains("Billing — Invoices (2 records)"), "{body}");
            assert!(body.contains("31 December 2032"));
        }

        // Held invoices only, nothing erased: still not "nothing found".
        let only_kept = erasure(&[], true, &[]).render(&b).unwrap();
        assert!(!only_kept.text.contains("found nothing"));
        assert!(only_kept.subject.contains("the law makes us keep"));
        assert!(
            !only_kept.subject.contains("erased,") && !only_kept.html.contains("has been erased")
        );

        let partner = erasure(&[], false, &["Call centre"]).render(&b).unwrap();
        assert!(!partner.text.contains("found nothing"), "{}", partner.text);
        assert!(partner.text.contains("- Call centre"));
        assert!(partner.html.contains("Partners we asked"));
    }

    #[test]
    fn every_email_has_its_own_footer_and_names_the_company() {
        let b = sender();
        let v = Verify {
            kind: "access".into(),
            link: "http://x/verify/T".into(),
            expires: "8 December 2026 at 10:00 UTC".into(),
            again: false,
        };
        let ignore = "If it was not you, ignore this message";
        let verify = Message::Verify(v).render(&b).unwrap();
        assert!(verify.text.contains(ignore) && verify.html.contains(ignore));
        let ready = Message::ExportReady(ExportReady {
            link: "http://x/download/D".into(),
            expires: "14 December 2026 at 10:00 UTC".into(),
            stores: "Shop".into(),
        })
        .render(&b)
        .unwrap();
        let erased = erasure(&[], false, &[]).render(&b).unwrap();
        for r in [&ready, &erased] {
            assert!(!r.text.contains(ignore), "{}", r.text);
            assert!(!r.html.contains(ignore));
        }
        for r in [&verify, &ready, &erased] {
            for body in [&r.text, &r.html] {
                assert!(body.contains("Example Ltd"), "{body}");
                assert!(body.contains("privacy@example.com"));
            }
        }
        // Without a company or contact, no empty line is left for them.
        let bare = erasure(&[], false, &[]).render(&Brand::default()).unwrap();
        assert!(!bare.html.contains("Questions?"));
        assert!(
            bare.text.trim_end().ends_with("Keep it for your records."),
            "{}",
            bare.text
        );
    }
}
