//! The `exports` and `request_progress` tables.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use time::PrimitiveDateTime;

use super::DbConn;
use super::schema::{exports, request_progress};
use crate::domain::work::Step;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = exports)]
pub struct ExportRow {
    pub request_id: String,
    pub location: String,
    pub size: i64,
    pub stores: String,
    pub created_at: PrimitiveDateTime,
    pub expires_at: PrimitiveDateTime,
    pub deleted_at: Option<PrimitiveDateTime>,
    pub downloads: i32,
}

/// Records the archive of a request (replacing one a crashed attempt left behind).
pub fn record(
    conn: &mut DbConn,
    request_id: &str,
    location: &str,
    size: i64,
    stores: &str,
    expires_at: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::delete(exports::table.find(request_id)).execute(conn)?;
    diesel::insert_into(exports::table)
        .values((
            exports::request_id.eq(request_id),
            exports::location.eq(location),
            exports::size.eq(size),
            exports::stores.eq(stores),
            exports::created_at.eq(super::now()),
            exports::expires_at.eq(expires_at),
            exports::downloads.eq(0),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn get(conn: &mut DbConn, request_id: &str) -> QueryResult<Option<ExportRow>> {
    exports::table
        .find(request_id)
        .select(ExportRow::as_select())
        .first(conn)
        .optional()
}

pub fn count_download(conn: &mut DbConn, request_id: &str) -> QueryResult<()> {
    diesel::update(exports::table.find(request_id))
        .set(exports::downloads.eq(exports::downloads + 1))
        .execute(conn)
        .map(|_| ())
}

/// Archives past their expiry that still exist.
pub fn expired(
    conn: &mut DbConn,
    now: PrimitiveDateTime,
    limit: i64,
) -> QueryResult<Vec<ExportRow>> {
    exports::table
        .filter(exports::expires_at.lt(now))
        .filter(exports::deleted_at.is_null())
        .limit(limit)
        .select(ExportRow::as_select())
        .load(conn)
}

pub fn mark_deleted(conn: &mut DbConn, request_id: &str) -> QueryResult<()> {
    diesel::update(exports::table.find(request_id))
        .set(exports::deleted_at.eq(Some(super::now())))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = request_progress)]
pub struct ProgressRow {
    pub request_id: String,
    pub store: String,
    #[diesel(deserialize_as = String)]
    pub state: Step,
    pub rows: i64,
    pub error: Option<String>,
    pub updated_at: PrimitiveDateTime,
}

/// Sets one store's progress (an upsert in the syntax both backends share).
pub fn progress(
    conn: &mut DbConn,
    request_id: &str,
    store: &str,
    state: Step,
    rows: i64,
    error: Option<&str>,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO request_progress (request_id, store, state, rows, error, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (request_id, store) DO UPDATE SET state = excluded.state, rows = excluded.rows, \
         error = excluded.error, updated_at = excluded.updated_at",
    )
    .bind::<Text, _>(request_id)
    .bind::<Text, _>(store)
    .bind::<Text, _>(state.as_str())
    .bind::<BigInt, _>(rows)
    .bind::<Nullable<Text>, _>(error)
    .bind::<Timestamp, _>(super::now())
    .execute(conn)
    .map(|_| ())
}

pub fn progress_of(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<ProgressRow>> {
    request_progress::table
        .filter(request_progress::request_id.eq(request_id))
        .order(request_progress::store.asc())
        .select(ProgressRow::as_select())
        .load(conn)
}
