//! Manual stores in an export (DESIGN §3): a vendor with no API is emailed a task when the
//! access request starts processing; the export waits until a DPO records the owner's answer
//! with the files they returned. The files are encrypted with the archive key into the
//! export storage at once, copied into the archive as `<store>/<file>` when it is built, and
//! deleted when the request closes.

use std::io::{self, Read, Write};

use serde_json::json;
use sha2::{Digest, Sha256};

use super::archive::Archive;
use super::crypto::{DecryptingReader, EncryptingWriter};
use crate::datamap::{DataMap, StoreDef, StoreType};
use crate::db::export_tasks::{self, AttachmentRow, NewAttachment, WAITING};
use crate::db::requests::RequestRow;
use crate::db::{audit, exports, outbox, requests, write_tx};
use crate::domain::{Kind, State};
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::service::ServiceError;

/// Files one step may attach.
pub const MAX_FILES: usize = 20;
/// Longest file name kept (in characters).
const MAX_NAME: usize = 120;

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
                Some(t) if t.state == WAITING => waiting.push(def.name.clone()),
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
    outbox::enqueue(
        c,
        Some(&r.id),
        m.name(),
        &contact,
        &m.render()?,
        p.config.jobs.max_attempts,
    )?;
    exports::progress(c, &r.id, &def.name, WAITING, 0, None)?;
    audit::append(
        c,
        "system",
        "manual_task_sent",
        Some(&r.id),
        &json!({"store": def.name, "contact": contact}),
    )?;
    Ok(())
}

/// A file name as it goes into the archive: the last path component, without control
/// characters, at most [`MAX_NAME`] characters (the extension kept); None when nothing usable
/// is left.
pub fn file_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches('.').trim().to_owned();
    if clean.is_empty() {
        return None;
    }
    if clean.chars().count() <= MAX_NAME {
        return Some(clean);
    }
    let (stem, ext) = match clean.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.chars().count() <= 10 => (s, format!(".{e}")),
        _ => (clean.as_str(), String::new()),
    };
    let keep = MAX_NAME - ext.chars().count();
    Some(stem.chars().take(keep).collect::<String>() + &ext)
}

/// Names made unique within one store's files: `a.pdf`, `a (2).pdf`, …
fn unique(names: &[String], taken: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_owned(), format!(".{e}")),
            _ => (name.clone(), String::new()),
        };
        let mut candidate = name.clone();
        let mut n = 2;
        while out.contains(&candidate) || taken.contains(&candidate) {
            candidate = format!("{stem} ({n}){ext}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

/// Counts and hashes what is written through it.
struct Measured<W: Write> {
    inner: W,
    size: u64,
    hasher: Sha256,
}

impl<W: Write> Write for Measured<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.size += n as u64;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A file written to the storage, not yet recorded.
struct Stored {
    id: String,
    name: String,
    location: String,
    size: u64,
    sha256: String,
}

/// Encrypts one file into the export storage.
fn store_file(
    p: &Portal,
    request_id: &str,
    name: String,
    content: &mut dyn Read,
) -> io::Result<Stored> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let upload = p.export_storage().begin_attachment(request_id, &id)?;
    let enc = EncryptingWriter::new(upload, &p.archive_key)?;
    let mut measured = Measured {
        inner: enc,
        size: 0,
        hasher: Sha256::new(),
    };
    io::copy(content, &mut measured)?;
    let location = measured.inner.finish()?.commit()?;
    Ok(Stored {
        id,
        name,
        location,
        size: measured.size,
        sha256: hex::encode(measured.hasher.finalize()),
    })
}

/// Deletes stored files (an answer that was refused, or a closed request's); failures are
/// logged and left to the sweep.
fn discard(p: &Portal, locations: impl IntoIterator<Item = String>) {
    let storage = p.export_storage();
    for location in locations {
        if let Err(e) = storage.delete(&location) {
            tracing::warn!(%location, error = %e, "deleting an attachment");
        }
    }
}

/// Why a manual step of this request can't be completed now, if it can't.
fn refusal(r: &RequestRow, task: Option<&export_tasks::TaskRow>, store: &str) -> Option<String> {
    if r.state() != State::Processing {
        return Some(format!(
            "request {} is {}, not processing",
            r.id,
            r.state().as_str()
        ));
    }
    match task {
        Some(t) if t.state == WAITING => None,
        _ => Some(format!(
            "store {store} has no open task for request {}",
            r.id
        )),
    }
}

/// Records a manual store's answer for an access request: the owner's note and the files
/// they returned. When no other store waits, the export is built.
pub fn complete_step(
    p: &Portal,
    request_id: &str,
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
    let r = requests::get(&mut conn, request_id)?.ok_or(ServiceError::NotFound("request"))?;
    if r.kind != Kind::Access.as_str() {
        return Err(ServiceError::Invalid(
            "files are attached to a copy of the data (an access request) only".into(),
        ));
    }
    let tasks = export_tasks::of_request(&mut conn, &r.id)?;
    if let Some(why) = refusal(&r, tasks.iter().find(|t| t.store == store), store) {
        return Err(ServiceError::Invalid(why));
    }
    let taken: Vec<String> = export_tasks::attachments(&mut conn, &r.id)?
        .into_iter()
        .filter(|a| a.store == store)
        .map(|a| a.name)
        .collect();
    drop(conn);
    let mut stored = Vec::new();
    for (mut f, name) in files.into_iter().zip(unique(&names, &taken)) {
        match store_file(p, &r.id, name, &mut f.content) {
            Ok(s) => stored.push(s),
            Err(e) => {
                discard(p, stored.into_iter().map(|s| s.location));
                return Err(ServiceError::Internal(format!(
                    "storing an attachment: {e}"
                )));
            }
        }
    }
    let recorded = record(p, &r.id, store, note, &stored, actor);
    if recorded.is_err() {
        discard(p, stored.into_iter().map(|s| s.location));
    }
    recorded?;
    p.wake.notify();
    Ok(())
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
        if let Some(why) = refusal(&r, tasks.iter().find(|t| t.store == store), store) {
            return Err(ServiceError::Invalid(why));
        }
        export_tasks::complete(c, &r.id, store, note, actor)?;
        for s in stored {
            export_tasks::insert_attachment(
                c,
                &NewAttachment {
                    id: &s.id,
                    request_id: &r.id,
                    store,
                    name: &s.name,
                    location: &s.location,
                    size: i64::try_from(s.size).unwrap_or(i64::MAX),
                    sha256: &s.sha256,
                },
            )?;
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
        exports::progress(c, &r.id, store, "done", stored.len() as i64, None)?;
        let others_wait = tasks.iter().any(|t| t.store != store && t.state == WAITING);
        if !others_wait {
            crate::jobs::enqueue(
                c,
                &crate::jobs::Job::Export {
                    request_id: r.id.clone(),
                },
                p.config.jobs.max_attempts,
            )?;
        }
        Ok(())
    })
}

/// Writes a manual store's folder into the archive: the owner's answer and their files,
/// decrypted from the storage as they are copied. Returns how many files.
pub fn write_store<W: Write>(
    p: &Portal,
    request_id: &str,
    store: &str,
    archive: &mut Archive<W>,
) -> Result<u64, String> {
    let mut conn = p.conn().map_err(|e| e.to_string())?;
    let note = export_tasks::of_request(&mut conn, request_id)
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|t| t.store == store)
        .and_then(|t| t.note)
        .filter(|n| !n.is_empty());
    let files: Vec<AttachmentRow> = export_tasks::attachments(&mut conn, request_id)
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|a| a.store == store)
        .collect();
    drop(conn);
    archive.manual_store(store, StoreType::Manual.as_str(), note.as_deref());
    let storage = p.export_storage();
    for f in &files {
        let failed = |e: io::Error| format!("attachment {}: {e}", f.name);
        let encrypted = storage.open(&f.location).map_err(failed)?;
        let mut plain = DecryptingReader::new(encrypted, &p.archive_key).map_err(failed)?;
        archive.attach(&f.name, &mut plain).map_err(failed)?;
    }
    Ok(files.len() as u64)
}

/// Deletes the stored files of closed requests (their archive holds them, or nobody will).
/// Returns how many.
pub fn cleanup(p: &Portal) -> Result<usize, ServiceError> {
    let mut conn = p.conn()?;
    let storage = p.export_storage();
    let mut n = 0;
    for a in export_tasks::of_closed_requests(&mut conn, 500)? {
        storage
            .delete(&a.location)
            .map_err(|e| ServiceError::Internal(format!("deleting {}: {e}", a.location)))?;
        export_tasks::mark_deleted(&mut conn, &a.id)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_a_safe_last_component() {
        assert_eq!(file_name("report.pdf").as_deref(), Some("report.pdf"));
        assert_eq!(
            file_name("C:\\Users\\dpo\\export.csv").as_deref(),
            Some("export.csv")
        );
        assert_eq!(file_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(file_name("..").as_deref(), None);
        assert_eq!(file_name(" . ").as_deref(), None);
        assert_eq!(file_name("a/").as_deref(), None);
        assert_eq!(file_name(".hidden").as_deref(), Some("hidden"));
        assert_eq!(file_name("a\u{0}b\nc.txt").as_deref(), Some("abc.txt"));
        let long = format!("{}.json", "x".repeat(300));
        let short = file_name(&long).unwrap();
        assert_eq!(short.chars().count(), MAX_NAME);
        assert!(short.ends_with(".json"));
    }

    #[test]
    fn names_are_made_unique_within_a_store() {
        let names = vec!["a.pdf".to_owned(), "a.pdf".to_owned(), "b".to_owned()];
        assert_eq!(
            unique(&names, &["b".to_owned()]),
            vec!["a.pdf", "a (2).pdf", "b (2)"]
        );
    }
}
