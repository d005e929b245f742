//! The desk's "Needs you" queue: open requests that wait for a person, in five disjoint
//! groups by urgency (see [`Group`]). Each group is one index range scan in register order
//! (`(status, register_due, id DESC)` or `(register_due, id DESC)`), limited; each count is
//! an index count. The manual stores still waiting are read through
//! `request_progress (state, request_id)`.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::DbConn;
use super::schema::{request_progress, requests};
use crate::admin::queue::Group;
use crate::admin::register::{DUE_SOON_DAYS, STOPPED};
use crate::domain::State;
use crate::domain::work::Step;

/// What the queue shows of a request. The address is read to show it masked.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = requests)]
pub struct QueueRow {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub email: String,
    pub jurisdiction: String,
    pub received_at: PrimitiveDateTime,
    pub register_due: Date,
}

type Boxed<'a> = requests::BoxedQuery<'a, <DbConn as diesel::Connection>::Backend>;

/// The states with a group of their own (a request in one of them is in that group only).
fn own_states() -> [&'static str; 2] {
    [State::AwaitingApproval.as_str(), State::Failed.as_str()]
}

/// The states of the "clock stopped" and "due soon" groups: those whose clock runs (the only
/// ones `register_due` gives a due date or [`STOPPED`]), less those with a group of their
/// own. Named rather than excluded, so a count is an index-only range scan of
/// `(status, register_due, id DESC)` instead of a scan of every request.
fn running_states() -> Vec<&'static str> {
    State::ALL
        .into_iter()
        .filter(|s| s.clock_running())
        .map(State::as_str)
        .filter(|s| !own_states().contains(s))
        .collect()
}

/// The rows of one group (only those assigned to `mine`, when given).
fn of_group<'a>(g: Group, today: Date, mine: Option<&str>) -> Boxed<'a> {
    let waiting = || {
        request_progress::table
            .filter(request_progress::state.eq(Step::Waiting.as_str()))
            .select(request_progress::request_id)
    };
    // "Not waiting on a partner" as a correlated NOT EXISTS on `(state, request_id)`: an
    // anti-join, where `id <> ALL (subquery)` is a subplan run for every request.
    let not_waiting = || {
        diesel::dsl::not(diesel::dsl::exists(
            request_progress::table
                .filter(request_progress::state.eq(Step::Waiting.as_str()))
                .filter(request_progress::request_id.eq(requests::id)),
        ))
    };
    let mut q = requests::table.into_boxed();
    if let Some(me) = mine {
        q = q.filter(requests::assignee.eq(me.to_owned()));
    }
    match g {
        Group::Approval => q.filter(requests::status.eq(State::AwaitingApproval.as_str())),
        Group::Failed => q.filter(requests::status.eq(State::Failed.as_str())),
        Group::Partner => q
            .filter(requests::status.eq(State::Processing.as_str()))
            .filter(requests::id.eq_any(waiting())),
        Group::Stopped => q
            .filter(requests::register_due.eq(STOPPED))
            .filter(requests::status.eq_any(running_states()))
            .filter(not_waiting()),
        Group::DueSoon => q
            .filter(requests::register_due.le(today + time::Duration::days(DUE_SOON_DAYS)))
            .filter(requests::status.eq_any(running_states()))
            .filter(not_waiting()),
    }
}

/// Up to `limit` requests of a group, most urgent first (register order).
pub fn rows(
    conn: &mut DbConn,
    g: Group,
    today: Date,
    mine: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<QueueRow>> {
    of_group(g, today, mine)
        .order((requests::register_due.asc(), requests::id.desc()))
        .limit(limit)
        .select(QueueRow::as_select())
        .load(conn)
}

/// How many requests a group holds.
pub fn count(conn: &mut DbConn, g: Group, today: Date, mine: Option<&str>) -> QueryResult<i64> {
    of_group(g, today, mine).count().get_result(conn)
}
