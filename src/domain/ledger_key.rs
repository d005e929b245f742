//! The erasure ledger's key: every identifier of an erased subject is recorded as
//! HMAC-SHA256 under a key derived from the portal's secret, so the ledger can recognise a
//! subject who comes back (a restored backup, an access request after an erasure) but
//! cannot name anyone by itself.

use super::mac::{hmac_sha256, hmac_sha256_hex};

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
}

impl std::fmt::Debug for LedgerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LedgerKey(..)")
    }
}
