//! A new request as the portal form makes it: the request row, its verification link, the
//! mail with that link and its `send_email` job, and the `created` audit entry, written
//! together. On PostgreSQL that is one statement (one round trip, atomic without a
//! transaction around it); SQLite, in-process, runs the same inserts one by one.
//!
//! The index of open requests (`requests_one_open`) is the duplicate check: when the
//! address already has an open request of the kind, nothing is written and [`create`]
//! returns false (the caller then resends that request's link).

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::DbConn;
#[cfg(feature = "postgres")]
use super::jobs::{Job, QUEUED};
use super::requests::NewRequest;
use crate::domain::token::{Minted, Purpose};
use crate::mail::Rendered;

/// Everything a new request writes besides its row.
pub struct Intake<'a> {
    pub request: NewRequest<'a>,
    /// The verification link, its purpose and its end.
    pub link: &'a Minted,
    pub token_purpose: Purpose,
    pub token_expires: PrimitiveDateTime,
    /// The verification mail (outbox row) and its job.
    pub outbox_id: &'a str,
    pub message: &'a str,
    pub mail: &'a Rendered,
    pub max_attempts: i32,
    /// The `created` audit entry.
    pub actor: &'a str,
    pub audit_detail: &'a serde_json::Value,
}

/// Writes the new request and all that goes with it, unless the address has an open
/// request of the kind (then writes nothing and returns false). Atomic on its own; inside a
/// caller's transaction it is part of it.
pub fn create(conn: &mut DbConn, i: &Intake<'_>) -> QueryResult<bool> {
    let r = &i.request;
    match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(pg) => {
            use diesel::sql_types::{Integer, Nullable, Text, Timestamp};
            let job = Job::SendEmail {
                outbox_id: i.outbox_id.to_owned(),
            };
            let payload = serde_json::to_string(&job)
                .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
            let detail = i.audit_detail.to_string();
            #[derive(QueryableByName)]
            struct Created {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            // Each insert after the first selects from its RETURNING, so nothing is written
            // when the request row isn't.
            let created: Created = diesel::sql_query(
                "WITH r AS (INSERT INTO requests (id, kind, status, email, jurisdiction, \
                   ticket_ref, received_at, verify_by, updated_at, details, language) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $26) \
                   ON CONFLICT DO NOTHING RETURNING id), \
                 t AS (INSERT INTO tokens (token_hash, request_id, purpose, created_at, expires_at) \
                   SELECT $11, id, $12, $13, $14 FROM r), \
                 o AS (INSERT INTO outbox (id, request_id, message, to_addr, subject, body_text, \
                   body_html, created_at, attempts) \
                   SELECT $15, id, $16, $4, $17, $18, $19, $13, 0 FROM r), \
                 j AS (INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, \
                   created_at, updated_at) \
                   SELECT $20, $21, $22, 0, $23, $13, $13, $13 FROM r), \
                 a AS (INSERT INTO audit_log (at, actor, event, request_id, detail) \
                   SELECT $13, $24, 'created', id, $25 FROM r) \
                 SELECT count(*) AS n FROM r",
            )
            .bind::<Text, _>(r.id)
            .bind::<Text, _>(r.kind)
            .bind::<Text, _>(r.status)
            .bind::<Text, _>(r.email)
            .bind::<Text, _>(r.jurisdiction)
            .bind::<Nullable<Text>, _>(r.ticket_ref)
            .bind::<Timestamp, _>(r.received_at)
            .bind::<Timestamp, _>(r.verify_by)
            .bind::<Timestamp, _>(r.updated_at)
            .bind::<Nullable<Text>, _>(r.details)
            .bind::<Text, _>(&i.link.hash)
            .bind::<Text, _>(i.token_purpose.as_str())
            // The token, mail, job and audit entry are stamped by the wall clock, as each
            // insert of the SQLite path stamps them (`db::now`): a job due later by the
            // portal's clock (moved forward in tests) would never run.
            .bind::<Timestamp, _>(super::now())
            .bind::<Timestamp, _>(i.token_expires)
            .bind::<Text, _>(i.outbox_id)
            .bind::<Text, _>(i.message)
            .bind::<Text, _>(&i.mail.subject)
            .bind::<Text, _>(&i.mail.text)
            .bind::<Text, _>(&i.mail.html)
            .bind::<Text, _>(job.kind())
            .bind::<Text, _>(&payload)
            .bind::<Text, _>(QUEUED)
            .bind::<Integer, _>(i.max_attempts)
            .bind::<Text, _>(i.actor)
            .bind::<Text, _>(&detail)
            .bind::<Text, _>(r.language)
            .get_result(pg)?;
            Ok(created.n == 1)
        }
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(lite) => {
            let inserted = diesel::insert_into(super::schema::requests::table)
                .values(r)
                .on_conflict_do_nothing()
                .execute(lite)?;
            if inserted == 0 {
                return Ok(false);
            }
            super::tokens::insert(conn, i.link, r.id, i.token_purpose, Some(i.token_expires))?;
            super::outbox::enqueue(conn, Some(r.id), i.message, r.email, i.mail, i.max_attempts)?;
            super::audit::append(conn, i.actor, "created", Some(r.id), i.audit_detail)?;
            Ok(true)
        }
    }
}

/// [`create`] in a transaction of its own: on PostgreSQL the one statement is that
/// transaction (no BEGIN and COMMIT round trips); on SQLite a write transaction.
pub fn create_alone(conn: &mut DbConn, i: &Intake<'_>) -> QueryResult<bool> {
    match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => create(conn, i),
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(_) => super::write_tx(conn, |c| create(c, i)),
    }
}
