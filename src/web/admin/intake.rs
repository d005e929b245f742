//! `GET|POST /admin/requests/new`: a request of any kind that came by email, phone, letter or
//! in person, recorded by the DPO; and `POST /admin/requests/{id}/assign`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page::render;
use super::request::{gate, perform};
use super::{AdminError, Signed, check_csrf, csrf_for, flash_cookie};
use crate::admin::intake::{CHANNELS, IntakeForm, KINDS};
use crate::admin::register::kind_label;
use crate::datamap::rights::Field;
use crate::domain::rights::Ground;
use crate::error::ServiceError;
use crate::service::desk::{self, Staff};
use crate::service::requests::Submitted;
use crate::web::WebState;
use crate::web::portal::see_other;

#[derive(Template)]
#[template(path = "admin/record.html")]
struct RecordPage<'a> {
    staff: &'a Staff,
    csrf: &'a str,
    f: &'a IntakeForm,
    error: Option<String>,
    today: String,
    channels: &'static [(&'static str, &'static str)],
    kinds: Vec<(&'static str, &'static str)>,
    /// The fields a correction may change (the data map's `rectify`): name and label.
    fields: &'a [Field],
    grounds: Vec<(&'static str, &'static str)>,
    may_act: bool,
}

fn record_page(
    state: &WebState,
    staff: &Staff,
    f: &IntakeForm,
    error: Option<String>,
) -> HttpResponse {
    let csrf = csrf_for(state, staff);
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(
        status,
        &RecordPage {
            staff,
            csrf: &csrf,
            f,
            error,
            today: state.portal.today().to_string(),
            channels: &CHANNELS,
            kinds: KINDS.iter().map(|k| (k.as_str(), kind_label(*k))).collect(),
            fields: &state.fields,
            grounds: Ground::ALL
                .iter()
                .map(|g| (g.as_str(), g.describe()))
                .collect(),
            may_act: staff.role.may_act(),
        },
    )
}

pub async fn form(
    state: web::Data<WebState>,
    Signed(staff): Signed,
) -> Result<HttpResponse, AdminError> {
    let f = IntakeForm {
        received: state.portal.today().to_string(),
        identity: "link".into(),
        ..IntakeForm::default()
    };
    Ok(record_page(&state, &staff, &f, None))
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<WebState>,
    Signed(staff): Signed,
    form: web::Form<IntakeForm>,
) -> Result<HttpResponse, AdminError> {
    let f = form.into_inner();
    check_csrf(&req, &state, &staff, &f.csrf, None).await?;
    if !staff.role.may_act() {
        return Err(AdminError::Forbidden(
            "Your account can read the register but not record requests (role viewer).".into(),
        ));
    }
    let intake = match f.check(state.portal.today()) {
        Ok(i) => i,
        Err(words) => return Ok(record_page(&state, &staff, &f, Some(words))),
    };
    let p = state.portal.clone();
    let s = staff.clone();
    let done = match web::block(move || desk::record_request(&p, &s, &intake)).await? {
        Ok(done) => done,
        // A correction of a field the map doesn't have, a value that doesn't fit: on the form.
        Err(ServiceError::Invalid(words)) => {
            let words = match f.kind.as_str() {
                "rectification" => format!("Correction: {words}"),
                _ => words,
            };
            return Ok(record_page(&state, &staff, &f, Some(words)));
        }
        Err(e) => return Err(e.into()),
    };
    let (id, action) = match done {
        Submitted::Created { id } => (id, "recorded"),
        Submitted::Existing { id } => (id, "existing"),
    };
    let mut res = see_other(&format!("/admin/requests/{id}"));
    let _ = res.add_cookie(&flash_cookie(action, state.portal.config.is_https()));
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    csrf: String,
    /// An account's id; empty: nobody.
    #[serde(default)]
    to: String,
}

pub async fn assign(
    req: HttpRequest,
    state: web::Data<WebState>,
    Signed(staff): Signed,
    id: web::Path<String>,
    form: web::Form<AssignForm>,
) -> Result<HttpResponse, AdminError> {
    let id = id.into_inner();
    if uuid::Uuid::parse_str(&id).is_err() {
        return Err(AdminError::NotFound);
    }
    gate(&req, &state, &staff, &form.csrf, &id, "assign").await?;
    let to = form.into_inner().to;
    let s = staff.clone();
    let rid = id.clone();
    perform(&state, &staff, &id, "assign", move |p, _| {
        desk::assign(p, &s, &rid, &to)
    })
    .await
}
