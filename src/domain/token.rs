//! Bearer tokens in links: 256 random bits, shown once, stored only as a SHA-256 hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// What a link token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirm the address (single use, expires).
    Verify,
    /// See the request's status and cancel it while allowed.
    Status,
    /// Download the export archive until it expires.
    Download,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Status => "status",
            Purpose::Download => "download",
        }
    }
}

/// Whether a status link still opens at `now`: while its request is open (`closed_at` is
/// `None`), and until `days_after_close` days after it closed. After that the link has done
/// its job, and a forwarded or leaked mail no longer shows anything.
pub fn status_link_live(
    closed_at: Option<time::PrimitiveDateTime>,
    now: time::PrimitiveDateTime,
    days_after_close: u32,
) -> bool {
    closed_at.is_none_or(|closed| now < closed + time::Duration::days(i64::from(days_after_close)))
}

/// A freshly minted token: `plain` goes into the email, `hash` into the database.
#[derive(Clone)]
pub struct Minted {
    pub plain: String,
    pub hash: String,
}

impl std::fmt::Debug for Minted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Minted")
            .field("hash", &self.hash)
            .finish_non_exhaustive()
    }
}

/// Mints a token from the operating system's random source.
pub fn mint() -> Result<Minted, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let plain = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&plain);
    Ok(Minted { plain, hash })
}

/// The stored form of a token. A lookup by this hash is a lookup by a value an attacker
/// can't choose to collide, so the database's comparison leaks nothing useful in timing.
pub fn hash(plain: &str) -> String {
    hex::encode(Sha256::digest(plain.as_bytes()))
}

/// Whether a string could be a token at all (so junk never reaches the database).
pub fn looks_valid(plain: &str) -> bool {
    plain.len() == 43
        && plain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_link_ends_a_while_after_its_request_closed() {
        let closed = time::macros::datetime!(2026-03-01 12:00);
        let day = time::Duration::days(1);
        assert!(status_link_live(None, closed + 10_000 * day, 30));
        assert!(status_link_live(Some(closed), closed, 30));
        assert!(status_link_live(
            Some(closed),
            closed + 30 * day - time::Duration::SECOND,
            30
        ));
        assert!(!status_link_live(Some(closed), closed + 30 * day, 30));
        assert!(!status_link_live(Some(closed), closed + 2 * day, 1));
    }

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = mint().unwrap();
        let b = mint().unwrap();
        assert_ne!(a.plain, b.plain);
        assert!(looks_valid(&a.plain));
        assert_eq!(a.hash, hash(&a.plain));
        assert_eq!(a.hash.len(), 64);
        assert!(!format!("{a:?}").contains(&a.plain));
        assert!(!looks_valid("short"));
        assert!(!looks_valid(&"x".repeat(42).replace('x', "'")));
    }
}
