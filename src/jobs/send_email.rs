//! The `send_email` job: outbox messages through the mailer, a batch at a time (a worker
//! that claims a mail job takes up to [`BATCH`] due ones with it). The batch costs four
//! statements whatever its size: claim, read the messages, mark them sent with their audit
//! entries, delete the jobs.
//!
//! At least once: a crash after the mail server accepted a message and before its batch
//! was marked sent sends it again, with the same Message-ID (so at most one batch's
//! messages twice).

use std::collections::HashMap;

use crate::db::outbox::{self, Sent};
use crate::portal::Portal;
use crate::workflow::JobError;

/// The most mail jobs one worker runs together.
pub const BATCH: i64 = 32;

/// Sends these outbox messages; the outcome of each, in order. A message already sent (a
/// retried batch) counts as done; one that does not exist fails for good.
pub fn run(p: &Portal, outbox_ids: &[&str]) -> Vec<Result<(), JobError>> {
    let rows = match p
        .conn()
        .map_err(JobError::retry)
        .and_then(|mut conn| outbox::get_many(&mut conn, outbox_ids).map_err(JobError::retry))
    {
        Ok(rows) => rows,
        Err(e) => return outbox_ids.iter().map(|_| Err(e.clone())).collect(),
    };
    let rows: HashMap<&str, &outbox::OutboxRow> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut outcomes = Vec::with_capacity(outbox_ids.len());
    let mut sent = Vec::new();
    let mut sent_at = Vec::new();
    let mut failed = Vec::new();
    for (n, id) in outbox_ids.iter().enumerate() {
        let outcome = match rows.get(id) {
            None => Err(JobError::permanent(format!(
                "outbox message {id} does not exist"
            ))),
            Some(row) if row.sent_at.is_some() => Ok(()),
            Some(row) => match p.mailer.send(&row.to_outgoing()) {
                Ok(()) => {
                    sent.push(Sent {
                        id: &row.id,
                        request_id: row.request_id.as_deref(),
                        message: &row.message,
                    });
                    sent_at.push(n);
                    Ok(())
                }
                Err(e) => {
                    failed.push((*id, e.to_string()));
                    Err(JobError::retry(e))
                }
            },
        };
        outcomes.push(outcome);
    }
    let recorded = p.conn().map_err(JobError::retry).and_then(|mut conn| {
        outbox::mark_sent_audited(&mut conn, &sent).map_err(JobError::retry)?;
        for (id, error) in &failed {
            if let Err(e) = outbox::mark_failed(&mut conn, id, error) {
                tracing::warn!(outbox_id = id, error = %e, "cannot record a failed send");
            }
        }
        Ok(())
    });
    if let Err(e) = recorded {
        // Not recorded as sent: the jobs run again and their messages go out again.
        for n in sent_at {
            outcomes[n] = Err(e.clone());
        }
    }
    outcomes
}
