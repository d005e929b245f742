//! The files of manual steps: safe names, encrypted storage with a pending row per upload,
//! the store's folder in the archive, and the sweep that deletes what is no longer needed.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

use diesel::QueryResult;

use crate::datamap::StoreType;
use crate::db::export_tasks::{self, AttachmentRow, NewAttachment};
use crate::db::{self, DbConn};
use crate::error::ServiceError;
use crate::export::archive::{Archive, Hashing};
use crate::portal::Portal;
use crate::storage;
use crate::storage::crypto::{DecryptingReader, EncryptingWriter};

/// Longest file name kept (in characters).
const MAX_NAME: usize = 120;
/// A file name as it goes into the archive: the last path component, without control
/// characters or leading dots and spaces, at most [`MAX_NAME`] characters (the extension
/// kept); None when nothing usable is left (so never `.` or `..`).
pub fn file_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end()
        .to_owned();
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
pub(super) fn unique(names: &[String], taken: &[String]) -> Vec<String> {
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

/// A file written to the storage, not yet part of the answer.
pub(super) struct Stored {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// Encrypts one file into the export storage. Its row is written first (pending), so an
/// upload that is never recorded — a crash, a refusal — is found and removed by the sweep.
pub(super) fn store_file(
    p: &Portal,
    request_id: &str,
    store: &str,
    name: String,
    content: &mut dyn Read,
) -> Result<Stored, ServiceError> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let mut conn = p.conn()?;
    export_tasks::insert_pending(
        &mut conn,
        &NewAttachment {
            id: &id,
            request_id,
            store,
            name: &name,
            location: &storage::attachment_name(request_id, &id),
        },
    )?;
    drop(conn);
    let mut upload = || -> io::Result<(u64, String)> {
        let upload = p.export_storage().begin_attachment(request_id, &id)?;
        let mut hashing = Hashing::new(EncryptingWriter::new(upload, &p.archive_key)?);
        let size = io::copy(content, &mut hashing)?;
        let (encrypted, sha256) = hashing.finish();
        encrypted.finish()?.commit()?;
        Ok((size, sha256))
    };
    match upload() {
        Ok((size, sha256)) => Ok(Stored {
            id,
            name,
            size,
            sha256,
        }),
        Err(e) => {
            discard(p, request_id, [id]);
            Err(ServiceError::Internal(format!(
                "storing the attachment {name}: {e}"
            )))
        }
    }
}

/// Removes uploads that will not be recorded (file and pending row); a failure is logged
/// and left to the sweep.
pub(super) fn discard(p: &Portal, request_id: &str, ids: impl IntoIterator<Item = String>) {
    for id in ids {
        let gone = p
            .export_storage()
            .discard_attachment(request_id, &id)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                let mut conn = p.conn().map_err(|e| e.to_string())?;
                export_tasks::delete_pending(&mut conn, &id).map_err(|e| e.to_string())
            });
        if let Err(e) = gone {
            tracing::warn!(%id, error = %e, "removing an unrecorded attachment");
        }
    }
}

/// What the manual stores of a request answered: per store, the owner's note and the files.
#[derive(Debug, Default)]
pub struct Answers(BTreeMap<String, (Option<String>, Vec<AttachmentRow>)>);

impl Answers {
    /// Read before the archive is written (so writing it needs no second connection).
    pub fn load(conn: &mut DbConn, request_id: &str) -> QueryResult<Self> {
        let mut answers = BTreeMap::new();
        for t in export_tasks::of_request(conn, request_id)? {
            let note = t.note.filter(|n| !n.is_empty());
            answers.insert(t.store, (note, Vec::new()));
        }
        for a in export_tasks::attachments(conn, request_id)? {
            answers
                .entry(a.store.clone())
                .or_insert_with(|| (None, Vec::new()))
                .1
                .push(a);
        }
        Ok(Self(answers))
    }
}

/// Writes a manual store's folder into the archive: the owner's answer and their files,
/// decrypted from the storage as they are copied. Returns how many files.
pub fn write_store<W: Write>(
    p: &Portal,
    answers: &Answers,
    store: &str,
    archive: &mut Archive<W>,
) -> Result<u64, String> {
    let (note, files) = answers
        .0
        .get(store)
        .map_or((None, &[][..]), |(n, f)| (n.as_deref(), f.as_slice()));
    archive.manual_store(store, StoreType::Manual.as_str(), note);
    let storage = p.export_storage();
    for f in files {
        let failed = |e: io::Error| format!("attachment {}: {e}", f.name);
        let encrypted = storage.open(&f.location).map_err(failed)?;
        let mut plain = DecryptingReader::new(encrypted, &p.archive_key).map_err(failed)?;
        archive.attach(&f.name, &mut plain).map_err(failed)?;
    }
    Ok(files.len() as u64)
}

/// Deletes the files of a delivered archive (it holds them now); one that can't be deleted
/// is left to the sweep.
pub fn delete_delivered(p: &Portal, request_id: &str) -> Result<usize, ServiceError> {
    let mut conn = p.conn()?;
    let rows = export_tasks::attachments(&mut conn, request_id)?;
    delete_recorded(p, &mut conn, rows)
}

/// Deletes recorded files and marks them deleted; a failure is logged and skipped.
fn delete_recorded(
    p: &Portal,
    conn: &mut DbConn,
    rows: Vec<AttachmentRow>,
) -> Result<usize, ServiceError> {
    let storage = p.export_storage();
    let mut n = 0;
    for a in rows {
        match storage.delete(&a.location) {
            Ok(()) => {
                export_tasks::mark_deleted(conn, &a.id)?;
                n += 1;
            }
            Err(e) => tracing::warn!(location = %a.location, error = %e, "deleting an attachment"),
        }
    }
    Ok(n)
}

/// How long an upload may stay unrecorded before the sweep removes it.
const PENDING_GRACE: time::Duration = time::Duration::hours(1);

/// The sweep: deletes the stored files of closed requests (their archive holds them, or
/// nobody will) and uploads never recorded. A file that can't be deleted now is logged and
/// tried again next time. Returns how many were deleted.
pub fn cleanup(p: &Portal) -> Result<usize, ServiceError> {
    let mut conn = p.conn()?;
    let closed = export_tasks::of_closed_requests(&mut conn, 500)?;
    let mut n = delete_recorded(p, &mut conn, closed)?;
    let stale = export_tasks::pending_before(&mut conn, db::now() - PENDING_GRACE, 500)?;
    drop(conn);
    n += stale.len();
    for a in stale {
        discard(p, &a.request_id, [a.id]);
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
        assert_eq!(file_name(". ..").as_deref(), None);
        assert_eq!(file_name(". .").as_deref(), None);
        assert_eq!(file_name(" ... . ").as_deref(), None);
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
