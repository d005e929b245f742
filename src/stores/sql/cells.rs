//! PostgreSQL rows as cells: the export asks the server for one `text[]` per row (each
//! column through its type's own text output, received in binary so nothing is quoted) and
//! writes the JSON object here, instead of having the server build it with `row_to_json`,
//! which costs the server about twice as much. The JSON is the same value for value:
//! numbers keep their exact digits (NaN and infinities become strings, as `row_to_json`
//! writes them), booleans stay booleans, JSON columns and other types (`to_json`) are
//! embedded as JSON. The cells also serve as CSV cells, so the CSV needs no JSON parsing.

use std::borrow::Cow;

use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::{Array, Nullable, Text};

use super::catalog::{Column, Family};

/// One row's `text[]` as received (PostgreSQL's binary array format), kept in one buffer:
/// two allocations per row instead of one per cell.
pub struct RawCells {
    bytes: Vec<u8>,
    /// Each cell's byte range in `bytes`; `None` for NULL.
    spans: Vec<Option<(usize, usize)>>,
}

fn read_i32(b: &[u8], at: usize) -> deserialize::Result<i32> {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(i32::from_be_bytes)
        .ok_or_else(|| "truncated array".into())
}

impl FromSql<Array<Nullable<Text>>, Pg> for RawCells {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        let b = value.as_bytes();
        // ndim, has-null flag, element type; then per dimension its length and lower bound.
        let ndim = read_i32(b, 0)?;
        if ndim == 0 {
            return Ok(Self {
                bytes: Vec::new(),
                spans: Vec::new(),
            });
        }
        if ndim != 1 {
            return Err("a row is not a one-dimensional array".into());
        }
        let n = usize::try_from(read_i32(b, 12)?)?;
        let mut at = 20;
        let mut spans = Vec::with_capacity(n);
        for _ in 0..n {
            let len = read_i32(b, at)?;
            at += 4;
            if len < 0 {
                spans.push(None);
            } else {
                let end = at + usize::try_from(len)?;
                if end > b.len() {
                    return Err("truncated array".into());
                }
                spans.push(Some((at, end)));
                at = end;
            }
        }
        Ok(Self {
            bytes: b.to_vec(),
            spans,
        })
    }
}

impl RawCells {
    /// The cells as text.
    pub fn cells(&self) -> Result<Vec<Option<&str>>, String> {
        self.spans
            .iter()
            .map(|s| {
                s.map(|(a, b)| std::str::from_utf8(&self.bytes[a..b]).map_err(|e| e.to_string()))
                    .transpose()
            })
            .collect()
    }
}

/// How a column's text becomes a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Digits as they are (a JSON number), or a string for NaN and infinities.
    Number,
    /// `true` / `false`.
    Bool,
    /// A JSON string.
    Str,
    /// Already JSON text (json/jsonb columns, other types through `to_json`).
    Raw,
}

impl CellKind {
    pub fn of(c: &Column) -> Self {
        match c.family {
            Family::Integer | Family::Decimal | Family::Float => Self::Number,
            Family::Bool => Self::Bool,
            Family::Text
            | Family::Uuid
            | Family::Bytes
            | Family::Date
            | Family::Timestamp
            | Family::TimestampTz => Self::Str,
            Family::Json | Family::Other => Self::Raw,
        }
    }
}

/// Whether `s` is a JSON number (PostgreSQL's numeric output otherwise is NaN or ±Infinity).
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    digits.first().is_some_and(u8::is_ascii_digit)
        && b.iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))
}

/// Appends `s` as a JSON string.
pub fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            0..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => out.push_str(&format!("\\u{b:04x}")),
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// A row's columns: their JSON keys (`"name":`) and kinds, computed once per table.
pub struct RowShape {
    keys: Vec<String>,
    kinds: Vec<CellKind>,
}

impl RowShape {
    pub fn new(columns: &[Column]) -> Self {
        Self {
            keys: columns
                .iter()
                .map(|c| {
                    let mut k = String::new();
                    push_json_str(&mut k, &c.name);
                    k.push(':');
                    k
                })
                .collect(),
            kinds: columns.iter().map(CellKind::of).collect(),
        }
    }

    /// Writes the row as a JSON object into `out` (cleared first) and returns its CSV cells.
    pub fn render<'a>(
        &self,
        cells: &[Option<&'a str>],
        out: &mut String,
    ) -> Result<Vec<Option<Cow<'a, str>>>, String> {
        if cells.len() != self.kinds.len() {
            return Err(format!(
                "a row has {} cells for {} columns",
                cells.len(),
                self.kinds.len()
            ));
        }
        out.clear();
        out.push('{');
        let mut csv = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&self.keys[i]);
            let Some(text) = *cell else {
                out.push_str("null");
                csv.push(None);
                continue;
            };
            match self.kinds[i] {
                CellKind::Number if is_json_number(text) => out.push_str(text),
                CellKind::Bool | CellKind::Raw => out.push_str(text),
                CellKind::Number | CellKind::Str => push_json_str(out, text),
            }
            csv.push(Some(match self.kinds[i] {
                // A JSON string in a JSON column is its text in CSV, as for the other stores.
                CellKind::Raw if text.starts_with('"') => {
                    Cow::Owned(serde_json::from_str::<String>(text).map_err(|e| e.to_string())?)
                }
                _ => Cow::Borrowed(text),
            }));
        }
        out.push('}');
        Ok(csv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, family: Family) -> Column {
        Column::new(name, family, "")
    }

    #[test]
    fn rows_render_as_the_json_row_to_json_would_write() {
        let shape = RowShape::new(&[
            col("id", Family::Integer),
            col("dec", Family::Decimal),
            col("nan", Family::Decimal),
            col("ok", Family::Bool),
            col("t", Family::Text),
            col("j", Family::Json),
            col("s", Family::Other),
            col("n", Family::Text),
            col("we\"ird", Family::Text),
        ]);
        let cells: Vec<Option<&str>> = vec![
            Some("9007199254740993"),
            Some("-0.10"),
            Some("NaN"),
            Some("true"),
            Some("quote \" back \\ nl \n ctl \u{1} é"),
            Some(r#"{"a": [1, 2.50]}"#),
            Some(r#""a string""#),
            None,
            Some(""),
        ];
        let mut json = String::new();
        let csv = shape.render(&cells, &mut json).unwrap();
        assert_eq!(
            json,
            r#"{"id":9007199254740993,"dec":-0.10,"nan":"NaN","ok":true,"t":"quote \" back \\ nl \n ctl \u0001 é","j":{"a": [1, 2.50]},"s":"a string","n":null,"we\"ird":""}"#
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["t"], "quote \" back \\ nl \n ctl \u{1} é");
        let csv: Vec<Option<&str>> = csv.iter().map(|c| c.as_deref()).collect();
        assert_eq!(csv[4], Some("quote \" back \\ nl \n ctl \u{1} é"));
        assert_eq!(csv[6], Some("a string"), "a JSON string is its text");
        assert_eq!(csv[5], Some(r#"{"a": [1, 2.50]}"#));
        assert_eq!(csv[7], None);
        assert!(shape.render(&cells[..3], &mut json).is_err());
    }

    #[test]
    fn only_real_numbers_are_written_bare() {
        for n in [
            "0",
            "-7",
            "1.5e+20",
            "12345678901234567890.0123456789",
            "-0.1",
        ] {
            assert!(is_json_number(n), "{n}");
        }
        for n in ["NaN", "Infinity", "-Infinity", "", "-", "e5"] {
            assert!(!is_json_number(n), "{n}");
        }
    }
}
