//! `[database]`: the portal's own database, and which backend its URL names.
//!
//! [`DbTarget`] lives here (not in `db`) so that reading the configuration needs nothing
//! from the database layer; `db` opens what it describes.

#[cfg(feature = "sqlite")]
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Database {
    pub url: String,
    pub pool_size: u32,
}

impl Default for Database {
    fn default() -> Self {
        Self {
            url: "sqlite://var/dsr-portal.db".into(),
            pool_size: 16,
        }
    }
}

impl Database {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        self.target()?;
        if self.pool_size == 0 {
            return Err(invalid("database.pool_size", "must be at least 1"));
        }
        Ok(())
    }

    /// The backend and location `url` names.
    pub fn target(&self) -> Result<DbTarget, ConfigError> {
        DbTarget::parse(&self.url).map_err(|e| invalid("database.url", e.to_string()))
    }
}

/// The backends the portal's own database can live on, each behind a cargo feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbBackend {
    Postgres,
    Sqlite,
}

impl DbBackend {
    /// The backend a URL's scheme names, and the rest of the URL after `scheme://`.
    fn of_url(url: &str) -> Option<(Self, &str)> {
        for (scheme, backend) in [
            ("postgres://", Self::Postgres),
            ("postgresql://", Self::Postgres),
            ("sqlite://", Self::Sqlite),
        ] {
            if let Some(rest) = url.strip_prefix(scheme) {
                return Some((backend, rest));
            }
        }
        None
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Postgres => "PostgreSQL",
            Self::Sqlite => "SQLite",
        }
    }

    /// The cargo feature that builds this backend in.
    pub fn feature(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Sqlite => "sqlite",
        }
    }

    /// Whether this build has the backend.
    pub fn is_compiled(self) -> bool {
        match self {
            Self::Postgres => cfg!(feature = "postgres"),
            Self::Sqlite => cfg!(feature = "sqlite"),
        }
    }
}

/// Which backend a database URL names, and what to open. A variant exists only in builds
/// with its backend's feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    #[cfg(feature = "postgres")]
    Postgres(String),
    /// A file path; the parent folder is created on first use.
    #[cfg(feature = "sqlite")]
    Sqlite(PathBuf),
}

/// A `database.url` that names no backend, or one this build does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbUrlError {
    #[error("unsupported scheme in {0:?} (expected sqlite://path or postgres://...)")]
    Scheme(String),
    #[error(
        "{url} is a {backend} URL, but this build has no {backend} support \
         (build with --features {feature})",
        backend = .backend.name(),
        feature = .backend.feature()
    )]
    NotCompiled { url: String, backend: DbBackend },
}

impl DbTarget {
    /// `sqlite://relative/path`, `sqlite:///absolute/path`, `postgres://…` / `postgresql://…`.
    pub fn parse(url: &str) -> Result<Self, DbUrlError> {
        Self::parse_with(url, DbBackend::is_compiled)
    }

    /// [`DbTarget::parse`], with `compiled` saying which backends this build has (tests
    /// pass a smaller set than the build's own to reach the not-compiled error).
    fn parse_with(url: &str, compiled: impl Fn(DbBackend) -> bool) -> Result<Self, DbUrlError> {
        let scheme_err = || DbUrlError::Scheme(redact_url(url));
        let (backend, rest) = DbBackend::of_url(url).ok_or_else(scheme_err)?;
        if backend == DbBackend::Sqlite && rest.is_empty() {
            return Err(scheme_err());
        }
        let not_compiled = || DbUrlError::NotCompiled {
            url: redact_url(url),
            backend,
        };
        if !compiled(backend) {
            return Err(not_compiled());
        }
        match backend {
            #[cfg(feature = "postgres")]
            DbBackend::Postgres => Ok(Self::Postgres(url.to_owned())),
            #[cfg(feature = "sqlite")]
            DbBackend::Sqlite => Ok(Self::Sqlite(PathBuf::from(rest))),
            #[cfg(not(all(feature = "postgres", feature = "sqlite")))]
            _ => Err(not_compiled()),
        }
    }

    pub fn backend(&self) -> DbBackend {
        match self {
            #[cfg(feature = "postgres")]
            Self::Postgres(_) => DbBackend::Postgres,
            #[cfg(feature = "sqlite")]
            Self::Sqlite(_) => DbBackend::Sqlite,
        }
    }

    /// The URL without a password, for messages and logs.
    pub fn display(&self) -> String {
        match self {
            #[cfg(feature = "postgres")]
            Self::Postgres(url) => redact_url(url),
            #[cfg(feature = "sqlite")]
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
        }
    }

    /// What diesel's `establish` takes: the URL, or the SQLite file's path.
    pub fn diesel_url(&self) -> String {
        match self {
            #[cfg(feature = "postgres")]
            Self::Postgres(url) => url.clone(),
            #[cfg(feature = "sqlite")]
            Self::Sqlite(path) => path.display().to_string(),
        }
    }
}

/// Replaces the password of a URL with `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            let slash = if rest.contains('/') { "/" } else { "" };
            format!("{scheme}://{user}:***@{host}{slash}{tail}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(feature = "postgres", feature = "sqlite"))]
    #[test]
    fn parses_urls_by_scheme() {
        assert_eq!(
            DbTarget::parse("sqlite://var/x.db").ok(),
            Some(DbTarget::Sqlite("var/x.db".into()))
        );
        assert_eq!(
            DbTarget::parse("sqlite:///tmp/x.db").ok(),
            Some(DbTarget::Sqlite("/tmp/x.db".into()))
        );
        assert!(matches!(
            DbTarget::parse("postgres://u@h/db"),
            Ok(DbTarget::Postgres(_))
        ));
        assert!(matches!(
            DbTarget::parse("postgresql://u@h/db"),
            Ok(DbTarget::Postgres(_))
        ));
    }

    #[test]
    fn unknown_schemes_are_refused() {
        assert!(matches!(
            DbTarget::parse("mysql://h/db"),
            Err(DbUrlError::Scheme(_))
        ));
        assert!(matches!(
            DbTarget::parse("sqlite://"),
            Err(DbUrlError::Scheme(_))
        ));
    }

    /// The error a build without a backend gives, reached in any build by pretending the
    /// backend is missing.
    #[test]
    fn a_backend_not_built_in_names_its_feature() {
        let e =
            DbTarget::parse_with("postgres://u:pw@h/db", |b| b == DbBackend::Sqlite).unwrap_err();
        assert_eq!(
            e.to_string(),
            "postgres://u:***@h/db is a PostgreSQL URL, but this build has no PostgreSQL \
             support (build with --features postgres)"
        );
        let e =
            DbTarget::parse_with("sqlite://var/x.db", |b| b == DbBackend::Postgres).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("no SQLite support (build with --features sqlite)"),
            "{e}"
        );
        // A scheme nobody supports is still a scheme error, not a missing feature.
        let e = DbTarget::parse_with("mysql://h/db", |_| false).unwrap_err();
        assert!(matches!(e, DbUrlError::Scheme(_)), "{e}");
    }

    /// The real thing: in a build without a backend, `parse` itself refuses it.
    #[cfg(not(feature = "postgres"))]
    #[test]
    fn this_build_refuses_postgres() {
        let e = DbTarget::parse("postgres://h/db").unwrap_err();
        assert!(e.to_string().contains("--features postgres"), "{e}");
    }

    #[cfg(not(feature = "sqlite"))]
    #[test]
    fn this_build_refuses_sqlite() {
        let e = DbTarget::parse("sqlite://x.db").unwrap_err();
        assert!(e.to_string().contains("--features sqlite"), "{e}");
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("postgres://h/db"), "postgres://h/db");
        assert_eq!(redact_url("smtp://u:pw@mail"), "smtp://u:***@mail");
    }
}
