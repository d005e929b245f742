//! Times and dates as people and machines read them in emails, the CLI and the API.

use time::format_description::well_known::Rfc3339;
use time::{Date, PrimitiveDateTime};

pub fn fmt_date(d: Option<Date>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| d.to_string())
}

pub fn fmt_time(t: PrimitiveDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.format(f).unwrap_or_else(|_| t.to_string())
}

/// RFC 3339, UTC.
pub fn rfc3339(t: PrimitiveDateTime) -> String {
    t.assume_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

/// A date in words, for people: `7 December 2026`.
pub fn long_date(d: Date) -> String {
    let f = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    d.format(f).unwrap_or_else(|_| d.to_string())
}

/// A time in words, for people, its zone said: `7 December 2026 at 09:30 UTC`.
pub fn long_time(t: PrimitiveDateTime) -> String {
    let f = time::macros::format_description!("[hour]:[minute]");
    let clock = t.format(f).unwrap_or_default();
    format!("{} at {clock} UTC", long_date(t.date()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn people_read_dates_in_words_with_the_zone_said() {
        assert_eq!(long_date(date!(2026 - 12 - 07)), "7 December 2026");
        assert_eq!(long_date(date!(2032 - 01 - 31)), "31 January 2032");
        assert_eq!(
            long_time(datetime!(2026-12-07 09:05)),
            "7 December 2026 at 09:05 UTC"
        );
    }
}
