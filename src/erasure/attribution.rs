//! Whose records a hold keeps (DESIGN §3, holds): each held row is attributed to the
//! subjects whose identifiers reached it, by the keyed hash of their address (the ledger's
//! `LedgerKey::hash(email, lower-case address)`), so an access answer can list a subject's
//! holds and include the held records even when a retention run erased many subjects at once.
//!
//! The rule: a row is a subject's when one of the identifier values that reached it (the
//! store reports them, [`crate::stores::RetainedRow::via`]) is among that subject's own
//! resolved identifiers. A row that two subjects' values reach (a shared customer id) is
//! both subjects', as a live row that both reach is in both their access answers. A row is
//! never attributed to a subject whose identifiers did not reach it: when the store can't
//! tell which values reached a row, it goes to the run's one subject if it has only one, and
//! otherwise to no one (the hold is then listed as a run's, without its records).

use std::collections::BTreeSet;

use super::ledger::LedgerKey;
use crate::datamap::EMAIL;
use crate::stores::Identifiers;

/// The subjects of one run: each one's address hashes and resolved identifiers.
#[derive(Debug, Default)]
pub struct Subjects(Vec<(Vec<String>, Identifiers)>);

impl Subjects {
    /// Each subject's identifiers, as resolved for the run.
    pub fn new(key: &LedgerKey, subjects: Vec<Identifiers>) -> Self {
        Self(
            subjects
                .into_iter()
                .map(|ids| {
                    let hashes = ids
                        .values(EMAIL)
                        .iter()
                        .map(|e| key.hash(EMAIL, e))
                        .collect();
                    (hashes, ids)
                })
                .collect(),
        )
    }

    /// The address hashes of the subjects a held row is attributed to, given the
    /// `(identifier, value)` pairs that reached it; sorted, each once.
    pub fn of(&self, via: &[(String, String)]) -> Vec<String> {
        let reached = |ids: &Identifiers| via.iter().any(|(name, v)| ids.contains(name, v));
        let whose: BTreeSet<&String> = match self.0.as_slice() {
            [(hashes, _)] if via.is_empty() => hashes.iter().collect(),
            all => all
                .iter()
                .filter(|(_, ids)| reached(ids))
                .flat_map(|(hashes, _)| hashes)
                .collect(),
        };
        whose.into_iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(email: &str, user_id: &str, customer: &str) -> Identifiers {
        let mut ids = Identifiers::default();
        ids.insert(EMAIL, email.into());
        ids.insert("user_id", user_id.into());
        ids.insert("stripe_customer_id", customer.into());
        ids
    }

    fn via(name: &str, value: &str) -> Vec<(String, String)> {
        vec![(name.into(), value.into())]
    }

    #[test]
    fn a_row_is_attributed_to_exactly_the_subjects_whose_identifiers_reached_it() {
        let key = LedgerKey::derive(b"secret");
        let linus = key.hash(EMAIL, "linus@example.com");
        let ada = key.hash(EMAIL, "ada@example.com");
        let run = Subjects::new(
            &key,
            vec![
                subject("Linus@Example.com", "1", "cus_shared"),
                subject("ada@example.com", "2", "cus_shared"),
            ],
        );
        assert_eq!(run.of(&via("user_id", "1")), [linus.as_str()]);
        assert_eq!(run.of(&via("user_id", "2")), [ada.as_str()]);
        // A value neither resolved, or the right value under another identifier: no one.
        assert!(run.of(&via("user_id", "3")).is_empty());
        assert!(run.of(&via("stripe_customer_id", "1")).is_empty());
        // Reached from both subjects' values: both, once each.
        let mut both = vec![linus.clone(), ada.clone()];
        both.sort();
        assert_eq!(run.of(&via("stripe_customer_id", "cus_shared")), both);
        let mut two = via("user_id", "1");
        two.extend(via("user_id", "2"));
        assert_eq!(run.of(&two), both);
        // The store could not tell who reached it: in a batch, no one.
        assert!(run.of(&[]).is_empty());
    }

    #[test]
    fn a_run_of_one_subject_keeps_only_that_subjects_rows() {
        let key = LedgerKey::derive(b"secret");
        let run = Subjects::new(&key, vec![subject("linus@example.com", "1", "cus_1")]);
        let linus = vec![key.hash(EMAIL, "linus@example.com")];
        assert_eq!(
            run.of(&[]),
            linus,
            "everything its one subject's erasure kept"
        );
        assert_eq!(run.of(&via("user_id", "1")), linus);
        assert!(run.of(&via("user_id", "2")).is_empty());
        assert!(Subjects::default().of(&[]).is_empty(), "no subjects known");
    }
}
