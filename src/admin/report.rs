//! The yearly report: requests received in a year, counted by kind and outcome, and the
//! median days to close (CCPA Regulations §7102 asks large businesses to publish it).

use crate::domain::{Kind, State};

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
    pub const ALL: [Outcome; 5] = [
        Outcome::Completed,
        Outcome::Rejected,
        Outcome::Cancelled,
        Outcome::Expired,
        Outcome::Open,
    ];

    pub fn of(state: State) -> Self {
        match state {
            State::Completed => Outcome::Completed,
            State::Rejected => Outcome::Rejected,
            State::Cancelled => Outcome::Cancelled,
            State::Expired => Outcome::Expired,
            _ => Outcome::Open,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Rejected => "rejected",
            Outcome::Cancelled => "cancelled",
            Outcome::Expired => "expired",
            Outcome::Open => "open",
        }
    }

    /// Whether the request was answered (complied with, or declined with reasons): these count
    /// for the days to close.
    pub fn answered(self) -> bool {
        matches!(self, Outcome::Completed | Outcome::Rejected)
    }
}

/// One kind's line of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub kind: Kind,
    pub received: i64,
    /// Counts in the order of [`Outcome::ALL`].
    pub outcomes: [i64; 5],
    pub median_days_to_close: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YearReport {
    pub year: i32,
    pub lines: Vec<Line>,
    pub total: Line,
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

/// Builds the report from counts per (kind, state) and the days to close of every answered
/// request, per kind.
pub fn build(year: i32, counts: &[(Kind, State, i64)], days: &[(Kind, i64)]) -> YearReport {
    let line = |kind: Kind, filter: &dyn Fn(Kind) -> bool| {
        let mut outcomes = [0i64; 5];
        let mut received = 0;
        for (_, s, n) in counts.iter().filter(|(k, _, _)| filter(*k)) {
            received += n;
            let i = Outcome::ALL
                .iter()
                .position(|o| *o == Outcome::of(*s))
                .unwrap_or(4);
            outcomes[i] += n;
        }
        let mut d: Vec<i64> = days
            .iter()
            .filter(|(k, _)| filter(*k))
            .map(|(_, d)| *d)
            .collect();
        Line {
            kind,
            received,
            outcomes,
            median_days_to_close: median(&mut d),
        }
    };
    YearReport {
        year,
        lines: Kind::ALL
            .into_iter()
            .map(|k| line(k, &|x| x == k))
            .collect(),
        total: line(Kind::Access, &|_| true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5.0));
        assert_eq!(median(&mut [9, 1, 4]), Some(4.0));
        assert_eq!(median(&mut [10, 1, 4, 3]), Some(3.5));
    }

    #[test]
    fn counts_by_kind_and_outcome() {
        let r = build(
            2026,
            &[
                (Kind::Access, State::Completed, 3),
                (Kind::Access, State::Processing, 1),
                (Kind::Erasure, State::Rejected, 2),
                (Kind::Erasure, State::Failed, 1),
                (Kind::Erasure, State::Expired, 4),
            ],
            &[
                (Kind::Access, 10),
                (Kind::Access, 20),
                (Kind::Access, 30),
                (Kind::Erasure, 3),
            ],
        );
        assert_eq!(r.lines[0].received, 4);
        assert_eq!(r.lines[0].outcomes, [3, 0, 0, 0, 1]);
        assert_eq!(r.lines[0].median_days_to_close, Some(20.0));
        assert_eq!(r.lines[1].outcomes, [0, 2, 0, 4, 1]);
        assert_eq!(r.total.received, 11);
        assert_eq!(r.total.median_days_to_close, Some(15.0));
    }
}
