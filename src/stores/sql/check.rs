//! `dsr-portal datamap check` against a live SQL store: every name the map uses exists, each
//! column can do what the map asks of it (identify someone, be nulled, hold a mask), kept
//! tables have a primary key, and no foreign key makes the erasure's transaction fail; and
//! the advice on lookups that would read a whole big table.

use diesel::RunQueryDsl;

use super::catalog::{Column, Family};
use super::{BindIds, Pools, SqlStore, erase, rights};
use crate::datamap::rights::Flag;
use crate::datamap::{Erase, Problem, TableDef};
use crate::stores::StoreError;

impl SqlStore {
    pub(super) fn check_live(&self) -> Result<Vec<Problem>, StoreError> {
        let mut problems = Vec::new();
        let mut missing = false;
        for t in &self.tables {
            let cols = self.columns(&t.name)?;
            if cols.is_empty() {
                problems.push(Problem::table(&self.name, &t.name, "no such table"));
                missing = true;
                continue;
            }
            for (role, name) in t.columns() {
                match cols.iter().find(|c| c.name == name) {
                    None => {
                        missing = true;
                        problems.push(Problem::column(
                            &self.name,
                            &t.name,
                            name,
                            format!("no such column (named by {role})"),
                        ));
                    }
                    Some(c) => problems.extend(
                        check_column(role, c)
                            .or_else(|| self.check_flag(t, role, c))
                            .map(|m| Problem::column(&self.name, &t.name, name, m)),
                    ),
                }
            }
            if matches!(t.erase(), Erase::Retain(_)) && !cols.iter().any(|c| c.primary_key) {
                problems.push(Problem::table(
                    &self.name,
                    &t.name,
                    erase::no_primary_key(&t.name),
                ));
            }
        }
        // Foreign keys name columns: only meaningful once every name exists.
        if !missing {
            problems.extend(self.held_rows_block_erasure()?);
        }
        Ok(problems)
    }
}

/// What a column can't do in the role the map gives it: identify someone (a match or derive
/// column of an approximate or opaque type), be nulled (NOT NULL), hold a mask.
fn check_column(role: &str, c: &Column) -> Option<String> {
    match role {
        "match" | "derive" if !c.family.identifies() => Some(format!(
            "a {} column can't identify anyone exactly (named by {role}): match on a key, \
             an address or a code",
            c.sql_type
        )),
        "null" if !c.nullable => Some(
            "is NOT NULL, so erasure can't set it to NULL: mask it instead (or allow NULL)"
                .to_owned(),
        ),
        "mask" if c.max_chars().is_some_and(|n| n < MASK_CHARS) => Some(format!(
            "holds at most {} characters, too few for a mask ({MASK_CHARS}, `erased-<8 hex>`): \
             null it instead",
            c.max_chars().unwrap_or_default()
        )),
        "rectify"
            if matches!(
                c.family,
                Family::Float | Family::Bool | Family::Bytes | Family::Json
            ) =>
        {
            Some(format!(
                "a {} column can't take a corrected value from a subject (named by rectify): \
                 correct text, numbers or dates",
                c.sql_type
            ))
        }
        _ => None,
    }
}

impl SqlStore {
    /// A `restrict` or `object` flag whose values don't fit its column's type.
    fn check_flag(&self, t: &TableDef, role: &str, c: &Column) -> Option<String> {
        let flag = match role {
            "restrict" => Flag::Restrict,
            "object" => Flag::Object,
            _ => return None,
        };
        let def = flag.of(t)?;
        let values =
            std::iter::once(Some(def.set.clone())).chain(std::iter::once(def.unset_value()));
        for v in values {
            match v {
                None if !c.nullable => {
                    return Some(format!(
                        "{role}: lifting sets NULL but the column is NOT NULL: give `unset`"
                    ));
                }
                Some(v) if rights::flag_text(c, self.dialect, &v).is_none() => {
                    return Some(format!(
                        "{role}: {:?} does not fit a {} column",
                        v.text(),
                        c.sql_type
                    ));
                }
                _ => {}
            }
        }
        None
    }
}

/// Characters of a text mask: `erased-` and 8 hex digits.
const MASK_CHARS: usize = 15;

/// Rows from which a lookup that reads the whole table is worth a warning.
pub const BIG_TABLE: i64 = 10_000;

/// A value of the column's type, for asking the planner how it would look one up.
fn probe_value(c: &Column) -> &'static str {
    match c.family {
        Family::Integer | Family::Decimal => "1",
        Family::Uuid => "00000000-0000-0000-0000-000000000000",
        Family::Date => "2000-01-01",
        Family::Timestamp => "2000-01-01 00:00:00",
        Family::TimestampTz => "2000-01-01 00:00:00+00",
        _ => "someone@example.com",
    }
}

impl SqlStore {
    /// Tables of at least [`BIG_TABLE`] rows whose lookup the store would answer by reading
    /// every row (no index serves the comparison), each with how to index it.
    pub(super) fn scans(&self) -> Result<Vec<Problem>, StoreError> {
        let mut out = Vec::new();
        for t in &self.tables {
            if self.columns(&t.name)?.is_empty() {
                continue;
            }
            let rows = self.count_up_to(&t.name, BIG_TABLE)?;
            if rows < BIG_TABLE {
                continue;
            }
            let key = self.key(t)?;
            let chunk = vec![probe_value(&key.column).to_owned()];
            let sql = self.dialect.count(&t.name, &key, 1);
            if self.plan_scans(&t.name, &sql, &key, chunk)? {
                out.push(Problem::column(
                    &self.name,
                    &t.name,
                    &t.matches.column,
                    format!(
                        "finding {} here reads all {}+ rows: {}",
                        t.matches.identifier,
                        BIG_TABLE,
                        self.dialect.index_advice(&t.name, &key)
                    ),
                ));
            }
        }
        Ok(out)
    }
}

#[cfg(feature = "postgres")]
#[derive(diesel::QueryableByName)]
struct PgPlanLine {
    #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
    line: String,
}

#[cfg(feature = "mysql")]
#[derive(diesel::QueryableByName)]
struct MysqlPlanRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>, column_name = "type")]
    access: Option<String>,
}

#[cfg(feature = "sqlite")]
#[derive(diesel::QueryableByName)]
struct SqlitePlanRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

impl SqlStore {
    /// Rows in a table, counted up to `cap` (a big table is not read to the end).
    fn count_up_to(&self, table: &str, cap: i64) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT count(*) AS n FROM (SELECT 1 AS one FROM {} LIMIT {cap}) s",
            self.dialect.ident(table)
        );
        let row: super::CountRow = with_conn!(self, |c, B| diesel::sql_query(&sql)
            .into_boxed::<B>()
            .get_result(&mut *c)
            .map_err(|e| self.query_err(e))?);
        Ok(row.n)
    }

    /// Whether the store's planner answers `sql` (a lookup in `table`) by reading all of it.
    fn plan_scans(
        &self,
        // Only PostgreSQL's plan names the table read.
        #[cfg_attr(not(feature = "postgres"), allow(unused_variables))] table: &str,
        sql: &str,
        key: &super::dialect::Key,
        chunk: Vec<String>,
    ) -> Result<bool, StoreError> {
        Ok(match &self.pools {
            #[cfg(feature = "postgres")]
            Pools::Pg(p) => {
                let mut c = self.get(p)?;
                let rows: Vec<PgPlanLine> =
                    bound!(self, diesel::pg::Pg, &format!("EXPLAIN {sql}"), key, chunk)
                        .load(&mut *c)
                        .map_err(|e| self.query_err(e))?;
                let scan = format!("Seq Scan on {}", self.dialect.ident(table));
                let bare = format!("Seq Scan on {table}");
                rows.iter()
                    .any(|r| r.line.contains(&scan) || r.line.contains(&bare))
            }
            #[cfg(feature = "mysql")]
            Pools::My(p) => {
                let mut c = self.get(p)?;
                let rows: Vec<MysqlPlanRow> = bound!(
                    self,
                    diesel::mysql::Mysql,
                    &format!("EXPLAIN {sql}"),
                    key,
                    chunk
                )
                .load(&mut *c)
                .map_err(|e| self.query_err(e))?;
                rows.iter()
                    .any(|r| matches!(r.access.as_deref(), Some("ALL" | "index")))
            }
            #[cfg(feature = "sqlite")]
            Pools::Lite(p) => {
                let mut c = self.get(p)?;
                let rows: Vec<SqlitePlanRow> = bound!(
                    self,
                    diesel::sqlite::Sqlite,
                    &format!("EXPLAIN QUERY PLAN {sql}"),
                    key,
                    chunk
                )
                .load(&mut *c)
                .map_err(|e| self.query_err(e))?;
                rows.iter().any(|r| r.detail.starts_with("SCAN"))
            }
        })
    }
}
