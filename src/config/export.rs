//! `[export]`: archives for access requests, on local disk or S3.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Export {
    pub storage: String,
    pub dir: PathBuf,
    pub s3: S3,
    pub ttl_days: u32,
    pub formats: Vec<String>,
    /// Each CSV file starts with a UTF-8 byte order mark, so spreadsheets (Excel) read it as
    /// UTF-8 rather than the system's legacy code page.
    pub csv_bom: bool,
    pub encryption_key_env: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct S3 {
    pub bucket: String,
    /// A folder inside the bucket (`exports/`); empty for the bucket's root.
    pub prefix: String,
    /// Empty for AWS; the URL of any S3-compatible store otherwise.
    pub endpoint: String,
    pub region: String,
    /// Bytes per multipart part: an archive larger than this is uploaded in parts, two at most
    /// in memory. AWS S3 needs at least 5 MiB.
    pub part_size: usize,
}

impl Default for Export {
    fn default() -> Self {
        Self {
            storage: "local".into(),
            dir: "var/exports".into(),
            s3: S3::default(),
            ttl_days: 7,
            formats: vec!["csv".into(), "json".into()],
            csv_bom: true,
            encryption_key_env: "DSR_EXPORT_KEY".into(),
        }
    }
}

impl Default for S3 {
    fn default() -> Self {
        Self {
            bucket: "dsr-exports".into(),
            prefix: "exports/".into(),
            endpoint: String::new(),
            region: "eu-central-1".into(),
            part_size: 8 * 1024 * 1024,
        }
    }
}

impl Export {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.ttl_days == 0 {
            return Err(invalid("export.ttl_days", "must be at least 1"));
        }
        if self.formats.is_empty() || self.formats.iter().any(|f| f != "csv" && f != "json") {
            return Err(invalid(
                "export.formats",
                "must list \"csv\" and/or \"json\"",
            ));
        }
        if !matches!(self.storage.as_str(), "local" | "s3") {
            return Err(invalid("export.storage", "must be \"local\" or \"s3\""));
        }
        if self.storage == "s3" {
            self.s3.validate()?;
        }
        Ok(())
    }
}

impl S3 {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.bucket.trim().is_empty() {
            return Err(invalid("export.s3.bucket", "name the bucket"));
        }
        if !(self.endpoint.is_empty()
            || self.endpoint.starts_with("http://")
            || self.endpoint.starts_with("https://"))
        {
            return Err(invalid(
                "export.s3.endpoint",
                "must be empty (AWS) or start with http:// or https://",
            ));
        }
        if !(1024..=5 * 1024 * 1024 * 1024).contains(&self.part_size) {
            return Err(invalid(
                "export.s3.part_size",
                "must be between 1024 bytes and 5 GiB (AWS S3 needs at least 5 MiB)",
            ));
        }
        Ok(())
    }
}
