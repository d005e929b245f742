//! The `api_tokens` table: support API tokens by `jti` (issued here, or only revoked here
//! when another issuer minted them). The token itself is never stored.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::DbConn;
use super::schema::api_tokens;

/// Records a token minted by `dsr-portal token issue`.
pub fn record_issued(
    conn: &mut DbConn,
    jti: &str,
    sub: &str,
    scope: &str,
    issued_at: PrimitiveDateTime,
    expires_at: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::jti.eq(jti),
            api_tokens::sub.eq(sub),
            api_tokens::scope.eq(scope),
            api_tokens::issued_at.eq(issued_at),
            api_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// What revoking did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// A token issued here is refused from now on.
    Issued,
    /// A jti this portal did not issue (another issuer's token) is refused from now on.
    Foreign,
    /// It was revoked before.
    Already,
}

/// Adds `jti` to the deny list.
pub fn revoke(conn: &mut DbConn, jti: &str, at: PrimitiveDateTime) -> QueryResult<Revoked> {
    let existing: Option<Option<PrimitiveDateTime>> = api_tokens::table
        .find(jti)
        .select(api_tokens::revoked_at)
        .first(conn)
        .optional()?;
    match existing {
        Some(Some(_)) => Ok(Revoked::Already),
        Some(None) => diesel::update(api_tokens::table.find(jti))
            .set(api_tokens::revoked_at.eq(Some(at)))
            .execute(conn)
            .map(|_| Revoked::Issued),
        None => diesel::insert_into(api_tokens::table)
            .values((api_tokens::jti.eq(jti), api_tokens::revoked_at.eq(Some(at))))
            .execute(conn)
            .map(|_| Revoked::Foreign),
    }
}

/// Whether `jti` is on the deny list (one primary-key lookup per API call).
pub fn is_revoked(conn: &mut DbConn, jti: &str) -> QueryResult<bool> {
    api_tokens::table
        .find(jti)
        .filter(api_tokens::revoked_at.is_not_null())
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}
