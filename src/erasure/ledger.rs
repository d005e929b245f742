//! The erasure ledger's keyed hashes (the key: [`LedgerKey`]): every identifier of an
//! erased subject is recorded hashed, so the ledger can recognise a subject who comes back
//! with a restored backup but cannot name anyone by itself.

use std::collections::BTreeMap;

pub use crate::domain::ledger_key::LedgerKey;
use crate::stores::Identifiers;

/// Every identifier value, hashed: `{name: [hex, ...]}`.
pub fn hash_all(key: &LedgerKey, ids: &Identifiers) -> BTreeMap<String, Vec<String>> {
    ids.iter()
        .map(|(name, values)| {
            let hashes = values.iter().map(|v| key.hash(name, v)).collect();
            (name.clone(), hashes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_keyed_and_name_bound_and_hide_the_value() {
        let k = LedgerKey::derive(b"secret one");
        let h = k.hash("email", "ada@example.com");
        assert_eq!(h.len(), 64);
        assert_eq!(h, k.hash("email", "ada@example.com"));
        assert_ne!(h, k.hash("user_id", "ada@example.com"));
        assert_ne!(
            h,
            LedgerKey::derive(b"secret two").hash("email", "ada@example.com")
        );
        let mut ids = Identifiers::default();
        ids.insert("email", "ada@example.com".into());
        let all = hash_all(&k, &ids);
        assert_eq!(all["email"], vec![h]);
        assert!(!serde_json::to_string(&all).unwrap().contains("ada"));
    }
}
