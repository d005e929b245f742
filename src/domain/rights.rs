//! What a request of the other rights (DESIGN §2a) carries beyond its kind: the corrected
//! values of a rectification, the ground of a restriction, the scope (and grounds) of an
//! objection. Kept with the request as JSON (`requests.details`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::request::{Kind, UnknownName, names};

/// The longest corrected value, note or grounds a subject may give (characters).
pub const MAX_TEXT: usize = 2000;
/// The most fields one rectification may correct.
pub const MAX_CHANGES: usize = 50;

/// Why processing should be restricted (Art. 18(1)(a)–(d)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// (a) the subject contests the accuracy of the data.
    AccuracyContested,
    /// (b) processing is unlawful and the subject wants restriction instead of erasure.
    UnlawfulProcessing,
    /// (c) the subject needs the data for legal claims.
    LegalClaims,
    /// (d) an objection under Art. 21(1) is pending.
    ObjectionPending,
}

impl Ground {
    pub const ALL: [Ground; 4] = [
        Ground::AccuracyContested,
        Ground::UnlawfulProcessing,
        Ground::LegalClaims,
        Ground::ObjectionPending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Ground::AccuracyContested => "accuracy_contested",
            Ground::UnlawfulProcessing => "unlawful_processing",
            Ground::LegalClaims => "legal_claims",
            Ground::ObjectionPending => "objection_pending",
        }
    }

    /// In words, for the form and the emails.
    pub fn describe(self) -> &'static str {
        match self {
            Ground::AccuracyContested => "I contest the accuracy of my data",
            Ground::UnlawfulProcessing => {
                "The processing is unlawful, and I want it restricted rather than erased"
            }
            Ground::LegalClaims => "I need the data to establish, exercise or defend legal claims",
            Ground::ObjectionPending => "I have objected to the processing and await the answer",
        }
    }
}

/// What an objection is against (Art. 21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Direct marketing (Art. 21(2)–(3)); under CCPA the sale or sharing of data. Absolute:
    /// applied once the address is confirmed, without a DPO's decision.
    DirectMarketing,
    /// Processing on legitimate interests or a public task (Art. 21(1)): the subject's
    /// grounds are weighed by a DPO.
    Other,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::DirectMarketing, Scope::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::DirectMarketing => "direct_marketing",
            Scope::Other => "other",
        }
    }
}

names!(Ground, "ground");
names!(Scope, "scope");

/// What a request carries beyond its kind. Empty for access and erasure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    /// Rectification: the corrected value per field (a column the map marks `rectify`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub changes: BTreeMap<String, String>,
    /// Restriction: the ground.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<Ground>,
    /// Objection: the scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// The subject's own words: why a value is wrong, the grounds of an objection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a request's details can't be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DetailsError(pub String);

impl Details {
    pub fn is_empty(&self) -> bool {
        *self == Details::default()
    }

    /// Checks the details fit the kind: what it needs is there, nothing of another kind's
    /// is, and texts are within bounds. `rectifiable` says whether a field may be corrected.
    /// Values are trimmed; an empty note is none.
    pub fn checked(
        mut self,
        kind: Kind,
        rectifiable: &dyn Fn(&str) -> bool,
    ) -> Result<Details, DetailsError> {
        let err = |m: String| Err(DetailsError(m));
        if let Some(note) = &self.note {
            let note = note.trim();
            if note.chars().count() > MAX_TEXT {
                return err(format!("the note is longer than {MAX_TEXT} characters"));
            }
            self.note = (!note.is_empty()).then(|| note.to_owned());
        }
        let mut changes = BTreeMap::new();
        for (field, value) in std::mem::take(&mut self.changes) {
            let value = value.trim().to_owned();
            if value.is_empty() {
                continue; // a field left blank on the form is not a change
            }
            if !rectifiable(&field) {
                let shown: String = field.chars().take(60).collect();
                return err(format!("{shown:?} is not a field that can be corrected"));
            }
            if value.chars().count() > MAX_TEXT {
                return err(format!(
                    "the new value of {field} is longer than {MAX_TEXT} characters"
                ));
            }
            changes.insert(field, value);
        }
        if changes.len() > MAX_CHANGES {
            return err(format!(
                "at most {MAX_CHANGES} fields can be corrected at once"
            ));
        }
        self.changes = changes;
        let stray = |what: &str| format!("{what} only belongs to a {} request", what_kind(what));
        if kind != Kind::Rectification && !self.changes.is_empty() {
            return err(stray("changes"));
        }
        if kind != Kind::Restriction && self.ground.is_some() {
            return err(stray("ground"));
        }
        if kind != Kind::Objection && self.scope.is_some() {
            return err(stray("scope"));
        }
        match kind {
            Kind::Rectification => {
                if self.changes.is_empty() {
                    return err("give the corrected value of at least one field".into());
                }
            }
            Kind::Restriction => {
                if self.ground.is_none() {
                    return err("choose why processing should be restricted".into());
                }
            }
            Kind::Objection => match self.scope {
                None => return err("choose what you object to".into()),
                Some(Scope::Other) if self.note.is_none() => {
                    return err(
                        "say why you object: your grounds relating to your particular situation"
                            .into(),
                    );
                }
                Some(_) => {}
            },
            Kind::Access | Kind::Erasure => {}
        }
        Ok(self)
    }

    /// Whether this request's kind and details need a DPO's decision, given the policy's
    /// answer for the kind: an objection to direct marketing never does (Art. 21(3) is
    /// absolute), an objection on other grounds always does (the grounds are weighed).
    pub fn needs_approval(&self, kind: Kind, policy: bool) -> bool {
        match (kind, self.scope) {
            (Kind::Objection, Some(Scope::DirectMarketing)) => false,
            (Kind::Objection, _) => true,
            _ => policy,
        }
    }

    pub fn to_json(&self) -> Option<String> {
        (!self.is_empty()).then(|| serde_json::to_string(self).unwrap_or_default())
    }

    /// The details stored with a request (none for access and erasure).
    pub fn from_json(text: Option<&str>) -> Details {
        text.and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default()
    }
}

fn what_kind(field: &str) -> &'static str {
    match field {
        "changes" => "rectification",
        "ground" => "restriction",
        _ => "objection",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(_: &str) -> bool {
        true
    }

    #[test]
    fn each_kind_needs_its_own_details_and_no_others() {
        let d = Details::default();
        assert!(d.clone().checked(Kind::Access, &any).is_ok());
        for kind in [Kind::Rectification, Kind::Restriction, Kind::Objection] {
            assert!(d.clone().checked(kind, &any).is_err(), "{kind:?}");
        }
        let ground = Details {
            ground: Some(Ground::LegalClaims),
            ..Details::default()
        };
        assert!(ground.clone().checked(Kind::Restriction, &any).is_ok());
        let e = ground.checked(Kind::Objection, &any).unwrap_err();
        assert!(e.0.contains("restriction"), "{e}");
    }

    #[test]
    fn rectification_takes_only_rectifiable_fields_and_drops_blank_ones() {
        let mut changes = BTreeMap::new();
        changes.insert("full_name".to_owned(), "  Jane Roe ".to_owned());
        changes.insert("phone".to_owned(), " ".to_owned());
        let d = Details {
            changes,
            ..Details::default()
        };
        let ok = d
            .clone()
            .checked(Kind::Rectification, &|f| f == "full_name")
            .unwrap();
        assert_eq!(ok.changes.len(), 1);
        assert_eq!(ok.changes["full_name"], "Jane Roe");
        let e = d
            .checked(Kind::Rectification, &|f| f == "phone")
            .unwrap_err();
        assert_eq!(e.0, "\"full_name\" is not a field that can be corrected");
    }

    #[test]
    fn an_objection_on_other_grounds_needs_them_and_a_dpo() {
        let other = Details {
            scope: Some(Scope::Other),
            ..Details::default()
        };
        assert!(other.clone().checked(Kind::Objection, &any).is_err());
        let with = Details {
            note: Some("I am a public figure".into()),
            ..other
        };
        let with = with.checked(Kind::Objection, &any).unwrap();
        assert!(with.needs_approval(Kind::Objection, false));
        let marketing = Details {
            scope: Some(Scope::DirectMarketing),
            ..Details::default()
        };
        assert!(!marketing.needs_approval(Kind::Objection, true));
        assert!(Details::default().needs_approval(Kind::Erasure, true));
    }

    #[test]
    fn details_round_trip_as_json() {
        let d = Details {
            ground: Some(Ground::AccuracyContested),
            note: Some("wrong address".into()),
            ..Details::default()
        };
        let j = d.to_json().unwrap();
        assert_eq!(
            j,
            r#"{"ground":"accuracy_contested","note":"wrong address"}"#
        );
        assert_eq!(Details::from_json(Some(&j)), d);
        assert_eq!(Details::default().to_json(), None);
        assert_eq!("other".parse::<Scope>().unwrap(), Scope::Other);
        assert!("x".parse::<Ground>().is_err());
    }
}
