//! The [`Mailer`] trait and its transports.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart, header};
use lettre::{FileTransport, SmtpTransport, Transport};

use crate::config::{Mail, MailTransport};

/// One message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Stable id (the outbox row), used as the Message-ID so a retried send is recognisable.
    pub id: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(String),
    #[error("cannot write the message file: {0}")]
    File(String),
}

/// Sends one message. Implementations are blocking; they run on worker threads.
pub trait Mailer: Send + Sync {
    fn send(&self, mail: &Outgoing) -> Result<(), MailError>;
}

/// Builds the configured transport.
pub fn build_mailer(config: &Mail) -> Result<Arc<dyn Mailer>, MailError> {
    let from: Mailbox = config
        .from
        .parse()
        .map_err(|e| MailError::Build(format!("mail.from: {e}")))?;
    Ok(match config.transport {
        MailTransport::Smtp => {
            let transport = SmtpTransport::from_url(config.smtp_url.expose())
                .map_err(|e| MailError::Build(format!("mail.smtp_url: {e}")))?
                .timeout(Some(Duration::from_secs(config.smtp_timeout_seconds)))
                .build();
            Arc::new(SmtpMailer { from, transport })
        }
        MailTransport::File => Arc::new(FileMailer::new(from, config.outbox_dir.clone(), false)?),
        MailTransport::Log => Arc::new(FileMailer::new(from, config.outbox_dir.clone(), true)?),
    })
}

fn build_message(from: &Mailbox, mail: &Outgoing) -> Result<lettre::Message, MailError> {
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| MailError::Build(format!("recipient: {e}")))?;
    let domain = from.email.domain().to_owned();
    lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(format!("<{}@{}>", mail.id, domain)))
        .header(header::MIME_VERSION_1_0)
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| MailError::Build(e.to_string()))
}

struct SmtpMailer {
    from: Mailbox,
    transport: SmtpTransport,
}

impl Mailer for SmtpMailer {
    fn send(&self, mail: &Outgoing) -> Result<(), MailError> {
        let message = build_message(&self.from, mail)?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| MailError::Smtp(e.to_string()))
    }
}

/// Writes `.eml` files into a folder; with `log`, also logs who got what, with the text body
/// (for local use: the newcomer clicks the link from the log).
struct FileMailer {
    from: Mailbox,
    transport: FileTransport,
    log: bool,
}

impl FileMailer {
    fn new(from: Mailbox, dir: PathBuf, log: bool) -> Result<Self, MailError> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| MailError::File(format!("{}: {e}", dir.display())))?;
        Ok(Self {
            from,
            transport: FileTransport::new(dir),
            log,
        })
    }
}

impl Mailer for FileMailer {
    fn send(&self, mail: &Outgoing) -> Result<(), MailError> {
        let message = build_message(&self.from, mail)?;
        self.transport
            .send(&message)
            .map_err(|e| MailError::File(e.to_string()))?;
        if self.log {
            tracing::info!(to = %mail.to, subject = %mail.subject, "mail (log transport):\n{}", mail.text);
        }
        Ok(())
    }
}

/// Keeps messages in memory, for tests.
#[derive(Default, Clone)]
pub struct MemoryMailer {
    pub sent: Arc<Mutex<Vec<Outgoing>>>,
}

impl Mailer for MemoryMailer {
    fn send(&self, mail: &Outgoing) -> Result<(), MailError> {
        self.sent
            .lock()
            .map_err(|_| MailError::File("memory mailer poisoned".into()))?
            .push(mail.clone());
        Ok(())
    }
}
