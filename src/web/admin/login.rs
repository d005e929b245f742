//! `GET|POST /admin/login` (email, password), `GET|POST /admin/login/totp` (code),
//! `POST /admin/logout`. Unknown address and wrong password get the same answer.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page::render;
use super::{
    AdminError, Signed, check_csrf, cleared_cookie, client_label, cookie_token,
    forget_brought_session, login_allowed, session_cookie,
};
use crate::service::desk::{self, Refused};
use crate::web::WebState;
use crate::web::csrf;
use crate::web::portal::{see_other, with_form};

type Page = Result<HttpResponse, AdminError>;

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage<'a> {
    csrf: &'a str,
    email: &'a str,
    error: Option<&'a str>,
    notice: Option<&'a str>,
    /// The single sign-on button's name, when `[admin.oidc]` is set.
    sso: Option<&'a str>,
    /// Whether the password form is offered (`admin.local_login`).
    local: bool,
}

#[derive(Template)]
#[template(path = "admin/totp.html")]
struct TotpPage<'a> {
    csrf: &'a str,
    error: Option<&'a str>,
}

/// The one message for every refused login, so nobody learns which part was wrong.
const REFUSED: &str = "That did not work. Check your email, password and code; after several failed attempts the account is locked for a while.";

pub(super) fn login_page(
    req: &HttpRequest,
    state: &WebState,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
    notice: Option<&str>,
) -> HttpResponse {
    let admin = &state.portal.config.admin;
    with_form(req, state, |csrf| {
        render(
            status,
            &LoginPage {
                csrf,
                email,
                error,
                notice,
                sso: admin.oidc.as_ref().map(|o| o.name.as_str()),
                local: admin.local_login,
            },
        )
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Notice {
    expired: String,
}

pub async fn form(
    req: HttpRequest,
    state: web::Data<WebState>,
    q: web::Query<Notice>,
) -> HttpResponse {
    let notice = (!q.expired.is_empty()).then_some("Your session ended. Log in again.");
    login_page(&req, &state, StatusCode::OK, "", None, notice)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// A refused pre-session form: audited with the peer as actor.
async fn refuse_csrf(req: &HttpRequest, state: &WebState) -> AdminError {
    let p = state.portal.clone();
    let actor = format!("ip:{}", client_label(req, state));
    let detail = serde_json::json!({"reason": "csrf", "path": req.path()});
    let _ = web::block(move || desk::record(&p, &actor, "admin_denied", None, &detail)).await;
    AdminError::Forbidden("This form expired. Reload the page and try again.".into())
}

/// With `admin.local_login = false` only single sign-on logs in: a password or code posted
/// anyway is refused (403) and audited.
async fn local_login_on(req: &HttpRequest, state: &WebState) -> Result<(), AdminError> {
    if state.portal.config.admin.local_login {
        return Ok(());
    }
    let p = state.portal.clone();
    let actor = format!("ip:{}", client_label(req, state));
    let detail = serde_json::json!({"reason": "local_login_off", "path": req.path()});
    web::block(move || desk::record(&p, &actor, "admin_login_refused", None, &detail)).await??;
    Err(AdminError::Forbidden(
        "Logging in with a password is turned off here. Use single sign-on.".into(),
    ))
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<WebState>,
    form: web::Form<LoginForm>,
) -> Page {
    login_allowed(&req, &state).await?;
    local_login_on(&req, &state).await?;
    let p = state.portal.clone();
    if csrf::check(&req, p.secret(), p.config.public_url(), &form.csrf).is_err() {
        return Err(refuse_csrf(&req, &state).await);
    }
    forget_brought_session(&req, &state).await?;
    let form = form.into_inner();
    let ip = client_label(&req, &state);
    let email = form.email.clone();
    let permit = p
        .password_gate()
        .enter()
        .await
        .map_err(|_| AdminError::Busy)?;
    let outcome =
        web::block(move || desk::login_password(&p, &permit, &email, &form.password, &ip))
            .await??;
    match outcome {
        Ok(token) => {
            let mut res = see_other("/admin/login/totp");
            res.add_cookie(&session_cookie(&token, state.portal.config.is_https()))
                .map_err(|_| AdminError::Internal)?;
            Ok(res)
        }
        Err(_) => {
            let shown: String = form.email.chars().take(254).collect();
            let mut res = login_page(
                &req,
                &state,
                StatusCode::UNAUTHORIZED,
                &shown,
                Some(REFUSED),
                None,
            );
            let _ = res.add_cookie(&cleared_cookie(state.portal.config.is_https()));
            Ok(res)
        }
    }
}

pub async fn totp_form(req: HttpRequest, state: web::Data<WebState>) -> Page {
    let Some(token) = cookie_token(&req) else {
        return Ok(see_other("/admin/login"));
    };
    let p = state.portal.clone();
    if !web::block(move || desk::pending_login(&p, &token)).await?? {
        return Ok(see_other("/admin/login"));
    }
    Ok(with_form(&req, &state, |csrf| {
        render(StatusCode::OK, &TotpPage { csrf, error: None })
    }))
}

#[derive(Debug, Deserialize)]
pub struct TotpForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    csrf: String,
}

pub async fn totp_submit(
    req: HttpRequest,
    state: web::Data<WebState>,
    form: web::Form<TotpForm>,
) -> Page {
    login_allowed(&req, &state).await?;
    local_login_on(&req, &state).await?;
    let p = state.portal.clone();
    if csrf::check(&req, p.secret(), p.config.public_url(), &form.csrf).is_err() {
        return Err(refuse_csrf(&req, &state).await);
    }
    let Some(pending) = cookie_token(&req) else {
        return Ok(see_other("/admin/login"));
    };
    let ip = client_label(&req, &state);
    let code: String = form.code.chars().take(20).collect();
    let outcome = web::block(move || desk::login_totp(&p, &pending, &code, &ip)).await??;
    let secure = state.portal.config.is_https();
    match outcome {
        Ok(token) => {
            let mut res = see_other("/admin");
            res.add_cookie(&session_cookie(&token, secure))
                .map_err(|_| AdminError::Internal)?;
            Ok(res)
        }
        Err(Refused::Restart) => {
            let mut res = see_other("/admin/login");
            let _ = res.add_cookie(&cleared_cookie(secure));
            Ok(res)
        }
        Err(Refused::Credentials) => Ok(with_form(&req, &state, |csrf| {
            render(
                StatusCode::UNAUTHORIZED,
                &TotpPage {
                    csrf,
                    error: Some(REFUSED),
                },
            )
        })),
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    req: HttpRequest,
    state: web::Data<WebState>,
    Signed(staff): Signed,
    form: web::Form<CsrfOnly>,
) -> Page {
    check_csrf(&req, &state, &staff, &form.csrf, None).await?;
    let p = state.portal.clone();
    web::block(move || desk::logout(&p, &staff)).await??;
    let mut res = see_other("/admin/login");
    let _ = res.add_cookie(&cleared_cookie(state.portal.config.is_https()));
    Ok(res)
}
