//! The `send_email` job: one outbox message through the mailer. At least once: a crash
//! after the SMTP server accepted the message and before it is marked sent sends it again,
//! with the same Message-ID.

use crate::db::outbox;
use crate::portal::Portal;
use crate::workflow::JobError;

pub fn run(p: &Portal, outbox_id: &str) -> Result<(), JobError> {
    let mut conn = p.conn().map_err(JobError::retry)?;
    let Some(row) = outbox::get(&mut conn, outbox_id).map_err(JobError::retry)? else {
        return Err(JobError::permanent(format!(
            "outbox message {outbox_id} does not exist"
        )));
    };
    if row.sent_at.is_some() {
        return Ok(());
    }
    if let Err(e) = p.mailer.send(&row.to_outgoing()) {
        let message = e.to_string();
        outbox::mark_failed(&mut conn, outbox_id, &message).map_err(JobError::retry)?;
        return Err(JobError::retry(message));
    }
    outbox::mark_sent_audited(
        &mut conn,
        outbox_id,
        row.request_id.as_deref(),
        &row.message,
    )
    .map_err(JobError::retry)
}
