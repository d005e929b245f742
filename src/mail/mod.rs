//! Outgoing mail: messages rendered from `templates/email/<message>/`, sent through a
//! [`Mailer`] (SMTP, `.eml` files, or the log), always via the durable outbox
//! (`db::outbox` + the `send_email` job), so a crash or an SMTP outage loses nothing.

pub mod messages;
pub mod outbox_dir;
pub mod transport;

pub use messages::{Message, Rendered};
pub use transport::{MailError, Mailer, MemoryMailer, Outgoing, build_mailer};
