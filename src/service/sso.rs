//! Desk login through single sign-on (`[admin.oidc]`): begin (a single-use `state`, the
//! provider's sign-in page) and finish (the state taken once, the code exchanged, the ID
//! token verified, the person admitted, a full session). Every refusal is audited with its
//! reason; the same sessions, lockout and audit apply as to a password login.

use serde_json::json;
use subtle::ConstantTimeEq;

use super::ServiceError;
use super::desk::record;
use crate::admin::lockout::Lockout;
use crate::admin::sso::{self as rules, Account, Identity};
use crate::admin::{Role, session::Stage};
use crate::config::Oidc;
use crate::db::admins::{self, NewAdmin};
use crate::db::{DbConn, audit, write_tx};
use crate::domain::{EmailAddress, token};
use crate::portal::Portal;
use crate::sso::{Provider, SsoError};

/// How long a begun sign-in may take to come back.
pub const STATE_MINUTES: i64 = 10;
/// `admins.role_from`: the role comes from the provider's role claim.
pub const CLAIM: &str = "claim";
/// `admins.role_from`: the role comes from an operator (the CLI).
pub const OPERATOR: &str = "operator";

/// Why a sign-in did not end in a session. Each is audited with its `reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Single sign-on is not configured.
    Off,
    /// No state, a state not this browser's (a copied or logged callback URL), or one used
    /// or expired (a replay).
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

/// A sign-in begun: the browser keeps `binding` (a cookie) and goes to `url`.
#[derive(Debug)]
pub struct Begun {
    pub binding: String,
    pub url: String,
}

/// `base` with the keys of `extra` added (both JSON objects): an audit entry's detail.
fn merged(mut base: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    if let (Some(b), serde_json::Value::Object(more)) = (base.as_object_mut(), extra) {
        b.extend(more);
    }
    base
}

fn refuse(
    p: &Portal,
    actor: &str,
    why: Refused,
    detail: serde_json::Value,
) -> Result<Refused, ServiceError> {
    let d = merged(json!({"reason": why.reason(), "via": "sso"}), detail);
    record(p, actor, "admin_login_refused", None, &d)?;
    Ok(why)
}

/// Begins a sign-in: a fresh binding for the browser, its state noted (by its hash) for
/// [`STATE_MINUTES`], and the provider's URL for it. `login_hint` is passed on.
pub fn begin(
    p: &Portal,
    login_hint: Option<&str>,
    ip: &str,
) -> Result<Result<Begun, Refused>, ServiceError> {
    let Some(provider) = p.sso.clone() else {
        return Ok(Err(Refused::Off));
    };
    let binding = token::mint()?.plain;
    let url = match provider.authorize_url(p.secret(), &binding, login_hint) {
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
    let state = Provider::state_of(p.secret(), &binding);
    let now = p.now();
    admins::begin_sso(
        &mut *p.conn()?,
        &token::hash(&state),
        now,
        now - time::Duration::minutes(STATE_MINUTES),
    )?;
    Ok(Ok(Begun { binding, url }))
}

/// What the provider sent the browser back with.
#[derive(Debug, Default, Clone)]
pub struct Callback {
    pub state: String,
    pub code: String,
    /// `error`, when the provider did not sign the person in.
    pub error: String,
    /// `iss` (RFC 9207), when the provider names itself: it must be the issuer, exactly.
    pub iss: String,
}

/// Finishes a sign-in. `binding` is what this browser kept when it began. On success, the
/// token of a new full session.
pub fn finish(
    p: &Portal,
    binding: Option<&str>,
    back: &Callback,
    ip: &str,
) -> Result<Result<String, Refused>, ServiceError> {
    let ip_actor = format!("ip:{ip}");
    let Some(provider) = p.sso.clone() else {
        return Ok(Err(Refused::Off));
    };
    let state_hash = token::hash(&back.state);
    let same_browser = binding.is_some_and(|b| {
        let expected = Provider::state_of(p.secret(), b);
        !back.state.is_empty() && bool::from(expected.as_bytes().ct_eq(back.state.as_bytes()))
    });
    let since = p.now() - time::Duration::minutes(STATE_MINUTES);
    // Taken once, whoever brings it: a second use (a replay), or a use by a browser that did
    // not begin it (a copied link, a logged URL), finds nothing or burns it.
    let taken = admins::take_sso(&mut *p.conn()?, &state_hash, since)?;
    let (Some(binding), true) = (binding.filter(|_| same_browser), taken) else {
        let detail = match (binding, same_browser) {
            (None, _) => "no sign-in was begun in this browser",
            (Some(_), false) => "the state is not the one this browser began",
            (Some(_), true) => "the sign-in was used already or is older than 10 minutes",
        };
        return refuse(
            p,
            &ip_actor,
            Refused::State,
            json!({"ip": ip, "detail": detail}),
        )
        .map(Err);
    };
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
    if !back.iss.is_empty() && back.iss != provider.config().issuer {
        let iss: String = back.iss.chars().take(200).collect();
        let detail = json!({"ip": ip, "error": format!("the answer came from {iss}")});
        return refuse(p, &ip_actor, Refused::Token, detail).map(Err);
    }
    let identity = match provider.identity(p.secret(), binding, &back.code) {
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
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| admit(p, c, provider.config(), &identity, ip))
}

/// Lets a verified identity in (or not), in the caller's transaction: the account found by
/// its address, made, bound to the person or given the claimed role, then a full session.
fn admit(
    p: &Portal,
    c: &mut DbConn,
    config: &Oidc,
    identity: &Identity,
    ip: &str,
) -> Result<Result<String, Refused>, ServiceError> {
    // The address as every account is stored (`EmailAddress`); a non-ASCII one finds none
    // (and `rules::admit` refuses it).
    let address = identity.email.as_deref().filter(|e| e.is_ascii());
    let found = match address.and_then(|e| EmailAddress::parse(e).ok()) {
        Some(e) => admins::by_email(c, e.as_str())?,
        None => None,
    };
    let account = match &found {
        Some(a) => Some(Account {
            role: a.role.parse::<Role>().map_err(ServiceError::Internal)?,
            has_password: !a.password_hash.is_empty(),
            subject: a.oidc_subject.clone(),
            role_from_claim: a.role_from == CLAIM,
        }),
        None => None,
    };
    let who = json!({
        "email": identity.email, "iss": identity.issuer, "sub": identity.subject,
        "roles": identity.roles, "ip": ip, "via": "sso",
    });
    let with = |extra: serde_json::Value| merged(who.clone(), extra);
    let admission = match rules::admit(
        identity,
        account.as_ref(),
        &config.allowed_domains,
        config.trust_unverified_email,
    ) {
        Ok(a) => a,
        Err(r) => {
            let actor = match &found {
                Some(a) => format!("admin:{}", a.email),
                None => format!("ip:{ip}"),
            };
            let detail = with(json!({"reason": r.reason()}));
            audit::append(c, &actor, "admin_login_refused", None, &detail)?;
            return Ok(Err(Refused::Account(r)));
        }
    };
    let now = p.now();
    let actor = format!("admin:{}", admission.email.as_str());
    let role = admission.role.as_str();
    let role_from = if admission.role_from_claim {
        CLAIM
    } else {
        OPERATOR
    };
    let id = match found {
        Some(a) => {
            let lockout = Lockout::from_config(&p.config.admin);
            if lockout.is_locked(a.locked_until, now) {
                let detail = with(json!({"reason": "locked"}));
                audit::append(c, &actor, "admin_login_refused", None, &detail)?;
                return Ok(Err(Refused::Locked));
            }
            if admission.bind && !admins::bind_subject(c, &a.id, &identity.binding())? {
                // Bound to someone meanwhile (a concurrent first sign-in).
                let detail = with(json!({"reason": rules::Refusal::OtherPerson.reason()}));
                audit::append(c, &actor, "admin_login_refused", None, &detail)?;
                return Ok(Err(Refused::Account(rules::Refusal::OtherPerson)));
            }
            if a.role != role || a.role_from != role_from {
                admins::set_role(c, &a.id, role, role_from)?;
                if a.role != role {
                    let detail = json!({"from": a.role, "to": role, "via": "sso"});
                    audit::append(c, &actor, "admin_role_changed", None, &detail)?;
                }
            }
            a.id
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let binding = identity.binding();
            admins::insert(
                c,
                &NewAdmin {
                    id: &id,
                    email: admission.email.as_str(),
                    role,
                    password_hash: "",
                    totp_secret: "",
                    failed_logins: 0,
                    created_at: now,
                    oidc_subject: Some(&binding),
                    role_from,
                },
            )?;
            let detail = with(json!({"role": role}));
            audit::append(c, &actor, "admin_added", None, &detail)?;
            id
        }
    };
    admins::note_login(c, &id, now)?;
    let minted = token::mint()?;
    admins::insert_session(c, &minted.hash, &id, Stage::Full.as_str(), now)?;
    audit::append(c, &actor, "admin_login", None, &with(json!({"role": role})))?;
    Ok(Ok(minted.plain))
}
