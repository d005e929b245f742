//! The identifiers of one subject: name -> the set of values found so far.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Identifiers(BTreeMap<String, BTreeSet<String>>);

impl Identifiers {
    pub fn insert(&mut self, name: &str, value: String) {
        self.0.entry(name.to_owned()).or_default().insert(value);
    }

    pub fn merge(&mut self, other: Identifiers) {
        for (k, v) in other.0 {
            self.0.entry(k).or_default().extend(v);
        }
    }

    /// The values of one identifier (empty when none is known).
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.0
            .get(name)
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default()
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
