//! `GET /admin/report?year=`: counts by kind and outcome, median days to close.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page::render;
use super::{AdminError, Signed, csrf_for};
use crate::admin::report::{Outcome, YearReport};
use crate::service::desk::{self, Staff};
use crate::web::WebState;

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    year: String,
}

#[derive(Template)]
#[template(path = "admin/report.html")]
struct ReportPage<'a> {
    staff: &'a Staff,
    csrf: &'a str,
    r: &'a YearReport,
    outcomes: Vec<&'static str>,
}

/// A median for people: whole days, or one decimal.
pub fn days(m: &Option<f64>) -> String {
    match *m {
        None => "-".into(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
    }
}

pub async fn report(
    state: web::Data<WebState>,
    Signed(staff): Signed,
    q: web::Query<YearQuery>,
) -> Result<HttpResponse, AdminError> {
    let this_year = state.portal.now().year();
    let year = match q.year.trim() {
        "" => this_year,
        y => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=9998).contains(y))
            .ok_or_else(|| AdminError::BadRequest(format!("year: {y:?} is not a year")))?,
    };
    let p = state.portal.clone();
    let r = web::block(move || desk::year_report(&p, year)).await??;
    let csrf = csrf_for(&state, &staff);
    Ok(render(
        actix_web::http::StatusCode::OK,
        &ReportPage {
            staff: &staff,
            csrf: &csrf,
            r: &r,
            outcomes: Outcome::ALL.iter().map(|o| o.as_str()).collect(),
        },
    ))
}
