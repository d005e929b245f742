//! Legal holds (GDPR Art. 17(3)): how long a retained record must stay.

use time::{Date, Month};

/// The last day a record is held: `years` after its date, or after the end of its date's
/// year when `from_year_end` (tax law counts whole years: an invoice of March 2024 kept
/// 8 years from the year end is held until 31 December 2032). 29 February moves to the 28th.
pub fn until(from: Date, years: u32, from_year_end: bool) -> Date {
    let base = if from_year_end {
        Date::from_calendar_date(from.year(), Month::December, 31).unwrap_or(from)
    } else {
        from
    };
    let year = base
        .year()
        .saturating_add(i32::try_from(years).unwrap_or(i32::MAX / 2));
    Date::from_calendar_date(year, base.month(), base.day())
        .or_else(|_| Date::from_calendar_date(year, base.month(), 28))
        .unwrap_or(base)
}

/// The date of a retained record's date column as a store exports it: `YYYY-MM-DD`,
/// optionally followed by a time (RFC 3339 or SQL style). None when it isn't a date.
pub fn parse_date(value: &str) -> Option<Date> {
    let head = value.trim().trim_matches('"').get(..10)?;
    let f = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(head, f).ok()
}

/// The hold of one record: from its own date when it has one, else from `today` (a record
/// whose date is missing is held for the full period from the day it was retained).
pub fn hold_until(
    from: Option<&str>,
    years: u32,
    from_year_end: bool,
    today: Date,
) -> (Option<Date>, Date) {
    let from = from.and_then(parse_date);
    (from, until(from.unwrap_or(today), years, from_year_end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn years_count_from_the_date_or_from_the_end_of_its_year() {
        assert_eq!(until(date!(2024 - 03 - 10), 8, true), date!(2032 - 12 - 31));
        assert_eq!(
            until(date!(2024 - 03 - 10), 8, false),
            date!(2032 - 03 - 10)
        );
        assert_eq!(
            until(date!(2024 - 02 - 29), 1, false),
            date!(2025 - 02 - 28)
        );
        assert_eq!(until(date!(2024 - 12 - 31), 0, true), date!(2024 - 12 - 31));
    }

    #[test]
    fn dates_are_read_from_the_forms_stores_export() {
        for v in [
            "2024-03-10",
            "2024-03-10T08:00:00Z",
            "2024-03-10 08:00:00",
            "\"2024-03-10\"",
        ] {
            assert_eq!(parse_date(v), Some(date!(2024 - 03 - 10)), "{v}");
        }
        assert_eq!(parse_date("1710057600"), None);
        assert_eq!(parse_date(""), None);
        let today = date!(2026 - 12 - 02);
        assert_eq!(
            hold_until(None, 6, false, today),
            (None, date!(2032 - 12 - 02))
        );
    }
}
