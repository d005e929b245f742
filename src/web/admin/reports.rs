//! `GET /admin/report?year=` and `GET /admin/report.csv?year=`: requests received in a year
//! per kind, month and channel — completed on time or late, rejected (and by ground),
//! cancelled, expired, open and open overdue — with the median and 90th-percentile days to
//! answer.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::json;

use super::page::render;
use super::{AdminError, Signed, csrf_for};
use crate::admin::grounds;
use crate::admin::report::{FIRST_YEAR, Line, YearReport, check_year};
use crate::domain::csv_cell::neutralised;
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
    /// The year as typed (kept in the field when it was refused).
    typed: &'a str,
    error: Option<String>,
    first_year: i32,
    last_year: i32,
    r: Option<&'a YearReport>,
    /// Rejections per ground, in words.
    grounds: Vec<(String, i64)>,
}

/// Days for people: whole days, or one decimal.
pub fn days(m: &Option<f64>) -> String {
    match *m {
        None => "-".into(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
    }
}

/// The year asked for (this year when none is), or the words asking for a right one.
fn year_of(q: &YearQuery, this_year: i32) -> Result<i32, String> {
    if q.year.trim().is_empty() {
        return Ok(this_year);
    }
    check_year(&q.year, this_year)
}

fn ground_label(code: &str) -> String {
    grounds::by_code(code).map_or_else(|| "Other reason".to_owned(), |g| g.label.to_owned())
}

pub async fn report(
    state: web::Data<WebState>,
    Signed(staff): Signed,
    q: web::Query<YearQuery>,
) -> Result<HttpResponse, AdminError> {
    let this_year = state.portal.now().year();
    let csrf = csrf_for(&state, &staff);
    let (r, error) = match year_of(&q, this_year) {
        Ok(year) => {
            let p = state.portal.clone();
            (
                Some(web::block(move || desk::year_report(&p, year)).await??),
                None,
            )
        }
        Err(words) => (None, Some(words)),
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = ReportPage {
        staff: &staff,
        csrf: &csrf,
        typed: q.year.trim(),
        error,
        first_year: FIRST_YEAR,
        last_year: this_year + 1,
        grounds: r
            .as_ref()
            .map(|r| {
                r.grounds
                    .iter()
                    .map(|(g, n)| (ground_label(g), *n))
                    .collect()
            })
            .unwrap_or_default(),
        r: r.as_ref(),
    };
    Ok(render(status, &page))
}

/// The CSV's columns, in order.
pub const CSV_HEADER: [&str; 13] = [
    "group",
    "value",
    "received",
    "completed_on_time",
    "completed_late",
    "rejected",
    "cancelled",
    "expired",
    "open",
    "open_overdue",
    "median_days",
    "p90_days",
    "year",
];

fn csv_line(group: &str, l: &Line, year: i32) -> Vec<String> {
    let d = |v: &Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
    vec![
        group.to_owned(),
        neutralised(&l.label).into_owned(),
        l.received.to_string(),
        l.on_time.to_string(),
        l.late.to_string(),
        l.rejected.to_string(),
        l.cancelled.to_string(),
        l.expired.to_string(),
        l.open.to_string(),
        l.open_overdue.to_string(),
        d(&l.median_days),
        d(&l.p90_days),
        year.to_string(),
    ]
}

/// The report as CSV: one row per kind, month and channel, the total, then one row per
/// rejection ground (its count in `rejected`).
fn report_csv(r: &YearReport) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(|e| e.to_string())?;
    let groups = [
        ("kind", &r.kinds),
        ("month", &r.months),
        ("channel", &r.channels),
    ];
    for (group, lines) in groups {
        for l in lines.iter() {
            w.write_record(csv_line(group, l, r.year))
                .map_err(|e| e.to_string())?;
        }
    }
    w.write_record(csv_line("all", &r.total, r.year))
        .map_err(|e| e.to_string())?;
    for (g, n) in &r.grounds {
        let l = Line {
            label: g.clone(),
            rejected: *n,
            ..Line::default()
        };
        w.write_record(csv_line("rejection_ground", &l, r.year))
            .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

pub async fn csv(
    state: web::Data<WebState>,
    Signed(staff): Signed,
    q: web::Query<YearQuery>,
) -> Result<HttpResponse, AdminError> {
    let year = year_of(&q, state.portal.now().year()).map_err(AdminError::BadRequest)?;
    let p = state.portal.clone();
    let actor = staff.actor();
    let r = web::block(move || {
        desk::record(&p, &actor, "admin_report_csv", None, &json!({"year": year}))?;
        desk::year_report(&p, year)
    })
    .await??;
    let body = report_csv(&r).map_err(|_| AdminError::Internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"dsr-report-{year}.csv\""),
        ))
        .insert_header((CACHE_CONTROL, "no-store"))
        .body(body))
}
