//! The export archive (DESIGN §4), written as a stream: records go from the store cursor
//! into the zip without collecting a table. A table's JSON and CSV entries are each
//! compressed on a thread of their own as the rows arrive, into anonymous temporary files,
//! and their compressed bytes are copied into the archive when the table ends (no second
//! compression): the store is read once, memory stays flat and the cores share the work.

use std::fs::File;
use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use zip::ZipWriter;
use zip::write::{SimpleFileOptions, StreamWriter};

use crate::domain::csv_cell::neutralised;
use crate::stores::RecordSink;

/// Objects exported as one JSON object rather than an array (when there is exactly one).
const SINGLE: &[&str] = &["customer", "response"];
/// Rows kept per table for the README preview.
const PREVIEW: usize = 3;
/// What the file names of records kept under a legal hold add to their table's name.
pub const KEPT_SUFFIX: &str = " (kept)";

#[derive(Debug, Clone, Copy)]
pub struct Formats {
    pub csv: bool,
    pub json: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub rows: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Default)]
pub struct TableSummary {
    pub object: String,
    /// Records kept under a legal hold (`<store>/<table> (kept).csv`), not the live table.
    pub kept: bool,
    /// Its files in the archive.
    pub paths: Vec<String>,
    pub rows: u64,
    pub columns: Vec<String>,
    pub preview: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoreSummary {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub files: Vec<FileEntry>,
    #[serde(skip)]
    pub tables: Vec<TableSummary>,
    /// A manual store's answer, as its owner gave it (recorded by the DPO).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StoreSummary {
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// A zip being written to `W`.
pub struct Archive<W: Write> {
    zip: ZipWriter<StreamWriter<W>>,
    options: SimpleFileOptions,
    formats: Formats,
    /// Each CSV entry starts with a UTF-8 byte order mark (`export.csv_bom`).
    csv_bom: bool,
    pub stores: Vec<StoreSummary>,
}

/// A CSV file's first bytes under `export.csv_bom`: Excel then reads it as UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `options` dated now (UTC), for an entry about to be written: a zip entry's date is
/// otherwise 1980-01-01. Outside the zip format's years (1980-2107) the date stays as it was.
fn dated_now(options: SimpleFileOptions) -> SimpleFileOptions {
    let now = time::OffsetDateTime::now_utc();
    match zip::DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(0),
        now.month().into(),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
    ) {
        Ok(date) => options.last_modified_time(date),
        Err(_) => options,
    }
}

fn zip_err(e: zip::result::ZipError) -> io::Error {
    io::Error::other(e.to_string())
}

impl<W: Write> Archive<W> {
    pub fn new(inner: W, formats: Formats) -> Self {
        // Level 2 is zlib-rs's fastest with Huffman trees fitted to the data: on a million
        // rows about half the CPU of level 3 for the JSON, two thirds for the CSV, for an
        // archive about 5 % larger.
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(2))
            .large_file(true);
        Self {
            zip: ZipWriter::new_stream(inner),
            options,
            formats,
            csv_bom: false,
            stores: Vec::new(),
        }
    }

    /// Starts each CSV entry with a UTF-8 byte order mark ([`UTF8_BOM`]); off by default.
    pub fn with_csv_bom(mut self, on: bool) -> Self {
        self.csv_bom = on;
        self
    }

    /// Writes a whole small file (manifest, README).
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> io::Result<FileEntry> {
        self.zip
            .start_file(path, dated_now(self.options))
            .map_err(zip_err)?;
        self.zip.write_all(bytes)?;
        Ok(FileEntry {
            path: path.to_owned(),
            rows: 0,
            sha256: hex::encode(Sha256::digest(bytes)),
        })
    }

    /// A sink for one store's records.
    pub fn store(&mut self, name: &str, kind: &str) -> StoreSink<'_, W> {
        self.stores.push(StoreSummary {
            name: name.to_owned(),
            kind: kind.to_owned(),
            files: Vec::new(),
            tables: Vec::new(),
            note: None,
        });
        StoreSink {
            archive: self,
            open: None,
            kept: false,
        }
    }

    /// Starts the folder of a manual store: no tables, the owner's answer (`note`), and the
    /// files they returned ([`Archive::attach`]).
    pub fn manual_store(&mut self, name: &str, kind: &str, note: Option<&str>) {
        self.stores.push(StoreSummary {
            name: name.to_owned(),
            kind: kind.to_owned(),
            files: Vec::new(),
            tables: Vec::new(),
            note: note.map(str::to_owned),
        });
    }

    /// Streams a file into the folder of the store started last, as `<store>/<file_name>`;
    /// returns its size.
    pub fn attach(&mut self, file_name: &str, content: &mut dyn io::Read) -> io::Result<u64> {
        let store = self
            .stores
            .last_mut()
            .ok_or_else(|| io::Error::other("no store open"))?;
        let file_name = safe_name(file_name);
        if file_name.trim_matches('.').is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{file_name:?} is not a file name"),
            ));
        }
        let path = format!("{}/{file_name}", safe_name(&store.name));
        self.zip
            .start_file(&path, dated_now(self.options))
            .map_err(zip_err)?;
        let mut hashing = Hashing::new(&mut self.zip);
        let size = io::copy(content, &mut hashing)?;
        let (_, sha256) = hashing.finish();
        store.files.push(FileEntry {
            path,
            rows: 0,
            sha256,
        });
        Ok(size)
    }

    /// Closes the zip; returns the inner writer.
    pub fn finish(self) -> io::Result<W> {
        Ok(self.zip.finish().map_err(zip_err)?.into_inner())
    }
}

/// Hashes (SHA-256) what passes through to `inner`.
pub(crate) struct Hashing<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Hashing<W> {
    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The writer back, and the hex SHA-256 of what went through.
    pub(crate) fn finish(self) -> (W, String) {
        (self.inner, hex::encode(self.hasher.finalize()))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

struct OpenObject {
    object: String,
    /// The file name without its extension: the object's, plus [`KEPT_SUFFIX`] for held ones.
    stem: String,
    kept: bool,
    json_path: String,
    json: Option<EntryPipe>,
    rows: u64,
    columns: Vec<String>,
    preview: Vec<Vec<String>>,
    csv: Option<csv::Writer<EntryPipe>>,
    single: Option<Vec<String>>,
}

/// Receives one store's records into the archive.
pub struct StoreSink<'a, W: Write> {
    archive: &'a mut Archive<W>,
    open: Option<OpenObject>,
    /// Objects begun from now on are records kept under a legal hold ([`StoreSink::keeping`]).
    kept: bool,
}

fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '\0') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Bytes handed to an entry's thread at a time, and how many may wait (memory stays bounded).
const BATCH: usize = 256 * 1024;
const QUEUE: usize = 4;

/// An entry (a table's JSON or CSV) being compressed on its own thread, as it is written,
/// into a one-entry zip in a temporary file; [`EntryPipe::finish`] returns that file and the
/// SHA-256 of the plain text, and [`StoreSink::append`] copies the compressed bytes into the
/// archive (with the entry's date: when it was started). So the archive's thread does not
/// compress, and two entries compress at once.
struct EntryPipe {
    buf: Vec<u8>,
    tx: Option<SyncSender<Vec<u8>>>,
    worker: Option<JoinHandle<io::Result<(File, String)>>>,
}

impl EntryPipe {
    fn start(options: SimpleFileOptions) -> io::Result<Self> {
        let (tx, rx) = sync_channel::<Vec<u8>>(QUEUE);
        let file = tempfile::tempfile()?;
        let worker = std::thread::Builder::new()
            .name("dsr-export-zip".into())
            .spawn(move || Self::compress(file, options, rx))?;
        Ok(Self {
            buf: Vec::with_capacity(BATCH),
            tx: Some(tx),
            worker: Some(worker),
        })
    }

    fn compress(
        file: File,
        options: SimpleFileOptions,
        rx: Receiver<Vec<u8>>,
    ) -> io::Result<(File, String)> {
        let mut zip = ZipWriter::new(file);
        zip.start_file("entry", dated_now(options))
            .map_err(zip_err)?;
        let mut hasher = Sha256::new();
        for batch in rx {
            hasher.update(&batch);
            zip.write_all(&batch)?;
        }
        let mut file = zip.finish().map_err(zip_err)?;
        file.flush()?;
        Ok((file, hex::encode(hasher.finalize())))
    }

    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.buf, Vec::with_capacity(BATCH));
        let sent = self.tx.as_ref().map(|tx| tx.send(batch));
        match sent {
            Some(Ok(())) => Ok(()),
            // The thread stopped: its own error comes out of finish().
            _ => Err(io::Error::other("the entry compressor stopped")),
        }
    }

    /// Waits for the compressed CSV.
    fn finish(mut self) -> io::Result<(File, String)> {
        self.send()?;
        drop(self.tx.take());
        self.worker
            .take()
            .ok_or_else(|| io::Error::other("the entry compressor is gone"))?
            .join()
            .map_err(|_| io::Error::other("the entry compressor panicked"))?
    }
}

impl Write for EntryPipe {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= BATCH {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for EntryPipe {
    fn drop(&mut self) {
        // Abandoned (a store failed): close the queue and let the thread end.
        drop(self.tx.take());
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// The values of a JSON object, in order, unparsed.
fn raw_values(json: &str) -> io::Result<Vec<&RawValue>> {
    struct Values<'a>(Vec<&'a RawValue>);
    impl<'de> serde::Deserialize<'de> for Values<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Values<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Self::Value, A::Error> {
                    let mut out = Vec::with_capacity(map.size_hint().unwrap_or(16));
                    while let Some((_, v)) =
                        map.next_entry::<serde::de::IgnoredAny, &'de RawValue>()?
                    {
                        out.push(v);
                    }
                    Ok(Values(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_str::<Values<'_>>(json)
        .map(|v| v.0)
        .map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a row is not a JSON object: {e}"),
            )
        })
}

/// A raw JSON value as a CSV cell, the same as [`cell`]: null empty, strings unescaped,
/// everything else its JSON text.
fn raw_cell(v: &RawValue) -> io::Result<std::borrow::Cow<'_, str>> {
    let text = v.get();
    match text.as_bytes().first() {
        Some(b'n') => Ok("".into()),
        Some(b'"') => match serde_json::from_str::<&str>(text) {
            Ok(s) => Ok(s.into()),
            Err(_) => serde_json::from_str::<String>(text)
                .map(Into::into)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string())),
        },
        _ => Ok(text.into()),
    }
}

/// A JSON value as a CSV cell: NULL empty, strings as they are, everything else as JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl<W: Write> StoreSink<'_, W> {
    fn summary(&mut self) -> io::Result<&mut StoreSummary> {
        self.archive
            .stores
            .last_mut()
            .ok_or_else(|| io::Error::other("no store open"))
    }

    fn write_json(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.open
            .as_mut()
            .and_then(|o| o.json.as_mut())
            .ok_or_else(|| io::Error::other("no JSON entry open"))?
            .write_all(bytes)
    }

    /// Copies a compressed entry into the archive as `path`; returns its SHA-256.
    fn append(&mut self, pipe: EntryPipe, path: &str) -> io::Result<String> {
        let (file, sha256) = pipe.finish()?;
        let mut compressed = zip::ZipArchive::new(file).map_err(zip_err)?;
        let entry = compressed.by_index_raw(0).map_err(zip_err)?;
        self.archive
            .zip
            .raw_copy_file_rename(entry, path)
            .map_err(zip_err)?;
        Ok(sha256)
    }

    /// From now on, the objects begun are records kept under a legal hold (or, with
    /// `false`, the store's live records again): their files are `<object> (kept)`.
    pub fn keeping(&mut self, kept: bool) {
        self.kept = kept;
    }

    fn begin_object(&mut self, object: &str) -> io::Result<()> {
        let store = safe_name(&self.summary()?.name);
        let kind = self.summary()?.kind.clone();
        let is_sql = matches!(kind.as_str(), "postgres" | "mysql" | "sqlite");
        let stem = if self.kept {
            format!("{}{KEPT_SUFFIX}", safe_name(object))
        } else {
            safe_name(object)
        };
        let json_path = format!("{store}/{stem}.json");
        let single = (SINGLE.contains(&object) && !self.kept).then(Vec::new);
        let array = single.is_none();
        let csv = if self.archive.formats.csv && is_sql {
            let mut pipe = EntryPipe::start(self.archive.options)?;
            if self.archive.csv_bom {
                pipe.write_all(UTF8_BOM)?;
            }
            Some(csv::Writer::from_writer(pipe))
        } else {
            None
        };
        let wants_json = self.archive.formats.json || !is_sql;
        let json = if wants_json {
            Some(EntryPipe::start(self.archive.options)?)
        } else {
            None
        };
        self.open = Some(OpenObject {
            object: object.to_owned(),
            stem,
            kept: self.kept,
            json_path: if wants_json { json_path } else { String::new() },
            json,
            rows: 0,
            columns: Vec::new(),
            preview: Vec::new(),
            csv,
            single,
        });
        if wants_json && array {
            self.write_json(b"[")?;
        }
        Ok(())
    }

    /// One record; `cells` are its CSV cells when the store had them, else the JSON is parsed.
    fn add_record(&mut self, json: &str, cells: Option<&[Option<&str>]>) -> io::Result<()> {
        let open = self
            .open
            .as_mut()
            .ok_or_else(|| io::Error::other("no object open"))?;
        open.rows += 1;
        let first = open.rows == 1;
        if open.columns.is_empty() || open.preview.len() < PREVIEW {
            let value: Value = serde_json::from_str(json).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("a record is not JSON: {e}"),
                )
            })?;
            // SQL rows are objects; an http store may answer with any JSON value.
            let row: Map<String, Value> = match value {
                Value::Object(map) => map,
                _ if open.csv.is_some() => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "a table row is not a JSON object",
                    ));
                }
                other => Map::from_iter([("value".to_owned(), other)]),
            };
            if open.columns.is_empty() {
                open.columns = row.keys().cloned().collect();
            }
            if open.preview.len() < PREVIEW {
                open.preview.push(
                    open.columns
                        .iter()
                        .map(|c| row.get(c).map(cell).unwrap_or_default())
                        .collect(),
                );
            }
        }
        if let Some(csv) = open.csv.as_mut() {
            // The hot path: cells straight from the row's raw values, in column order.
            if first {
                csv.write_record(&open.columns).map_err(io::Error::other)?;
            }
            let mismatch = || {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "a row does not match its columns",
                )
            };
            // Cells a spreadsheet would run as formulas get a leading `'` (csv_cell): the
            // first byte decides, so the usual cell costs one comparison and no copy.
            if let Some(cells) = cells {
                if cells.len() != open.columns.len() {
                    return Err(mismatch());
                }
                for c in cells {
                    csv.write_field(neutralised(c.unwrap_or_default()).as_ref())
                        .map_err(io::Error::other)?;
                }
            } else {
                let values = raw_values(json)?;
                if values.len() != open.columns.len() {
                    return Err(mismatch());
                }
                for v in values {
                    csv.write_field(neutralised(&raw_cell(v)?).as_ref())
                        .map_err(io::Error::other)?;
                }
            }
            csv.write_record(None::<&[u8]>).map_err(io::Error::other)?;
        }
        if let Some(single) = open.single.as_mut() {
            single.push(json.to_owned());
            return Ok(());
        }
        if open.json_path.is_empty() {
            return Ok(());
        }
        if !first {
            self.write_json(b",\n")?;
        } else {
            self.write_json(b"\n")?;
        }
        self.write_json(json.as_bytes())
    }

    fn end_object(&mut self) -> io::Result<()> {
        if let Some(single) = self.open.as_mut().and_then(|o| o.single.take()) {
            let body = if single.len() == 1 {
                single[0].clone()
            } else {
                format!("[{}]", single.join(",\n"))
            };
            self.write_json(body.as_bytes())?;
        } else if self.open.as_ref().is_some_and(|o| !o.json_path.is_empty()) {
            self.write_json(b"\n]\n")?;
        }
        let open = self
            .open
            .take()
            .ok_or_else(|| io::Error::other("no object open"))?;
        let mut files = Vec::new();
        if let Some(json) = open.json {
            let sha256 = self.append(json, &open.json_path)?;
            files.push(FileEntry {
                path: open.json_path.clone(),
                rows: open.rows,
                sha256,
            });
        }
        if let Some(mut csv) = open.csv {
            if open.rows == 0 && !open.columns.is_empty() {
                csv.write_record(&open.columns).map_err(io::Error::other)?;
            }
            let pipe = csv
                .into_inner()
                .map_err(|e| io::Error::other(e.to_string()))?;
            let store = safe_name(&self.summary()?.name);
            let path = format!("{store}/{}.csv", open.stem);
            let sha256 = self.append(pipe, &path)?;
            files.push(FileEntry {
                path,
                rows: open.rows,
                sha256,
            });
        }
        let summary = self.summary()?;
        summary.files.extend(files.iter().cloned());
        summary.tables.push(TableSummary {
            paths: files.iter().map(|f| f.path.clone()).collect(),
            object: open.object,
            kept: open.kept,
            rows: open.rows,
            columns: open.columns,
            preview: open.preview,
        });
        Ok(())
    }
}

impl<W: Write> RecordSink for StoreSink<'_, W> {
    fn begin(&mut self, object: &str) -> Result<(), String> {
        self.begin_object(object).map_err(|e| e.to_string())
    }

    fn columns(&mut self, columns: &[String]) -> Result<(), String> {
        if let Some(open) = self.open.as_mut()
            && open.columns.is_empty()
        {
            open.columns = columns.to_vec();
        }
        Ok(())
    }

    fn record(&mut self, json: &str) -> Result<(), String> {
        self.add_record(json, None).map_err(|e| e.to_string())
    }

    fn record_cells(&mut self, json: &str, cells: &[Option<&str>]) -> Result<(), String> {
        self.add_record(json, Some(cells))
            .map_err(|e| e.to_string())
    }

    fn end(&mut self) -> Result<(), String> {
        self.end_object().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One SQL table with one row, written into a zip in memory.
    fn one_table(bom: bool) -> Vec<u8> {
        let formats = Formats {
            csv: true,
            json: true,
        };
        let mut archive = Archive::new(Vec::new(), formats).with_csv_bom(bom);
        let mut sink = archive.store("app", "sqlite");
        sink.begin("users").unwrap();
        sink.columns(&["name".into(), "phone".into()]).unwrap();
        sink.record(r#"{"name":"Zoë","phone":"+44 20 7946 0001"}"#)
            .unwrap();
        sink.end().unwrap();
        archive.add_file("README.html", b"<p>hi</p>").unwrap();
        archive.finish().unwrap()
    }

    /// Year to minute, in the order that sorts them.
    fn minute_of(t: time::OffsetDateTime) -> (i32, u8, u8, u8, u8) {
        (t.year(), t.month().into(), t.day(), t.hour(), t.minute())
    }

    #[test]
    fn csv_starts_with_a_bom_when_asked_and_every_entry_is_dated_now() {
        let before = minute_of(time::OffsetDateTime::now_utc());
        let bytes = one_table(true);
        let after = minute_of(time::OffsetDateTime::now_utc());
        let mut zip = zip::ZipArchive::new(io::Cursor::new(bytes)).unwrap();
        let mut csv = String::new();
        io::Read::read_to_string(&mut zip.by_name("app/users.csv").unwrap(), &mut csv).unwrap();
        assert_eq!(csv, "\u{feff}name,phone\nZoë,'+44 20 7946 0001\n");
        for i in 0..zip.len() {
            let entry = zip.by_index(i).unwrap();
            let d = entry.last_modified().expect("a date");
            let at = (
                i32::from(d.year()),
                d.month(),
                d.day(),
                d.hour(),
                d.minute(),
            );
            assert!(
                before <= at && at <= after,
                "{:?} dated {at:?}, written between {before:?} and {after:?}",
                entry.name()
            );
        }
        let plain = one_table(false);
        let mut zip = zip::ZipArchive::new(io::Cursor::new(plain)).unwrap();
        let mut csv = String::new();
        io::Read::read_to_string(&mut zip.by_name("app/users.csv").unwrap(), &mut csv).unwrap();
        assert!(csv.starts_with("name,"), "{csv:?}");
    }
}
