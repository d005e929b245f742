//! Statutory response deadlines for data-subject requests.
//!
//! Three jurisdictions are supported (see [`Jurisdiction`]):
//!
//! * **`gdpr`** (the default) — GDPR Art. 12(3), counted the way the ICO
//!   recommends. *Day one* is the day identity is confirmed: the later of the
//!   receipt and verification dates. The request is due on the same calendar
//!   date one month later, or on the last day of that month when it has no
//!   such date (31 Jan → 28 Feb, or 29 Feb in a leap year). A due date that
//!   falls on a Saturday, a Sunday or a configured holiday moves to the next
//!   working day. The one permitted extension of up to two further months
//!   gives the same calendar date *three* months after day one, with the same
//!   month-end clamp and working-day roll.
//! * **`uk`** — UK GDPR, as `gdpr`, but the clock may be stopped while the
//!   controller waits for clarification from the subject (ICO guidance on the
//!   right of access). Each [`Pause`] is a half-open interval of days
//!   `[from, to)` worth `to - from` days; overlapping pauses are merged so no
//!   day counts twice. The due date is day one + 1 month (clamped) + the total
//!   paused days, then rolled to a working day; the extended due date is
//!   computed likewise with 3 months.
//! * **`ccpa`** — CCPA Cal. Civ. Code §1798.130(a)(2) and CCPA Regulations
//!   §7021: 45 calendar days from *receipt* (verification does not restart
//!   the clock), extendable once to 90 calendar days from receipt. No
//!   working-day roll and no pauses. Receipt must be confirmed within 10
//!   business days (§7021(a)), reported as [`Deadlines::acknowledge_by`]:
//!   receipt + 10 working days (weekends and holidays skipped).
//!
//! The kind of request matters in one case (DESIGN §2a, [`compute_for`]): a CCPA opt-out
//! of sale or sharing (an `objection`) is due 15 business days from receipt (CCPA
//! Regulations §7026(f)), with no extension. Every other kind follows the rules above (a
//! CCPA correction: 45 days, +45).
//!
//! Pauses are only accepted for `uk`; non-empty pauses for any other
//! jurisdiction are rejected with [`DeadlineError::PauseNotAllowed`].

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use time::{Date, Duration, Month, Weekday};

/// The legal regime whose response deadlines apply to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Jurisdiction {
    /// EU GDPR, Art. 12(3).
    #[default]
    Gdpr,
    /// UK GDPR: as GDPR, plus clarification pauses ("stopping the clock").
    Uk,
    /// California Consumer Privacy Act.
    Ccpa,
}

impl Jurisdiction {
    /// Every supported jurisdiction, in display order.
    pub const ALL: [Jurisdiction; 3] = [Jurisdiction::Gdpr, Jurisdiction::Uk, Jurisdiction::Ccpa];

    /// The stable lower-case identifier: `"gdpr"`, `"uk"` or `"ccpa"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Jurisdiction::Gdpr => "gdpr",
            Jurisdiction::Uk => "uk",
            Jurisdiction::Ccpa => "ccpa",
        }
    }

    /// Whether the clock may be stopped for clarification (only `uk`).
    #[must_use]
    pub fn allows_pause(self) -> bool {
        matches!(self, Jurisdiction::Uk)
    }
}

/// The one text mapping, for rows read from the database: an unknown name is an error.
impl TryFrom<String> for Jurisdiction {
    type Error = DeadlineError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl FromStr for Jurisdiction {
    type Err = DeadlineError;

    /// Parses the exact lower-case identifier returned by [`Jurisdiction::as_str`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Jurisdiction::ALL
            .into_iter()
            .find(|j| j.as_str() == s)
            .ok_or_else(|| DeadlineError::UnknownJurisdiction(s.to_owned()))
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A period during which the clock is stopped: the half-open day interval
/// `[from, to)`, worth `to - from` days (`to == from` is an empty pause).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// First paused day.
    pub from: Date,
    /// First day after the pause (the day the clock restarts).
    pub to: Date,
}

/// The deadlines computed for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The day the clock starts: the later of receipt and verification for
    /// `gdpr`/`uk`, the receipt date for `ccpa`.
    pub day_one: Date,
    /// The date by which the request must be answered.
    pub due: Date,
    /// The due date if the single permitted extension is used.
    pub extended_due: Date,
    /// The date by which receipt must be confirmed (`ccpa` only).
    pub acknowledge_by: Option<Date>,
}

/// Why deadlines could not be computed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DeadlineError {
    /// A jurisdiction name that is not one of [`Jurisdiction::ALL`].
    #[error("unknown jurisdiction {0:?} (expected gdpr, uk or ccpa)")]
    UnknownJurisdiction(String),
    /// Pauses were given for a jurisdiction that does not allow them.
    #[error("jurisdiction {0} does not allow pausing the clock (only uk does)")]
    PauseNotAllowed(Jurisdiction),
    /// A pause that ends before it starts.
    #[error("invalid pause: ends on {to} before it starts on {from}")]
    InvalidPause {
        /// First paused day, as given.
        from: Date,
        /// End of the pause, as given (earlier than `from`).
        to: Date,
    },
    /// A computed date falls outside the range supported by `time::Date`.
    #[error("date out of supported range")]
    OutOfRange,
}

/// A holiday calendar: weekends plus configured dates.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
}

impl Calendar {
    /// A calendar whose non-working days are Saturdays, Sundays and `holidays`.
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> Self {
        Calendar {
            holidays: holidays.into_iter().collect(),
        }
    }

    /// `true` unless `d` is a Saturday, a Sunday or a configured holiday.
    #[must_use]
    pub fn is_working_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.holidays.contains(&d)
    }

    /// `d` itself if it is a working day, otherwise the next working day.
    ///
    /// Saturates at [`Date::MAX`] (a Friday) if there is no later date.
    #[must_use]
    pub fn next_working_day(&self, d: Date) -> Date {
        self.try_next_working_day(d).unwrap_or(Date::MAX)
    }

    fn try_next_working_day(&self, mut d: Date) -> Result<Date, DeadlineError> {
        while !self.is_working_day(d) {
            d = d.next_day().ok_or(DeadlineError::OutOfRange)?;
        }
        Ok(d)
    }

    /// The `n`-th working day strictly after `d`.
    fn add_working_days(&self, mut d: Date, n: u32) -> Result<Date, DeadlineError> {
        let mut counted = 0;
        while counted < n {
            d = d.next_day().ok_or(DeadlineError::OutOfRange)?;
            if self.is_working_day(d) {
                counted += 1;
            }
        }
        Ok(d)
    }
}

/// Computes the deadlines for a request under jurisdiction `j`.
///
/// `received`: the date the request was received; `verified`: when identity
/// was confirmed (`None` = treat as received). `pauses` are only accepted for
/// [`Jurisdiction::Uk`].
///
/// # Errors
///
/// [`DeadlineError::PauseNotAllowed`] for non-empty `pauses` outside `uk`,
/// [`DeadlineError::InvalidPause`] for a pause ending before it starts, and
/// [`DeadlineError::OutOfRange`] if a date would leave `time`'s range.
pub fn compute(
    j: Jurisdiction,
    received: Date,
    verified: Option<Date>,
    pauses: &[Pause],
    cal: &Calendar,
) -> Result<Deadlines, DeadlineError> {
    if !j.allows_pause() && !pauses.is_empty() {
        return Err(DeadlineError::PauseNotAllowed(j));
    }
    match j {
        Jurisdiction::Gdpr | Jurisdiction::Uk => {
            let day_one = verified.map_or(received, |v| v.max(received));
            let stopped = Duration::days(paused_days(pauses)?);
            let deadline = |months| -> Result<Date, DeadlineError> {
                let raw = add_months_clamped(day_one, months)?
                    .checked_add(stopped)
                    .ok_or(DeadlineError::OutOfRange)?;
                cal.try_next_working_day(raw)
            };
            Ok(Deadlines {
                day_one,
                due: deadline(1)?,
                extended_due: deadline(3)?,
                acknowledge_by: None,
            })
        }
        Jurisdiction::Ccpa => {
            let plus = |days| {
                received
                    .checked_add(Duration::days(days))
                    .ok_or(DeadlineError::OutOfRange)
            };
            Ok(Deadlines {
                day_one: received,
                due: plus(45)?,
                extended_due: plus(90)?,
                acknowledge_by: Some(cal.add_working_days(received, 10)?),
            })
        }
    }
}

/// Computes the deadlines of a request of `kind`: [`compute`], except that a CCPA opt-out
/// of sale or sharing is due 15 business days from receipt and can't be extended
/// (`extended_due == due`).
///
/// # Errors
///
/// As [`compute`].
pub fn compute_for(
    kind: super::Kind,
    j: Jurisdiction,
    received: Date,
    verified: Option<Date>,
    pauses: &[Pause],
    cal: &Calendar,
) -> Result<Deadlines, DeadlineError> {
    let d = compute(j, received, verified, pauses, cal)?;
    if j == Jurisdiction::Ccpa && kind == super::Kind::Objection {
        let due = cal.add_working_days(received, 15)?;
        return Ok(Deadlines {
            due,
            extended_due: due,
            ..d
        });
    }
    Ok(d)
}

impl Deadlines {
    /// Whether the law allows an extension at all.
    #[must_use]
    pub fn extendable(&self) -> bool {
        self.extended_due > self.due
    }
}

/// Total days covered by `pauses`, counting overlapping days once.
fn paused_days(pauses: &[Pause]) -> Result<i64, DeadlineError> {
    if let Some(p) = pauses.iter().find(|p| p.to < p.from) {
        return Err(DeadlineError::InvalidPause {
            from: p.from,
            to: p.to,
        });
    }
    let mut sorted: Vec<Pause> = pauses.iter().copied().filter(|p| p.to > p.from).collect();
    sorted.sort_unstable_by_key(|p| p.from);

    let mut total = 0;
    let mut span: Option<(Date, Date)> = None;
    for p in sorted {
        span = match span {
            Some((start, end)) if p.from <= end => Some((start, end.max(p.to))),
            Some((start, end)) => {
                total += (end - start).whole_days();
                Some((p.from, p.to))
            }
            None => Some((p.from, p.to)),
        };
    }
    if let Some((start, end)) = span {
        total += (end - start).whole_days();
    }
    Ok(total)
}

/// Same calendar date `months` later, clamped to the month's last day. Public for reuse.
///
/// # Errors
///
/// [`DeadlineError::OutOfRange`] if the result would leave `time`'s range.
pub fn add_months_clamped(d: Date, months: u32) -> Result<Date, DeadlineError> {
    let index = i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).map_err(|_| DeadlineError::OutOfRange)?;
    let month = u8::try_from(index.rem_euclid(12) + 1)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(DeadlineError::OutOfRange)?;
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).map_err(|_| DeadlineError::OutOfRange)
}

/// Days from `today` to `due` (negative when overdue).
#[must_use]
pub fn days_left(due: Date, today: Date) -> i64 {
    (due - today).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// One dated scenario for [`compute`].
    struct Case {
        j: Jurisdiction,
        received: Date,
        verified: Option<Date>,
        pauses: &'static [Pause],
        holidays: &'static [Date],
        due: Date,
        extended_due: Date,
        acknowledge_by: Option<Date>,
    }

    const fn p(from: Date, to: Date) -> Pause {
        Pause { from, to }
    }

    use Jurisdiction::{Ccpa, Gdpr, Uk};

    // Every weekday named below was checked with `date -d YYYY-MM-DD +%a`.
    #[rustfmt::skip]
    const CASES: &[Case] = &[
        // GDPR: 10 Mar 2027 (Wed) + 1 month = Sat 10 Apr -> Mon 12 Apr; +3 months = Thu 10 Jun.
        Case { j: Gdpr, received: date!(2027-03-10), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-04-12), extended_due: date!(2027-06-10), acknowledge_by: None },
        // GDPR, no roll needed: Fri 15 Oct 2027 and Wed 15 Dec 2027 are working days.
        Case { j: Gdpr, received: date!(2027-09-15), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-10-15), extended_due: date!(2027-12-15), acknowledge_by: None },
        // Leap year: 31 Jan 2028 -> 29 Feb 2028 (Tue); +3 months clamps to Sun 30 Apr -> Mon 1 May.
        Case { j: Gdpr, received: date!(2028-01-31), verified: None, pauses: &[], holidays: &[],
               due: date!(2028-02-29), extended_due: date!(2028-05-01), acknowledge_by: None },
        // Non-leap year: 31 Jan 2027 -> 28 Feb 2027 is a Sunday -> Mon 1 Mar; +3 months = Fri 30 Apr.
        Case { j: Gdpr, received: date!(2027-01-31), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-03-01), extended_due: date!(2027-04-30), acknowledge_by: None },
        // Due on a Sunday: 21 Feb 2027 -> Mon 22 Feb; extended Wed 21 Apr.
        Case { j: Gdpr, received: date!(2027-01-21), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-02-22), extended_due: date!(2027-04-21), acknowledge_by: None },
        // Holiday on the due date: Mon 5 Apr 2027 is configured -> Tue 6 Apr; extended Sat 5 Jun -> Mon 7 Jun.
        Case { j: Gdpr, received: date!(2027-03-05), verified: None, pauses: &[], holidays: &[date!(2027-04-05)],
               due: date!(2027-04-06), extended_due: date!(2027-06-07), acknowledge_by: None },
        // Holiday followed by a weekend: Fri 30 Apr 2027 holiday, Sat, Sun -> Mon 3 May; extended Wed 30 Jun.
        Case { j: Gdpr, received: date!(2027-03-30), verified: None, pauses: &[], holidays: &[date!(2027-04-30)],
               due: date!(2027-05-03), extended_due: date!(2027-06-30), acknowledge_by: None },
        // Christmas 2027: Sat 25, Sun 26, Mon 27 and Tue 28 (substitute bank holidays) -> Wed 29 Dec; extended Fri 25 Feb 2028.
        Case { j: Gdpr, received: date!(2027-11-25), verified: None, pauses: &[], holidays: &[date!(2027-12-27), date!(2027-12-28)],
               due: date!(2027-12-29), extended_due: date!(2028-02-25), acknowledge_by: None },
        // Verified after receipt: day one is the verification date 15 Mar 2027 -> Thu 15 Apr, Tue 15 Jun.
        Case { j: Gdpr, received: date!(2027-03-01), verified: Some(date!(2027-03-15)), pauses: &[], holidays: &[],
               due: date!(2027-04-15), extended_due: date!(2027-06-15), acknowledge_by: None },
        // "Verified" before receipt: the later date (receipt, 15 Mar 2027) is day one.
        Case { j: Gdpr, received: date!(2027-03-15), verified: Some(date!(2027-03-01)), pauses: &[], holidays: &[],
               due: date!(2027-04-15), extended_due: date!(2027-06-15), acknowledge_by: None },
        // Extension clamps into a leap February: 30 Nov 2027 -> Thu 30 Dec; +3 months = Tue 29 Feb 2028.
        Case { j: Gdpr, received: date!(2027-11-30), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-12-30), extended_due: date!(2028-02-29), acknowledge_by: None },
        // Extension clamps into a common February: 30 Nov 2026 -> Wed 30 Dec; Sun 28 Feb 2027 -> Mon 1 Mar.
        Case { j: Gdpr, received: date!(2026-11-30), verified: None, pauses: &[], holidays: &[],
               due: date!(2026-12-30), extended_due: date!(2027-03-01), acknowledge_by: None },
        // Year end: 15 Dec 2027 -> Sat 15 Jan 2028 -> Mon 17 Jan; extended Wed 15 Mar 2028.
        Case { j: Gdpr, received: date!(2027-12-15), verified: None, pauses: &[], holidays: &[],
               due: date!(2028-01-17), extended_due: date!(2028-03-15), acknowledge_by: None },
        // Year end from 31 Dec 2027: Mon 31 Jan 2028, extended Fri 31 Mar 2028 (31-day months, no clamp).
        Case { j: Gdpr, received: date!(2027-12-31), verified: None, pauses: &[], holidays: &[],
               due: date!(2028-01-31), extended_due: date!(2028-03-31), acknowledge_by: None },
        // 31 Aug 2027 -> Thu 30 Sep (clamped), extended Tue 30 Nov (clamped).
        Case { j: Gdpr, received: date!(2027-08-31), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-09-30), extended_due: date!(2027-11-30), acknowledge_by: None },
        // Day one 29 Feb 2028 -> Wed 29 Mar; extended Mon 29 May is a configured holiday -> Tue 30 May.
        Case { j: Gdpr, received: date!(2028-02-29), verified: None, pauses: &[], holidays: &[date!(2028-05-29)],
               due: date!(2028-03-29), extended_due: date!(2028-05-30), acknowledge_by: None },
        // Late verification moves day one to 31 Jan 2027 -> Sun 28 Feb -> Mon 1 Mar; extended Fri 30 Apr.
        Case { j: Gdpr, received: date!(2027-01-20), verified: Some(date!(2027-01-31)), pauses: &[], holidays: &[],
               due: date!(2027-03-01), extended_due: date!(2027-04-30), acknowledge_by: None },
        // Received on a Saturday (6 Mar 2027) still counts as day one: Tue 6 Apr; Sun 6 Jun -> Mon 7 Jun.
        Case { j: Gdpr, received: date!(2027-03-06), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-04-06), extended_due: date!(2027-06-07), acknowledge_by: None },
        // UK without pauses behaves exactly like GDPR (same as the first row).
        Case { j: Uk, received: date!(2027-03-10), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-04-12), extended_due: date!(2027-06-10), acknowledge_by: None },
        // UK, one 7-day pause: Sat 10 Apr + 7 = Sat 17 Apr -> Mon 19 Apr; Thu 10 Jun + 7 = Thu 17 Jun.
        Case { j: Uk, received: date!(2027-03-10), verified: None, pauses: &[p(date!(2027-03-15), date!(2027-03-22))], holidays: &[],
               due: date!(2027-04-19), extended_due: date!(2027-06-17), acknowledge_by: None },
        // UK, two disjoint pauses of 3 + 4 days: Fri 15 Oct + 7 = Fri 22 Oct; Wed 15 Dec + 7 = Wed 22 Dec.
        Case { j: Uk, received: date!(2027-09-15), verified: None,
               pauses: &[p(date!(2027-09-20), date!(2027-09-23)), p(date!(2027-10-01), date!(2027-10-05))], holidays: &[],
               due: date!(2027-10-22), extended_due: date!(2027-12-22), acknowledge_by: None },
        // UK, overlapping pauses 20-27 and 24-30 Sep merge to 10 days (not 13): Mon 25 Oct; Sat 25 Dec -> Mon 27 Dec.
        Case { j: Uk, received: date!(2027-09-15), verified: None,
               pauses: &[p(date!(2027-09-20), date!(2027-09-27)), p(date!(2027-09-24), date!(2027-09-30))], holidays: &[],
               due: date!(2027-10-25), extended_due: date!(2027-12-27), acknowledge_by: None },
        // UK, a pause nested inside another counts once: 10 days, as above.
        Case { j: Uk, received: date!(2027-09-15), verified: None,
               pauses: &[p(date!(2027-09-20), date!(2027-09-30)), p(date!(2027-09-22), date!(2027-09-25))], holidays: &[],
               due: date!(2027-10-25), extended_due: date!(2027-12-27), acknowledge_by: None },
        // UK, adjacent half-open pauses [20, 25) + [25, 30) = 5 + 5 = 10 days, as above.
        Case { j: Uk, received: date!(2027-09-15), verified: None,
               pauses: &[p(date!(2027-09-20), date!(2027-09-25)), p(date!(2027-09-25), date!(2027-09-30))], holidays: &[],
               due: date!(2027-10-25), extended_due: date!(2027-12-27), acknowledge_by: None },
        // UK, an empty pause (to == from) adds nothing: Fri 15 Oct, Wed 15 Dec.
        Case { j: Uk, received: date!(2027-09-15), verified: None, pauses: &[p(date!(2027-09-20), date!(2027-09-20))], holidays: &[],
               due: date!(2027-10-15), extended_due: date!(2027-12-15), acknowledge_by: None },
        // UK, clamp then pause: 31 Jan 2027 -> 28 Feb + 3 = Wed 3 Mar; 30 Apr + 3 = Mon 3 May (holiday) -> Tue 4 May.
        Case { j: Uk, received: date!(2027-01-31), verified: None, pauses: &[p(date!(2027-02-01), date!(2027-02-04))], holidays: &[date!(2027-05-03)],
               due: date!(2027-03-03), extended_due: date!(2027-05-04), acknowledge_by: None },
        // UK, late verification plus a 12-day pause: 15 Apr + 12 = Tue 27 Apr; 15 Jun + 12 = Sun 27 Jun -> Mon 28 Jun.
        Case { j: Uk, received: date!(2027-03-01), verified: Some(date!(2027-03-15)), pauses: &[p(date!(2027-03-20), date!(2027-04-01))], holidays: &[],
               due: date!(2027-04-27), extended_due: date!(2027-06-28), acknowledge_by: None },
        // UK, 14-day pause across the year end: 1 Jan 2028 + 14 = Sat 15 Jan -> Mon 17 Jan; 1 Mar + 14 = Wed 15 Mar.
        Case { j: Uk, received: date!(2027-12-01), verified: None, pauses: &[p(date!(2027-12-20), date!(2028-01-03))], holidays: &[],
               due: date!(2028-01-17), extended_due: date!(2028-03-15), acknowledge_by: None },
        // UK, three unsorted overlapping pauses merge to [20 Sep, 8 Oct) = 18 days:
        // 15 Oct + 18 = Tue 2 Nov; 15 Dec + 18 = Sun 2 Jan 2028 -> Mon 3 Jan.
        Case { j: Uk, received: date!(2027-09-15), verified: None,
               pauses: &[p(date!(2027-10-04), date!(2027-10-08)), p(date!(2027-09-20), date!(2027-09-24)), p(date!(2027-09-22), date!(2027-10-05))],
               holidays: &[],
               due: date!(2027-11-02), extended_due: date!(2028-01-03), acknowledge_by: None },
        // CCPA: Mon 1 Mar 2027 + 45 = Thu 15 Apr, + 90 = Sun 30 May (no roll); ack after 10 working days = Mon 15 Mar.
        Case { j: Ccpa, received: date!(2027-03-01), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-04-15), extended_due: date!(2027-05-30), acknowledge_by: Some(date!(2027-03-15)) },
        // CCPA across month ends: 20 Jan 2027 + 45 = Sat 6 Mar (no roll), + 90 = Tue 20 Apr; ack Wed 3 Feb.
        Case { j: Ccpa, received: date!(2027-01-20), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-03-06), extended_due: date!(2027-04-20), acknowledge_by: Some(date!(2027-02-03)) },
        // CCPA across the year end: 1 Dec 2027 + 45 = Sat 15 Jan 2028, + 90 = Tue 29 Feb 2028; ack Wed 15 Dec.
        Case { j: Ccpa, received: date!(2027-12-01), verified: None, pauses: &[], holidays: &[],
               due: date!(2028-01-15), extended_due: date!(2028-02-29), acknowledge_by: Some(date!(2027-12-15)) },
        // CCPA ignores a later verification date: same as received 1 Mar 2027.
        Case { j: Ccpa, received: date!(2027-03-01), verified: Some(date!(2027-03-20)), pauses: &[], holidays: &[],
               due: date!(2027-04-15), extended_due: date!(2027-05-30), acknowledge_by: Some(date!(2027-03-15)) },
        // CCPA does not roll a due date that is a holiday (Thu 15 Apr 2027 configured).
        Case { j: Ccpa, received: date!(2027-03-01), verified: None, pauses: &[], holidays: &[date!(2027-04-15)],
               due: date!(2027-04-15), extended_due: date!(2027-05-30), acknowledge_by: Some(date!(2027-03-15)) },
        // CCPA across a leap February: 1 Feb 2028 + 45 = Fri 17 Mar, + 90 = Mon 1 May; ack Tue 15 Feb.
        Case { j: Ccpa, received: date!(2028-02-01), verified: None, pauses: &[], holidays: &[],
               due: date!(2028-03-17), extended_due: date!(2028-05-01), acknowledge_by: Some(date!(2028-02-15)) },
        // CCPA ack over weekends and holidays: from Fri 17 Dec 2027, working days 20-24 Dec (5),
        // 27/28 Dec are holidays, 29-31 Dec (8), Mon 3 Jan (9), Tue 4 Jan 2028 (10). Due Mon 31 Jan, extended Thu 16 Mar.
        Case { j: Ccpa, received: date!(2027-12-17), verified: None, pauses: &[], holidays: &[date!(2027-12-27), date!(2027-12-28)],
               due: date!(2028-01-31), extended_due: date!(2028-03-16), acknowledge_by: Some(date!(2028-01-04)) },
        // CCPA received on Sat 6 Mar 2027: ack counts Mon 8 - Fri 19 Mar; due Tue 20 Apr, extended Fri 4 Jun.
        Case { j: Ccpa, received: date!(2027-03-06), verified: None, pauses: &[], holidays: &[],
               due: date!(2027-04-20), extended_due: date!(2027-06-04), acknowledge_by: Some(date!(2027-03-19)) },
    ];

    #[test]
    fn dated_cases() {
        assert!(CASES.len() >= 30);
        for (i, c) in CASES.iter().enumerate() {
            let cal = Calendar::new(c.holidays.iter().copied());
            let got = compute(c.j, c.received, c.verified, c.pauses, &cal)
                .unwrap_or_else(|e| panic!("row {i} ({} {}): {e}", c.j, c.received));
            assert_eq!(
                (got.due, got.extended_due, got.acknowledge_by),
                (c.due, c.extended_due, c.acknowledge_by),
                "row {i} ({} received {})",
                c.j,
                c.received
            );
            if c.j != Ccpa {
                // Rolled dates are always working days under GDPR/UK.
                assert!(cal.is_working_day(got.due), "row {i}");
                assert!(cal.is_working_day(got.extended_due), "row {i}");
            }
        }
    }

    #[test]
    fn ccpa_opt_out_is_due_in_15_business_days_without_extension() {
        use super::super::Kind;
        let cal = Calendar::new([date!(2027 - 03 - 10)]);
        // Monday 1 March 2027: 15 working days, skipping weekends and the holiday.
        let d = compute_for(
            Kind::Objection,
            Ccpa,
            date!(2027 - 03 - 01),
            None,
            &[],
            &cal,
        )
        .unwrap();
        assert_eq!(d.due, date!(2027 - 03 - 23));
        assert!(!d.extendable());
        // A CCPA correction: 45 days, +45; a GDPR objection: one month.
        let c = compute_for(
            Kind::Rectification,
            Ccpa,
            date!(2027 - 03 - 01),
            None,
            &[],
            &cal,
        )
        .unwrap();
        assert_eq!(
            (c.due, c.extended_due),
            (date!(2027 - 04 - 15), date!(2027 - 05 - 30))
        );
        assert!(c.extendable());
        let g = compute_for(
            Kind::Objection,
            Gdpr,
            date!(2027 - 03 - 01),
            None,
            &[],
            &cal,
        )
        .unwrap();
        assert_eq!(g.due, date!(2027 - 04 - 01));
    }

    #[test]
    fn day_one_is_latest_of_receipt_and_verification_except_ccpa() {
        let cal = Calendar::default();
        let (rec, ver) = (date!(2027 - 03 - 01), date!(2027 - 03 - 15));
        for j in [Gdpr, Uk] {
            assert_eq!(
                compute(j, rec, Some(ver), &[], &cal).map(|d| d.day_one),
                Ok(ver)
            );
            assert_eq!(
                compute(j, ver, Some(rec), &[], &cal).map(|d| d.day_one),
                Ok(ver)
            );
            assert_eq!(compute(j, rec, None, &[], &cal).map(|d| d.day_one), Ok(rec));
        }
        assert_eq!(
            compute(Ccpa, rec, Some(ver), &[], &cal).map(|d| d.day_one),
            Ok(rec)
        );
    }

    #[test]
    fn pause_rejected_outside_uk() {
        let cal = Calendar::default();
        let pause = [p(date!(2027 - 03 - 02), date!(2027 - 03 - 05))];
        for j in [Gdpr, Ccpa] {
            assert_eq!(
                compute(j, date!(2027 - 03 - 01), None, &pause, &cal),
                Err(DeadlineError::PauseNotAllowed(j))
            );
            // An empty list is fine.
            assert!(compute(j, date!(2027 - 03 - 01), None, &[], &cal).is_ok());
        }
        assert!(compute(Uk, date!(2027 - 03 - 01), None, &pause, &cal).is_ok());
        assert_eq!(
            DeadlineError::PauseNotAllowed(Gdpr).to_string(),
            "jurisdiction gdpr does not allow pausing the clock (only uk does)"
        );
    }

    #[test]
    fn inverted_pause_is_an_error() {
        let cal = Calendar::default();
        let (from, to) = (date!(2027 - 03 - 10), date!(2027 - 03 - 09));
        let pauses = [p(date!(2027 - 03 - 02), date!(2027 - 03 - 05)), p(from, to)];
        let err = compute(Uk, date!(2027 - 03 - 01), None, &pauses, &cal);
        assert_eq!(err, Err(DeadlineError::InvalidPause { from, to }));
        assert_eq!(
            DeadlineError::InvalidPause { from, to }.to_string(),
            "invalid pause: ends on 2027-03-09 before it starts on 2027-03-10"
        );
    }

    #[test]
    fn unknown_jurisdiction() {
        for bad in ["xx", "GDPR", "Uk", " ccpa", "", "eu"] {
            assert_eq!(
                bad.parse::<Jurisdiction>(),
                Err(DeadlineError::UnknownJurisdiction(bad.to_owned()))
            );
        }
        let msg = "xx".parse::<Jurisdiction>().map_err(|e| e.to_string());
        assert_eq!(
            msg,
            Err(r#"unknown jurisdiction "xx" (expected gdpr, uk or ccpa)"#.to_owned())
        );
        // Control characters are escaped, so the message stays on one line.
        let msg = "a\nb".parse::<Jurisdiction>().map_err(|e| e.to_string());
        assert!(msg.is_err_and(|m| !m.contains('\n')));
    }

    #[test]
    fn jurisdiction_round_trip() {
        assert_eq!(
            Jurisdiction::ALL.map(Jurisdiction::as_str),
            ["gdpr", "uk", "ccpa"]
        );
        for j in Jurisdiction::ALL {
            assert_eq!(j.as_str().parse::<Jurisdiction>(), Ok(j));
            assert_eq!(j.to_string(), j.as_str());
            assert_eq!(j.to_string().parse::<Jurisdiction>(), Ok(j));
            assert_eq!(j.allows_pause(), j == Uk);
        }
        assert_eq!(Jurisdiction::default(), Gdpr);
    }

    #[test]
    fn days_left_sign() {
        let due = date!(2027 - 04 - 15);
        assert_eq!(days_left(due, date!(2027 - 04 - 01)), 14);
        assert_eq!(days_left(due, due), 0);
        assert_eq!(days_left(due, date!(2027 - 04 - 16)), -1);
        assert_eq!(days_left(date!(2028 - 01 - 03), date!(2027 - 12 - 31)), 3);
        assert_eq!(days_left(date!(2027 - 12 - 31), date!(2028 - 03 - 01)), -61);
    }

    #[test]
    fn add_months_clamped_cases() {
        let cases = [
            (date!(2027 - 01 - 31), 0, date!(2027 - 01 - 31)),
            (date!(2027 - 01 - 31), 1, date!(2027 - 02 - 28)),
            (date!(2028 - 01 - 31), 1, date!(2028 - 02 - 29)),
            (date!(2027 - 03 - 31), 1, date!(2027 - 04 - 30)),
            (date!(2027 - 11 - 30), 3, date!(2028 - 02 - 29)),
            (date!(2027 - 12 - 15), 1, date!(2028 - 01 - 15)),
            (date!(2028 - 02 - 29), 12, date!(2029 - 02 - 28)),
            (date!(2027 - 05 - 31), 25, date!(2029 - 06 - 30)),
        ];
        for (d, m, want) in cases {
            assert_eq!(add_months_clamped(d, m), Ok(want), "{d} + {m} months");
        }
        assert_eq!(
            add_months_clamped(date!(9999 - 12 - 01), 1),
            Err(DeadlineError::OutOfRange)
        );
        assert_eq!(
            add_months_clamped(date!(2027 - 01 - 01), u32::MAX),
            Err(DeadlineError::OutOfRange)
        );
    }

    #[test]
    fn out_of_range_is_an_error_not_a_panic() {
        let cal = Calendar::default();
        for j in Jurisdiction::ALL {
            assert_eq!(
                compute(j, date!(9999 - 11 - 15), None, &[], &cal),
                Err(DeadlineError::OutOfRange)
            );
        }
    }

    #[test]
    fn calendar_working_days() {
        let cal = Calendar::new([date!(2027 - 12 - 27), date!(2027 - 12 - 28)]);
        assert!(cal.is_working_day(date!(2027 - 12 - 24))); // Fri
        assert!(!cal.is_working_day(date!(2027 - 12 - 25))); // Sat
        assert!(!cal.is_working_day(date!(2027 - 12 - 26))); // Sun
        assert!(!cal.is_working_day(date!(2027 - 12 - 27))); // holiday
        assert_eq!(
            cal.next_working_day(date!(2027 - 12 - 24)),
            date!(2027 - 12 - 24)
        );
        assert_eq!(
            cal.next_working_day(date!(2027 - 12 - 25)),
            date!(2027 - 12 - 29)
        );
        assert_eq!(
            Calendar::default().next_working_day(date!(2027 - 12 - 25)),
            date!(2027 - 12 - 27)
        );
        // No later date exists: saturates instead of panicking.
        let end = Calendar::new([Date::MAX]);
        assert_eq!(end.next_working_day(Date::MAX), Date::MAX);
    }
}
