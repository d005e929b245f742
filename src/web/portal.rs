//! The subject's pages: ask, confirm, follow, cancel.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::WebState;
use super::csrf::{self, Csrf};
use super::error::PageError;
use super::pages::{IndexPage, SentPage, StatusPage, StoreProgress, VerifyPage, render};
use super::story;
use crate::domain::format::{long_date, long_time};
use crate::domain::{EmailAddress, Kind, State};
use crate::service::requests::{self as svc, Submission};

type Page = Result<HttpResponse, PageError>;

/// A 303 to `location` (after a form post, and to the login page).
pub(crate) fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, location))
        .finish()
}

/// Renders a page that holds a form, setting the CSRF cookie on first visit.
pub(crate) fn with_form(
    req: &HttpRequest,
    state: &WebState,
    page: impl FnOnce(&str) -> HttpResponse,
) -> HttpResponse {
    let csrf = Csrf::for_request(req);
    let mut res = page(&csrf.token(state.portal.secret()));
    if let Some(c) = csrf.cookie(state.portal.config.is_https()) {
        let _ = res.add_cookie(&c);
    }
    res
}

fn index_page(
    req: &HttpRequest,
    state: &WebState,
    status: StatusCode,
    email: &str,
    kind: &str,
    error: Option<String>,
) -> HttpResponse {
    with_form(req, state, |csrf| {
        render(
            status,
            &IndexPage {
                csrf,
                email,
                kind,
                error,
            },
        )
    })
}

pub async fn index(req: HttpRequest, state: web::Data<WebState>) -> HttpResponse {
    index_page(&req, &state, StatusCode::OK, "", "access", None)
}

#[derive(Debug, Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    csrf: String,
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<WebState>,
    form: web::Form<RequestForm>,
) -> Page {
    let portal = &state.portal;
    csrf::check(
        &req,
        portal.secret(),
        portal.config.public_url(),
        &form.csrf,
    )?;
    let kind_field: String = form.kind.chars().take(20).collect();
    let email = match EmailAddress::parse(&form.email) {
        Ok(e) => e,
        Err(e) => {
            let shown: String = form.email.chars().take(254).collect();
            return Ok(index_page(
                &req,
                &state,
                StatusCode::BAD_REQUEST,
                &shown,
                &kind_field,
                Some(e.to_string()),
            ));
        }
    };
    let kind: Kind = match form.kind.parse() {
        Ok(k) => k,
        Err(_) => {
            let msg = "Choose what you would like: a copy of your data, or its erasure.".to_owned();
            return Ok(index_page(
                &req,
                &state,
                StatusCode::BAD_REQUEST,
                email.as_str(),
                "access",
                Some(msg),
            ));
        }
    };
    if let Err(wait) = state.limits.check_address(email.as_str()) {
        return Err(PageError::RetryAfter(wait));
    }
    let submission = Submission {
        email,
        kind,
        jurisdiction: None,
        ticket_ref: None,
        actor: "subject".into(),
    };
    let p = portal.clone();
    web::block(move || svc::submit(&p, &submission)).await??;
    Ok(see_other("/requests/sent"))
}

pub async fn sent(state: web::Data<WebState>) -> HttpResponse {
    render(
        StatusCode::OK,
        &SentPage {
            ttl_hours: state.portal.config.policy.verification_ttl_hours,
        },
    )
}

pub async fn verify_page(
    req: HttpRequest,
    state: web::Data<WebState>,
    token: web::Path<String>,
) -> Page {
    let p = state.portal.clone();
    let t = token.clone();
    let r = web::block(move || svc::peek_verification(&p, &t)).await??;
    let kind = r.kind.describe();
    let masked = EmailAddress::parse(&r.email)
        .map(|e| e.masked())
        .unwrap_or_default();
    Ok(with_form(&req, &state, |csrf| {
        render(
            StatusCode::OK,
            &VerifyPage {
                csrf,
                token: &token,
                kind,
                masked_email: &masked,
            },
        )
    }))
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn verify(
    req: HttpRequest,
    state: web::Data<WebState>,
    token: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Page {
    let portal = &state.portal;
    csrf::check(
        &req,
        portal.secret(),
        portal.config.public_url(),
        &form.csrf,
    )?;
    let p = portal.clone();
    let (_, status_token) = web::block(move || svc::verify(&p, &token)).await??;
    Ok(see_other(&format!("/status/{status_token}")))
}

pub async fn status(
    req: HttpRequest,
    state: web::Data<WebState>,
    token: web::Path<String>,
) -> Page {
    let p = state.portal.clone();
    let t = token.clone();
    let view = web::block(move || svc::status_view(&p, &t)).await??;
    let r = &view.request;
    let s = r.state();
    let labels = &state.labels;
    let access = r.kind == Kind::Access;
    let progress: Vec<StoreProgress> = view
        .progress
        .iter()
        .map(|x| StoreProgress::new(&labels.store(&x.store), x.state, x.rows, access))
        .collect();
    let today = state.portal.today();
    let days_left = r.days_left(today);
    let due = r.effective_due().filter(|_| days_left.is_some());
    let facts = story::Facts {
        due,
        days_left,
        starts: r.run_after.filter(|_| s == State::Scheduled),
        completed_at: r.completed_at,
        download_until: view.archive.map(|a| a.expires_at),
        archive_gone: view.archive.is_none_or(|a| a.deleted),
    };
    let story = story::tell(r.kind, s, &facts);
    let show_progress = story.progress;
    Ok(with_form(&req, &state, |csrf| {
        render(
            StatusCode::OK,
            &StatusPage {
                csrf,
                token: &token,
                id: &r.id,
                kind: r.kind.describe(),
                state: s.as_str(),
                story,
                received: long_time(r.received_at),
                due: due.map(long_date),
                can_cancel: s.can_cancel(),
                progress: if show_progress { progress } else { Vec::new() },
                counts: access,
            },
        )
    }))
}

pub async fn cancel(
    req: HttpRequest,
    state: web::Data<WebState>,
    token: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Page {
    let portal = &state.portal;
    csrf::check(
        &req,
        portal.secret(),
        portal.config.public_url(),
        &form.csrf,
    )?;
    let p = portal.clone();
    let t = token.clone();
    web::block(move || svc::cancel_by_subject(&p, &t)).await??;
    Ok(see_other(&format!("/status/{token}")))
}
