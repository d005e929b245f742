//! The portal's own database: one code path for SQLite and PostgreSQL.
//!
//! [`DbConn`] is a diesel `MultiConnection` over both backends, chosen by the URL scheme
//! ([`DbTarget`], parsed in `config`). Each backend is behind its cargo feature (`sqlite`,
//! `postgres`); a build needs at least one.
//! Backend-specific SQL lives in few, marked places: SQLite's `BEGIN IMMEDIATE` in
//! [`write_tx`] and PostgreSQL's `FOR UPDATE SKIP LOCKED` in the job queue.

pub mod admins;
pub mod api_idempotency;
pub mod api_tokens;
pub mod audit;
pub mod erasures;
pub mod export_tasks;
pub mod exports;
pub mod fair;
pub mod intake;
pub mod jobs;
pub mod outbox;
pub mod pauses;
pub mod queue;
pub mod register;
pub mod requests;
pub mod schema;
pub mod tokens;

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::TransactionManager;
#[cfg(feature = "sqlite")]
use diesel::connection::{AnsiTransactionManager, SimpleConnection};
#[cfg(feature = "postgres")]
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
#[cfg(feature = "sqlite")]
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use crate::config::{DbBackend, DbTarget, DbUrlError, redact_url};

#[cfg(not(any(feature = "postgres", feature = "sqlite")))]
compile_error!(
    "the portal's own database needs a backend: build with --features sqlite and/or --features postgres"
);

#[cfg(feature = "postgres")]
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
#[cfg(feature = "sqlite")]
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// A connection to the portal's database, on either backend (each behind its feature).
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    #[cfg(feature = "postgres")]
    Pg(PgConnection),
    #[cfg(feature = "sqlite")]
    Sqlite(SqliteConnection),
}

/// The connection pool, behind a first-come-first-served [`fair::Gate`].
#[derive(Clone)]
pub struct DbPool {
    pool: Pool<ConnectionManager<DbConn>>,
    gate: Arc<fair::Gate>,
}

/// A connection from the [`DbPool`]; back to the pool (and its turn to the next waiter)
/// when dropped.
pub struct PooledConn {
    // Declared first, so it is back in the pool before the permit is handed on.
    conn: PooledConnection<ConnectionManager<DbConn>>,
    _permit: fair::Permit,
}

impl std::ops::Deref for PooledConn {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl std::ops::DerefMut for PooledConn {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.conn
    }
}

/// How long a caller waits for a connection before giving up.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(10);

impl DbPool {
    /// A connection, after every caller that asked earlier.
    pub fn get(&self) -> Result<PooledConn, DbError> {
        let permit = self
            .gate
            .acquire(CHECKOUT_TIMEOUT)
            .ok_or_else(|| DbError::R2d2("timed out waiting for a database connection".into()))?;
        Ok(PooledConn {
            conn: self.pool.get()?,
            _permit: permit,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database.url: {0}")]
    Url(#[from] DbUrlError),
    #[error("database: cannot open {target}: {source}")]
    Open {
        target: String,
        source: diesel::ConnectionError,
    },
    #[error("database: cannot create the folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("database pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database pool: {0}")]
    R2d2(String),
    #[error("database migrations: {0}")]
    Migrations(String),
    #[error("database: {0}")]
    Query(#[from] diesel::result::Error),
}

/// Opens one connection, surfacing the driver's own error (diesel's derived
/// `establish` would swallow it).
pub fn connect(target: &DbTarget) -> Result<DbConn, DbError> {
    let open_err = |source| DbError::Open {
        target: target.display(),
        source,
    };
    match target {
        #[cfg(feature = "postgres")]
        DbTarget::Postgres(url) => PgConnection::establish(url)
            .map(DbConn::Pg)
            .map_err(open_err),
        #[cfg(feature = "sqlite")]
        DbTarget::Sqlite(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|source| DbError::Folder {
                    path: parent.display().to_string(),
                    source,
                })?;
            }
            let mut conn = SqliteConnection::establish(&target.diesel_url()).map_err(open_err)?;
            sqlite_pragmas(&mut conn)
                .map_err(|e| open_err(diesel::ConnectionError::CouldntSetupConfiguration(e)))?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

#[cfg(feature = "sqlite")]
fn sqlite_pragmas(conn: &mut SqliteConnection) -> diesel::QueryResult<()> {
    conn.batch_execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
    )
}

#[derive(Debug)]
struct Customizer;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for Customizer {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        match conn {
            #[cfg(feature = "sqlite")]
            DbConn::Sqlite(c) => sqlite_pragmas(c).map_err(diesel::r2d2::Error::QueryError),
            #[cfg(feature = "postgres")]
            DbConn::Pg(_) => Ok(()),
        }
    }
}

/// Opens a pool (after checking the database is reachable, with the driver's real error).
pub fn pool(target: &DbTarget, max_size: u32) -> Result<DbPool, DbError> {
    drop(connect(target)?);
    let manager = ConnectionManager::<DbConn>::new(target.diesel_url());
    // No idle minimum: connections open on demand and stay until idle. A background fill
    // would race a short-lived CLI's exit inside the C client libraries (seen as SIGSEGV).
    // No `SELECT 1` before each checkout (r2d2's default): a round trip per page, half of
    // a status page's. A connection the server dropped (a restart) fails the one query that
    // finds it, diesel marks it broken, and the pool discards it on return.
    let pool = Pool::builder()
        .test_on_check_out(false)
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(CHECKOUT_TIMEOUT)
        .connection_customizer(Box::new(Customizer))
        .build(manager)
        .map_err(|e| DbError::R2d2(e.to_string()))?;
    Ok(DbPool {
        gate: fair::Gate::new(max_size as usize),
        pool,
    })
}

/// Evaluates `$body` with `$c` bound to the backend's own connection: the same diesel
/// expression, compiled for each backend. For the hottest reads: through the
/// `MultiConnection` a query's SQL text is built again on every call (its statement cache is
/// keyed by that text); on the backend's own connection a query of static shape is keyed by
/// its type and its SQL is built once per connection.
macro_rules! native {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            #[cfg(feature = "postgres")]
            $crate::db::DbConn::Pg($c) => $body,
            #[cfg(feature = "sqlite")]
            $crate::db::DbConn::Sqlite($c) => $body,
        }
    };
}
pub(crate) use native;

/// Runs pending migrations; returns how many ran.
pub fn migrate(conn: &mut DbConn) -> Result<usize, DbError> {
    let done = match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len()),
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    done.map_err(|e| DbError::Migrations(e.to_string()))
}

/// A write transaction. On SQLite it starts with `BEGIN IMMEDIATE`, so a transaction that
/// reads before it writes waits for the write lock (busy timeout) instead of failing when it
/// upgrades; on PostgreSQL it is an ordinary transaction.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => <DbConn as Connection>::TransactionManager::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            <DbConn as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

/// `SELECT 1`, for readiness checks.
pub fn ping(conn: &mut DbConn) -> diesel::QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}

/// Now, in UTC, at microsecond precision (what both backends store).
pub fn now() -> time::PrimitiveDateTime {
    let now = time::OffsetDateTime::now_utc();
    let micros = now.microsecond();
    let now = now.replace_microsecond(micros).unwrap_or(now);
    time::PrimitiveDateTime::new(now.date(), now.time())
}
