//! The yearly report: requests received in a year, per kind, per month (and per channel),
//! with what became of them — completed on time or late, rejected (by ground), cancelled,
//! expired, still open and open past the due date — and the median and 90th-percentile
//! calendar days from receipt to the answer (CCPA Regulations §7102 asks large businesses
//! to publish the median).

use time::Date;

use crate::domain::{Kind, State};

/// The first year the report accepts.
pub const FIRST_YEAR: i32 = 2020;

/// The years the report accepts: [`FIRST_YEAR`] to next year.
pub fn check_year(typed: &str, this_year: i32) -> Result<i32, String> {
    let last = this_year + 1;
    typed
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (FIRST_YEAR..=last).contains(y))
        .ok_or_else(|| format!("Pick a year between {FIRST_YEAR} and {last}."))
}

/// Where a request ended (or that it has not yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Rejected,
    Cancelled,
    Expired,
    Open,
}

impl Outcome {
    pub fn of(state: State) -> Self {
        match state {
            State::Completed => Outcome::Completed,
            State::Rejected => Outcome::Rejected,
            State::Cancelled => Outcome::Cancelled,
            State::Expired => Outcome::Expired,
            _ => Outcome::Open,
        }
    }

    /// Whether the request was answered (complied with, or declined with reasons): these count
    /// for the days to close.
    pub fn answered(self) -> bool {
        matches!(self, Outcome::Completed | Outcome::Rejected)
    }
}

/// One request as the report reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub kind: Kind,
    pub state: State,
    pub channel: String,
    pub received: Date,
    /// When it was completed or rejected.
    pub closed: Option<Date>,
    /// The effective due date (the extended one once granted).
    pub due: Option<Date>,
    /// The clock is stopped (a UK pause): not overdue while it is.
    pub stopped: bool,
    pub rejection_ground: Option<String>,
}

/// One line of the report (a kind, a month, a channel, or all).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    pub label: String,
    pub received: i64,
    pub on_time: i64,
    pub late: i64,
    pub rejected: i64,
    pub cancelled: i64,
    pub expired: i64,
    pub open: i64,
    pub open_overdue: i64,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YearReport {
    pub year: i32,
    pub kinds: Vec<Line>,
    pub months: Vec<Line>,
    pub channels: Vec<Line>,
    pub total: Line,
    /// Rejections per ground code (`other`: no ground picked), most first.
    pub grounds: Vec<(String, i64)>,
}

impl YearReport {
    /// The total, as a table of one line.
    pub fn total_line(&self) -> &[Line] {
        std::slice::from_ref(&self.total)
    }
}

/// The median of some whole numbers (the mean of the middle two for an even count).
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let mid = n / 2;
    Some(if n % 2 == 1 {
        values[mid] as f64
    } else {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    })
}

/// The 90th percentile by the nearest rank (the smallest value at least 90% are at or below).
pub fn p90(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (values.len() * 9).div_ceil(10);
    Some(values[rank.max(1) - 1] as f64)
}

fn line(label: String, facts: &[&Fact], today: Date) -> Line {
    let mut l = Line {
        label,
        ..Line::default()
    };
    let mut days = Vec::new();
    for f in facts {
        l.received += 1;
        let outcome = Outcome::of(f.state);
        match outcome {
            Outcome::Completed => {
                let late = matches!((f.closed, f.due), (Some(c), Some(d)) if c > d);
                if late {
                    l.late += 1;
                } else {
                    l.on_time += 1;
                }
            }
            Outcome::Rejected => l.rejected += 1,
            Outcome::Cancelled => l.cancelled += 1,
            Outcome::Expired => l.expired += 1,
            Outcome::Open => {
                l.open += 1;
                if !f.stopped && f.state.clock_running() && f.due.is_some_and(|d| d < today) {
                    l.open_overdue += 1;
                }
            }
        }
        if outcome.answered()
            && let Some(c) = f.closed
        {
            days.push((c - f.received).whole_days());
        }
    }
    l.median_days = median(&mut days);
    l.p90_days = p90(&mut days);
    l
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Builds the report of `year` from the requests received in it.
pub fn build(year: i32, facts: &[Fact], today: Date) -> YearReport {
    let select = |p: &dyn Fn(&Fact) -> bool| facts.iter().filter(|f| p(f)).collect::<Vec<_>>();
    let kinds = Kind::ALL
        .into_iter()
        .map(|k| line(k.as_str().to_owned(), &select(&|f| f.kind == k), today))
        .collect();
    let months = (1u8..=12)
        .map(|m| {
            line(
                MONTHS[usize::from(m - 1)].to_owned(),
                &select(&|f| u8::from(f.received.month()) == m),
                today,
            )
        })
        .collect();
    let mut names: Vec<&str> = facts.iter().map(|f| f.channel.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let channels = names
        .into_iter()
        .map(|c| line(c.to_owned(), &select(&|f| f.channel == c), today))
        .collect();
    let mut grounds: Vec<(String, i64)> = Vec::new();
    for f in facts.iter().filter(|f| f.state == State::Rejected) {
        let g = f.rejection_ground.as_deref().unwrap_or("other");
        match grounds.iter_mut().find(|(n, _)| n == g) {
            Some((_, n)) => *n += 1,
            None => grounds.push((g.to_owned(), 1)),
        }
    }
    grounds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    YearReport {
        year,
        kinds,
        months,
        channels,
        total: line("all".into(), &select(&|_| true), today),
        grounds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn medians_and_percentiles() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5.0));
        assert_eq!(median(&mut [9, 1, 4]), Some(4.0));
        assert_eq!(median(&mut [10, 1, 4, 3]), Some(3.5));
        assert_eq!(p90(&mut []), None);
        assert_eq!(p90(&mut [7]), Some(7.0));
        assert_eq!(p90(&mut [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), Some(9.0));
        assert_eq!(p90(&mut [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), Some(10.0));
    }

    #[test]
    fn years_are_asked_for_in_words() {
        assert_eq!(check_year("2026", 2026), Ok(2026));
        assert_eq!(check_year(" 2027 ", 2026), Ok(2027));
        for bad in ["1999", "2028", "next", ""] {
            assert_eq!(
                check_year(bad, 2026),
                Err("Pick a year between 2020 and 2027.".into())
            );
        }
    }

    fn fact(kind: Kind, state: State, received: Date, closed: Option<Date>, due: Date) -> Fact {
        Fact {
            kind,
            state,
            channel: "web".into(),
            received,
            closed,
            due: Some(due),
            stopped: false,
            rejection_ground: None,
        }
    }

    #[test]
    fn on_time_late_overdue_grounds_and_months() {
        let today = date!(2026 - 06 - 01);
        let due = date!(2026 - 02 - 10);
        let jan = date!(2026 - 01 - 10);
        let mut facts = vec![
            fact(
                Kind::Access,
                State::Completed,
                jan,
                Some(date!(2026 - 01 - 20)),
                due,
            ),
            fact(
                Kind::Access,
                State::Completed,
                jan,
                Some(date!(2026 - 02 - 11)),
                due,
            ),
            fact(Kind::Access, State::Processing, jan, None, due),
            fact(
                Kind::Erasure,
                State::Rejected,
                date!(2026 - 03 - 01),
                Some(date!(2026 - 03 - 04)),
                due,
            ),
            fact(
                Kind::Erasure,
                State::Rejected,
                date!(2026 - 03 - 02),
                Some(date!(2026 - 03 - 03)),
                due,
            ),
            fact(
                Kind::Erasure,
                State::Expired,
                date!(2026 - 03 - 02),
                None,
                due,
            ),
        ];
        facts[3].rejection_ground = Some("art12_5".into());
        facts[5].channel = "phone".into();
        let r = build(2026, &facts, today);
        let access = &r.kinds[0];
        assert_eq!((access.received, access.on_time, access.late), (3, 1, 1));
        assert_eq!((access.open, access.open_overdue), (1, 1));
        assert_eq!(access.median_days, Some(21.0));
        assert_eq!(access.p90_days, Some(32.0));
        assert_eq!((r.kinds[1].rejected, r.kinds[1].expired), (2, 1));
        assert_eq!(r.grounds, vec![("art12_5".into(), 1), ("other".into(), 1)]);
        assert_eq!(r.months[0].received, 3);
        assert_eq!(r.months[2].received, 3);
        assert_eq!(r.months[2].label, "March");
        assert_eq!(r.total.received, 6);
        let channels: Vec<(&str, i64)> = r
            .channels
            .iter()
            .map(|c| (c.label.as_str(), c.received))
            .collect();
        assert_eq!(channels, [("phone", 1), ("web", 5)]);
    }
}
