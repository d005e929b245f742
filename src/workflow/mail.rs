//! Queueing a message: rendered now, sent by the outbox's job, in the caller's transaction.

use crate::config::Brand;
use crate::db::{DbConn, outbox};
use crate::error::ServiceError;
use crate::mail::Message;
use crate::portal::Portal;

/// Renders a message and queues it for `to` in the caller's transaction (`request_id`:
/// the request it is about, if any).
pub fn queue_mail(
    p: &Portal,
    c: &mut DbConn,
    request_id: Option<&str>,
    to: &str,
    m: &Message,
) -> Result<(), ServiceError> {
    let rendered = m.render(&Brand::of(&p.config.portal))?;
    outbox::enqueue(
        c,
        request_id,
        m.name(),
        to,
        &rendered,
        p.config.jobs.max_attempts,
    )?;
    Ok(())
}
