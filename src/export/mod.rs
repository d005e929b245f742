//! The export (DESIGN §4): an access request in `processing` becomes
//! `dsr-export-<id>.zip`, streamed from every store, encrypted at rest, delivered by a link.

pub mod archive;
pub mod held;
pub mod manual;
pub mod readme;

use std::io::Write;

use serde_json::json;

use self::archive::{Archive, Formats, StoreSummary};
use self::held::HeldRecords;
use crate::datamap::labels::Labels;
use crate::datamap::{DataMap, StoreType};
use crate::db::{audit, exports, requests, tokens, write_tx};
use crate::domain::ledger_key::LedgerKey;
use crate::domain::token::{self, Purpose};
use crate::domain::work::Step;
use crate::domain::{Action, Kind};
use crate::error::ServiceError;
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::storage::crypto::{DecryptingReader, EncryptingWriter};
use crate::stores::{self, Identifiers, RecordSink, Store, StoreError};
use crate::workflow::{
    Attempt, Failure, JobError, Mail, attempt_failed, finish, processing_request,
};

/// Rows between progress updates (and lease heartbeats).
const TICK: u64 = 50_000;

/// Counts records for the progress table while passing them on.
struct Progress<'a, S: RecordSink> {
    inner: S,
    rows: u64,
    tick: &'a mut dyn FnMut(u64),
}

impl<S: RecordSink> Progress<'_, S> {
    fn count(&mut self) {
        self.rows += 1;
        if self.rows.is_multiple_of(TICK) {
            (self.tick)(self.rows);
        }
    }
}

impl<S: RecordSink> RecordSink for Progress<'_, S> {
    fn begin(&mut self, object: &str) -> Result<(), String> {
        self.inner.begin(object)
    }
    fn columns(&mut self, columns: &[String]) -> Result<(), String> {
        self.inner.columns(columns)
    }
    fn record(&mut self, json: &str) -> Result<(), String> {
        self.count();
        self.inner.record(json)
    }
    fn record_cells(&mut self, json: &str, cells: &[Option<&str>]) -> Result<(), String> {
        self.count();
        self.inner.record_cells(json, cells)
    }
    fn end(&mut self) -> Result<(), String> {
        self.inner.end()
    }
}

/// Counts the bytes of the (plaintext) zip.
struct Counted<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Remembers the first error of the archive storage, so a failed upload is not blamed on
/// the store whose rows were being written at the time.
struct Watched<W: Write> {
    inner: W,
    error: std::rc::Rc<std::cell::RefCell<Option<String>>>,
}

impl<W: Write> Watched<W> {
    fn check<T>(&self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r
            && let Ok(mut slot) = self.error.try_borrow_mut()
            && slot.is_none()
        {
            *slot = Some(e.to_string());
        }
        r
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.check(r)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let r = self.inner.write_all(buf);
        self.check(r)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.check(r)
    }
}

/// The `export` job. A failure is retried by the queue; after the last attempt the request
/// becomes `failed`, naming the store, and the DPO is told.
pub fn run(
    p: &Portal,
    request_id: &str,
    attempt: Attempt,
    heartbeat: &dyn Fn(),
) -> Result<(), JobError> {
    let Some(r) = processing_request(p, request_id, Kind::Access)? else {
        return Ok(()); // cancelled, already delivered, or not an export
    };
    match build(p, &r, heartbeat) {
        Ok(Built::Archive(location, size, summaries, places)) => {
            deliver(p, &r, &location, size, &summaries, &places).map_err(JobError::retry)?;
            discard_attachments(p, &r.id);
            Ok(())
        }
        Ok(Built::Waiting(stores)) => {
            tracing::info!(request = %r.id, stores = ?stores, "export waits for manual stores");
            Ok(())
        }
        Err(f) => {
            tracing::warn!(request = %r.id, store = %f.store, error = %f.message, attempt = attempt.number, "export failed");
            let mut conn = p.conn().map_err(JobError::retry)?;
            let _ = exports::progress(
                &mut conn,
                &r.id,
                &f.store,
                Step::Failed,
                0,
                Some(&f.message),
            );
            attempt_failed(
                p,
                &r,
                &f.store,
                &f.message,
                attempt,
                "export_attempt_failed",
            )
        }
    }
}

fn formats(p: &Portal) -> Formats {
    let f = &p.config.export.formats;
    Formats {
        csv: f.iter().any(|x| x == "csv"),
        json: f.iter().any(|x| x == "json"),
    }
}

/// Writes a manual store's folder (the files its owner returned) into the archive; returns
/// how many files.
pub type ManualWriter<'a, W> = dyn FnMut(&str, &mut Archive<W>) -> Result<u64, StoreError> + 'a;

/// Streams every store's records of one subject into the archive, one store after the
/// other, each followed by the subject's records it keeps under a legal hold (`kept`, as
/// `<store>/<table> (kept).csv`); `progress(store, state, rows)` is told at each store's
/// start and end and every [`TICK`] rows. Manual stores are written by `manual`.
pub fn write_stores<W: Write>(
    stores: &[Box<dyn Store>],
    ids: &Identifiers,
    kept: &[HeldRecords],
    archive: &mut Archive<W>,
    progress: &mut dyn FnMut(&str, Step, u64),
    manual: &mut ManualWriter<'_, W>,
) -> Result<(), StoreError> {
    for store in stores {
        let name = store.name().to_owned();
        if store.kind() == StoreType::Manual {
            let files = manual(&name, archive)?;
            progress(&name, Step::Done, files);
            continue;
        }
        progress(&name, Step::Running, 0);
        let mut tick = |rows: u64| progress(&name, Step::Running, rows);
        let sink = archive.store(&name, store.kind().as_str());
        let mut counted = Progress {
            inner: sink,
            rows: 0,
            tick: &mut tick,
        };
        store.export(ids, &mut counted)?;
        counted.inner.keeping(true);
        for held in kept.iter().filter(|k| k.store == name) {
            store.export_held(&held.object, &held.keys, &mut counted)?;
        }
        let rows = counted.rows;
        progress(&name, Step::Done, rows);
    }
    Ok(())
}

/// What [`build`] made.
enum Built {
    /// The encrypted archive: its location, zip size, summary and the stores' labels (the
    /// names subjects see, in the summary's order).
    Archive(String, u64, Vec<StoreSummary>, Vec<String>),
    /// Nothing yet: these manual stores' owners have not answered.
    Waiting(Vec<String>),
}

/// Streams every store into an encrypted archive, once every manual store has answered.
fn build(p: &Portal, r: &requests::RequestRow, heartbeat: &dyn Fn()) -> Result<Built, Failure> {
    let map =
        DataMap::from_config(&p.config).map_err(|e| Failure::new("-", format!("data map: {e}")))?;
    let waiting = manual::waiting(p, r, &map).map_err(|e| Failure::new("-", e))?;
    if !waiting.is_empty() {
        return Ok(Built::Waiting(waiting));
    }
    let stores = stores::open_all(&map).map_err(Failure::from)?;
    let ids = stores::resolve(&map, &stores, &r.email).map_err(Failure::from)?;
    let upload = p
        .export_storage()
        .begin(&r.id)
        .map_err(|e| Failure::new("-", format!("archive storage: {e}")))?;
    // An error drops the upload on the way out: nothing becomes visible.
    let storage_error = std::rc::Rc::default();
    let upload = Watched {
        inner: upload,
        error: std::rc::Rc::clone(&storage_error),
    };
    let enc = EncryptingWriter::new(upload, &p.archive_key).map_err(|e| Failure::new("-", e))?;
    let mut archive = Archive::new(
        Counted {
            inner: enc,
            bytes: 0,
        },
        formats(p),
    )
    .with_csv_bom(p.config.export.csv_bom);
    let mut conn = p.conn().map_err(Failure::from)?;
    // Read now: writing the archive then needs no second connection.
    let answers = manual::Answers::load(&mut conn, &r.id).map_err(Failure::from)?;
    let labels = Labels::of(&map);
    let mut held = held::of_subject(&mut conn, &LedgerKey::derive(p.secret()), &r.email, &labels)
        .map_err(Failure::from)?;
    let mut progress = |store: &str, state: Step, rows: u64| {
        let _ = exports::progress(&mut conn, &r.id, store, state, rows as i64, None);
        heartbeat();
    };
    let mut manual = |store: &str, archive: &mut Archive<_>| {
        manual::write_store(p, &answers, store, archive).map_err(|e| StoreError {
            store: store.to_owned(),
            kind: stores::ErrorKind::Sink(e),
        })
    };
    write_stores(
        &stores,
        &ids,
        &held.records,
        &mut archive,
        &mut progress,
        &mut manual,
    )
    .map_err(|e| match storage_error.borrow().as_ref() {
        Some(io) => Failure::new("-", format!("archive storage: {io}")),
        None => Failure::from(e),
    })?;
    drop(conn);
    held.name_files(&archive.stores);
    let manifest = json!({
        "request_id": r.id,
        "generated_at": time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "subject": {"email": r.email},
        "stores": archive.stores,
        "held": held,
    });
    let manifest = serde_json::to_vec_pretty(&manifest).map_err(|e| Failure::new("-", e))?;
    archive
        .add_file("manifest.json", &manifest)
        .map_err(|e| Failure::new("-", e))?;
    let lang = crate::workflow::lang_of(p, r);
    let html = readme::render(p, r, lang, &archive.stores, &labels, &held)
        .map_err(|e| Failure::new("-", e))?;
    archive
        .add_file("README.html", html.as_bytes())
        .map_err(|e| Failure::new("-", e))?;
    let summaries = archive.stores.clone();
    let counted = archive.finish().map_err(|e| Failure::new("-", e))?;
    let size = counted.bytes;
    let upload = counted.inner.finish().map_err(|e| Failure::new("-", e))?;
    let location = upload
        .inner
        .commit()
        .map_err(|e| Failure::new("-", format!("archive storage: {e}")))?;
    let places = summaries.iter().map(|s| labels.store(&s.name)).collect();
    Ok(Built::Archive(location, size, summaries, places))
}

/// The request's attachments are in the delivered archive now: delete them. A failure here
/// is left to the sweep.
fn discard_attachments(p: &Portal, request_id: &str) {
    if let Err(e) = manual::delete_delivered(p, request_id) {
        tracing::warn!(request = %request_id, error = %e, "deleting manual step attachments");
    }
}

/// Records the archive, mints the download link, completes the request and mails the link,
/// all in one transaction.
fn deliver(
    p: &Portal,
    r: &requests::RequestRow,
    location: &str,
    size: u64,
    summaries: &[StoreSummary],
    places: &[String],
) -> Result<(), ServiceError> {
    let expires = p.now() + time::Duration::days(i64::from(p.config.export.ttl_days));
    let names: Vec<&str> = summaries.iter().map(|s| s.name.as_str()).collect();
    let rows: u64 = summaries.iter().map(StoreSummary::total_rows).sum();
    let detail = json!({"archive_bytes": size, "rows": rows, "stores": names});
    finish(p, &r.id, Action::Complete, detail, |c, current| {
        exports::record(
            c,
            &current.id,
            location,
            size as i64,
            &json!(names).to_string(),
            expires,
        )?;
        let minted = token::mint()?;
        tokens::insert(c, &minted, &current.id, Purpose::Download, Some(expires))?;
        let message = Message::ExportReady(messages::ExportReady {
            link: p.link(&format!("/download/{}", minted.plain)),
            expires: p
                .i18n
                .texts(crate::workflow::lang_of(p, current))
                .time(expires),
            stores: places.join(", "),
        });
        Ok(Some(Mail {
            to: current.email.clone(),
            message,
        }))
    })
}

/// The plain zip of a stored archive, decrypted as it is read.
pub fn open_archive(p: &Portal, location: &str) -> std::io::Result<Box<dyn std::io::Read + Send>> {
    let stored = p.export_storage().open(location)?;
    let plain = DecryptingReader::new(std::io::BufReader::new(stored), &p.archive_key)?;
    Ok(Box::new(plain))
}

/// Deletes archives past their expiry (the worker's sweep). Returns how many.
pub fn cleanup(p: &Portal) -> Result<usize, ServiceError> {
    let mut conn = p.conn()?;
    let storage = p.export_storage();
    let mut n = 0;
    for e in exports::expired(&mut conn, p.now(), 500)? {
        storage
            .delete(&e.location)
            .map_err(|err| ServiceError::Internal(format!("deleting {}: {err}", e.location)))?;
        write_tx(&mut conn, |c| {
            exports::mark_deleted(c, &e.request_id)?;
            audit::append(
                c,
                "system",
                "archive_deleted",
                Some(&e.request_id),
                &json!({"reason": "expired"}),
            )
        })?;
        n += 1;
    }
    Ok(n)
}
