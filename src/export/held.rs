//! What an access answer says about records kept under a legal hold (DESIGN §3, holds):
//! records an earlier erasure kept are still personal data we hold, so the archive lists
//! them instead of saying nothing is held, and holds a copy of those that are the subject's.
//!
//! A hold is the subject's when it is attributed to the keyed hash of their address (the
//! erasure that kept it saw their identifiers reach the record, [`crate::erasure`]'s
//! attribution), or, for a hold recorded before holds were attributed, when the erasure that
//! kept it was of this subject alone (their own request). Those are listed exactly (`ours`:
//! table, count, reason, end date) and their records go into the archive. An older retention
//! run erased many subjects at once without telling its holds apart: the ledger recognises
//! the subject in it, and the README says what kinds of records that run kept and until when
//! at most (`runs`), never that nothing is held, and holds none of those records.

use serde::Serialize;

use super::archive::StoreSummary;
use crate::datamap::labels::Labels;
use crate::db::{DbConn, erasures};
use crate::domain::format::long_date;
use crate::domain::held;
use crate::domain::ledger_key::LedgerKey;

/// Records of this subject held under a legal hold, grouped by table and reason.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HeldGroup {
    pub store: String,
    pub table: String,
    /// How many of the subject's records (`ours`); a run's kinds are not counted per
    /// subject, so theirs is 0 and left out of the manifest (it never means "none kept").
    #[serde(skip_serializing_if = "is_zero")]
    pub records: u64,
    pub reason: String,
    /// "31 December 2032", or "31 December 2032 to 31 December 2033" (each its own date).
    pub until: String,
    /// The day the erasure that kept them ran.
    pub kept_since: String,
    /// The archive's files holding a copy of these records (`ours` only; none for a run's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// The store and table as the data map names them.
    #[serde(skip)]
    pub place: (String, String),
    /// The first and last end date, and the day the erasure ran, for README.html to say in
    /// the subject's language (`until` and `kept_since` are the manifest's English words).
    #[serde(skip)]
    pub dates: HeldDates,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldDates {
    pub first_until: time::Date,
    pub last_until: time::Date,
    pub since: time::Date,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A retention run that erased this subject with others and kept some records under a hold.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HeldByRun {
    pub erased_on: String,
    #[serde(skip)]
    pub on: time::Date,
    /// What that run kept, per table: the reason and the last end date.
    pub kinds: Vec<HeldGroup>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Held {
    pub ours: Vec<HeldGroup>,
    pub runs: Vec<HeldByRun>,
    /// The keys of the subject's held records (`ours`), per store and table, for the archive.
    #[serde(skip)]
    pub records: Vec<HeldRecords>,
}

/// The records of one table kept under holds that are the subject's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRecords {
    pub store: String,
    pub object: String,
    /// Each record's key, as its hold recorded it (JSON).
    pub keys: Vec<String>,
}

impl Held {
    pub fn is_empty(&self) -> bool {
        self.ours.is_empty() && self.runs.is_empty()
    }

    /// Names, in each of the subject's groups, the archive's files that hold a copy of its
    /// records (the store's folder, the table's `(kept)` files).
    pub fn name_files(&mut self, stores: &[StoreSummary]) {
        for g in &mut self.ours {
            let (store, object) = &g.place;
            g.files = stores
                .iter()
                .filter(|s| &s.name == store)
                .flat_map(|s| &s.tables)
                .filter(|t| t.kept && &t.object == object)
                .flat_map(|t| t.paths.iter().cloned())
                .collect();
        }
    }
}

/// The holds in force on `email`'s records (addresses are hashed as the ledger did: lower
/// case).
pub fn of_subject(
    conn: &mut DbConn,
    key: &LedgerKey,
    email: &str,
    labels: &Labels,
) -> diesel::QueryResult<Held> {
    let hash = key.hash(crate::datamap::EMAIL, &email.to_lowercase());
    let mut held = Held::default();
    let mut ours: Vec<erasures::HoldRow> = erasures::holds_of_subject(conn, &hash)?;
    let entries = erasures::ledger_mentioning(conn, &hash)?;
    let ids: Vec<String> = entries.iter().map(|e| e.erasure_id.clone()).collect();
    let unattributed = erasures::unattributed_holds(conn, &ids)?;
    for entry in entries {
        let of_entry: Vec<&erasures::HoldRow> = unattributed
            .iter()
            .filter(|h| h.erasure_id == entry.erasure_id)
            .collect();
        if of_entry.is_empty() {
            continue;
        }
        if entry.subjects == 1 {
            // Their own erasure, before holds were attributed: every hold it kept is theirs.
            ours.extend(of_entry.into_iter().cloned());
            continue;
        }
        // Not told apart per subject: no count, and the last day any of them is kept.
        let on = entry.at.date();
        held.runs.push(HeldByRun {
            kinds: group(&of_entry, labels, on)
                .into_iter()
                .map(|(g, last)| HeldGroup {
                    records: 0,
                    until: long_date(last),
                    dates: HeldDates {
                        first_until: last,
                        ..g.dates
                    },
                    ..g
                })
                .collect(),
            erased_on: long_date(on),
            on,
        });
    }
    // Per erasure (each its own "kept since"), in the order they ran (ids are UUIDv7).
    ours.sort_by(|a, b| (&a.erasure_id, a.created_at).cmp(&(&b.erasure_id, b.created_at)));
    for run in ours.chunk_by(|a, b| a.erasure_id == b.erasure_id) {
        let of_run: Vec<&erasures::HoldRow> = run.iter().collect();
        let since = run[0].created_at.date();
        held.ours
            .extend(group(&of_run, labels, since).into_iter().map(|(g, _)| g));
    }
    for h in &ours {
        match held
            .records
            .iter_mut()
            .find(|r| r.store == h.store && r.object == h.object)
        {
            Some(r) => r.keys.push(h.row_key.clone()),
            None => held.records.push(HeldRecords {
                store: h.store.clone(),
                object: h.object.clone(),
                keys: vec![h.row_key.clone()],
            }),
        }
    }
    Ok(held)
}

/// The holds grouped for people, each group with the last day any of its records is kept.
fn group(
    holds: &[&erasures::HoldRow],
    labels: &Labels,
    since: time::Date,
) -> Vec<(HeldGroup, time::Date)> {
    let rows = holds.iter().map(|h| {
        (
            h.store.as_str(),
            h.object.as_str(),
            h.reason.as_str(),
            h.until,
        )
    });
    held::group(rows)
        .into_iter()
        .map(|g| {
            let group = HeldGroup {
                store: labels.store(g.store),
                table: labels.object(g.store, g.object).label,
                records: g.records,
                reason: g.reason.to_owned(),
                until: g.until_words(),
                kept_since: long_date(since),
                files: Vec::new(),
                place: (g.store.to_owned(), g.object.to_owned()),
                dates: HeldDates {
                    first_until: g.first_until,
                    last_until: g.last_until,
                    since,
                },
            };
            (group, g.last_until)
        })
        .collect()
}
