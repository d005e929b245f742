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

pub fn get(conn: &mut DbConn, id: &str) -> QueryResult<Option<OutboxRow>> {
    outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()
}

/// Records a successful send and wipes the bodies.
pub fn mark_sent(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(Some(super::now())),
            outbox::body_text.eq(None::<String>),
            outbox::body_html.eq(None::<String>),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a successful send ([`mark_sent`]) with its `email_sent` audit entry, in one
/// statement on PostgreSQL (atomic without a transaction around it).
pub fn mark_sent_audited(
    conn: &mut DbConn,
    id: &str,
    request_id: Option<&str>,
    message: &str,
) -> QueryResult<()> {
    let detail = serde_json::json!({"message": message, "outbox_id": id});
    match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(pg) => {
            use diesel::sql_types::{Nullable, Text, Timestamp};
            diesel::sql_query(
                "WITH sent AS (UPDATE outbox SET sent_at = $1, body_text = NULL, \
                 body_html = NULL, attempts = attempts + 1, last_error = NULL WHERE id = $2) \
                 INSERT INTO audit_log (at, actor, event, request_id, detail) \
                 VALUES ($1, 'system', 'email_sent', $3, $4)",
            )
            .bind::<Timestamp, _>(super::now())
            .bind::<Text, _>(id)
            .bind::<Nullable<Text>, _>(request_id)
            .bind::<Text, _>(detail.to_string())
            .execute(pg)
            .map(|_| ())
        }
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(_) => super::write_tx(conn, |c| {
            mark_sent(c, id)?;
            super::audit::append(c, "system", "email_sent", request_id, &detail)
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
