//! `GET /admin` without a register filter: the "Needs you" queue, the desk's landing page.
//! Open requests that wait for a person, most urgent first, each with its short reference,
//! the subject's masked address and the one next action.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::page::render;
use super::{AdminError, csrf_for};
use crate::admin::queue::{Group, Next};
use crate::admin::register::{Badge, days_left_of, kind_label, state_label};
use crate::db::queue::QueueRow;
use crate::domain::{EmailAddress, Kind, State, reference};
use crate::service::desk::{self, Staff};
use crate::web::WebState;

/// One queue line as shown.
pub struct QueueLine {
    pub id: String,
    pub reference: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub subject: String,
    pub due: String,
    /// `retry` (a form posted from the queue) or a link to `href`.
    pub action: &'static str,
    pub next_label: &'static str,
    pub href: String,
}

impl QueueLine {
    fn of(r: &QueueRow, group: Group, today: time::Date) -> Self {
        let state = r.status.parse::<State>().unwrap_or(State::Processing);
        let due = match (
            Badge::of(r.register_due, today),
            days_left_of(r.register_due, today),
        ) {
            (Badge::Stopped, _) => "clock stopped".to_owned(),
            (_, Some(0)) => format!("{} (today)", r.register_due),
            (_, Some(n)) if n < 0 => format!("{} ({} days late)", r.register_due, -n),
            (_, Some(n)) => format!("{} ({n} days left)", r.register_due),
            (_, None) => "-".to_owned(),
        };
        let next = Next::of(group, state);
        let page = format!("/admin/requests/{}", r.id);
        let (action, href) = match next {
            Next::Retry => ("retry", format!("{page}/retry")),
            Next::Review => ("link", format!("{page}/review")),
            Next::RecordAnswer => ("link", format!("{page}#actions")),
            Next::Open => ("link", page),
        };
        Self {
            id: r.id.clone(),
            reference: reference::of(&r.id),
            kind: r.kind.parse::<Kind>().map_or("?", kind_label),
            status: state_label(state),
            subject: EmailAddress::parse(&r.email).map_or_else(|_| "***".into(), |e| e.masked()),
            due,
            action,
            next_label: next.label(),
            href,
        }
    }
}

pub struct QueueSection {
    pub label: &'static str,
    pub slug: &'static str,
    pub count: i64,
    pub lines: Vec<QueueLine>,
    /// The register's filter listing the whole group, when the queue shows part of it.
    pub more: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/queue.html")]
struct QueuePage<'a> {
    staff: &'a Staff,
    csrf: &'a str,
    sections: Vec<QueueSection>,
    total: i64,
    may_act: bool,
    mine: bool,
}

/// The queue; `mine`: only the requests assigned to the signed-in account.
pub async fn page(
    state: web::Data<WebState>,
    staff: Staff,
    mine: bool,
) -> Result<HttpResponse, AdminError> {
    let p = state.portal.clone();
    let me = mine.then(|| staff.admin_id.clone());
    let groups = web::block(move || desk::queue_page(&p, me.as_deref())).await??;
    let today = state.portal.today();
    let csrf = csrf_for(&state, &staff);
    let sections: Vec<QueueSection> = groups
        .into_iter()
        .map(|g| QueueSection {
            label: g.group.label(),
            slug: g.group.slug(),
            count: g.count,
            more: (g.count > g.rows.len() as i64)
                .then(|| g.group.register_query().map(|q| format!("/admin?{q}")))
                .flatten(),
            lines: g
                .rows
                .iter()
                .map(|r| QueueLine::of(r, g.group, today))
                .collect(),
        })
        .collect();
    Ok(render(
        actix_web::http::StatusCode::OK,
        &QueuePage {
            may_act: staff.role.may_act(),
            mine,
            staff: &staff,
            csrf: &csrf,
            total: sections.iter().map(|s| s.count).sum(),
            sections,
        },
    ))
}
