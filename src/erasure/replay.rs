//! Replay after a backup restore: the ledger holds keyed hashes of every erased subject's
//! identifiers; each store is scanned for values whose hash the ledger knows, and what is
//! found again is erased again through the same engine (holds respected).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::json;
use time::PrimitiveDateTime;

use super::engine::{Engine, Finished, Origin};
use crate::db::{self, audit, erasures};
use crate::portal::Portal;
use crate::service::ServiceError;
use crate::stores::Identifiers;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReplayReport {
    /// Ledger entries since the given time.
    pub entries: usize,
    /// Distinct identifier values seen again in the stores, per identifier (records kept
    /// under a hold or masked still carry them).
    pub found: BTreeMap<String, usize>,
    /// Stores and objects erased again (rows per object).
    pub erased: BTreeMap<String, u64>,
    pub erasure_id: Option<String>,
}

/// Re-applies every erasure recorded since `since`.
pub fn replay(
    p: &Portal,
    since: PrimitiveDateTime,
    actor: &str,
) -> Result<ReplayReport, ServiceError> {
    let engine = Engine::open(p).map_err(|f| ServiceError::Invalid(f.to_string()))?;
    let mut conn = p.conn()?;
    let entries = erasures::ledger_since(&mut conn, since)?;
    drop(conn);
    let mut report = ReplayReport {
        entries: entries.len(),
        ..ReplayReport::default()
    };
    // Every hash of every identifier the ledger recorded since then.
    let mut known: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for e in &entries {
        let ids: BTreeMap<String, Vec<String>> =
            serde_json::from_str(&e.identifiers).unwrap_or_default();
        for (name, hashes) in ids {
            known.entry(name).or_default().extend(hashes);
        }
    }
    let key = engine.ledger_key().clone();
    let mut seeds = Identifiers::default();
    for (name, hashes) in &known {
        let recognise = |v: &str| hashes.contains(&key.hash(name, v));
        for store in &engine.stores {
            let found = store
                .recognise(name, &recognise)
                .map_err(|e| ServiceError::Invalid(e.to_string()))?;
            for v in found {
                seeds.insert(name, v);
            }
        }
    }
    for (name, values) in seeds.iter() {
        report.found.insert(name.clone(), values.len());
    }
    if seeds.is_empty() {
        return Ok(report);
    }
    let ids = engine
        .resolve(seeds)
        .map_err(|f| ServiceError::Invalid(f.to_string()))?;
    let origin = Origin {
        request_id: None,
        source: "replay",
        subjects: report.found.values().sum(),
        actor,
    };
    let mut conn = p.conn()?;
    let id = db::write_tx(&mut conn, |c| engine.begin(c, &origin, &ids))?;
    drop(conn);
    let finished = engine
        .execute(p, &id, &origin, &|| {})
        .map_err(|f| ServiceError::Invalid(f.to_string()))?;
    if let Finished::Completed(r) = finished {
        for s in &r.stores {
            for o in &s.objects {
                if o.rows > 0 && o.action != "retain" {
                    report
                        .erased
                        .insert(format!("{}/{}", s.store, o.object), o.rows);
                }
            }
        }
    }
    let mut conn = p.conn()?;
    audit::append(
        &mut conn,
        actor,
        "erasures_replayed",
        None,
        &json!({"since": since.to_string(), "entries": report.entries, "found": report.found,
                "erased": report.erased, "erasure": id}),
    )?;
    report.erasure_id = Some(id);
    Ok(report)
}
