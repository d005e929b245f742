//! `GET /admin/login/sso` (to the identity provider) and `GET /admin/login/sso/callback` (back
//! from it): desk login through OpenID Connect (`[admin.oidc]`).
//!
//! The sign-in's binding (from which its `state` derives) rides in the `dsr_sso` cookie
//! (`__Host-dsr_sso` over https), SameSite=Lax because the provider's redirect back is a
//! cross-site navigation; the callback refuses a state that isn't this browser's. The session cookie is Strict, so a browser would not send it on that same
//! redirect chain: the callback answers with a page that opens the desk itself.

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::login::login_page;
use super::page::render;
use super::{AdminError, client_label, forget_brought_session, login_allowed, session_cookie};
use crate::admin::sso::Refusal as Account;
use crate::service::sso::{self, Callback, Refused};
use crate::web::WebState;
use crate::web::portal::see_other;

/// The binding's cookie. Over https it is a `__Host-` cookie (Secure, Path=/, no Domain), so
/// a sibling subdomain can't plant its own sign-in in the browser.
fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-dsr_sso" } else { "dsr_sso" }
}

type Page = Result<HttpResponse, AdminError>;

/// Sign-ins talking to the provider at once, for the whole process: each holds a blocking
/// thread for up to three calls of ten seconds, so a slow provider and many clients can't
/// take every thread. Others wait their turn up to [`TURN_WAIT`], then get the busy page.
pub const AT_ONCE: usize = 8;
const TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

async fn turn(state: &WebState) -> Result<tokio::sync::OwnedSemaphorePermit, AdminError> {
    let turns = std::sync::Arc::clone(&state.admin.sso_turns);
    tokio::time::timeout(TURN_WAIT, turns.acquire_owned())
        .await
        .map_err(|_| AdminError::Busy)?
        .map_err(|_| AdminError::Busy)
}

#[derive(Template)]
#[template(path = "admin/signed_in.html")]
struct SignedIn;

fn state_cookie(value: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(cookie_name(secure), value.to_owned())
        .path(if secure { "/" } else { "/admin/login/sso" })
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(Duration::minutes(sso::STATE_MINUTES))
        .finish()
}

fn cleared_state(secure: bool) -> Cookie<'static> {
    let mut c = state_cookie("", secure);
    c.make_removal();
    c
}

/// What a refused sign-in tells the person, and with which status.
fn words(why: &Refused) -> (StatusCode, &'static str) {
    match why {
        Refused::Off => (StatusCode::NOT_FOUND, "Single sign-on is not set up here."),
        Refused::State => (
            StatusCode::BAD_REQUEST,
            "This sign-in was used already or has expired. Start again.",
        ),
        Refused::Denied => (
            StatusCode::UNAUTHORIZED,
            "The identity provider did not sign you in.",
        ),
        Refused::Token => (
            StatusCode::UNAUTHORIZED,
            "The identity provider's answer could not be verified, so you were not signed in. \
             Try again; if it happens again, tell your administrator.",
        ),
        Refused::Unreachable => (
            StatusCode::BAD_GATEWAY,
            "The identity provider can't be reached just now. Try again in a few minutes.",
        ),
        Refused::Account(Account::LocalAccount) => (
            StatusCode::FORBIDDEN,
            "This account logs in with its password and code. To use single sign-on, ask an operator to switch it over.",
        ),
        Refused::Account(Account::Domain | Account::NoRole | Account::OtherPerson) => (
            StatusCode::FORBIDDEN,
            "Your account at the identity provider may not use this desk. Ask a DPO to invite you.",
        ),
        Refused::Account(Account::NoEmail | Account::EmailUnverified) => (
            StatusCode::FORBIDDEN,
            "The identity provider did not confirm your email address, so the desk can't tell who you are.",
        ),
        Refused::Locked => (
            StatusCode::FORBIDDEN,
            "This account is locked for a while after failed logins. Try again later, or ask a DPO to unlock it.",
        ),
    }
}

fn refused(req: &HttpRequest, state: &WebState, why: &Refused) -> Page {
    if *why == Refused::Off {
        return Err(AdminError::NotFound);
    }
    let (status, message) = words(why);
    let mut res = login_page(req, state, status, "", Some(message), None);
    let _ = res.add_cookie(&cleared_state(state.portal.config.is_https()));
    Ok(res)
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Start {
    login_hint: String,
}

pub async fn start(req: HttpRequest, state: web::Data<WebState>, q: web::Query<Start>) -> Page {
    login_allowed(&req, &state).await?;
    let p = state.portal.clone();
    let ip = client_label(&req, &state);
    let hint: String = q.login_hint.trim().chars().take(254).collect();
    let _turn = turn(&state).await?;
    let outcome = web::block(move || sso::begin(&p, Some(hint.as_str()), &ip)).await??;
    match outcome {
        Ok(begun) => {
            let mut res = see_other(&begun.url);
            res.add_cookie(&state_cookie(
                &begun.binding,
                state.portal.config.is_https(),
            ))
            .map_err(|_| AdminError::Internal)?;
            Ok(res)
        }
        Err(why) => refused(&req, &state, &why),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Back {
    state: String,
    code: String,
    error: String,
    iss: String,
}

pub async fn callback(req: HttpRequest, state: web::Data<WebState>, q: web::Query<Back>) -> Page {
    login_allowed(&req, &state).await?;
    let p = state.portal.clone();
    let began = req
        .cookie(cookie_name(state.portal.config.is_https()))
        .map(|c| c.value().to_owned());
    let q = q.into_inner();
    let back = Callback {
        state: q.state.chars().take(100).collect(),
        code: q.code.chars().take(2048).collect(),
        error: q.error,
        iss: q.iss,
    };
    let ip = client_label(&req, &state);
    let _turn = turn(&state).await?;
    let outcome = web::block(move || sso::finish(&p, began.as_deref(), &back, &ip)).await??;
    let secure = state.portal.config.is_https();
    match outcome {
        Ok(token) => {
            // Only on success: a refused callback leaves the session the browser has.
            forget_brought_session(&req, &state).await?;
            let mut res = render(StatusCode::OK, &SignedIn);
            res.add_cookie(&session_cookie(&token, secure))
                .map_err(|_| AdminError::Internal)?;
            let _ = res.add_cookie(&cleared_state(secure));
            Ok(res)
        }
        Err(why) => refused(&req, &state, &why),
    }
}
