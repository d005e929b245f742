//! The identifiers of one subject: name -> the set of values found so far.
//!
//! Only values that can name someone get in: an empty or whitespace-only value (a common
//! "no value" default) would match every row holding the same nothing, so it is dropped
//! here, once, for every store. Addresses are kept lower-case, the form every connector
//! compares them in.

use std::collections::{BTreeMap, BTreeSet};

use crate::datamap::EMAIL;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Identifiers(BTreeMap<String, BTreeSet<String>>);

impl Identifiers {
    /// Adds a value; an empty or whitespace-only one is not an identifier and is dropped.
    pub fn insert(&mut self, name: &str, value: String) {
        if !is_identifier(&value) {
            return;
        }
        let value = if name == EMAIL {
            value.to_lowercase()
        } else {
            value
        };
        self.0.entry(name.to_owned()).or_default().insert(value);
    }

    pub fn merge(&mut self, other: Identifiers) {
        for (k, values) in other.0 {
            for v in values {
                self.insert(&k, v);
            }
        }
    }

    /// Drops the values `keep` refuses.
    pub fn retain(&mut self, name: &str, mut keep: impl FnMut(&str) -> bool) {
        if let Some(values) = self.0.get_mut(name) {
            values.retain(|v| keep(v));
        }
    }

    /// The values of one identifier (empty when none is known).
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.0
            .get(name)
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether `value` is one of the values of `name`.
    pub fn contains(&self, name: &str, value: &str) -> bool {
        self.0.get(name).is_some_and(|s| s.contains(value))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &BTreeSet<String>)> {
        self.0.iter()
    }

    /// How many values are known, over all identifiers.
    pub fn len(&self) -> usize {
        self.0.values().map(BTreeSet::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeSet::is_empty)
    }
}

/// Whether a value can name someone: not empty, not only whitespace.
pub fn is_identifier(value: &str) -> bool {
    !value.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_values_are_never_identifiers_and_addresses_are_lower_case() {
        let mut ids = Identifiers::default();
        for v in ["", " ", "\t\n", "\u{a0}"] {
            ids.insert("user_id", v.into());
        }
        assert!(ids.is_empty(), "{ids:?}");
        ids.insert(EMAIL, "Dave@Example.COM".into());
        ids.insert("login", "Dave".into());
        assert_eq!(ids.values(EMAIL), ["dave@example.com"]);
        assert_eq!(ids.values("login"), ["Dave"]);
        let mut other = Identifiers::default();
        other.insert("user_id", "7".into());
        ids.merge(other);
        ids.retain("user_id", |v| v != "7");
        assert!(ids.values("user_id").is_empty());
    }
}
