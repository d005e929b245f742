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
use super::jobs::Job;
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
            let payload = serde_json::to_string(&Job::SendEmail {
                outbox_id: i.outbox_id.to_owned(),
            })
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
            let created: i64 = pg::Statement {
                i,
                // The wall clock, as for every job, link and audit entry (the request's own
                // times come from the portal's clock, which tests move).
                at: super::now(),
                payload,
                detail: i.audit_detail.to_string(),
            }
            .get_result(pg)?;
            Ok(created == 1)
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

/// The intake as one PostgreSQL statement, a query type of its own so that each connection
/// prepares it once: a `sql_query` is parsed and planned again on every call, which was
/// about half the database's work for a POST.
#[cfg(feature = "postgres")]
mod pg {
    use diesel::pg::Pg;
    use diesel::prelude::*;
    use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
    use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

    use super::Intake;
    use crate::db::jobs::{Job, QUEUED};

    pub(super) struct Statement<'a> {
        pub i: &'a Intake<'a>,
        pub at: time::PrimitiveDateTime,
        pub payload: String,
        pub detail: String,
    }

    /// SQL text and bind parameters in order: `"text"` or `(SqlType, value)`.
    macro_rules! sql {
        ($out:ident, $($part:tt)*) => { $( sql!(@one $out, $part); )* };
        (@one $out:ident, $s:literal) => { $out.push_sql($s); };
        (@one $out:ident, ($ty:ty, $v:expr)) => { $out.push_bind_param::<$ty, _>($v)?; };
    }

    impl QueryFragment<Pg> for Statement<'_> {
        // Each insert after the first selects from the request's RETURNING, so nothing is
        // written when the request row isn't.
        fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
            let (i, r) = (self.i, &self.i.request);
            sql!(out,
                "WITH r AS (INSERT INTO requests (id, kind, status, email, jurisdiction, \
                 ticket_ref, received_at, verify_by, updated_at, details, language) VALUES ("
                (Text, r.id) ", " (Text, r.kind) ", " (Text, r.status) ", " (Text, r.email) ", "
                (Text, r.jurisdiction) ", " (Nullable<Text>, &r.ticket_ref) ", "
                (Timestamp, &r.received_at) ", " (Timestamp, &r.verify_by) ", "
                (Timestamp, &r.updated_at) ", " (Nullable<Text>, &r.details) ", "
                (Text, r.language)
                ") ON CONFLICT DO NOTHING RETURNING id), \
                 t AS (INSERT INTO tokens (token_hash, request_id, purpose, created_at, \
                 expires_at) SELECT "
                (Text, &i.link.hash) ", id, " (Text, i.token_purpose.as_str()) ", "
                (Timestamp, &self.at) ", " (Timestamp, &i.token_expires)
                " FROM r), o AS (INSERT INTO outbox (id, request_id, message, to_addr, subject, \
                 body_text, body_html, created_at, attempts) SELECT "
                (Text, i.outbox_id) ", id, " (Text, i.message) ", " (Text, r.email) ", "
                (Text, &i.mail.subject) ", " (Text, &i.mail.text) ", " (Text, &i.mail.html) ", "
                (Timestamp, &self.at)
                ", 0 FROM r), j AS (INSERT INTO jobs (kind, payload, status, attempts, \
                 max_attempts, run_at, created_at, updated_at) SELECT "
                (Text, Job::SEND_EMAIL) ", " (Text, &self.payload) ", " (Text, QUEUED) ", 0, "
                (Integer, &i.max_attempts) ", " (Timestamp, &self.at) ", " (Timestamp, &self.at) ", "
                (Timestamp, &self.at)
                " FROM r), a AS (INSERT INTO audit_log (at, actor, event, request_id, detail) \
                 SELECT " (Timestamp, &self.at) ", " (Text, i.actor) ", 'created', id, "
                (Text, &self.detail)
                " FROM r) SELECT count(*) FROM r"
            );
            Ok(())
        }
    }

    impl QueryId for Statement<'_> {
        type QueryId = ();
        // Cached by its SQL text, which never changes.
        const HAS_STATIC_QUERY_ID: bool = false;
    }

    impl Query for Statement<'_> {
        type SqlType = BigInt;
    }

    impl<Conn> RunQueryDsl<Conn> for Statement<'_> {}
}
