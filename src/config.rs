//! Layered configuration (DESIGN §7): defaults, then `dsr-portal.toml` (or `--config`), then
//! `DSR_<SECTION>__<KEY>` environment variables. Unknown keys are errors naming the key.
//! Secrets are held in [`Secret`] and never printed.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::db::DbTarget;
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
}

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
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    pub bind: String,
    /// Base of every emailed link.
    pub public_url: String,
    /// HTTP worker threads; 0 = one per core.
    pub workers: usize,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Database {
    pub url: String,
    pub pool_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Datamap {
    /// Empty: the built-in demo map.
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    Smtp,
    File,
    Log,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mail {
    pub transport: MailTransport,
    pub from: String,
    /// lettre URL forms: `smtp://host:25`, `smtps://user:pass@host` (TLS),
    /// `smtp://host:587?tls=required` (STARTTLS).
    pub smtp_url: Secret,
    pub smtp_timeout_seconds: u64,
    pub outbox_dir: PathBuf,
    /// `.eml` files in `outbox_dir` are deleted this long after they were written.
    pub outbox_keep_hours: u32,
    /// Where DPO notifications go (failures, digests).
    pub dpo_address: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Export {
    pub storage: String,
    pub dir: PathBuf,
    pub s3: S3,
    pub ttl_days: u32,
    pub formats: Vec<String>,
    pub encryption_key_env: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct S3 {
    pub bucket: String,
    /// A folder inside the bucket (`exports/`); empty for the bucket's root.
    pub prefix: String,
    /// Empty for AWS; the URL of any S3-compatible store otherwise.
    pub endpoint: String,
    pub region: String,
    /// Bytes per multipart part: an archive larger than this is uploaded in parts, two at most
    /// in memory. AWS S3 needs at least 5 MiB.
    pub part_size: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Api {
    pub jwt_secret: Option<Secret>,
    pub jwt_public_keys: Vec<JwtKey>,
    pub issuer: String,
    /// Calls per minute per token subject (bursts up to this many).
    pub rate_per_minute: u32,
}

impl Default for Api {
    fn default() -> Self {
        Self {
            jwt_secret: None,
            jwt_public_keys: Vec::new(),
            issuer: String::new(),
            rate_per_minute: 600,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtKey {
    pub kid: String,
    pub alg: String,
    pub pem: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Security {
    /// The environment variable holding the key for sessions, CSRF and the ledger HMAC.
    pub secret_key_env: String,
    pub admin_allow_ips: Vec<String>,
    pub rate_per_ip_per_minute: u32,
    pub rate_per_address_per_hour: u32,
    /// Trust `X-Forwarded-For` for the client address (only behind your own proxy).
    pub trust_forwarded_for: bool,
    /// How many proxies of ours stand in front of the portal: the client address is the
    /// `X-Forwarded-For` entry this many places from the right.
    pub trusted_proxies: u32,
    /// How often idle keys are pruned from the rate limiters.
    pub rate_limit_prune_seconds: u64,
    /// Most keys (addresses, subjects) one rate limiter holds; when full it refuses new
    /// requests until the next prune.
    pub rate_limit_max_keys: u64,
}

impl Security {
    /// `rate_limit_max_keys` as a count.
    pub fn max_keys(&self) -> usize {
        usize::try_from(self.rate_limit_max_keys).unwrap_or(usize::MAX)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub require_approval: Vec<String>,
    pub erasure_wait_days: u32,
    pub verification_ttl_hours: u32,
    pub record_retention_months: u32,
    pub default_jurisdiction: String,
    /// ISO dates that are not working days.
    pub holidays: Vec<String>,
    /// A status link stops working this many days after its request closed.
    pub status_link_days_after_close: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Jobs {
    /// Job threads per worker process.
    pub concurrency: usize,
    /// How long a claimed job is held before another worker may take it over.
    pub lease_seconds: u64,
    pub max_attempts: i32,
    /// First retry delay; doubles each attempt, capped at `backoff_max_seconds`.
    pub backoff_base_ms: u64,
    pub backoff_max_seconds: u64,
    /// How often an idle worker looks for work.
    pub poll_interval_ms: u64,
    /// How often the worker expires, reminds and tidies.
    pub sweep_interval_seconds: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Art15 {
    pub controller: String,
    pub purposes: Vec<String>,
    pub categories: Vec<String>,
    pub recipients: Vec<String>,
    pub retention: String,
    pub source: String,
    pub complaints: String,
    pub automated_decisions: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    pub url: String,
    pub secret_env: String,
    #[serde(default)]
    pub events: Vec<String>,
}

impl Default for Server {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            workers: 0,
            max_body_bytes: 16 * 1024,
        }
    }
}

impl Default for Database {
    fn default() -> Self {
        Self {
            url: "sqlite://var/dsr-portal.db".into(),
            pool_size: 16,
        }
    }
}

impl Default for Mail {
    fn default() -> Self {
        Self {
            transport: MailTransport::Log,
            from: "Privacy team <privacy@example.com>".into(),
            smtp_url: Secret::from("smtp://127.0.0.1:25"),
            smtp_timeout_seconds: 30,
            outbox_dir: "var/outbox".into(),
            outbox_keep_hours: 24,
            dpo_address: "dpo@example.com".into(),
        }
    }
}

impl Default for Export {
    fn default() -> Self {
        Self {
            storage: "local".into(),
            dir: "var/exports".into(),
            s3: S3::default(),
            ttl_days: 7,
            formats: vec!["csv".into(), "json".into()],
            encryption_key_env: "DSR_EXPORT_KEY".into(),
        }
    }
}

impl Default for S3 {
    fn default() -> Self {
        Self {
            bucket: "dsr-exports".into(),
            prefix: "exports/".into(),
            endpoint: String::new(),
            region: "eu-central-1".into(),
            part_size: 8 * 1024 * 1024,
        }
    }
}

impl Default for Security {
    fn default() -> Self {
        Self {
            secret_key_env: "DSR_SECRET_KEY".into(),
            admin_allow_ips: Vec::new(),
            rate_per_ip_per_minute: 20,
            rate_per_address_per_hour: 5,
            trust_forwarded_for: false,
            trusted_proxies: 1,
            rate_limit_prune_seconds: 60,
            rate_limit_max_keys: 1_000_000,
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            require_approval: vec!["erasure".into()],
            erasure_wait_days: 0,
            verification_ttl_hours: 24,
            record_retention_months: 24,
            default_jurisdiction: "gdpr".into(),
            holidays: Vec::new(),
            status_link_days_after_close: 30,
        }
    }
}

impl Default for Jobs {
    fn default() -> Self {
        Self {
            concurrency: 2,
            lease_seconds: 300,
            max_attempts: 10,
            backoff_base_ms: 5_000,
            backoff_max_seconds: 3_600,
            poll_interval_ms: 500,
            sweep_interval_seconds: 60,
        }
    }
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
    /// Defaults, then the file (the given one must exist; the default one may not), then
    /// the environment; then validated.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_with_env(file, Env::prefixed("DSR_"))
    }

    fn load_with_env(file: Option<&Path>, env: Env) -> Result<Self, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => {
                return Err(ConfigError::Missing(path.display().to_string()));
            }
            Some(path) => fig = fig.merge(Toml::file_exact(path)),
            None => fig = fig.merge(Toml::file(DEFAULT_FILE)),
        }
        // Only DSR_<SECTION>__<KEY> names are settings: DSR_SECRET_KEY and friends hold
        // secrets that settings point at.
        let env = env.filter(|k| k.as_str().contains("__")).split("__");
        let config: Config = fig
            .merge(env)
            .extract()
            .map_err(|e| ConfigError::Load(describe_figment_error(e)))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what serde can't: values that parse but make no sense.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.server
            .bind
            .parse::<std::net::SocketAddr>()
            .map_err(|_| {
                invalid(
                    "server.bind",
                    format!("{:?} is not an address:port", self.server.bind),
                )
            })?;
        let url = self.server.public_url.trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(invalid(
                "server.public_url",
                "must start with http:// or https://",
            ));
        }
        DbTarget::parse(&self.database.url).map_err(|e| invalid("database.url", e.to_string()))?;
        if self.database.pool_size == 0 {
            return Err(invalid("database.pool_size", "must be at least 1"));
        }
        self.mail
            .from
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| invalid("mail.from", format!("{e}")))?;
        if self.mail.transport == MailTransport::Smtp {
            lettre::SmtpTransport::from_url(self.mail.smtp_url.expose())
                .map_err(|e| invalid("mail.smtp_url", format!("not a valid SMTP URL: {e}")))?;
        }
        if !(1..=8760).contains(&self.mail.outbox_keep_hours) {
            return Err(invalid(
                "mail.outbox_keep_hours",
                "must be between 1 and 8760 (a year)",
            ));
        }
        for k in &self.policy.require_approval {
            k.parse::<Kind>()
                .map_err(|e| invalid("policy.require_approval", e.to_string()))?;
        }
        self.jurisdiction()?;
        self.calendar()?;
        if self.policy.verification_ttl_hours == 0 {
            return Err(invalid(
                "policy.verification_ttl_hours",
                "must be at least 1",
            ));
        }
        if !(1..=3650).contains(&self.policy.status_link_days_after_close) {
            return Err(invalid(
                "policy.status_link_days_after_close",
                "must be between 1 and 3650",
            ));
        }
        if self.jobs.concurrency == 0 {
            return Err(invalid("jobs.concurrency", "must be at least 1"));
        }
        if self.jobs.max_attempts < 1 {
            return Err(invalid("jobs.max_attempts", "must be at least 1"));
        }
        if self.export.ttl_days == 0 {
            return Err(invalid("export.ttl_days", "must be at least 1"));
        }
        if self.export.formats.is_empty()
            || self
                .export
                .formats
                .iter()
                .any(|f| f != "csv" && f != "json")
        {
            return Err(invalid(
                "export.formats",
                "must list \"csv\" and/or \"json\"",
            ));
        }
        if !matches!(self.export.storage.as_str(), "local" | "s3") {
            return Err(invalid("export.storage", "must be \"local\" or \"s3\""));
        }
        if self.export.storage == "s3" {
            let s3 = &self.export.s3;
            if s3.bucket.trim().is_empty() {
                return Err(invalid("export.s3.bucket", "name the bucket"));
            }
            if !(s3.endpoint.is_empty()
                || s3.endpoint.starts_with("http://")
                || s3.endpoint.starts_with("https://"))
            {
                return Err(invalid(
                    "export.s3.endpoint",
                    "must be empty (AWS) or start with http:// or https://",
                ));
            }
            if !(1024..=5 * 1024 * 1024 * 1024).contains(&s3.part_size) {
                return Err(invalid(
                    "export.s3.part_size",
                    "must be between 1024 bytes and 5 GiB (AWS S3 needs at least 5 MiB)",
                ));
            }
        }
        if let Some(secret) = &self.api.jwt_secret
            && secret.expose().len() < 32
        {
            return Err(invalid("api.jwt_secret", "must be at least 32 bytes"));
        }
        self.admin_networks()?;
        if !(1..=16).contains(&self.security.trusted_proxies) {
            return Err(invalid(
                "security.trusted_proxies",
                "must be between 1 and 16 (the proxies of yours in front of the portal)",
            ));
        }
        if !(1..=3600).contains(&self.security.rate_limit_prune_seconds) {
            return Err(invalid(
                "security.rate_limit_prune_seconds",
                "must be between 1 and 3600",
            ));
        }
        if !(1_000..=100_000_000).contains(&self.security.rate_limit_max_keys) {
            return Err(invalid(
                "security.rate_limit_max_keys",
                "must be between 1000 and 100000000",
            ));
        }
        self.validate_admin()?;
        if self.api.rate_per_minute == 0 {
            return Err(invalid("api.rate_per_minute", "must be at least 1"));
        }
        for (i, w) in self.webhook.iter().enumerate() {
            if self.webhook[..i].iter().any(|o| o.url == w.url) {
                return Err(invalid("webhook.url", "the same url appears twice"));
            }
            if !(w.url.starts_with("http://") || w.url.starts_with("https://")) {
                return Err(invalid(
                    "webhook.url",
                    "must start with http:// or https://",
                ));
            }
            if w.secret_env.trim().is_empty() {
                return Err(invalid(
                    "webhook.secret_env",
                    "name the environment variable holding the signing secret",
                ));
            }
            if let Some(e) = w.events.iter().find(|e| e.as_str() != "status_changed") {
                return Err(invalid(
                    "webhook.events",
                    format!("unknown event {e:?} (expected: status_changed)"),
                ));
            }
        }
        Ok(())
    }

    /// `security.admin_allow_ips` parsed: CIDRs, or single addresses (a /32 or /128).
    pub fn admin_networks(&self) -> Result<Vec<ipnet::IpNet>, ConfigError> {
        self.security
            .admin_allow_ips
            .iter()
            .map(|s| {
                let s = s.trim();
                s.parse::<ipnet::IpNet>()
                    .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        invalid(
                            "security.admin_allow_ips",
                            format!("{s:?} is not a CIDR (such as 10.0.0.0/8) or an address"),
                        )
                    })
            })
            .collect()
    }

    fn validate_admin(&self) -> Result<(), ConfigError> {
        let a = &self.admin;
        for (key, value) in [
            ("admin.session_idle_minutes", a.session_idle_minutes),
            ("admin.session_max_hours", a.session_max_hours),
            ("admin.login_rate_per_minute", a.login_rate_per_minute),
            ("admin.max_failed_logins", a.max_failed_logins),
            ("admin.lockout_minutes", a.lockout_minutes),
            ("admin.page_size", a.page_size),
            ("admin.max_upload_mib", a.max_upload_mib),
        ] {
            if value == 0 {
                return Err(invalid(key, "must be at least 1"));
            }
        }
        if a.page_size > 500 {
            return Err(invalid("admin.page_size", "must be at most 500"));
        }
        if a.max_upload_mib > 4096 {
            return Err(invalid("admin.max_upload_mib", "must be at most 4096"));
        }
        if a.password_check_concurrency > 256 {
            return Err(invalid(
                "admin.password_check_concurrency",
                "must be at most 256 (0: one per core)",
            ));
        }
        if a.password_check_wait_seconds > 60 {
            return Err(invalid(
                "admin.password_check_wait_seconds",
                "must be between 0 and 60",
            ));
        }
        if a.digest_hour_utc > 23 {
            return Err(invalid("admin.digest_hour_utc", "must be an hour, 0 to 23"));
        }
        Ok(())
    }

    pub fn db_target(&self) -> Result<DbTarget, ConfigError> {
        DbTarget::parse(&self.database.url).map_err(|e| invalid("database.url", e.to_string()))
    }

    pub fn jurisdiction(&self) -> Result<Jurisdiction, ConfigError> {
        self.policy.default_jurisdiction.parse().map_err(
            |e: crate::domain::deadline::DeadlineError| {
                invalid("policy.default_jurisdiction", e.to_string())
            },
        )
    }

    pub fn calendar(&self) -> Result<Calendar, ConfigError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let days = self
            .policy
            .holidays
            .iter()
            .map(|d| {
                time::Date::parse(d, format).map_err(|_| {
                    invalid("policy.holidays", format!("{d:?} is not a YYYY-MM-DD date"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Calendar::new(days))
    }

    pub fn needs_approval(&self, kind: Kind) -> bool {
        self.policy
            .require_approval
            .iter()
            .any(|k| k == kind.as_str())
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

fn describe_figment_error(e: figment::Error) -> String {
    e.into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let origin = e
                .metadata
                .as_ref()
                .map(|m| m.name.to_string())
                .unwrap_or_default();
            match (&e.kind, key.is_empty()) {
                (figment::error::Kind::UnknownField(field, _), _) => {
                    let full = if key.is_empty() {
                        field.clone()
                    } else {
                        format!("{key}.{field}")
                    };
                    format!("unknown key {full} ({origin})")
                }
                (kind, false) => format!("key {key}: {kind} ({origin})"),
                (kind, true) => format!("{kind} ({origin})"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The secret key for sessions, CSRF and the ledger HMAC: from the environment variable
/// that `security.secret_key_env` names, else a development key kept under `var/`.
pub fn secret_key(config: &Config, var_dir: &Path) -> Result<Vec<u8>, ConfigError> {
    key_from_env_or_file(
        &config.security.secret_key_env,
        &var_dir.join("secret.key"),
        "security.secret_key_env",
    )
}

fn key_from_env_or_file(env: &str, file: &Path, key: &'static str) -> Result<Vec<u8>, ConfigError> {
    if let Ok(value) = std::env::var(env) {
        if value.len() < 32 {
            return Err(invalid(
                key,
                format!("the key in ${env} must be at least 32 characters"),
            ));
        }
        return Ok(value.into_bytes());
    }
    if let Ok(existing) = std::fs::read_to_string(file) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            return Ok(existing.into_bytes());
        }
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| invalid(key, format!("no randomness: {e}")))?;
    let generated = hex::encode(bytes);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| invalid(key, format!("{}: {e}", parent.display())))?;
    }
    write_private(file, &generated)
        .map_err(|e| invalid(key, format!("{}: {e}", file.display())))?;
    tracing::warn!(
        "${env} is not set: generated a development key in {} (set ${env} in production)",
        file.display()
    );
    Ok(generated.into_bytes())
}

pub fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(content.as_bytes())
}

/// The folder for generated state (`var/`), next to the SQLite database by default.
pub fn var_dir(config: &Config) -> PathBuf {
    config
        .mail
        .outbox_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("var"), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
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
        assert_eq!(c.policy.require_approval, ["erasure"]);
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
