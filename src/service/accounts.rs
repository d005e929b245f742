//! Desk accounts from the command line: add (argon2id password, TOTP secret sealed under the
//! portal's key; or, for single sign-on only, neither), list, remove (their sessions end at
//! once), unlock, and switch to single sign-on. Each is audited with the operator as actor and owns its transaction.

use serde_json::json;
use time::PrimitiveDateTime;

use super::ServiceError;
use crate::admin::{Role, accounts, totp};
use crate::db::admins::{self, NewAdmin};
use crate::db::{self, audit, write_tx};
use crate::domain::EmailAddress;
use crate::portal::Portal;

/// A new account. Returns the `otpauth://` URI to enrol the authenticator with.
pub fn add(
    p: &Portal,
    email: &str,
    role: Role,
    password: &str,
    actor: &str,
) -> Result<String, ServiceError> {
    let email = EmailAddress::parse(email).map_err(|e| ServiceError::Invalid(e.to_string()))?;
    accounts::check_new_password(password).map_err(ServiceError::Invalid)?;
    let hash = accounts::hash_password(password).map_err(ServiceError::Internal)?;
    let secret = totp::new_secret();
    let uri = totp::otpauth_uri(&secret, email.as_str()).map_err(ServiceError::Internal)?;
    let sealed = totp::seal(p.secret(), &secret).map_err(ServiceError::Internal)?;
    insert(p, &email, role, &hash, &sealed, actor)?;
    Ok(uri)
}

/// A new account that logs in through single sign-on only (no password, no TOTP secret):
/// an invitation that lets its address in whatever its domain.
pub fn invite(p: &Portal, email: &str, role: Role, actor: &str) -> Result<(), ServiceError> {
    let email = EmailAddress::parse(email).map_err(|e| ServiceError::Invalid(e.to_string()))?;
    insert(p, &email, role, "", "", actor)
}

fn insert(
    p: &Portal,
    email: &EmailAddress,
    role: Role,
    hash: &str,
    sealed: &str,
    actor: &str,
) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        if admins::by_email(c, email.as_str())?.is_some() {
            return Err(ServiceError::Invalid(format!(
                "an account for {} exists already",
                email.as_str()
            )));
        }
        admins::insert(
            c,
            &NewAdmin {
                id: &uuid::Uuid::now_v7().to_string(),
                email: email.as_str(),
                role: role.as_str(),
                password_hash: hash,
                totp_secret: sealed,
                failed_logins: 0,
                created_at: db::now(),
                oidc_subject: None,
                role_from: super::sso::OPERATOR,
            },
        )?;
        audit::append(
            c,
            actor,
            "admin_added",
            None,
            &json!({"email": email.as_str(), "role": role.as_str(), "sso_only": hash.is_empty()}),
        )?;
        Ok(())
    })
}

/// An account as `admin list` shows it (no secret, no hash).
#[derive(Debug, Clone)]
pub struct Account {
    pub email: String,
    pub role: String,
    pub created_at: PrimitiveDateTime,
    pub last_login_at: Option<PrimitiveDateTime>,
    /// Locked after failed logins, until then.
    pub locked_until: Option<PrimitiveDateTime>,
    /// No password: logs in through single sign-on only.
    pub sso_only: bool,
}

pub fn list(p: &Portal) -> Result<Vec<Account>, ServiceError> {
    let mut conn = p.conn()?;
    let now = p.now();
    Ok(admins::all(&mut conn)?
        .into_iter()
        .map(|a| Account {
            email: a.email,
            role: a.role,
            created_at: a.created_at,
            last_login_at: a.last_login_at,
            locked_until: a.locked_until.filter(|t| *t > now),
            sso_only: a.password_hash.is_empty(),
        })
        .collect())
}

/// The account of `email`, in a transaction.
fn existing(c: &mut db::DbConn, email: &str) -> Result<admins::AdminRow, ServiceError> {
    let email = email.trim().to_lowercase();
    admins::by_email(c, &email)?
        .ok_or_else(|| ServiceError::Invalid(format!("there is no account for {email}")))
}

/// Removes an account; its sessions end with it (someone left, or a device was lost).
pub fn remove(p: &Portal, email: &str, actor: &str) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let a = existing(c, email)?;
        admins::delete(c, &a.id)?;
        audit::append(
            c,
            actor,
            "admin_removed",
            None,
            &json!({"email": a.email, "role": a.role}),
        )?;
        Ok(())
    })
}

/// Switches an account to single sign-on: its password and TOTP secret are dropped and its
/// sessions end; its next sign-in through the provider binds it to that person.
pub fn use_sso(p: &Portal, email: &str, actor: &str) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let a = existing(c, email)?;
        if a.password_hash.is_empty() {
            return Err(ServiceError::Invalid(format!(
                "{} signs in through single sign-on already",
                a.email
            )));
        }
        admins::drop_password(c, &a.id)?;
        audit::append(
            c,
            actor,
            "admin_switched_to_sso",
            None,
            &json!({"email": a.email, "role": a.role}),
        )?;
        Ok(())
    })
}

/// Lifts a lockout after failed logins (the counter starts again from zero).
pub fn unlock(p: &Portal, email: &str, actor: &str) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let a = existing(c, email)?;
        admins::unlock(c, &a.id)?;
        audit::append(
            c,
            actor,
            "admin_unlocked",
            None,
            &json!({"email": a.email, "failed_logins": a.failed_logins}),
        )?;
        Ok(())
    })
}
