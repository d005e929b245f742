//! Every email the portal sends, each a text and an HTML body (auto-escaped) and a subject,
//! rendered from `templates/email/<message>/{subject.txt,body.txt,body.html}` in the
//! recipient's language (the subject's; the privacy team's and store owners' are English).

use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use crate::config::Brand;
use crate::i18n::{I18n, Lang};

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
#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct Lifting {
    pub reason: String,
    pub status_link: String,
    pub complaints: String,
}

#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct Kept {
    pub what: String,
    pub reason: String,
    /// Until when, as a sentence ("Kept until 31 December 2032, then deleted.").
    pub until: String,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct Extended {
    pub kind: String,
    pub reason: String,
    pub due: String,
    pub extended_due: String,
    /// "GDPR Art. 12(3)" or "CCPA §1798.130(a)(2)".
    pub legal_basis: String,
    pub complaints: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DpoDigest {
    pub day: String,
    pub overdue: Vec<DigestLine>,
    pub due_soon: Vec<DigestLine>,
    pub register_link: String,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct ExportReady {
    pub link: String,
    pub expires: String,
    pub stores: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportFailed {
    pub request_id: String,
    pub kind: String,
    pub store: String,
    pub error: String,
    pub attempts: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verify {
    pub kind: String,
    pub link: String,
    pub expires: String,
    pub again: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confirmed {
    pub kind: String,
    pub status_link: String,
    pub due: String,
    /// The due date has passed and the request is still open.
    pub late: bool,
    pub state: String,
}

#[derive(Debug, Clone, Serialize)]
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

    /// Written to the privacy team or a store owner (English), not to the subject.
    pub fn to_staff(&self) -> bool {
        matches!(
            self,
            Message::ExportFailed(_)
                | Message::ManualTask(_)
                | Message::DpoDigest(_)
                | Message::RightsTask(_)
        )
    }

    /// Renders the subject line and both bodies in `lang`.
    pub fn render(&self, b: &Brand, i18n: &I18n, lang: Lang) -> Result<Rendered, minijinja::Error> {
        let ctx = context! {
            m => self.values(),
            x => self.flags(),
            b => Serde(b),
        };
        let name = self.name();
        let part = |file: &str| i18n.render(lang, &format!("email/{name}/{file}"), &ctx);
        Ok(Rendered {
            subject: part("subject.txt")?.trim().to_owned(),
            text: part("body.txt")?,
            html: part("body.html")?,
        })
    }

    /// The message's values, as its templates read them (`m`).
    fn values(&self) -> minijinja::Value {
        use minijinja::Value;
        match self {
            Message::Verify(m) | Message::Reminder(m) => Value::from(Serde(m)),
            Message::Confirmed(m) | Message::Existing(m) => Value::from(Serde(m)),
            Message::Rejected(m) => Value::from(Serde(m)),
            Message::ExportReady(m) => Value::from(Serde(m)),
            Message::ExportFailed(m) => Value::from(Serde(m)),
            Message::ErasureCompleted(m) => Value::from(Serde(m)),
            Message::ManualTask(m) => Value::from(Serde(m)),
            Message::Extended(m) => Value::from(Serde(m)),
            Message::DpoDigest(m) => {
                let lines = |ls: &[DigestLine]| -> Vec<Value> {
                    ls.iter()
                        .map(|l| {
                            context! { ..Value::from(Serde(l)), ..context! { when => l.when() } }
                        })
                        .collect()
                };
                context! {
                    day => &m.day,
                    overdue => lines(&m.overdue),
                    due_soon => lines(&m.due_soon),
                    register_link => &m.register_link,
                }
            }
            Message::RightsCompleted(m) => Value::from(Serde(m)),
            Message::RightsTask(m) => Value::from(Serde(m)),
            Message::Lifting(m) => Value::from(Serde(m)),
        }
    }

    /// Which branch a message takes (`x`): decided here, so every template agrees.
    fn flags(&self) -> minijinja::Value {
        match self {
            Message::ErasureCompleted(m) => context! {
                nothing_found => m.nothing_found(),
                some_kept => m.some_kept(),
                nothing_erased => m.nothing_erased(),
                only_asked => m.only_asked(),
            },
            Message::RightsCompleted(m) => context! {
                nothing_found => m.nothing_found(),
                rectification => m.rectification(),
                restriction => m.restriction(),
            },
            _ => context! {},
        }
    }
}

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
        let r = m
            .render(&Brand::default(), &I18n::built_in(), Lang::EN)
            .unwrap();
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
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
            let r = m
                .render(&Brand::default(), &I18n::built_in(), Lang::EN)
                .unwrap();
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
                    until: "Kept until 31 December 2032, then deleted.".into(),
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
        let nothing = erasure(&[], false, &[])
            .render(&b, &I18n::built_in(), Lang::EN)
            .unwrap();
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
            .render(&b, &I18n::built_in(), Lang::EN)
            .unwrap();
        assert_eq!(erased.subject, "Your personal data has been erased");
        assert!(erased.text.contains("- Shop — Orders: 3 records deleted"));
        assert!(!erased.text.contains("found nothing"));
        assert!(!erased.text.contains("must keep"));

        let kept = erasure(&["Shop — Orders: 3 records deleted"], true, &[])
            .render(&b, &I18n::built_in(), Lang::EN)
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
        let only_kept = erasure(&[], true, &[])
            .render(&b, &I18n::built_in(), Lang::EN)
            .unwrap();
        assert!(!only_kept.text.contains("found nothing"));
        assert!(only_kept.subject.contains("the law makes us keep"));
        assert!(
            !only_kept.subject.contains("erased,") && !only_kept.html.contains("has been erased")
        );

        let partner = erasure(&[], false, &["Call centre"])
            .render(&b, &I18n::built_in(), Lang::EN)
            .unwrap();
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
        let verify = Message::Verify(v)
            .render(&b, &I18n::built_in(), Lang::EN)
            .unwrap();
        assert!(verify.text.contains(ignore) && verify.html.contains(ignore));
        let ready = Message::ExportReady(ExportReady {
            link: "http://x/download/D".into(),
            expires: "14 December 2026 at 10:00 UTC".into(),
            stores: "Shop".into(),
        })
        .render(&b, &I18n::built_in(), Lang::EN)
        .unwrap();
        let erased = erasure(&[], false, &[])
            .render(&b, &I18n::built_in(), Lang::EN)
            .unwrap();
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
        let bare = erasure(&[], false, &[])
            .render(&Brand::default(), &I18n::built_in(), Lang::EN)
            .unwrap();
        assert!(!bare.html.contains("Questions?"));
        assert!(
            bare.text.trim_end().ends_with("Keep it for your records."),
            "{}",
            bare.text
        );
    }
}
