//! The erasure engine's tables: runs (`erasures`), their per-store `erasure_steps`, legal
//! `holds`, the `erasure_ledger` and the `retention_runs` schedule.

use diesel::prelude::*;
use diesel::sql_types::{Date as SqlDate, Nullable, Text, Timestamp};
use time::{Date, PrimitiveDateTime};

use super::DbConn;
use super::schema::{
    erasure_ledger, erasure_steps, erasures, hold_subjects, holds, retention_runs,
};
use crate::domain::work::{Run, Step};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = erasures)]
pub struct ErasureRow {
    pub id: String,
    pub request_id: Option<String>,
    pub source: String,
    pub subjects: i32,
    pub identifiers: Option<String>,
    #[diesel(deserialize_as = String)]
    pub state: Run,
    pub error: Option<String>,
    pub created_at: PrimitiveDateTime,
    pub finished_at: Option<PrimitiveDateTime>,
    /// Each subject's identifiers (a JSON array), while the run is open, so its holds can be
    /// attributed; `None` when the run does not attribute them (a replay).
    pub subject_ids: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = erasure_steps)]
pub struct StepRow {
    pub erasure_id: String,
    pub store: String,
    pub position: i32,
    #[diesel(deserialize_as = String)]
    pub state: Step,
    pub outcome: Option<String>,
    pub error: Option<String>,
    pub note: Option<String>,
    pub updated_at: PrimitiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = holds)]
pub struct HoldRow {
    pub id: String,
    pub erasure_id: String,
    pub request_id: Option<String>,
    pub store: String,
    pub object: String,
    pub row_key: String,
    pub reason: String,
    pub held_from: Option<Date>,
    pub until: Date,
    pub created_at: PrimitiveDateTime,
    pub released_at: Option<PrimitiveDateTime>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = erasure_ledger)]
pub struct LedgerRow {
    pub seq: i64,
    pub erasure_id: String,
    pub request_id: Option<String>,
    pub source: String,
    pub at: PrimitiveDateTime,
    pub subjects: i32,
    pub identifiers: String,
    pub outcome: String,
}

/// A new run with its steps (stores in execution order), all `pending`.
pub fn create(conn: &mut DbConn, run: &ErasureRow, stores: &[String]) -> QueryResult<()> {
    diesel::insert_into(erasures::table)
        .values((
            erasures::id.eq(&run.id),
            erasures::request_id.eq(&run.request_id),
            erasures::source.eq(&run.source),
            erasures::subjects.eq(run.subjects),
            erasures::identifiers.eq(&run.identifiers),
            erasures::subject_ids.eq(&run.subject_ids),
            erasures::state.eq(run.state.as_str()),
            erasures::created_at.eq(run.created_at),
        ))
        .execute(conn)?;
    for (i, store) in stores.iter().enumerate() {
        diesel::insert_into(erasure_steps::table)
            .values((
                erasure_steps::erasure_id.eq(&run.id),
                erasure_steps::store.eq(store),
                erasure_steps::position.eq(i32::try_from(i).unwrap_or(i32::MAX)),
                erasure_steps::state.eq(Step::Pending.as_str()),
                erasure_steps::updated_at.eq(run.created_at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn get(conn: &mut DbConn, id: &str) -> QueryResult<Option<ErasureRow>> {
    erasures::table
        .find(id)
        .select(ErasureRow::as_select())
        .first(conn)
        .optional()
}

pub fn for_request(conn: &mut DbConn, request_id: &str) -> QueryResult<Option<ErasureRow>> {
    erasures::table
        .filter(erasures::request_id.eq(request_id))
        .select(ErasureRow::as_select())
        .first(conn)
        .optional()
}

/// Runs not tied to a request that did not finish (a retention batch or a replay cut short).
pub fn unfinished_batches(conn: &mut DbConn) -> QueryResult<Vec<ErasureRow>> {
    erasures::table
        .filter(erasures::request_id.is_null())
        .filter(erasures::state.ne(Run::Completed.as_str()))
        .order(erasures::created_at.asc())
        .select(ErasureRow::as_select())
        .load(conn)
}

pub fn steps(conn: &mut DbConn, id: &str) -> QueryResult<Vec<StepRow>> {
    erasure_steps::table
        .filter(erasure_steps::erasure_id.eq(id))
        .order(erasure_steps::position.asc())
        .select(StepRow::as_select())
        .load(conn)
}

pub fn set_step(
    conn: &mut DbConn,
    id: &str,
    store: &str,
    state: Step,
    outcome: Option<&str>,
    error: Option<&str>,
) -> QueryResult<()> {
    diesel::update(erasure_steps::table.find((id, store)))
        .set((
            erasure_steps::state.eq(state.as_str()),
            erasure_steps::outcome.eq(outcome),
            erasure_steps::error.eq(error),
            erasure_steps::updated_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Marks a `waiting` (manual) step done with the owner's answer; false when it wasn't waiting.
pub fn complete_step(conn: &mut DbConn, id: &str, store: &str, note: &str) -> QueryResult<bool> {
    diesel::update(
        erasure_steps::table
            .find((id, store))
            .filter(erasure_steps::state.eq(Step::Waiting.as_str())),
    )
    .set((
        erasure_steps::state.eq(Step::Done.as_str()),
        erasure_steps::note.eq(note),
        erasure_steps::updated_at.eq(super::now()),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn set_state(conn: &mut DbConn, id: &str, state: Run, error: Option<&str>) -> QueryResult<()> {
    diesel::update(erasures::table.find(id))
        .set((
            erasures::state.eq(state.as_str()),
            erasures::error.eq(error),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Closes a run: completed, its plain identifiers (and its subjects') wiped. False when it was already closed
/// (two workers finished it at once: only one writes the ledger).
pub fn close(conn: &mut DbConn, id: &str, at: PrimitiveDateTime) -> QueryResult<bool> {
    diesel::update(
        erasures::table
            .find(id)
            .filter(erasures::state.ne(Run::Completed.as_str())),
    )
    .set((
        erasures::state.eq(Run::Completed.as_str()),
        erasures::error.eq(None::<String>),
        erasures::identifiers.eq(None::<String>),
        erasures::subject_ids.eq(None::<String>),
        erasures::finished_at.eq(Some(at)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// A record to keep under a legal hold.
#[derive(Debug, Clone)]
pub struct NewHold<'a> {
    pub erasure_id: &'a str,
    pub request_id: Option<&'a str>,
    pub store: &'a str,
    pub object: &'a str,
    pub row_key: &'a str,
    pub reason: &'a str,
    pub held_from: Option<Date>,
    pub until: Date,
}

/// Records a hold; a record already held keeps its first hold. Returns whether it was new.
pub fn hold(conn: &mut DbConn, h: &NewHold<'_>, at: PrimitiveDateTime) -> QueryResult<bool> {
    diesel::sql_query(
        "INSERT INTO holds (id, erasure_id, request_id, store, object, row_key, reason, held_from, until, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (store, object, row_key) DO NOTHING",
    )
    .bind::<Text, _>(uuid::Uuid::now_v7().to_string())
    .bind::<Text, _>(h.erasure_id)
    .bind::<Nullable<Text>, _>(h.request_id)
    .bind::<Text, _>(h.store)
    .bind::<Text, _>(h.object)
    .bind::<Text, _>(h.row_key)
    .bind::<Text, _>(h.reason)
    .bind::<Nullable<SqlDate>, _>(h.held_from)
    .bind::<SqlDate, _>(h.until)
    .bind::<Timestamp, _>(at)
    .execute(conn)
    .map(|n| n == 1)
}

/// Attributes the hold of a record (new, or kept by an earlier erasure and still in force)
/// to the subjects `subjects` (keyed hashes of their addresses); one already named stays.
pub fn attribute(
    conn: &mut DbConn,
    store: &str,
    object: &str,
    row_key: &str,
    subjects: &[String],
) -> QueryResult<()> {
    for subject in subjects {
        diesel::sql_query(
            "INSERT INTO hold_subjects (hold_id, subject) \
             SELECT id, $1 FROM holds WHERE store = $2 AND object = $3 AND row_key = $4 \
             AND released_at IS NULL ON CONFLICT (hold_id, subject) DO NOTHING",
        )
        .bind::<Text, _>(subject)
        .bind::<Text, _>(store)
        .bind::<Text, _>(object)
        .bind::<Text, _>(row_key)
        .execute(conn)?;
    }
    Ok(())
}

/// Holds still in force whose period ended before `today`.
pub fn due_holds(conn: &mut DbConn, today: Date, limit: i64) -> QueryResult<Vec<HoldRow>> {
    holds::table
        .filter(holds::released_at.is_null())
        .filter(holds::until.lt(today))
        .order((holds::until.asc(), holds::id.asc()))
        .limit(limit)
        .select(HoldRow::as_select())
        .load(conn)
}

pub fn release_hold(
    conn: &mut DbConn,
    id: &str,
    outcome: &str,
    at: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(holds::table.find(id).filter(holds::released_at.is_null()))
        .set((holds::released_at.eq(Some(at)), holds::outcome.eq(outcome)))
        .execute(conn)
        .map(|_| ())
}

pub fn holds_of_request(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<HoldRow>> {
    holds::table
        .filter(holds::request_id.eq(request_id))
        .order((
            holds::store.asc(),
            holds::object.asc(),
            holds::row_key.asc(),
        ))
        .select(HoldRow::as_select())
        .load(conn)
}

pub fn holds_of_erasure(conn: &mut DbConn, erasure_id: &str) -> QueryResult<Vec<HoldRow>> {
    holds::table
        .filter(holds::erasure_id.eq(erasure_id))
        .order((
            holds::store.asc(),
            holds::object.asc(),
            holds::row_key.asc(),
        ))
        .select(HoldRow::as_select())
        .load(conn)
}

/// Appends the ledger entry of a closed run.
pub fn record(conn: &mut DbConn, e: &LedgerRow) -> QueryResult<()> {
    diesel::insert_into(erasure_ledger::table)
        .values((
            erasure_ledger::erasure_id.eq(&e.erasure_id),
            erasure_ledger::request_id.eq(&e.request_id),
            erasure_ledger::source.eq(&e.source),
            erasure_ledger::at.eq(e.at),
            erasure_ledger::subjects.eq(e.subjects),
            erasure_ledger::identifiers.eq(&e.identifiers),
            erasure_ledger::outcome.eq(&e.outcome),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn ledger_since(conn: &mut DbConn, since: PrimitiveDateTime) -> QueryResult<Vec<LedgerRow>> {
    erasure_ledger::table
        .filter(erasure_ledger::at.ge(since))
        .order(erasure_ledger::seq.asc())
        .select(LedgerRow::as_select())
        .load(conn)
}

pub fn last_run(conn: &mut DbConn, rule: &str) -> QueryResult<Option<PrimitiveDateTime>> {
    retention_runs::table
        .find(rule)
        .select(retention_runs::last_run_at)
        .first(conn)
        .optional()
}

pub fn record_run(
    conn: &mut DbConn,
    rule: &str,
    at: PrimitiveDateTime,
    report: &str,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO retention_runs (rule, last_run_at, report) VALUES ($1, $2, $3) \
         ON CONFLICT (rule) DO UPDATE SET last_run_at = excluded.last_run_at, report = excluded.report",
    )
    .bind::<Text, _>(rule)
    .bind::<Timestamp, _>(at)
    .bind::<Text, _>(report)
    .execute(conn)
    .map(|_| ())
}

/// Claims a rule's run at `now` when its last run was before `due_before` (or never): an
/// upsert guarded by the old time, so of several workers exactly one gets it.
pub fn claim_run(
    conn: &mut DbConn,
    rule: &str,
    now: PrimitiveDateTime,
    due_before: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::sql_query(
        "INSERT INTO retention_runs (rule, last_run_at, report) VALUES ($1, $2, '{}') \
         ON CONFLICT (rule) DO UPDATE SET last_run_at = excluded.last_run_at \
         WHERE retention_runs.last_run_at <= $3",
    )
    .bind::<Text, _>(rule)
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(due_before)
    .execute(conn)
    .map(|n| n == 1)
}

/// Ledger entries whose identifiers include the keyed hash `hash` (hex: no LIKE wildcards),
/// oldest first: the erasures that touched a subject.
pub fn ledger_mentioning(conn: &mut DbConn, hash: &str) -> QueryResult<Vec<LedgerRow>> {
    erasure_ledger::table
        .filter(erasure_ledger::identifiers.like(format!("%\"{hash}\"%")))
        .order(erasure_ledger::seq.asc())
        .select(LedgerRow::as_select())
        .load(conn)
}

/// The holds still in force of the erasures `erasure_ids` that are attributed to no one
/// (recorded before holds were attributed, or by a run that could not tell whose they are).
pub fn unattributed_holds(conn: &mut DbConn, erasure_ids: &[String]) -> QueryResult<Vec<HoldRow>> {
    holds::table
        .filter(holds::erasure_id.eq_any(erasure_ids))
        .filter(holds::released_at.is_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(
            hold_subjects::table.filter(hold_subjects::hold_id.eq(holds::id)),
        )))
        .order((holds::store.asc(), holds::object.asc(), holds::until.asc()))
        .select(HoldRow::as_select())
        .load(conn)
}

/// The holds still in force attributed to the subject whose address hashes to `subject`.
pub fn holds_of_subject(conn: &mut DbConn, subject: &str) -> QueryResult<Vec<HoldRow>> {
    holds::table
        .inner_join(hold_subjects::table)
        .filter(hold_subjects::subject.eq(subject))
        .filter(holds::released_at.is_null())
        .order((holds::store.asc(), holds::object.asc(), holds::until.asc()))
        .select(HoldRow::as_select())
        .load(conn)
}
