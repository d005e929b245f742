//! SQL text per dialect. Table and column names come from the map and the catalog and are
//! always quoted identifiers; identifier values are always bind parameters.

use super::catalog::{Column, Family, pg_quoted_text};

/// A table's match column and how values are compared with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub column: Column,
    /// Compare lower-cased (the `email` identifier, unless the table says `case = "exact"`).
    pub fold: bool,
}

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

    /// `<key column> = <values>` (DESIGN §3, "One subject, exactly"), for `n` values that
    /// [`super::exact::exact`] let through. Each backend compares in the column's own type,
    /// never through a cast that could cut, pad or round: PostgreSQL takes one array
    /// parameter (`$param`) of the column's base type (no length or precision, so nothing is
    /// truncated; the column's index still serves it); MySQL compares text binary (its `_ci`
    /// collations and PAD SPACE would match others; the collated test stays first for the
    /// index) and numbers after an exact cast; SQLite compares text under BINARY whatever
    /// the column declares. A folded key compares the lower-cased column (`email`).
    pub fn matches(self, key: &Key, n: usize, param: usize) -> String {
        let c = &key.column;
        let col = self.ident(&c.name);
        let list = |item: &str| vec![item; n].join(", ");
        match self {
            Dialect::Postgres => {
                let (lhs, array) = self.pg_sides(key, param);
                format!("{lhs} = ANY({array})")
            }
            Dialect::Mysql => match c.family {
                Family::Text if key.fold && c.case_insensitive => format!(
                    "{col} IN ({l}) AND BINARY LOWER({col}) IN ({l})",
                    l = list("?")
                ),
                Family::Text if key.fold => format!("BINARY LOWER({col}) IN ({})", list("?")),
                Family::Text => format!("{col} IN ({l}) AND BINARY {col} IN ({l})", l = list("?")),
                Family::Integer if c.unsigned() => {
                    format!("{col} IN ({})", list("CAST(? AS UNSIGNED)"))
                }
                Family::Integer => format!("{col} IN ({})", list("CAST(? AS SIGNED)")),
                Family::Decimal => format!("{col} IN ({})", list("CAST(? AS DECIMAL(65,30))")),
                Family::Date => format!("{col} IN ({})", list("CAST(? AS DATE)")),
                Family::Timestamp | Family::TimestampTz => {
                    format!("{col} IN ({})", list("CAST(? AS DATETIME(6))"))
                }
                Family::Uuid => format!("{col} IN ({})", list("?")),
                _ => format!("BINARY {col} IN ({})", list("?")),
            },
            Dialect::Sqlite => match c.family {
                Family::Text if key.fold => format!("lower({col}) IN ({})", list("?")),
                Family::Integer | Family::Decimal => format!("{col} IN ({})", list("?")),
                _ => format!(
                    "{col} IN ({l}) AND ({col} COLLATE BINARY) IN ({l})",
                    l = list("?")
                ),
            },
        }
    }

    /// PostgreSQL's two sides of [`Dialect::matches`]: what is compared (the column, or its
    /// lower-cased or text form) and the array parameter `$param` in the type it is compared in.
    fn pg_sides(self, key: &Key, param: usize) -> (String, String) {
        let c = &key.column;
        let col = self.ident(&c.name);
        let array = |t: &str| format!("CAST(${param} AS {t}[])");
        match c.family {
            Family::Text if c.case_insensitive => (col, array("citext")),
            Family::Text if key.fold => (format!("lower({col})"), array("text")),
            Family::Text if c.padded() => (col, array("bpchar")),
            Family::Text => (col, array("text")),
            Family::Integer => (col, array(&c.sql_type)),
            Family::Decimal => (col, array("numeric")),
            Family::Uuid => (col, array("uuid")),
            Family::Date => (col, array("date")),
            Family::Timestamp => (col, array("timestamp")),
            Family::TimestampTz => (col, array("timestamptz")),
            _ => (format!("{col}::text"), array("text")),
        }
    }

    /// Which of the `n` bound values a row matched, as its position (1-based), compared
    /// exactly as [`Dialect::matches`] compares: PostgreSQL finds it in the same array
    /// parameter (`$1`, bound once); MySQL and SQLite test each value in turn, so their
    /// values are bound once more before the `WHERE`'s, each [`Dialect::bind_rounds`] times
    /// in a row ([`Dialect::position_binds_first`]).
    pub fn matched_position(self, key: &Key, n: usize) -> String {
        match self {
            Dialect::Postgres => {
                let (lhs, array) = self.pg_sides(key, 1);
                format!("array_position({array}, {lhs})::bigint")
            }
            Dialect::Mysql | Dialect::Sqlite => {
                let one = self.matches(key, 1, 1);
                let arms: Vec<String> = (1..=n).map(|i| format!("WHEN {one} THEN {i}")).collect();
                format!("CAST(CASE {} END AS {})", arms.join(" "), self.integer())
            }
        }
    }

    /// Whether [`Dialect::matched_position`] binds its own values (before the `WHERE`'s).
    pub fn position_binds_first(self) -> bool {
        self != Dialect::Postgres
    }

    fn integer(self) -> &'static str {
        match self {
            Dialect::Mysql => "SIGNED",
            _ => "BIGINT",
        }
    }

    /// How many times the values are bound for [`Dialect::matches`] (its `?` lists).
    pub fn bind_rounds(self, key: &Key) -> usize {
        match self {
            Dialect::Postgres => 1,
            _ => self.matches(key, 1, 1).matches('?').count(),
        }
    }

    /// How to let an index serve a table's lookup ([`Dialect::matches`]).
    pub fn index_advice(self, table: &str, key: &Key) -> String {
        let (t, c) = (self.ident(table), self.ident(&key.column.name));
        let name = self.ident(&format!("{table}_{}_lookup", key.column.name));
        let exact = "or say case = \"exact\" on the table if the column is stored lower-case";
        match self {
            Dialect::Postgres if key.fold => format!(
                "CREATE INDEX ON {t} (lower({c})), or make the column citext and index it, {exact}"
            ),
            Dialect::Mysql if key.fold && !key.column.case_insensitive => format!(
                "give the column a _ci collation (utf8mb4_general_ci) and CREATE INDEX {name} ON {t} ({c}), {exact}"
            ),
            Dialect::Sqlite if key.fold => {
                format!("CREATE INDEX {name} ON {t} (lower({c})), {exact}")
            }
            Dialect::Postgres => format!("CREATE INDEX ON {t} ({c})"),
            _ => format!("CREATE INDEX {name} ON {t} ({c})"),
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
    pub fn select_json(self, table: &str, columns: &[Column], key: &Key, n: usize) -> String {
        self.json_where(table, columns, &self.matches(key, n, 1))
    }

    fn json_where(self, table: &str, columns: &[Column], filter: &str) -> String {
        let t = self.ident(table);
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
    pub fn select_export(self, table: &str, columns: &[Column], key: &Key, n: usize) -> String {
        self.export_where(table, columns, &self.matches(key, n, 1))
    }

    /// The export query of the one row whose primary key columns equal the bound values
    /// (a row kept under a hold), compared as [`Dialect::delete_by_key`] compares them.
    pub fn select_export_by_key(self, table: &str, columns: &[Column], key: &[Key]) -> String {
        self.export_where(table, columns, &self.key_equals(key))
    }

    fn export_where(self, table: &str, columns: &[Column], filter: &str) -> String {
        match self {
            Dialect::Postgres => self.cells_where(table, columns, filter),
            Dialect::Mysql | Dialect::Sqlite => self.json_where(table, columns, filter),
        }
    }

    /// PostgreSQL: `SELECT ARRAY[<each column as text>] FROM table WHERE <matches>`, one
    /// `text[]` per row, in the forms [`super::cells::RowShape`] turns into JSON. Each is the
    /// cheapest text the server can give for its JSON (the session runs in UTC with ISO
    /// dates, [`super::SqlStore`]'s `get`): timestamps leave as their plain text, which the
    /// connector writes in the export's form (a third of `to_char`'s cost on the server), and
    /// dates and network addresses as their output (what `to_json` would quote).
    pub fn select_cells(self, table: &str, columns: &[Column], key: &Key, n: usize) -> String {
        self.cells_where(table, columns, &self.matches(key, n, 1))
    }

    fn cells_where(self, table: &str, columns: &[Column], filter: &str) -> String {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let q = self.ident(&c.name);
                match c.family {
                    Family::Bytes => self.export_expr(c),
                    // `character(n)` keeps its padding, as in its JSON.
                    Family::Text if c.sql_type.starts_with("character(") => {
                        format!("to_json({q}) #>> '{{}}'")
                    }
                    // An `inet`'s output (a cast to text would add `/32`).
                    Family::Other if c.sql_type == "inet" => format!("abbrev({q})"),
                    Family::Other if pg_quoted_text(&c.sql_type) => {
                        format!("{q}::text")
                    }
                    Family::Other => format!("to_json({q})::text"),
                    _ => format!("{q}::text"),
                }
            })
            .collect();
        format!(
            "SELECT ARRAY[{}] AS c FROM {} WHERE {filter}",
            cells.join(", "),
            self.ident(table),
        )
    }

    pub fn count(self, table: &str, key: &Key, n: usize) -> String {
        format!(
            "SELECT count(*) AS n FROM {} WHERE {}",
            self.ident(table),
            self.matches(key, n, 1)
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
    /// [`Dialect::distinct_text`] with the position of the bound value that reached each
    /// value ([`Dialect::matched_position`], bound first on MySQL and SQLite).
    pub fn distinct_text_traced(self, table: &str, column: &str, key: &Key, n: usize) -> String {
        let c = self.ident(column);
        format!(
            "SELECT DISTINCT {} AS i, {} AS v FROM {} WHERE {} AND {c} IS NOT NULL",
            self.matched_position(key, n),
            self.as_text(&c),
            self.ident(table),
            self.matches(key, n, 1)
        )
    }

    pub fn distinct_text(self, table: &str, column: &str, key: &Key, n: usize) -> String {
        let c = self.ident(column);
        let as_text = self.as_text(&c);
        format!(
            "SELECT DISTINCT {as_text} AS v FROM {} WHERE {} AND {c} IS NOT NULL",
            self.ident(table),
            self.matches(key, n, 1)
        )
    }

    pub fn delete(self, table: &str, key: &Key, n: usize) -> String {
        format!(
            "DELETE FROM {} WHERE {}",
            self.ident(table),
            self.matches(key, n, 1)
        )
    }

    /// `UPDATE … SET null columns = NULL, masked columns = a value of their type that
    /// carries nothing personal ("erased-<8 hex>" for text)`.
    pub fn null_and_mask(
        self,
        table: &str,
        null: &[&Column],
        mask: &[&Column],
        key: &Key,
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
            self.matches(key, n, 1),
            left.join(" OR ")
        )
    }

    /// `UPDATE … SET` each column to a bound value (None: NULL) `WHERE` [`Dialect::matches`]:
    /// on PostgreSQL the values are `$1`, `$2`… cast to the column's own type and the
    /// identifier array follows them; elsewhere each is a `?` before the identifiers'.
    pub fn update_set(self, table: &str, sets: &[(&Column, bool)], key: &Key, n: usize) -> String {
        let mut param = 0;
        let assignments: Vec<String> = sets
            .iter()
            .map(|(c, bound)| {
                let value = match (bound, self) {
                    (false, _) => "NULL".to_owned(),
                    (true, Dialect::Postgres) => {
                        param += 1;
                        format!("CAST(${param} AS {})", c.sql_type)
                    }
                    (true, _) => "?".to_owned(),
                };
                format!("{} = {value}", self.ident(&c.name))
            })
            .collect();
        format!(
            "UPDATE {} SET {} WHERE {}",
            self.ident(table),
            assignments.join(", "),
            self.matches(key, n, param + 1)
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

    /// `DELETE` of the row whose primary key columns equal the bound values, each compared
    /// as [`Dialect::matches`] compares one value (PostgreSQL: `$1`, `$2`… in key order).
    pub fn delete_by_key(self, table: &str, key: &[Key]) -> String {
        format!(
            "DELETE FROM {} WHERE {}",
            self.ident(table),
            self.key_equals(key)
        )
    }

    /// Each key column equal to its one bound value ([`Dialect::matches`] with one value).
    fn key_equals(self, key: &[Key]) -> String {
        let conds: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(i, k)| self.matches(k, 1, i + 1))
            .collect();
        conds.join(" AND ")
    }

    /// A column's values as text: `SELECT DISTINCT <text> AS v FROM (<from>) s`.
    pub fn text_values(self, from: &str, column: &str) -> String {
        let c = format!("s.{}", self.ident(column));
        let as_text = self.as_text(&c);
        format!("SELECT DISTINCT {as_text} AS v FROM ({from}) s WHERE {c} IS NOT NULL")
    }

    /// The foreign keys the store declares, one row per referencing column: constraint
    /// `name`, `child`, `parent`, `col` and `on_delete` (lower case). SQLite answers per
    /// table, so its query takes the table as its one parameter (twice).
    pub fn foreign_keys(self) -> &'static str {
        match self {
            Dialect::Postgres => {
                "SELECT c.conname::text AS name, ch.relname::text AS child, pa.relname::text AS parent, \
                 a.attname::text AS col, CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' \
                 WHEN 'd' THEN 'set default' WHEN 'r' THEN 'restrict' ELSE 'no action' END AS on_delete \
                 FROM pg_constraint c JOIN pg_class ch ON ch.oid = c.conrelid JOIN pg_class pa ON pa.oid = c.confrelid \
                 CROSS JOIN LATERAL unnest(c.conkey) AS k(attnum) \
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum \
                 WHERE c.contype = 'f' AND pg_table_is_visible(ch.oid)"
            }
            Dialect::Mysql => {
                "SELECT CAST(k.CONSTRAINT_NAME AS CHAR) AS name, CAST(k.TABLE_NAME AS CHAR) AS child, \
                 CAST(k.REFERENCED_TABLE_NAME AS CHAR) AS parent, CAST(k.COLUMN_NAME AS CHAR) AS col, \
                 CAST(LOWER(r.DELETE_RULE) AS CHAR) AS on_delete \
                 FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
                 ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
                 AND r.TABLE_NAME = k.TABLE_NAME \
                 WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL"
            }
            Dialect::Sqlite => {
                "SELECT CAST(id AS TEXT) AS name, CAST(? AS TEXT) AS child, \"table\" AS parent, \
                 \"from\" AS col, lower(on_delete) AS on_delete FROM pragma_foreign_key_list(?)"
            }
        }
    }

    /// The rows a `retain` keeps: `{"<key column>": "<its value as the store writes it>",
    /// …, "<from>": <the date column in its export form>}` per row, as JSON text `j`, and `i`
    /// the position of the bound value that matched it ([`Dialect::matched_position`]): which
    /// subject's identifier reached the row.
    pub fn select_held(
        self,
        table: &str,
        primary_key: &[Column],
        from: Option<&Column>,
        key: &Key,
        n: usize,
    ) -> String {
        let mut pairs: Vec<String> = primary_key
            .iter()
            .map(|c| {
                let value = self.as_text(&self.ident(&c.name));
                format!("{}, {value}", self.literal(&c.name))
            })
            .collect();
        if let Some(f) = from {
            pairs.push(format!(
                "{}, {}",
                self.literal(&f.name),
                self.export_expr(f)
            ));
        }
        let object = match self {
            Dialect::Postgres => "json_build_object",
            Dialect::Mysql => "JSON_OBJECT",
            Dialect::Sqlite => "json_object",
        };
        let cast = if self == Dialect::Postgres {
            "::text"
        } else {
            ""
        };
        format!(
            "SELECT {object}({}){cast} AS j, {} AS i FROM {} WHERE {}",
            pairs.join(", "),
            self.matched_position(key, n),
            self.ident(table),
            self.matches(key, n, 1)
        )
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

    fn key(name: &str, family: Family, sql_type: &str, fold: bool) -> Key {
        Key {
            column: Column::new(name, family, sql_type),
            fold,
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
        let id = key("userId", Family::Integer, "bigint", false);
        assert_eq!(
            Dialect::Postgres.count("Order", &id, 3),
            "SELECT count(*) AS n FROM \"Order\" WHERE \"userId\" = ANY(CAST($1 AS bigint[]))"
        );
        let email = key("email", Family::Text, "varchar(255)", false);
        assert_eq!(
            Dialect::Mysql.delete("users", &email, 2),
            "DELETE FROM `users` WHERE `email` IN (?, ?) AND BINARY `email` IN (?, ?)"
        );
        assert_eq!(Dialect::Mysql.bind_rounds(&email), 2);
        assert_eq!(
            Dialect::Sqlite.delete("users", &email, 1),
            "DELETE FROM \"users\" WHERE \"email\" IN (?) AND (\"email\" COLLATE BINARY) IN (?)"
        );
    }

    #[test]
    fn columns_are_compared_in_their_base_type_never_a_sized_one() {
        let v24 = key("email", Family::Text, "character varying(24)", false);
        assert_eq!(
            Dialect::Postgres.matches(&v24, 1, 1),
            "\"email\" = ANY(CAST($1 AS text[]))"
        );
        let money = key("total", Family::Decimal, "numeric(10,2)", false);
        assert_eq!(
            Dialect::Postgres.matches(&money, 1, 2),
            "\"total\" = ANY(CAST($2 AS numeric[]))"
        );
        let code = key("code", Family::Text, "character(5)", false);
        assert_eq!(
            Dialect::Postgres.matches(&code, 1, 1),
            "\"code\" = ANY(CAST($1 AS bpchar[]))"
        );
        assert_eq!(
            Dialect::Mysql.matches(&money, 2, 1),
            "`total` IN (CAST(? AS DECIMAL(65,30)), CAST(? AS DECIMAL(65,30)))"
        );
    }

    #[test]
    fn a_held_row_names_the_bound_value_that_matched_it() {
        let id = key("user_id", Family::Integer, "bigint", false);
        assert_eq!(
            Dialect::Postgres.matched_position(&id, 3),
            "array_position(CAST($1 AS bigint[]), \"user_id\")::bigint"
        );
        let email = key("email", Family::Text, "text", true);
        assert_eq!(
            Dialect::Postgres.matched_position(&email, 2),
            "array_position(CAST($1 AS text[]), lower(\"email\"))::bigint"
        );
        assert_eq!(
            Dialect::Sqlite.matched_position(&id, 2),
            "CAST(CASE WHEN \"user_id\" IN (?) THEN 1 WHEN \"user_id\" IN (?) THEN 2 END AS BIGINT)"
        );
        let text = key("login", Family::Text, "varchar(20)", false);
        assert_eq!(
            Dialect::Mysql.matched_position(&text, 1),
            "CAST(CASE WHEN `login` IN (?) AND BINARY `login` IN (?) THEN 1 END AS SIGNED)"
        );
        assert!(Dialect::Mysql.position_binds_first());
        assert!(!Dialect::Postgres.position_binds_first());
    }

    #[test]
    fn a_held_row_is_exported_by_every_column_of_its_key() {
        let k = [
            key("order_id", Family::Integer, "integer", false),
            key("line", Family::Integer, "integer", false),
        ];
        let cols = [Column::new("order_id", Family::Integer, "integer")];
        assert_eq!(
            Dialect::Sqlite.select_export_by_key("lines", &cols, &k),
            "SELECT json_object('order_id', \"order_id\") AS j FROM \"lines\" \
             WHERE \"order_id\" IN (?) AND \"line\" IN (?)"
        );
        assert!(
            Dialect::Postgres
                .select_export_by_key("lines", &cols, &k)
                .ends_with("WHERE \"order_id\" = ANY(CAST($1 AS integer[])) AND \"line\" = ANY(CAST($2 AS integer[]))")
        );
    }

    #[test]
    fn a_folded_email_compares_the_lower_cased_column() {
        let email = key("email", Family::Text, "text", true);
        assert_eq!(
            Dialect::Postgres.matches(&email, 1, 1),
            "lower(\"email\") = ANY(CAST($1 AS text[]))"
        );
        assert_eq!(
            Dialect::Sqlite.matches(&email, 2, 1),
            "lower(\"email\") IN (?, ?)"
        );
        let mut ci = email.clone();
        ci.column.case_insensitive = true;
        assert_eq!(
            Dialect::Mysql.matches(&ci, 1, 1),
            "`email` IN (?) AND BINARY LOWER(`email`) IN (?)"
        );
        assert_eq!(
            Dialect::Postgres.matches(&ci, 1, 1),
            "\"email\" = ANY(CAST($1 AS citext[]))"
        );
        assert_eq!(
            Dialect::Mysql.matches(&email, 1, 1),
            "BINARY LOWER(`email`) IN (?)"
        );
    }
}
