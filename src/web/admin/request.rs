//! `GET /admin/requests/{id}` (facts, per-store progress, pauses, the timeline with actors)
//! and `POST /admin/requests/{id}/{approve|reject|extend|pause|resume|retry|cancel|lift}`.
//! There is no route from here to exported data.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::json;

use super::page::render;
use super::{AdminError, Signed, check_csrf, csrf_for};
use crate::admin::actions::{Available, available};
use crate::db::audit::AuditRow;
use crate::domain::format::{fmt_date, fmt_time};
use crate::error::ServiceError;
use crate::service::corrections::{self, Corrections};
use crate::service::desk::{self, GROUND_ART_12_5, RequestView, Staff};
use crate::service::requests::{StaffAction, staff_action};
use crate::web::WebState;
use crate::web::portal::see_other;

pub struct TimelineLine {
    pub at: String,
    pub event: String,
    pub actor: String,
    pub detail: String,
}

impl TimelineLine {
    fn of(e: &AuditRow) -> Self {
        let detail = match serde_json::from_str::<serde_json::Value>(&e.detail) {
            Ok(serde_json::Value::Object(map)) => map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => format!("{k}: {s}"),
                    other => format!("{k}: {other}"),
                })
                .collect::<Vec<_>>()
                .join("; "),
            _ => e.detail.clone(),
        };
        Self {
            at: fmt_time(e.at),
            event: e.event.replace('_', " "),
            actor: e.actor.clone(),
            detail,
        }
    }
}

pub struct PauseLine {
    pub from: String,
    pub to: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "admin/request.html")]
struct RequestPage<'a> {
    staff: &'a Staff,
    csrf: &'a str,
    v: &'a RequestView,
    status_label: String,
    received: String,
    due: String,
    extended_due: String,
    days_left: Option<i64>,
    paused: bool,
    pauses: Vec<PauseLine>,
    timeline: Vec<TimelineLine>,
    can: Available,
    may_act: bool,
    ground_12_5: &'static str,
    done: Option<&'static str>,
    /// What a rectification, restriction or objection carries, in words.
    details: Vec<(&'static str, String)>,
    /// A rectification's fields: current values beside the corrected ones.
    corrections: Corrections,
    /// A restriction in force may be lifted.
    can_lift: bool,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: String,
}

pub async fn page(
    state: web::Data<WebState>,
    Signed(staff): Signed,
    id: web::Path<String>,
    q: web::Query<Done>,
) -> Result<HttpResponse, AdminError> {
    let id = id.into_inner();
    if uuid::Uuid::parse_str(&id).is_err() {
        return Err(AdminError::NotFound);
    }
    let p = state.portal.clone();
    let s = staff.clone();
    let (v, corrections) = web::block(move || {
        let v = desk::read_request(&p, &s.actor(), &id)?;
        let open = v.request.state().is_open();
        let c = if open {
            corrections::of_request(&p, &s.actor(), &v.request)?
        } else {
            Corrections::default()
        };
        Ok::<_, ServiceError>((v, c))
    })
    .await??;
    let r = &v.request;
    let today = state.portal.today();
    let paused = v.pauses.iter().any(|p| p.resumed_on.is_none());
    let jurisdiction = r.jurisdiction;
    let st = r.state();
    let can = available(
        st,
        jurisdiction,
        r.due_on,
        r.extended_due_on.is_some(),
        paused,
        today,
    );
    let csrf = csrf_for(&state, &staff);
    let page = RequestPage {
        staff: &staff,
        csrf: &csrf,
        status_label: r.status.as_str().replace('_', " "),
        received: fmt_time(r.received_at),
        due: fmt_date(r.due_on),
        extended_due: fmt_date(r.extended_due_on),
        days_left: r.days_left(today),
        paused,
        pauses: v
            .pauses
            .iter()
            .map(|p| PauseLine {
                from: p.paused_on.to_string(),
                to: p
                    .resumed_on
                    .map_or_else(|| "(stopped)".into(), |d| d.to_string()),
                reason: p.reason.clone(),
            })
            .collect(),
        timeline: v.timeline.iter().map(TimelineLine::of).collect(),
        can,
        may_act: staff.role.may_act(),
        ground_12_5: GROUND_ART_12_5,
        // Fixed words per action (the query is anyone's to write; nothing of it is echoed).
        done: done_message(&q.done),
        details: details_lines(r),
        corrections,
        can_lift: r.restriction_in_force(),
        v: &v,
    };
    Ok(render(actix_web::http::StatusCode::OK, &page))
}

/// What the request carries beyond its kind, for the page.
fn details_lines(r: &crate::db::requests::RequestRow) -> Vec<(&'static str, String)> {
    let d = r.details();
    let mut out = Vec::new();
    if let Some(g) = d.ground {
        out.push(("Ground", g.describe().to_owned()));
    }
    if let Some(s) = d.scope {
        out.push((
            "Objects to",
            match s {
                crate::domain::Scope::DirectMarketing => {
                    "direct marketing (absolute, Art. 21(3))".to_owned()
                }
                crate::domain::Scope::Other => {
                    "other processing (Art. 21(1)): weigh the grounds".to_owned()
                }
            },
        ));
    }
    if let Some(n) = d.note {
        out.push(("Subject's note", n));
    }
    if let Some(at) = r.lifted_at {
        out.push((
            "Lifted",
            format!(
                "{}: {}",
                fmt_time(at),
                r.lift_reason.clone().unwrap_or_default()
            ),
        ));
    }
    out
}

#[derive(Debug, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
    /// `art12_5` for "manifestly unfounded or excessive" (reject only).
    #[serde(default)]
    ground: String,
}

fn parse_action(name: &str, form: &ActionForm) -> Result<StaffAction, ServiceError> {
    let reason: String = form.reason.trim().chars().take(2_000).collect();
    Ok(match name {
        "approve" => StaffAction::Approve,
        "reject" => StaffAction::Reject {
            reason: desk::rejection_reason(&form.ground, &reason)?,
        },
        "extend" => StaffAction::Extend { reason },
        "pause" => StaffAction::Pause { reason },
        "resume" => StaffAction::Resume,
        "retry" => StaffAction::Retry,
        "lift" => StaffAction::Lift { reason },
        "cancel" => StaffAction::Cancel {
            reason: Some(reason).filter(|r| !r.is_empty()),
        },
        _ => return Err(ServiceError::NotFound("action")),
    })
}

/// What the page says after an action, in words; None for what is not an action.
fn done_message(action: &str) -> Option<&'static str> {
    Some(match action {
        "approve" => "Approved.",
        "reject" => "Rejected; the subject was emailed the reason.",
        "extend" => "Deadline extended; the subject was emailed the reason and the new date.",
        "pause" => "Clock stopped.",
        "resume" => "Clock restarted; the due dates moved.",
        "retry" => "Retrying the failed stores.",
        "cancel" => "Cancelled.",
        "lift" => {
            "Lifting: the subject is emailed first; the flags are reset once the email has gone."
        }
        "complete-step" => "Manual step recorded.",
        _ => return None,
    })
}

/// The checks before any action: the form's CSRF token, then the role (a viewer's attempt
/// is refused and audited).
pub(super) async fn gate(
    req: &HttpRequest,
    state: &WebState,
    staff: &Staff,
    csrf: &str,
    id: &str,
    action: &str,
) -> Result<(), AdminError> {
    check_csrf(req, state, staff, csrf, Some(id)).await?;
    if staff.role.may_act() {
        return Ok(());
    }
    let p = state.portal.clone();
    let actor = staff.actor();
    let detail = json!({"reason": "role", "role": staff.role.as_str(), "action": action});
    let rid = id.to_owned();
    web::block(move || desk::record(&p, &actor, "admin_denied", Some(&rid), &detail)).await??;
    Err(AdminError::Forbidden(
        "Your account can read the register but not change requests (role viewer).".into(),
    ))
}

/// Runs an action that passed the [`gate`]; a refusal is audited (though it changed
/// nothing), then the browser goes back to the request page.
pub(super) async fn perform<F>(
    state: &WebState,
    staff: &Staff,
    id: &str,
    action: &str,
    run: F,
) -> Result<HttpResponse, AdminError>
where
    F: FnOnce(&crate::portal::Portal, &str) -> Result<(), ServiceError> + Send + 'static,
{
    let p = state.portal.clone();
    let actor = staff.actor();
    let rid = id.to_owned();
    let name = action.to_owned();
    let result = web::block(move || {
        let outcome = run(&p, &actor);
        if let Err(e) = &outcome
            && !matches!(e, ServiceError::NotFound(_) | ServiceError::Unavailable(_))
        {
            let detail = json!({"action": name, "error": e.summary()});
            desk::record(&p, &actor, "admin_action_refused", Some(&rid), &detail)?;
        }
        outcome
    })
    .await?;
    result?;
    Ok(see_other(&format!("/admin/requests/{id}?done={action}")))
}

pub async fn act(
    req: HttpRequest,
    state: web::Data<WebState>,
    Signed(staff): Signed,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AdminError> {
    let (id, action) = path.into_inner();
    if uuid::Uuid::parse_str(&id).is_err() || done_message(&action).is_none() {
        return Err(AdminError::NotFound);
    }
    gate(&req, &state, &staff, &form.csrf, &id, &action).await?;
    let form = form.into_inner();
    let rid = id.clone();
    let name = action.clone();
    perform(&state, &staff, &id, &action, move |p, actor| {
        parse_action(&name, &form).and_then(|a| staff_action(p, &rid, &a, actor).map(|_| ()))
    })
    .await
}
