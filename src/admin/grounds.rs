//! The common grounds for declining a request, each with the legal text the subject is
//! mailed before the DPO's own words.

use crate::domain::Kind;

/// One ground a DPO may pick when rejecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ground {
    /// Its name in forms, the database and the report.
    pub code: &'static str,
    /// Its name on the desk.
    pub label: &'static str,
    /// What the subject reads (before the DPO's reason).
    pub text: &'static str,
    /// The kinds it can apply to (empty: every kind).
    pub kinds: &'static [Kind],
}

/// The grounds, in the order the desk offers them.
pub const GROUNDS: [Ground; 6] = [
    Ground {
        code: "art12_5",
        label: "Manifestly unfounded or excessive (Art. 12(5))",
        text: "Your request is manifestly unfounded or excessive (GDPR Art. 12(5)(b)).",
        kinds: &[],
    },
    Ground {
        code: "identity",
        label: "Identity not confirmed (Art. 12(6))",
        text: "We could not confirm that you are the person the data is about (GDPR Art. 12(6)); you may send us further information to confirm it.",
        kinds: &[],
    },
    Ground {
        code: "art17_3_b",
        label: "Kept by law (Art. 17(3)(b))",
        text: "We must keep this data to comply with a legal obligation (GDPR Art. 17(3)(b)).",
        kinds: &[Kind::Erasure],
    },
    Ground {
        code: "art17_3_e",
        label: "Needed for legal claims (Art. 17(3)(e))",
        text: "We need this data for the establishment, exercise or defence of legal claims (GDPR Art. 17(3)(e)).",
        kinds: &[Kind::Erasure, Kind::Restriction],
    },
    Ground {
        code: "art15_4",
        label: "Would harm the rights of others (Art. 15(4))",
        text: "A copy would adversely affect the rights and freedoms of others (GDPR Art. 15(4)).",
        kinds: &[Kind::Access],
    },
    Ground {
        code: "art21_1",
        label: "Compelling legitimate grounds (Art. 21(1))",
        text: "We have compelling legitimate grounds for the processing which override your interests, rights and freedoms (GDPR Art. 21(1)).",
        kinds: &[Kind::Objection],
    },
];

/// The ground named `code`.
pub fn by_code(code: &str) -> Option<&'static Ground> {
    GROUNDS.iter().find(|g| g.code == code)
}

/// The grounds the desk offers for a request of `kind`.
pub fn for_kind(kind: Kind) -> Vec<&'static Ground> {
    GROUNDS
        .iter()
        .filter(|g| g.kinds.is_empty() || g.kinds.contains(&kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grounds_per_kind() {
        let codes = |k| for_kind(k).iter().map(|g| g.code).collect::<Vec<_>>();
        assert_eq!(
            codes(Kind::Erasure),
            ["art12_5", "identity", "art17_3_b", "art17_3_e"]
        );
        assert_eq!(codes(Kind::Access), ["art12_5", "identity", "art15_4"]);
        assert!(by_code("art17_3_b").unwrap().text.contains("17(3)(b)"));
        assert!(by_code("nope").is_none());
    }
}
