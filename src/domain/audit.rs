//! The audit chain: each entry carries the SHA-256 of the one before, so an edit, a gap or
//! a truncation is detectable (`dsr-portal audit verify`).

use sha2::{Digest, Sha256};
use time::PrimitiveDateTime;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as it is hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: PrimitiveDateTime,
    pub actor: String,
    pub event: String,
    pub request_id: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry: SHA-256 over its fields, each length-prefixed so no two different
/// entries encode the same bytes.
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: PrimitiveDateTime,
    actor: &str,
    event: &str,
    request_id: Option<&str>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    let at = at.assume_utc().unix_timestamp_nanos() / 1000;
    let seq = seq.to_string();
    let at = at.to_string();
    for field in [
        prev_hash,
        &seq,
        &at,
        actor,
        event,
        request_id.unwrap_or("\0"),
        detail,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// What is wrong with the chain, naming the first broken entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("audit entry {seq}: missing (entries jump from {prev} to {seq})")]
    Gap { prev: i64, seq: i64 },
    #[error("audit entry {seq}: its prev_hash does not match entry {}", .seq - 1)]
    Link { seq: i64 },
    #[error("audit entry {seq}: its content does not match its hash (edited)")]
    Content { seq: i64 },
    #[error("audit log ends at entry {last} but its head says {head}: entries were removed")]
    Truncated { last: i64, head: i64 },
    #[error("audit head hash does not match entry {seq}")]
    Head { seq: i64 },
}

/// Walks entries in `seq` order. Call [`Verifier::push`] for each, then [`Verifier::finish`]
/// with the stored head.
#[derive(Debug)]
pub struct Verifier {
    last_seq: i64,
    last_hash: String,
    pub checked: u64,
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            last_seq: 0,
            last_hash: GENESIS.to_owned(),
            checked: 0,
        }
    }
}

impl Verifier {
    pub fn push(&mut self, e: &Entry) -> Result<(), ChainError> {
        if e.seq != self.last_seq + 1 {
            return Err(ChainError::Gap {
                prev: self.last_seq,
                seq: e.seq,
            });
        }
        if e.prev_hash != self.last_hash {
            return Err(ChainError::Link { seq: e.seq });
        }
        let expected = entry_hash(
            &e.prev_hash,
            e.seq,
            e.at,
            &e.actor,
            &e.event,
            e.request_id.as_deref(),
            &e.detail,
        );
        if expected != e.hash {
            return Err(ChainError::Content { seq: e.seq });
        }
        self.last_seq = e.seq;
        self.last_hash = expected;
        self.checked += 1;
        Ok(())
    }

    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<u64, ChainError> {
        if head_seq != self.last_seq {
            return Err(ChainError::Truncated {
                last: self.last_seq,
                head: head_seq,
            });
        }
        if head_hash != self.last_hash {
            return Err(ChainError::Head { seq: head_seq });
        }
        Ok(self.checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn chain(n: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let at = datetime!(2026-11-29 10:00:00.123456);
                let hash = entry_hash(&prev, seq, at, "system", "created", Some("r1"), "{}");
                let e = Entry {
                    seq,
                    at,
                    actor: "system".into(),
                    event: "created".into(),
                    request_id: Some("r1".into()),
                    detail: "{}".into(),
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    fn verify(entries: &[Entry], head: (i64, &str)) -> Result<u64, ChainError> {
        let mut v = Verifier::default();
        for e in entries {
            v.push(e)?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify(&c, (5, &c[4].hash)), Ok(5));
        assert_eq!(verify(&[], (0, GENESIS)), Ok(0));
    }

    #[test]
    fn edits_gaps_and_truncation_are_named() {
        let c = chain(5);
        let mut edited = c.clone();
        edited[2].detail = "{\"x\":1}".into();
        assert_eq!(
            verify(&edited, (5, &c[4].hash)),
            Err(ChainError::Content { seq: 3 })
        );
        let mut gap = c.clone();
        gap.remove(1);
        assert_eq!(
            verify(&gap, (5, &c[4].hash)),
            Err(ChainError::Gap { prev: 1, seq: 3 })
        );
        assert_eq!(
            verify(&c[..4], (5, &c[4].hash)),
            Err(ChainError::Truncated { last: 4, head: 5 })
        );
        let mut relinked = c.clone();
        relinked[3].prev_hash = GENESIS.into();
        assert_eq!(
            verify(&relinked, (5, &c[4].hash)),
            Err(ChainError::Link { seq: 4 })
        );
    }

    #[test]
    fn fields_cannot_be_shifted_between_each_other() {
        let at = datetime!(2026-01-01 0:00);
        assert_ne!(
            entry_hash(GENESIS, 1, at, "ab", "c", None, ""),
            entry_hash(GENESIS, 1, at, "a", "bc", None, "")
        );
        assert_ne!(
            entry_hash(GENESIS, 1, at, "a", "b", None, ""),
            entry_hash(GENESIS, 1, at, "a", "b", Some(""), "")
        );
    }
}
