//! Desk login through single sign-on (`[admin.oidc]`): begin (a single-use `state`, the
//! provider's sign-in page) and finish (the state taken once, the code exchanged, the ID
//! token verified, the person admitted, a full session). Every refusal is audited with its
//! reason; the same sessions, lockout and audit apply as to a password login.

use serde_json::json;
use subtle::ConstantTimeEq;

use super::ServiceError;
use super::desk::record;
use crate::admin::sso::{self as rules, Admission};
use crate::admin::{Role, session::Stage};
use crate::db::admins::{self, NewAdmin};
use crate::db::{audit, write_tx};
use crate::domain::token;
use crate::portal::Portal;
use crate::sso::SsoError;

/// How long a begun sign-in may take to come back.
pub const STATE_MINUTES: i64 = 10;

/// Why a sign-in did not end in a session. Each is audited with its `reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Single sign-on is not configured.
    Off,
    /// No state, a state not this browser's, or one used or expired (a replay).
    State,
    /// The provider said no (`error=access_denied`, …), or refused the code.
    Denied,
    /// The ID token failed a check (signature, issuer, audience, expiry, nonce).
    Token,
    /// The provider can't be reached.
    Unreachable,
    /// A verified person who may not use the desk (domain, role, address).
    Account(rules::Refusal),
    /// The account is locked after failed logins.
    Locked,
}

impl Refused {
    /// The reason as the audit log records it.
    pub fn reason(&self) -> &'static str {
        match self {
            Refused::Off => "sso_off",
            Refused::State => "sso_state",
            Refused::Denied => "sso_denied",
            Refused::Token => "sso_token",
            Refused::Unreachable => "sso_unreachable",
            Refused::Account(r) => r.reason(),
            Refused::Locked => "locked",
        }
    }
}

/// A sign-in begun: the browser keeps `state` (a cookie) and goes to `url`.
#[derive(Debug)]
pub struct Begun {
    pub state: String,
    pub url: String,
}

fn refuse(
    p: &Portal,
    actor: &str,
    why: Refused,
    detail: serde_json::Value,
) -> Result<Refused, ServiceError> {
    let mut d = json!({"reason": why.reason(), "via": "sso"});
    if let (Some(d), serde_json::Value::Object(more)) = (d.as_object_mut(), detail) {
        d.extend(more);
    }
    record(p, actor, "admin_login_refused", None, &d)?;
    Ok(why)
}

/// Begins a sign-in: a fresh state, noted (by its hash) for [`STATE_MINUTES`], and the
/// provider's URL for it. `login_hint` is passed on to the provider.
pub fn begin(
    p: &Portal,
    login_hint: Option<&str>,
    ip: &str,
) -> Result<Result<Begun, Refused>, ServiceError> {
    let Some(provider) = p.sso.clone() else {
        return Ok(Err(Refused::Off));
    };
    let minted = token::mint()?;
    let url = match provider.authorize_url(p.secret(), &minted.plain, login_hint) {
        Ok(url) => url,
        Err(e) => {
            tracing::warn!(error = %e, "single sign-on: cannot begin");
            let why = refuse(
                p,
                &format!("ip:{ip}"),
                Refused::Unreachable,
                json!({"ip": ip, "error": e.to_string()}),
            )?;
            return Ok(Err(why));
        }
    };
    let now = p.now();
    admins::begin_sso(
        &mut *p.conn()?,
        &minted.hash,
        now,
        now - time::Duration::minutes(STATE_MINUTES),
    )?;
    Ok(Ok(Begun {
        state: minted.plain,
        url,
    }))
}

/// What the provider sent the browser back with.
#[derive(Debug, Default, Clone)]
pub struct Callback {
    pub state: String,
    pub code: String,
    /// `error`, when the provider did not sign the person in.
    pub error: String,
    /// `iss` (RFC 9207), when the provider names itself: it must be ours.
    pub iss: String,
}

/// Finishes a sign-in. `cookie_state` is the state this browser began with. On success, the
/// token of a new full session.
pub fn finish(
    p: &Portal,
    cookie_state: Option<&str>,
    back: &Callback,
    ip: &str,
) -> Result<Result<String, Refused>, ServiceError> {
    let ip_actor = format!("ip:{ip}");
    let Some(provider) = p.sso.clone() else {
        return Ok(Err(Refused::Off));
    };
    let same_browser = cookie_state.is_some_and(|c| {
        !back.state.is_empty() && bool::from(c.as_bytes().ct_eq(back.state.as_bytes()))
    });
    if !same_browser {
        let detail = if cookie_state.is_none() {
            "no sign-in was begun in this browser"
        } else {
            "the state is not the one this browser began with"
        };
        return refuse(
            p,
            &ip_actor,
            Refused::State,
            json!({"ip": ip, "detail": detail}),
        )
        .map(Err);
    }
    // Taken once: a second use of the same state (a replayed callback) finds nothing.
    let since = p.now() - time::Duration::minutes(STATE_MINUTES);
    let taken = admins::take_sso(&mut *p.conn()?, &token::hash(&back.state), since)?;
    if !taken {
        let detail = "the sign-in was used already or is older than 10 minutes";
        return refuse(
            p,
            &ip_actor,
            Refused::State,
            json!({"ip": ip, "detail": detail}),
        )
        .map(Err);
    }
    if !back.error.is_empty() {
        let error: String = back.error.chars().take(100).collect();
        return refuse(
            p,
            &ip_actor,
            Refused::Denied,
            json!({"ip": ip, "error": error}),
        )
        .map(Err);
    }
    let issuer = provider.config().issuer.trim_end_matches('/');
    if !back.iss.is_empty() && back.iss.trim_end_matches('/') != issuer {
        let iss: String = back.iss.chars().take(200).collect();
        let detail = json!({"ip": ip, "error": format!("the answer came from {iss}")});
        return refuse(p, &ip_actor, Refused::Token, detail).map(Err);
    }
    let identity = match provider.identity(p.secret(), &back.state, &back.code) {
        Ok(identity) => identity,
        Err(e) => {
            let why = match &e {
                SsoError::Unreachable(_) => Refused::Unreachable,
                SsoError::Refused(_) => Refused::Denied,
                SsoError::Token(_) => Refused::Token,
            };
            tracing::warn!(error = %e, "single sign-on refused");
            let detail = json!({"ip": ip, "error": e.to_string()});
            return refuse(p, &ip_actor, why, detail).map(Err);
        }
    };
    let allowed = &provider.config().allowed_domains;
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let account = match &identity.email {
            Some(e) => admins::by_email(c, &e.trim().to_lowercase())?,
            None => None,
        };
        let account_role = match &account {
            Some(a) => Some(a.role.parse::<Role>().map_err(ServiceError::Internal)?),
            None => None,
        };
        let admission: Admission = match rules::admit(&identity, account_role, allowed) {
            Ok(a) => a,
            Err(r) => {
                let detail = json!({
                    "reason": r.reason(), "via": "sso", "ip": ip,
                    "email": identity.email, "subject": identity.subject,
                    "roles": identity.roles,
                });
                audit::append(c, &ip_actor, "admin_login_refused", None, &detail)?;
                return Ok(Err(Refused::Account(r)));
            }
        };
        let now = p.now();
        let actor = format!("admin:{}", admission.email.as_str());
        let id = match account {
            Some(a) => {
                let lockout = crate::admin::lockout::Lockout::from_config(&p.config.admin);
                if lockout.is_locked(a.locked_until, now) {
                    let detail = json!({"reason": "locked", "via": "sso", "ip": ip});
                    audit::append(c, &actor, "admin_login_refused", None, &detail)?;
                    return Ok(Err(Refused::Locked));
                }
                if a.role != admission.role.as_str() {
                    admins::set_role(c, &a.id, admission.role.as_str())?;
                    let detail =
                        json!({"from": a.role, "to": admission.role.as_str(), "via": "sso"});
                    audit::append(c, &actor, "admin_role_changed", None, &detail)?;
                }
                a.id
            }
            None => {
                let id = uuid::Uuid::now_v7().to_string();
                admins::insert(
                    c,
                    &NewAdmin {
                        id: &id,
                        email: admission.email.as_str(),
                        role: admission.role.as_str(),
                        password_hash: "",
                        totp_secret: "",
                        failed_logins: 0,
                        created_at: now,
                    },
                )?;
                let detail = json!({
                    "email": admission.email.as_str(), "role": admission.role.as_str(),
                    "via": "sso", "subject": identity.subject,
                });
                audit::append(c, &actor, "admin_added", None, &detail)?;
                id
            }
        };
        admins::note_login(c, &id, now)?;
        let minted = token::mint()?;
        admins::insert_session(c, &minted.hash, &id, Stage::Full.as_str(), now)?;
        let detail = json!({"ip": ip, "role": admission.role.as_str(), "via": "sso"});
        audit::append(c, &actor, "admin_login", None, &detail)?;
        Ok(Ok(minted.plain))
    })
}
