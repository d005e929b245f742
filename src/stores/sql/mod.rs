//! The `postgres`, `mysql` and `sqlite` connectors: one implementation over diesel, with the
//! SQL text per dialect in [`dialect`]. Rows leave MariaDB and SQLite as JSON objects built by
//! the store itself (`JSON_OBJECT`, `json_object`); PostgreSQL sends each column's own text
//! (cheaper for the server than `row_to_json`) and [`cells`] writes the same JSON. Numbers
//! keep their exact digits and nothing is decoded twice; PostgreSQL streams in row-by-row mode.
//!
//! Each backend's driver is behind its cargo feature (`postgres`, `mysql`, `sqlite`): only
//! [`Pools`] variants, and the code that touches a backend's connection, are conditional.
//! The dialects' SQL text is plain strings and always built (and unit-tested).

pub mod catalog;
#[cfg(feature = "postgres")]
pub mod cells;
pub mod dialect;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

#[cfg(any(feature = "mysql", feature = "sqlite"))]
use diesel::connection::DefaultLoadingMode;
#[cfg(feature = "mysql")]
use diesel::mysql::MysqlConnection;
#[cfg(feature = "postgres")]
use diesel::pg::{Pg, PgConnection, PgRowByRowLoadingMode};
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
#[cfg(feature = "postgres")]
use diesel::sql_types::Array;
use diesel::sql_types::{BigInt, Text};
#[cfg(feature = "sqlite")]
use diesel::sqlite::SqliteConnection;
use diesel::{QueryableByName, RunQueryDsl};

use self::catalog::{Column, Family};
use self::dialect::{Dialect, Key};
use super::{
    Current, ErrorKind, Identifiers, Located, Outcome, RecordSink, Store, StoreError, Traced,
};
use crate::datamap::rights::{Changes, Flag};
use crate::datamap::{Case, EMAIL, Problem, StoreDef, StoreType, TableDef};

/// Values bound per statement on MySQL and SQLite (PostgreSQL takes one array).
const CHUNK: usize = 500;

/// Identifier values as they are bound: `(the form bound, the value as known)`.
type Bound<'i> = Vec<(String, &'i str)>;

/// One variant per backend compiled in (the portal's own database needs `postgres` or
/// `sqlite`, so there is always at least one).
enum Pools {
    #[cfg(feature = "postgres")]
    Pg(Pool<ConnectionManager<PgConnection>>),
    #[cfg(feature = "mysql")]
    My(Pool<ConnectionManager<MysqlConnection>>),
    #[cfg(feature = "sqlite")]
    Lite(Pool<ConnectionManager<SqliteConnection>>),
}

pub struct SqlStore {
    name: String,
    kind: StoreType,
    dialect: Dialect,
    tables: Vec<TableDef>,
    pools: Pools,
    columns: Mutex<HashMap<String, Vec<Column>>>,
}

/// A PostgreSQL export row: each column's text ([`Dialect::select_cells`]).
#[cfg(feature = "postgres")]
#[derive(QueryableByName)]
struct CellsRow {
    #[diesel(sql_type = Array<diesel::sql_types::Nullable<Text>>)]
    c: cells::RawCells,
}

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Text)]
    j: String,
}

#[derive(QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    v: String,
}

/// A derived value with the position of the bound value that reached it.
#[derive(QueryableByName)]
struct TracedRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    i: Option<i64>,
    #[diesel(sql_type = Text)]
    v: String,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    sql_type: String,
    #[diesel(sql_type = BigInt)]
    pk: i64,
    #[diesel(sql_type = BigInt)]
    nullable: i64,
    #[diesel(sql_type = BigInt)]
    ci: i64,
}

/// Runs `$body` with `$c` bound to a pooled connection of the store's backend and `$q`
/// to a function building a boxed query for it. Only the backends compiled in have an arm.
macro_rules! with_conn {
    ($self:expr, |$c:ident, $backend:ident| $body:expr) => {
        match &$self.pools {
            #[cfg(feature = "postgres")]
            Pools::Pg(p) => {
                #[allow(unused_mut)]
                let mut $c = $self.get(p)?;
                type $backend = diesel::pg::Pg;
                $body
            }
            #[cfg(feature = "mysql")]
            Pools::My(p) => {
                #[allow(unused_mut)]
                let mut $c = $self.get(p)?;
                type $backend = diesel::mysql::Mysql;
                $body
            }
            #[cfg(feature = "sqlite")]
            Pools::Lite(p) => {
                #[allow(unused_mut)]
                let mut $c = $self.get(p)?;
                type $backend = diesel::sqlite::Sqlite;
                $body
            }
        }
    };
}

/// Binds identifier values the way [`Dialect::matches`] expects them: one text array on
/// PostgreSQL, each value (`rounds` times over) elsewhere.
trait BindIds: diesel::backend::Backend + Sized {
    fn bind_ids<'f>(
        q: BoxedSqlQuery<'f, Self, SqlQuery>,
        values: &[String],
        rounds: usize,
    ) -> BoxedSqlQuery<'f, Self, SqlQuery>;
}

#[cfg(feature = "postgres")]
impl BindIds for Pg {
    fn bind_ids<'f>(
        q: BoxedSqlQuery<'f, Self, SqlQuery>,
        values: &[String],
        _: usize,
    ) -> BoxedSqlQuery<'f, Self, SqlQuery> {
        q.bind::<Array<Text>, _>(values.to_vec())
    }
}

#[cfg(any(feature = "mysql", feature = "sqlite"))]
macro_rules! bind_each {
    ($backend:ty) => {
        impl BindIds for $backend {
            fn bind_ids<'f>(
                mut q: BoxedSqlQuery<'f, Self, SqlQuery>,
                values: &[String],
                rounds: usize,
            ) -> BoxedSqlQuery<'f, Self, SqlQuery> {
                for _ in 0..rounds {
                    for v in values {
                        q = q.bind::<Text, _>(v.clone());
                    }
                }
                q
            }
        }
    };
}
#[cfg(feature = "mysql")]
bind_each!(diesel::mysql::Mysql);
#[cfg(feature = "sqlite")]
bind_each!(diesel::sqlite::Sqlite);

macro_rules! bound {
    ($self:expr, $backend:ty, $sql:expr, $key:expr, $values:expr) => {
        <$backend as BindIds>::bind_ids(
            diesel::sql_query($sql).into_boxed::<$backend>(),
            &$values,
            $self.dialect.bind_rounds($key),
        )
    };
}

/// As [`bound!`], for a query that also says which bound value matched each row
/// ([`Dialect::matched_position`]): on MySQL and SQLite the position's own binds come first,
/// one value at a time.
macro_rules! traced {
    ($self:expr, $backend:ty, $sql:expr, $key:expr, $values:expr) => {{
        let mut q = diesel::sql_query($sql).into_boxed::<$backend>();
        if $self.dialect.position_binds_first() {
            for v in $values.iter() {
                q = <$backend as BindIds>::bind_ids(
                    q,
                    std::slice::from_ref(v),
                    $self.dialect.bind_rounds($key),
                );
            }
        }
        <$backend as BindIds>::bind_ids(q, &$values, $self.dialect.bind_rounds($key))
    }};
}

mod check;
mod erase;
pub mod exact;
mod recognise;
pub mod rights;

fn pool<C: diesel::r2d2::R2D2Connection + 'static>(url: String) -> Pool<ConnectionManager<C>> {
    Pool::builder()
        .max_size(4)
        .min_idle(Some(0))
        .connection_timeout(Duration::from_secs(5))
        .build_unchecked(ConnectionManager::new(url))
}

impl SqlStore {
    pub fn open(def: &StoreDef) -> Result<Self, StoreError> {
        let url = def
            .resolve_url()
            .map_err(|p| StoreError::new(&def.name, ErrorKind::Config(p.message)))?;
        let (dialect, pools) = match def.kind {
            #[cfg(feature = "postgres")]
            StoreType::Postgres => {
                let url = if url.contains("connect_timeout") {
                    url
                } else {
                    format!(
                        "{url}{}connect_timeout=5",
                        if url.contains('?') { '&' } else { '?' }
                    )
                };
                (Dialect::Postgres, Pools::Pg(pool(url)))
            }
            #[cfg(feature = "mysql")]
            StoreType::Mysql => (Dialect::Mysql, Pools::My(pool(url))),
            #[cfg(feature = "sqlite")]
            StoreType::Sqlite => {
                let path = url.strip_prefix("sqlite://").unwrap_or(&url).to_owned();
                if !std::path::Path::new(&path).exists() {
                    return Err(StoreError::new(
                        &def.name,
                        ErrorKind::Unreachable(format!("no SQLite database at {path}")),
                    ));
                }
                (Dialect::Sqlite, Pools::Lite(pool(path)))
            }
            // A SQL type whose backend this build left out (`DataMap::parse` says so too).
            other if other.is_sql() => {
                return Err(StoreError::new(
                    &def.name,
                    ErrorKind::Config(other.not_compiled()),
                ));
            }
            other => {
                return Err(StoreError::new(
                    &def.name,
                    ErrorKind::Config(format!("{} is not a SQL store", other.as_str())),
                ));
            }
        };
        Ok(Self {
            name: def.name.clone(),
            kind: def.kind,
            dialect,
            tables: def.table.clone(),
            pools,
            columns: Mutex::new(HashMap::new()),
        })
    }

    fn err(&self, kind: ErrorKind) -> StoreError {
        StoreError::new(&self.name, kind)
    }

    fn query_err(&self, e: diesel::result::Error) -> StoreError {
        self.err(ErrorKind::Query(e.to_string()))
    }

    fn get<C>(
        &self,
        pool: &Pool<ConnectionManager<C>>,
    ) -> Result<PooledConnection<ConnectionManager<C>>, StoreError>
    where
        C: diesel::r2d2::R2D2Connection + 'static,
    {
        let mut conn = pool
            .get()
            .map_err(|e| self.err(ErrorKind::Unreachable(e.to_string())))?;
        let setup = match self.dialect {
            // Derived values leave as text: timestamps in UTC with their offset, ISO dates.
            Dialect::Postgres => {
                "SET statement_timeout = '10min'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'"
            }
            Dialect::Mysql => "SET time_zone = '+00:00'",
            Dialect::Sqlite => "PRAGMA busy_timeout = 10000",
        };
        conn.batch_execute(setup).map_err(|e| self.query_err(e))?;
        Ok(conn)
    }

    /// The live columns of a table, cached (empty when the table does not exist).
    fn columns(&self, table: &str) -> Result<Vec<Column>, StoreError> {
        if let Some(c) = self.columns.lock().ok().and_then(|m| m.get(table).cloned()) {
            return Ok(c);
        }
        let sql = match self.dialect {
            Dialect::Postgres => {
                "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS sql_type, \
                 (CASE WHEN EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary \
                   AND a.attnum = ANY(i.indkey)) THEN 1 ELSE 0 END)::bigint AS pk, \
                 (NOT a.attnotnull)::int::bigint AS nullable, \
                 (format_type(a.atttypid, NULL) = 'citext')::int::bigint AS ci \
                 FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped \
                 ORDER BY a.attnum"
            }
            Dialect::Mysql => {
                "SELECT CAST(COLUMN_NAME AS CHAR) AS name, CAST(COLUMN_TYPE AS CHAR) AS sql_type, \
                 CAST(COLUMN_KEY = 'PRI' AS SIGNED) AS pk, CAST(IS_NULLABLE = 'YES' AS SIGNED) AS nullable, \
                 CAST(COALESCE(COLLATION_NAME LIKE '%\\_ci', 0) AS SIGNED) AS ci \
                 FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION"
            }
            Dialect::Sqlite => {
                "SELECT name, type AS sql_type, CAST(pk AS INTEGER) AS pk, \
                 CAST(NOT \"notnull\" AS INTEGER) AS nullable, 0 AS ci FROM pragma_table_info(?)"
            }
        };
        let arg = match self.dialect {
            Dialect::Postgres => self.dialect.ident(table),
            _ => table.to_owned(),
        };
        let rows: Vec<ColumnRow> = with_conn!(self, |c, B| diesel::sql_query(sql)
            .into_boxed::<B>()
            .bind::<Text, _>(arg.clone())
            .load(&mut *c)
            .map_err(|e| self.query_err(e))?);
        let cols: Vec<Column> = rows
            .into_iter()
            .map(|r| Column {
                family: match self.dialect {
                    Dialect::Postgres => catalog::pg_family(&r.sql_type),
                    Dialect::Mysql => catalog::mysql_family(&r.sql_type),
                    Dialect::Sqlite => catalog::sqlite_family(&r.sql_type),
                },
                name: r.name,
                sql_type: r.sql_type,
                primary_key: r.pk > 0,
                nullable: r.nullable != 0,
                case_insensitive: r.ci != 0,
            })
            .collect();
        if let Ok(mut m) = self.columns.lock() {
            m.insert(table.to_owned(), cols.clone());
        }
        Ok(cols)
    }

    /// The export query of a table for `n` identifier values, as the connector runs it (for
    /// benchmarks that compare it with the database's own client).
    pub fn export_sql(&self, table: &str, n: usize) -> Result<String, StoreError> {
        let t = self
            .tables
            .iter()
            .find(|t| t.name == table)
            .ok_or_else(|| self.err(ErrorKind::Config(format!("no table {table} in the map"))))?;
        let key = self.key(t)?;
        let columns = self.columns(table)?;
        Ok(self.dialect.select_export(table, &columns, &key, n))
    }

    fn column(&self, table: &str, name: &str) -> Result<Column, StoreError> {
        self.columns(table)?
            .into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| {
                self.err(ErrorKind::Config(format!(
                    "table {table} has no column {name} (run `dsr-portal datamap check`)"
                )))
            })
    }

    /// A table's match column and how values are compared with it.
    fn key(&self, t: &TableDef) -> Result<Key, StoreError> {
        let column = self.column(&t.name, &t.matches.column)?;
        let fold = t.matches.identifier == EMAIL
            && t.case == Case::Insensitive
            && column.family == Family::Text;
        Ok(Key { column, fold })
    }

    /// The values of the table's match identifier that its column can hold exactly (and the
    /// table doesn't list in `ignore`), in the form they are bound, in chunks.
    fn keyed(
        &self,
        t: &TableDef,
        ids: &Identifiers,
    ) -> Result<(Key, Vec<Vec<String>>), StoreError> {
        let (key, bound) = self.bound(t, ids)?;
        Ok((
            key,
            self.chunked(bound.into_iter().map(|(b, _)| b).collect()),
        ))
    }

    /// Each value of the table's match identifier that its column can hold exactly (and the
    /// table doesn't list in `ignore`).
    fn bound<'i>(
        &self,
        t: &TableDef,
        ids: &'i Identifiers,
    ) -> Result<(Key, Bound<'i>), StoreError> {
        let key = self.key(t)?;
        let bound = ids
            .values(&t.matches.identifier)
            .into_iter()
            .filter(|v| !t.ignore.iter().any(|i| i == v))
            .filter_map(|v| exact::exact(&key.column, self.dialect, v).map(|b| (b, v)))
            .collect();
        Ok((key, bound))
    }

    /// Bound values, sorted, once each, in chunks of a statement each.
    fn chunked(&self, mut values: Vec<String>) -> Vec<Vec<String>> {
        values.sort();
        values.dedup();
        if values.is_empty() {
            Vec::new()
        } else if self.dialect == Dialect::Postgres {
            vec![values]
        } else {
            values.chunks(CHUNK).map(<[String]>::to_vec).collect()
        }
    }

    fn count(&self, t: &TableDef, ids: &Identifiers) -> Result<u64, StoreError> {
        let (key, chunks) = self.keyed(t, ids)?;
        let mut total = 0u64;
        for chunk in chunks {
            let sql = self.dialect.count(&t.name, &key, chunk.len());
            let row: CountRow = with_conn!(self, |c, B| bound!(self, B, &sql, &key, chunk)
                .get_result(&mut *c)
                .map_err(|e| self.query_err(e))?);
            total += u64::try_from(row.n).unwrap_or(0);
        }
        Ok(total)
    }

    fn export_table(
        &self,
        t: &TableDef,
        ids: &Identifiers,
        sink: &mut dyn RecordSink,
    ) -> Result<(), StoreError> {
        let columns = self.columns(&t.name)?;
        let (key, chunks) = self.keyed(t, ids)?;
        self.begin_object(&t.name, &columns, sink)?;
        for chunk in chunks {
            let sql = self
                .dialect
                .select_export(&t.name, &columns, &key, chunk.len());
            self.stream(&sql, &[(&key, &chunk)], &columns, sink)?;
        }
        sink.end().map_err(|e| self.err(ErrorKind::Sink(e)))
    }

    /// Starts an object in the sink, with its columns.
    fn begin_object(
        &self,
        table: &str,
        columns: &[Column],
        sink: &mut dyn RecordSink,
    ) -> Result<(), StoreError> {
        let sink_err = |e: String| self.err(ErrorKind::Sink(e));
        sink.begin(table).map_err(sink_err)?;
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        sink.columns(&names).map_err(sink_err)
    }

    /// Streams the rows an export query (`sql`, from [`Dialect::select_export`] or
    /// [`Dialect::select_export_by_key`]) returns into the sink, row by row. `binds` are its
    /// parameters: each key's values, bound as [`Dialect::matches`] expects them.
    fn stream(
        &self,
        sql: &str,
        binds: &[(&Key, &[String])],
        columns: &[Column],
        sink: &mut dyn RecordSink,
    ) -> Result<(), StoreError> {
        match &self.pools {
            #[cfg(feature = "postgres")]
            Pools::Pg(p) => {
                let sink_err = |e: String| self.err(ErrorKind::Sink(e));
                let shape = cells::RowShape::new(columns);
                // One row's JSON and converted cells, and the vector of its cells: kept
                // from row to row, so a row costs no allocation of its own beyond its copy.
                let mut out = cells::Rendered::default();
                let mut spare = Vec::new();
                let mut c = self.get(p)?;
                let q = self.bind_all::<Pg>(sql, binds);
                for row in q
                    .load_iter::<CellsRow, PgRowByRowLoadingMode>(&mut *c)
                    .map_err(|e| self.query_err(e))?
                {
                    let row = row.map_err(|e| self.query_err(e))?;
                    let mut cells = cells::recycle(std::mem::take(&mut spare));
                    row.c.cells_into(&mut cells).map_err(sink_err)?;
                    shape.render(&mut cells, &mut out).map_err(sink_err)?;
                    out.patch(&mut cells);
                    sink.record_cells(&out.json, &cells).map_err(sink_err)?;
                    spare = cells::recycle(cells);
                }
            }
            #[cfg(feature = "mysql")]
            Pools::My(p) => {
                let mut c = self.get(p)?;
                let q = self.bind_all::<diesel::mysql::Mysql>(sql, binds);
                let rows = q
                    .load_iter::<JsonRow, DefaultLoadingMode>(&mut *c)
                    .map_err(|e| self.query_err(e))?;
                self.emit_json_rows(rows, columns, sink)?;
            }
            #[cfg(feature = "sqlite")]
            Pools::Lite(p) => {
                let mut c = self.get(p)?;
                let q = self.bind_all::<diesel::sqlite::Sqlite>(sql, binds);
                let rows = q
                    .load_iter::<JsonRow, DefaultLoadingMode>(&mut *c)
                    .map_err(|e| self.query_err(e))?;
                self.emit_json_rows(rows, columns, sink)?;
            }
        }
        Ok(())
    }

    /// `sql` with each key's values bound in turn, as [`Dialect::matches`] expects them
    /// (PostgreSQL: one array per key, `$1`, `$2`…).
    fn bind_all<'f, B: BindIds + 'f>(
        &self,
        sql: &str,
        binds: &[(&Key, &[String])],
    ) -> BoxedSqlQuery<'f, B, SqlQuery> {
        let mut q = diesel::sql_query(sql).into_boxed::<B>();
        for (key, values) in binds {
            q = B::bind_ids(q, values, self.dialect.bind_rounds(key));
        }
        q
    }

    /// Streams the held rows of `table` whose hold keys are `keys` (JSON objects of the
    /// primary key's columns): a single-column key in chunks of values, like an export by
    /// an identifier; a key of several columns one row at a time.
    fn export_held_rows(
        &self,
        table: &str,
        keys: &[String],
        sink: &mut dyn RecordSink,
    ) -> Result<(), StoreError> {
        let columns = self.held_columns(table)?;
        self.begin_object(table, &columns, sink)?;
        let mut single: Option<(Key, Vec<String>)> = None;
        for k in keys {
            let (key, values) = self.row_key(table, &columns, k)?;
            match (<[Key; 1]>::try_from(key), &mut single) {
                (Ok([key]), None) => single = Some((key, values)),
                (Ok(_), Some((_, all))) => all.extend(values),
                (Err(key), _) => {
                    let sql = self.dialect.select_export_by_key(table, &columns, &key);
                    let binds: Vec<(&Key, &[String])> = key
                        .iter()
                        .zip(&values)
                        .map(|(k, v)| (k, std::slice::from_ref(v)))
                        .collect();
                    self.stream(&sql, &binds, &columns, sink)?;
                }
            }
        }
        if let Some((key, values)) = single {
            for chunk in self.chunked(values) {
                let sql = self
                    .dialect
                    .select_export(table, &columns, &key, chunk.len());
                self.stream(&sql, &[(&key, &chunk)], &columns, sink)?;
            }
        }
        sink.end().map_err(|e| self.err(ErrorKind::Sink(e)))
    }

    /// Hands rows the store built as JSON objects (MariaDB, SQLite) to the sink; SQLite's
    /// blob columns arrive as hex and leave as base64, like the other stores'.
    #[cfg(any(feature = "mysql", feature = "sqlite"))]
    fn emit_json_rows(
        &self,
        rows: impl Iterator<Item = diesel::QueryResult<JsonRow>>,
        columns: &[Column],
        sink: &mut dyn RecordSink,
    ) -> Result<(), StoreError> {
        let hex_columns: Vec<&str> = if self.dialect == Dialect::Sqlite {
            columns
                .iter()
                .filter(|c| c.family == Family::Bytes)
                .map(|c| c.name.as_str())
                .collect()
        } else {
            Vec::new()
        };
        for row in rows {
            let row = row.map_err(|e| self.query_err(e))?;
            let record = if hex_columns.is_empty() {
                sink.record(&row.j)
            } else {
                sink.record(&hex_to_base64(&row.j, &hex_columns))
            };
            record.map_err(|e| self.err(ErrorKind::Sink(e)))?;
        }
        Ok(())
    }
}

/// SQLite has no base64: blob columns arrive as hex and are re-encoded here.
#[cfg(any(feature = "mysql", feature = "sqlite"))]
fn hex_to_base64(json: &str, columns: &[&str]) -> String {
    use base64::Engine;

    let Ok(serde_json::Value::Object(mut row)) = serde_json::from_str::<serde_json::Value>(json)
    else {
        return json.to_owned();
    };
    for c in columns {
        if let Some(serde_json::Value::String(h)) = row.get(*c)
            && let Ok(bytes) = hex::decode(h)
        {
            let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
            row.insert((*c).to_owned(), serde_json::Value::String(b64));
        }
    }
    serde_json::Value::Object(row).to_string()
}

impl Store for SqlStore {
    fn rectify(&self, ids: &Identifiers, changes: &Changes) -> Result<Vec<Outcome>, StoreError> {
        self.rectify_all(ids, changes)
    }

    fn flag(
        &self,
        ids: &Identifiers,
        flag: Flag,
        on: bool,
        _context: &serde_json::Value,
    ) -> Result<Vec<Outcome>, StoreError> {
        self.flag_all(ids, flag, on)
    }

    fn refuses(&self, field: &str, value: &str) -> Result<Option<String>, StoreError> {
        self.refusal(field, value)
    }

    fn current(&self, ids: &Identifiers, fields: &[String]) -> Result<Vec<Current>, StoreError> {
        self.current_values(ids, fields)
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> StoreType {
        self.kind
    }

    fn check(&self) -> Result<Vec<Problem>, StoreError> {
        self.check_live()
    }

    fn advise(&self) -> Result<Vec<Problem>, StoreError> {
        self.scans()
    }

    fn derive_traced(
        &self,
        identifier: &str,
        ids: &Identifiers,
    ) -> Result<Vec<Traced>, StoreError> {
        let mut out = Vec::new();
        for t in self
            .tables
            .iter()
            .filter(|t| t.matches.identifier == identifier && !t.derive.is_empty())
        {
            let (key, bound) = self.bound(t, ids)?;
            // Which known values each bound form stands for.
            let mut known: HashMap<String, Vec<String>> = HashMap::new();
            for (b, v) in &bound {
                known.entry(b.clone()).or_default().push((*v).to_owned());
            }
            let chunks = self.chunked(bound.into_iter().map(|(b, _)| b).collect());
            for (derived, column) in &t.derive {
                for chunk in &chunks {
                    let sql = self
                        .dialect
                        .distinct_text_traced(&t.name, column, &key, chunk.len());
                    let rows: Vec<TracedRow> =
                        with_conn!(self, |c, B| traced!(self, B, &sql, &key, chunk)
                            .load(&mut *c)
                            .map_err(|e| self.query_err(e))?);
                    for r in rows.into_iter().filter(|r| !t.ignore.contains(&r.v)) {
                        let sources =
                            r.i.and_then(|i| usize::try_from(i).ok())
                                .and_then(|i| chunk.get(i.checked_sub(1)?))
                                .and_then(|b| known.get(b));
                        // A row no bound value can be named for reaches no one.
                        for source in sources.into_iter().flatten() {
                            out.push(Traced {
                                from: source.clone(),
                                identifier: derived.clone(),
                                value: r.v.clone(),
                            });
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    fn derive(&self, identifier: &str, ids: &Identifiers) -> Result<Identifiers, StoreError> {
        let mut out = Identifiers::default();
        for t in self
            .tables
            .iter()
            .filter(|t| t.matches.identifier == identifier && !t.derive.is_empty())
        {
            let (key, chunks) = self.keyed(t, ids)?;
            for (derived, column) in &t.derive {
                for chunk in &chunks {
                    let sql = self
                        .dialect
                        .distinct_text(&t.name, column, &key, chunk.len());
                    let rows: Vec<TextRow> =
                        with_conn!(self, |c, B| bound!(self, B, &sql, &key, chunk)
                            .load(&mut *c)
                            .map_err(|e| self.query_err(e))?);
                    for r in rows.into_iter().filter(|r| !t.ignore.contains(&r.v)) {
                        out.insert(derived, r.v);
                    }
                }
            }
        }
        Ok(out)
    }

    fn locate(&self, ids: &Identifiers) -> Result<Vec<Located>, StoreError> {
        self.tables
            .iter()
            .map(|t| {
                Ok(Located {
                    object: t.name.clone(),
                    rows: self.count(t, ids)?,
                })
            })
            .collect()
    }

    fn export(&self, ids: &Identifiers, sink: &mut dyn RecordSink) -> Result<(), StoreError> {
        for t in &self.tables {
            self.export_table(t, ids, sink)?;
        }
        Ok(())
    }

    fn erase(&self, ids: &Identifiers) -> Result<Vec<Outcome>, StoreError> {
        self.erase_all(ids)
    }

    fn erase_actions(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(self
            .erase_order()?
            .into_iter()
            .map(|t| (t.name.clone(), erase::describe(&t.erase())))
            .collect())
    }

    fn purge_held(&self, object: &str, key: &str) -> Result<u64, StoreError> {
        self.purge_row(object, key)
    }

    fn export_held(
        &self,
        object: &str,
        keys: &[String],
        sink: &mut dyn RecordSink,
    ) -> Result<(), StoreError> {
        self.export_held_rows(object, keys, sink)
    }

    fn rule_subjects(&self, sql: &str, identifier: &str) -> Result<Vec<String>, StoreError> {
        SqlStore::rule_subjects(self, sql, identifier)
    }

    fn recognise(
        &self,
        identifier: &str,
        known: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, StoreError> {
        self.scan(identifier, known)
    }

    fn owners(&self, identifier: &str, value: &str) -> Result<Vec<(String, String)>, StoreError> {
        SqlStore::owners(self, identifier, value)
    }
}
