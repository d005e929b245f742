//! The erasure ledger's keyed hashes: every identifier of an erased subject is recorded as
//! HMAC-SHA256 under a key derived from the portal's secret, so the ledger can recognise a
//! subject who comes back with a restored backup but cannot name anyone by itself.

use std::collections::BTreeMap;

use crate::domain::mac::{hmac_sha256, hmac_sha256_hex};
use crate::stores::Identifiers;

/// Hashes identifier values under the ledger key.
#[derive(Clone)]
pub struct LedgerKey([u8; 32]);

impl LedgerKey {
    /// The ledger's own key, derived from the portal's secret (`security.secret_key_env`).
    pub fn derive(secret: &[u8]) -> Self {
        Self(hmac_sha256(secret, &[b"dsr-portal erasure ledger v1"]))
    }

    /// The keyed hash of one value of one identifier (the name is part of the input, so the
    /// same text under two identifiers hashes differently).
    pub fn hash(&self, identifier: &str, value: &str) -> String {
        hmac_sha256_hex(&self.0, &[identifier.as_bytes(), &[0], value.as_bytes()])
    }

    /// Every identifier value, hashed: `{name: [hex, ...]}`.
    pub fn hash_all(&self, ids: &Identifiers) -> BTreeMap<String, Vec<String>> {
        ids.iter()
            .map(|(name, values)| {
                let hashes = values.iter().map(|v| self.hash(name, v)).collect();
                (name.clone(), hashes)
            })
            .collect()
    }
}

impl std::fmt::Debug for LedgerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LedgerKey(..)")
    }
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
        let all = k.hash_all(&ids);
        assert_eq!(all["email"], vec![h]);
        assert!(!serde_json::to_string(&all).unwrap().contains("ada"));
    }
}
