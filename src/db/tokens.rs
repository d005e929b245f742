//! Link tokens, stored only as hashes.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::DbConn;
use super::exports::ProgressRow;
use super::requests::RequestRow;
use super::schema::{exports, request_progress, requests, tokens};
use crate::domain::token::{Minted, Purpose};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = tokens)]
pub struct TokenRow {
    pub token_hash: String,
    pub request_id: String,
    pub purpose: String,
    pub created_at: PrimitiveDateTime,
    pub expires_at: Option<PrimitiveDateTime>,
    pub used_at: Option<PrimitiveDateTime>,
}

pub fn insert(
    conn: &mut DbConn,
    minted: &Minted,
    request_id: &str,
    purpose: Purpose,
    expires_at: Option<PrimitiveDateTime>,
) -> QueryResult<()> {
    diesel::insert_into(tokens::table)
        .values((
            tokens::token_hash.eq(&minted.hash),
            tokens::request_id.eq(request_id),
            tokens::purpose.eq(purpose.as_str()),
            tokens::created_at.eq(super::now()),
            tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The token with this hash and purpose, used or not.
pub fn find(conn: &mut DbConn, hash: &str, purpose: Purpose) -> QueryResult<Option<TokenRow>> {
    tokens::table
        .find(hash)
        .filter(tokens::purpose.eq(purpose.as_str()))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()
}

/// The token with this hash and purpose with its request, in one query.
pub fn find_with_request(
    conn: &mut DbConn,
    hash: &str,
    purpose: Purpose,
) -> QueryResult<Option<(TokenRow, RequestRow)>> {
    tokens::table
        .inner_join(requests::table)
        .filter(tokens::token_hash.eq(hash))
        .filter(tokens::purpose.eq(purpose.as_str()))
        .select((TokenRow::as_select(), RequestRow::as_select()))
        .first(conn)
        .optional()
}

/// When a request's archive expires and whether it was deleted (the status page's view).
#[derive(Debug, Clone, Copy, Queryable, Selectable)]
#[diesel(table_name = exports)]
pub struct ArchiveDates {
    pub expires_at: PrimitiveDateTime,
    pub deleted_at: Option<PrimitiveDateTime>,
}

/// A status link with all its page shows: the token, its request, the request's progress
/// per store (by store name) and its archive's dates.
pub struct StatusRows {
    pub token: TokenRow,
    pub request: RequestRow,
    pub progress: Vec<ProgressRow>,
    pub archive: Option<ArchiveDates>,
}

/// [`StatusRows`] of the token with this hash (purpose `status`), in one query: a row per
/// store of the request's progress (one row without when there is none).
pub fn find_status(conn: &mut DbConn, hash: &str) -> QueryResult<Option<StatusRows>> {
    let rows: Vec<(
        TokenRow,
        RequestRow,
        Option<ArchiveDates>,
        Option<ProgressRow>,
    )> = super::native!(conn, c => tokens::table
        .inner_join(requests::table)
        .left_join(exports::table.on(exports::request_id.eq(tokens::request_id)))
        .left_join(request_progress::table.on(request_progress::request_id.eq(tokens::request_id)))
        .filter(tokens::token_hash.eq(hash))
        .filter(tokens::purpose.eq(Purpose::Status.as_str()))
        .order(request_progress::store.asc())
        .select((
            TokenRow::as_select(),
            RequestRow::as_select(),
            Option::<ArchiveDates>::as_select(),
            Option::<ProgressRow>::as_select(),
        ))
        .load(c))?;
    let mut rows = rows.into_iter();
    let Some((token, request, archive, first)) = rows.next() else {
        return Ok(None);
    };
    let progress = first
        .into_iter()
        .chain(rows.filter_map(|(_, _, _, p)| p))
        .collect();
    Ok(Some(StatusRows {
        token,
        request,
        progress,
        archive,
    }))
}

/// Marks a token used; false when it already was (a concurrent use lost the race).
pub fn mark_used(conn: &mut DbConn, hash: &str) -> QueryResult<bool> {
    diesel::update(tokens::table.find(hash).filter(tokens::used_at.is_null()))
        .set(tokens::used_at.eq(super::now()))
        .execute(conn)
        .map(|n| n == 1)
}
