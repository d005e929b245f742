//! Company stores for connector tests: a fresh database per test on the real servers.

use diesel::connection::SimpleConnection;
use diesel::{Connection, MysqlConnection, PgConnection, SqliteConnection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sql {
    Postgres,
    Mysql,
    Sqlite,
}

impl Sql {
    pub const ALL: [Sql; 3] = [Sql::Postgres, Sql::Mysql, Sql::Sqlite];

    pub fn type_name(self) -> &'static str {
        match self {
            Sql::Postgres => "postgres",
            Sql::Mysql => "mysql",
            Sql::Sqlite => "sqlite",
        }
    }

    /// Quotes an identifier in test DDL.
    pub fn q(self, name: &str) -> String {
        match self {
            Sql::Mysql => format!("`{name}`"),
            _ => format!("\"{name}\""),
        }
    }
}

pub const MYSQL_ADMIN_URL: &str = "mysql://root@127.0.0.1:3306/mysql";

pub struct StoreDb {
    pub kind: Sql,
    pub url: String,
    name: String,
    _dir: tempfile::TempDir,
}

impl StoreDb {
    pub fn new(kind: Sql) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = format!("dsr_store_{}", uuid::Uuid::new_v4().simple());
        let url = match kind {
            Sql::Postgres => {
                let mut admin = super::pg_admin();
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create pg store");
                format!("postgres://postgres@127.0.0.1:5432/{name}")
            }
            Sql::Mysql => {
                let mut admin = mysql_admin();
                admin
                    .batch_execute(&format!(
                        "CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
                    ))
                    .expect("create mysql store");
                format!("mysql://root@127.0.0.1:3306/{name}")
            }
            Sql::Sqlite => format!("sqlite://{}", dir.path().join("store.db").display()),
        };
        Self {
            kind,
            url,
            name,
            _dir: dir,
        }
    }

    /// A connection to the SQLite store that waits for a worker's write lock instead of
    /// failing with "database is locked".
    fn sqlite(&self) -> diesel::ConnectionResult<SqliteConnection> {
        let mut c = SqliteConnection::establish(self.url.trim_start_matches("sqlite://"))?;
        c.batch_execute("PRAGMA busy_timeout = 10000")
            .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
        Ok(c)
    }

    pub fn exec(&self, sql: &str) {
        let result = match self.kind {
            Sql::Postgres => PgConnection::establish(&self.url).map(|mut c| c.batch_execute(sql)),
            Sql::Mysql => MysqlConnection::establish(&self.url).map(|mut c| c.batch_execute(sql)),
            Sql::Sqlite => self.sqlite().map(|mut c| c.batch_execute(sql)),
        };
        result
            .expect("connect to store")
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
    }
}

/// One text column named `v`.
#[derive(diesel::QueryableByName)]
struct Text {
    #[diesel(sql_type = diesel::sql_types::Text)]
    v: String,
}

impl StoreDb {
    /// Runs a query whose one column `v` is text; returns its values in order.
    pub fn strings(&self, sql: &str) -> Vec<String> {
        use diesel::RunQueryDsl;
        let q = diesel::sql_query(sql);
        let rows: Vec<Text> = match self.kind {
            Sql::Postgres => q.load(&mut PgConnection::establish(&self.url).expect("pg store")),
            Sql::Mysql => q.load(&mut MysqlConnection::establish(&self.url).expect("mysql store")),
            Sql::Sqlite => q.load(&mut self.sqlite().expect("sqlite store")),
        }
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
        rows.into_iter().map(|r| r.v).collect()
    }
}

impl Drop for StoreDb {
    fn drop(&mut self) {
        match self.kind {
            Sql::Postgres => {
                if let Ok(mut c) = PgConnection::establish(super::PG_ADMIN_URL) {
                    let _ = c.batch_execute(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.name
                    ));
                }
            }
            Sql::Mysql => {
                if let Ok(mut c) = MysqlConnection::establish(MYSQL_ADMIN_URL) {
                    let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
                }
            }
            Sql::Sqlite => {}
        }
    }
}

pub fn mysql_admin() -> MysqlConnection {
    MysqlConnection::establish(MYSQL_ADMIN_URL).unwrap_or_else(|e| {
        panic!(
            "MariaDB is not reachable at {MYSQL_ADMIN_URL} ({e}). Start it with: \
             start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"
        )
    })
}

/// A record sink that keeps every object's records as JSON values, in order.
#[derive(Default)]
pub struct Collect(pub Vec<(String, Vec<serde_json::Value>)>);

impl dsr_portal::stores::RecordSink for Collect {
    fn begin(&mut self, object: &str) -> Result<(), String> {
        self.0.push((object.to_owned(), Vec::new()));
        Ok(())
    }
    fn record(&mut self, json: &str) -> Result<(), String> {
        let v = serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))?;
        self.0.last_mut().ok_or("no object")?.1.push(v);
        Ok(())
    }
    fn end(&mut self) -> Result<(), String> {
        Ok(())
    }
}
