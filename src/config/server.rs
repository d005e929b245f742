//! `[server]`: where the portal listens and the base of its links.

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    pub bind: String,
    /// Base of every emailed link.
    pub public_url: String,
    /// HTTP worker threads; 0 = one per core.
    pub workers: usize,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
}

impl Default for Server {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            workers: 0,
            max_body_bytes: 16 * 1024,
        }
    }
}

impl Server {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        self.bind.parse::<std::net::SocketAddr>().map_err(|_| {
            invalid(
                "server.bind",
                format!("{:?} is not an address:port", self.bind),
            )
        })?;
        let url = self.public_url.trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(invalid(
                "server.public_url",
                "must start with http:// or https://",
            ));
        }
        Ok(())
    }
}
