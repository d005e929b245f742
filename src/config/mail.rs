//! `[mail]`: how the portal sends email and where DPO notifications go.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{ConfigError, Secret, invalid};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    Smtp,
    File,
    Log,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mail {
    pub transport: MailTransport,
    pub from: String,
    /// lettre URL forms: `smtp://host:25`, `smtps://user:pass@host` (TLS),
    /// `smtp://host:587?tls=required` (STARTTLS).
    pub smtp_url: Secret,
    pub smtp_timeout_seconds: u64,
    pub outbox_dir: PathBuf,
    /// `.eml` files in `outbox_dir` are deleted this long after they were written.
    pub outbox_keep_hours: u32,
    /// Where DPO notifications go (failures, digests).
    pub dpo_address: String,
}

impl Default for Mail {
    fn default() -> Self {
        Self {
            transport: MailTransport::Log,
            from: "Privacy team <privacy@example.com>".into(),
            smtp_url: Secret::from("smtp://127.0.0.1:25"),
            smtp_timeout_seconds: 30,
            outbox_dir: "var/outbox".into(),
            outbox_keep_hours: 24,
            dpo_address: "dpo@example.com".into(),
        }
    }
}

impl Mail {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        self.from
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| invalid("mail.from", format!("{e}")))?;
        if self.transport == MailTransport::Smtp {
            lettre::SmtpTransport::from_url(self.smtp_url.expose())
                .map_err(|e| invalid("mail.smtp_url", format!("not a valid SMTP URL: {e}")))?;
        }
        if !(1..=8760).contains(&self.outbox_keep_hours) {
            return Err(invalid(
                "mail.outbox_keep_hours",
                "must be between 1 and 8760 (a year)",
            ));
        }
        Ok(())
    }
}
