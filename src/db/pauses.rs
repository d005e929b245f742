//! The `request_pauses` table: UK clock stops, `[paused_on, resumed_on)`.

use diesel::prelude::*;
use time::Date;

use super::DbConn;
use super::schema::{request_pauses, requests};
use crate::domain::deadline::Pause;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = request_pauses)]
pub struct PauseRow {
    pub id: String,
    pub request_id: String,
    pub paused_on: Date,
    pub resumed_on: Option<Date>,
    pub reason: String,
}

pub fn of_request(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<PauseRow>> {
    request_pauses::table
        .filter(request_pauses::request_id.eq(request_id))
        .order(request_pauses::paused_on.asc())
        .select(PauseRow::as_select())
        .load(conn)
}

/// Stops a request's clock from `on` (and marks the request paused, for the register).
pub fn start(conn: &mut DbConn, request_id: &str, on: Date, reason: &str) -> QueryResult<()> {
    diesel::update(requests::table.find(request_id))
        .set(requests::paused_on.eq(Some(on)))
        .execute(conn)?;
    diesel::insert_into(request_pauses::table)
        .values((
            request_pauses::id.eq(uuid::Uuid::now_v7().to_string()),
            request_pauses::request_id.eq(request_id),
            request_pauses::paused_on.eq(on),
            request_pauses::reason.eq(reason),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Ends the open pause of a request; false when none was open.
pub fn end(conn: &mut DbConn, request_id: &str, on: Date) -> QueryResult<bool> {
    diesel::update(requests::table.find(request_id))
        .set(requests::paused_on.eq(None::<Date>))
        .execute(conn)?;
    diesel::update(
        request_pauses::table
            .filter(request_pauses::request_id.eq(request_id))
            .filter(request_pauses::resumed_on.is_null()),
    )
    .set(request_pauses::resumed_on.eq(Some(on)))
    .execute(conn)
    .map(|n| n == 1)
}

/// The closed pauses as deadline intervals.
pub fn closed_intervals(rows: &[PauseRow]) -> Vec<Pause> {
    rows.iter()
        .filter_map(|p| {
            p.resumed_on.map(|to| Pause {
                from: p.paused_on,
                to,
            })
        })
        .collect()
}
