//! The mail outbox: a message is written here in the same transaction as the change that
//! causes it, and sent by the `send_email` job. Once sent, its bodies (which may carry a
//! link token) are wiped; who got which message, and when, stays.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::DbConn;
use super::jobs::{self, Job};
use super::schema::outbox;
use crate::mail::{Outgoing, Rendered};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub request_id: Option<String>,
    pub message: String,
    pub to_addr: String,
    pub subject: String,
    pub body_text: Option<String>,
    pub body_html: Option<String>,
    pub created_at: PrimitiveDateTime,
    pub sent_at: Option<PrimitiveDateTime>,
    pub attempts: i32,
    pub last_error: Option<String>,
}

impl OutboxRow {
    pub fn to_outgoing(&self) -> Outgoing {
        Outgoing {
            id: self.id.clone(),
            to: self.to_addr.clone(),
            subject: self.subject.clone(),
            text: self.body_text.clone().unwrap_or_default(),
            html: self.body_html.clone().unwrap_or_default(),
        }
    }
}

/// Queues a message and the job that sends it. Returns the outbox id.
pub fn enqueue(
    conn: &mut DbConn,
    request_id: Option<&str>,
    message: &str,
    to: &str,
    rendered: &Rendered,
    max_attempts: i32,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(outbox::table)
        .values((
            outbox::id.eq(&id),
            outbox::request_id.eq(request_id),
            outbox::message.eq(message),
            outbox::to_addr.eq(to),
            outbox::subject.eq(&rendered.subject),
            outbox::body_text.eq(&rendered.text),
            outbox::body_html.eq(&rendered.html),
            outbox::created_at.eq(super::now()),
            outbox::attempts.eq(0),
        ))
        .execute(conn)?;
    jobs::enqueue(
        conn,
        &Job::SendEmail {
            outbox_id: id.clone(),
        },
        max_attempts,
    )?;
    Ok(id)
}

/// The messages with these ids (those that exist), in no particular order.
pub fn get_many(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::id.eq_any(ids))
        .select(OutboxRow::as_select())
        .load(conn)
}

/// A message handed to the mail server, for [`mark_sent_audited`].
pub struct Sent<'a> {
    pub id: &'a str,
    pub request_id: Option<&'a str>,
    pub message: &'a str,
}

impl Sent<'_> {
    /// The `email_sent` entry's detail.
    fn detail(&self) -> serde_json::Value {
        serde_json::json!({"message": self.message, "outbox_id": self.id})
    }
}

/// Records successful sends, each with its `email_sent` audit entry, and wipes their bodies
/// (they may carry link tokens). One statement on PostgreSQL (atomic without a transaction
/// around it), one transaction on SQLite.
pub fn mark_sent_audited(conn: &mut DbConn, sent: &[Sent<'_>]) -> QueryResult<()> {
    if sent.is_empty() {
        return Ok(());
    }
    let at = super::now();
    match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(pg) => {
            use diesel::sql_types::{Array, Nullable, Text, Timestamp};
            let ids: Vec<&str> = sent.iter().map(|m| m.id).collect();
            let requests: Vec<Option<&str>> = sent.iter().map(|m| m.request_id).collect();
            let details: Vec<String> = sent.iter().map(|m| m.detail().to_string()).collect();
            // The entries keep the order of `sent` (WITH ORDINALITY), so the audit log lists
            // the sends as they happened.
            diesel::sql_query(
                "WITH sent AS (UPDATE outbox SET sent_at = $1, body_text = NULL, \
                 body_html = NULL, attempts = attempts + 1, last_error = NULL \
                 WHERE id = ANY($2)) \
                 INSERT INTO audit_log (at, actor, event, request_id, detail) \
                 SELECT $1, 'system', 'email_sent', r, d \
                 FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS m (r, d, n) ORDER BY n",
            )
            .bind::<Timestamp, _>(at)
            .bind::<Array<Text>, _>(ids)
            .bind::<Array<Nullable<Text>>, _>(requests)
            .bind::<Array<Text>, _>(&details)
            .execute(pg)
            .map(|_| ())
        }
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(_) => super::write_tx(conn, |c| {
            for m in sent {
                diesel::update(outbox::table.find(m.id))
                    .set((
                        outbox::sent_at.eq(Some(at)),
                        outbox::body_text.eq(None::<String>),
                        outbox::body_html.eq(None::<String>),
                        outbox::attempts.eq(outbox::attempts + 1),
                        outbox::last_error.eq(None::<String>),
                    ))
                    .execute(c)?;
                super::audit::append(c, "system", "email_sent", m.request_id, &m.detail())?;
            }
            Ok(())
        }),
    }
}

pub fn mark_failed(conn: &mut DbConn, id: &str, error: &str) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(error),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Whether every message named `message` for a request has been handed to the mail server
/// (false when there is none).
pub fn all_sent(conn: &mut DbConn, request_id: &str, message: &str) -> QueryResult<bool> {
    let rows: Vec<Option<PrimitiveDateTime>> = outbox::table
        .filter(outbox::request_id.eq(request_id))
        .filter(outbox::message.eq(message))
        .select(outbox::sent_at)
        .load(conn)?;
    Ok(!rows.is_empty() && rows.iter().all(Option::is_some))
}
