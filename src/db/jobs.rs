//! The job table: the kinds of job ([`Job`]), enqueue (in the caller's transaction), claim
//! with a lease, complete, fail with backoff.
//!
//! Claiming is the one place where the backends differ: PostgreSQL takes the next due row
//! with `FOR UPDATE SKIP LOCKED`, so any number of workers on any number of hosts share the
//! queue; SQLite runs the same statement inside `BEGIN IMMEDIATE`, one writer at a time.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use super::schema::jobs;
use super::{DbConn, write_tx};
use crate::domain::work::Job as JobState;

/// Every kind of job, with its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Send one outbox message.
    SendEmail { outbox_id: String },
    /// Build and deliver the export archive of an access request.
    Export { request_id: String },
    /// Run (or resume) the erasure of an erasure request.
    Erase { request_id: String },
    /// Apply (or resume) a rectification, restriction or objection in every store.
    Apply { request_id: String },
    /// Lift a restriction in force, once the subject has been told (Art. 18(3)).
    Lift { request_id: String },
    /// A request's status changed: one `deliver_webhook` per subscribed `[[webhook]]`.
    WebhookEvent {
        event: crate::domain::webhook::Event,
    },
    /// POST one event to one webhook, signed.
    DeliverWebhook {
        url: String,
        event_id: String,
        request_id: String,
        body: String,
    },
    /// Mail the day's digest (overdue and due-soon requests) to the DPOs.
    DpoDigest { day: String },
}

impl Job {
    /// The kind of [`Job::SendEmail`], for SQL that enqueues one.
    pub const SEND_EMAIL: &'static str = "send_email";

    pub fn kind(&self) -> &'static str {
        match self {
            Job::SendEmail { .. } => Self::SEND_EMAIL,
            Job::Export { .. } => "export",
            Job::Erase { .. } => "erase",
            Job::Apply { .. } => "apply",
            Job::Lift { .. } => "lift",
            Job::WebhookEvent { .. } => "webhook_event",
            Job::DeliverWebhook { .. } => "deliver_webhook",
            Job::DpoDigest { .. } => "dpo_digest",
        }
    }
}

/// Enqueues a job to run now, on the caller's connection (and so in its transaction).
pub fn enqueue(conn: &mut DbConn, job: &Job, max_attempts: i32) -> diesel::QueryResult<()> {
    let payload = serde_json::to_string(job)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    insert(conn, job.kind(), &payload, max_attempts, super::now())
}

pub const QUEUED: &str = JobState::Queued.as_str();
pub const RUNNING: &str = JobState::Running.as_str();
pub const FAILED: &str = JobState::Failed.as_str();

/// A job this worker now holds until `locked_until`.
#[derive(Debug, Clone, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub payload: String,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Integer)]
    pub max_attempts: i32,
}

pub fn insert(
    conn: &mut DbConn,
    kind: &str,
    payload: &str,
    max_attempts: i32,
    run_at: PrimitiveDateTime,
) -> QueryResult<()> {
    let now = super::now();
    diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq(kind),
            jobs::payload.eq(payload),
            jobs::status.eq(QUEUED),
            jobs::attempts.eq(0),
            jobs::max_attempts.eq(max_attempts),
            jobs::run_at.eq(run_at),
            jobs::created_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

// The next due job is the earlier of two: the first queued job whose time has come, and the
// first whose holder's lease ran out. Each is an ordered index range scan of `jobs_claim`
// that stops at its first row; one `WHERE` with an `OR` of both read and sorted every due
// row instead (15 ms per claim behind a backlog of 30,000 mails).
#[cfg(feature = "postgres")]
const CLAIM_PG: &str = "WITH queued AS (SELECT id, run_at FROM jobs \
        WHERE status = 'queued' AND run_at <= $4 ORDER BY run_at, id LIMIT 1 \
        FOR UPDATE SKIP LOCKED), \
     lapsed AS (SELECT id, run_at FROM jobs \
        WHERE status = 'running' AND locked_until < $5 ORDER BY run_at, id LIMIT 1 \
        FOR UPDATE SKIP LOCKED) \
     UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, \
     attempts = attempts + 1, updated_at = $3 \
     WHERE id = (SELECT id FROM (SELECT * FROM queued UNION ALL SELECT * FROM lapsed) due \
        ORDER BY run_at, id LIMIT 1) \
     RETURNING id, kind, payload, attempts, max_attempts";

#[cfg(feature = "sqlite")]
const CLAIM_SQLITE: &str = "UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, \
     attempts = attempts + 1, updated_at = $3 \
     WHERE id = (SELECT id FROM ( \
        SELECT * FROM (SELECT id, run_at FROM jobs WHERE status = 'queued' AND run_at <= $4 \
            ORDER BY run_at, id LIMIT 1) \
        UNION ALL \
        SELECT * FROM (SELECT id, run_at FROM jobs WHERE status = 'running' \
            AND locked_until < $5 ORDER BY run_at, id LIMIT 1)) \
        ORDER BY run_at, id LIMIT 1) \
     RETURNING id, kind, payload, attempts, max_attempts";

// Up to $6 more queued jobs of kind $4, due by $5. (SQLite numbers `$n` parameters in the
// order they first appear, so they appear in order.)
#[cfg(feature = "postgres")]
const CLAIM_MORE_PG: &str = "WITH more AS (SELECT id FROM jobs \
        WHERE kind = $4 AND status = 'queued' AND run_at <= $5 ORDER BY run_at, id LIMIT $6 \
        FOR UPDATE SKIP LOCKED) \
     UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, \
     attempts = attempts + 1, updated_at = $3 \
     WHERE id IN (SELECT id FROM more) \
     RETURNING id, kind, payload, attempts, max_attempts";

#[cfg(feature = "sqlite")]
const CLAIM_MORE_SQLITE: &str = "UPDATE jobs SET status = 'running', locked_by = $1, \
     locked_until = $2, attempts = attempts + 1, updated_at = $3 \
     WHERE id IN (SELECT id FROM jobs \
        WHERE kind = $4 AND status = 'queued' AND run_at <= $5 ORDER BY run_at, id LIMIT $6) \
     RETURNING id, kind, payload, attempts, max_attempts";

/// Takes the next due job (or one whose holder's lease ran out) for `worker`.
pub fn claim(
    conn: &mut DbConn,
    worker: &str,
    lease: time::Duration,
) -> QueryResult<Option<Claimed>> {
    let now = super::now();
    let sql = match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => CLAIM_PG,
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(_) => CLAIM_SQLITE,
    };
    let claim = |conn: &mut DbConn| {
        diesel::sql_query(sql)
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(now + lease)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(now)
            .get_result::<Claimed>(conn)
            .optional()
    };
    alone(conn, claim)
}

/// Runs one claiming statement atomically: on PostgreSQL the statement alone is (no BEGIN
/// and COMMIT round trips); SQLite runs it in `BEGIN IMMEDIATE`, one writer at a time.
fn alone<T>(
    conn: &mut DbConn,
    statement: impl FnOnce(&mut DbConn) -> QueryResult<T>,
) -> QueryResult<T> {
    match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => statement(conn),
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(_) => write_tx(conn, statement),
    }
}

/// Claims up to `limit` more queued jobs of `kind` that are due, for `worker`, in queue
/// order: a worker that took a job of a kind that runs in batches (mail) takes the next ones
/// with it.
pub fn claim_more(
    conn: &mut DbConn,
    worker: &str,
    lease: time::Duration,
    kind: &str,
    limit: i64,
) -> QueryResult<Vec<Claimed>> {
    let now = super::now();
    let sql = match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(_) => CLAIM_MORE_PG,
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(_) => CLAIM_MORE_SQLITE,
    };
    let claim = |conn: &mut DbConn| {
        diesel::sql_query(sql)
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(now + lease)
            .bind::<Timestamp, _>(now)
            .bind::<Text, _>(kind)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load::<Claimed>(conn)
    };
    let mut claimed = alone(conn, claim)?;
    // RETURNING follows no order: back in the order they were queued.
    claimed.sort_by_key(|j| j.id);
    Ok(claimed)
}

/// Extends the leases `worker` holds on these jobs (a long job, or a batch in progress).
pub fn heartbeat(
    conn: &mut DbConn,
    ids: &[i64],
    worker: &str,
    lease: time::Duration,
) -> QueryResult<usize> {
    diesel::update(
        jobs::table
            .filter(jobs::id.eq_any(ids))
            .filter(jobs::locked_by.eq(worker)),
    )
    .set(jobs::locked_until.eq(super::now() + lease))
    .execute(conn)
}

/// The running jobs and who holds them (`host:pid:thread`).
pub fn holders(conn: &mut DbConn) -> QueryResult<Vec<(i64, Option<String>)>> {
    jobs::table
        .filter(jobs::status.eq(RUNNING))
        .select((jobs::id, jobs::locked_by))
        .load(conn)
}

/// Ends the leases of these running jobs now, so the next claim takes them at once (their
/// holder is known to be gone). Returns how many.
pub fn end_leases(conn: &mut DbConn, ids: &[i64]) -> QueryResult<usize> {
    let now = super::now();
    diesel::update(
        jobs::table
            .filter(jobs::id.eq_any(ids))
            .filter(jobs::status.eq(RUNNING)),
    )
    .set((
        jobs::locked_until.eq(Some(now - time::Duration::seconds(1))),
        jobs::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Finished jobs leave the table.
pub fn complete(conn: &mut DbConn, ids: &[i64]) -> QueryResult<()> {
    diesel::delete(jobs::table.filter(jobs::id.eq_any(ids)))
        .execute(conn)
        .map(|_| ())
}

/// Puts a job back for a retry at `retry_at`, or marks it failed for good.
pub fn fail(
    conn: &mut DbConn,
    id: i64,
    error: &str,
    retry_at: Option<PrimitiveDateTime>,
) -> QueryResult<()> {
    let now = super::now();
    let error: String = error.chars().take(2_000).collect();
    match retry_at {
        Some(at) => diesel::update(jobs::table.find(id))
            .set((
                jobs::status.eq(QUEUED),
                jobs::run_at.eq(at),
                jobs::locked_by.eq(None::<String>),
                jobs::locked_until.eq(None::<PrimitiveDateTime>),
                jobs::last_error.eq(error),
                jobs::updated_at.eq(now),
            ))
            .execute(conn),
        None => diesel::update(jobs::table.find(id))
            .set((
                jobs::status.eq(FAILED),
                jobs::locked_by.eq(None::<String>),
                jobs::locked_until.eq(None::<PrimitiveDateTime>),
                jobs::last_error.eq(error),
                jobs::updated_at.eq(now),
            ))
            .execute(conn),
    }
    .map(|_| ())
}

/// How many jobs are in each state, for `/metrics`.
pub fn count_by_status(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    jobs::table
        .group_by(jobs::status)
        .select((jobs::status, diesel::dsl::count_star()))
        .load(conn)
}

/// Jobs not yet finished (queued or running), for tests and readiness.
pub fn pending(conn: &mut DbConn) -> QueryResult<i64> {
    jobs::table
        .filter(jobs::status.eq_any([QUEUED, RUNNING]))
        .count()
        .get_result(conn)
}
