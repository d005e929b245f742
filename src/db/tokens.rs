//! Link tokens, stored only as hashes.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::DbConn;
use super::requests::RequestRow;
use super::schema::{requests, tokens};
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

/// Marks a token used; false when it already was (a concurrent use lost the race).
pub fn mark_used(conn: &mut DbConn, hash: &str) -> QueryResult<bool> {
    diesel::update(tokens::table.find(hash).filter(tokens::used_at.is_null()))
        .set(tokens::used_at.eq(super::now()))
        .execute(conn)
        .map(|n| n == 1)
}
