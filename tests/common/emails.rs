//! Every email the portal sends, in each of its branches, with fixed values (one company,
//! fixed dates written as the portal writes them): what `tests/email.rs` snapshots and
//! `tests/browser.rs` checks with axe-core.

use dsr_portal::config::Brand;
use dsr_portal::domain::format::{long_date, long_time};
use dsr_portal::mail::messages::*;
use time::macros::{date, datetime};

pub fn brand() -> Brand {
    Brand {
        company: "Example Ltd".into(),
        contact: "privacy@example.com".into(),
        contact_href: "mailto:privacy@example.com".into(),
    }
}

const COMPLAINTS: &str =
    "In Ireland: the Data Protection Commission, https://www.dataprotection.ie.";
const ID: &str = "0193a5b2-7c1d-7e4f-9a0b-1c2d3e4f5a6b";

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn verify(again: bool) -> Verify {
    Verify {
        kind: "access".into(),
        link: "https://privacy.example.com/verify/VERIFY-TOKEN".into(),
        expires: long_time(datetime!(2026-12-08 10:00)),
        again,
    }
}

fn confirmed(kind: &str) -> Confirmed {
    Confirmed {
        kind: kind.into(),
        status_link: "https://privacy.example.com/status/STATUS-TOKEN".into(),
        due: long_date(date!(2027 - 01 - 07)),
        late: false,
        state: String::new(),
    }
}

fn erased(
    erased: &[&str],
    kept: bool,
    partners: &[&str],
    recipients: &[&str],
    complaints: &str,
) -> Message {
    Message::ErasureCompleted(ErasureCompleted {
        erased: lines(erased),
        kept: if kept {
            vec![
                Kept {
                    what: "Billing — Invoices (2 records)".into(),
                    reason: "Invoices are kept for tax law (GDPR Art. 17(3)(b)).".into(),
                    until: format!(
                        "Kept until {}, then deleted.",
                        long_date(date!(2034 - 12 - 31))
                    ),
                },
                Kept {
                    what: "Shop — Payments (3 records)".into(),
                    reason: "Payments are kept for tax law.".into(),
                    until: format!(
                        "Each record is kept until its own date, between {} and {}, then deleted.",
                        long_date(date!(2032 - 12 - 31)),
                        long_date(date!(2033 - 12 - 31))
                    ),
                },
            ]
        } else {
            Vec::new()
        },
        partners: lines(partners),
        recipients: lines(recipients),
        complaints: complaints.into(),
    })
}

const ERASED: [&str; 2] = [
    "Shop — Orders: 3 records deleted",
    "Shop — Profiles: your personal details removed from 1 record (what remains no longer identifies you)",
];

fn task(export: bool, waits: bool, subjects: &[&str], instructions: &str) -> Message {
    Message::ManualTask(ManualTask {
        export,
        store: "Newsletter".into(),
        reference: ID.into(),
        subjects: lines(subjects),
        instructions: instructions.into(),
        waits,
    })
}

fn rights(
    kind: &str,
    fields: &[&str],
    places: &[&str],
    told: &[&str],
    marketing: bool,
    ccpa: bool,
) -> Message {
    Message::RightsCompleted(RightsCompleted {
        kind: kind.into(),
        fields: lines(fields),
        places: lines(places),
        told: lines(told),
        marketing,
        ccpa,
        complaints: COMPLAINTS.into(),
    })
}

fn digest_line(kind: &str, status: &str, due: time::Date, days_left: i64) -> DigestLine {
    DigestLine {
        id: ID.into(),
        kind: kind.into(),
        status: status.into(),
        due: due.to_string(),
        days_left,
        link: format!("https://privacy.example.com/admin/requests/{ID}"),
    }
}

/// Every message and branch, each with the name of its snapshot, and the brand it is
/// rendered with (one case without a company or contact).
pub fn all() -> Vec<(&'static str, Message, Brand)> {
    let b = brand();
    let out: Vec<(&'static str, Message)> = vec![
        ("verify", Message::Verify(verify(false))),
        ("verify-again", Message::Verify(verify(true))),
        ("reminder", Message::Reminder(verify(false))),
        ("confirmed", Message::Confirmed(confirmed("erasure"))),
        ("existing", Message::Existing(confirmed("access"))),
        (
            "existing-late",
            Message::Existing(Confirmed {
                late: true,
                ..confirmed("access")
            }),
        ),
        (
            "rejected",
            Message::Rejected(Rejected {
                kind: "erasure".into(),
                reason: "We could not confirm that this address belongs to the account holder."
                    .into(),
                complaints: COMPLAINTS.into(),
                portal_link: "https://privacy.example.com/".into(),
            }),
        ),
        (
            "export-ready",
            Message::ExportReady(ExportReady {
                link: "https://privacy.example.com/download/DOWNLOAD-TOKEN".into(),
                expires: long_time(datetime!(2026-12-14 10:00)),
                stores: "Shop, Billing, Newsletter".into(),
            }),
        ),
        (
            "export-failed",
            Message::ExportFailed(ExportFailed {
                request_id: ID.into(),
                kind: "access".into(),
                store: "crm".into(),
                error: "cannot connect to the store".into(),
                attempts: 10,
            }),
        ),
        (
            "export-failed-once",
            Message::ExportFailed(ExportFailed {
                request_id: ID.into(),
                kind: "erasure".into(),
                store: "-".into(),
                error: "the portal database failed (see the operator's log)".into(),
                attempts: 1,
            }),
        ),
        ("erasure-nothing-found", erased(&[], false, &[], &[], "")),
        (
            "erasure-erased",
            erased(&ERASED, false, &[], &["CRM"], COMPLAINTS),
        ),
        (
            "erasure-erased-by-a-partner",
            erased(&[], false, &["Newsletter"], &[], COMPLAINTS),
        ),
        (
            "erasure-kept",
            erased(&ERASED, true, &["Newsletter"], &["CRM"], COMPLAINTS),
        ),
        ("erasure-kept-only", erased(&[], true, &[], &[], COMPLAINTS)),
        (
            "manual-task-export",
            task(
                true,
                true,
                &["ada@example.com"],
                "Search the console by email.",
            ),
        ),
        (
            "manual-task-erasure",
            task(false, true, &["ada@example.com"], ""),
        ),
        (
            "manual-task-retention",
            task(
                false,
                false,
                &["ada@example.com", "bob@example.com"],
                "Delete the subscriber.",
            ),
        ),
        (
            "extended",
            Message::Extended(Extended {
                kind: "access".into(),
                reason: "Your data is spread over several archived systems.".into(),
                due: long_date(date!(2027 - 01 - 07)),
                extended_due: long_date(date!(2027 - 03 - 08)),
                legal_basis: "GDPR Art. 12(3)".into(),
                complaints: COMPLAINTS.into(),
            }),
        ),
        (
            "dpo-digest",
            Message::DpoDigest(DpoDigest {
                day: long_date(date!(2026 - 12 - 07)),
                overdue: vec![
                    digest_line("erasure", "processing", date!(2026 - 12 - 04), -3),
                    digest_line("access", "failed", date!(2026 - 12 - 06), -1),
                ],
                due_soon: vec![
                    digest_line("access", "awaiting approval", date!(2026 - 12 - 07), 0),
                    digest_line("erasure", "scheduled", date!(2026 - 12 - 08), 1),
                    digest_line("access", "processing", date!(2026 - 12 - 11), 4),
                ],
                register_link: "https://privacy.example.com/admin".into(),
            }),
        ),
        (
            "dpo-digest-quiet",
            Message::DpoDigest(DpoDigest {
                day: long_date(date!(2026 - 12 - 07)),
                overdue: Vec::new(),
                due_soon: Vec::new(),
                register_link: "https://privacy.example.com/admin".into(),
            }),
        ),
    ];
    let mut out = out;
    out.extend([
        (
            "rights-rectified",
            rights(
                "rectification",
                &["Full name", "Phone number"],
                &["Our app: 1 record", "Billing: 1 record"],
                &["Our CRM", "Newsletter vendor"],
                false,
                false,
            ),
        ),
        (
            "rights-rectified-nothing-found",
            rights("rectification", &["Full name"], &[], &[], false, false),
        ),
        (
            "rights-restricted",
            rights(
                "restriction",
                &[],
                &["Our app: 3 records"],
                &["Our CRM"],
                false,
                false,
            ),
        ),
        (
            "rights-restricted-nothing-found",
            rights("restriction", &[], &[], &[], false, false),
        ),
        (
            "rights-objection-marketing",
            rights("objection", &[], &["Our app: 1 record"], &[], true, false),
        ),
        (
            "rights-objection-other",
            rights(
                "objection",
                &[],
                &["Our app: 1 record"],
                &["Newsletter vendor"],
                false,
                false,
            ),
        ),
        (
            "rights-opt-out-ccpa",
            rights("objection", &[], &["Our app: 1 record"], &[], true, true),
        ),
        (
            "rights-task-rectify",
            Message::RightsTask(RightsTask {
                action: "correct the personal data of".into(),
                store: "newsletter".into(),
                reference: ID.into(),
                subjects: lines(&["ada@example.com"]),
                changes: lines(&["Full name: Ada King"]),
                context: String::new(),
                instructions: "Find the subscriber by email in the vendor console.".into(),
            }),
        ),
        (
            "rights-task-lift",
            Message::RightsTask(RightsTask {
                action: "lift the restriction of processing of".into(),
                store: "newsletter".into(),
                reference: ID.into(),
                subjects: lines(&["ada@example.com"]),
                changes: Vec::new(),
                context: "Why it is lifted: The claim was settled.".into(),
                instructions: String::new(),
            }),
        ),
        (
            "restriction-lifting",
            Message::Lifting(Lifting {
                reason: "The data was checked and is accurate.".into(),
                status_link: "https://privacy.example.com/status/STATUS-TOKEN".into(),
                complaints: COMPLAINTS.into(),
            }),
        ),
    ]);
    let mut all: Vec<(&'static str, Message, Brand)> =
        out.into_iter().map(|(n, m)| (n, m, b.clone())).collect();
    // Without [portal] company and contact: no empty line left for them.
    all.push((
        "verify-no-company",
        Message::Verify(verify(false)),
        Brand::default(),
    ));
    all
}
