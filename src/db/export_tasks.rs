//! The `export_tasks` (a manual store's task within an access request) and
//! `export_attachments` (the files its owner returned, encrypted in the export storage)
//! tables.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::DbConn;
use super::schema::{export_attachments, export_tasks, requests};
use crate::domain::work::Step;

/// A task is `Waiting` for its owner's answer, then `Done`.
const WAITING: &str = Step::Waiting.as_str();
const DONE: &str = Step::Done.as_str();

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = export_tasks)]
pub struct TaskRow {
    pub request_id: String,
    pub store: String,
    #[diesel(deserialize_as = String)]
    pub state: Step,
    pub note: Option<String>,
    pub sent_at: PrimitiveDateTime,
    pub completed_at: Option<PrimitiveDateTime>,
    pub completed_by: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = export_attachments)]
pub struct AttachmentRow {
    pub id: String,
    pub request_id: String,
    pub store: String,
    pub name: String,
    pub location: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: PrimitiveDateTime,
    pub recorded_at: Option<PrimitiveDateTime>,
    pub deleted_at: Option<PrimitiveDateTime>,
}

/// A request's tasks, by store name.
pub fn of_request(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<TaskRow>> {
    export_tasks::table
        .filter(export_tasks::request_id.eq(request_id))
        .order(export_tasks::store.asc())
        .select(TaskRow::as_select())
        .load(conn)
}

/// Records that a task was sent; the store waits for its owner's answer.
pub fn insert_waiting(conn: &mut DbConn, request_id: &str, store: &str) -> QueryResult<()> {
    diesel::insert_into(export_tasks::table)
        .values((
            export_tasks::request_id.eq(request_id),
            export_tasks::store.eq(store),
            export_tasks::state.eq(WAITING),
            export_tasks::sent_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Marks a waiting task done with the owner's answer; false when it wasn't waiting.
pub fn complete(
    conn: &mut DbConn,
    request_id: &str,
    store: &str,
    note: &str,
    actor: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        export_tasks::table
            .find((request_id, store))
            .filter(export_tasks::state.eq(WAITING)),
    )
    .set((
        export_tasks::state.eq(DONE),
        export_tasks::note.eq(Some(note)),
        export_tasks::completed_at.eq(Some(super::now())),
        export_tasks::completed_by.eq(Some(actor)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub request_id: &'a str,
    pub store: &'a str,
    pub name: &'a str,
    pub location: &'a str,
}

/// Records an upload about to start (pending until [`record_attachment`]).
pub fn insert_pending(conn: &mut DbConn, a: &NewAttachment<'_>) -> QueryResult<()> {
    diesel::insert_into(export_attachments::table)
        .values((
            export_attachments::id.eq(a.id),
            export_attachments::request_id.eq(a.request_id),
            export_attachments::store.eq(a.store),
            export_attachments::name.eq(a.name),
            export_attachments::location.eq(a.location),
            export_attachments::size.eq(0),
            export_attachments::sha256.eq(""),
            export_attachments::created_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Marks an uploaded file part of the answer; false when it was not pending.
pub fn record_attachment(
    conn: &mut DbConn,
    id: &str,
    size: i64,
    sha256: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        export_attachments::table
            .find(id)
            .filter(export_attachments::recorded_at.is_null()),
    )
    .set((
        export_attachments::size.eq(size),
        export_attachments::sha256.eq(sha256),
        export_attachments::recorded_at.eq(Some(super::now())),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Forgets a pending upload (its file is gone).
pub fn delete_pending(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(
        export_attachments::table
            .find(id)
            .filter(export_attachments::recorded_at.is_null()),
    )
    .execute(conn)
    .map(|_| ())
}

/// Uploads started before `before` and never recorded.
pub fn pending_before(
    conn: &mut DbConn,
    before: PrimitiveDateTime,
    limit: i64,
) -> QueryResult<Vec<AttachmentRow>> {
    export_attachments::table
        .filter(export_attachments::recorded_at.is_null())
        .filter(export_attachments::created_at.lt(before))
        .limit(limit)
        .select(AttachmentRow::as_select())
        .load(conn)
}

/// The recorded attachments of a request still held in the storage, in upload order.
pub fn attachments(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<AttachmentRow>> {
    export_attachments::table
        .filter(export_attachments::request_id.eq(request_id))
        .filter(export_attachments::recorded_at.is_not_null())
        .filter(export_attachments::deleted_at.is_null())
        .order((
            export_attachments::store.asc(),
            export_attachments::created_at.asc(),
            export_attachments::name.asc(),
        ))
        .select(AttachmentRow::as_select())
        .load(conn)
}

/// Attachments still in the storage whose request is closed (its archive, when there is
/// one, already holds them).
pub fn of_closed_requests(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<AttachmentRow>> {
    export_attachments::table
        .inner_join(requests::table.on(requests::id.eq(export_attachments::request_id)))
        .filter(export_attachments::recorded_at.is_not_null())
        .filter(export_attachments::deleted_at.is_null())
        .filter(requests::status.eq_any(super::requests::closed_states()))
        .limit(limit)
        .select(AttachmentRow::as_select())
        .load(conn)
}

pub fn mark_deleted(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::update(export_attachments::table.find(id))
        .set(export_attachments::deleted_at.eq(Some(super::now())))
        .execute(conn)
        .map(|_| ())
}
