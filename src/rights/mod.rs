//! The other rights (DESIGN §2a) as job bodies beside `export` and `erasure`: a
//! rectification writes corrected values, a restriction and an objection set their flags,
//! in every store the data map names; lifting a restriction resets its flags once the
//! subject has been told (Art. 18(3)). The same workflow drives them: the request is
//! `processing` while its `apply` job runs, each store's part is recorded done as it
//! completes (a retry resumes at the first store not done), and [`apply`] ends it with one
//! email that says what changed where and who else was told (Art. 19).

pub mod apply;
pub mod lift;
mod partners;

use serde_json::{Value, json};

use crate::datamap::DataMap;
use crate::datamap::rights::Flag;
use crate::domain::{Details, Kind};

/// The flag a kind sets, if it sets one.
pub fn flag_of(kind: Kind) -> Option<Flag> {
    match kind {
        Kind::Restriction => Some(Flag::Restrict),
        Kind::Objection => Some(Flag::Object),
        _ => None,
    }
}

/// What a store that passes a right on is told besides the identifiers.
pub fn context(details: &Details) -> Value {
    let mut v = json!({});
    if let Some(g) = details.ground {
        v["ground"] = json!(g.as_str());
    }
    if let Some(s) = details.scope {
        v["scope"] = json!(s.as_str());
    }
    v
}

/// The corrected address, when a rectification changes a column the subject is matched by
/// as `email`: from then on the subject is known by it.
pub fn new_address<'a>(map: &DataMap, details: &'a Details) -> Option<&'a str> {
    map.store
        .iter()
        .flat_map(|s| &s.table)
        .filter(|t| {
            t.matches.identifier == crate::datamap::EMAIL
                && t.rectify.contains_key(&t.matches.column)
        })
        .find_map(|t| details.changes.get(&t.matches.column))
        .map(String::as_str)
}
