//! What a DPO sees before deciding a rectification (DESIGN §2a): each field the subject
//! corrects, its current values read live from the stores (never copied into the portal),
//! and the corrected value. The read is audited as the staff member's.

use std::collections::BTreeSet;

use serde_json::json;

use super::ServiceError;
use crate::datamap::DataMap;
use crate::db::requests::RequestRow;
use crate::db::{audit, write_tx};
use crate::domain::Kind;
use crate::portal::Portal;
use crate::stores;

/// One corrected field, side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub field: String,
    pub label: String,
    /// The distinct current values found (`(empty)` for NULL), at most a few per table.
    pub now: Vec<String>,
    pub new: String,
}

/// The corrections a rectification asks for, with the current values; a store that can't
/// be read now is named in `unread` (its summary, not its words).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrections {
    pub fields: Vec<Correction>,
    pub unread: Vec<String>,
}

pub fn of_request(p: &Portal, actor: &str, r: &RequestRow) -> Result<Corrections, ServiceError> {
    let details = r.details();
    if r.kind != Kind::Rectification || details.changes.is_empty() {
        return Ok(Corrections::default());
    }
    let map = DataMap::from_config(&p.config)
        .map_err(|e| ServiceError::Internal(format!("data map: {e}")))?;
    let fields: Vec<String> = details.changes.keys().cloned().collect();
    let mut found = Vec::new();
    let mut unread = Vec::new();
    let opened = stores::open_all(&map).map_err(|e| ServiceError::Unavailable(e.kind.summary()))?;
    let ids = stores::resolve(&map, &opened, &r.email);
    match ids {
        Ok(ids) => {
            for store in &opened {
                match store.current(&ids, &fields) {
                    Ok(values) => found.extend(values),
                    Err(e) => unread.push(format!("{}: {}", e.store, e.kind.summary())),
                }
            }
        }
        Err(e) => unread.push(format!("{}: {}", e.store, e.kind.summary())),
    }
    let corrections = details
        .changes
        .iter()
        .map(|(field, new)| {
            let now: BTreeSet<String> = found
                .iter()
                .filter(|c| &c.field == field)
                .map(|c| c.value.clone().unwrap_or_else(|| "(empty)".into()))
                .collect();
            Correction {
                field: field.clone(),
                label: map.field_label(field).unwrap_or_else(|| field.clone()),
                now: now.into_iter().collect(),
                new: new.clone(),
            }
        })
        .collect();
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        audit::append(
            c,
            actor,
            "admin_read_current_values",
            Some(&r.id),
            &json!({"fields": fields}),
        )
    })?;
    Ok(Corrections {
        fields: corrections,
        unread,
    })
}
