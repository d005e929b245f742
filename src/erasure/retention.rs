//! The retention run: every `[[retention]]` rule's subjects become erasures through the same
//! engine (in batches, set-based: one statement per table per batch), and records whose
//! legal hold has ended are purged. The worker runs it on each rule's schedule;
//! `dsr-portal retention run [--dry-run]` runs it now.

use serde::Serialize;
use serde_json::json;
use time::PrimitiveDateTime;

use super::engine::{Engine, Finished, Origin};
use crate::datamap::{EMAIL, Plan as IdentifierPlan, RetentionRule};
use crate::db::{self, audit, erasures};
use crate::error::ServiceError;
use crate::portal::Portal;
use crate::stores::Identifiers;
use crate::workflow::Failure;

/// Subjects per erasure run: each store sees one statement per table per batch.
pub const BATCH: usize = 1000;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Count and plan, change nothing.
    pub dry_run: bool,
    /// Only rules whose schedule is due (the worker); the CLI runs every rule.
    pub only_due: bool,
}

/// What one rule did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RuleReport {
    pub rule: String,
    pub found: usize,
    pub erased: usize,
    /// Records kept under a legal hold (new holds, or in a dry run records that would be).
    pub held: u64,
    pub failed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// In a dry run, the plan over every subject found: rows per store, object and action.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<PlanTotal>,
}

/// One line of a rule's plan, summed over its subjects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanTotal {
    pub store: String,
    pub object: String,
    pub action: String,
    pub rows: Option<u64>,
}

/// What the holds pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HoldsReport {
    pub due: usize,
    pub purged: usize,
    pub failed: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    /// Batches of an earlier run cut short, finished first.
    pub resumed: usize,
    pub rules: Vec<RuleReport>,
    pub holds: HoldsReport,
}

/// Progress for a bar: `(rule, subjects done, subjects found)`.
pub type Progress<'a> = &'a mut dyn FnMut(&str, usize, usize);

/// Runs the rules (and the holds pass) as of `now`.
pub fn run(
    p: &Portal,
    now: PrimitiveDateTime,
    opts: Options,
    progress: Progress<'_>,
) -> Result<RunReport, ServiceError> {
    let map = crate::datamap::DataMap::from_config(&p.config)
        .map_err(|e| ServiceError::Invalid(format!("data map: {e}")))?;
    let mut rules = Vec::new();
    for rule in &map.retention {
        if !opts.only_due || claim(p, rule, now)? {
            rules.push(rule);
        }
    }
    let mut conn = p.conn()?;
    let idle = rules.is_empty()
        && erasures::due_holds(&mut conn, now.date(), 1)?.is_empty()
        // A batch cut short by a crash is still `running`; failed ones wait for the next run.
        && !erasures::unfinished_batches(&mut conn)?
            .iter()
            .any(|r| r.state == crate::domain::work::Run::Running);
    drop(conn);
    let mut report = RunReport::default();
    if idle {
        return Ok(report); // nothing to do: don't open the stores
    }
    let engine = Engine::open(p).map_err(|f| ServiceError::Invalid(f.to_string()))?;
    if !opts.dry_run {
        report.resumed = resume(p, &engine)?;
    }
    for rule in rules {
        let r = run_rule(p, &engine, rule, opts.dry_run, progress);
        if !opts.dry_run {
            let mut conn = p.conn()?;
            erasures::record_run(&mut conn, &rule.name, now, &json!(r).to_string())?;
        }
        report.rules.push(r);
    }
    report.holds = purge_holds(p, &engine, now, opts.dry_run)?;
    Ok(report)
}

/// Takes a due rule for this worker: true when its last run is older than its schedule (a
/// compare-and-set, so of several workers one runs it).
fn claim(p: &Portal, rule: &RetentionRule, now: PrimitiveDateTime) -> Result<bool, ServiceError> {
    let every = match rule.schedule.as_str() {
        "hourly" => time::Duration::hours(1),
        "weekly" => time::Duration::weeks(1),
        _ => time::Duration::days(1),
    };
    let mut conn = p.conn()?;
    Ok(erasures::claim_run(
        &mut conn,
        &rule.name,
        now,
        now - every,
    )?)
}

/// Finishes batch runs an earlier retention run or replay left open.
fn resume(p: &Portal, engine: &Engine) -> Result<usize, ServiceError> {
    let mut conn = p.conn()?;
    let open = erasures::unfinished_batches(&mut conn)?;
    drop(conn);
    let mut n = 0;
    for run in open {
        let origin = Origin {
            request_id: None,
            source: &run.source,
            subjects: usize::try_from(run.subjects).unwrap_or(0),
            actor: &run.source,
        };
        match engine.execute(p, &run.id, &origin, &|| {}) {
            Ok(_) => n += 1,
            Err(f) => tracing::warn!(erasure = %run.id, error = %f, "resuming an erasure failed"),
        }
    }
    Ok(n)
}

/// The subjects a rule's query returns: the values of its first column named after an
/// identifier (`email` first, then the others in the order they are derived).
fn subjects(engine: &Engine, rule: &RetentionRule) -> Result<(String, Vec<String>), Failure> {
    let store = engine
        .stores
        .iter()
        .find(|s| s.name() == rule.store)
        .ok_or_else(|| Failure::new(&rule.store, "no such store"))?;
    let order = IdentifierPlan::build(&engine.map)
        .map(|p| p.order)
        .unwrap_or_else(|_| vec![EMAIL.to_owned()]);
    let mut first_error = None;
    for identifier in &order {
        match store.rule_subjects(&rule.subjects_sql, identifier) {
            Ok(values) => return Ok((identifier.clone(), values)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.map_or_else(
        || Failure::new(&rule.store, "the query returns no identifier column"),
        Failure::from,
    ))
}

fn run_rule(
    p: &Portal,
    engine: &Engine,
    rule: &RetentionRule,
    dry_run: bool,
    progress: Progress<'_>,
) -> RuleReport {
    let mut report = RuleReport {
        rule: rule.name.clone(),
        ..RuleReport::default()
    };
    let (identifier, values) = match subjects(engine, rule) {
        Ok(found) => found,
        Err(f) => {
            tracing::warn!(rule = %rule.name, error = %f, "retention rule failed");
            report.error = Some(format!("subjects_sql failed: {f}"));
            return report;
        }
    };
    report.found = values.len();
    progress(&rule.name, 0, report.found);
    let source = format!("retention:{}", rule.name);
    let mut done = 0;
    for batch in values.chunks(BATCH) {
        let origin = Origin {
            request_id: None,
            source: &source,
            subjects: batch.len(),
            actor: &source,
        };
        let seeds = Seeds {
            identifier: &identifier,
            values: batch,
        };
        match erase_batch(p, engine, &seeds, &origin, dry_run, &mut report.plan) {
            Ok(held) => {
                if !dry_run {
                    report.erased += batch.len();
                }
                report.held += held;
            }
            Err(f) => {
                tracing::warn!(rule = %rule.name, error = %f, "retention batch failed");
                report.failed += batch.len();
                report.error.get_or_insert_with(|| f.to_string());
            }
        }
        done += batch.len();
        progress(&rule.name, done, report.found);
    }
    report
}

/// The subjects of one batch: the values of `identifier` a rule's query returned.
struct Seeds<'a> {
    identifier: &'a str,
    values: &'a [String],
}

impl Seeds<'_> {
    fn of(&self, values: &[String]) -> Identifiers {
        let mut seeds = Identifiers::default();
        for v in values {
            seeds.insert(self.identifier, v.clone());
        }
        seeds
    }

    /// Every identifier of the batch, and (when erasing may keep records under a hold)
    /// each subject's own, so the holds can be attributed: still one lookup per table for
    /// the batch, each derived value traced to the values that reached it.
    fn resolve(
        &self,
        engine: &Engine,
        attribute: bool,
    ) -> Result<(Identifiers, Option<Vec<Identifiers>>), Failure> {
        if !attribute {
            return Ok((engine.resolve(self.of(self.values))?, None));
        }
        let each = engine.resolve_each(
            self.values
                .iter()
                .map(|v| self.of(std::slice::from_ref(v)))
                .collect(),
        )?;
        let mut all = Identifiers::default();
        for ids in &each {
            all.merge(ids.clone());
        }
        Ok((all, Some(each)))
    }
}

/// Erases one batch of subjects (or, in a dry run, plans it). Returns the records held.
fn erase_batch(
    p: &Portal,
    engine: &Engine,
    seeds: &Seeds<'_>,
    origin: &Origin<'_>,
    dry_run: bool,
    totals: &mut Vec<PlanTotal>,
) -> Result<u64, Failure> {
    let (ids, subjects) = seeds.resolve(engine, !dry_run && engine.keeps_records())?;
    if dry_run {
        let plan = engine.plan(&ids)?;
        let mut held = 0;
        for s in &plan.stores {
            for step in &s.steps {
                if step.action.starts_with("retain") {
                    held += step.rows.unwrap_or(0);
                }
                match totals
                    .iter_mut()
                    .find(|t| t.store == s.store && t.object == step.object)
                {
                    Some(t) => t.rows = t.rows.zip(step.rows).map(|(a, b)| a + b),
                    None => totals.push(PlanTotal {
                        store: s.store.clone(),
                        object: step.object.clone(),
                        action: step.action.clone(),
                        rows: step.rows,
                    }),
                }
            }
        }
        return Ok(held);
    }
    let mut conn = p.conn()?;
    let id = db::write_tx(&mut conn, |c| {
        engine.begin(c, origin, &ids, subjects.as_deref())
    })?;
    drop(conn);
    let Finished::Completed(report) = engine.execute(p, &id, origin, &|| {})? else {
        return Ok(0);
    };
    let summary: Vec<serde_json::Value> = report
        .stores
        .iter()
        .map(|s| json!({"store": s.store, "objects": s.objects}))
        .collect();
    let mut conn = p.conn()?;
    audit::append(
        &mut conn,
        origin.actor,
        "retention_erasure",
        None,
        &json!({"erasure": id, "subjects": origin.subjects, "stores": summary, "holds": report.holds.len()}),
    )?;
    Ok(report.holds.len() as u64)
}

/// Purges the records whose hold ended before `now`'s date, each recorded and audited.
fn purge_holds(
    p: &Portal,
    engine: &Engine,
    now: PrimitiveDateTime,
    dry_run: bool,
) -> Result<HoldsReport, ServiceError> {
    let mut report = HoldsReport::default();
    let mut conn = p.conn()?;
    let mut skipped = std::collections::HashSet::new();
    loop {
        let due = erasures::due_holds(&mut conn, now.date(), 500 + skipped.len() as i64)?;
        let fresh: Vec<_> = due
            .into_iter()
            .filter(|h| !skipped.contains(&h.id))
            .collect();
        if fresh.is_empty() {
            break;
        }
        for h in fresh {
            report.due += 1;
            if dry_run {
                skipped.insert(h.id.clone());
                continue;
            }
            let purged = engine
                .stores
                .iter()
                .find(|s| s.name() == h.store)
                .ok_or_else(|| Failure::new(&h.store, "the store is no longer in the data map"))
                .and_then(|s| s.purge_held(&h.object, &h.row_key).map_err(Failure::from));
            match purged {
                Ok(n) => {
                    let outcome = if engine
                        .map
                        .store(&h.store)
                        .is_some_and(|d| d.kind == crate::datamap::StoreType::Stripe)
                    {
                        "redacted"
                    } else if n == 0 {
                        "already gone"
                    } else {
                        "deleted"
                    };
                    db::write_tx(&mut conn, |c| -> Result<(), ServiceError> {
                        erasures::release_hold(c, &h.id, outcome, db::now())?;
                        audit::append(
                            c,
                            "retention",
                            "hold_ended",
                            h.request_id.as_deref(),
                            &json!({"hold": h.id, "store": h.store, "object": h.object,
                                    "until": h.until.to_string(), "outcome": outcome}),
                        )?;
                        Ok(())
                    })?;
                    report.purged += 1;
                }
                Err(f) => {
                    tracing::warn!(hold = %h.id, error = %f, "purging a held record failed");
                    report.failed += 1;
                    skipped.insert(h.id.clone());
                }
            }
        }
    }
    Ok(report)
}
