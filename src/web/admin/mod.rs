//! The DPO desk under `/admin` (DESIGN §5): the allow-list first, then login (password, then
//! TOTP, or single sign-on), the register, request pages with their actions, the CSV and the yearly report.
//!
//! The allow-list and the login rate limit key on the client address of the public pages
//! ([`Limits::client_ip`](super::security::Limits::client_ip)): the TCP peer, or with
//! `security.trust_forwarded_for` the entry our own proxies wrote into `X-Forwarded-For`,
//! never one the client wrote.

mod error;
mod intake;
mod login;
mod page;
mod queue;
mod register;
mod reports;

pub use reports::days;
mod request;
mod sso;
mod step;

use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Next, from_fn};
use actix_web::{FromRequest, HttpRequest, ResponseError, web};
use futures_util::future::LocalBoxFuture;
use governor::Quota;
use serde_json::json;

pub use error::AdminError;

use super::WebState;
use super::limiter::KeyedLimit;
use crate::admin::session::{self, COOKIE};
use crate::config::Config;
use crate::service::desk::{self, NoSession, Staff};

/// The desk's share of the web state.
pub struct AdminState {
    networks: Vec<ipnet::IpNet>,
    logins: KeyedLimit<IpAddr>,
    /// Turns for single sign-on's calls to the provider (each may wait on it for seconds).
    sso_turns: std::sync::Arc<tokio::sync::Semaphore>,
}

impl AdminState {
    pub fn new(config: &Config) -> Result<Self, crate::config::ConfigError> {
        let rate = NonZeroU32::new(config.admin.login_rate_per_minute).unwrap_or(NonZeroU32::MIN);
        Ok(Self {
            networks: config.admin_networks()?,
            logins: KeyedLimit::new(
                "admin_login",
                Quota::per_minute(rate),
                config.security.max_keys(),
            ),
            sso_turns: std::sync::Arc::new(tokio::sync::Semaphore::new(sso::AT_ONCE)),
        })
    }

    /// Forgets idle keys; returns the keys left.
    pub fn prune(&self) -> (&'static str, usize) {
        (self.logins.name(), self.logins.prune())
    }

    fn allows(&self, ip: Option<IpAddr>) -> bool {
        self.networks.is_empty()
            || ip.is_some_and(|ip| self.networks.iter().any(|n| n.contains(&ip)))
    }
}

/// The client's address, as the public pages see it.
fn client(req: &HttpRequest, state: &WebState) -> Option<IpAddr> {
    state.limits.client_ip(req)
}

fn client_label(req: &HttpRequest, state: &WebState) -> String {
    client(req, state).map_or_else(|| "unknown".into(), |ip| ip.to_string())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/admin")
            .route("", web::get().to(register::page))
            .route("/", web::get().to(register::page))
            .route("/login", web::get().to(login::form))
            .route("/login", web::post().to(login::submit))
            .route("/login/totp", web::get().to(login::totp_form))
            .route("/login/totp", web::post().to(login::totp_submit))
            .route("/login/sso", web::get().to(sso::start))
            .route("/login/sso/callback", web::get().to(sso::callback))
            .route("/logout", web::post().to(login::logout))
            .route("/register.csv", web::get().to(register::csv))
            .route("/report", web::get().to(reports::report))
            .route("/report.csv", web::get().to(reports::csv))
            .route("/requests/new", web::get().to(intake::form))
            .route("/requests/new", web::post().to(intake::submit))
            .route("/requests/{id}", web::get().to(request::page))
            .route("/requests/{id}/assign", web::post().to(intake::assign))
            .route("/requests/{id}/review", web::get().to(request::review))
            .route(
                "/requests/{id}/complete-step",
                web::post().to(step::complete_step),
            )
            .route("/requests/{id}/{action}", web::post().to(request::act))
            .default_service(web::to(|| async {
                Err::<actix_web::HttpResponse, _>(AdminError::NotFound)
            }))
            // Registered last, so it runs first: nothing under /admin answers a peer outside
            // the allow-list.
            .wrap(from_fn(allow_list)),
    );
}

/// Middleware: `security.admin_allow_ips`, checked before anything else; refusals audited.
async fn allow_list(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    if let Some(state) = req.app_data::<web::Data<WebState>>().cloned() {
        let ip = client(req.request(), &state);
        if !state.admin.allows(ip) {
            let p = state.portal.clone();
            let actor = format!("ip:{}", client_label(req.request(), &state));
            let detail = json!({"path": req.path(), "method": req.method().as_str()});
            let _ = web::block(move || desk::record(&p, &actor, "admin_ip_refused", None, &detail))
                .await;
            let response = AdminError::NotAllowed.error_response();
            return Ok(req.into_response(response));
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// One more login attempt from this client; refused (and audited) over the limit.
async fn login_allowed(req: &HttpRequest, state: &WebState) -> Result<(), AdminError> {
    let Some(ip) = client(req, state) else {
        return Ok(());
    };
    if state.admin.logins.check(&ip).is_ok() {
        return Ok(());
    }
    let p = state.portal.clone();
    let detail = json!({"path": req.path(), "ip": ip.to_string()});
    web::block(move || desk::record(&p, &format!("ip:{ip}"), "admin_rate_limited", None, &detail))
        .await??;
    Err(AdminError::TooMany)
}

/// The session cookie carrying `token`.
pub fn session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, token.to_owned())
        .path("/admin")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .finish()
}

/// The one-shot message cookie: the name of the action just done (its words are fixed per
/// action, see `request::done_message`); the page that shows it removes it, so a reload
/// does not say it again.
pub const FLASH: &str = "dsr_flash";

pub fn flash_cookie(action: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(FLASH, action.to_owned())
        .path("/admin")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(actix_web::cookie::time::Duration::minutes(5))
        .finish()
}

/// A cookie that removes the flash cookie.
pub fn cleared_flash(secure: bool) -> Cookie<'static> {
    let mut c = flash_cookie("", secure);
    c.make_removal();
    c
}

/// A cookie that removes the session cookie.
pub fn cleared_cookie(secure: bool) -> Cookie<'static> {
    let mut c = session_cookie("", secure);
    c.make_removal();
    c
}

fn cookie_token(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE).map(|c| c.value().to_owned())
}

/// Ends the session the browser brought, if any, before a login makes a new one: a pending
/// or stale session never carries over (no fixation).
async fn forget_brought_session(req: &HttpRequest, state: &WebState) -> Result<(), AdminError> {
    if let Some(old) = cookie_token(req) {
        let p = state.portal.clone();
        web::block(move || desk::forget_session(&p, &old)).await??;
    }
    Ok(())
}

/// A logged-in staff member: the extractor of every desk page. Without a live session the
/// browser goes to the login page.
pub struct Signed(pub Staff);

impl FromRequest for Signed {
    type Error = AdminError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<WebState>>()
                .cloned()
                .ok_or(AdminError::Internal)?;
            let Some(token) = cookie_token(&req) else {
                return Err(AdminError::Login { expired: false });
            };
            let p = state.portal.clone();
            match web::block(move || desk::session(&p, &token)).await?? {
                Ok(staff) => Ok(Signed(staff)),
                Err(NoSession::Expired) => Err(AdminError::Login { expired: true }),
                Err(NoSession::Missing) => Err(AdminError::Login { expired: false }),
            }
        })
    }
}

/// Checks the CSRF token of a logged-in form (bound to the session) and the Origin; a
/// refusal is audited.
async fn check_csrf(
    req: &HttpRequest,
    state: &WebState,
    staff: &Staff,
    submitted: &str,
    request_id: Option<&str>,
) -> Result<(), AdminError> {
    let p = &state.portal;
    if super::csrf::origin_ok(req, p.config.public_url())
        && session::csrf_matches(p.secret(), &staff.session, submitted)
    {
        return Ok(());
    }
    let p = p.clone();
    let actor = staff.actor();
    let id = request_id.map(str::to_owned);
    let detail = json!({"reason": "csrf", "path": req.path()});
    web::block(move || desk::record(&p, &actor, "admin_denied", id.as_deref(), &detail)).await??;
    Err(AdminError::Forbidden(
        "This form expired or did not come from the desk. Reload the page and try again.".into(),
    ))
}

/// The session-bound CSRF token for a page's forms.
fn csrf_for(state: &WebState, staff: &Staff) -> String {
    session::csrf_token(state.portal.secret(), &staff.session)
}
