//! Records kept under a legal hold, grouped as people are told about them: per place, table
//! and reason, with how many and the first and last day they are kept.

use std::collections::BTreeMap;

use time::Date;

/// One group of held records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldGroup<'a> {
    pub store: &'a str,
    pub object: &'a str,
    pub reason: &'a str,
    pub records: u64,
    pub first_until: Date,
    pub last_until: Date,
}

impl HeldGroup<'_> {
    /// `31 December 2032`, or `31 December 2032 to 31 December 2033` when each record has
    /// its own end date.
    pub fn until_words(&self) -> String {
        if self.first_until == self.last_until {
            super::format::long_date(self.first_until)
        } else {
            format!(
                "{} to {}",
                super::format::long_date(self.first_until),
                super::format::long_date(self.last_until)
            )
        }
    }

    pub fn one_date(&self) -> bool {
        self.first_until == self.last_until
    }
}

/// Groups `(store, object, reason, until)` of each held record, ordered by store, object
/// and reason.
pub fn group<'a>(
    holds: impl IntoIterator<Item = (&'a str, &'a str, &'a str, Date)>,
) -> Vec<HeldGroup<'a>> {
    let mut by: BTreeMap<(&str, &str, &str), (u64, Date, Date)> = BTreeMap::new();
    for (store, object, reason, until) in holds {
        let e = by
            .entry((store, object, reason))
            .or_insert((0, until, until));
        e.0 += 1;
        e.1 = e.1.min(until);
        e.2 = e.2.max(until);
    }
    by.into_iter()
        .map(
            |((store, object, reason), (records, first_until, last_until))| HeldGroup {
                store,
                object,
                reason,
                records,
                first_until,
                last_until,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn records_group_by_place_table_and_reason_with_their_date_range() {
        let g = group([
            ("app", "invoices", "tax", date!(2033 - 12 - 31)),
            ("app", "invoices", "tax", date!(2032 - 12 - 31)),
            ("app", "orders", "tax", date!(2030 - 01 - 01)),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].records, 2);
        assert_eq!(g[0].first_until, date!(2032 - 12 - 31));
        assert_eq!(g[0].last_until, date!(2033 - 12 - 31));
        assert_eq!(g[1].object, "orders");
        assert_eq!(g[0].until_words(), "31 December 2032 to 31 December 2033");
        assert_eq!(g[1].until_words(), "1 January 2030");
    }
}
