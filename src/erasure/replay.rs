//! Replay after a backup restore (DESIGN §3): the ledger holds keyed hashes of every erased
//! subject's identifiers. Subjects are re-found only through identifying values (`email`,
//! identifiers a table marks `identifying = true`) whose hash the ledger knows; their
//! internal ids are derived again from the restored rows, as an erasure derives them, and
//! an internal id that now also belongs to someone who was not erased (a reused id, a reset
//! sequence) is skipped with everything derived from it. The plan is printed first; only
//! `apply` changes anything, through the same engine (holds respected).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;
use serde_json::json;
use time::PrimitiveDateTime;

use super::engine::{Engine, Finished, Origin};
use super::ledger::LedgerKey;
use super::plan::Plan;
use crate::db::{self, audit, erasures};
use crate::error::ServiceError;
use crate::portal::Portal;
use crate::stores::{self, Identifiers, StoreError};

/// Values of one identifier left out of the replay, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub identifier: String,
    pub values: usize,
    pub reason: &'static str,
}

/// A replay's plan: what was found again, what was left out, and what erasing it does.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReplayPlan {
    /// Ledger entries since the given time.
    pub entries: usize,
    /// Identifying values of erased subjects seen again, per identifier (records kept under
    /// a hold still carry them).
    pub found: BTreeMap<String, usize>,
    pub skipped: Vec<Skipped>,
    /// Per store and object, what erasing again does and to how many records; None when
    /// nothing was found.
    #[serde(skip)]
    pub plan: Option<Plan>,
    #[serde(skip)]
    ids: Identifiers,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReplayReport {
    /// Stores and objects erased again (rows per object).
    pub erased: BTreeMap<String, u64>,
    pub erasure_id: Option<String>,
}

/// The reason an internal id is skipped.
pub const LINKED_TO_SOMEONE_ELSE: &str =
    "also linked to someone who was not erased (a reused id): their records are left alone";
/// The reason an identifying value found on the way is skipped.
pub const NOT_ERASED: &str = "not a value of an erased subject";

/// Finds the erased subjects the stores hold again since `since`, and plans their erasure.
/// Changes nothing.
pub fn plan(p: &Portal, since: PrimitiveDateTime) -> Result<ReplayPlan, ServiceError> {
    let engine = Engine::open(p).map_err(|f| ServiceError::Invalid(f.to_string()))?;
    plan_with(p, &engine, since)
}

fn plan_with(
    p: &Portal,
    engine: &Engine,
    since: PrimitiveDateTime,
) -> Result<ReplayPlan, ServiceError> {
    let invalid = |e: StoreError| ServiceError::Invalid(e.to_string());
    let mut conn = p.conn()?;
    let entries = erasures::ledger_since(&mut conn, since)?;
    drop(conn);
    let identifying = engine.map.identifying();
    // Every hash of every identifier the ledger recorded since then.
    let mut known: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for e in &entries {
        let ids: BTreeMap<String, Vec<String>> =
            serde_json::from_str(&e.identifiers).unwrap_or_default();
        for (name, hashes) in ids {
            known.entry(name).or_default().extend(hashes);
        }
    }
    let ledger = Ledger {
        key: engine.ledger_key(),
        known: &known,
    };
    let mut out = ReplayPlan {
        entries: entries.len(),
        ..ReplayPlan::default()
    };
    let mut seeds = Identifiers::default();
    for name in identifying.iter().filter(|n| known.contains_key(*n)) {
        let recognise = |v: &str| ledger.erased(name, v);
        for store in &engine.stores {
            for v in store.recognise(name, &recognise).map_err(invalid)? {
                seeds.insert(name, v);
            }
        }
    }
    for (name, values) in seeds.iter() {
        out.found.insert(name.clone(), values.len());
    }
    if seeds.is_empty() {
        return Ok(out);
    }
    let mut skipped: BTreeMap<(String, &'static str), BTreeSet<String>> = BTreeMap::new();
    let mut guard = |identifier: &str, ids: &mut Identifiers| -> Result<(), StoreError> {
        let mut drop = Vec::new();
        for v in ids.values(identifier) {
            let reason = if identifying.contains(identifier) {
                (!ledger.erased(identifier, v)).then_some(NOT_ERASED)
            } else {
                let mut seen = BTreeSet::new();
                ledger
                    .someone_else(engine, &identifying, identifier, v, &mut seen)?
                    .then_some(LINKED_TO_SOMEONE_ELSE)
            };
            if let Some(reason) = reason {
                drop.push((v.to_owned(), reason));
            }
        }
        for (v, reason) in drop {
            ids.retain(identifier, |x| x != v);
            skipped
                .entry((identifier.to_owned(), reason))
                .or_default()
                .insert(v);
        }
        Ok(())
    };
    let ids =
        stores::resolve_guarded(&engine.map, &engine.stores, seeds, &mut guard).map_err(invalid)?;
    out.skipped = skipped
        .into_iter()
        .map(|((identifier, reason), values)| Skipped {
            identifier,
            values: values.len(),
            reason,
        })
        .collect();
    out.plan = Some(
        engine
            .plan(&ids)
            .map_err(|f| ServiceError::Invalid(f.to_string()))?,
    );
    out.ids = ids;
    Ok(out)
}

/// What the ledger knows.
struct Ledger<'a> {
    key: &'a LedgerKey,
    known: &'a BTreeMap<String, HashSet<String>>,
}

impl Ledger<'_> {
    /// Whether `value` of `identifier` belonged to a subject erased since then.
    fn erased(&self, identifier: &str, value: &str) -> bool {
        self.known
            .get(identifier)
            .is_some_and(|h| h.contains(&self.key.hash(identifier, value)))
    }

    /// Whether the records that derive `value` of `identifier` lead back (through any
    /// number of derive steps) to an identifying value of someone not erased.
    fn someone_else(
        &self,
        engine: &Engine,
        identifying: &BTreeSet<String>,
        identifier: &str,
        value: &str,
        seen: &mut BTreeSet<(String, String)>,
    ) -> Result<bool, StoreError> {
        if !seen.insert((identifier.to_owned(), value.to_owned())) {
            return Ok(false);
        }
        for store in &engine.stores {
            for (owner, v) in store.owners(identifier, value)? {
                let live = if identifying.contains(&owner) {
                    !self.erased(&owner, &v)
                } else {
                    self.someone_else(engine, identifying, &owner, &v, seen)?
                };
                if live {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}

/// Plans, then erases again what the plan found, through the engine (holds respected), and
/// audits it.
pub fn apply(
    p: &Portal,
    since: PrimitiveDateTime,
    actor: &str,
) -> Result<(ReplayPlan, ReplayReport), ServiceError> {
    let engine = Engine::open(p).map_err(|f| ServiceError::Invalid(f.to_string()))?;
    let plan = plan_with(p, &engine, since)?;
    let mut report = ReplayReport::default();
    if plan.plan.is_none() || plan.ids.is_empty() {
        return Ok((plan, report));
    }
    let origin = Origin {
        request_id: None,
        source: "replay",
        subjects: plan.found.values().sum(),
        actor,
    };
    let mut conn = p.conn()?;
    let id = db::write_tx(&mut conn, |c| engine.begin(c, &origin, &plan.ids, None))?;
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
        &json!({"since": since.to_string(), "entries": plan.entries, "found": plan.found,
                "skipped": plan.skipped, "erased": report.erased, "erasure": id}),
    )?;
    report.erasure_id = Some(id);
    Ok((plan, report))
}
