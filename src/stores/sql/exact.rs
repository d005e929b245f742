//! One subject, exactly (DESIGN §3): which identifier values a column can hold exactly, in
//! the form they are bound. A value the column's own type can't represent as it is — longer
//! than a `varchar(n)`, a number that would be rounded or is out of range, `012` for the
//! integer 12, a date in another form, a timestamp without its offset — matches nothing
//! there, so no cast, truncation, padding or coercion in the store can make it equal another
//! person's value. Only plain forms are accepted: a value that is the same thing written
//! differently matches nothing rather than risk matching something else.

use time::format_description::well_known::Rfc3339;

use super::catalog::{Column, Family};
use super::dialect::Dialect;

/// The form of `value` to bind against `column`, or None when the column can't hold it
/// exactly.
pub fn exact(column: &Column, dialect: Dialect, value: &str) -> Option<String> {
    if value.contains('\0') {
        return None; // no SQL text type holds NUL as a character
    }
    match column.family {
        Family::Text => text(column, dialect, value),
        Family::Integer => integer(column, dialect, value),
        Family::Decimal => decimal(column, dialect, value),
        Family::Uuid => uuid(value),
        Family::Date => date(value),
        Family::Timestamp => timestamp(column, dialect, value, false),
        Family::TimestampTz => timestamp(column, dialect, value, true),
        Family::Other => Some(value.to_owned()),
        Family::Float | Family::Bool | Family::Bytes | Family::Json => None,
    }
}

fn text(column: &Column, dialect: Dialect, value: &str) -> Option<String> {
    if dialect != Dialect::Sqlite {
        if column
            .max_chars()
            .is_some_and(|n| value.chars().count() > n)
        {
            return None; // can't be stored there: a cast would cut it to someone else's
        }
        if column.padded() && value.ends_with(' ') {
            return None; // trailing spaces are the padding of char(n): not part of a value
        }
    }
    Some(value.to_owned())
}

/// `-?(0|[1-9][0-9]*)`: the one way an integer is written.
fn plain_integer(value: &str) -> Option<i128> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let plain = !digits.is_empty()
        && digits.len() <= 38
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && value != "-0";
    plain.then(|| value.parse().ok()).flatten()
}

fn integer(column: &Column, dialect: Dialect, value: &str) -> Option<String> {
    let n = plain_integer(value)?;
    let (min, max) = if dialect == Dialect::Sqlite {
        (i64::MIN.into(), i64::MAX.into())
    } else {
        column.integer_range()
    };
    (min..=max).contains(&n).then(|| value.to_owned())
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, fitting the column's precision and scale.
fn decimal(column: &Column, dialect: Dialect, value: &str) -> Option<String> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    plain_integer(whole).or_else(|| (whole == "-0").then_some(0))?;
    if value.contains('.') && (fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let fraction = fraction.trim_end_matches('0').len();
    let whole = whole.trim_start_matches('-').trim_start_matches('0').len();
    let declared = || {
        column
            .decimal_digits()
            .is_none_or(|(p, s)| fraction <= s as usize && whole <= p.saturating_sub(s) as usize)
    };
    let fits = match dialect {
        // SQLite compares NUMERIC values as 64-bit floats: exact up to 15 digits.
        Dialect::Sqlite => whole + fraction <= 15,
        // Bound as DECIMAL(65,30).
        Dialect::Mysql => fraction <= 30 && whole <= 35 && declared(),
        Dialect::Postgres => declared(),
    };
    fits.then(|| value.to_owned())
}

fn uuid(value: &str) -> Option<String> {
    let hyphenated = value.len() == 36 && value.matches('-').count() == 4;
    let id = uuid::Uuid::parse_str(value).ok()?;
    hyphenated.then(|| id.hyphenated().to_string())
}

fn date(value: &str) -> Option<String> {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(value, f).ok()?;
    (d.format(f).ok()? == value).then(|| value.to_owned())
}

/// `YYYY-MM-DD HH:MM:SS[.f]` (or `T`), with an offset exactly when the column has a time
/// zone (a wall-clock time for an instant, or the reverse, would be a guess), no more
/// fraction digits than the column keeps.
fn timestamp(column: &Column, dialect: Dialect, value: &str, zoned: bool) -> Option<String> {
    let bytes = value.as_bytes();
    if bytes.len() < 19 || !matches!(bytes[10], b' ' | b'T') {
        return None;
    }
    date(&value[..10])?;
    let rest = &value[11..];
    let time_end = rest.find(['Z', '+', '-']).unwrap_or(rest.len());
    let (clock, offset) = rest.split_at(time_end);
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let f = time::macros::format_description!("[hour]:[minute]:[second]");
    time::Time::parse(hms, f).ok()?;
    if clock.contains('.') && (fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let kept = match dialect {
        Dialect::Mysql => column.fraction_digits(0),
        _ => column.fraction_digits(6),
    };
    if fraction.trim_end_matches('0').len() > kept as usize {
        return None;
    }
    if zoned == offset.is_empty() {
        return None;
    }
    if zoned {
        // `+00`, `+05:30`, `Z`: normalised to RFC 3339 only to check it; bound as written.
        let offset = match offset.len() {
            3 => format!("{offset}:00"),
            _ => offset.to_owned(),
        };
        let probe = format!("{}T{hms}{offset}", &value[..10]);
        time::OffsetDateTime::parse(&probe, &Rfc3339).ok()?;
    }
    Some(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(t: &str, family: Family) -> Column {
        Column::new("c", family, t)
    }

    #[test]
    fn text_longer_than_the_column_or_padded_matches_nothing() {
        let v24 = col("character varying(24)", Family::Text);
        let jane = "jane.doe.12345@gmail.com";
        assert_eq!(jane.len(), 24);
        assert!(exact(&v24, Dialect::Postgres, jane).is_some());
        assert!(exact(&v24, Dialect::Postgres, "jane.doe.12345@gmail.com.evil.io").is_none());
        assert!(exact(&v24, Dialect::Mysql, "jane.doe.12345@gmail.com.evil.io").is_none());
        // SQLite keeps whatever it is given: nothing is cut, so the longer value is exact.
        let lite = col("VARCHAR(24)", Family::Text);
        assert!(exact(&lite, Dialect::Sqlite, "jane.doe.12345@gmail.com.evil.io").is_some());
        let c5 = col("character(5)", Family::Text);
        assert!(exact(&c5, Dialect::Postgres, "ab").is_some());
        assert!(exact(&c5, Dialect::Postgres, "ab ").is_none());
        assert!(exact(&c5, Dialect::Postgres, "abcdef").is_none());
        assert!(exact(&col("text", Family::Text), Dialect::Postgres, "a\0b").is_none());
    }

    #[test]
    fn integers_only_in_their_one_form_and_range() {
        let int = col("integer", Family::Integer);
        for ok in ["0", "12", "-7", "2147483647"] {
            assert_eq!(exact(&int, Dialect::Postgres, ok).as_deref(), Some(ok));
        }
        for no in [
            "012",
            "+12",
            "12.0",
            "1e3",
            "12abc",
            " 12",
            "-0",
            "2147483648",
            "",
            "-",
        ] {
            assert_eq!(exact(&int, Dialect::Postgres, no), None, "{no}");
        }
        let unsigned = col("int(10) unsigned", Family::Integer);
        assert_eq!(exact(&unsigned, Dialect::Mysql, "-1"), None);
        let lite = col("int", Family::Integer);
        assert!(exact(&lite, Dialect::Sqlite, "9007199254740993").is_some());
    }

    #[test]
    fn decimals_that_would_be_rounded_match_nothing() {
        let money = col("numeric(10,2)", Family::Decimal);
        for ok in ["10.5", "10.50", "10.500", "-0.01", "12345678"] {
            assert!(exact(&money, Dialect::Postgres, ok).is_some(), "{ok}");
        }
        for no in ["10.505", "123456789", "1e2", ".5", "5.", "010.5", "NaN"] {
            assert_eq!(exact(&money, Dialect::Postgres, no), None, "{no}");
        }
        let any = col("numeric", Family::Decimal);
        assert!(exact(&any, Dialect::Postgres, "123456789012345678901.000001").is_some());
        assert!(exact(&any, Dialect::Sqlite, "1234567890123456").is_none());
    }

    #[test]
    fn uuids_dates_and_times_in_their_plain_form() {
        let u = col("uuid", Family::Uuid);
        assert_eq!(
            exact(
                &u,
                Dialect::Postgres,
                "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"
            )
            .as_deref(),
            Some("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        );
        assert_eq!(
            exact(
                &u,
                Dialect::Postgres,
                "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"
            ),
            None
        );
        let d = col("date", Family::Date);
        assert!(exact(&d, Dialect::Postgres, "2024-03-10").is_some());
        assert_eq!(exact(&d, Dialect::Postgres, "2024-3-10"), None);
        assert_eq!(exact(&d, Dialect::Postgres, "2024-02-30"), None);
        let tz = col("timestamp with time zone", Family::TimestampTz);
        for ok in [
            "2024-03-10 08:00:00+00",
            "2024-03-10T08:00:00.123456Z",
            "2024-03-10 08:00:00+05:30",
        ] {
            assert!(exact(&tz, Dialect::Postgres, ok).is_some(), "{ok}");
        }
        for no in [
            "2024-03-10 08:00:00",
            "2024-03-10",
            "2024-03-10 08:00:00.1234567+00",
        ] {
            assert_eq!(exact(&tz, Dialect::Postgres, no), None, "{no}");
        }
        let ts0 = col("datetime", Family::Timestamp);
        assert!(exact(&ts0, Dialect::Mysql, "2024-03-10 08:00:00").is_some());
        assert!(exact(&ts0, Dialect::Mysql, "2024-03-10 08:00:00.000").is_some());
        assert_eq!(exact(&ts0, Dialect::Mysql, "2024-03-10 08:00:00.5"), None);
        assert_eq!(exact(&ts0, Dialect::Mysql, "2024-03-10 08:00:00+00"), None);
    }

    #[test]
    fn approximate_and_opaque_values_never_identify() {
        for f in [Family::Float, Family::Bool, Family::Bytes, Family::Json] {
            assert_eq!(exact(&col("x", f), Dialect::Postgres, "1"), None);
        }
    }
}
