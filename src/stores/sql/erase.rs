//! Erasure in a SQL store: the map's strategies in foreign-key order (children first) in one
//! transaction; purging a held row when its hold ends; the subjects of a retention rule; and
//! the scan that recognises erased subjects restored from a backup.

use diesel::RunQueryDsl;
use diesel::connection::Connection;
use diesel::sql_types::Text;

use super::catalog::Column;
use diesel::mysql::Mysql;
use diesel::pg::Pg;
use diesel::sqlite::Sqlite;

use super::{BindIds, JsonRow, Pools, SqlStore, TextRow};
use crate::datamap::{Erase, Problem, TableDef};
use crate::stores::{ErrorKind, Identifiers, Outcome, RetainedRow, StoreError};

#[derive(diesel::QueryableByName)]
struct EdgeRow {
    #[diesel(sql_type = Text)]
    child: String,
    #[diesel(sql_type = Text)]
    parent: String,
}

/// Orders tables so that each comes before every table it references (children first);
/// where foreign keys don't decide, the reverse of the map's order. A cycle falls back to
/// that order for the tables in it.
pub fn children_first<'a>(tables: &'a [TableDef], edges: &[(String, String)]) -> Vec<&'a TableDef> {
    let mut left: Vec<&TableDef> = tables.iter().rev().collect();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let referenced = |t: &TableDef, left: &[&TableDef]| {
            left.iter().any(|c| {
                c.name != t.name
                    && edges
                        .iter()
                        .any(|(child, parent)| child == &c.name && parent == &t.name)
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
    /// The foreign keys among the store's tables, as (child, parent).
    fn foreign_keys(&self) -> Result<Vec<(String, String)>, StoreError> {
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
        Ok(rows.into_iter().map(|r| (r.child, r.parent)).collect())
    }

    /// A table whose rows erasure keeps (retained under a hold, or nulled and masked), with
    /// a foreign key to a table whose rows erasure deletes, makes erasures fail.
    pub(super) fn held_rows_block_erasure(&self) -> Result<Vec<Problem>, StoreError> {
        let strategy = |name: &str| {
            self.tables
                .iter()
                .find(|t| t.name == name)
                .map(TableDef::erase)
        };
        Ok(self
            .foreign_keys()?
            .into_iter()
            .filter(|(child, parent)| {
                matches!(strategy(child), Some(Erase::Retain(_) | Erase::Columns { .. }))
                    && matches!(strategy(parent), Some(Erase::Delete))
            })
            .map(|(child, parent)| {
                Problem::table(
                    &self.name,
                    &child,
                    format!(
                        "rows erasure keeps reference {parent}, whose rows erasure deletes: \
                         drop that foreign key (or make it ON DELETE SET NULL), or mask {parent} instead"
                    ),
                )
            })
            .collect())
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
            let (key, chunks) = self.keyed(t, ids)?;
            let columns = self.columns(&t.name)?;
            steps.push((t, key, chunks, columns));
        }
        with_conn!(self, |c, B| {
            c.transaction::<_, diesel::result::Error, _>(|c| {
                let mut outcomes = Vec::new();
                for (t, key, chunks, columns) in &steps {
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
                                let mut keep: Vec<Column> =
                                    columns.iter().filter(|c| c.primary_key).cloned().collect();
                                if keep.is_empty() {
                                    keep.push(key.clone());
                                }
                                let mut selected = keep.clone();
                                selected.extend(columns.iter().find(|c| c.name == r.from).cloned());
                                let sql =
                                    self.dialect
                                        .select_json(&t.name, &selected, key, chunk.len());
                                let rows: Vec<JsonRow> =
                                    bound!(self, B, &sql, key, chunk).load(&mut *c)?;
                                for row in rows {
                                    outcome.retained.push(retained_row(&row.j, &keep, &r.from));
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

    /// Deletes one held row (its key as the JSON object a hold records).
    pub(super) fn purge_row(&self, object: &str, key: &str) -> Result<u64, StoreError> {
        if !self.tables.iter().any(|t| t.name == object) {
            return Err(self.err(ErrorKind::Config(format!("no table {object} in the map"))));
        }
        let Ok(serde_json::Value::Object(key)) = serde_json::from_str::<serde_json::Value>(key)
        else {
            return Err(self.err(ErrorKind::Config(format!("not a row key: {key}"))));
        };
        let columns = self.columns(object)?;
        let mut cols = Vec::new();
        let mut values = Vec::new();
        for (name, value) in &key {
            let col = columns.iter().find(|c| &c.name == name).ok_or_else(|| {
                self.err(ErrorKind::Config(format!(
                    "table {object} has no column {name}"
                )))
            })?;
            cols.push(col);
            values.push(match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
        if cols.is_empty() {
            return Err(self.err(ErrorKind::Config("an empty row key".into())));
        }
        let sql = self.dialect.delete_by_key(object, &cols);
        let n = with_conn!(self, |c, B| {
            let mut q = diesel::sql_query(&sql).into_boxed::<B>();
            for v in &values {
                q = q.bind::<Text, _>(v.clone());
            }
            q.execute(&mut *c).map_err(|e| self.query_err(e))?
        });
        Ok(n as u64)
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

    /// Values of `identifier` in the tables it matches that `known` recognises.
    pub(super) fn scan(
        &self,
        identifier: &str,
        known: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, StoreError> {
        let mut found = Vec::new();
        for t in self
            .tables
            .iter()
            .filter(|t| t.matches.identifier == identifier)
        {
            let col = self.dialect.ident(&t.matches.column);
            let from = format!("SELECT {col} FROM {}", self.dialect.ident(&t.name));
            let sql = self.dialect.text_values(&from, &t.matches.column);
            let rows: Vec<TextRow> = with_conn!(self, |c, B| diesel::sql_query(&sql)
                .into_boxed::<B>()
                .load(&mut *c)
                .map_err(|e| self.query_err(e))?);
            found.extend(rows.into_iter().map(|r| r.v).filter(|v| known(v)));
        }
        found.sort();
        found.dedup();
        Ok(found)
    }
}

fn action_name(erase: &Erase) -> &'static str {
    match erase {
        Erase::Delete => "delete",
        Erase::Columns { mask, .. } if mask.is_empty() => "null",
        Erase::Columns { .. } => "mask",
        Erase::Retain(_) => "retain",
    }
}

fn retained_row(json: &str, key: &[Column], from: &str) -> RetainedRow {
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

    fn names(order: &[&TableDef]) -> Vec<String> {
        order.iter().map(|t| t.name.clone()).collect()
    }

    #[test]
    fn children_go_before_the_tables_they_reference() {
        // Map order parent first; lines reference orders which reference users.
        let t = tables(&["users", "orders", "lines", "notes"]);
        let edges = vec![
            ("orders".to_owned(), "users".to_owned()),
            ("lines".to_owned(), "orders".to_owned()),
        ];
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
        let cycle = vec![
            ("a".to_owned(), "b".to_owned()),
            ("b".to_owned(), "a".to_owned()),
        ];
        assert_eq!(children_first(&t, &cycle).len(), 3);
    }
}
