//! Schema drift: each backend's migrations, applied to a fresh database, must give exactly the
//! tables and columns that `src/db/schema.rs` declares, with the same nullability and types.
//! `schema.rs` is written by hand for both backends, so nothing else keeps the three in step.
//!
//! The `diesel::table!` blocks of schema.rs are parsed here (not taken from the compiled
//! crate), and each diesel type is mapped to the catalog types a backend may report for it
//! ([`sqlite_types`], [`postgres_types`]). Any difference fails, naming table and column.
//!
//! Two readings of the catalogs, both deliberate:
//! - SQLite lets a non-INTEGER `PRIMARY KEY` column hold NULL unless it says `NOT NULL` (a
//!   quirk kept for compatibility); the portal never writes one, so a primary key column
//!   counts as NOT NULL there, as on PostgreSQL.
//! - Both catalogs report a generated column as nullable. One whose expression can't be NULL
//!   is listed in [`NOT_NULL_BY_EXPRESSION`]; only generated columns may be.

use std::collections::BTreeMap;
use std::fmt;

use diesel::sql_types::{Bool, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use dsr_portal::db::{self, DbTarget};

const SCHEMA_RS: &str = include_str!("../src/db/schema.rs");

/// Generated columns whose expression never yields NULL, declared NOT NULL in schema.rs.
const NOT_NULL_BY_EXPRESSION: &[(&str, &str)] = &[
    // COALESCE(..., '9999-12-31') and constant dates: never NULL.
    ("requests", "register_due"),
    // upper(substr(id, …)) of the NOT NULL primary key.
    ("requests", "short_ref"),
];

// gssencmode=disable: see tests/common/mod.rs (libpq's Kerberos init can abort at exit).
const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres?gssencmode=disable";

/// A column as schema.rs declares it: its diesel type (`Text`, `BigInt`, …) and whether it
/// is `Nullable<…>`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Declared {
    diesel_type: String,
    nullable: bool,
}

/// A column as a database's catalog reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Actual {
    sql_type: String,
    nullable: bool,
    primary_key: bool,
    generated: bool,
}

/// table -> column -> what is known of it.
type Tables<C> = BTreeMap<String, BTreeMap<String, C>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

impl Backend {
    /// The catalog types this backend may report for a diesel type (upper case for SQLite's
    /// declared types, `information_schema.columns.data_type` for PostgreSQL). `None`: a
    /// diesel type this check doesn't know yet.
    fn types_for(self, diesel_type: &str, actual: &Actual) -> Option<Vec<&'static str>> {
        match self {
            Backend::Sqlite => sqlite_types(diesel_type, actual.primary_key),
            Backend::Postgres => postgres_types(diesel_type),
        }
    }
}

/// SQLite keeps the declared type's text. `INTEGER PRIMARY KEY` is the 64-bit rowid and must
/// be spelled INTEGER to be one, so a BigInt primary key may be INTEGER.
fn sqlite_types(diesel_type: &str, primary_key: bool) -> Option<Vec<&'static str>> {
    Some(match diesel_type {
        "Text" => vec!["TEXT"],
        "BigInt" if primary_key => vec!["BIGINT", "INTEGER"],
        "BigInt" => vec!["BIGINT"],
        "Integer" => vec!["INTEGER"],
        "SmallInt" => vec!["SMALLINT"],
        "Timestamp" => vec!["TIMESTAMP", "DATETIME"],
        "Date" => vec!["DATE"],
        "Time" => vec!["TIME"],
        "Bool" => vec!["BOOLEAN"],
        "Binary" => vec!["BLOB"],
        "Float" => vec!["REAL", "FLOAT"],
        "Double" => vec!["DOUBLE", "DOUBLE PRECISION", "REAL"],
        _ => return None,
    })
}

/// PostgreSQL's `information_schema.columns.data_type` (a `BIGSERIAL` is a `bigint`).
fn postgres_types(diesel_type: &str) -> Option<Vec<&'static str>> {
    Some(vec![match diesel_type {
        "Text" => "text",
        "BigInt" => "bigint",
        "Integer" => "integer",
        "SmallInt" => "smallint",
        "Timestamp" => "timestamp without time zone",
        "Date" => "date",
        "Time" => "time without time zone",
        "Bool" => "boolean",
        "Binary" => "bytea",
        "Float" => "real",
        "Double" => "double precision",
        _ => return None,
    }])
}

/// The `diesel::table!` blocks of a schema.rs text: table -> column -> declared type.
fn parse_schema(text: &str) -> Result<Tables<Declared>, String> {
    let text: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut tables = Tables::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("table!") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "table!".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        // table! { name (primary key) { column -> Type, ... } }
        let open = rest.find('{').ok_or("table! without a body")?;
        let body_open = open + 1 + rest[open + 1..].find('{').ok_or("table! without columns")?;
        let header = rest[open + 1..body_open].trim();
        let name = header
            .split('(')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let body_close = body_open + rest[body_open..].find('}').ok_or("unclosed table!")?;
        let columns = parse_columns(&rest[body_open + 1..body_close])
            .map_err(|e| format!("schema.rs, table {name}: {e}"))?;
        if name.is_empty() || tables.insert(name.clone(), columns).is_some() {
            return Err(format!(
                "schema.rs: table {name:?} is empty or declared twice"
            ));
        }
        rest = &rest[body_close..];
    }
    Ok(tables)
}

/// `column -> Type,` entries, with an optional `#[sql_name = "..."]` before a column.
fn parse_columns(body: &str) -> Result<BTreeMap<String, Declared>, String> {
    let mut columns = BTreeMap::new();
    for entry in body.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (mut sql_name, mut entry) = (None, entry);
        while let Some(attr) = entry.strip_prefix("#[") {
            let end = attr.find(']').ok_or("unclosed attribute")?;
            if let Some(value) = attr[..end].trim().strip_prefix("sql_name") {
                let value = value
                    .trim()
                    .trim_start_matches('=')
                    .trim()
                    .trim_matches('"');
                sql_name = Some(value.to_owned());
            }
            entry = attr[end + 1..].trim();
        }
        let (name, ty) = entry
            .split_once("->")
            .ok_or_else(|| format!("{entry:?} is not `column -> Type`"))?;
        let ty: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
        let (inner, nullable) = match ty.strip_prefix("Nullable<") {
            Some(inner) => (inner.strip_suffix('>').ok_or("unclosed Nullable<")?, true),
            None => (ty.as_str(), false),
        };
        let diesel_type = inner.rsplit("::").next().unwrap_or(inner).to_owned();
        let name = sql_name.unwrap_or_else(|| name.trim().to_owned());
        columns.insert(
            name,
            Declared {
                diesel_type,
                nullable,
            },
        );
    }
    Ok(columns)
}

/// Every difference between what schema.rs declares and what `backend`'s migrations made,
/// one line each, naming table and column.
fn compare(declared: &Tables<Declared>, actual: &Tables<Actual>, backend: Backend) -> Vec<String> {
    let mut drift = Vec::new();
    for table in actual.keys().filter(|t| !declared.contains_key(*t)) {
        drift.push(format!(
            "table {table}: created by migrations/{backend} but not declared in src/db/schema.rs"
        ));
    }
    for (table, columns) in declared {
        let Some(live) = actual.get(table) else {
            drift.push(format!(
                "table {table}: declared in src/db/schema.rs but not created by migrations/{backend}"
            ));
            continue;
        };
        for column in live.keys().filter(|c| !columns.contains_key(*c)) {
            drift.push(format!(
                "{table}.{column}: in the {backend} database but not in src/db/schema.rs"
            ));
        }
        for (column, want) in columns {
            match live.get(column) {
                None => drift.push(format!(
                    "{table}.{column}: declared in src/db/schema.rs but not in the {backend} database"
                )),
                Some(have) => drift.extend(
                    compare_column(want, have, backend)
                        .into_iter()
                        .map(|why| format!("{table}.{column}: {why}")),
                ),
            }
        }
    }
    drift
}

fn compare_column(want: &Declared, have: &Actual, backend: Backend) -> Vec<String> {
    let mut drift = Vec::new();
    let declared = if want.nullable {
        format!("Nullable<{}>", want.diesel_type)
    } else {
        want.diesel_type.clone()
    };
    match backend.types_for(&want.diesel_type, have) {
        None => drift.push(format!(
            "schema.rs says {declared}, a type tests/schema_drift.rs has no {backend} mapping for"
        )),
        Some(types) if !types.contains(&have.sql_type.as_str()) => drift.push(format!(
            "schema.rs says {declared}, but the {backend} column is {} (expected {})",
            have.sql_type,
            types.join(" or ")
        )),
        Some(_) => {}
    }
    let nullable = have.nullable && !have.primary_key;
    if nullable && !want.nullable {
        drift.push(format!(
            "schema.rs says {declared} (NOT NULL), but the {backend} column allows NULL"
        ));
    }
    if !nullable && want.nullable {
        drift.push(format!(
            "schema.rs says {declared}, but the {backend} column is NOT NULL"
        ));
    }
    drift
}

/// The catalog as the comparison reads it: a listed generated column counts as NOT NULL.
fn with_expressions(mut actual: Tables<Actual>) -> Tables<Actual> {
    for (table, column) in NOT_NULL_BY_EXPRESSION {
        if let Some(c) = actual.get_mut(*table).and_then(|t| t.get_mut(*column)) {
            assert!(
                c.generated,
                "{table}.{column} is in NOT_NULL_BY_EXPRESSION but is not a generated column"
            );
            c.nullable = false;
        }
    }
    actual
}

#[derive(QueryableByName)]
struct CatalogRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    sql_type: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
    #[diesel(sql_type = Bool)]
    primary_key: bool,
    #[diesel(sql_type = Bool)]
    generated: bool,
}

fn tables(rows: Vec<CatalogRow>, upper: bool) -> Tables<Actual> {
    let mut out = Tables::new();
    for r in rows {
        let sql_type = if upper {
            r.sql_type.to_ascii_uppercase()
        } else {
            r.sql_type
        };
        out.entry(r.table_name)
            .or_insert_with(BTreeMap::new)
            .insert(
                r.column_name,
                Actual {
                    sql_type,
                    nullable: r.nullable,
                    primary_key: r.primary_key,
                    generated: r.generated,
                },
            );
    }
    out
}

/// Tables and columns of a SQLite database; `pragma_table_xinfo` also lists generated
/// columns (hidden = 2 virtual, 3 stored).
fn sqlite_catalog(conn: &mut SqliteConnection) -> Tables<Actual> {
    let rows: Vec<CatalogRow> = diesel::sql_query(
        "SELECT m.name AS table_name, c.name AS column_name, c.type AS sql_type, \
         c.\"notnull\" = 0 AS nullable, c.pk > 0 AS primary_key, c.hidden IN (2, 3) AS generated \
         FROM sqlite_master m JOIN pragma_table_xinfo(m.name) c \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
           AND m.name <> '__diesel_schema_migrations' AND c.hidden <> 1",
    )
    .load(conn)
    .expect("read the SQLite catalog");
    tables(rows, true)
}

fn postgres_catalog(conn: &mut PgConnection) -> Tables<Actual> {
    let rows: Vec<CatalogRow> = diesel::sql_query(
        "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name, \
         c.data_type::text AS sql_type, c.is_nullable = 'YES' AS nullable, \
         false AS primary_key, c.is_generated = 'ALWAYS' AS generated \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
           AND c.table_name <> '__diesel_schema_migrations'",
    )
    .load(conn)
    .expect("read the PostgreSQL catalog");
    tables(rows, false)
}

/// A fresh SQLite database with the portal's own migrations applied (as `migrate` runs them).
fn migrated_sqlite(dir: &std::path::Path) -> SqliteConnection {
    let path = dir.join("drift.db");
    let mut conn = db::connect(&DbTarget::Sqlite(path.clone())).expect("open SQLite");
    db::migrate(&mut conn).expect("SQLite migrations");
    drop(conn);
    SqliteConnection::establish(&path.display().to_string()).expect("reopen SQLite")
}

/// A PostgreSQL database of this test's own, dropped at the end.
struct PgDb {
    name: String,
    url: String,
}

impl PgDb {
    fn new() -> Self {
        let name = format!("dsr_drift_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(PG_ADMIN_URL).unwrap_or_else(|e| {
            panic!("PostgreSQL is not reachable at {PG_ADMIN_URL} ({e})");
        });
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .expect("create the drift database");
        let url = format!("postgres://postgres@127.0.0.1:5432/{name}?gssencmode=disable");
        Self { name, url }
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(PG_ADMIN_URL) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin);
        }
    }
}

fn assert_no_drift(declared: &Tables<Declared>, actual: Tables<Actual>, backend: Backend) {
    let drift = compare(declared, &with_expressions(actual), backend);
    assert!(
        drift.is_empty(),
        "src/db/schema.rs and migrations/{backend} disagree:\n  {}\n(change both, and the \
         other backend's migrations, in the same commit)",
        drift.join("\n  ")
    );
}

fn declared() -> Tables<Declared> {
    parse_schema(SCHEMA_RS).expect("parse src/db/schema.rs")
}

#[test]
fn sqlite_migrations_match_schema_rs() {
    let dir = tempfile::tempdir().unwrap();
    let actual = sqlite_catalog(&mut migrated_sqlite(dir.path()));
    assert_no_drift(&declared(), actual, Backend::Sqlite);
}

#[test]
fn postgres_migrations_match_schema_rs() {
    let pg = PgDb::new();
    let mut conn = db::connect(&DbTarget::Postgres(pg.url.clone())).expect("open PostgreSQL");
    db::migrate(&mut conn).expect("PostgreSQL migrations");
    drop(conn);
    let actual = postgres_catalog(&mut PgConnection::establish(&pg.url).expect("reconnect"));
    assert_no_drift(&declared(), actual, Backend::Postgres);
}

// ---- The check itself: it reads every table, and it catches drift. ----

#[test]
fn every_table_of_schema_rs_is_read() {
    let tables = declared();
    let blocks = SCHEMA_RS.matches("diesel::table!").count();
    assert_eq!(tables.len(), blocks);
    assert_eq!(
        tables["requests"]["register_due"],
        Declared {
            diesel_type: "Date".into(),
            nullable: false
        }
    );
    assert_eq!(
        tables["requests"]["ticket_ref"],
        Declared {
            diesel_type: "Text".into(),
            nullable: true
        }
    );
    assert_eq!(tables["audit_log"]["seq"].diesel_type, "BigInt");
    let renamed = parse_schema(
        "diesel::table! { t (id) { id -> Integer, #[sql_name = \"type\"] kind -> diesel::sql_types::Text, } }",
    )
    .unwrap();
    assert_eq!(renamed["t"]["type"].diesel_type, "Text");
}

/// The real SQLite migrations against a deliberately altered schema.rs: every kind of drift
/// is reported, naming table and column.
#[test]
fn an_altered_schema_rs_is_caught_on_sqlite() {
    let altered = SCHEMA_RS
        // nullability
        .replacen(
            "        email -> Text,\n",
            "        email -> Nullable<Text>,\n",
            1,
        )
        .replacen(
            "        ticket_ref -> Nullable<Text>,\n",
            "        ticket_ref -> Text,\n",
            1,
        )
        // type
        .replacen(
            "        downloads -> Integer,\n",
            "        downloads -> BigInt,\n",
            1,
        )
        // a column only schema.rs has, and one only the database has
        .replacen(
            "        purpose -> Text,\n",
            "        purpose -> Text,\n        channel -> Text,\n",
            1,
        )
        .replacen("        actor -> Text,\n", "", 1)
        // a table only schema.rs has, and one only the database has
        .replacen(
            "    retention_runs (rule) {",
            "    retention_jobs (rule) {",
            1,
        );
    assert_ne!(altered, SCHEMA_RS);
    let dir = tempfile::tempdir().unwrap();
    let actual = with_expressions(sqlite_catalog(&mut migrated_sqlite(dir.path())));
    let drift = compare(&parse_schema(&altered).unwrap(), &actual, Backend::Sqlite);
    let expected = [
        "table retention_runs: created by migrations/sqlite but not declared in src/db/schema.rs",
        "audit_log.actor: in the sqlite database but not in src/db/schema.rs",
        "exports.downloads: schema.rs says BigInt, but the sqlite column is INTEGER (expected BIGINT)",
        "requests.email: schema.rs says Nullable<Text>, but the sqlite column is NOT NULL",
        "requests.ticket_ref: schema.rs says Text (NOT NULL), but the sqlite column allows NULL",
        "table retention_jobs: declared in src/db/schema.rs but not created by migrations/sqlite",
        "tokens.channel: declared in src/db/schema.rs but not in the sqlite database",
    ];
    let mut got = drift.clone();
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    want.sort();
    assert_eq!(got, want, "{drift:#?}");
}

/// The PostgreSQL reading of types and nullability, without a server: a catalog that agrees
/// passes, and each kind of difference is named.
#[test]
fn postgres_types_and_nullability_are_compared() {
    let declared = parse_schema(
        "diesel::table! { jobs (id) { id -> BigInt, run_at -> Timestamp, note -> Nullable<Text>, ok -> Bool, } }",
    )
    .unwrap();
    let column = |sql_type: &str, nullable: bool| Actual {
        sql_type: sql_type.into(),
        nullable,
        primary_key: false,
        generated: false,
    };
    let mut actual = Tables::from([(
        "jobs".to_owned(),
        BTreeMap::from([
            ("id".to_owned(), column("bigint", false)),
            (
                "run_at".to_owned(),
                column("timestamp without time zone", false),
            ),
            ("note".to_owned(), column("text", true)),
            ("ok".to_owned(), column("boolean", false)),
        ]),
    )]);
    assert_eq!(
        compare(&declared, &actual, Backend::Postgres),
        Vec::<String>::new()
    );
    let jobs = actual.get_mut("jobs").unwrap();
    jobs.insert("run_at".into(), column("timestamp with time zone", false));
    jobs.insert("ok".into(), column("boolean", true));
    jobs.insert("id".into(), column("integer", false));
    assert_eq!(
        compare(&declared, &actual, Backend::Postgres),
        [
            "jobs.id: schema.rs says BigInt, but the postgres column is integer (expected bigint)",
            "jobs.ok: schema.rs says Bool (NOT NULL), but the postgres column allows NULL",
            "jobs.run_at: schema.rs says Timestamp, but the postgres column is timestamp with \
             time zone (expected timestamp without time zone)",
        ]
    );
    // A diesel type the check has no mapping for is drift too, not a silent pass.
    let odd = parse_schema("diesel::table! { jobs (id) { id -> Numeric, } }").unwrap();
    let actual = Tables::from([(
        "jobs".to_owned(),
        BTreeMap::from([("id".to_owned(), column("numeric", false))]),
    )]);
    assert_eq!(
        compare(&odd, &actual, Backend::Postgres),
        [
            "jobs.id: schema.rs says Numeric, a type tests/schema_drift.rs has no postgres mapping for"
        ]
    );
}

/// Only a generated column may be read as NOT NULL by its expression.
#[test]
fn the_expression_list_names_generated_columns_only() {
    let mut actual = Tables::from([(
        "requests".to_owned(),
        BTreeMap::from([(
            "register_due".to_owned(),
            Actual {
                sql_type: "DATE".into(),
                nullable: true,
                primary_key: false,
                generated: false,
            },
        )]),
    )]);
    let caught = std::panic::catch_unwind(|| with_expressions(actual.clone()));
    assert!(caught.is_err(), "a plain column must not be excused");
    actual
        .get_mut("requests")
        .and_then(|t| t.get_mut("register_due"))
        .unwrap()
        .generated = true;
    assert!(!with_expressions(actual)["requests"]["register_due"].nullable);
}
