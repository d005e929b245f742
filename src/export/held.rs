//! What an access answer says about records kept under a legal hold (DESIGN §3, holds):
//! records an earlier erasure kept are still personal data we hold, so the archive's
//! README lists them instead of saying nothing is held.
//!
//! The erasure ledger recognises the subject by the keyed hash of their address. An
//! erasure of this subject alone (their own request) kept exactly its holds, listed with
//! table, count, reason and end date. A retention run erases many subjects at once and its
//! holds aren't told apart per subject: the README then says what kinds of records that
//! run kept and until when at most, never that nothing is held.

use serde::Serialize;

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
    pub records: u64,
    pub reason: String,
    /// "31 December 2032", or "31 December 2032 to 31 December 2033" (each its own date).
    pub until: String,
    /// The day the erasure that kept them ran.
    pub kept_since: String,
}

/// A retention run that erased this subject with others and kept some records under a hold.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HeldByRun {
    pub erased_on: String,
    /// What that run kept, per table: the reason and the last end date.
    pub kinds: Vec<HeldGroup>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Held {
    pub ours: Vec<HeldGroup>,
    pub runs: Vec<HeldByRun>,
}

impl Held {
    pub fn is_empty(&self) -> bool {
        self.ours.is_empty() && self.runs.is_empty()
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
    let entries = erasures::ledger_mentioning(conn, &hash)?;
    let ids: Vec<String> = entries.iter().map(|e| e.erasure_id.clone()).collect();
    let holds = erasures::holds_in_force(conn, &ids)?;
    let mut held = Held::default();
    for entry in entries {
        let of_entry: Vec<&erasures::HoldRow> = holds
            .iter()
            .filter(|h| h.erasure_id == entry.erasure_id)
            .collect();
        if of_entry.is_empty() {
            continue;
        }
        let erased_on = long_date(entry.at.date());
        let groups = group(&of_entry, labels, &erased_on);
        if entry.subjects == 1 {
            held.ours.extend(groups.into_iter().map(|(g, _)| g));
        } else {
            // Not told apart per subject: no count, and the last day any of them is kept.
            held.runs.push(HeldByRun {
                kinds: groups
                    .into_iter()
                    .map(|(g, last)| HeldGroup {
                        records: 0,
                        until: long_date(last),
                        ..g
                    })
                    .collect(),
                erased_on,
            });
        }
    }
    Ok(held)
}

/// The holds grouped for people, each group with the last day any of its records is kept.
fn group(
    holds: &[&erasures::HoldRow],
    labels: &Labels,
    since: &str,
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
                kept_since: since.to_owned(),
            };
            (group, g.last_until)
        })
        .collect()
}
