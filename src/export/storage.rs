//! Where archives live: a local folder (shared storage for several hosts comes with the S3
//! backend). Files are written under a temporary name and renamed into place, so a partial
//! archive is never visible.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

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

    /// A new temporary file for a request's archive.
    pub fn create_temp(&self, request_id: &str) -> io::Result<(PathBuf, File)> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.dir.join(format!(
            ".tmp-{request_id}-{}",
            uuid::Uuid::new_v4().simple()
        ));
        let file = File::create(&path)?;
        Ok((path, file))
    }

    /// Removes what a killed attempt for this request left behind.
    pub fn remove_stale(&self, request_id: &str) -> io::Result<()> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        let prefix = format!(".tmp-{request_id}-");
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                std::fs::remove_file(e.path())?;
            }
        }
        Ok(())
    }

    /// Moves a finished temporary file into place; returns its location.
    pub fn commit(&self, temp: &Path, request_id: &str) -> io::Result<String> {
        let name = format!("dsr-export-{request_id}.zip.enc");
        std::fs::rename(temp, self.dir.join(&name))?;
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(name)
    }

    pub fn open(&self, location: &str) -> io::Result<File> {
        File::open(self.path(location)?)
    }

    pub fn delete(&self, location: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path(location)?) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    fn path(&self, location: &str) -> io::Result<PathBuf> {
        if location.contains('/') || location.contains('\\') || location.starts_with('.') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "bad archive location",
            ));
        }
        Ok(self.dir.join(location))
    }
}
