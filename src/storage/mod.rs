//! Where archives live (`export.storage`), and how they are encrypted at rest ([`crypto`]): a local folder, or any S3-compatible object store
//! that `serve` and `worker` processes on different hosts share.
//!
//! Both backends have one shape: [`Storage::begin`] hands out an [`Upload`] (a [`Write`]r),
//! and only [`Upload::commit`] makes the archive visible under its name. Until then it is a
//! temporary file (renamed into place) or an S3 multipart upload (completed at the end,
//! aborted on failure), so a partial archive is never visible. What a killed attempt left
//! behind is removed when the next attempt for the same request begins.

mod s3;

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

pub mod crypto;
pub use self::s3::{S3Storage, S3Upload};
use crate::config;

/// The archive storage configured for this portal.
#[derive(Debug)]
pub enum Storage {
    Local(LocalStorage),
    S3(S3Storage),
}

/// The name an archive is published under (a file name, or the object key after the prefix).
pub fn archive_name(request_id: &str) -> String {
    format!("dsr-export-{request_id}.zip.enc")
}

/// Where a file attached to a request's manual step is kept (`id` new for each file).
pub fn attachment_name(request_id: &str, id: &str) -> String {
    format!("dsr-export-{request_id}-file-{id}.enc")
}

/// The key of an attachment's upload: its own, so the archive's stale-file sweep never
/// takes an open upload.
fn attachment_key(request_id: &str, id: &str) -> String {
    format!("file-{request_id}-{id}")
}

/// Refuses names that could leave the folder or the prefix.
fn check_name(location: &str) -> io::Result<()> {
    let ok = location.starts_with("dsr-export-")
        && location
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "bad archive location",
        ))
    }
}

impl Storage {
    /// The storage `export` configures, with S3 credentials from the process environment.
    pub fn from_config(export: &config::Export) -> Result<Self, String> {
        Self::from_config_with_env(export, std::env::vars())
    }

    /// As [`Storage::from_config`], with the `AWS_*` variables taken from `env`.
    pub fn from_config_with_env(
        export: &config::Export,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, String> {
        match export.storage.as_str() {
            "local" => Ok(Self::Local(LocalStorage::new(&export.dir))),
            "s3" => S3Storage::new(&export.s3, env).map(Self::S3),
            other => Err(format!("unknown export.storage {other:?}")),
        }
    }

    /// Starts writing the archive of a request, first clearing what a killed attempt left.
    pub fn begin(&self, request_id: &str) -> io::Result<Upload> {
        self.begin_as(request_id, archive_name(request_id))
    }

    /// Starts writing a file attached to a request's manual step (`id` new for each file).
    pub fn begin_attachment(&self, request_id: &str, id: &str) -> io::Result<Upload> {
        self.begin_as(
            &attachment_key(request_id, id),
            attachment_name(request_id, id),
        )
    }

    /// Removes whatever an attachment's upload left: the file or object, a temporary file,
    /// an open multipart upload. Nothing there is not an error.
    pub fn discard_attachment(&self, request_id: &str, id: &str) -> io::Result<()> {
        let (key, name) = (
            attachment_key(request_id, id),
            attachment_name(request_id, id),
        );
        match self {
            Self::Local(l) => l.remove_stale(&key)?,
            Self::S3(s) => s.abort_stale(&key, &name)?,
        }
        self.delete(&name)
    }

    /// An upload of the object `name`; `key` names its temporary file or open-upload marker,
    /// so the next upload with the same key removes what a killed one left.
    fn begin_as(&self, key: &str, name: String) -> io::Result<Upload> {
        check_name(&name)?;
        match self {
            Self::Local(l) => {
                l.remove_stale(key)?;
                let (path, file) = l.create_temp(key)?;
                Ok(Upload(UploadInner::Local {
                    dir: l.dir.clone(),
                    temp: Some(path),
                    file: Some(BufWriter::with_capacity(256 * 1024, file)),
                    name,
                }))
            }
            Self::S3(s) => Ok(Upload(UploadInner::S3(s.begin(key, name)?))),
        }
    }

    /// Reads a published archive (still encrypted).
    pub fn open(&self, location: &str) -> io::Result<Box<dyn Read + Send>> {
        check_name(location)?;
        match self {
            Self::Local(l) => Ok(Box::new(l.open(location)?)),
            Self::S3(s) => Ok(Box::new(s.open(location)?)),
        }
    }

    /// Deletes a published archive; one already gone is not an error.
    pub fn delete(&self, location: &str) -> io::Result<()> {
        check_name(location)?;
        match self {
            Self::Local(l) => l.delete(location),
            Self::S3(s) => s.delete(location),
        }
    }
}

/// An archive being written. Invisible until [`Upload::commit`]; dropped (or
/// [`Upload::abort`]ed) without a commit, it leaves nothing behind.
pub struct Upload(UploadInner);

enum UploadInner {
    Local {
        dir: PathBuf,
        temp: Option<PathBuf>,
        file: Option<BufWriter<File>>,
        name: String,
    },
    S3(S3Upload),
}

fn finished() -> io::Error {
    io::Error::other("the upload is finished")
}

impl Upload {
    /// Makes the archive visible under its name; returns that name (the location).
    pub fn commit(mut self) -> io::Result<String> {
        match &mut self.0 {
            UploadInner::Local {
                dir,
                temp,
                file,
                name,
            } => {
                let file = file.take().ok_or_else(finished)?;
                let file = file.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                drop(file);
                let path = temp.as_ref().ok_or_else(finished)?;
                std::fs::rename(path, dir.join(&*name))?;
                *temp = None;
                if let Ok(d) = File::open(&*dir) {
                    let _ = d.sync_all();
                }
                Ok(name.clone())
            }
            UploadInner::S3(u) => u.commit(),
        }
    }

    /// Throws the upload away.
    pub fn abort(self) {
        drop(self);
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        match &mut self.0 {
            UploadInner::Local { temp, file, .. } => {
                drop(file.take());
                if let Some(path) = temp.take() {
                    let _ = std::fs::remove_file(path);
                }
            }
            UploadInner::S3(u) => u.abort(),
        }
    }
}

impl Write for Upload {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.0 {
            UploadInner::Local { file, .. } => file.as_mut().ok_or_else(finished)?.write(buf),
            UploadInner::S3(u) => u.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.0 {
            UploadInner::Local { file, .. } => file.as_mut().ok_or_else(finished)?.write_all(buf),
            UploadInner::S3(u) => u.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.0 {
            UploadInner::Local { file, .. } => file.as_mut().ok_or_else(finished)?.flush(),
            UploadInner::S3(_) => Ok(()),
        }
    }
}

/// Archives in a local folder.
#[derive(Debug, Clone)]
pub struct LocalStorage {
    dir: PathBuf,
}

impl LocalStorage {
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    /// A new temporary file for an upload.
    fn create_temp(&self, key: &str) -> io::Result<(PathBuf, File)> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self
            .dir
            .join(format!(".tmp-{key}-{}", uuid::Uuid::new_v4().simple()));
        let file = File::create(&path)?;
        Ok((path, file))
    }

    /// Removes what a killed upload with this key left behind.
    fn remove_stale(&self, key: &str) -> io::Result<()> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        let prefix = format!(".tmp-{key}-");
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                std::fs::remove_file(e.path())?;
            }
        }
        Ok(())
    }

    fn open(&self, location: &str) -> io::Result<File> {
        File::open(self.dir.join(location))
    }

    fn delete(&self, location: &str) -> io::Result<()> {
        match std::fs::remove_file(self.dir.join(location)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_upload_is_invisible_until_committed_and_gone_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::Local(LocalStorage::new(dir.path()));
        let names = || -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        let mut u = s.begin("r1").unwrap();
        u.write_all(b"partial").unwrap();
        drop(u);
        assert!(names().is_empty(), "{:?}", names());

        let mut u = s.begin("r1").unwrap();
        u.write_all(b"whole").unwrap();
        let location = u.commit().unwrap();
        assert_eq!(location, "dsr-export-r1.zip.enc");
        assert_eq!(names(), vec![location.clone()]);
        let mut back = String::new();
        s.open(&location)
            .unwrap()
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, "whole");
        s.delete(&location).unwrap();
        s.delete(&location).unwrap();
        assert!(names().is_empty());
    }

    #[test]
    fn locations_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::Local(LocalStorage::new(dir.path()));
        for bad in [
            "../x",
            "dsr-export-../../etc/passwd",
            ".tmp-x",
            "/etc/passwd",
            "",
        ] {
            assert_eq!(
                s.open(bad).err().map(|e| e.kind()),
                Some(io::ErrorKind::InvalidInput),
                "{bad}"
            );
            assert!(s.delete(bad).is_err(), "{bad}");
        }
    }
}
