//! Every email the portal sends, in each of its branches (`tests/common/emails.rs`),
//! rendered as text and HTML with a fixed company and fixed dates and compared with its
//! snapshot under `tests/snapshots/email/`: any change to what a person reads shows in
//! review. After an intended change: `UPDATE_SNAPSHOTS=1 cargo test --test email`, read
//! the diff, commit. (`tests/browser.rs` checks the same HTML with axe-core.)

mod common;

use common::{emails, snapshot};
use dsr_portal::i18n::{I18n, Lang};

const UPDATE: &str = "cargo test --locked --test email";

#[test]
fn every_email_matches_its_snapshots() {
    let mut wrong = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for (name, message, brand) in emails::all() {
        let r = message
            .render(&brand, &I18n::built_in(), Lang::EN)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(names.insert(name), "two cases named {name}");
        let text = format!("Subject: {}\n\n{}", r.subject, r.text);
        for (file, body) in [
            (format!("email/{name}.txt"), text),
            (format!("email/{name}.html"), r.html),
        ] {
            if let Err(e) = snapshot::compare(&file, &body, UPDATE) {
                wrong.push(e);
            }
        }
    }
    // A snapshot no case writes any more is stale: it would document an email that is gone.
    let dir = snapshot::path("email");
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
        if !names.contains(stem) {
            if snapshot::updating() {
                std::fs::remove_file(entry.path()).expect("remove a stale snapshot");
            } else {
                wrong.push(format!(
                    "tests/snapshots/email/{file} belongs to no email case: delete it \
                     (UPDATE_SNAPSHOTS=1 {UPDATE} does)"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// The branches the snapshots are meant to cover are each what they claim to be.
#[test]
fn the_erasure_cases_cover_every_answer() {
    use dsr_portal::mail::messages::{ErasureAnswer, Message};
    let answers: Vec<(&str, ErasureAnswer)> = emails::all()
        .into_iter()
        .filter_map(|(name, m, _)| match m {
            Message::ErasureCompleted(e) => Some((name, e.answer())),
            _ => None,
        })
        .collect();
    for want in [
        ErasureAnswer::NothingFound,
        ErasureAnswer::Erased,
        ErasureAnswer::Kept,
    ] {
        assert!(
            answers.iter().any(|(_, a)| *a == want),
            "no case for {want:?}: {answers:?}"
        );
    }
}

/// Every message the portal has (a folder under `templates/email/`) has a case.
#[test]
fn every_message_has_a_case() {
    let covered: std::collections::BTreeSet<&str> =
        emails::all().iter().map(|(_, m, _)| m.name()).collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/email");
    for entry in std::fs::read_dir(&dir).expect("templates/email").flatten() {
        if entry.path().join("subject.txt").exists() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                covered.contains(name.as_str()),
                "templates/email/{name} has no case in tests/common/emails.rs"
            );
        }
    }
}
