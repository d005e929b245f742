//! `dsr-portal datamap check` against a live SQL store: every name the map uses exists, each
//! column can do what the map asks of it (identify someone, be nulled, hold a mask), kept
//! tables have a primary key, and no foreign key makes the erasure's transaction fail.

use super::catalog::Column;
use super::{SqlStore, erase};
use crate::datamap::{Erase, Problem};
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
        _ => None,
    }
}

/// Characters of a text mask: `erased-` and 8 hex digits.
const MASK_CHARS: usize = 15;
