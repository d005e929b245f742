//! The append-only audit log and its chain head.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
#[cfg(feature = "postgres")]
use diesel::sql_types::{Nullable, Timestamp};
use time::PrimitiveDateTime;

use super::DbConn;
use super::schema::{audit_head, audit_log};
use crate::domain::audit::{ChainError, Entry, Verifier, entry_hash};

/// Who did something: `subject`, `system`, `cli:<user>`, `admin:<email>`, `api:<sub>`.
pub type Actor<'a> = &'a str;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub seq: i64,
    pub at: PrimitiveDateTime,
    pub actor: String,
    pub event: String,
    pub request_id: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl From<AuditRow> for Entry {
    fn from(r: AuditRow) -> Self {
        Entry {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            event: r.event,
            request_id: r.request_id,
            detail: r.detail,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

/// Appends one entry. Call inside the transaction that makes the change it records: the
/// first statement takes the chain head's row lock, which orders concurrent appends.
pub fn append(
    conn: &mut DbConn,
    actor: Actor<'_>,
    event: &str,
    request_id: Option<&str>,
    detail: &serde_json::Value,
) -> QueryResult<i64> {
    // Takes the head's row lock and reads it in one round trip.
    let head: Head =
        diesel::sql_query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .get_result(conn)?;
    let (seq, prev_hash) = (head.seq, head.hash);
    let at = super::now();
    let detail = detail.to_string();
    let hash = entry_hash(&prev_hash, seq, at, actor, event, request_id, &detail);
    match conn {
        // The lock is held until commit and orders every writer: on PostgreSQL the entry and
        // the new head go in one statement, one round trip less inside it.
        #[cfg(feature = "postgres")]
        DbConn::Pg(pg) => {
            diesel::sql_query(
                "WITH entry AS (INSERT INTO audit_log \
                 (seq, at, actor, event, request_id, detail, prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)) \
                 UPDATE audit_head SET hash = $8 WHERE id = 1",
            )
            .bind::<BigInt, _>(seq)
            .bind::<Timestamp, _>(at)
            .bind::<Text, _>(actor)
            .bind::<Text, _>(event)
            .bind::<Nullable<Text>, _>(request_id)
            .bind::<Text, _>(&detail)
            .bind::<Text, _>(&prev_hash)
            .bind::<Text, _>(&hash)
            .execute(pg)?;
        }
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(_) => {
            diesel::insert_into(audit_log::table)
                .values((
                    audit_log::seq.eq(seq),
                    audit_log::at.eq(at),
                    audit_log::actor.eq(actor),
                    audit_log::event.eq(event),
                    audit_log::request_id.eq(request_id),
                    audit_log::detail.eq(&detail),
                    audit_log::prev_hash.eq(&prev_hash),
                    audit_log::hash.eq(&hash),
                ))
                .execute(conn)?;
            diesel::update(audit_head::table.find(1))
                .set(audit_head::hash.eq(&hash))
                .execute(conn)?;
        }
    }
    Ok(seq)
}

#[derive(QueryableByName)]
struct Head {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = Text)]
    hash: String,
}

/// The entries of one request, oldest first (its timeline).
pub fn for_request(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::request_id.eq(request_id))
        .order(audit_log::seq.asc())
        .select(AuditRow::as_select())
        .load(conn)
}

/// The entries of one request, oldest first, without the given events (the API's timeline
/// leaves out its own reads, which would otherwise grow with every poll).
pub fn for_request_except(
    conn: &mut DbConn,
    request_id: &str,
    except: &[&str],
) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::request_id.eq(request_id))
        .filter(audit_log::event.ne_all(except.to_vec()))
        .order(audit_log::seq.asc())
        .select(AuditRow::as_select())
        .load(conn)
}

/// The outcome of walking the whole chain.
#[derive(Debug)]
pub enum Verification {
    Intact { entries: u64 },
    Broken(ChainError),
}

/// Walks the chain in pages, so a long log never sits in memory at once.
pub fn verify(conn: &mut DbConn) -> QueryResult<Verification> {
    const PAGE: i64 = 5_000;
    let mut verifier = Verifier::default();
    let mut after = 0i64;
    loop {
        let page: Vec<AuditRow> = audit_log::table
            .filter(audit_log::seq.gt(after))
            .order(audit_log::seq.asc())
            .limit(PAGE)
            .select(AuditRow::as_select())
            .load(conn)?;
        for row in &page {
            after = row.seq;
        }
        let done = page.len() < PAGE as usize;
        for row in page {
            if let Err(e) = verifier.push(&Entry::from(row)) {
                return Ok(Verification::Broken(e));
            }
        }
        if done {
            break;
        }
    }
    let (head_seq, head_hash): (i64, String) = audit_head::table
        .find(1)
        .select((audit_head::seq, audit_head::hash))
        .first(conn)?;
    Ok(match verifier.finish(head_seq, &head_hash) {
        Ok(entries) => Verification::Intact { entries },
        Err(e) => Verification::Broken(e),
    })
}
