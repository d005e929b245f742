//! Layered configuration (DESIGN §7): defaults, then `dsr-portal.toml` (or `--config`), then
//! `DSR_<SECTION>__<KEY>` environment variables. Unknown keys are errors naming the key.
//! Secrets are held in [`Secret`] and never printed.
//!
//! One file per section (`server.rs`, `database.rs`, …) holds its settings, their defaults
//! and its own validation; [`load`] reads the layers and [`files`] keeps `var/`'s key file.

mod admin;
mod api;
mod database;
mod datamap;
mod export;
mod files;
mod i18n;
mod jobs;
mod load;
mod mail;
mod oidc;
mod policy;
mod portal;
mod security;
mod server;
mod webhooks;

use serde::{Deserialize, Serialize};

pub use self::admin::Admin;
pub use self::api::{Api, JwtKey};
pub use self::database::{Database, DbBackend, DbTarget, DbUrlError, redact_url};
pub use self::datamap::Datamap;
pub use self::export::{Export, S3};
pub use self::files::{secret_key, var_dir, write_private};
pub use self::i18n::{BUILT_IN as BUILT_IN_LANGUAGES, I18n};
pub use self::jobs::Jobs;
pub use self::mail::{Mail, MailTransport};
pub use self::oidc::Oidc;
pub use self::policy::{Art15, Policy};
pub use self::portal::{Brand, PortalInfo};
pub use self::security::Security;
pub use self::server::Server;
pub use self::webhooks::Webhook;
use crate::domain::{Calendar, Jurisdiction, Kind};

/// A secret setting: printed as `***` by `Debug`, read with [`Secret::expose`].
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

/// The file read when no `--config` is given, if it exists.
pub const DEFAULT_FILE: &str = "dsr-portal.toml";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub portal: PortalInfo,
    pub server: Server,
    pub database: Database,
    pub datamap: Datamap,
    pub mail: Mail,
    pub export: Export,
    pub api: Api,
    pub security: Security,
    pub policy: Policy,
    pub jobs: Jobs,
    pub art15: Art15,
    pub webhook: Vec<Webhook>,
    pub admin: Admin,
    pub i18n: I18n,
}

/// A setting that stops start-up, naming the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Load(String),
    #[error("configuration file {0} does not exist")]
    Missing(String),
    #[error("configuration key {key}: {message}")]
    Invalid { key: &'static str, message: String },
}

fn invalid(key: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        message: message.into(),
    }
}

impl Config {
    /// Checks what serde can't: values that parse but make no sense. Each section checks
    /// its own keys; the first problem found is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.portal.validate()?;
        self.server.validate()?;
        self.database.validate()?;
        self.mail.validate()?;
        self.policy.validate()?;
        self.jobs.validate()?;
        self.export.validate()?;
        self.api.validate()?;
        self.security.validate()?;
        self.admin.validate()?;
        self.i18n.validate()?;
        webhooks::validate(&self.webhook)
    }

    /// `security.admin_allow_ips` parsed: CIDRs, or single addresses (a /32 or /128).
    pub fn admin_networks(&self) -> Result<Vec<ipnet::IpNet>, ConfigError> {
        self.security.admin_networks()
    }

    pub fn db_target(&self) -> Result<DbTarget, ConfigError> {
        self.database.target()
    }

    pub fn jurisdiction(&self) -> Result<Jurisdiction, ConfigError> {
        self.policy.jurisdiction()
    }

    pub fn calendar(&self) -> Result<Calendar, ConfigError> {
        self.policy.calendar()
    }

    pub fn needs_approval(&self, kind: Kind) -> bool {
        self.policy.needs_approval(kind)
    }

    /// The public base URL without a trailing slash.
    pub fn public_url(&self) -> &str {
        self.server.public_url.trim_end_matches('/')
    }

    /// Whether links are served over TLS (cookies then get `Secure`).
    pub fn is_https(&self) -> bool {
        self.server.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use figment::providers::Env;

    use super::*;

    #[allow(clippy::result_large_err)] // figment::Jail's own signature
    fn load(toml: &str, env: &[(&str, &str)]) -> Result<Config, String> {
        let mut out = Err(String::new());
        figment::Jail::expect_with(|jail| {
            jail.create_file("c.toml", toml)?;
            for (k, v) in env {
                jail.set_env(k, v);
            }
            out = Config::load(Some(Path::new("c.toml"))).map_err(|e| e.to_string());
            Ok(())
        });
        out
    }

    #[test]
    fn defaults_need_no_file() {
        let c = Config::load_with_env(None, Env::prefixed("DSR_TEST_NONE_")).unwrap();
        assert_eq!(c.server.bind, "127.0.0.1:8080");
        assert_eq!(c.database.url, "sqlite://var/dsr-portal.db");
        assert_eq!(c.mail.transport, MailTransport::Log);
        assert_eq!(c.policy.require_approval, ["erasure", "rectification"]);
    }

    #[test]
    fn file_then_environment() {
        let c = load(
            "[server]\nbind = \"127.0.0.1:9000\"\n[policy]\nholidays = [\"2026-12-25\"]\n",
            &[
                ("DSR_SERVER__BIND", "0.0.0.0:9100"),
                ("DSR_SECRET_KEY", "not a setting"),
            ],
        )
        .unwrap();
        assert_eq!(c.server.bind, "0.0.0.0:9100");
        assert_eq!(c.policy.holidays, ["2026-12-25"]);
    }

    #[test]
    fn unknown_and_invalid_keys_are_named() {
        let e = load("[server]\nbnd = \"x\"\n", &[]).unwrap_err();
        assert!(e.contains("unknown key server.bnd"), "{e}");
        let e = load("[mail]\ntransport = \"pigeon\"\n", &[]).unwrap_err();
        assert!(e.contains("mail.transport"), "{e}");
        let e = load("[policy]\nholidays = [\"25.12.2026\"]\n", &[]).unwrap_err();
        assert!(e.contains("policy.holidays"), "{e}");
        let e = load("", &[("DSR_DATABASE__URL", "mysql://x")]).unwrap_err();
        assert!(e.contains("database.url"), "{e}");
        let e = load("[security]\nadmin_allow_ips = [\"10.0.0.0/33\"]\n", &[]).unwrap_err();
        assert!(e.contains("security.admin_allow_ips"), "{e}");
        let e = load("[admin]\npassword_check_wait_seconds = 61\n", &[]).unwrap_err();
        assert!(e.contains("admin.password_check_wait_seconds"), "{e}");
        let e = load("[admin]\npassword_check_concurrency = 1000\n", &[]).unwrap_err();
        assert!(e.contains("admin.password_check_concurrency"), "{e}");
        let e = load("[policy]\nstatus_link_days_after_close = 0\n", &[]).unwrap_err();
        assert!(e.contains("policy.status_link_days_after_close"), "{e}");
        let e = load("[mail]\noutbox_keep_hours = 0\n", &[]).unwrap_err();
        assert!(e.contains("mail.outbox_keep_hours"), "{e}");
        let e = load("[admin]\nsession_idle_minutes = 0\n", &[]).unwrap_err();
        assert!(e.contains("admin.session_idle_minutes"), "{e}");
        let e = load("[security]\ntrusted_proxies = 0\n", &[]).unwrap_err();
        assert!(e.contains("security.trusted_proxies"), "{e}");
        let e = load("[security]\nrate_limit_prune_seconds = 0\n", &[]).unwrap_err();
        assert!(e.contains("security.rate_limit_prune_seconds"), "{e}");
        let e = load("[security]\nrate_limit_max_keys = 10\n", &[]).unwrap_err();
        assert!(e.contains("security.rate_limit_max_keys"), "{e}");
        let e = load("[api]\njwt_secret = \"short\"\n", &[]).unwrap_err();
        assert!(e.contains("api.jwt_secret") && !e.contains("short"), "{e}");
    }

    #[test]
    fn secrets_are_not_printed() {
        let c = load(
            "[mail]\nsmtp_url = \"smtp://u:hunter2@mail.example\"\n",
            &[],
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
