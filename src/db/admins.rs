//! The `admins`, `admin_sessions` and `sso_logins` tables.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::DbConn;
use super::schema::{admin_sessions, admins, sso_logins};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = admins)]
pub struct AdminRow {
    pub id: String,
    pub email: String,
    pub role: String,
    pub password_hash: String,
    pub totp_secret: String,
    pub totp_last_step: Option<i64>,
    pub failed_logins: i32,
    pub locked_until: Option<PrimitiveDateTime>,
    pub created_at: PrimitiveDateTime,
    pub last_login_at: Option<PrimitiveDateTime>,
    /// `<issuer> <sub>` of the person single sign-on bound the account to.
    pub oidc_subject: Option<String>,
    /// `operator` or `claim`: who decides the role.
    pub role_from: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = admins)]
pub struct NewAdmin<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub totp_secret: &'a str,
    pub failed_logins: i32,
    pub created_at: PrimitiveDateTime,
    pub oidc_subject: Option<&'a str>,
    pub role_from: &'a str,
}

pub fn insert(conn: &mut DbConn, new: &NewAdmin<'_>) -> QueryResult<()> {
    diesel::insert_into(admins::table)
        .values(new)
        .execute(conn)
        .map(|_| ())
}

pub fn by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<AdminRow>> {
    admins::table
        .filter(admins::email.eq(email))
        .select(AdminRow::as_select())
        .first(conn)
        .optional()
}

pub fn get(conn: &mut DbConn, id: &str) -> QueryResult<Option<AdminRow>> {
    admins::table
        .find(id)
        .select(AdminRow::as_select())
        .first(conn)
        .optional()
}

/// The addresses of every account with this role (the digest goes to the DPOs).
/// Every account, by email.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<AdminRow>> {
    admins::table
        .order(admins::email.asc())
        .select(AdminRow::as_select())
        .load(conn)
}

/// Deletes an account (its sessions go with it).
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(admin_sessions::table.filter(admin_sessions::admin_id.eq(id))).execute(conn)?;
    diesel::delete(admins::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// Clears the failure counter and any lock.
pub fn unlock(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::update(admins::table.find(id))
        .set((
            admins::failed_logins.eq(0),
            admins::locked_until.eq(None::<PrimitiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn emails_with_role(conn: &mut DbConn, role: &str) -> QueryResult<Vec<String>> {
    admins::table
        .filter(admins::role.eq(role))
        .order(admins::email.asc())
        .select(admins::email)
        .load(conn)
}

/// Counts one more failure in a single statement (`failed_logins + 1 … RETURNING`), so
/// concurrent failures each count, unless the account is locked at `now`. Returns the new
/// count, or `None` when the account is locked (or gone). On PostgreSQL the row stays locked
/// until the transaction ends, so a [`lock`] that follows is decided on this count.
pub fn count_failure(
    conn: &mut DbConn,
    id: &str,
    now: PrimitiveDateTime,
) -> QueryResult<Option<i32>> {
    diesel::update(
        admins::table.find(id).filter(
            admins::locked_until
                .is_null()
                .or(admins::locked_until.le(now)),
        ),
    )
    .set(admins::failed_logins.eq(admins::failed_logins + 1))
    .returning(admins::failed_logins)
    .get_result(conn)
    .optional()
}

/// Locks an account until `until`; its failure counter starts again at 0.
pub fn lock(conn: &mut DbConn, id: &str, until: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(admins::table.find(id))
        .set((
            admins::failed_logins.eq(0),
            admins::locked_until.eq(Some(until)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Accepts a TOTP step: only if it is later than the last accepted one (so two concurrent
/// logins with the same code can't both pass). Clears the failure counter.
pub fn accept_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool> {
    diesel::update(
        admins::table.find(id).filter(
            admins::totp_last_step
                .is_null()
                .or(admins::totp_last_step.lt(step)),
        ),
    )
    .set((
        admins::totp_last_step.eq(Some(step)),
        admins::failed_logins.eq(0),
        admins::last_login_at.eq(Some(super::now())),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// A login through single sign-on: clears the failure counter, notes the time.
pub fn note_login(conn: &mut DbConn, id: &str, now: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(admins::table.find(id))
        .set((
            admins::failed_logins.eq(0),
            admins::last_login_at.eq(Some(now)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Sets the role and who decides it (`operator` or `claim`).
pub fn set_role(conn: &mut DbConn, id: &str, role: &str, from: &str) -> QueryResult<()> {
    diesel::update(admins::table.find(id))
        .set((admins::role.eq(role), admins::role_from.eq(from)))
        .execute(conn)
        .map(|_| ())
}

/// Binds an account to the person single sign-on names (`<issuer> <sub>`), only if it is
/// bound to nobody yet; true when it was.
pub fn bind_subject(conn: &mut DbConn, id: &str, subject: &str) -> QueryResult<bool> {
    diesel::update(
        admins::table
            .find(id)
            .filter(admins::oidc_subject.is_null()),
    )
    .set(admins::oidc_subject.eq(subject))
    .execute(conn)
    .map(|n| n == 1)
}

/// Makes an account sign in through single sign-on only: no password, no TOTP secret, and
/// its sessions end.
pub fn drop_password(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(admin_sessions::table.filter(admin_sessions::admin_id.eq(id))).execute(conn)?;
    diesel::update(admins::table.find(id))
        .set((
            admins::password_hash.eq(""),
            admins::totp_secret.eq(""),
            admins::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Notes a single sign-on begun (the hash of its `state`), forgetting those begun before
/// `stale` and never finished.
pub fn begin_sso(
    conn: &mut DbConn,
    state_hash: &str,
    now: PrimitiveDateTime,
    stale: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::delete(sso_logins::table.filter(sso_logins::created_at.lt(stale))).execute(conn)?;
    diesel::insert_into(sso_logins::table)
        .values((
            sso_logins::state_hash.eq(state_hash),
            sso_logins::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Takes a single sign-on begun since `since`: true once per state (the row goes), false when
/// it was never begun, is older, or was taken already (a replay).
pub fn take_sso(
    conn: &mut DbConn,
    state_hash: &str,
    since: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::delete(
        sso_logins::table
            .find(state_hash)
            .filter(sso_logins::created_at.ge(since)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = admin_sessions)]
pub struct SessionRow {
    pub token_hash: String,
    pub admin_id: String,
    pub stage: String,
    pub created_at: PrimitiveDateTime,
    pub last_seen_at: PrimitiveDateTime,
}

pub fn insert_session(
    conn: &mut DbConn,
    token_hash: &str,
    admin_id: &str,
    stage: &str,
    now: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(admin_sessions::table)
        .values((
            admin_sessions::token_hash.eq(token_hash),
            admin_sessions::admin_id.eq(admin_id),
            admin_sessions::stage.eq(stage),
            admin_sessions::created_at.eq(now),
            admin_sessions::last_seen_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A session with its account.
pub fn session(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<(SessionRow, AdminRow)>> {
    admin_sessions::table
        .inner_join(admins::table)
        .filter(admin_sessions::token_hash.eq(token_hash))
        .select((SessionRow::as_select(), AdminRow::as_select()))
        .first(conn)
        .optional()
}

pub fn touch_session(
    conn: &mut DbConn,
    token_hash: &str,
    now: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(admin_sessions::table.find(token_hash))
        .set(admin_sessions::last_seen_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// Ends a session; true when it existed.
pub fn delete_session(conn: &mut DbConn, token_hash: &str) -> QueryResult<bool> {
    diesel::delete(admin_sessions::table.find(token_hash))
        .execute(conn)
        .map(|n| n == 1)
}

/// Forgets sessions untouched since `before` (the sweep).
pub fn delete_idle_sessions(conn: &mut DbConn, before: PrimitiveDateTime) -> QueryResult<usize> {
    diesel::delete(admin_sessions::table.filter(admin_sessions::last_seen_at.lt(before)))
        .execute(conn)
}
