//! Columns as the live store describes them: the family a column's values belong to, and
//! the limits of its declared type (length, precision, range) that decide which identifier
//! values it can hold exactly ([`super::exact`]).

/// How a column's values are exported, matched and masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Integer,
    Decimal,
    Float,
    Bool,
    Text,
    Date,
    /// Without a time zone: exported as UTC.
    Timestamp,
    TimestampTz,
    Json,
    Bytes,
    Uuid,
    Other,
}

impl Family {
    /// Whether a value of this family can tell one person from another by equality: an
    /// approximate number, a flag, bytes or a JSON document can't.
    pub fn identifies(self) -> bool {
        !matches!(
            self,
            Family::Float | Family::Bool | Family::Bytes | Family::Json
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub family: Family,
    /// The type as the store spells it (`character varying(24)`, `int(10) unsigned`, …).
    pub sql_type: String,
    pub primary_key: bool,
    pub nullable: bool,
    /// Equality ignores case in the column's own type (PostgreSQL `citext`, a MySQL `_ci`
    /// collation).
    pub case_insensitive: bool,
}

impl Column {
    pub fn new(name: &str, family: Family, sql_type: &str) -> Self {
        Self {
            name: name.to_owned(),
            family,
            sql_type: sql_type.to_owned(),
            primary_key: false,
            nullable: true,
            case_insensitive: false,
        }
    }

    /// The numbers in the type's parentheses: `varchar(24)` -> [24], `numeric(12,2)` -> [12, 2].
    fn modifiers(&self) -> Vec<u32> {
        let Some((_, rest)) = self.sql_type.split_once('(') else {
            return Vec::new();
        };
        let inner = rest.split(')').next().unwrap_or_default();
        inner
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect()
    }

    fn type_lower(&self) -> String {
        self.sql_type.to_ascii_lowercase()
    }

    /// `char(n)`: values are padded with spaces to the full length.
    pub fn padded(&self) -> bool {
        let t = self.type_lower();
        self.family == Family::Text
            && (t.starts_with("character(") || t.starts_with("char(") || t == "bpchar")
    }

    /// The most characters a text column holds, where the store enforces it (SQLite doesn't).
    pub fn max_chars(&self) -> Option<usize> {
        let t = self.type_lower();
        let sized = ["character varying(", "character(", "varchar(", "char("];
        if self.family == Family::Text && sized.iter().any(|p| t.starts_with(p)) {
            self.modifiers().first().map(|n| *n as usize)
        } else {
            None
        }
    }

    /// Precision and scale of a declared decimal (`numeric(12,2)` -> (12, 2); MySQL's bare
    /// `decimal` is (10, 0)); None when unbounded.
    pub fn decimal_digits(&self) -> Option<(u32, u32)> {
        match self.modifiers()[..] {
            [p, s] => Some((p, s)),
            [p] => Some((p, 0)),
            _ if self.type_lower().starts_with("decimal") => Some((10, 0)),
            _ => None,
        }
    }

    /// The integer range of the column's type on PostgreSQL and MySQL (SQLite's integers
    /// are 64 bits whatever the declared name says).
    pub fn integer_range(&self) -> (i128, i128) {
        let t = self.type_lower();
        let base = t.split(['(', ' ']).next().unwrap_or_default();
        let bits = match base {
            "tinyint" => 8,
            "smallint" | "int2" => 16,
            "mediumint" => 24,
            "integer" | "int" | "int4" | "year" if !t.contains("big") => 32,
            _ => 64,
        };
        if t.contains("unsigned") {
            (0, (1i128 << bits) - 1)
        } else {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        }
    }

    /// Unsigned MySQL integers are compared as such.
    pub fn unsigned(&self) -> bool {
        self.type_lower().contains("unsigned")
    }

    /// Digits of a second's fraction the type keeps (`timestamp(3)` -> 3).
    pub fn fraction_digits(&self, default: u32) -> u32 {
        self.modifiers().first().copied().unwrap_or(default)
    }
}

/// The family of a PostgreSQL `format_type` name.
pub fn pg_family(t: &str) -> Family {
    let t = t.to_ascii_lowercase();
    match () {
        _ if t.ends_with("[]") => Family::Other,
        _ if matches!(t.as_str(), "smallint" | "integer" | "bigint") => Family::Integer,
        _ if t.starts_with("numeric") => Family::Decimal,
        _ if matches!(t.as_str(), "real" | "double precision") => Family::Float,
        _ if t == "boolean" => Family::Bool,
        _ if t == "bytea" => Family::Bytes,
        _ if t.starts_with("timestamp")
            && t.ends_with("with time zone")
            && !t.ends_with("without time zone") =>
        {
            Family::TimestampTz
        }
        _ if t.starts_with("timestamp") => Family::Timestamp,
        _ if t == "date" => Family::Date,
        _ if t == "json" || t == "jsonb" => Family::Json,
        _ if t == "uuid" => Family::Uuid,
        _ if t == "text" || t.starts_with("character") || t == "citext" => Family::Text,
        _ => Family::Other,
    }
}

/// Whether a PostgreSQL type of the `Other` family has as JSON (`to_json`) its text output
/// as a string (network addresses), so its export can do without `to_json`.
pub fn pg_quoted_text(sql_type: &str) -> bool {
    matches!(sql_type, "inet" | "cidr" | "macaddr" | "macaddr8")
}

/// The family of a MySQL/MariaDB `COLUMN_TYPE`.
pub fn mysql_family(column_type: &str) -> Family {
    let t = column_type.to_ascii_lowercase();
    let base = t.split(['(', ' ']).next().unwrap_or_default();
    match base {
        "tinyint" if t.starts_with("tinyint(1)") => Family::Bool,
        "bool" | "boolean" => Family::Bool,
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "year" => {
            Family::Integer
        }
        "decimal" | "numeric" => Family::Decimal,
        "float" | "double" | "real" => Family::Float,
        "date" => Family::Date,
        "datetime" | "timestamp" => Family::Timestamp,
        "json" => Family::Json,
        "longtext" if t.contains("json") => Family::Json,
        "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary" => Family::Bytes,
        "char" | "varchar" | "text" | "tinytext" | "mediumtext" | "longtext" | "enum" | "set" => {
            Family::Text
        }
        "uuid" => Family::Uuid,
        _ => Family::Other,
    }
}

/// The family of a SQLite declared type (by affinity, plus the common spellings).
pub fn sqlite_family(declared: &str) -> Family {
    let t = declared.to_ascii_uppercase();
    match () {
        _ if t.contains("BOOL") => Family::Bool,
        _ if t.contains("INT") => Family::Integer,
        _ if t.contains("DATETIME") || t.contains("TIMESTAMP") => Family::Text,
        _ if t == "DATE" => Family::Date,
        _ if t.contains("JSON") => Family::Json,
        _ if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") => Family::Text,
        _ if t.contains("BLOB") || t.is_empty() => Family::Bytes,
        _ if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") => Family::Float,
        _ if t.contains("NUMERIC") || t.contains("DECIMAL") => Family::Decimal,
        _ => Family::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_from_type_names() {
        assert_eq!(
            pg_family("timestamp(3) without time zone"),
            Family::Timestamp
        );
        assert_eq!(pg_family("timestamp with time zone"), Family::TimestampTz);
        assert_eq!(pg_family("numeric(12,2)"), Family::Decimal);
        assert_eq!(pg_family("character varying(255)"), Family::Text);
        assert_eq!(mysql_family("tinyint(1)"), Family::Bool);
        assert_eq!(mysql_family("int(11) unsigned"), Family::Integer);
        assert_eq!(mysql_family("varbinary(16)"), Family::Bytes);
        assert_eq!(sqlite_family("VARCHAR(20)"), Family::Text);
        assert_eq!(sqlite_family(""), Family::Bytes);
    }

    #[test]
    fn limits_of_the_declared_type() {
        let c = |t: &str, f| Column::new("c", f, t);
        assert_eq!(
            c("character varying(24)", Family::Text).max_chars(),
            Some(24)
        );
        assert!(c("character(5)", Family::Text).padded());
        assert!(!c("text", Family::Text).padded());
        assert_eq!(c("text", Family::Text).max_chars(), None);
        assert_eq!(
            c("numeric(12,2)", Family::Decimal).decimal_digits(),
            Some((12, 2))
        );
        assert_eq!(c("numeric", Family::Decimal).decimal_digits(), None);
        assert_eq!(
            c("decimal", Family::Decimal).decimal_digits(),
            Some((10, 0))
        );
        assert_eq!(
            c("smallint", Family::Integer).integer_range(),
            (-32768, 32767)
        );
        assert_eq!(
            c("int(10) unsigned", Family::Integer).integer_range(),
            (0, 4294967295)
        );
        assert_eq!(
            c("bigint", Family::Integer).integer_range(),
            (i64::MIN.into(), i64::MAX.into())
        );
        assert_eq!(
            c("timestamp(3) with time zone", Family::TimestampTz).fraction_digits(6),
            3
        );
    }
}
