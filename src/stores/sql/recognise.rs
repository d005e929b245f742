//! Replay after a backup restore, in a SQL store: the scan that recognises erased subjects'
//! identifying values among the restored rows, and the reverse lookup that tells who an
//! internal id belongs to now.

use diesel::RunQueryDsl;

use super::dialect::Key;
use super::{BindIds, Pools, SqlStore, TextRow, exact};
use crate::datamap::EMAIL;
use crate::stores::{StoreError, identifiers};

impl SqlStore {
    /// Values of `identifier` in the tables it matches that `known` recognises (addresses in
    /// the lower-case form the ledger hashed).
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
            found.extend(
                rows.into_iter()
                    .map(|r| {
                        if identifier == EMAIL {
                            r.v.to_lowercase()
                        } else {
                            r.v
                        }
                    })
                    .filter(|v| identifiers::is_identifier(v) && !t.ignore.contains(v))
                    .filter(|v| known(v)),
            );
        }
        found.sort();
        found.dedup();
        Ok(found)
    }

    /// Who `value` of `identifier` belongs to here: for each table that derives
    /// `identifier`, the values of its match identifier on the rows holding `value`.
    pub(super) fn owners(
        &self,
        identifier: &str,
        value: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let mut out = Vec::new();
        for t in &self.tables {
            let Some(column) = t.derive.get(identifier) else {
                continue;
            };
            let key = Key {
                column: self.column(&t.name, column)?,
                fold: false,
            };
            let Some(bound) = exact::exact(&key.column, self.dialect, value) else {
                continue;
            };
            let chunk = vec![bound];
            let sql = self
                .dialect
                .distinct_text(&t.name, &t.matches.column, &key, 1);
            let rows: Vec<TextRow> = with_conn!(self, |c, B| bound!(self, B, &sql, &key, chunk)
                .load(&mut *c)
                .map_err(|e| self.query_err(e))?);
            for r in rows {
                let v = if t.matches.identifier == EMAIL {
                    r.v.to_lowercase()
                } else {
                    r.v
                };
                if identifiers::is_identifier(&v) && !t.ignore.contains(&v) {
                    out.push((t.matches.identifier.clone(), v));
                }
            }
        }
        Ok(out)
    }
}
