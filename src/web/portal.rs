//! The subject's pages: ask, confirm, follow, cancel.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::WebState;
use super::csrf::{self, Csrf};
use super::error::PageError;
use super::pages::{
    FieldInput, IndexPage, SentPage, StatusPage, StoreProgress, VerifyPage, render,
};
use super::{lang, story};
use crate::domain::email::EmailError;
use crate::domain::rights::{MAX_CHANGES, MAX_TEXT};
use crate::domain::{Details, EmailAddress, Ground, Jurisdiction, Kind, Scope, State};
use crate::error::ServiceError;
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

/// What the form shows again after an error (or preselects from `?kind=`).
#[derive(Debug, Default)]
struct Filled {
    email: String,
    kind: String,
    changes: Vec<(String, String)>,
    ground: String,
    scope: String,
    note: String,
}

/// What the form says is wrong: one of our texts (in the subject's language), or the
/// service's own words.
enum FormError {
    Text(&'static str),
    Said(String),
}

fn index_page(
    req: &HttpRequest,
    state: &WebState,
    status: StatusCode,
    filled: &Filled,
    error: Option<(&'static str, FormError)>,
) -> HttpResponse {
    let t = state.portal.i18n.texts(lang::of(req, state));
    let error = error.map(|(focus, e)| {
        let words = match e {
            FormError::Text(key) => t.t(key),
            FormError::Said(words) => words,
        };
        (focus, words)
    });
    let (focus, error) = match error {
        Some((focus, e)) => (focus, Some(e)),
        None => ("email", None),
    };
    let fields: Vec<FieldInput> = state
        .fields
        .iter()
        .map(|f| FieldInput {
            name: f.name.clone(),
            label: f.label.clone(),
            value: filled
                .changes
                .iter()
                .find(|(n, _)| n == &f.name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
        })
        .collect();
    let ccpa = state.portal.jurisdiction == Jurisdiction::Ccpa;
    with_form(req, state, |csrf| {
        render(
            req,
            state,
            status,
            "portal/index.html",
            &IndexPage {
                csrf,
                email: &filled.email,
                kind: &filled.kind,
                error,
                focus,
                fields,
                grounds: Ground::ALL.iter().map(|g| g.as_str()).collect(),
                ground: &filled.ground,
                scope: &filled.scope,
                note: &filled.note,
                ccpa,
            },
        )
    })
}

#[derive(Debug, Deserialize)]
pub struct IndexQuery {
    #[serde(default)]
    kind: String,
}

pub async fn index(
    req: HttpRequest,
    state: web::Data<WebState>,
    query: web::Query<IndexQuery>,
) -> HttpResponse {
    let kind = match query.kind.parse::<Kind>() {
        Ok(k) => k.as_str().to_owned(),
        Err(_) => Kind::Access.as_str().to_owned(),
    };
    let filled = Filled {
        kind,
        ..Filled::default()
    };
    index_page(&req, &state, StatusCode::OK, &filled, None)
}

/// The form's fields: `email`, `kind`, `csrf`, and per kind `change.<field>`, `ground`,
/// `scope`, `note`.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct RequestForm(Vec<(String, String)>);

impl RequestForm {
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The `change.<field>` pairs: a field and its corrected value.
    fn changes(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("change.").map(|f| (f, v.as_str())))
    }

    /// What the subject typed, bounded, to show again with an error.
    fn filled(&self) -> Filled {
        let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        Filled {
            email: cut(self.get("email"), 254),
            kind: cut(self.get("kind"), 20),
            changes: self
                .changes()
                .map(|(f, v)| (cut(f, 64), cut(v, MAX_TEXT)))
                .take(MAX_CHANGES * 2)
                .collect(),
            ground: cut(self.get("ground"), 40),
            scope: cut(self.get("scope"), 40),
            note: cut(self.get("note"), MAX_TEXT),
        }
    }

    /// The details of the chosen kind (only its own fields are read).
    fn details(&self, kind: Kind) -> Result<Details, FormError> {
        let mut d = Details::default();
        match kind {
            Kind::Rectification => {
                d.changes = self
                    .changes()
                    .map(|(f, v)| (f.to_owned(), v.to_owned()))
                    .collect();
                if d.changes.values().all(|v| v.trim().is_empty()) {
                    return Err(FormError::Text("error-no-change"));
                }
            }
            Kind::Restriction => {
                // The form has no default reason: one must be chosen.
                d.ground = Some(
                    self.get("ground")
                        .parse()
                        .map_err(|_| FormError::Text("error-ground"))?,
                );
            }
            Kind::Objection => {
                let scope: Scope = self
                    .get("scope")
                    .parse()
                    .map_err(|_| FormError::Text("error-scope"))?;
                if scope == Scope::Other && self.get("note").trim().is_empty() {
                    return Err(FormError::Text("error-objection-note"));
                }
                d.scope = Some(scope);
            }
            Kind::Access | Kind::Erasure => return Ok(d),
        }
        let note = self.get("note");
        d.note = (!note.trim().is_empty()).then(|| note.to_owned());
        Ok(d)
    }
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
        form.get("csrf"),
    )?;
    let mut filled = form.filled();
    let bad = |filled: &Filled, msg: FormError| {
        Ok(index_page(
            &req,
            &state,
            StatusCode::BAD_REQUEST,
            filled,
            Some(("form-error", msg)),
        ))
    };
    let email = match EmailAddress::parse(form.get("email")) {
        Ok(e) => e,
        Err(e) => {
            return Ok(index_page(
                &req,
                &state,
                StatusCode::BAD_REQUEST,
                &filled,
                Some((
                    "email",
                    FormError::Text(match e {
                        EmailError::Empty => "error-email-empty",
                        EmailError::TooLong => "error-email-too-long",
                        EmailError::Invalid => "error-email-invalid",
                    }),
                )),
            ));
        }
    };
    let kind: Kind = match form.get("kind").parse() {
        Ok(k) => k,
        Err(_) => {
            filled.kind = Kind::Access.as_str().into();
            return bad(&filled, FormError::Text("error-kind"));
        }
    };
    let details = match form.details(kind) {
        Ok(d) => d,
        Err(m) => return bad(&filled, m),
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
        details,
        language: lang::of(&req, &state),
    };
    let p = portal.clone();
    match web::block(move || svc::submit(&p, &submission)).await? {
        Ok(_) => Ok(see_other("/requests/sent")),
        Err(ServiceError::Invalid(m)) => bad(&filled, FormError::Said(m)),
        Err(e) => Err(e.into()),
    }
}

pub async fn sent(req: HttpRequest, state: web::Data<WebState>) -> HttpResponse {
    render(
        &req,
        &state,
        StatusCode::OK,
        "portal/sent.html",
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
    let kind = r.kind.as_str();
    let masked = EmailAddress::parse(&r.email)
        .map(|e| e.masked())
        .unwrap_or_default();
    Ok(with_form(&req, &state, |csrf| {
        render(
            &req,
            &state,
            StatusCode::OK,
            "portal/verify.html",
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
    let t = state.portal.i18n.texts(lang::of(&req, &state));
    let progress: Vec<StoreProgress> = view
        .progress
        .iter()
        .map(|x| StoreProgress::new(&labels.store(&x.store), x.state, x.rows, access, t))
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
        lifted: r.lifted_at.is_some(),
    };
    let story = story::tell(r.kind, s, &facts, t);
    let show_progress = story.progress;
    Ok(with_form(&req, &state, |csrf| {
        render(
            &req,
            &state,
            StatusCode::OK,
            "portal/status.html",
            &StatusPage {
                csrf,
                token: &token,
                id: &r.id,
                kind: r.kind.as_str(),
                state: s.as_str(),
                story,
                received: t.time(r.received_at),
                due: due.map(|d| t.date(d)),
                can_cancel: s.can_cancel(),
                progress: if show_progress { progress } else { Vec::new() },
                counts: access,
                progress_title: match (s, r.kind) {
                    (State::Completed, _) => "status-progress-found",
                    (_, Kind::Access) => "status-progress-collecting",
                    (_, Kind::Erasure) => "status-progress-erasing",
                    _ => "status-progress-changing",
                },
                told: if s == State::Completed {
                    state
                        .recipients
                        .iter()
                        .find(|(k, _)| *k == r.kind)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default()
                } else {
                    Vec::new()
                },
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
