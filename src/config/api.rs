//! `[api]`: the JSON API's token keys and rate limit.

use serde::{Deserialize, Serialize};

use super::{ConfigError, Secret, invalid};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Api {
    pub jwt_secret: Option<Secret>,
    pub jwt_public_keys: Vec<JwtKey>,
    pub issuer: String,
    /// Calls per minute per token subject (bursts up to this many).
    pub rate_per_minute: u32,
}

impl Default for Api {
    fn default() -> Self {
        Self {
            jwt_secret: None,
            jwt_public_keys: Vec::new(),
            issuer: String::new(),
            rate_per_minute: 600,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtKey {
    pub kid: String,
    pub alg: String,
    pub pem: String,
}

impl Api {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if let Some(secret) = &self.jwt_secret
            && secret.expose().len() < 32
        {
            return Err(invalid("api.jwt_secret", "must be at least 32 bytes"));
        }
        if self.rate_per_minute == 0 {
            return Err(invalid("api.rate_per_minute", "must be at least 1"));
        }
        Ok(())
    }
}
