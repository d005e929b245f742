//! Connectors to the company's stores (DESIGN §3): one [`Store`] trait, one module per kind.
//!
//! A connector finds one subject's records from the identifiers known so far, streams them
//! to a [`RecordSink`] without holding a table in memory, and performs the erase primitives.
//! Records travel as JSON object text whose values already have their export types (exact
//! numbers, RFC 3339 timestamps, base64 bytes, nested JSON).

pub mod http;
pub mod http_client;
pub mod identifiers;
pub mod manual;
pub mod redis;
pub mod sql;
pub mod stripe;

use std::fmt;

pub use identifiers::Identifiers;

use crate::datamap::rights::{Changes, Flag};
use crate::datamap::{DataMap, Problem, StoreDef, StoreType};

/// A typed connector error that names the store.
#[derive(Debug, thiserror::Error)]
#[error("store {store}: {kind}")]
pub struct StoreError {
    pub store: String,
    pub kind: ErrorKind,
}

#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot connect: {0}")]
    Unreachable(String),
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("query failed: {0}")]
    Query(String),
    #[error("the remote answered {status}: {message}")]
    Remote { status: u16, message: String },
    #[error("writing the records failed: {0}")]
    Sink(String),
    /// The portal refused to go on, for a reason of its own (safe to show).
    #[error("{0}")]
    Refused(String),
}

impl ErrorKind {
    /// What may be shown beyond the operator's log (audit log, emails, the desk and status
    /// pages): the kind of failure without the store's own words, which can quote a row
    /// (`Key (email)=(jane@…) already exists`) or a remote body.
    pub fn summary(&self) -> String {
        match self {
            ErrorKind::Unreachable(_) => "cannot connect to the store".into(),
            ErrorKind::Timeout(_) => "the store did not answer in time".into(),
            ErrorKind::Config(m) => format!("configuration: {m}"),
            ErrorKind::Query(_) => {
                "the store refused a query (its message is in the operator's log)".into()
            }
            ErrorKind::Remote { status, .. } => {
                format!("the service answered HTTP {status} (its message is in the operator's log)")
            }
            ErrorKind::Sink(_) => "writing the archive failed".into(),
            ErrorKind::Refused(m) => m.clone(),
        }
    }
}

impl StoreError {
    pub fn new(store: &str, kind: ErrorKind) -> Self {
        Self {
            store: store.to_owned(),
            kind,
        }
    }
}

/// Where records go: an object (a table, `keys`, `customer`…) at a time.
pub trait RecordSink {
    fn begin(&mut self, object: &str) -> Result<(), String>;
    /// The object's columns, when the store knows them before the first record (so an
    /// empty table still gets a CSV header).
    fn columns(&mut self, _columns: &[String]) -> Result<(), String> {
        Ok(())
    }
    /// One record: a JSON object, as text.
    fn record(&mut self, json: &str) -> Result<(), String>;
    /// One record whose CSV cells the store already has (one per column, `None` for NULL),
    /// so a sink writing CSV need not parse the JSON.
    fn record_cells(&mut self, json: &str, _cells: &[Option<&str>]) -> Result<(), String> {
        self.record(json)
    }
    fn end(&mut self) -> Result<(), String>;
}

/// A sink that counts and forgets (dry runs, benchmarks).
#[derive(Debug, Default)]
pub struct CountingSink {
    pub objects: Vec<(String, u64)>,
    pub bytes: u64,
}

impl RecordSink for CountingSink {
    fn begin(&mut self, object: &str) -> Result<(), String> {
        self.objects.push((object.to_owned(), 0));
        Ok(())
    }
    fn record(&mut self, json: &str) -> Result<(), String> {
        if let Some(last) = self.objects.last_mut() {
            last.1 += 1;
        }
        self.bytes += json.len() as u64;
        Ok(())
    }
    fn end(&mut self) -> Result<(), String> {
        Ok(())
    }
}

/// How many records of the subject one object holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub object: String,
    pub rows: u64,
}

/// What erasing did to one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub object: String,
    pub action: &'static str,
    pub rows: u64,
    /// For `retain`: the rows kept, each its key (JSON) and the date its hold counts from.
    pub retained: Vec<RetainedRow>,
}

/// A derived value and the known value it came from ([`Store::derive_traced`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    /// The known value of the identifier looked up.
    pub from: String,
    /// The identifier derived, and its value.
    pub identifier: String,
    pub value: String,
}

/// One current value of a correctable field in one record (None is NULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub object: String,
    pub field: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetainedRow {
    pub key: String,
    pub from: Option<String>,
    /// The identifier values that reached the row, as `(identifier, value)` pairs of the
    /// identifiers erased (so a batch's hold can name whose row it is); empty when the
    /// store can't tell.
    pub via: Vec<(String, String)>,
}

/// A store of the company's data.
pub trait Store: Send + Sync {
    fn name(&self) -> &str;
    fn kind(&self) -> StoreType;
    /// Checks the map's names against the live store: each problem names store, table, column.
    fn check(&self) -> Result<Vec<Problem>, StoreError>;
    /// What works but could be better (a lookup that reads a whole big table), each naming
    /// store, table and column with the fix.
    fn advise(&self) -> Result<Vec<Problem>, StoreError> {
        Ok(Vec::new())
    }
    /// New identifier values from this store's tables matched by `identifier`.
    fn derive(&self, _identifier: &str, _ids: &Identifiers) -> Result<Identifiers, StoreError> {
        Ok(Identifiers::default())
    }
    /// As [`Store::derive`], each derived value with the known value of `identifier` that
    /// reached it, so one lookup serves many subjects and each keeps only what its own values
    /// reached. By default one [`Store::derive`] per known value.
    fn derive_traced(
        &self,
        identifier: &str,
        ids: &Identifiers,
    ) -> Result<Vec<Traced>, StoreError> {
        let mut out = Vec::new();
        for from in ids.values(identifier) {
            let mut one = Identifiers::default();
            one.insert(identifier, from.to_owned());
            for (name, values) in self.derive(identifier, &one)?.iter() {
                out.extend(values.iter().map(|v| Traced {
                    from: from.to_owned(),
                    identifier: name.clone(),
                    value: v.clone(),
                }));
            }
        }
        Ok(out)
    }
    /// Counts of the subject's records per object (for a dry run or a plan).
    fn locate(&self, ids: &Identifiers) -> Result<Vec<Located>, StoreError>;
    /// Streams the subject's records.
    fn export(&self, ids: &Identifiers, sink: &mut dyn RecordSink) -> Result<(), StoreError>;
    /// Applies the map's erase strategies (one transaction per SQL store).
    fn erase(&self, ids: &Identifiers) -> Result<Vec<Outcome>, StoreError>;
    /// What erasing does to each object, in the order it does it (for a plan).
    fn erase_actions(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(Vec::new())
    }
    /// Removes one record kept under a legal hold, now that the hold has ended.
    fn purge_held(&self, object: &str, _key: &str) -> Result<u64, StoreError> {
        Err(holds_nothing(self.name(), object))
    }
    /// Streams the records kept under a legal hold in `object` whose hold keys are `keys`
    /// (each the JSON key its hold recorded); a record no longer there is left out.
    fn export_held(
        &self,
        object: &str,
        _keys: &[String],
        _sink: &mut dyn RecordSink,
    ) -> Result<(), StoreError> {
        Err(holds_nothing(self.name(), object))
    }
    /// The values of `identifier` a retention rule's query returns (SQL stores).
    fn rule_subjects(&self, _sql: &str, _identifier: &str) -> Result<Vec<String>, StoreError> {
        Err(StoreError::new(
            self.name(),
            ErrorKind::Config("retention rules need a SQL store".into()),
        ))
    }
    /// Writes corrected values into the subject's records (DESIGN §2a): each change only
    /// into the columns the map marks `rectify`, checked against the column's type first
    /// (one transaction per SQL store). Stores without such columns change nothing.
    fn rectify(&self, _ids: &Identifiers, _changes: &Changes) -> Result<Vec<Outcome>, StoreError> {
        Ok(Vec::new())
    }
    /// Sets `flag` on the subject's records (`on`), or lifts it. `context` is what the
    /// request says (the ground of a restriction, the scope of an objection), for stores
    /// that pass it on.
    fn flag(
        &self,
        _ids: &Identifiers,
        _flag: Flag,
        _on: bool,
        _context: &serde_json::Value,
    ) -> Result<Vec<Outcome>, StoreError> {
        Ok(Vec::new())
    }
    /// Why `value` can't be written to every column `field` names here, if it can't.
    fn refuses(&self, _field: &str, _value: &str) -> Result<Option<String>, StoreError> {
        Ok(None)
    }
    /// The current values of the correctable `fields` in the subject's records, read live
    /// (the DPO compares them with the corrected ones; the portal never stores them).
    fn current(&self, _ids: &Identifiers, _fields: &[String]) -> Result<Vec<Current>, StoreError> {
        Ok(Vec::new())
    }
    /// Values of `identifier` held here that `known` recognises (replay after a restore).
    fn recognise(
        &self,
        _identifier: &str,
        _known: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, StoreError> {
        Ok(Vec::new())
    }
    /// Who a derived value belongs to: `(identifier, value)` of every record here that
    /// derives `value` of `identifier` (replay checks an internal id still names the erased
    /// subject and no one else).
    fn owners(&self, _identifier: &str, _value: &str) -> Result<Vec<(String, String)>, StoreError> {
        Ok(Vec::new())
    }
}

impl fmt::Debug for dyn Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.kind().as_str())
    }
}

/// The answer of a store that keeps nothing under a hold, asked for a held record.
fn holds_nothing(store: &str, object: &str) -> StoreError {
    StoreError::new(
        store,
        ErrorKind::Config(format!("holds no records under a hold (object {object})")),
    )
}

/// Opens the connector of one store definition.
pub fn open(def: &StoreDef) -> Result<Box<dyn Store>, StoreError> {
    match def.kind {
        StoreType::Stripe => Ok(Box::new(stripe::StripeStore::open(def)?)),
        StoreType::Http => Ok(Box::new(http::HttpStore::open(def)?)),
        StoreType::Postgres | StoreType::Mysql | StoreType::Sqlite => {
            Ok(Box::new(sql::SqlStore::open(def)?))
        }
        StoreType::Redis => Ok(Box::new(redis::RedisStore::open(def)?)),
        StoreType::Manual => Ok(Box::new(manual::ManualStore::open(def))),
    }
}

/// Opens every store of a map.
pub fn open_all(map: &DataMap) -> Result<Vec<Box<dyn Store>>, StoreError> {
    map.store.iter().map(open).collect()
}

/// The order identifiers are derived in, or the map's problems as a store error.
fn plan(map: &DataMap) -> Result<crate::datamap::Plan, StoreError> {
    crate::datamap::Plan::build(map).map_err(|p| {
        StoreError::new(
            "-",
            ErrorKind::Config(crate::datamap::MapError(p).to_string()),
        )
    })
}

/// Every identifier of one subject: `email`, then each derived one in the map's order.
pub fn resolve(
    map: &DataMap,
    stores: &[Box<dyn Store>],
    email: &str,
) -> Result<Identifiers, StoreError> {
    let mut ids = Identifiers::default();
    ids.insert(crate::datamap::EMAIL, email.to_owned());
    resolve_from(map, stores, ids)
}

/// Every identifier reachable from the values already known (`seeds`): a retention rule's
/// subjects, or values recognised in a restored backup.
pub fn resolve_from(
    map: &DataMap,
    stores: &[Box<dyn Store>],
    seeds: Identifiers,
) -> Result<Identifiers, StoreError> {
    resolve_guarded(map, stores, seeds, &mut |_, _| Ok(()))
}

/// As [`resolve_from`], with `guard(identifier, ids)` called once each identifier's values
/// are complete and before anything is derived from them, so it can drop values (replay
/// drops internal ids that now belong to someone else).
pub fn resolve_guarded(
    map: &DataMap,
    stores: &[Box<dyn Store>],
    seeds: Identifiers,
    guard: &mut dyn FnMut(&str, &mut Identifiers) -> Result<(), StoreError>,
) -> Result<Identifiers, StoreError> {
    let plan = plan(map)?;
    let mut ids = seeds;
    for identifier in &plan.order {
        guard(identifier, &mut ids)?;
        for store in stores {
            let found = store.derive(identifier, &ids)?;
            ids.merge(found);
        }
    }
    Ok(ids)
}

/// Every identifier of each of several subjects (`seeds`, one each), with one lookup per
/// table for all of them: each subject gets the values its own values reached
/// ([`Store::derive_traced`]), exactly what resolving it alone ([`resolve_from`]) gives.
pub fn resolve_each(
    map: &DataMap,
    stores: &[Box<dyn Store>],
    seeds: Vec<Identifiers>,
) -> Result<Vec<Identifiers>, StoreError> {
    let plan = plan(map)?;
    let mut each = seeds;
    let mut all = Identifiers::default();
    for s in &each {
        all.merge(s.clone());
    }
    for identifier in &plan.order {
        // Who holds each value of the identifier now.
        let mut owners: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, s) in each.iter().enumerate() {
            for v in s.values(identifier) {
                owners.entry(v.to_owned()).or_default().push(i);
            }
        }
        for store in stores {
            for t in store.derive_traced(identifier, &all)? {
                for &i in owners.get(&t.from).into_iter().flatten() {
                    each[i].insert(&t.identifier, t.value.clone());
                }
                all.insert(&t.identifier, t.value);
            }
        }
    }
    Ok(each)
}
