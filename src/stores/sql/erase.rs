//! Erasure in a SQL store: the map's strategies in foreign-key order (children first) in one
//! transaction; purging a held row when its hold ends; the subjects of a retention rule.

use diesel::RunQueryDsl;
use diesel::connection::Connection;
use diesel::sql_types::{BigInt, Nullable, Text};
use std::collections::HashMap;

use super::catalog::Column;

use super::dialect::Key;
use super::{BindIds, Pools, SqlStore, TextRow, exact};
use crate::datamap::{Erase, Problem, TableDef};
use crate::stores::{ErrorKind, Identifiers, Outcome, RetainedRow, StoreError};

/// A row a `retain` keeps ([`super::Dialect::select_held`]): its key and date as JSON, and
/// the position of the bound value that matched it.
#[derive(diesel::QueryableByName)]
struct HeldRow {
    #[diesel(sql_type = Text)]
    j: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    i: Option<i64>,
}

#[derive(diesel::QueryableByName)]
struct EdgeRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    child: String,
    #[diesel(sql_type = Text)]
    parent: String,
    #[diesel(sql_type = Text)]
    col: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

/// A foreign key the store declares: `child.columns` references `parent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    pub child: String,
    pub parent: String,
    pub columns: Vec<String>,
    /// `no action`, `restrict`, `cascade`, `set null` or `set default`.
    pub on_delete: String,
}

impl ForeignKey {
    /// Whether deleting the parent's rows leaves this reference valid by itself.
    fn follows_a_delete(&self) -> bool {
        matches!(
            self.on_delete.as_str(),
            "set null" | "set default" | "cascade"
        )
    }
}

/// Orders tables so that each comes before every table it references (children first);
/// where foreign keys don't decide, the reverse of the map's order. A cycle falls back to
/// that order for the tables in it.
pub fn children_first<'a>(tables: &'a [TableDef], edges: &[ForeignKey]) -> Vec<&'a TableDef> {
    let mut left: Vec<&TableDef> = tables.iter().rev().collect();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let referenced = |t: &TableDef, left: &[&TableDef]| {
            left.iter().any(|c| {
                c.name != t.name
                    && edges
                        .iter()
                        .any(|fk| fk.child == c.name && fk.parent == t.name)
            })
        };
        let pick = left.iter().position(|t| !referenced(t, &left)).unwrap_or(0);
        out.push(left.remove(pick));
    }
    out
}

/// What a strategy does, in words for a plan.
pub fn describe(erase: &Erase) -> String {
    match erase {
        Erase::Delete => "delete rows".into(),
        Erase::Columns { null, mask } => {
            let mut parts = Vec::new();
            if !null.is_empty() {
                parts.push(format!("set to NULL: {}", null.join(", ")));
            }
            if !mask.is_empty() {
                parts.push(format!("mask: {}", mask.join(", ")));
            }
            parts.join("; ")
        }
        Erase::Retain(r) => format!(
            "retain under a legal hold: {} ({} years from {}{})",
            r.retain,
            r.years,
            r.from,
            if r.from_year_end {
                ", counted from the end of its year"
            } else {
                ""
            }
        ),
    }
}

impl SqlStore {
    /// The foreign keys among the store's tables.
    pub(super) fn foreign_keys(&self) -> Result<Vec<ForeignKey>, StoreError> {
        let sql = self.dialect.foreign_keys();
        let rows: Vec<EdgeRow> = if self.dialect == super::Dialect::Sqlite {
            let mut all = Vec::new();
            for t in &self.tables {
                let mut rows: Vec<EdgeRow> = with_conn!(self, |c, B| diesel::sql_query(sql)
                    .into_boxed::<B>()
                    .bind::<Text, _>(t.name.clone())
                    .bind::<Text, _>(t.name.clone())
                    .load(&mut *c)
                    .map_err(|e| self.query_err(e))?);
                all.append(&mut rows);
            }
            all
        } else {
            with_conn!(self, |c, B| diesel::sql_query(sql)
                .into_boxed::<B>()
                .load(&mut *c)
                .map_err(|e| self.query_err(e))?)
        };
        let mut keys: Vec<(String, ForeignKey)> = Vec::new();
        for r in rows {
            let id = format!("{}\u{0}{}", r.child, r.name);
            match keys.iter_mut().find(|(k, _)| *k == id) {
                Some((_, fk)) => fk.columns.push(r.col),
                None => keys.push((
                    id,
                    ForeignKey {
                        child: r.child,
                        parent: r.parent,
                        columns: vec![r.col],
                        on_delete: r.on_delete.to_ascii_lowercase(),
                    },
                )),
            }
        }
        Ok(keys.into_iter().map(|(_, fk)| fk).collect())
    }

    /// Rows erasure keeps (retained under a hold, or nulled and masked) that reference rows
    /// erasure deletes make the store's transaction fail, unless the reference lets go by
    /// itself (its column is nulled first, or the key is `ON DELETE SET NULL`/`CASCADE`). A
    /// cascade into rows kept under a hold would delete what the law says to keep.
    pub(super) fn held_rows_block_erasure(&self) -> Result<Vec<Problem>, StoreError> {
        let strategy = |name: &str| {
            self.tables
                .iter()
                .find(|t| t.name == name)
                .map(TableDef::erase)
        };
        let mut problems = Vec::new();
        for fk in self.foreign_keys()? {
            if !matches!(strategy(&fk.parent), Some(Erase::Delete)) {
                continue;
            }
            let message = match strategy(&fk.child) {
                Some(Erase::Retain(_)) if fk.on_delete == "cascade" => format!(
                    "rows kept under a hold reference {parent} ON DELETE CASCADE: erasing {parent} \
                     would delete them; make the key ON DELETE SET NULL, or mask {parent} instead",
                    parent = fk.parent
                ),
                Some(Erase::Retain(_)) if !fk.follows_a_delete() => format!(
                    "rows kept under a hold reference {parent}, whose rows erasure deletes: make \
                     that foreign key ON DELETE SET NULL (or drop it), or mask {parent} instead",
                    parent = fk.parent
                ),
                Some(Erase::Columns { null, .. })
                    if !fk.follows_a_delete() && !fk.columns.iter().all(|c| null.contains(c)) =>
                {
                    format!(
                        "rows erasure keeps reference {parent}, whose rows erasure deletes: add {} \
                         to this table's null list, make the key ON DELETE SET NULL or CASCADE, \
                         or mask {parent} instead",
                        fk.columns.join(", "),
                        parent = fk.parent
                    )
                }
                _ => continue,
            };
            problems.push(Problem::table(&self.name, &fk.child, message));
        }
        Ok(problems)
    }

    /// The map's tables in the order erasure runs them.
    pub fn erase_order(&self) -> Result<Vec<&TableDef>, StoreError> {
        Ok(children_first(&self.tables, &self.foreign_keys()?))
    }

    /// Runs the erase strategies of every table in one transaction, children first.
    pub(super) fn erase_all(&self, ids: &Identifiers) -> Result<Vec<Outcome>, StoreError> {
        // Resolve order, columns and keys before the transaction.
        let mut steps = Vec::new();
        for t in self.erase_order()? {
            let (key, bound) = self.bound(t, ids)?;
            let columns = self.columns(&t.name)?;
            if matches!(t.erase(), Erase::Retain(_)) && !columns.iter().any(|c| c.primary_key) {
                return Err(self.err(ErrorKind::Config(no_primary_key(&t.name))));
            }
            // Which known values each bound form stands for: who reached a held row.
            let mut known: HashMap<String, Vec<(String, String)>> = HashMap::new();
            for (b, v) in &bound {
                let via = (t.matches.identifier.clone(), (*v).to_owned());
                known.entry(b.clone()).or_default().push(via);
            }
            let chunks = self.chunked(bound.into_iter().map(|(b, _)| b).collect());
            steps.push((t, key, chunks, columns, known));
        }
        with_conn!(self, |c, B| {
            c.transaction::<_, diesel::result::Error, _>(|c| {
                let mut outcomes = Vec::new();
                for (t, key, chunks, columns, known) in &steps {
                    let erase = t.erase();
                    let mut outcome = Outcome {
                        object: t.name.clone(),
                        action: action_name(&erase),
                        rows: 0,
                        retained: Vec::new(),
                    };
                    for chunk in chunks {
                        match &erase {
                            Erase::Delete => {
                                let sql = self.dialect.delete(&t.name, key, chunk.len());
                                outcome.rows +=
                                    bound!(self, B, &sql, key, chunk).execute(&mut *c)? as u64;
                            }
                            Erase::Columns { null, mask } => {
                                let pick = |names: &[String]| -> Vec<&Column> {
                                    columns.iter().filter(|c| names.contains(&c.name)).collect()
                                };
                                let sql = self.dialect.null_and_mask(
                                    &t.name,
                                    &pick(null),
                                    &pick(mask),
                                    key,
                                    chunk.len(),
                                );
                                outcome.rows +=
                                    bound!(self, B, &sql, key, chunk).execute(&mut *c)? as u64;
                            }
                            Erase::Retain(r) => {
                                let primary_key: Vec<Column> =
                                    columns.iter().filter(|c| c.primary_key).cloned().collect();
                                let from = columns.iter().find(|c| c.name == r.from);
                                let sql = self.dialect.select_held(
                                    &t.name,
                                    &primary_key,
                                    from,
                                    key,
                                    chunk.len(),
                                );
                                let rows: Vec<HeldRow> =
                                    traced!(self, B, &sql, key, chunk).load(&mut *c)?;
                                for row in rows {
                                    let via = row
                                        .i
                                        .and_then(|i| usize::try_from(i).ok())
                                        .and_then(|i| chunk.get(i.checked_sub(1)?))
                                        .and_then(|b| known.get(b))
                                        .cloned()
                                        .unwrap_or_default();
                                    outcome.retained.push(retained_row(
                                        &row.j,
                                        &primary_key,
                                        &r.from,
                                        via,
                                    ));
                                }
                                outcome.rows = outcome.retained.len() as u64;
                            }
                        }
                    }
                    outcomes.push(outcome);
                }
                Ok(outcomes)
            })
            .map_err(|e| self.query_err(e))
        })
    }

    /// Deletes one held row by its primary key (the JSON object its hold records), in a
    /// transaction that commits only when exactly that one row went. Returns 0 when the row
    /// was already gone.
    pub(super) fn purge_row(&self, object: &str, key: &str) -> Result<u64, StoreError> {
        let columns = self.held_columns(object)?;
        let (keys, values) = self.row_key(object, &columns, key)?;
        let sql = self.dialect.delete_by_key(object, &keys);
        let n = with_conn!(self, |c, B| {
            c.transaction::<_, PurgeError, _>(|c| {
                let mut q = diesel::sql_query(&sql).into_boxed::<B>();
                for (k, v) in keys.iter().zip(&values) {
                    q = <B as BindIds>::bind_ids(
                        q,
                        std::slice::from_ref(v),
                        self.dialect.bind_rounds(k),
                    );
                }
                match q.execute(&mut *c)? {
                    n @ (0 | 1) => Ok(n),
                    n => Err(PurgeError::NotOne(n)),
                }
            })
            .map_err(|e| match e {
                PurgeError::Db(e) => self.query_err(e),
                PurgeError::NotOne(n) => self.err(ErrorKind::Refused(format!(
                    "the hold's key matches {n} rows of {object}, not one: nothing was deleted"
                ))),
            })?
        });
        Ok(n as u64)
    }

    /// The live columns of a table of the map that keeps rows under a hold.
    pub(super) fn held_columns(&self, object: &str) -> Result<Vec<Column>, StoreError> {
        if !self.tables.iter().any(|t| t.name == object) {
            return Err(self.err(ErrorKind::Config(format!("no table {object} in the map"))));
        }
        self.columns(object)
    }

    /// The primary key columns of `object` and the values a hold's key (the JSON object it
    /// recorded) gives them, each in the form it is bound; refused when the key does not
    /// name exactly the primary key's columns or a value is not one the column can hold.
    pub(super) fn row_key(
        &self,
        object: &str,
        columns: &[Column],
        key: &str,
    ) -> Result<(Vec<Key>, Vec<String>), StoreError> {
        let Ok(serde_json::Value::Object(key)) = serde_json::from_str::<serde_json::Value>(key)
        else {
            return Err(self.err(ErrorKind::Config(format!("not a row key: {key}"))));
        };
        let primary_key: Vec<&Column> = columns.iter().filter(|c| c.primary_key).collect();
        let named: Vec<&String> = key.keys().collect();
        if primary_key.is_empty()
            || primary_key.len() != named.len()
            || !primary_key.iter().all(|c| named.contains(&&c.name))
        {
            return Err(self.err(ErrorKind::Config(format!(
                "the hold's key ({}) is not the primary key of {object}: the row can't be told apart",
                named.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", ")
            ))));
        }
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for c in primary_key {
            let text = match &key[&c.name] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let column = c.clone();
            let bound = exact::exact(&column, self.dialect, &text).ok_or_else(|| {
                self.err(ErrorKind::Config(format!(
                    "the hold's key {}={text:?} is not a value of {object}.{}",
                    c.name, c.name
                )))
            })?;
            keys.push(Key {
                column,
                fold: false,
            });
            values.push(bound);
        }
        Ok((keys, values))
    }

    /// The values of column `identifier` that a retention rule's query returns.
    pub(super) fn rule_subjects(
        &self,
        sql: &str,
        identifier: &str,
    ) -> Result<Vec<String>, StoreError> {
        let sql = self
            .dialect
            .text_values(sql.trim().trim_end_matches(';'), identifier);
        let rows: Vec<TextRow> = with_conn!(self, |c, B| diesel::sql_query(&sql)
            .into_boxed::<B>()
            .load(&mut *c)
            .map_err(|e| self.query_err(e))?);
        Ok(rows.into_iter().map(|r| r.v).collect())
    }
}

/// Why a purge rolled back.
enum PurgeError {
    Db(diesel::result::Error),
    NotOne(usize),
}

impl From<diesel::result::Error> for PurgeError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Db(e)
    }
}

/// The refusal of `retain` on a table without a primary key.
pub fn no_primary_key(table: &str) -> String {
    format!(
        "table {table} has no primary key: rows kept under a hold need one, so each hold \
         names its own row (erase = \"delete\" or null/mask instead, or add a key)"
    )
}

fn action_name(erase: &Erase) -> &'static str {
    match erase {
        Erase::Delete => "delete",
        Erase::Columns { mask, .. } if mask.is_empty() => "null",
        Erase::Columns { .. } => "mask",
        Erase::Retain(_) => "retain",
    }
}

fn retained_row(json: &str, key: &[Column], from: &str, via: Vec<(String, String)>) -> RetainedRow {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let mut k = serde_json::Map::new();
    for c in key {
        k.insert(
            c.name.clone(),
            value.get(&c.name).cloned().unwrap_or_default(),
        );
    }
    RetainedRow {
        key: serde_json::Value::Object(k).to_string(),
        from: value.get(from).and_then(|v| {
            v.as_str()
                .map(str::to_owned)
                .or_else(|| Some(v.to_string()))
        }),
        via,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(names: &[&str]) -> Vec<TableDef> {
        names
            .iter()
            .map(|n| {
                toml::from_str(&format!(
                    "name = \"{n}\"\nmatch = {{ column = \"c\", identifier = \"i\" }}\nerase = \"delete\""
                ))
                .unwrap()
            })
            .collect()
    }

    fn fk(child: &str, parent: &str) -> ForeignKey {
        ForeignKey {
            child: child.into(),
            parent: parent.into(),
            columns: vec!["c".into()],
            on_delete: "no action".into(),
        }
    }

    fn names(order: &[&TableDef]) -> Vec<String> {
        order.iter().map(|t| t.name.clone()).collect()
    }

    #[test]
    fn children_go_before_the_tables_they_reference() {
        // Map order parent first; lines reference orders which reference users.
        let t = tables(&["users", "orders", "lines", "notes"]);
        let edges = vec![fk("orders", "users"), fk("lines", "orders")];
        assert_eq!(
            names(&children_first(&t, &edges)),
            ["notes", "lines", "orders", "users"]
        );
        // A map listing the child first still erases it first.
        let t = tables(&["lines", "users", "orders"]);
        assert_eq!(
            names(&children_first(&t, &edges)),
            ["lines", "orders", "users"]
        );
    }

    #[test]
    fn without_foreign_keys_the_map_order_is_reversed_and_cycles_terminate() {
        let t = tables(&["a", "b", "c"]);
        assert_eq!(names(&children_first(&t, &[])), ["c", "b", "a"]);
        let cycle = vec![fk("a", "b"), fk("b", "a")];
        assert_eq!(children_first(&t, &cycle).len(), 3);
    }
}
