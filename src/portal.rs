//! [`Portal`]: what every entry point (web, worker, CLI, tests) shares: configuration, the
//! database pool, the mailer, the working-day calendar and the secret key.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::admin::passwords::PasswordGate;
use crate::clock::Clock;
use crate::config::{self, Config, ConfigError};
use crate::db::{self, DbError, DbPool, PooledConn};
use crate::domain::{Calendar, Jurisdiction};
use crate::i18n::I18n;
use crate::mail::{MailError, Mailer, build_mailer};
use crate::sso;
use crate::storage::Storage;
use crate::storage::crypto::ArchiveKey;

#[derive(Clone)]
pub struct Portal {
    pub config: Arc<Config>,
    pub pool: DbPool,
    pub mailer: Arc<dyn Mailer>,
    pub calendar: Arc<Calendar>,
    pub jurisdiction: Jurisdiction,
    secret: Arc<Vec<u8>>,
    /// Encrypts export archives at rest. Never logged, never in the database.
    pub archive_key: Arc<ArchiveKey>,
    /// Wakes in-process workers when work was just enqueued.
    pub wake: Arc<Signal>,
    /// Where export archives are kept (`export.storage`).
    storage: Arc<Storage>,
    /// Turns for argon2 password checks on request paths (`admin.password_check_*`).
    passwords: PasswordGate,
    /// What "now" is for every decision (tests move it forward).
    pub clock: Clock,
    /// The subject's languages: texts and templates of pages, emails and README.html.
    pub i18n: Arc<I18n>,
    /// The desk's single sign-on provider (`[admin.oidc]`), with its client secret.
    pub sso: Option<Arc<sso::Provider>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("mail: {0}")]
    Mail(#[from] MailError),
    #[error("{0}")]
    Io(String),
}

impl Portal {
    /// Opens the database (running pending migrations), builds the mailer.
    pub fn open(config: Config) -> Result<Self, StartError> {
        let mailer = build_mailer(&config.mail)?;
        Self::open_with_mailer(config, mailer)
    }

    pub fn open_with_mailer(config: Config, mailer: Arc<dyn Mailer>) -> Result<Self, StartError> {
        let target = config.db_target()?;
        let pool = db::pool(&target, config.database.pool_size)?;
        let mut conn = pool.get()?;
        let ran = db::migrate(&mut conn)?;
        if ran > 0 {
            tracing::info!(migrations = ran, database = %target.display(), "migrated");
        }
        drop(conn);
        let var = config::var_dir(&config);
        let secret = config::secret_key(&config, &var)?;
        let archive_key =
            ArchiveKey::load(&config.export.encryption_key_env, &var.join("export.key")).map_err(
                |m| ConfigError::Invalid {
                    key: "export.encryption_key_env",
                    message: m,
                },
            )?;
        let storage = Storage::from_config(&config.export).map_err(|m| ConfigError::Invalid {
            key: "export.s3",
            message: m,
        })?;
        let i18n = I18n::load(&config.i18n).map_err(|e| ConfigError::Invalid {
            key: "i18n",
            message: e.to_string(),
        })?;
        let sso = match &config.admin.oidc {
            Some(oidc) => Some(Arc::new(sso::Provider::new(oidc, config.public_url())?)),
            None => None,
        };
        Ok(Self {
            sso,
            i18n: Arc::new(i18n),
            passwords: PasswordGate::from_config(&config.admin),
            clock: Clock::system(),
            storage: Arc::new(storage),
            calendar: Arc::new(config.calendar()?),
            jurisdiction: config.jurisdiction()?,
            config: Arc::new(config),
            pool,
            mailer,
            secret: Arc::new(secret),
            archive_key: Arc::new(archive_key),
            wake: Arc::new(Signal::default()),
        })
    }

    pub fn conn(&self) -> Result<PooledConn, DbError> {
        self.pool.get()
    }

    /// Now, by the portal's clock.
    pub fn now(&self) -> time::PrimitiveDateTime {
        self.clock.now()
    }

    /// Today, by the portal's clock.
    pub fn today(&self) -> time::Date {
        self.clock.today()
    }

    /// The key for CSRF tokens, sessions and keyed hashes. Never logged.
    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    /// The cap on password checks running at once.
    pub fn password_gate(&self) -> &PasswordGate {
        &self.passwords
    }

    /// Where export archives are kept.
    pub fn export_storage(&self) -> &Storage {
        &self.storage
    }

    /// The same portal with another archive storage (tests give S3 credentials this way
    /// rather than through the process environment).
    pub fn with_export_storage(mut self, storage: Storage) -> Self {
        self.storage = Arc::new(storage);
        self
    }

    /// An absolute link under the public URL.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.config.public_url())
    }
}

/// A stop flag plus a wake-up bell for worker threads.
#[derive(Debug, Default)]
pub struct Signal {
    state: Mutex<(bool, u64)>,
    cv: Condvar,
}

impl Signal {
    /// Wakes every waiting worker (new work).
    pub fn notify(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.1 = s.1.wrapping_add(1);
        }
        self.cv.notify_all();
    }

    /// Asks every worker to stop.
    pub fn stop(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.0 = true;
        }
        self.cv.notify_all();
    }

    pub fn stopped(&self) -> bool {
        self.state.lock().map(|s| s.0).unwrap_or(true)
    }

    /// Sleeps up to `timeout`, or until notified or stopped. Returns whether to stop.
    pub fn wait(&self, timeout: Duration) -> bool {
        let Ok(guard) = self.state.lock() else {
            return true;
        };
        let seen = guard.1;
        match self
            .cv
            .wait_timeout_while(guard, timeout, |s| !s.0 && s.1 == seen)
        {
            Ok((s, _)) => s.0,
            Err(_) => true,
        }
    }
}
