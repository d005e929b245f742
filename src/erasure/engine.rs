//! The erasure engine: runs one erasure (a request's, a retention batch's or a replay's)
//! store by store, recording each store's outcome and holds in the portal database as it
//! goes, so a crash resumes at the first store not recorded done and a second run changes
//! nothing more. When every store is done, the ledger gets its entry and the run's plain
//! identifiers are wiped.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::attribution::Subjects;
use super::holds;
use super::ledger::LedgerKey;
use super::plan::{self, Plan};
use crate::datamap::{DataMap, Erase, StoreDef, StoreType};
use crate::db::erasures::{self, ErasureRow, HoldRow, LedgerRow, NewHold};
use crate::db::{self, DbConn, audit, exports, write_tx};
use crate::domain::work::{Run, Step};
use crate::error::ServiceError;
use crate::i18n::Lang;
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::stores::{self, Identifiers, Outcome, Store};
use crate::workflow::{Failure, queue_mail};

/// What erasing did to one object of a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectOutcome {
    pub object: String,
    pub action: String,
    pub rows: u64,
}

/// One store's recorded outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreOutcome {
    pub store: String,
    pub kind: String,
    pub objects: Vec<ObjectOutcome>,
    /// A manual store's owner's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a closed run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub stores: Vec<StoreOutcome>,
    pub holds: Vec<HoldRow>,
}

/// How a run ended this time.
#[derive(Debug)]
pub enum Finished {
    Completed(Report),
    /// Waiting for the owners of these manual stores.
    Waiting(Vec<String>),
}

/// Where a run comes from: a request, or a batch of subjects without one.
#[derive(Debug, Clone)]
pub struct Origin<'a> {
    pub request_id: Option<&'a str>,
    /// `request`, `retention:<rule>` or `replay`.
    pub source: &'a str,
    pub subjects: usize,
    /// Who the audit log names for the run's events.
    pub actor: &'a str,
}

/// The data map and its open stores, in erase order.
pub struct Engine {
    pub map: DataMap,
    pub stores: Vec<Box<dyn Store>>,
    key: LedgerKey,
}

impl Engine {
    pub fn open(p: &Portal) -> Result<Self, Failure> {
        let map = DataMap::from_config(&p.config)
            .map_err(|e| Failure::new("-", format!("data map: {e}")))?;
        let mut opened = stores::open_all(&map)?;
        let mut ordered = Vec::with_capacity(opened.len());
        let mut slots: Vec<Option<Box<dyn Store>>> = opened.drain(..).map(Some).collect();
        for i in plan::store_order(&map) {
            if let Some(s) = slots[i].take() {
                ordered.push(s);
            }
        }
        Ok(Self {
            map,
            stores: ordered,
            key: LedgerKey::derive(p.secret()),
        })
    }

    pub fn ledger_key(&self) -> &LedgerKey {
        &self.key
    }

    /// Every identifier of the subjects `seeds` names.
    pub fn resolve(&self, seeds: Identifiers) -> Result<Identifiers, Failure> {
        Ok(stores::resolve_from(&self.map, &self.stores, seeds)?)
    }

    /// Whether erasing may keep records under a hold (a `retain` table, a Stripe store):
    /// then a batch's holds are attributed to its subjects, each resolved on their own.
    pub fn keeps_records(&self) -> bool {
        self.map.store.iter().any(|s| {
            s.kind == StoreType::Stripe
                || s.table
                    .iter()
                    .any(|t| matches!(t.erase(), Erase::Retain(_)))
        })
    }

    /// Every identifier of each subject `seeds` names (one each), in one lookup per table.
    pub fn resolve_each(&self, seeds: Vec<Identifiers>) -> Result<Vec<Identifiers>, Failure> {
        Ok(stores::resolve_each(&self.map, &self.stores, seeds)?)
    }

    /// The plan of erasing `ids`, counted, before anything changes.
    pub fn plan(&self, ids: &Identifiers) -> Result<Plan, Failure> {
        Ok(plan::build(&self.map, &self.stores, ids)?)
    }

    /// Records a new run (its identifiers and one pending step per store) on `c`, in the
    /// caller's transaction. Returns its id. `subjects` are each subject's own identifiers
    /// (together `ids`), whose holds are then attributed to them ([`super::attribution`]);
    /// `None` attributes none.
    pub fn begin(
        &self,
        c: &mut DbConn,
        origin: &Origin<'_>,
        ids: &Identifiers,
        subjects: Option<&[Identifiers]>,
    ) -> Result<String, ServiceError> {
        let internal = |e: serde_json::Error| ServiceError::Internal(e.to_string());
        let id = uuid::Uuid::now_v7().to_string();
        let row = ErasureRow {
            id: id.clone(),
            request_id: origin.request_id.map(str::to_owned),
            source: origin.source.to_owned(),
            subjects: i32::try_from(origin.subjects).unwrap_or(i32::MAX),
            identifiers: Some(serde_json::to_string(ids).map_err(internal)?),
            subject_ids: subjects
                .map(serde_json::to_string)
                .transpose()
                .map_err(internal)?,
            state: Run::Running,
            error: None,
            created_at: db::now(),
            finished_at: None,
        };
        let names: Vec<String> = self.stores.iter().map(|s| s.name().to_owned()).collect();
        erasures::create(c, &row, &names)?;
        Ok(id)
    }

    /// Runs (or resumes) a run until every store is done, a manual store waits, or a store
    /// fails. `heartbeat` is called between stores.
    pub fn execute(
        &self,
        p: &Portal,
        id: &str,
        origin: &Origin<'_>,
        heartbeat: &dyn Fn(),
    ) -> Result<Finished, Failure> {
        let mut conn = p.conn()?;
        let run = erasures::get(&mut conn, id)?
            .ok_or_else(|| Failure::new("-", format!("erasure {id} does not exist")))?;
        if run.state == Run::Completed {
            return Ok(Finished::Completed(self.report(&mut conn, id)?));
        }
        let ids: Identifiers = serde_json::from_str(run.identifiers.as_deref().unwrap_or("{}"))
            .map_err(|e| Failure::new("-", format!("stored identifiers: {e}")))?;
        let subjects: Vec<Identifiers> = match run.subject_ids.as_deref() {
            Some(text) => serde_json::from_str(text)
                .map_err(|e| Failure::new("-", format!("stored subjects: {e}")))?,
            None => Vec::new(),
        };
        let subjects = Subjects::new(&self.key, subjects);
        erasures::set_state(&mut conn, id, Run::Running, None)?;
        let mut waiting = Vec::new();
        for step in erasures::steps(&mut conn, id)? {
            match step.state {
                Step::Done => continue,
                Step::Waiting => {
                    waiting.push(step.store);
                    continue;
                }
                _ => {}
            }
            heartbeat();
            let name = step.store.as_str();
            let (Some(store), Some(def)) = (
                self.stores.iter().find(|s| s.name() == name),
                self.map.store(name),
            ) else {
                let f = Failure::new(name, "the store is no longer in the data map");
                self.record_failure(&mut conn, id, origin, &f)?;
                return Err(f);
            };
            if let Some(r) = origin.request_id {
                exports::progress(&mut conn, r, name, Step::Running, 0, None)?;
            }
            if def.kind == StoreType::Manual {
                self.send_task(p, &mut conn, id, origin, def, &ids)?;
                if origin.request_id.is_some() {
                    waiting.push(step.store);
                }
                continue;
            }
            match store.erase(&ids) {
                Ok(outcomes) => {
                    self.record_done(&mut conn, id, origin, def, &outcomes, &subjects)?
                }
                Err(e) => {
                    let f = Failure::from(e);
                    self.record_failure(&mut conn, id, origin, &f)?;
                    return Err(f);
                }
            }
        }
        if !waiting.is_empty() {
            erasures::set_state(&mut conn, id, Run::Waiting, None)?;
            return Ok(Finished::Waiting(waiting));
        }
        let report = self.report(&mut conn, id)?;
        let entry = LedgerRow {
            seq: 0,
            erasure_id: id.to_owned(),
            request_id: origin.request_id.map(str::to_owned),
            source: origin.source.to_owned(),
            at: db::now(),
            subjects: run.subjects,
            identifiers: json!(super::ledger::hash_all(&self.key, &ids)).to_string(),
            outcome: json!(report.stores).to_string(),
        };
        write_tx(&mut conn, |c| -> Result<(), ServiceError> {
            if erasures::close(c, id, entry.at)? {
                erasures::record(c, &entry)?;
            }
            Ok(())
        })?;
        Ok(Finished::Completed(report))
    }

    /// One store done: its holds (each attributed to the subjects whose identifiers reached
    /// its record) and its outcome, in one transaction of the portal database.
    fn record_done(
        &self,
        conn: &mut DbConn,
        id: &str,
        origin: &Origin<'_>,
        def: &StoreDef,
        outcomes: &[Outcome],
        subjects: &Subjects,
    ) -> Result<(), Failure> {
        let now = db::now();
        let objects: Vec<ObjectOutcome> = outcomes
            .iter()
            .map(|o| ObjectOutcome {
                object: o.object.clone(),
                action: o.action.to_owned(),
                rows: o.rows,
            })
            .collect();
        let rows: u64 = objects.iter().map(|o| o.rows).sum();
        let outcome = json!(objects).to_string();
        write_tx(conn, |c| -> Result<(), ServiceError> {
            for o in outcomes {
                let Some((reason, years, from_year_end)) = self.hold_rule(def, &o.object) else {
                    continue;
                };
                for kept in &o.retained {
                    let (held_from, until) =
                        holds::hold_until(kept.from.as_deref(), years, from_year_end, now.date());
                    erasures::hold(
                        c,
                        &NewHold {
                            erasure_id: id,
                            request_id: origin.request_id,
                            store: &def.name,
                            object: &o.object,
                            row_key: &kept.key,
                            reason: &reason,
                            held_from,
                            until,
                        },
                        now,
                    )?;
                    let whose = subjects.of(&kept.via);
                    erasures::attribute(c, &def.name, &o.object, &kept.key, &whose)?;
                }
            }
            erasures::set_step(c, id, &def.name, Step::Done, Some(&outcome), None)?;
            if let Some(r) = origin.request_id {
                exports::progress(
                    c,
                    r,
                    &def.name,
                    Step::Done,
                    i64::try_from(rows).unwrap_or(0),
                    None,
                )?;
            }
            Ok(())
        })?;
        Ok(())
    }

    fn record_failure(
        &self,
        conn: &mut DbConn,
        id: &str,
        origin: &Origin<'_>,
        f: &Failure,
    ) -> Result<(), Failure> {
        write_tx(conn, |c| -> Result<(), ServiceError> {
            if self.map.store(&f.store).is_some() {
                erasures::set_step(c, id, &f.store, Step::Failed, None, Some(&f.message))?;
            }
            erasures::set_state(c, id, Run::Failed, Some(&f.to_string()))?;
            if let Some(r) = origin.request_id {
                exports::progress(c, r, &f.store, Step::Failed, 0, Some(&f.message))?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Emails a manual store's owner their task; a request's step then waits for the answer
    /// (`requests complete-step`), a batch's is done once the owner is told.
    fn send_task(
        &self,
        p: &Portal,
        conn: &mut DbConn,
        id: &str,
        origin: &Origin<'_>,
        def: &StoreDef,
        ids: &Identifiers,
    ) -> Result<(), Failure> {
        let emails: Vec<String> = ids
            .values(crate::datamap::EMAIL)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let contact = def.contact.clone().unwrap_or_default();
        let m = Message::ManualTask(messages::ManualTask {
            export: false,
            store: def.name.clone(),
            reference: origin.request_id.unwrap_or(id).to_owned(),
            subjects: emails,
            instructions: def.instructions.clone().unwrap_or_default(),
            waits: origin.request_id.is_some(),
        });
        let state = if origin.request_id.is_some() {
            Step::Waiting
        } else {
            Step::Done
        };
        write_tx(conn, |c| -> Result<(), ServiceError> {
            queue_mail(p, c, origin.request_id, &contact, &m, Lang::EN)?;
            let outcome = json!([{"object": "task", "action": "manual", "rows": 0}]).to_string();
            erasures::set_step(c, id, &def.name, state, Some(&outcome), None)?;
            if let Some(r) = origin.request_id {
                exports::progress(c, r, &def.name, state, 0, None)?;
            }
            audit::append(
                c,
                origin.actor,
                "manual_task_sent",
                origin.request_id,
                &json!({"store": def.name, "contact": contact, "erasure": id}),
            )?;
            Ok(())
        })?;
        p.wake.notify();
        Ok(())
    }

    /// The hold a retained object's records get: the table's `retain` rule; for Stripe
    /// invoices, the longest `retain` rule of the map (the company's invoice period), or
    /// 10 years from the end of the year when the map has none.
    fn hold_rule(&self, def: &StoreDef, object: &str) -> Option<(String, u32, bool)> {
        if def.kind == StoreType::Stripe {
            let longest = self
                .map
                .store
                .iter()
                .flat_map(|s| s.table.iter())
                .filter_map(|t| match t.erase() {
                    Erase::Retain(r) => Some(r),
                    _ => None,
                })
                .max_by_key(|r| r.years);
            return Some(match longest {
                Some(r) => (r.retain, r.years, r.from_year_end),
                None => (
                    "Invoices are kept for tax law (GDPR Art. 17(3)(b))".into(),
                    10,
                    true,
                ),
            });
        }
        def.table
            .iter()
            .find(|t| t.name == object)
            .and_then(|t| match t.erase() {
                Erase::Retain(r) => Some((r.retain, r.years, r.from_year_end)),
                _ => None,
            })
    }

    /// The recorded outcome of every store of a run, and its holds.
    pub fn report(&self, conn: &mut DbConn, id: &str) -> Result<Report, Failure> {
        let mut stores = Vec::new();
        for step in erasures::steps(conn, id)? {
            let objects: Vec<ObjectOutcome> = step
                .outcome
                .as_deref()
                .and_then(|o| serde_json::from_str(o).ok())
                .unwrap_or_default();
            stores.push(StoreOutcome {
                kind: self
                    .map
                    .store(&step.store)
                    .map_or("-", |d| d.kind.as_str())
                    .to_owned(),
                store: step.store,
                objects,
                note: step.note,
            });
        }
        Ok(Report {
            stores,
            holds: erasures::holds_of_erasure(conn, id)?,
        })
    }
}
