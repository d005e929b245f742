//! Dates, times and counts in the subject's language. The patterns and month names are
//! texts (`date-long`, `time-long`, `month-1` … `month-12`), so a company can change them.

use time::{Date, PrimitiveDateTime};

use super::{Arg, Catalogue};

impl Catalogue {
    /// `7 December 2026`, `7. Dezember 2026`, `7 décembre 2026`.
    pub fn date(&self, d: Date) -> String {
        let month = self.t(&format!("month-{}", u8::from(d.month())));
        self.text(
            "date-long",
            &[
                ("day", Arg::from(i64::from(d.day()))),
                ("month", Arg::Str(month)),
                ("year", Arg::Str(d.year().to_string())),
            ],
        )
    }

    /// A time, its zone said: `7 December 2026 at 09:30 UTC`.
    pub fn time(&self, t: PrimitiveDateTime) -> String {
        let clock = format!("{:02}:{:02}", t.hour(), t.minute());
        self.text(
            "time-long",
            &[
                ("date", Arg::Str(self.date(t.date()))),
                ("clock", Arg::Str(clock)),
            ],
        )
    }

    /// A whole number with the language's separators: `12,345`, `12.345`.
    pub fn number(&self, n: i64) -> String {
        let sep = match self.lang().as_str() {
            "en" => ',',
            "fr" => '\u{202f}',
            _ => '.',
        };
        if n.abs() < 1000 {
            n.to_string()
        } else {
            grouped(n, sep)
        }
    }
}

/// `1234567` as `1,234,567` (with `sep`).
pub(super) fn grouped(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}
