//! PostgreSQL rows as cells: the export asks the server for one `text[]` per row (each
//! column through its type's own text output, received in binary so nothing is quoted) and
//! writes the JSON object here, instead of having the server build it with `row_to_json`,
//! which costs the server about twice as much. The JSON is the same value for value:
//! numbers keep their exact digits (NaN and infinities become strings, as `row_to_json`
//! writes them), booleans stay booleans, JSON columns and other types (`to_json`) are
//! embedded as JSON. The cells also serve as CSV cells, so the CSV needs no JSON parsing.
//! A row costs one allocation (its copy out of the driver): the JSON, the cells and the
//! cells written anew (timestamps) live in buffers kept for the whole table.

use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::{Array, Nullable, Text};

use super::catalog::{Column, Family, pg_quoted_text};

/// One row's `text[]` as received (PostgreSQL's binary array format): its bytes, copied
/// once (diesel hands each row over as an owned value); the cells are read from them.
pub struct RawCells {
    bytes: Vec<u8>,
}

fn read_i32(b: &[u8], at: usize) -> Result<i32, String> {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(i32::from_be_bytes)
        .ok_or_else(|| "truncated array".to_owned())
}

impl FromSql<Array<Nullable<Text>>, Pg> for RawCells {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        Ok(Self {
            bytes: value.as_bytes().to_vec(),
        })
    }
}

impl RawCells {
    /// The cells as text (`None` for NULL), into `out` (cleared first).
    pub fn cells_into<'a>(&'a self, out: &mut Vec<Option<&'a str>>) -> Result<(), String> {
        out.clear();
        let b = &self.bytes;
        // ndim, has-null flag, element type; then per dimension its length and lower bound.
        let ndim = read_i32(b, 0)?;
        if ndim == 0 {
            return Ok(());
        }
        if ndim != 1 {
            return Err("a row is not a one-dimensional array".into());
        }
        let n = usize::try_from(read_i32(b, 12)?).map_err(|e| e.to_string())?;
        let mut at = 20;
        for _ in 0..n {
            let len = read_i32(b, at)?;
            at += 4;
            let Ok(len) = usize::try_from(len) else {
                out.push(None);
                continue;
            };
            let cell = b.get(at..at + len).ok_or("truncated array")?;
            out.push(Some(std::str::from_utf8(cell).map_err(|e| e.to_string())?));
            at += len;
        }
        Ok(())
    }
}

/// An empty vector with `v`'s allocation, for references of another lifetime (the same
/// layout, so nothing is copied or allocated): a row's cells borrow that row, and the
/// vector that holds them serves every row of a table.
pub fn recycle<'b>(mut v: Vec<Option<&str>>) -> Vec<Option<&'b str>> {
    v.clear();
    v.into_iter().map(|_| None).collect()
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
    /// A timestamp's text, written in the export's form ([`export_timestamp`]).
    Timestamp,
}

impl CellKind {
    pub fn of(c: &Column) -> Self {
        match c.family {
            Family::Integer | Family::Decimal | Family::Float => Self::Number,
            Family::Bool => Self::Bool,
            Family::Text | Family::Uuid | Family::Bytes | Family::Date => Self::Str,
            Family::Timestamp | Family::TimestampTz => Self::Timestamp,
            Family::Other if pg_quoted_text(&c.sql_type) => Self::Str,
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

/// A timestamp's text as PostgreSQL writes it in UTC with ISO dates (`2024-01-02
/// 03:04:05.5+00`; a year may have more than 4 digits, a date before the common era ends in
/// ` BC`), appended to `out` in the export's form, `2024-01-02T03:04:05.500000Z`: what
/// `to_char(…, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` writes (it drops the era too). `false`
/// for ±infinity, which `to_char` makes NULL. Any other text is an error, never a guess.
pub fn export_timestamp(text: &str, out: &mut String) -> Result<bool, String> {
    if text == "infinity" || text == "-infinity" {
        return Ok(false);
    }
    let bad = || format!("unexpected timestamp text {text:?}");
    let t = text.strip_suffix(" BC").unwrap_or(text);
    let t = t.strip_suffix("+00").unwrap_or(t);
    let (date, time) = t.split_once(' ').ok_or_else(bad)?;
    let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let date_ok = date.len() >= 10
        && date.bytes().enumerate().all(|(i, b)| {
            let from_end = date.len() - i;
            if from_end == 3 || from_end == 6 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let hms_ok = hms.len() == 8
        && hms.bytes().enumerate().all(|(i, b)| {
            if i == 2 || i == 5 {
                b == b':'
            } else {
                b.is_ascii_digit()
            }
        });
    if !date_ok || !hms_ok || fraction.len() > 6 || !digits(fraction) {
        return Err(bad());
    }
    out.push_str(date);
    out.push('T');
    out.push_str(hms);
    out.push('.');
    out.push_str(fraction);
    out.push_str(&"000000"[fraction.len()..]);
    out.push('Z');
    Ok(true)
}

/// A row's columns: their JSON keys (`"name":`) and kinds, computed once per table.
pub struct RowShape {
    keys: Vec<String>,
    kinds: Vec<CellKind>,
}

/// What [`RowShape::render`] writes for a row; its buffers serve every row of a table.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The row as a JSON object.
    pub json: String,
    /// The CSV cells that are not a slice of the row's text (timestamps, JSON strings with
    /// escapes), one after the other.
    own: String,
    /// Each such cell's column and range in `own`.
    owned: Vec<(usize, usize, usize)>,
}

impl Rendered {
    /// Completes the CSV cells [`RowShape::render`] left: those it wrote into `self`.
    pub fn patch<'a>(&'a self, cells: &mut [Option<&'a str>]) {
        for &(i, a, b) in &self.owned {
            if let Some(c) = cells.get_mut(i) {
                *c = Some(&self.own[a..b]);
            }
        }
    }
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

    /// Writes the row as a JSON object into `out.json` and turns `cells` (the row's text)
    /// into its CSV cells: in place where a cell is a slice of the text, else into `out`,
    /// which [`Rendered::patch`] then puts in place.
    pub fn render(&self, cells: &mut [Option<&str>], out: &mut Rendered) -> Result<(), String> {
        if cells.len() != self.kinds.len() {
            return Err(format!(
                "a row has {} cells for {} columns",
                cells.len(),
                self.kinds.len()
            ));
        }
        let Rendered { json, own, owned } = out;
        json.clear();
        own.clear();
        owned.clear();
        json.push('{');
        for (i, (cell, kind)) in cells.iter_mut().zip(&self.kinds).enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&self.keys[i]);
            let Some(text) = *cell else {
                json.push_str("null");
                continue;
            };
            match kind {
                CellKind::Number if is_json_number(text) => json.push_str(text),
                CellKind::Bool => json.push_str(text),
                CellKind::Number | CellKind::Str => push_json_str(json, text),
                CellKind::Raw => {
                    json.push_str(text);
                    // A JSON string in a JSON column is its text in CSV, as for the other
                    // stores: without escapes, the text between its quotes.
                    if let Some(inner) = text.strip_prefix('"') {
                        match inner.strip_suffix('"') {
                            Some(plain) if !plain.contains('\\') => *cell = Some(plain),
                            _ => {
                                let s = serde_json::from_str::<String>(text)
                                    .map_err(|e| e.to_string())?;
                                owned.push((i, own.len(), own.len() + s.len()));
                                own.push_str(&s);
                            }
                        }
                    }
                }
                CellKind::Timestamp => {
                    let start = own.len();
                    if export_timestamp(text, own)? {
                        json.push('"');
                        json.push_str(&own[start..]);
                        json.push('"');
                        owned.push((i, start, own.len()));
                    } else {
                        json.push_str("null");
                        *cell = None;
                    }
                }
            }
        }
        json.push('}');
        Ok(())
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
            col("esc", Family::Json),
            col("at", Family::TimestampTz),
            col("inf", Family::Timestamp),
            Column::new("ip", Family::Other, "inet"),
        ]);
        let text: Vec<Option<&str>> = vec![
            Some("9007199254740993"),
            Some("-0.10"),
            Some("NaN"),
            Some("true"),
            Some("quote \" back \\ nl \n ctl \u{1} é"),
            Some(r#"{"a": [1, 2.50]}"#),
            Some(r#""a string""#),
            None,
            Some(""),
            Some(r#""say \"hi\"""#),
            Some("2024-01-02 03:04:05.5+00"),
            Some("infinity"),
            Some("10.1.0.1"),
        ];
        let mut out = Rendered::default();
        let mut csv = text.clone();
        shape.render(&mut csv, &mut out).unwrap();
        out.patch(&mut csv);
        assert_eq!(
            out.json,
            r#"{"id":9007199254740993,"dec":-0.10,"nan":"NaN","ok":true,"t":"quote \" back \\ nl \n ctl \u0001 é","j":{"a": [1, 2.50]},"s":"a string","n":null,"we\"ird":"","esc":"say \"hi\"","at":"2024-01-02T03:04:05.500000Z","inf":null,"ip":"10.1.0.1"}"#
        );
        let v: serde_json::Value = serde_json::from_str(&out.json).unwrap();
        assert_eq!(v["t"], "quote \" back \\ nl \n ctl \u{1} é");
        assert_eq!(csv[4], Some("quote \" back \\ nl \n ctl \u{1} é"));
        assert_eq!(csv[6], Some("a string"), "a JSON string is its text");
        assert_eq!(csv[5], Some(r#"{"a": [1, 2.50]}"#));
        assert_eq!(csv[7], None);
        assert_eq!(csv[9], Some(r#"say "hi""#));
        assert_eq!(csv[10], Some("2024-01-02T03:04:05.500000Z"));
        assert_eq!(csv[11], None, "to_char makes infinity NULL");
        assert_eq!(csv[12], Some("10.1.0.1"));
        assert!(
            shape
                .render(&mut text.clone()[..3], &mut Rendered::default())
                .is_err()
        );
    }

    #[test]
    fn timestamps_are_written_as_to_char_writes_them() {
        for (text, export) in [
            (
                "2026-12-07 16:52:00+00",
                Some("2026-12-07T16:52:00.000000Z"),
            ),
            (
                "2026-12-07 16:52:00.5+00",
                Some("2026-12-07T16:52:00.500000Z"),
            ),
            (
                "2026-12-07 16:52:00.123456",
                Some("2026-12-07T16:52:00.123456Z"),
            ),
            (
                "0044-03-15 12:00:00+00 BC",
                Some("0044-03-15T12:00:00.000000Z"),
            ),
            (
                "0044-03-15 12:00:00 BC",
                Some("0044-03-15T12:00:00.000000Z"),
            ),
            (
                "10000-01-01 00:00:00+00",
                Some("10000-01-01T00:00:00.000000Z"),
            ),
            (
                "294276-12-31 23:59:59.999999+00",
                Some("294276-12-31T23:59:59.999999Z"),
            ),
            ("infinity", None),
            ("-infinity", None),
        ] {
            let mut out = String::from("x");
            let written = export_timestamp(text, &mut out).unwrap();
            assert_eq!(written.then(|| &out[1..]), export, "{text}");
        }
        for text in [
            "2026-12-07T16:52:00+00",
            "2026-12-07 16:52:00+01",
            "2026-12-07 16:52:00.1234567",
            "26-12-07 16:52:00",
            "2026-12-07 16:52",
            "",
        ] {
            assert!(
                export_timestamp(text, &mut String::new()).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_row_is_read_from_the_binary_array() {
        // ndim 1, has nulls, element type, length 3, lower bound 1; "ab", NULL, "".
        let mut b = Vec::new();
        for v in [1i32, 1, 25, 3, 1, 2] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        b.extend_from_slice(b"ab");
        b.extend_from_slice(&(-1i32).to_be_bytes());
        b.extend_from_slice(&0i32.to_be_bytes());
        let row = RawCells { bytes: b.clone() };
        let mut cells = Vec::new();
        row.cells_into(&mut cells).unwrap();
        assert_eq!(cells, [Some("ab"), None, Some("")]);
        let cut = RawCells {
            bytes: b[..b.len() - 6].to_vec(),
        };
        assert!(cut.cells_into(&mut cells).is_err());
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
