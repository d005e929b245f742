//! Staff accounts: roles and passwords (argon2id, salt generated per hash).

use std::fmt;
use std::str::FromStr;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

/// What a staff member may do on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Every action.
    Dpo,
    /// Read only: the register, requests, reports.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Dpo, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Dpo => "dpo",
            Role::Viewer => "viewer",
        }
    }

    /// Whether this role may change requests.
    pub fn may_act(self) -> bool {
        self == Role::Dpo
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role {s:?} (expected dpo or viewer)"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Shortest accepted password.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest accepted password (argon2 hashes any length; this bounds the work per attempt).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks a new password against the policy.
pub fn check_new_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(format!(
            "the password must have at most {MAX_PASSWORD_CHARS} characters"
        ));
    }
    Ok(())
}

/// The argon2id PHC string of a password (fresh random salt).
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `password` matches the PHC string `hash`. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return false;
    }
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A hash of a password nobody knows, verified against when the email is unknown, so an
/// unknown address costs the same time as a wrong password (no user enumeration by timing).
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let mut bytes = [0u8; 24];
        let _ = getrandom::fill(&mut bytes);
        hash_password(&hex::encode(bytes)).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "a fresh salt each time");
        assert!(verify_password("correct horse battery", &a));
        assert!(!verify_password("correct horse batterY", &a));
        assert!(!verify_password("x", "not a hash"));
        assert!(!verify_password("x", decoy_hash()));
    }

    #[test]
    fn password_policy_and_roles() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password(&"x".repeat(300)).is_err());
        assert!(check_new_password("twelve chars").is_ok());
        assert_eq!("viewer".parse::<Role>().unwrap(), Role::Viewer);
        assert!("root".parse::<Role>().is_err());
        assert!(Role::Dpo.may_act() && !Role::Viewer.may_act());
    }
}
