//! `[datamap]`: where the data map is read from.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Datamap {
    /// Empty: the built-in demo map.
    pub path: String,
}
