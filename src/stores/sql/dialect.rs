//! SQL text per dialect. Table and column names come from the map and the catalog and are
//! always quoted identifiers; identifier values are always bind parameters.

use super::catalog::{Column, Family};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    Mysql,
    Sqlite,
}

impl Dialect {
    /// A quoted identifier: `"name"` (`` `name` `` on MySQL), inner quotes doubled.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A string literal for names used as JSON keys (never for values a subject typed).
    pub fn literal(self, s: &str) -> String {
        match self {
            Dialect::Mysql => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''")),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// `col = <values>`: PostgreSQL takes one array parameter cast to the column's type (so
    /// the column's index is used); the others an `IN` list of `n` parameters. MySQL also
    /// compares binary, so its case-insensitive collations can't match another subject.
    pub fn matches(self, column: &Column, n: usize) -> String {
        let col = self.ident(&column.name);
        match self {
            Dialect::Postgres => format!("{col} = ANY(CAST($1 AS {}[]))", column.sql_type),
            Dialect::Mysql => {
                let list = vec!["?"; n].join(", ");
                if column.family == Family::Text {
                    format!("{col} IN ({list}) AND BINARY {col} IN ({list})")
                } else {
                    format!("{col} IN ({list})")
                }
            }
            Dialect::Sqlite => format!("{col} IN ({})", vec!["?"; n].join(", ")),
        }
    }

    /// How many times the values are bound for [`Dialect::matches`].
    pub fn bind_rounds(self, column: &Column) -> usize {
        if self == Dialect::Mysql && column.family == Family::Text {
            2
        } else {
            1
        }
    }

    /// One column's value in its export form.
    fn export_expr(self, c: &Column) -> String {
        let q = self.ident(&c.name);
        match (self, c.family) {
            (Dialect::Postgres, Family::Bytes) => {
                format!("translate(encode({q}, 'base64'), E'\\n', '')")
            }
            (Dialect::Postgres, Family::Timestamp) => {
                format!("to_char({q}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
            }
            (Dialect::Postgres, Family::TimestampTz) => {
                format!("to_char({q} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
            }
            (Dialect::Mysql, Family::Bytes) => format!("REPLACE(TO_BASE64({q}), CHAR(10), '')"),
            (Dialect::Mysql, Family::Timestamp | Family::TimestampTz) => {
                format!("DATE_FORMAT({q}, '%Y-%m-%dT%H:%i:%s.%fZ')")
            }
            (Dialect::Mysql, Family::Bool) => {
                format!("IF({q} IS NULL, NULL, IF({q}, TRUE, FALSE))")
            }
            (Dialect::Sqlite, Family::Bytes) => {
                format!("CASE WHEN typeof({q}) = 'blob' THEN hex({q}) ELSE {q} END")
            }
            (Dialect::Sqlite, Family::Bool) => {
                format!(
                    "CASE WHEN {q} IS NULL THEN NULL WHEN {q} THEN json('true') ELSE json('false') END"
                )
            }
            (Dialect::Sqlite, Family::Json) => format!("json({q})"),
            _ => q,
        }
    }

    /// `SELECT <one JSON object per row> FROM table WHERE <matches>`.
    pub fn select_json(self, table: &str, columns: &[Column], key: &Column, n: usize) -> String {
        let t = self.ident(table);
        let filter = self.matches(key, n);
        match self {
            Dialect::Postgres => {
                let cols: Vec<String> = columns
                    .iter()
                    .map(|c| format!("{} AS {}", self.export_expr(c), self.ident(&c.name)))
                    .collect();
                format!(
                    "SELECT row_to_json(x)::text AS j FROM (SELECT {} FROM {t} WHERE {filter}) x",
                    cols.join(", ")
                )
            }
            Dialect::Mysql | Dialect::Sqlite => {
                let f = if self == Dialect::Mysql {
                    "JSON_OBJECT"
                } else {
                    "json_object"
                };
                let pairs: Vec<String> = columns
                    .iter()
                    .map(|c| format!("{}, {}", self.literal(&c.name), self.export_expr(c)))
                    .collect();
                format!(
                    "SELECT {f}({}) AS j FROM {t} WHERE {filter}",
                    pairs.join(", ")
                )
            }
        }
    }

    /// The export query: [`Dialect::select_cells`] on PostgreSQL, [`Dialect::select_json`]
    /// elsewhere.
    pub fn select_export(self, table: &str, columns: &[Column], key: &Column, n: usize) -> String {
        match self {
            Dialect::Postgres => self.select_cells(table, columns, key, n),
            Dialect::Mysql | Dialect::Sqlite => self.select_json(table, columns, key, n),
        }
    }

    /// PostgreSQL: `SELECT ARRAY[<each column as text>] FROM table WHERE <matches>`, one
    /// `text[]` per row, in the forms [`super::cells::RowShape`] turns into JSON.
    pub fn select_cells(self, table: &str, columns: &[Column], key: &Column, n: usize) -> String {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let q = self.ident(&c.name);
                match c.family {
                    Family::Bytes | Family::Timestamp | Family::TimestampTz => self.export_expr(c),
                    // `character(n)` keeps its padding, as in its JSON.
                    Family::Text if c.sql_type.starts_with("character(") => {
                        format!("to_json({q}) #>> '{{}}'")
                    }
                    // The JSON form of a date (ISO, whatever the DateStyle).
                    Family::Date => format!("to_json({q}) #>> '{{}}'"),
                    Family::Other => format!("to_json({q})::text"),
                    _ => format!("{q}::text"),
                }
            })
            .collect();
        format!(
            "SELECT ARRAY[{}] AS c FROM {} WHERE {}",
            cells.join(", "),
            self.ident(table),
            self.matches(key, n)
        )
    }

    pub fn count(self, table: &str, key: &Column, n: usize) -> String {
        format!(
            "SELECT count(*) AS n FROM {} WHERE {}",
            self.ident(table),
            self.matches(key, n)
        )
    }

    /// An expression's value as text.
    fn as_text(self, expr: &str) -> String {
        match self {
            Dialect::Postgres => format!("{expr}::text"),
            Dialect::Mysql => format!("CAST({expr} AS CHAR)"),
            Dialect::Sqlite => format!("CAST({expr} AS TEXT)"),
        }
    }

    /// Distinct values of `column` as text.
    pub fn distinct_text(self, table: &str, column: &str, key: &Column, n: usize) -> String {
        let c = self.ident(column);
        let as_text = self.as_text(&c);
        format!(
            "SELECT DISTINCT {as_text} AS v FROM {} WHERE {} AND {c} IS NOT NULL",
            self.ident(table),
            self.matches(key, n)
        )
    }

    pub fn delete(self, table: &str, key: &Column, n: usize) -> String {
        format!(
            "DELETE FROM {} WHERE {}",
            self.ident(table),
            self.matches(key, n)
        )
    }

    /// `UPDATE … SET null columns = NULL, masked columns = a value of their type that
    /// carries nothing personal ("erased-<8 hex>" for text)`.
    pub fn null_and_mask(
        self,
        table: &str,
        null: &[&Column],
        mask: &[&Column],
        key: &Column,
        n: usize,
    ) -> String {
        let mut sets: Vec<String> = null
            .iter()
            .map(|c| format!("{} = NULL", self.ident(&c.name)))
            .collect();
        for c in mask {
            let q = self.ident(&c.name);
            let value = self.mask_value(c);
            // Text already masked stays as it is, so a second run changes nothing.
            let value = if matches!(c.family, Family::Text | Family::Other) {
                format!("CASE WHEN {q} LIKE 'erased-%' THEN {q} ELSE {value} END")
            } else {
                value
            };
            sets.push(format!("{q} = {value}"));
        }
        // Only rows with something left to erase: a second run changes (and counts) none.
        let mut left: Vec<String> = null
            .iter()
            .map(|c| format!("{} IS NOT NULL", self.ident(&c.name)))
            .collect();
        left.extend(mask.iter().map(|c| self.unmasked(c)));
        format!(
            "UPDATE {} SET {} WHERE {} AND ({})",
            self.ident(table),
            sets.join(", "),
            self.matches(key, n),
            left.join(" OR ")
        )
    }

    /// True when a column still holds something other than its mask (NULL counts as masked).
    fn unmasked(self, c: &Column) -> String {
        let q = self.ident(&c.name);
        match (c.family, self) {
            (Family::Text | Family::Other, _) => format!("{q} NOT LIKE 'erased-%'"),
            (Family::Json, Dialect::Postgres | Dialect::Mysql) => {
                format!("{} <> '{{}}'", self.as_text(&q))
            }
            (Family::Bytes, _) => format!("length({q}) > 0"),
            _ => format!("{q} <> {}", self.mask_value(c)),
        }
    }

    /// `DELETE` of the one row whose key columns equal the bound values (as text, cast to
    /// each column's type where the dialect needs it).
    pub fn delete_by_key(self, table: &str, key: &[&Column]) -> String {
        let conds: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(i, c)| match self {
                Dialect::Postgres => {
                    format!(
                        "{} = CAST(${} AS {})",
                        self.ident(&c.name),
                        i + 1,
                        c.sql_type
                    )
                }
                _ => format!("{} = ?", self.ident(&c.name)),
            })
            .collect();
        format!(
            "DELETE FROM {} WHERE {}",
            self.ident(table),
            conds.join(" AND ")
        )
    }

    /// A column's values as text: `SELECT DISTINCT <text> AS v FROM (<from>) s`.
    pub fn text_values(self, from: &str, column: &str) -> String {
        let c = format!("s.{}", self.ident(column));
        let as_text = self.as_text(&c);
        format!("SELECT DISTINCT {as_text} AS v FROM ({from}) s WHERE {c} IS NOT NULL")
    }

    /// Pairs (child table, parent table) of the foreign keys the store declares; SQLite
    /// answers per table, so its query takes the table as its one parameter.
    pub fn foreign_keys(self) -> &'static str {
        match self {
            Dialect::Postgres => {
                "SELECT ch.relname::text AS child, pa.relname::text AS parent FROM pg_constraint c \
                 JOIN pg_class ch ON ch.oid = c.conrelid JOIN pg_class pa ON pa.oid = c.confrelid \
                 WHERE c.contype = 'f' AND pg_table_is_visible(ch.oid)"
            }
            Dialect::Mysql => {
                "SELECT CAST(TABLE_NAME AS CHAR) AS child, CAST(REFERENCED_TABLE_NAME AS CHAR) AS parent \
                 FROM information_schema.KEY_COLUMN_USAGE \
                 WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL"
            }
            Dialect::Sqlite => {
                "SELECT CAST(? AS TEXT) AS child, \"table\" AS parent FROM pragma_foreign_key_list(?)"
            }
        }
    }

    fn mask_value(self, c: &Column) -> String {
        match (c.family, self) {
            (Family::Text | Family::Other, Dialect::Postgres) => {
                "'erased-' || substr(md5(random()::text), 1, 8)".into()
            }
            (Family::Text | Family::Other, Dialect::Mysql) => {
                "CONCAT('erased-', SUBSTRING(MD5(RAND()), 1, 8))".into()
            }
            (Family::Text | Family::Other, Dialect::Sqlite) => {
                "'erased-' || lower(hex(randomblob(4)))".into()
            }
            (Family::Integer | Family::Decimal | Family::Float, _) => "0".into(),
            (Family::Bool, Dialect::Postgres) => "false".into(),
            (Family::Bool, _) => "0".into(),
            (Family::Date, _) => "'1970-01-01'".into(),
            (Family::Timestamp | Family::TimestampTz, _) => "'1970-01-01 00:00:00'".into(),
            (Family::Json, _) => "'{}'".into(),
            (Family::Bytes, Dialect::Postgres) => "''::bytea".into(),
            (Family::Bytes, _) => "''".into(),
            (Family::Uuid, _) => "'00000000-0000-0000-0000-000000000000'".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, family: Family, sql_type: &str) -> Column {
        Column {
            name: name.into(),
            family,
            sql_type: sql_type.into(),
            primary_key: false,
        }
    }

    #[test]
    fn identifiers_are_quoted_and_escaped() {
        assert_eq!(Dialect::Postgres.ident("order"), "\"order\"");
        assert_eq!(Dialect::Postgres.ident("We\"ird"), "\"We\"\"ird\"");
        assert_eq!(Dialect::Mysql.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Mysql.literal("it's\\"), "'it''s\\\\'");
    }

    #[test]
    fn values_are_never_in_the_sql() {
        let key = col("userId", Family::Integer, "bigint");
        assert_eq!(
            Dialect::Postgres.count("Order", &key, 3),
            "SELECT count(*) AS n FROM \"Order\" WHERE \"userId\" = ANY(CAST($1 AS bigint[]))"
        );
        let email = col("email", Family::Text, "varchar(255)");
        assert_eq!(
            Dialect::Mysql.delete("users", &email, 2),
            "DELETE FROM `users` WHERE `email` IN (?, ?) AND BINARY `email` IN (?, ?)"
        );
        assert_eq!(
            Dialect::Sqlite.delete("users", &email, 1),
            "DELETE FROM \"users\" WHERE \"email\" IN (?)"
        );
    }
}
