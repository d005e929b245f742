//! Desk sessions: a random token in an `HttpOnly; SameSite=Strict` cookie, stored only as its
//! SHA-256 hash, in two stages (password accepted, then TOTP accepted); each stage ends after
//! an idle time and an absolute time. A session's CSRF token is an HMAC of its hash.

use subtle::ConstantTimeEq;
use time::{Duration, PrimitiveDateTime};

use crate::config::Admin;

/// The session cookie (path `/admin`).
pub const COOKIE: &str = "dsr_admin";

/// How far a session got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The password was right; the TOTP code is pending.
    Password,
    /// Logged in.
    Full,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Password => "password",
            Stage::Full => "full",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "password" => Some(Stage::Password),
            "full" => Some(Stage::Full),
            _ => None,
        }
    }
}

/// Why a session no longer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expired {
    Idle,
    Absolute,
}

impl Expired {
    pub fn as_str(self) -> &'static str {
        match self {
            Expired::Idle => "idle",
            Expired::Absolute => "absolute",
        }
    }
}

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub idle: Duration,
    pub absolute: Duration,
    /// The window between the password and the TOTP code.
    pub pending: Duration,
}

impl Policy {
    pub fn from_config(a: &Admin) -> Self {
        Self {
            idle: Duration::minutes(i64::from(a.session_idle_minutes)),
            absolute: Duration::hours(i64::from(a.session_max_hours)),
            pending: Duration::minutes(5),
        }
    }

    /// Whether a session of this stage, created and last seen then, is still live at `now`.
    pub fn check(
        &self,
        stage: Stage,
        created_at: PrimitiveDateTime,
        last_seen_at: PrimitiveDateTime,
        now: PrimitiveDateTime,
    ) -> Result<(), Expired> {
        let absolute = match stage {
            Stage::Password => self.pending,
            Stage::Full => self.absolute,
        };
        if now - created_at >= absolute {
            return Err(Expired::Absolute);
        }
        if now - last_seen_at >= self.idle {
            return Err(Expired::Idle);
        }
        Ok(())
    }
}

/// The CSRF token of the session with this token hash: bound to the session, so a token
/// from another session (or from before login) is refused.
pub fn csrf_token(key: &[u8], token_hash: &str) -> String {
    crate::domain::mac::hmac_sha256_hex(key, &[b"admin-csrf:", token_hash.as_bytes()])
}

/// Compares a submitted CSRF token with the session's, in constant time.
pub fn csrf_matches(key: &[u8], token_hash: &str, submitted: &str) -> bool {
    let expected = csrf_token(key, token_hash);
    bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn idle_and_absolute_expiry() {
        let p = Policy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            pending: Duration::minutes(5),
        };
        let t0 = datetime!(2026-12-02 09:00);
        assert_eq!(
            p.check(Stage::Full, t0, t0, t0 + Duration::minutes(29)),
            Ok(())
        );
        assert_eq!(
            p.check(Stage::Full, t0, t0, t0 + Duration::minutes(30)),
            Err(Expired::Idle)
        );
        let busy = t0 + Duration::hours(12) - Duration::minutes(1);
        assert_eq!(p.check(Stage::Full, t0, busy, busy), Ok(()));
        assert_eq!(
            p.check(Stage::Full, t0, busy, t0 + Duration::hours(12)),
            Err(Expired::Absolute)
        );
        assert_eq!(
            p.check(Stage::Password, t0, t0, t0 + Duration::minutes(5)),
            Err(Expired::Absolute)
        );
    }

    #[test]
    fn csrf_is_bound_to_the_session() {
        let key = b"k".repeat(32);
        let t = csrf_token(&key, "hash-a");
        assert!(csrf_matches(&key, "hash-a", &t));
        assert!(!csrf_matches(&key, "hash-b", &t));
        assert!(!csrf_matches(&key, "hash-a", ""));
        assert_eq!(Stage::parse("full"), Some(Stage::Full));
        assert_eq!(Stage::parse("x"), None);
    }
}
