//! The `requests` table.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::DbConn;
use super::schema::requests;
use crate::domain::{Jurisdiction, Kind, State};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = requests)]
pub struct RequestRow {
    pub id: String,
    #[diesel(deserialize_as = String)]
    pub kind: Kind,
    #[diesel(deserialize_as = String)]
    pub status: State,
    pub email: String,
    #[diesel(deserialize_as = String)]
    pub jurisdiction: Jurisdiction,
    pub ticket_ref: Option<String>,
    pub received_at: PrimitiveDateTime,
    pub verify_by: PrimitiveDateTime,
    pub verified_at: Option<PrimitiveDateTime>,
    pub due_on: Option<Date>,
    pub extended_due_on: Option<Date>,
    pub extension_reason: Option<String>,
    pub reminder_sent_at: Option<PrimitiveDateTime>,
    pub completed_at: Option<PrimitiveDateTime>,
    pub closed_reason: Option<String>,
    pub updated_at: PrimitiveDateTime,
    /// When a scheduled erasure may start (`policy.erasure_wait_days`).
    pub run_after: Option<PrimitiveDateTime>,
    /// What a rectification, restriction or objection carries (see [`RequestRow::details`]).
    #[diesel(column_name = details)]
    pub details_json: Option<String>,
    /// When a restriction in force was lifted, and why.
    pub lifted_at: Option<PrimitiveDateTime>,
    pub lift_reason: Option<String>,
    /// The subject's language (`en`, `de`, …): its emails and archive speak it.
    pub language: String,
    /// How the request reached the company (`web`, `api`, or what the desk recorded).
    pub channel: String,
    /// The desk account it is assigned to.
    pub assignee: Option<String>,
}

impl RequestRow {
    /// The state (a row whose status is not one of `State`'s names fails to load).
    pub fn state(&self) -> State {
        self.status
    }

    /// What the request carries beyond its kind (DESIGN §2a); empty for access and erasure.
    pub fn details(&self) -> crate::domain::Details {
        crate::domain::Details::from_json(self.details_json.as_deref())
    }

    /// A completed restriction not yet lifted: processing stays restricted.
    pub fn restriction_in_force(&self) -> bool {
        self.kind == Kind::Restriction
            && self.status == State::Completed
            && self.lifted_at.is_none()
    }

    /// The date the answer is due now: the extended one once granted.
    pub fn effective_due(&self) -> Option<Date> {
        self.extended_due_on.or(self.due_on)
    }

    /// Days until the answer is due (negative when overdue), while the legal clock runs;
    /// None before verification and once the request is closed. The portal, the desk and
    /// the command line all show this one figure.
    pub fn days_left(&self, today: Date) -> Option<i64> {
        self.effective_due()
            .filter(|_| self.status.clock_running())
            .map(|due| crate::domain::deadline::days_left(due, today))
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = requests)]
pub struct NewRequest<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub status: &'a str,
    pub email: &'a str,
    pub jurisdiction: &'a str,
    pub ticket_ref: Option<&'a str>,
    pub received_at: PrimitiveDateTime,
    pub verify_by: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    pub details: Option<&'a str>,
    pub language: &'a str,
}

pub fn insert(conn: &mut DbConn, new: &NewRequest<'_>) -> QueryResult<()> {
    diesel::insert_into(requests::table)
        .values(new)
        .execute(conn)
        .map(|_| ())
}

pub fn get(conn: &mut DbConn, id: &str) -> QueryResult<Option<RequestRow>> {
    requests::table
        .find(id)
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// A request, locked for the rest of the transaction (on SQLite `BEGIN IMMEDIATE` already
/// holds the database's one write lock): two writers deciding from its related rows see
/// each other's changes.
pub fn get_locked(conn: &mut DbConn, id: &str) -> QueryResult<Option<RequestRow>> {
    diesel::update(requests::table.find(id))
        .set(requests::status.eq(requests::status))
        .execute(conn)?;
    get(conn, id)
}

/// The names of the states in which a request is closed.
pub(super) fn closed_states() -> Vec<&'static str> {
    State::ALL
        .into_iter()
        .filter(|s| !s.is_open())
        .map(State::as_str)
        .collect()
}

/// The open request of this kind for this address, if any.
pub fn find_open(conn: &mut DbConn, email: &str, kind: &str) -> QueryResult<Option<RequestRow>> {
    requests::table
        .filter(requests::email.eq(email))
        .filter(requests::kind.eq(kind))
        .filter(requests::status.ne_all(closed_states()))
        .order(requests::received_at.desc())
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// Moves a request from `from` to `to`; false when it was no longer in `from` (someone else
/// changed it first), so a lost update can't happen.
pub fn set_status(conn: &mut DbConn, id: &str, from: State, to: State) -> QueryResult<bool> {
    let now = super::now();
    let completed = matches!(
        to,
        State::Completed | State::Cancelled | State::Rejected | State::Expired
    )
    .then_some(now);
    diesel::update(
        requests::table
            .find(id)
            .filter(requests::status.eq(from.as_str())),
    )
    .set((
        requests::status.eq(to.as_str()),
        requests::updated_at.eq(now),
        requests::completed_at.eq(completed),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Records the verification and the legal due date it starts.
pub fn set_verified(
    conn: &mut DbConn,
    id: &str,
    at: PrimitiveDateTime,
    due: Date,
) -> QueryResult<()> {
    diesel::update(requests::table.find(id))
        .set((
            requests::verified_at.eq(Some(at)),
            requests::due_on.eq(Some(due)),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_run_after(conn: &mut DbConn, id: &str, at: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(requests::table.find(id))
        .set(requests::run_after.eq(Some(at)))
        .execute(conn)
        .map(|_| ())
}

/// Scheduled requests whose wait is over.
pub fn scheduled_due(
    conn: &mut DbConn,
    now: PrimitiveDateTime,
    limit: i64,
) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::status.eq(State::Scheduled.as_str()))
        .filter(requests::run_after.le(now))
        .order(requests::run_after.asc())
        .limit(limit)
        .select(RequestRow::as_select())
        .load(conn)
}

pub fn set_closed_reason(conn: &mut DbConn, id: &str, reason: &str) -> QueryResult<()> {
    diesel::update(requests::table.find(id))
        .set(requests::closed_reason.eq(reason))
        .execute(conn)
        .map(|_| ())
}

/// Records how the request reached the company.
pub fn set_channel(conn: &mut DbConn, id: &str, channel: &str) -> QueryResult<()> {
    diesel::update(requests::table.find(id))
        .set(requests::channel.eq(channel))
        .execute(conn)
        .map(|_| ())
}

/// Assigns the request to a desk account (None: to nobody).
pub fn set_assignee(conn: &mut DbConn, id: &str, admin_id: Option<&str>) -> QueryResult<()> {
    diesel::update(requests::table.find(id))
        .set(requests::assignee.eq(admin_id))
        .execute(conn)
        .map(|_| ())
}

/// Records the ground a rejection gave.
pub fn set_rejection_ground(conn: &mut DbConn, id: &str, ground: &str) -> QueryResult<()> {
    diesel::update(requests::table.find(id))
        .set(requests::rejection_ground.eq(ground))
        .execute(conn)
        .map(|_| ())
}

/// Gives an unverified request a new verification window.
pub fn extend_verification(
    conn: &mut DbConn,
    id: &str,
    verify_by: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(requests::table.find(id))
        .set(requests::verify_by.eq(verify_by))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_reminded(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::update(
        requests::table
            .find(id)
            .filter(requests::reminder_sent_at.is_null()),
    )
    .set(requests::reminder_sent_at.eq(Some(super::now())))
    .execute(conn)
    .map(|n| n == 1)
}

/// Unverified requests whose window has closed.
pub fn unverified_past(
    conn: &mut DbConn,
    now: PrimitiveDateTime,
    limit: i64,
) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::status.eq(State::Unverified.as_str()))
        .filter(requests::verify_by.lt(now))
        .limit(limit)
        .select(RequestRow::as_select())
        .load(conn)
}

/// Unverified requests whose verification window ends before `window_ends_before` (but
/// after `now`), not yet reminded. The window, not `received_at`, says how long the link has
/// been out: a request received earlier through another channel (API `received_at`) or
/// sent a fresh link has a fresh window.
pub fn needing_reminder(
    conn: &mut DbConn,
    window_ends_before: PrimitiveDateTime,
    now: PrimitiveDateTime,
    limit: i64,
) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::status.eq(State::Unverified.as_str()))
        .filter(requests::reminder_sent_at.is_null())
        .filter(requests::verify_by.lt(window_ends_before))
        .filter(requests::verify_by.gt(now))
        .limit(limit)
        .select(RequestRow::as_select())
        .load(conn)
}

/// Filters for listing requests (CLI, register, API).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub email: Option<String>,
    pub limit: Option<i64>,
}

/// Requests matching the filter: open ones by due date first, then the rest, newest first.
pub fn list(conn: &mut DbConn, f: &Filter) -> QueryResult<Vec<RequestRow>> {
    let mut q = requests::table.select(RequestRow::as_select()).into_boxed();
    if let Some(s) = &f.status {
        q = q.filter(requests::status.eq(s.clone()));
    }
    if let Some(k) = &f.kind {
        q = q.filter(requests::kind.eq(k.clone()));
    }
    if let Some(e) = &f.email {
        q = q.filter(requests::email.eq(e.clone()));
    }
    q.order((requests::due_on.asc(), requests::received_at.desc()))
        .limit(f.limit.unwrap_or(1_000))
        .load(conn)
}

pub fn count_by_status(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    requests::table
        .group_by(requests::status)
        .select((requests::status, diesel::dsl::count_star()))
        .load(conn)
}

/// Filters and position of one page of the API's request list.
#[derive(Debug, Clone, Default)]
pub struct PageFilter {
    pub email: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
    /// Effective due date (the extended one once granted) strictly before this day.
    pub due_before: Option<Date>,
    pub ticket_ref: Option<String>,
    /// Only restrictions in force (completed, not lifted).
    pub in_force: bool,
    /// Keyset position: only ids below this one (the last id of the previous page).
    pub before_id: Option<String>,
    pub limit: i64,
}

/// One page, newest first (ids are UUIDv7, so id order is creation order). Keyset
/// pagination: each page is an index range scan, however deep it is.
pub fn page(conn: &mut DbConn, f: &PageFilter) -> QueryResult<Vec<RequestRow>> {
    let mut q = requests::table.select(RequestRow::as_select()).into_boxed();
    if let Some(e) = &f.email {
        q = q.filter(requests::email.eq(e.clone()));
    }
    if let Some(s) = &f.status {
        q = q.filter(requests::status.eq(s.clone()));
    }
    if let Some(k) = &f.kind {
        q = q.filter(requests::kind.eq(k.clone()));
    }
    if let Some(t) = &f.ticket_ref {
        q = q.filter(requests::ticket_ref.eq(t.clone()));
    }
    if let Some(d) = f.due_before {
        q = q.filter(
            requests::extended_due_on.lt(d).or(requests::extended_due_on
                .is_null()
                .and(requests::due_on.lt(d))),
        );
    }
    if f.in_force {
        q = q
            .filter(requests::kind.eq(Kind::Restriction.as_str()))
            .filter(requests::status.eq(State::Completed.as_str()))
            .filter(requests::lifted_at.is_null());
    }
    if let Some(id) = &f.before_id {
        q = q.filter(requests::id.lt(id.clone()));
    }
    q.order(requests::id.desc()).limit(f.limit).load(conn)
}

/// Grants the one extension; false when one was already granted (a concurrent grant won).
pub fn set_extension(
    conn: &mut DbConn,
    id: &str,
    extended_due: Date,
    reason: &str,
) -> QueryResult<bool> {
    diesel::update(
        requests::table
            .find(id)
            .filter(requests::extended_due_on.is_null()),
    )
    .set((
        requests::extended_due_on.eq(Some(extended_due)),
        requests::extension_reason.eq(Some(reason)),
        requests::updated_at.eq(super::now()),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Moves the due dates (a UK pause ended); `extended_due` only when an extension exists.
pub fn set_due_dates(
    conn: &mut DbConn,
    id: &str,
    due: Date,
    extended_due: Option<Date>,
) -> QueryResult<()> {
    let now = super::now();
    let q = diesel::update(requests::table.find(id));
    match extended_due {
        Some(ext) => q
            .set((
                requests::due_on.eq(Some(due)),
                requests::extended_due_on.eq(Some(ext)),
                requests::updated_at.eq(now),
            ))
            .execute(conn),
        None => q
            .set((requests::due_on.eq(Some(due)), requests::updated_at.eq(now)))
            .execute(conn),
    }
    .map(|_| ())
}

/// Records that a restriction in force is being lifted (once: false when it was already).
pub fn set_lifted(conn: &mut DbConn, id: &str, reason: &str) -> QueryResult<bool> {
    diesel::update(
        requests::table
            .find(id)
            .filter(requests::kind.eq(Kind::Restriction.as_str()))
            .filter(requests::status.eq(State::Completed.as_str()))
            .filter(requests::lifted_at.is_null()),
    )
    .set((
        requests::lifted_at.eq(Some(super::now())),
        requests::lift_reason.eq(Some(reason)),
        requests::updated_at.eq(super::now()),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Restrictions in force (completed, not lifted), newest first.
pub fn restrictions_in_force(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::kind.eq(Kind::Restriction.as_str()))
        .filter(requests::status.eq(State::Completed.as_str()))
        .filter(requests::lifted_at.is_null())
        .order(requests::completed_at.desc())
        .limit(limit)
        .select(RequestRow::as_select())
        .load(conn)
}
