//! Manual stores in an export (DESIGN §3): a vendor with no API is emailed a task when the
//! access request starts processing; the export waits until a DPO records the owner's answer
//! with the files they returned. The files are encrypted with the archive key into the
//! export storage at once, copied into the archive as `<store>/<file>` when it is built, and
//! deleted when the request closes. The files' side (names, storage, the archive folder, the
//! sweep) is in [`files`].

mod files;

use std::io::Read;

use serde_json::json;

pub use self::files::{Answers, cleanup, delete_delivered, file_name, write_store};
use self::files::{Stored, discard, store_file, unique};
use crate::datamap::{DataMap, StoreDef, StoreType};
use crate::db::export_tasks;
use crate::db::requests::RequestRow;
use crate::db::{audit, exports, requests, write_tx};
use crate::domain::State;
use crate::domain::work::Step;
use crate::error::ServiceError;
use crate::i18n::Lang;
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::workflow::{enqueue_work, queue_mail};

/// Files one step may attach.
pub const MAX_FILES: usize = 20;

/// A file the owner returned, as it arrives (from the desk's form or the command line).
pub struct Incoming {
    pub name: String,
    pub content: Box<dyn Read + Send>,
}

/// The manual stores of a map.
fn manual_stores(map: &DataMap) -> impl Iterator<Item = &StoreDef> {
    map.store.iter().filter(|s| s.kind == StoreType::Manual)
}

/// Sends each manual store's owner their task (once per request) and returns the stores
/// whose answer the export still waits for; empty when it can be built.
pub fn waiting(p: &Portal, r: &RequestRow, map: &DataMap) -> Result<Vec<String>, ServiceError> {
    let defs: Vec<&StoreDef> = manual_stores(map).collect();
    if defs.is_empty() {
        return Ok(Vec::new());
    }
    let mut conn = p.conn()?;
    let waiting = write_tx(&mut conn, |c| -> Result<Vec<String>, ServiceError> {
        let Some(current) = requests::get_locked(c, &r.id)? else {
            return Err(ServiceError::NotFound("request"));
        };
        if current.state() != State::Processing {
            return Ok(Vec::new());
        }
        let tasks = export_tasks::of_request(c, &r.id)?;
        let mut waiting = Vec::new();
        for def in defs {
            match tasks.iter().find(|t| t.store == def.name) {
                Some(t) if t.state == Step::Waiting => waiting.push(def.name.clone()),
                Some(_) => {}
                None => {
                    send_task(p, c, r, def)?;
                    waiting.push(def.name.clone());
                }
            }
        }
        Ok(waiting)
    })?;
    p.wake.notify();
    Ok(waiting)
}

fn send_task(
    p: &Portal,
    c: &mut crate::db::DbConn,
    r: &RequestRow,
    def: &StoreDef,
) -> Result<(), ServiceError> {
    let contact = def.contact.clone().unwrap_or_default();
    let m = Message::ManualTask(messages::ManualTask {
        export: true,
        store: def.name.clone(),
        reference: r.id.clone(),
        subjects: vec![r.email.clone()],
        instructions: def.instructions.clone().unwrap_or_default(),
        waits: true,
    });
    export_tasks::insert_waiting(c, &r.id, &def.name)?;
    queue_mail(p, c, Some(&r.id), &contact, &m, Lang::EN)?;
    exports::progress(c, &r.id, &def.name, Step::Waiting, 0, None)?;
    audit::append(
        c,
        "system",
        "manual_task_sent",
        Some(&r.id),
        &json!({"store": def.name, "contact": contact}),
    )?;
    Ok(())
}

/// Why a manual step of this request can't be completed now, if it can't: an unknown store
/// is a bad request, a step already answered or a request no longer processing a conflict.
fn refusal(
    r: &RequestRow,
    task: Option<&export_tasks::TaskRow>,
    store: &str,
) -> Result<(), ServiceError> {
    let Some(task) = task else {
        return Err(ServiceError::Invalid(format!(
            "store {store} has no task for request {}",
            r.id
        )));
    };
    if r.state() != State::Processing || task.state != Step::Waiting {
        return Err(ServiceError::Conflict);
    }
    Ok(())
}

/// Records a manual store's answer for an access request `r`: the owner's note and the
/// files they returned. When no other store waits, the export is built.
pub fn complete_step(
    p: &Portal,
    r: &RequestRow,
    store: &str,
    note: &str,
    files: Vec<Incoming>,
    actor: &str,
) -> Result<(), ServiceError> {
    if note.is_empty() && files.is_empty() {
        return Err(ServiceError::Invalid(
            "attach the files the store's owner returned, or say what they answered".into(),
        ));
    }
    if files.len() > MAX_FILES {
        return Err(ServiceError::Invalid(format!(
            "at most {MAX_FILES} files per step"
        )));
    }
    let names = files
        .iter()
        .map(|f| {
            file_name(&f.name).ok_or_else(|| {
                ServiceError::Invalid(format!("{:?} is not a usable file name", f.name))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Checked before anything is stored, and again when it is recorded.
    let mut conn = p.conn()?;
    let tasks = export_tasks::of_request(&mut conn, &r.id)?;
    refusal(r, tasks.iter().find(|t| t.store == store), store)?;
    let taken: Vec<String> = export_tasks::attachments(&mut conn, &r.id)?
        .into_iter()
        .filter(|a| a.store == store)
        .map(|a| a.name)
        .collect();
    drop(conn);
    let mut stored = Vec::new();
    for (mut f, name) in files.into_iter().zip(unique(&names, &taken)) {
        match store_file(p, &r.id, store, name, &mut f.content) {
            Ok(s) => stored.push(s),
            Err(e) => {
                discard(p, &r.id, stored.into_iter().map(|s| s.id));
                return Err(e);
            }
        }
    }
    match record(p, &r.id, store, note, &stored, actor) {
        Ok(()) => {
            p.wake.notify();
            Ok(())
        }
        Err(e) => {
            // Refused: nothing was recorded. Any other error may have come after the commit
            // (a connection lost during COMMIT): the sweep removes what stayed pending.
            if matches!(
                e,
                ServiceError::Invalid(_) | ServiceError::Conflict | ServiceError::NotFound(_)
            ) {
                discard(p, &r.id, stored.into_iter().map(|s| s.id));
            }
            Err(e)
        }
    }
}

/// Marks the task done, records the files and audits it; queues the export when no store
/// waits any more. One transaction.
fn record(
    p: &Portal,
    request_id: &str,
    store: &str,
    note: &str,
    stored: &[Stored],
    actor: &str,
) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| -> Result<(), ServiceError> {
        let r = requests::get_locked(c, request_id)?.ok_or(ServiceError::NotFound("request"))?;
        let tasks = export_tasks::of_request(c, &r.id)?;
        refusal(&r, tasks.iter().find(|t| t.store == store), store)?;
        if !export_tasks::complete(c, &r.id, store, note, actor)? {
            return Err(ServiceError::Conflict);
        }
        for s in stored {
            let size = i64::try_from(s.size).unwrap_or(i64::MAX);
            if !export_tasks::record_attachment(c, &s.id, size, &s.sha256)? {
                return Err(ServiceError::Conflict);
            }
        }
        let files: Vec<serde_json::Value> = stored
            .iter()
            .map(|s| json!({"name": s.name, "bytes": s.size, "sha256": s.sha256}))
            .collect();
        audit::append(
            c,
            actor,
            "manual_step_completed",
            Some(&r.id),
            &json!({"store": store, "note": note, "files": files}),
        )?;
        exports::progress(c, &r.id, store, Step::Done, stored.len() as i64, None)?;
        let others_wait = tasks
            .iter()
            .any(|t| t.store != store && t.state == Step::Waiting);
        if !others_wait {
            enqueue_work(c, &r)?;
        }
        Ok(())
    })
}
