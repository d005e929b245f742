//! The register's reads: one page of requests in register order (overdue first, then by due
//! date, then the requests whose clock does not run, newest first), the same rows in batches
//! for the CSV, the urgency counts, and the yearly report's aggregates.
//!
//! Every page is an index scan on `(register_due, id DESC)` (or the status / kind /
//! jurisdiction variant) with LIMIT/OFFSET: no sort, no count of the whole table.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime, Time};

use super::DbConn;
use super::schema::requests;
use crate::admin::register::{DUE_SOON_DAYS, Filter, STOPPED};

/// What the register shows of a request (no email address: the register lists requests,
/// the request page shows who asked, and that read is audited).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = requests)]
pub struct RegisterRow {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub jurisdiction: String,
    pub ticket_ref: Option<String>,
    pub received_at: PrimitiveDateTime,
    pub verified_at: Option<PrimitiveDateTime>,
    pub due_on: Option<Date>,
    pub extended_due_on: Option<Date>,
    pub completed_at: Option<PrimitiveDateTime>,
    pub register_due: Date,
    pub channel: String,
    pub assignee: Option<String>,
}

type Boxed<'a> = requests::BoxedQuery<'a, <DbConn as diesel::Connection>::Backend>;

fn filtered<'a>(f: &Filter, today: Date) -> Boxed<'a> {
    let mut q = requests::table.into_boxed();
    if let Some(s) = f.status {
        q = q.filter(requests::status.eq(s.as_str()));
    }
    if let Some(k) = f.kind {
        q = q.filter(requests::kind.eq(k.as_str()));
    }
    if let Some(j) = f.jurisdiction {
        q = q.filter(requests::jurisdiction.eq(j.as_str()));
    }
    if f.overdue {
        q = q.filter(requests::register_due.lt(today));
    }
    if let Some(n) = f.due_within {
        let until = today.saturating_add(time::Duration::days(i64::from(n)));
        q = q.filter(
            requests::register_due.le(until.min(STOPPED.previous_day().unwrap_or(STOPPED))),
        );
    }
    if let Some(e) = &f.email {
        q = q.filter(requests::email.eq(e.clone()));
    }
    if let Some(t) = &f.ticket_ref {
        q = q.filter(requests::ticket_ref.eq(t.clone()));
    }
    if let Some(r) = &f.reference {
        q = q.filter(requests::short_ref.eq(r.clone()));
    }
    if f.status.is_none() && !f.closed {
        q = q.filter(requests::status.ne_all(super::requests::closed_states()));
    }
    if let Some(d) = f.received_from {
        q = q.filter(requests::received_at.ge(PrimitiveDateTime::new(d, Time::MIDNIGHT)));
    }
    if let Some(d) = f.received_to
        && let Some(next) = d.next_day()
    {
        q = q.filter(requests::received_at.lt(PrimitiveDateTime::new(next, Time::MIDNIGHT)));
    }
    q
}

/// One page (`f.page`, 1-based) of `size` rows, plus whether another page follows.
pub fn page(
    conn: &mut DbConn,
    f: &Filter,
    today: Date,
    size: u32,
) -> QueryResult<(Vec<RegisterRow>, bool)> {
    let offset = i64::from(f.page.saturating_sub(1)) * i64::from(size);
    let mut rows: Vec<RegisterRow> = filtered(f, today)
        .order((requests::register_due.asc(), requests::id.desc()))
        .limit(i64::from(size) + 1)
        .offset(offset)
        .select(RegisterRow::as_select())
        .load(conn)?;
    let more = rows.len() > size as usize;
    rows.truncate(size as usize);
    Ok((rows, more))
}

/// The next `size` rows after `after` (register order), for streaming every row. Two index
/// range scans, never a rescan from the start: the rest of `after`'s due date (ids below),
/// then the later due dates.
pub fn batch(
    conn: &mut DbConn,
    f: &Filter,
    today: Date,
    after: Option<&(Date, String)>,
    size: i64,
) -> QueryResult<Vec<RegisterRow>> {
    let Some((due, id)) = after else {
        return filtered(f, today)
            .order((requests::register_due.asc(), requests::id.desc()))
            .limit(size)
            .select(RegisterRow::as_select())
            .load(conn);
    };
    let mut rows: Vec<RegisterRow> = filtered(f, today)
        .filter(requests::register_due.eq(*due))
        .filter(requests::id.lt(id.clone()))
        .order(requests::id.desc())
        .limit(size)
        .select(RegisterRow::as_select())
        .load(conn)?;
    let missing = size - rows.len() as i64;
    if missing > 0 {
        rows.extend(
            filtered(f, today)
                .filter(requests::register_due.gt(*due))
                .order((requests::register_due.asc(), requests::id.desc()))
                .limit(missing)
                .select(RegisterRow::as_select())
                .load::<RegisterRow>(conn)?,
        );
    }
    Ok(rows)
}

/// How many requests are overdue, and how many are due within [`DUE_SOON_DAYS`] days.
pub fn urgency(conn: &mut DbConn, today: Date) -> QueryResult<(i64, i64)> {
    let overdue = requests::table
        .filter(requests::register_due.lt(today))
        .count()
        .get_result(conn)?;
    let soon = requests::table
        .filter(requests::register_due.ge(today))
        .filter(requests::register_due.le(today + time::Duration::days(DUE_SOON_DAYS)))
        .count()
        .get_result(conn)?;
    Ok((overdue, soon))
}

/// Requests whose clock runs and that are due by `until` (overdue first), at most `limit`.
pub fn due_by(conn: &mut DbConn, until: Date, limit: i64) -> QueryResult<Vec<RegisterRow>> {
    requests::table
        .filter(requests::register_due.le(until))
        .order((requests::register_due.asc(), requests::id.desc()))
        .limit(limit)
        .select(RegisterRow::as_select())
        .load(conn)
}

fn year_range(year: i32) -> Option<(PrimitiveDateTime, PrimitiveDateTime)> {
    let start = Date::from_ordinal_date(year, 1).ok()?;
    let end = Date::from_ordinal_date(year.checked_add(1)?, 1).ok()?;
    Some((
        PrimitiveDateTime::new(start, Time::MIDNIGHT),
        PrimitiveDateTime::new(end, Time::MIDNIGHT),
    ))
}

/// What the yearly report reads of each request received in `year`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = requests)]
pub struct ReportRow {
    pub kind: String,
    pub status: String,
    pub channel: String,
    pub received_at: PrimitiveDateTime,
    pub completed_at: Option<PrimitiveDateTime>,
    pub due_on: Option<Date>,
    pub extended_due_on: Option<Date>,
    pub paused_on: Option<Date>,
    pub rejection_ground: Option<String>,
}

/// Every request received in `year` (a range scan of `received_at`).
pub fn year_rows(conn: &mut DbConn, year: i32) -> QueryResult<Vec<ReportRow>> {
    let Some((start, end)) = year_range(year) else {
        return Ok(Vec::new());
    };
    requests::table
        .filter(requests::received_at.ge(start))
        .filter(requests::received_at.lt(end))
        .select(ReportRow::as_select())
        .load(conn)
}
