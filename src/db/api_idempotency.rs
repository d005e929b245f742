//! The `api_idempotency` table: the first response to a `POST /api/v1/requests` carrying an
//! `Idempotency-Key`, per token subject, kept 24 hours.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::DbConn;
use super::schema::api_idempotency;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_idempotency)]
pub struct Stored {
    pub sub: String,
    pub idem_key: String,
    pub fingerprint: String,
    pub status: i32,
    pub body: String,
    pub created_at: PrimitiveDateTime,
}

/// The stored response for this subject and key, if one was stored after `since`.
pub fn find(
    conn: &mut DbConn,
    sub: &str,
    key: &str,
    since: PrimitiveDateTime,
) -> QueryResult<Option<Stored>> {
    api_idempotency::table
        .find((sub, key))
        .filter(api_idempotency::created_at.ge(since))
        .select(Stored::as_select())
        .first(conn)
        .optional()
}

/// Stores a response, replacing one stored before `expired_before` for the same key. A live
/// row for the key (a concurrent request won the race) makes the insert fail with a unique
/// violation, and the caller retries and finds it.
#[allow(clippy::too_many_arguments)]
pub fn store(
    conn: &mut DbConn,
    sub: &str,
    key: &str,
    fingerprint: &str,
    status: i32,
    body: &str,
    at: PrimitiveDateTime,
    expired_before: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        api_idempotency::table
            .find((sub, key))
            .filter(api_idempotency::created_at.lt(expired_before)),
    )
    .execute(conn)?;
    diesel::insert_into(api_idempotency::table)
        .values((
            api_idempotency::sub.eq(sub),
            api_idempotency::idem_key.eq(key),
            api_idempotency::fingerprint.eq(fingerprint),
            api_idempotency::status.eq(status),
            api_idempotency::body.eq(body),
            api_idempotency::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forgets responses stored before `before`; returns how many.
pub fn purge(conn: &mut DbConn, before: PrimitiveDateTime) -> QueryResult<usize> {
    diesel::delete(api_idempotency::table.filter(api_idempotency::created_at.lt(before)))
        .execute(conn)
}
