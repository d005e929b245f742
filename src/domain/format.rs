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
