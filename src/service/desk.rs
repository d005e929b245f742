//! The DPO desk's use cases: the two-step login (password, then TOTP) with lockout
//! and replay refusal, sessions, refusals (audited), reading a request (audited), the
//! register and the yearly report. Each owns its transaction.

use serde_json::json;

use super::ServiceError;
use crate::admin::grounds;
use crate::admin::intake::Intake;
use crate::admin::lockout::{AfterFailure, Lockout};
use crate::admin::passwords::PasswordPermit;
use crate::admin::queue::Group;
use crate::admin::register::Filter;
use crate::admin::report::{self, YearReport};
use crate::admin::session::{Policy, Stage};
use crate::admin::{Role, accounts, totp};
use crate::db::admins::{self, AdminRow};
use crate::db::export_tasks;
use crate::db::exports::{self as progress_db, ProgressRow};
use crate::db::pauses::{self, PauseRow};
use crate::db::queue::{self, QueueRow};
use crate::db::register::{self, RegisterRow};
use crate::db::requests::RequestRow;
use crate::db::{DbConn, audit, requests, write_tx};
use crate::domain::token;
use crate::domain::work::Step;
use crate::domain::{EmailAddress, Kind, State};
use crate::portal::Portal;
use crate::service::requests::{self as requests_service, Submission, SubmitOptions, Submitted};

/// A logged-in staff member.
#[derive(Debug, Clone)]
pub struct Staff {
    pub admin_id: String,
    pub email: String,
    pub role: Role,
    /// The session's token hash (its CSRF token derives from it).
    pub session: String,
}

impl Staff {
    /// How the audit log names them.
    pub fn actor(&self) -> String {
        format!("admin:{}", self.email)
    }
}

/// Why a login step did not pass. Every variant shows the user the same page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Unknown email, wrong password, wrong or replayed code, locked account.
    Credentials,
    /// The password step is too old, or there is none: start again.
    Restart,
}

/// Why a session cookie does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSession {
    Missing,
    Expired,
}

fn actor_of(a: &AdminRow) -> String {
    format!("admin:{}", a.email)
}

/// Writes one audit entry in a transaction of its own (refusals, reads).
pub fn record(
    p: &Portal,
    actor: &str,
    event: &str,
    request_id: Option<&str>,
    detail: &serde_json::Value,
) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        audit::append(c, actor, event, request_id, detail).map(|_| ())
    })
    .map_err(ServiceError::from)
}

/// Counts a failure against an account (locking it at the limit), audited. The count is one
/// `UPDATE … RETURNING`, so concurrent failures each count; one that finds the account
/// locked meanwhile is refused as locked.
fn fail(
    p: &Portal,
    c: &mut DbConn,
    a: &AdminRow,
    reason: &str,
    ip: &str,
) -> Result<(), ServiceError> {
    let lockout = Lockout::from_config(&p.config.admin);
    let actor = actor_of(a);
    let now = p.now();
    let Some(count) = admins::count_failure(c, &a.id, now)? else {
        return refuse_locked(c, a, ip);
    };
    match lockout.after_failure(count, now) {
        AfterFailure::Count(n) => {
            audit::append(
                c,
                &actor,
                "admin_login_failed",
                None,
                &json!({"reason": reason, "failures": n, "ip": ip}),
            )?;
        }
        AfterFailure::Locked(until) => {
            admins::lock(c, &a.id, until)?;
            audit::append(
                c,
                &actor,
                "admin_login_failed",
                None,
                &json!({"reason": reason, "failures": count, "ip": ip}),
            )?;
            audit::append(
                c,
                &actor,
                "admin_locked",
                None,
                &json!({"until": crate::domain::format::fmt_time(until), "ip": ip}),
            )?;
        }
    }
    Ok(())
}

/// Records a login refused because the account is locked.
fn refuse_locked(c: &mut DbConn, a: &AdminRow, ip: &str) -> Result<(), ServiceError> {
    audit::append(
        c,
        &actor_of(a),
        "admin_login_refused",
        None,
        &json!({"reason": "locked", "ip": ip}),
    )?;
    Ok(())
}

/// Step one: the password, checked in the caller's turn (`permit`: argon2 runs for so many
/// requests at once only). On success, a pending session's token (the TOTP step follows).
pub fn login_password(
    p: &Portal,
    permit: &PasswordPermit,
    email: &str,
    password: &str,
    ip: &str,
) -> Result<Result<String, Refused>, ServiceError> {
    let email = EmailAddress::parse(email).ok();
    let mut conn = p.conn()?;
    let account = match &email {
        Some(e) => admins::by_email(&mut conn, e.as_str())?,
        None => None,
    };
    let Some(a) = account else {
        // The same work as a wrong password, so timing tells nothing either.
        let _ = permit.verify(password, accounts::decoy_hash());
        write_tx(&mut conn, |c| {
            audit::append(
                c,
                &format!("ip:{ip}"),
                "admin_login_failed",
                None,
                &json!({"reason": "unknown_account", "ip": ip}),
            )
        })?;
        return Ok(Err(Refused::Credentials));
    };
    // An account made for single sign-on has no password: the same work, never a match.
    let ok = if a.password_hash.is_empty() {
        let _ = permit.verify(password, accounts::decoy_hash());
        false
    } else {
        permit.verify(password, &a.password_hash)
    };
    let lockout = Lockout::from_config(&p.config.admin);
    write_tx(&mut conn, |c| {
        // Read again inside the transaction (a lock set meanwhile refuses even the right
        // password); failures are counted by the database itself, see `fail`.
        let a = admins::get(c, &a.id)?.ok_or(ServiceError::NotFound("account"))?;
        if lockout.is_locked(a.locked_until, p.now()) {
            refuse_locked(c, &a, ip)?;
            return Ok(Err(Refused::Credentials));
        }
        if !ok {
            fail(p, c, &a, "password", ip)?;
            return Ok(Err(Refused::Credentials));
        }
        let minted = token::mint()?;
        admins::insert_session(c, &minted.hash, &a.id, Stage::Password.as_str(), p.now())?;
        audit::append(
            c,
            &actor_of(&a),
            "admin_password_ok",
            None,
            &json!({"ip": ip}),
        )?;
        Ok(Ok(minted.plain))
    })
}

/// Unix seconds by the portal's clock (TOTP time steps).
fn unix_now(p: &Portal) -> u64 {
    u64::try_from(p.now().assume_utc().unix_timestamp()).unwrap_or(0)
}

/// Step two: the TOTP code, on the pending session. On success the pending session ends and
/// a new one (a new token: no fixation) is returned.
pub fn login_totp(
    p: &Portal,
    pending: &str,
    code: &str,
    ip: &str,
) -> Result<Result<String, Refused>, ServiceError> {
    let policy = Policy::from_config(&p.config.admin);
    let lockout = Lockout::from_config(&p.config.admin);
    let hash = token::hash(pending);
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let Some((s, a)) = admins::session(c, &hash)? else {
            return Ok(Err(Refused::Restart));
        };
        let now = p.now();
        if Stage::parse(&s.stage) != Some(Stage::Password)
            || policy
                .check(Stage::Password, s.created_at, s.last_seen_at, now)
                .is_err()
        {
            admins::delete_session(c, &hash)?;
            return Ok(Err(Refused::Restart));
        }
        if lockout.is_locked(a.locked_until, now) {
            admins::delete_session(c, &hash)?;
            refuse_locked(c, &a, ip)?;
            return Ok(Err(Refused::Restart));
        }
        let secret = totp::open(p.secret(), &a.totp_secret).map_err(ServiceError::Internal)?;
        let step = match totp::check(&secret, code, a.totp_last_step, unix_now(p)) {
            Ok(step) => step,
            Err(refusal) => {
                let reason = match refusal {
                    totp::Refusal::Wrong => "totp",
                    totp::Refusal::Replayed => "totp_replayed",
                };
                fail(p, c, &a, reason, ip)?;
                return Ok(Err(Refused::Credentials));
            }
        };
        if !admins::accept_step(c, &a.id, step)? {
            fail(p, c, &a, "totp_replayed", ip)?;
            return Ok(Err(Refused::Credentials));
        }
        admins::delete_session(c, &hash)?;
        let minted = token::mint()?;
        admins::insert_session(c, &minted.hash, &a.id, Stage::Full.as_str(), now)?;
        audit::append(
            c,
            &actor_of(&a),
            "admin_login",
            None,
            &json!({"ip": ip, "role": a.role}),
        )?;
        Ok(Ok(minted.plain))
    })
}

/// The staff member behind a session token, if the session is live. An expired session is
/// ended and audited. Use refreshes the idle timer.
pub fn session(p: &Portal, plain: &str) -> Result<Result<Staff, NoSession>, ServiceError> {
    if !token::looks_valid(plain) {
        return Ok(Err(NoSession::Missing));
    }
    let policy = Policy::from_config(&p.config.admin);
    let hash = token::hash(plain);
    let mut conn = p.conn()?;
    let Some((s, a)) = admins::session(&mut conn, &hash)? else {
        return Ok(Err(NoSession::Missing));
    };
    if Stage::parse(&s.stage) != Some(Stage::Full) {
        return Ok(Err(NoSession::Missing));
    }
    let now = p.now();
    if let Err(why) = policy.check(Stage::Full, s.created_at, s.last_seen_at, now) {
        write_tx(&mut conn, |c| {
            if admins::delete_session(c, &hash)? {
                audit::append(
                    c,
                    &actor_of(&a),
                    "admin_session_expired",
                    None,
                    &json!({"why": why.as_str()}),
                )?;
            }
            Ok::<_, ServiceError>(())
        })?;
        return Ok(Err(NoSession::Expired));
    }
    // Refresh at most every few seconds: reads stay reads under load.
    if now - s.last_seen_at >= time::Duration::seconds(5) {
        admins::touch_session(&mut conn, &hash, now)?;
    }
    let role = a.role.parse::<Role>().map_err(ServiceError::Internal)?;
    Ok(Ok(Staff {
        admin_id: a.id,
        email: a.email,
        role,
        session: hash,
    }))
}

/// The session of a pending login (password accepted), for the TOTP page.
pub fn pending_login(p: &Portal, plain: &str) -> Result<bool, ServiceError> {
    if !token::looks_valid(plain) {
        return Ok(false);
    }
    let policy = Policy::from_config(&p.config.admin);
    let mut conn = p.conn()?;
    Ok(match admins::session(&mut conn, &token::hash(plain))? {
        Some((s, _)) => {
            Stage::parse(&s.stage) == Some(Stage::Password)
                && policy
                    .check(Stage::Password, s.created_at, s.last_seen_at, p.now())
                    .is_ok()
        }
        None => false,
    })
}

/// Ends a session (logout), audited.
pub fn logout(p: &Portal, staff: &Staff) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        admins::delete_session(c, &staff.session)?;
        audit::append(c, &staff.actor(), "admin_logout", None, &json!({}))?;
        Ok(())
    })
}

/// Ends a session without an audit entry (a superseded pending login).
pub fn forget_session(p: &Portal, plain: &str) -> Result<(), ServiceError> {
    if token::looks_valid(plain) {
        let mut conn = p.conn()?;
        admins::delete_session(&mut conn, &token::hash(plain))?;
    }
    Ok(())
}

/// Everything the request page shows.
#[derive(Debug)]
pub struct RequestView {
    pub request: RequestRow,
    pub progress: Vec<ProgressRow>,
    pub pauses: Vec<PauseRow>,
    pub timeline: Vec<crate::db::audit::AuditRow>,
    /// Records of the subject kept under a legal hold by the erasure.
    pub holds: Vec<crate::db::erasures::HoldRow>,
    /// Manual stores whose owner's answer the erasure or export waits for.
    pub waiting: Vec<String>,
    /// Files manual stores' owners returned for the export (names and sizes only; staff
    /// never read them back from the desk).
    pub attachments: Vec<export_tasks::AttachmentRow>,
}

/// Events left out of the desk's timeline: reads, which would grow with every visit.
pub const READ_EVENTS: [&str; 3] = ["admin_read", "api_read", "admin_read_current_values"];

/// Restrictions in force (completed, not lifted), newest first (Art. 18: the register
/// shows them until lifted).
pub fn restrictions_in_force(p: &Portal) -> Result<Vec<RequestRow>, ServiceError> {
    let mut conn = p.conn()?;
    Ok(requests::restrictions_in_force(&mut conn, 1000)?)
}

/// One request for staff (the desk's page, `requests show`); the read is audited as
/// `actor`'s (it shows personal data).
pub fn read_request(p: &Portal, actor: &str, id: &str) -> Result<RequestView, ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let request = requests::get(c, id)?.ok_or(ServiceError::NotFound("request"))?;
        let progress = progress_db::progress_of(c, id)?;
        let pauses = pauses::of_request(c, id)?;
        let timeline = audit::for_request_except(c, id, &READ_EVENTS)?;
        let holds = crate::db::erasures::holds_of_request(c, id)?;
        let mut waiting: Vec<String> = match crate::db::erasures::for_request(c, id)? {
            Some(run) => crate::db::erasures::steps(c, &run.id)?
                .into_iter()
                .filter(|s| s.state == Step::Waiting)
                .map(|s| s.store)
                .collect(),
            None => Vec::new(),
        };
        waiting.extend(
            export_tasks::of_request(c, id)?
                .into_iter()
                .filter(|t| t.state == Step::Waiting)
                .map(|t| t.store),
        );
        let attachments = export_tasks::attachments(c, id)?;
        audit::append(c, actor, "admin_read", Some(id), &json!({}))?;
        Ok(RequestView {
            request,
            progress,
            pauses,
            timeline,
            holds,
            waiting,
            attachments,
        })
    })
}

/// The erasure plan of a request's subject, counted now (reads the stores, changes
/// nothing); the read is audited as `actor`'s. A run already started keeps the identifiers
/// it resolved (rows may be gone since).
pub fn erasure_plan(
    p: &Portal,
    actor: &str,
    id: &str,
) -> Result<crate::erasure::Plan, ServiceError> {
    let mut conn = p.conn()?;
    let r = requests::get(&mut conn, id)?.ok_or(ServiceError::NotFound("request"))?;
    let stored = crate::db::erasures::for_request(&mut conn, &r.id)?
        .and_then(|run| run.identifiers)
        .and_then(|t| serde_json::from_str(&t).ok());
    drop(conn);
    let engine =
        crate::erasure::Engine::open(p).map_err(|f| ServiceError::Invalid(f.to_string()))?;
    let ids = match stored {
        Some(ids) => ids,
        None => {
            let mut seeds = crate::stores::Identifiers::default();
            seeds.insert(crate::datamap::EMAIL, r.email.clone());
            engine
                .resolve(seeds)
                .map_err(|f| ServiceError::Invalid(f.to_string()))?
        }
    };
    let plan = engine
        .plan(&ids)
        .map_err(|f| ServiceError::Invalid(f.to_string()))?;
    record(
        p,
        actor,
        "plan_viewed",
        Some(&r.id),
        &json!({"stores": plan.stores.len()}),
    )?;
    Ok(plan)
}

/// Requests for the command line's list (no personal data shown: ids, kinds, states,
/// dates).
pub fn list_requests(p: &Portal, f: &requests::Filter) -> Result<Vec<RequestRow>, ServiceError> {
    let mut conn = p.conn()?;
    Ok(requests::list(&mut conn, f)?)
}

/// One register page, whether another follows, and the (overdue, due soon) counts.
pub struct RegisterPage {
    pub rows: Vec<RegisterRow>,
    pub more: bool,
    pub overdue: i64,
    pub due_soon: i64,
    /// Restrictions in force (completed, not lifted), newest first, at most 20.
    pub restrictions: Vec<RequestRow>,
}

pub fn register_page(p: &Portal, f: &Filter) -> Result<RegisterPage, ServiceError> {
    let mut conn = p.conn()?;
    let today = p.now().date();
    let (rows, more) = register::page(&mut conn, f, today, p.config.admin.page_size)?;
    let (overdue, due_soon) = register::urgency(&mut conn, today)?;
    let restrictions = requests::restrictions_in_force(&mut conn, 20)?;
    Ok(RegisterPage {
        rows,
        more,
        overdue,
        due_soon,
        restrictions,
    })
}

/// One group of the "Needs you" queue: how many requests it holds, and the first of them.
pub struct QueueGroup {
    pub group: Group,
    pub count: i64,
    pub rows: Vec<QueueRow>,
}

/// The "Needs you" queue: every group, most urgent first, at most a register page each;
/// with `mine`, only the requests assigned to that account.
pub fn queue_page(p: &Portal, mine: Option<&str>) -> Result<Vec<QueueGroup>, ServiceError> {
    let mut conn = p.conn()?;
    let today = p.today();
    let limit = i64::from(p.config.admin.page_size);
    Group::ALL
        .into_iter()
        .map(|group| {
            let count = queue::count(&mut conn, group, today, mine)?;
            let rows = if count == 0 {
                Vec::new()
            } else {
                queue::rows(&mut conn, group, today, mine, limit)?
            };
            Ok(QueueGroup { group, count, rows })
        })
        .collect()
}

/// A request recorded on the desk: created as the portal's form would (one open request
/// per address and kind), received on the day given (the clock runs from it), with its
/// channel; the subject is sent the confirmation link, or, when the DPO verified who they
/// are, confirmed at once. Audited as `recorded` (channel, day, note, and the reason given
/// for the verification). Returns what submitting did.
pub fn record_request(
    p: &Portal,
    staff: &Staff,
    intake: &Intake,
) -> Result<Submitted, ServiceError> {
    let s = Submission {
        email: intake.email.clone(),
        kind: intake.kind,
        jurisdiction: None,
        ticket_ref: None,
        actor: staff.actor(),
        details: requests_service::check_details(p, intake.kind, &intake.details)?,
        // The desk records no language yet: the company's default speaks to the subject.
        language: p.i18n.default_lang(),
    };
    let opts = SubmitOptions {
        received_at: Some(time::PrimitiveDateTime::new(
            intake.received,
            time::Time::MIDNIGHT,
        )),
        identity_verified: intake.verified.is_some(),
    };
    let mut conn = p.conn()?;
    let done = write_tx(&mut conn, |c| {
        let done = requests_service::submit_tx(p, c, &s, &opts)?;
        if let Submitted::Created { id } = &done {
            requests::set_channel(c, id, intake.channel)?;
            audit::append(
                c,
                &staff.actor(),
                "recorded",
                Some(id),
                &json!({
                    "channel": intake.channel,
                    "received_on": intake.received.to_string(),
                    "note": intake.note,
                    "identity_verified": intake.verified.is_some(),
                    "reason": intake.verified,
                }),
            )?;
        }
        Ok::<_, ServiceError>(done)
    })?;
    p.wake.notify();
    Ok(done)
}

/// The accounts a request may be assigned to (role `dpo`): (id, email).
pub fn assignable(p: &Portal) -> Result<Vec<(String, String)>, ServiceError> {
    let mut conn = p.conn()?;
    Ok(admins::all(&mut conn)?
        .into_iter()
        .filter(|a| a.role == Role::Dpo.as_str())
        .map(|a| (a.id, a.email))
        .collect())
}

/// Assigns a request to a `dpo` account (`to` empty: to nobody), audited as `assigned` with
/// who had it before.
pub fn assign(p: &Portal, staff: &Staff, id: &str, to: &str) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    write_tx(&mut conn, |c| {
        let r = requests::get(c, id)?.ok_or(ServiceError::NotFound("request"))?;
        let to = match to.trim() {
            "" => None,
            to => Some(
                admins::get(c, to)?
                    .filter(|a| a.role == Role::Dpo.as_str())
                    .ok_or_else(|| {
                        ServiceError::Invalid("assign to a desk account with the dpo role".into())
                    })?,
            ),
        };
        if to.as_ref().map(|a| &a.id) == r.assignee.as_ref() {
            return Ok(());
        }
        let from = match &r.assignee {
            Some(a) => admins::get(c, a)?.map(|a| a.email),
            None => None,
        };
        requests::set_assignee(c, id, to.as_ref().map(|a| a.id.as_str()))?;
        audit::append(
            c,
            &staff.actor(),
            "assigned",
            Some(id),
            &json!({"to": to.map(|a| a.email), "from": from}),
        )?;
        Ok(())
    })
}

/// The yearly report (requests received in `year`).
pub fn year_report(p: &Portal, year: i32) -> Result<YearReport, ServiceError> {
    let mut conn = p.conn()?;
    let facts: Vec<report::Fact> = register::year_rows(&mut conn, year)?
        .into_iter()
        .filter_map(|r| {
            Some(report::Fact {
                kind: r.kind.parse::<Kind>().ok()?,
                state: r.status.parse::<State>().ok()?,
                channel: r.channel,
                received: r.received_at.date(),
                closed: r.completed_at.map(|t| t.date()),
                due: r.extended_due_on.or(r.due_on),
                stopped: r.paused_on.is_some(),
                rejection_ground: r.rejection_ground,
            })
        })
        .collect();
    Ok(report::build(year, &facts, p.today()))
}

/// The reason mailed to the subject: the DPO's words, after the legal text of the ground
/// when one is chosen (`admin::grounds`); and the ground's code.
pub fn rejection_reason(
    ground: &str,
    text: &str,
) -> Result<(String, Option<&'static str>), ServiceError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ServiceError::Invalid(
            "a rejection needs a reason, which the subject receives".into(),
        ));
    }
    Ok(match grounds::by_code(ground.trim()) {
        Some(g) => (format!("{} {text}", g.text), Some(g.code)),
        None if ground.trim().is_empty() => (text.to_owned(), None),
        None => {
            return Err(ServiceError::Invalid(format!(
                "{:?} is not a ground the desk knows",
                ground.chars().take(40).collect::<String>()
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_reasons() {
        assert!(rejection_reason("", "  ").is_err());
        assert_eq!(
            rejection_reason("", "No ID").unwrap(),
            ("No ID".into(), None)
        );
        let (r, g) = rejection_reason("art12_5", "Fifth identical request this week.").unwrap();
        assert!(r.contains("manifestly unfounded or excessive") && r.contains("12(5)"));
        assert!(r.ends_with("Fifth identical request this week."));
        assert_eq!(g, Some("art12_5"));
        assert!(rejection_reason("art99", "x").is_err());
    }
}
