//! Columns as the live store describes them.

use std::collections::BTreeSet;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub family: Family,
    /// The type as the store spells it (PostgreSQL casts the match parameter to it).
    pub sql_type: String,
    pub primary_key: bool,
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

/// Keeps only the values that can be a value of this column, so a hostile or mistyped
/// identifier (`"abc"` for an integer column) matches nothing instead of failing the query
/// or, on MySQL, being converted to 0.
pub fn bindable<'a>(column: &Column, values: &[&'a str]) -> Vec<&'a str> {
    let unique: BTreeSet<&str> = values.iter().copied().collect();
    unique
        .into_iter()
        .filter(|v| match column.family {
            Family::Integer => v.parse::<i64>().is_ok(),
            Family::Decimal | Family::Float => v.parse::<f64>().is_ok_and(f64::is_finite),
            Family::Uuid => uuid::Uuid::parse_str(v).is_ok(),
            Family::Bool => matches!(*v, "true" | "false" | "0" | "1"),
            Family::Bytes | Family::Json => false,
            _ => true,
        })
        .collect()
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
    fn only_values_of_the_column_type_are_bound() {
        let int = Column {
            name: "id".into(),
            family: Family::Integer,
            sql_type: "bigint".into(),
            primary_key: true,
        };
        assert_eq!(
            bindable(&int, &["12", "abc", "0x1", "12", "-3"]),
            ["-3", "12"]
        );
    }
}
