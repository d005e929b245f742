//! An erasure request's job: resolve the subject once, run the engine, and close the
//! request — completed with the Art. 17(3)/19 email, or failed naming the store.

use serde_json::json;

use super::engine::{Engine, Finished, Origin, Report};
use crate::datamap::labels::Labels;
use crate::db::requests::RequestRow;
use crate::db::{erasures, requests, write_tx};
use crate::domain::held;
use crate::domain::{Action, Kind, State};
use crate::error::ServiceError;
use crate::i18n::{Arg, Catalogue};
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::stores::Identifiers;
use crate::workflow::{
    Attempt, Failure, JobError, Mail, attempt_failed, enqueue_work, finish, lang_of,
    processing_request,
};

/// The `erase` job of one request.
pub fn run(
    p: &Portal,
    request_id: &str,
    attempt: Attempt,
    heartbeat: &dyn Fn(),
) -> Result<(), JobError> {
    let Some(r) = processing_request(p, request_id, Kind::Erasure)? else {
        return Ok(()); // cancelled, already done, or not an erasure
    };
    let origin = Origin {
        request_id: Some(&r.id),
        source: "request",
        subjects: 1,
        actor: "system",
    };
    let outcome = Engine::open(p).and_then(|engine| {
        let id = start(p, &engine, &r, &origin)?;
        Ok((engine.execute(p, &id, &origin, heartbeat)?, engine))
    });
    match outcome {
        Ok((Finished::Completed(report), engine)) => {
            complete(p, &r, &engine, &report).map_err(JobError::retry)
        }
        Ok((Finished::Waiting(stores), _)) => {
            tracing::info!(request = %r.id, stores = ?stores, "erasure waits for manual stores");
            Ok(())
        }
        Err(f) => {
            tracing::warn!(request = %r.id, store = %f.store, error = %f.message, attempt = attempt.number, "erasure failed");
            let event = "erasure_attempt_failed";
            attempt_failed(p, &r, &f.store, &f.message, attempt, event)
        }
    }
}

/// The request's run: the existing one (a retry or a restart resumes it), or a new one with
/// the subject's identifiers resolved now.
fn start(
    p: &Portal,
    engine: &Engine,
    r: &RequestRow,
    origin: &Origin<'_>,
) -> Result<String, Failure> {
    let mut conn = p.conn()?;
    if let Some(run) = erasures::for_request(&mut conn, &r.id)? {
        return Ok(run.id);
    }
    let mut seeds = Identifiers::default();
    seeds.insert(crate::datamap::EMAIL, r.email.clone());
    let ids = engine.resolve(seeds)?;
    let id = write_tx(&mut conn, |c| -> Result<String, ServiceError> {
        // Another worker may have raced us here: the unique request_id keeps one run.
        if let Some(run) = erasures::for_request(c, &r.id)? {
            return Ok(run.id);
        }
        engine.begin(c, origin, &ids, Some(std::slice::from_ref(&ids)))
    })?;
    Ok(id)
}

/// Completes the request and tells the subject what was erased, what was kept and why,
/// and who else was told, in one transaction.
fn complete(
    p: &Portal,
    r: &RequestRow,
    engine: &Engine,
    report: &Report,
) -> Result<(), ServiceError> {
    let m = Message::ErasureCompleted(completion(p, p.i18n.texts(lang_of(p, r)), engine, report));
    let summary: Vec<serde_json::Value> = report
        .stores
        .iter()
        .map(|s| json!({"store": s.store, "objects": s.objects}))
        .collect();
    let detail = json!({"stores": summary, "holds": report.holds.len()});
    finish(p, &r.id, Action::Complete, detail, |_, current| {
        Ok(Some(Mail {
            to: current.email.clone(),
            message: m,
        }))
    })
}

/// The completion email's content: what was erased, kept and asked of partners, in the
/// names subjects see; places where nothing of theirs was found are left out.
pub fn completion(
    p: &Portal,
    t: &Catalogue,
    engine: &Engine,
    report: &Report,
) -> messages::ErasureCompleted {
    let labels = Labels::of(&engine.map);
    let mut erased = Vec::new();
    let mut partners = Vec::new();
    for s in &report.stores {
        let store = labels.store(&s.store);
        for o in &s.objects {
            if o.action == "manual" {
                partners.push(store.clone());
                continue;
            }
            if o.action == "retain" || o.rows == 0 {
                continue;
            }
            let what = labels.object(&s.store, &o.object).label;
            let place = Arg::Str(format!("{store} — {what}"));
            let count = Arg::from(o.rows);
            erased.push(match o.action.as_str() {
                "delete" => t.text("erased-line-deleted", &[("place", place), ("count", count)]),
                "null" | "mask" => {
                    t.text("erased-line-masked", &[("place", place), ("count", count)])
                }
                "redact" => t.text(
                    "erased-line-redacted",
                    &[("place", Arg::Str(store.clone()))],
                ),
                _ => t.text("erased-line-erased", &[("place", place), ("count", count)]),
            });
        }
    }
    partners.dedup();
    // Holds, grouped by what and why, with the range of their end dates.
    let rows = report.holds.iter().map(|h| {
        (
            h.store.as_str(),
            h.object.as_str(),
            h.reason.as_str(),
            h.until,
        )
    });
    let kept = held::group(rows)
        .into_iter()
        .map(|g| messages::Kept {
            what: t.text(
                "kept-what",
                &[
                    (
                        "place",
                        Arg::Str(format!(
                            "{} — {}",
                            labels.store(g.store),
                            labels.object(g.store, g.object).label
                        )),
                    ),
                    ("count", Arg::from(g.records)),
                ],
            ),
            reason: g.reason.to_owned(),
            until: if g.one_date() {
                t.text(
                    "erased-kept-until",
                    &[("until", Arg::Str(t.date(g.first_until)))],
                )
            } else {
                t.text(
                    "erased-kept-between",
                    &[
                        ("first", Arg::Str(t.date(g.first_until))),
                        ("last", Arg::Str(t.date(g.last_until))),
                    ],
                )
            },
        })
        .collect();
    let recipients = engine
        .map
        .recipients(Kind::Erasure)
        .into_iter()
        .filter(|name| !partners.contains(name))
        .collect();
    messages::ErasureCompleted {
        erased,
        kept,
        partners,
        recipients,
        complaints: p.config.art15.complaints.clone(),
    }
}

/// Records a manual store's answer for a request and lets the erasure finish.
pub fn complete_step(
    p: &Portal,
    request_id: &str,
    store: &str,
    note: &str,
    actor: &str,
) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| -> Result<(), ServiceError> {
        let r = requests::get(c, request_id)?.ok_or(ServiceError::NotFound("request"))?;
        let run = erasures::for_request(c, &r.id)?.ok_or_else(|| {
            ServiceError::Invalid(format!("request {} has no erasure in progress", r.id))
        })?;
        if !erasures::complete_step(c, &run.id, store, note)? {
            return Err(ServiceError::Invalid(format!(
                "store {store} has no open task for request {}",
                r.id
            )));
        }
        crate::db::audit::append(
            c,
            actor,
            "manual_step_completed",
            Some(&r.id),
            &json!({"store": store, "note": note}),
        )?;
        if r.state() == State::Processing {
            enqueue_work(c, &r)?;
        }
        Ok(())
    })?;
    p.wake.notify();
    Ok(())
}
