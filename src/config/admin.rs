//! `[admin]`: the DPO desk (`/admin`).

use serde::{Deserialize, Serialize};

use super::{ConfigError, Oidc, invalid};

/// The DPO desk (`/admin`): sessions, login throttling, the register page, the digest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Admin {
    /// A session unused this long ends.
    pub session_idle_minutes: u32,
    /// A session ends this long after login, used or not.
    pub session_max_hours: u32,
    /// Login and TOTP form posts per client address per minute (bursts up to this many).
    pub login_rate_per_minute: u32,
    /// Failed passwords or codes in a row before the account is locked.
    pub max_failed_logins: u32,
    pub lockout_minutes: u32,
    /// Rows per register page.
    pub page_size: u32,
    /// Hour (UTC) from which the worker sends the daily digest to DPOs.
    pub digest_hour_utc: u8,
    /// Largest upload of files for a manual step, in MiB (all files of one form together).
    pub max_upload_mib: u32,
    /// Password checks (argon2) running at once; 0 = one per core.
    pub password_check_concurrency: u32,
    /// How long a login waits for its turn to check the password before the desk answers
    /// that it is busy (503).
    pub password_check_wait_seconds: u32,
    /// Login with the desk's own password and TOTP code. `false` leaves only single sign-on
    /// (`[admin.oidc]`).
    pub local_login: bool,
    /// Single sign-on through the company's OpenID Connect provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oidc: Option<Oidc>,
}

impl Default for Admin {
    fn default() -> Self {
        Self {
            session_idle_minutes: 30,
            session_max_hours: 12,
            login_rate_per_minute: 10,
            max_failed_logins: 5,
            lockout_minutes: 15,
            page_size: 50,
            digest_hour_utc: 7,
            max_upload_mib: 50,
            password_check_concurrency: 0,
            password_check_wait_seconds: 10,
            local_login: true,
            oidc: None,
        }
    }
}

impl Admin {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        for (key, value) in [
            ("admin.session_idle_minutes", self.session_idle_minutes),
            ("admin.session_max_hours", self.session_max_hours),
            ("admin.login_rate_per_minute", self.login_rate_per_minute),
            ("admin.max_failed_logins", self.max_failed_logins),
            ("admin.lockout_minutes", self.lockout_minutes),
            ("admin.page_size", self.page_size),
            ("admin.max_upload_mib", self.max_upload_mib),
        ] {
            if value == 0 {
                return Err(invalid(key, "must be at least 1"));
            }
        }
        if self.page_size > 500 {
            return Err(invalid("admin.page_size", "must be at most 500"));
        }
        if self.max_upload_mib > 4096 {
            return Err(invalid("admin.max_upload_mib", "must be at most 4096"));
        }
        if self.password_check_concurrency > 256 {
            return Err(invalid(
                "admin.password_check_concurrency",
                "must be at most 256 (0: one per core)",
            ));
        }
        if self.password_check_wait_seconds > 60 {
            return Err(invalid(
                "admin.password_check_wait_seconds",
                "must be between 0 and 60",
            ));
        }
        if let Some(oidc) = &self.oidc {
            oidc.validate()?;
        } else if !self.local_login {
            return Err(invalid(
                "admin.local_login",
                "false needs [admin.oidc], or nobody could log in to the desk",
            ));
        }
        if self.digest_hour_utc > 23 {
            return Err(invalid("admin.digest_hour_utc", "must be an hour, 0 to 23"));
        }
        Ok(())
    }
}
