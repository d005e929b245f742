//! `GET /admin` (the register) and `GET /admin/register.csv` (the same rows, every page,
//! streamed).

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
use actix_web::{HttpResponse, web};
use askama::Template;

use super::page::render;
use super::{AdminError, Signed, csrf_for};
use crate::admin::register::{
    Badge, Filter, RawQuery, days_left_of, jurisdiction_label, kind_label, state_label,
};
use crate::db::register::RegisterRow;
use crate::domain::csv_cell::neutralised;
use crate::domain::format::fmt_date;
use crate::domain::{Jurisdiction, Kind, State};
use crate::service::desk::{self, Staff};
use crate::web::WebState;

/// One register line as shown.
pub struct Line {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub status_label: String,
    pub jurisdiction: String,
    pub ticket: String,
    pub received: String,
    pub due: String,
    pub days_left: Option<i64>,
    pub badge: &'static str,
    pub badge_class: &'static str,
    pub channel: &'static str,
}

impl Line {
    fn of(r: &RegisterRow, today: time::Date) -> Self {
        let badge = Badge::of(r.register_due, today);
        Self {
            id: r.id.clone(),
            reference: crate::domain::reference::of(&r.id),
            kind: r
                .kind
                .parse::<Kind>()
                .map_or_else(|_| r.kind.clone(), |k| kind_label(k).into()),
            status: r.status.clone(),
            status_label: r
                .status
                .parse::<State>()
                .map_or_else(|_| r.status.clone(), |s| state_label(s).into()),
            jurisdiction: r.jurisdiction.clone(),
            ticket: r.ticket_ref.clone().unwrap_or_default(),
            received: r.received_at.date().to_string(),
            due: fmt_date(r.extended_due_on.or(r.due_on)),
            days_left: days_left_of(r.register_due, today),
            badge: badge.label(),
            channel: crate::admin::intake::channel_label(&r.channel),
            badge_class: match badge {
                Badge::Overdue => "overdue",
                Badge::DueSoon => "soon",
                Badge::Stopped | Badge::None => "",
            },
        }
    }
}

#[derive(Template)]
#[template(path = "admin/register.html")]
struct RegisterPage<'a> {
    staff: &'a Staff,
    csrf: &'a str,
    raw: &'a RawQuery,
    error: Option<String>,
    lines: Vec<Line>,
    overdue: i64,
    due_soon: i64,
    /// Restrictions in force: id and since when.
    restrictions: Vec<(String, String)>,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
    csv: String,
    /// (value, label) of each filter option.
    states: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    jurisdictions: Vec<(&'static str, &'static str)>,
}

pub async fn page(
    state: web::Data<WebState>,
    Signed(staff): Signed,
    raw: web::Query<RawQuery>,
) -> Result<HttpResponse, AdminError> {
    let raw = raw.into_inner();
    if !raw.wants_register() {
        let mine = raw.view.trim() == "mine";
        return super::queue::page(state, staff, mine).await;
    }
    let csrf = csrf_for(&state, &staff);
    let (filter, error) = match Filter::parse(&raw) {
        Ok(f) => (f, None),
        Err(e) => (Filter::default(), Some(e)),
    };
    let filter = Filter {
        page: filter.page.max(1),
        ..filter
    };
    let p = state.portal.clone();
    let f = filter.clone();
    let reg = web::block(move || desk::register_page(&p, &f)).await??;
    let today = state.portal.today();
    let qs = filter.query_string();
    let link = |page: u32| format!("/admin?{qs}&page={page}");
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok(render(
        status,
        &RegisterPage {
            staff: &staff,
            csrf: &csrf,
            raw: &raw,
            error,
            lines: reg.rows.iter().map(|r| Line::of(r, today)).collect(),
            overdue: reg.overdue,
            due_soon: reg.due_soon,
            restrictions: reg
                .restrictions
                .iter()
                .map(|r| {
                    (
                        r.id.clone(),
                        crate::domain::format::fmt_date(r.completed_at.map(|t| t.date())),
                    )
                })
                .collect(),
            page: filter.page,
            prev: (filter.page > 1).then(|| link(filter.page - 1)),
            next: reg.more.then(|| link(filter.page + 1)),
            csv: format!("/admin/register.csv?{qs}"),
            states: State::ALL
                .iter()
                .map(|s| (s.as_str(), state_label(*s)))
                .collect(),
            kinds: Kind::ALL
                .iter()
                .map(|k| (k.as_str(), kind_label(*k)))
                .collect(),
            jurisdictions: Jurisdiction::ALL
                .iter()
                .map(|j| (j.as_str(), jurisdiction_label(*j)))
                .collect(),
        },
    ))
}

/// The CSV's columns, in order.
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "kind",
    "status",
    "jurisdiction",
    "ticket_ref",
    "received_at",
    "verified_at",
    "due_on",
    "extended_due_on",
    "days_left",
    "completed_at",
    "channel",
];

/// One register row as CSV cells. Text that came from outside (a ticket reference given
/// through the API) is [`neutralised`] so a spreadsheet won't run it; `days_left` is a
/// number the portal formats itself (an `i64`: a `-` and digits, never a formula), so an
/// overdue request's `-3` stays a number the DPO can sort by.
fn csv_record(r: &RegisterRow, today: time::Date) -> [String; 12] {
    let t = |v: Option<time::PrimitiveDateTime>| {
        v.map(|t| {
            t.assume_utc()
                .format(&time::format_description::well_known::Rfc3339)
        })
        .and_then(Result::ok)
        .unwrap_or_default()
    };
    let text = |s: &str| neutralised(s).into_owned();
    [
        text(&r.id),
        text(&r.kind),
        text(&r.status),
        text(&r.jurisdiction),
        text(r.ticket_ref.as_deref().unwrap_or_default()),
        t(Some(r.received_at)),
        t(r.verified_at),
        r.due_on.map(|d| d.to_string()).unwrap_or_default(),
        r.extended_due_on.map(|d| d.to_string()).unwrap_or_default(),
        days_left_of(r.register_due, today)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        t(r.completed_at),
        text(&r.channel),
    ]
}

/// One chunk of CSV: an optional header, then the rows.
fn rows_to_csv(
    header: Option<&[&str]>,
    rows: &[RegisterRow],
    today: time::Date,
) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 160 + 128));
    if let Some(h) = header {
        w.write_record(h).map_err(|e| e.to_string())?;
    }
    for r in rows {
        w.write_record(csv_record(r, today))
            .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Rows per database round trip while streaming.
const BATCH: i64 = 1_000;

pub async fn csv(
    state: web::Data<WebState>,
    Signed(staff): Signed,
    raw: web::Query<RawQuery>,
) -> Result<HttpResponse, AdminError> {
    let filter = Filter::parse(&raw).map_err(AdminError::BadRequest)?;
    let p = state.portal.clone();
    let detail = filter.audit_detail();
    let actor = staff.actor();
    web::block(move || desk::record(&p, &actor, "admin_register_csv", None, &detail)).await??;
    let p = state.portal.clone();
    let stream = crate::web::body::from_blocking("register CSV", move |w| {
        write_csv(&p, &filter, w).map_err(std::io::Error::other)
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            CONTENT_DISPOSITION,
            "attachment; filename=\"dsr-register.csv\"",
        ))
        .insert_header((CACHE_CONTROL, "no-store"))
        .streaming(stream))
}

/// Writes the header and every matching row, one batch at a time.
fn write_csv(
    p: &crate::portal::Portal,
    filter: &Filter,
    w: &mut impl std::io::Write,
) -> Result<(), String> {
    let today = p.today();
    let header = rows_to_csv(Some(&CSV_HEADER), &[], today)?;
    w.write_all(&header).map_err(|e| e.to_string())?;
    let mut after: Option<(time::Date, String)> = None;
    loop {
        let rows = {
            let mut conn = p.conn().map_err(|e| e.to_string())?;
            crate::db::register::batch(&mut conn, filter, today, after.as_ref(), BATCH)
                .map_err(|e| e.to_string())?
        };
        if !rows.is_empty() {
            let buf = rows_to_csv(None, &rows, today)?;
            w.write_all(&buf).map_err(|e| e.to_string())?;
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == BATCH => {
                after = Some((last.register_due, last.id.clone()));
            }
            _ => break,
        }
    }
    Ok(())
}
