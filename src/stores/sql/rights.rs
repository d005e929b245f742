//! The other rights in a SQL store (DESIGN §2a): corrected values written into the columns
//! the map marks `rectify`, the `restrict` and `object` flags set or lifted, and the current
//! values a DPO compares with the corrected ones. Every statement matches rows exactly as
//! an export does ([`super::exact`], [`Dialect::matches`]); every value is a bind parameter
//! checked against the column's own type first; one transaction per store.

use diesel::RunQueryDsl;
use diesel::connection::Connection;
use diesel::sql_types::Text;

use super::catalog::{Column, Family};
use super::dialect::{Dialect, Key};
use super::{BindIds, JsonRow, Pools, SqlStore, exact};
use crate::datamap::TableDef;
use crate::datamap::rights::{Changes, Flag, FlagValue};
use crate::stores::{Current, ErrorKind, Identifiers, Outcome, StoreError};

/// Most current values read per table for the DPO's comparison.
const CURRENT_ROWS: usize = 20;

/// One table's update: each column and the text bound to it (None: NULL).
struct Update<'a> {
    table: &'a TableDef,
    sets: Vec<(Column, Option<String>)>,
    key: Key,
    chunks: Vec<Vec<String>>,
}

/// What a value must look like to fit a column, in words for people.
pub fn expects(column: &Column) -> String {
    match column.family {
        Family::Text => match column.max_chars() {
            Some(n) => format!("text of at most {n} characters"),
            None => "text".into(),
        },
        Family::Integer => "a whole number".into(),
        Family::Decimal => match column.decimal_digits() {
            Some((_, 0)) => "a whole number".into(),
            Some((_, scale)) => format!("a number with at most {scale} decimals"),
            None => "a number".into(),
        },
        Family::Date => "a date written as 2026-12-31".into(),
        Family::Timestamp | Family::TimestampTz => {
            "a date and time written as 2026-12-31T09:30:00Z".into()
        }
        Family::Uuid => "an identifier such as 0b8f…".into(),
        _ => "a value of a kind this portal can't write".into(),
    }
}

/// The text a flag's value is bound as in `column`, or None when it doesn't fit the
/// column's type (a text value for a boolean column, 2 for a boolean).
pub fn flag_text(column: &Column, dialect: Dialect, value: &FlagValue) -> Option<String> {
    let bit = |b: bool| {
        if dialect == Dialect::Postgres && column.family == Family::Bool {
            b.to_string()
        } else {
            u8::from(b).to_string()
        }
    };
    match (column.family, value) {
        (Family::Bool, FlagValue::Bool(b)) => Some(bit(*b)),
        (Family::Bool, FlagValue::Integer(n)) if *n == 0 || *n == 1 => Some(bit(*n == 1)),
        (Family::Integer, FlagValue::Bool(b)) => Some(u8::from(*b).to_string()),
        (Family::Integer | Family::Decimal, FlagValue::Integer(n)) => {
            exact::exact(column, dialect, &n.to_string())
        }
        (Family::Text | Family::Other, v) => exact::exact(column, dialect, &v.text()),
        _ => None,
    }
}

impl SqlStore {
    fn column_of(&self, t: &TableDef, name: &str) -> Result<Column, StoreError> {
        self.columns(&t.name)?
            .into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| {
                self.err(ErrorKind::Config(format!(
                    "table {} has no column {name}",
                    t.name
                )))
            })
    }

    /// Why `value` can't be written to `field` in this store (the first table that refuses).
    pub(super) fn refusal(&self, field: &str, value: &str) -> Result<Option<String>, StoreError> {
        for t in self.tables.iter().filter(|t| t.rectify.contains_key(field)) {
            let column = self.column_of(t, field)?;
            if exact::exact(&column, self.dialect, value).is_none() {
                return Ok(Some(expects(&column)));
            }
        }
        Ok(None)
    }

    /// Writes the corrected values into every matched row, in one transaction.
    pub(super) fn rectify_all(
        &self,
        ids: &Identifiers,
        changes: &Changes,
    ) -> Result<Vec<Outcome>, StoreError> {
        let mut updates = Vec::new();
        for t in &self.tables {
            let mut sets = Vec::new();
            for field in t.rectify.keys().filter(|f| changes.contains_key(*f)) {
                let column = self.column_of(t, field)?;
                let value =
                    exact::exact(&column, self.dialect, &changes[field]).ok_or_else(|| {
                        self.err(ErrorKind::Refused(format!(
                            "the corrected {} does not fit {}.{}: expected {}",
                            t.rectify[field],
                            t.name,
                            field,
                            expects(&column)
                        )))
                    })?;
                sets.push((column, Some(value)));
            }
            if !sets.is_empty() {
                updates.push(self.update(t, sets, ids)?);
            }
        }
        self.run_updates(&updates, "rectify")
    }

    /// Sets (or lifts) `flag` on every matched row of the tables that define it.
    pub(super) fn flag_all(
        &self,
        ids: &Identifiers,
        flag: Flag,
        on: bool,
    ) -> Result<Vec<Outcome>, StoreError> {
        let mut updates = Vec::new();
        for t in &self.tables {
            let Some(def) = flag.of(t) else { continue };
            let column = self.column_of(t, &def.column)?;
            let value = if on {
                Some(def.set.clone())
            } else {
                def.unset_value()
            };
            let bound = match value {
                None => None,
                Some(v) => Some(flag_text(&column, self.dialect, &v).ok_or_else(|| {
                    self.err(ErrorKind::Config(format!(
                        "{}: {} = {:?} does not fit column {} ({})",
                        t.name,
                        flag.as_str(),
                        v.text(),
                        column.name,
                        column.sql_type
                    )))
                })?),
            };
            updates.push(self.update(t, vec![(column, bound)], ids)?);
        }
        let action = if on { flag.as_str() } else { "lift" };
        self.run_updates(&updates, action)
    }

    fn update<'a>(
        &self,
        t: &'a TableDef,
        sets: Vec<(Column, Option<String>)>,
        ids: &Identifiers,
    ) -> Result<Update<'a>, StoreError> {
        let (key, chunks) = self.keyed(t, ids)?;
        Ok(Update {
            table: t,
            sets,
            key,
            chunks,
        })
    }

    fn run_updates(
        &self,
        updates: &[Update<'_>],
        action: &'static str,
    ) -> Result<Vec<Outcome>, StoreError> {
        with_conn!(self, |c, B| {
            c.transaction::<_, diesel::result::Error, _>(|c| {
                let mut outcomes = Vec::new();
                for u in updates {
                    let mut rows = 0u64;
                    let shape: Vec<(&Column, bool)> =
                        u.sets.iter().map(|(c, v)| (c, v.is_some())).collect();
                    for chunk in &u.chunks {
                        let sql =
                            self.dialect
                                .update_set(&u.table.name, &shape, &u.key, chunk.len());
                        let mut q = diesel::sql_query(sql).into_boxed::<B>();
                        for value in u.sets.iter().filter_map(|(_, v)| v.as_ref()) {
                            q = q.bind::<Text, _>(value.clone());
                        }
                        let q =
                            <B as BindIds>::bind_ids(q, chunk, self.dialect.bind_rounds(&u.key));
                        rows += q.execute(&mut *c)? as u64;
                    }
                    outcomes.push(Outcome {
                        object: u.table.name.clone(),
                        action,
                        rows,
                        retained: Vec::new(),
                    });
                }
                Ok(outcomes)
            })
            .map_err(|e| self.query_err(e))
        })
    }

    /// The current values of `fields` in the subject's rows (at most [`CURRENT_ROWS`] rows
    /// a table), read live.
    pub(super) fn current_values(
        &self,
        ids: &Identifiers,
        fields: &[String],
    ) -> Result<Vec<Current>, StoreError> {
        let mut out = Vec::new();
        for t in &self.tables {
            let wanted: Vec<&String> = t.rectify.keys().filter(|f| fields.contains(f)).collect();
            if wanted.is_empty() {
                continue;
            }
            let columns: Vec<Column> = self
                .columns(&t.name)?
                .into_iter()
                .filter(|c| wanted.contains(&&c.name))
                .collect();
            let (key, chunks) = self.keyed(t, ids)?;
            let mut seen = 0;
            for chunk in chunks {
                let sql = format!(
                    "{} LIMIT {CURRENT_ROWS}",
                    self.dialect
                        .select_json(&t.name, &columns, &key, chunk.len())
                );
                let rows: Vec<JsonRow> =
                    with_conn!(self, |c, B| bound!(self, B, &sql, &key, chunk)
                        .load(&mut *c)
                        .map_err(|e| self.query_err(e))?);
                for row in rows {
                    let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&row.j) else {
                        continue;
                    };
                    for (field, value) in map {
                        out.push(Current {
                            object: t.name.clone(),
                            field,
                            value: match value {
                                serde_json::Value::Null => None,
                                serde_json::Value::String(s) => Some(s),
                                other => Some(other.to_string()),
                            },
                        });
                    }
                    seen += 1;
                }
                if seen >= CURRENT_ROWS {
                    break;
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_bound_in_the_columns_type_or_refused() {
        let b = Column::new("restricted", Family::Bool, "boolean");
        let i = Column::new("opt_in", Family::Integer, "integer");
        let t = Column::new("status", Family::Text, "character varying(10)");
        assert_eq!(
            flag_text(&b, Dialect::Postgres, &FlagValue::Bool(true)).as_deref(),
            Some("true")
        );
        assert_eq!(
            flag_text(&b, Dialect::Mysql, &FlagValue::Bool(true)).as_deref(),
            Some("1")
        );
        assert_eq!(
            flag_text(&b, Dialect::Sqlite, &FlagValue::Integer(0)).as_deref(),
            Some("0")
        );
        assert_eq!(
            flag_text(&b, Dialect::Postgres, &FlagValue::Integer(2)),
            None
        );
        assert_eq!(
            flag_text(&b, Dialect::Postgres, &FlagValue::Text("yes".into())),
            None
        );
        assert_eq!(
            flag_text(&i, Dialect::Postgres, &FlagValue::Bool(false)).as_deref(),
            Some("0")
        );
        assert_eq!(
            flag_text(&t, Dialect::Postgres, &FlagValue::Text("restricted".into())).as_deref(),
            Some("restricted")
        );
        assert_eq!(
            flag_text(
                &t,
                Dialect::Postgres,
                &FlagValue::Text("much too long".into())
            ),
            None
        );
    }

    #[test]
    fn what_a_column_expects_reads_for_people() {
        let v = Column::new("phone", Family::Text, "character varying(20)");
        assert_eq!(expects(&v), "text of at most 20 characters");
        let d = Column::new("born", Family::Date, "date");
        assert_eq!(expects(&d), "a date written as 2026-12-31");
    }
}
