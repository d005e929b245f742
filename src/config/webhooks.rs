//! `[[webhook]]`: signed status notifications to other systems.

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    pub url: String,
    pub secret_env: String,
    #[serde(default)]
    pub events: Vec<String>,
}

/// Checks every `[[webhook]]`: distinct URLs, a signing secret, known events.
pub(super) fn validate(webhooks: &[Webhook]) -> Result<(), ConfigError> {
    for (i, w) in webhooks.iter().enumerate() {
        if webhooks[..i].iter().any(|o| o.url == w.url) {
            return Err(invalid("webhook.url", "the same url appears twice"));
        }
        w.validate()?;
    }
    Ok(())
}

impl Webhook {
    fn validate(&self) -> Result<(), ConfigError> {
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Err(invalid(
                "webhook.url",
                "must start with http:// or https://",
            ));
        }
        if self.secret_env.trim().is_empty() {
            return Err(invalid(
                "webhook.secret_env",
                "name the environment variable holding the signing secret",
            ));
        }
        if let Some(e) = self.events.iter().find(|e| e.as_str() != "status_changed") {
            return Err(invalid(
                "webhook.events",
                format!("unknown event {e:?} (expected: status_changed)"),
            ));
        }
        Ok(())
    }
}
