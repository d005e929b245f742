//! `GET /admin/requests/{id}` (facts, per-store progress, pauses, the timeline with actors)
//! and `POST /admin/requests/{id}/{approve|reject|extend|pause|resume|retry|cancel|lift}`.
//! There is no route from here to exported data.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::json;

use super::page::render;
use super::{AdminError, FLASH, Signed, check_csrf, cleared_flash, csrf_for, flash_cookie};
use crate::admin::actions::{Available, available};
use crate::admin::grounds::{self, Ground};
use crate::admin::timeline;
use crate::db::audit::AuditRow;
use crate::domain::format::{fmt_date, fmt_time};
use crate::error::ServiceError;
use crate::service::corrections::{self, Corrections};
use crate::service::desk::{self, RequestView, Staff};
use crate::service::requests::{StaffAction, staff_action};
use crate::web::WebState;
use crate::web::portal::see_other;

pub struct TimelineLine {
    pub at: String,
    pub sentence: String,
    /// What the entry recorded, shown on demand.
    pub details: Vec<(String, String)>,
}

impl TimelineLine {
    fn of(e: &AuditRow) -> Self {
        let detail = serde_json::from_str::<serde_json::Value>(&e.detail)
            .unwrap_or_else(|_| serde_json::Value::String(e.detail.clone()));
        Self {
            at: fmt_time(e.at),
            sentence: timeline::sentence(&e.event, &e.actor, &detail),
            details: timeline::details(&detail),
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
    reference: String,
    kind_label: &'static str,
    status_label: &'static str,
    received: String,
    due: String,
    extended_due: String,
    days_left: Option<i64>,
    paused: bool,
    pauses: Vec<PauseLine>,
    timeline: Vec<TimelineLine>,
    can: Available,
    may_act: bool,
    /// The grounds offered for a rejection of this kind.
    grounds: Vec<&'static Ground>,
    done: Option<&'static str>,
    /// What a rectification, restriction or objection carries, in words.
    details: Vec<(&'static str, String)>,
    /// A rectification's fields: current values beside the corrected ones.
    corrections: Corrections,
    /// A restriction in force may be lifted.
    can_lift: bool,
    /// The accounts it may be assigned to: (id, email).
    accounts: Vec<(String, String)>,
    /// Whom it is assigned to.
    assignee: Option<String>,
    channel: &'static str,
    /// The subject's language, by its own name ("Deutsch"): the emails speak it.
    language: &'static str,
}

/// The one-shot message of the action just done, from its cookie.
fn flash(req: &HttpRequest) -> Option<&'static str> {
    req.cookie(FLASH).and_then(|c| done_message(c.value()))
}

/// Reads a request for a desk page (audited as the staff member's read), with a
/// rectification's current values while it is open, and what `extra` reads beside them, in
/// one blocking call. An id that is not a UUID is not found.
async fn read_for_page<T: Send + 'static>(
    state: &WebState,
    staff: &Staff,
    id: String,
    extra: impl FnOnce(&crate::portal::Portal, &str, &RequestView) -> T + Send + 'static,
) -> Result<(RequestView, Corrections, T), AdminError> {
    if uuid::Uuid::parse_str(&id).is_err() {
        return Err(AdminError::NotFound);
    }
    let p = state.portal.clone();
    let actor = staff.actor();
    Ok(web::block(move || {
        let v = desk::read_request(&p, &actor, &id)?;
        let c = if v.request.state().is_open() {
            corrections::of_request(&p, &actor, &v.request)?
        } else {
            Corrections::default()
        };
        let t = extra(&p, &actor, &v);
        Ok::<_, ServiceError>((v, c, t))
    })
    .await??)
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<WebState>,
    Signed(staff): Signed,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let (v, corrections, accounts) = read_for_page(&state, &staff, id.into_inner(), |p, _, _| {
        desk::assignable(p)
    })
    .await?;
    let accounts = accounts?;
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
        reference: crate::domain::reference::of(&r.id),
        kind_label: crate::admin::register::kind_label(r.kind),
        status_label: crate::admin::register::state_label(st),
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
        grounds: grounds::for_kind(r.kind),
        // Fixed words per action (the cookie's value only picks which).
        done: flash(&req),
        details: details_lines(r),
        corrections,
        can_lift: r.restriction_in_force(),
        assignee: r
            .assignee
            .as_ref()
            .and_then(|a| accounts.iter().find(|(id, _)| id == a))
            .map(|(_, e)| e.clone()),
        accounts,
        channel: crate::admin::intake::channel_label(&r.channel),
        language: crate::i18n::Lang::parse(&r.language).map_or("English", |l| l.name()),
        v: &v,
    };
    let mut res = render(actix_web::http::StatusCode::OK, &page);
    if req.cookie(FLASH).is_some() {
        let _ = res.add_cookie(&cleared_flash(state.portal.config.is_https()));
    }
    Ok(res)
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
    /// A ground of `admin::grounds` (reject only).
    #[serde(default)]
    ground: String,
    /// `yes` from the review page's confirm step (approve only).
    #[serde(default)]
    confirm: String,
}

fn parse_action(name: &str, form: &ActionForm) -> Result<StaffAction, ServiceError> {
    let reason: String = form.reason.trim().chars().take(2_000).collect();
    Ok(match name {
        "approve" if form.confirm == "yes" => StaffAction::Approve,
        "approve" => {
            return Err(ServiceError::Invalid(
                "approve from the request's review page, after reading what it will do".into(),
            ));
        }
        "reject" => {
            let (reason, ground) = desk::rejection_reason(&form.ground, &reason)?;
            StaffAction::Reject { reason, ground }
        }
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
        "assign" => "Assignment saved.",
        "recorded" => "Request recorded.",
        "existing" => {
            "This address already has an open request of that kind: here it is (the subject was sent a fresh link)."
        }
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
    let mut res = see_other(&format!("/admin/requests/{id}"));
    let _ = res.add_cookie(&flash_cookie(action, state.portal.config.is_https()));
    Ok(res)
}

pub async fn act(
    req: HttpRequest,
    state: web::Data<WebState>,
    Signed(staff): Signed,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AdminError> {
    let (id, action) = path.into_inner();
    if uuid::Uuid::parse_str(&id).is_err()
        || done_message(&action).is_none()
        || matches!(action.as_str(), "assign" | "recorded" | "existing")
    {
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

/// One store of an erasure plan, as shown.
pub struct PlanStore {
    pub n: usize,
    pub store: String,
    pub kind: &'static str,
    /// (table or object, records now, what erasure does)
    pub steps: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "admin/review.html")]
struct ReviewPage<'a> {
    staff: &'a Staff,
    csrf: &'a str,
    id: &'a str,
    reference: String,
    kind: &'static str,
    subject: &'a str,
    status_label: &'static str,
    /// An erasure's plan (None for other kinds).
    plan: Option<Vec<PlanStore>>,
    /// Why the plan could not be counted now.
    plan_error: Option<String>,
    corrections: Corrections,
    can_approve: bool,
    can_reject: bool,
    may_act: bool,
    grounds: Vec<&'static Ground>,
}

/// `GET /admin/requests/{id}/review`: what approving will do, then the confirm step (and
/// the rejection with its grounds). An erasure shows its plan (per store and table, what
/// is deleted, masked, nulled or kept under a hold, and how many records: the numbers of
/// `requests show --plan`); a rectification the current and the corrected values. Each
/// read is audited.
pub async fn review(
    state: web::Data<WebState>,
    Signed(staff): Signed,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let (v, corrections, plan) = read_for_page(&state, &staff, id.into_inner(), |p, actor, v| {
        (v.request.state().is_open() && v.request.kind == crate::domain::Kind::Erasure)
            .then(|| desk::erasure_plan(p, actor, &v.request.id))
    })
    .await?;
    let r = &v.request;
    let (plan, plan_error) = match plan {
        None => (None, None),
        Some(Ok(plan)) => (
            Some(
                plan.stores
                    .iter()
                    .enumerate()
                    .map(|(n, s)| PlanStore {
                        n: n + 1,
                        store: s.store.clone(),
                        kind: s.kind,
                        steps: s
                            .steps
                            .iter()
                            .map(|st| {
                                (
                                    st.object.clone(),
                                    st.rows.map_or_else(
                                        || "not counted".to_owned(),
                                        |n| n.to_string(),
                                    ),
                                    st.action.clone(),
                                )
                            })
                            .collect(),
                    })
                    .collect(),
            ),
            None,
        ),
        Some(Err(e)) => (None, Some(e.summary())),
    };
    let st = r.state();
    let csrf = csrf_for(&state, &staff);
    let page = ReviewPage {
        staff: &staff,
        csrf: &csrf,
        id: &r.id,
        reference: crate::domain::reference::of(&r.id),
        kind: crate::admin::register::kind_label(r.kind),
        subject: &r.email,
        status_label: crate::admin::register::state_label(st),
        plan,
        plan_error,
        corrections,
        can_approve: crate::domain::Action::Approve.apply(st).is_ok(),
        can_reject: crate::domain::Action::Reject.apply(st).is_ok(),
        may_act: staff.role.may_act(),
        grounds: grounds::for_kind(r.kind),
    };
    Ok(render(actix_web::http::StatusCode::OK, &page))
}
