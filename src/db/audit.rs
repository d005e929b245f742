//! The append-only audit log, its sealer and its chain head.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use time::PrimitiveDateTime;

use super::DbConn;
use super::schema::{audit_head, audit_log};
use crate::domain::audit::{ChainError, Entry, Verifier, entry_hash};

/// Who did something: `subject`, `system`, `cli:<user>`, `admin:<email>`, `api:<sub>`.
pub type Actor<'a> = &'a str;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    /// The entry's place in the chain; `None` until the sealer has sealed it.
    pub seq: Option<i64>,
    pub at: PrimitiveDateTime,
    pub actor: String,
    pub event: String,
    pub request_id: Option<String>,
    pub detail: String,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

/// A sealed row as the verifier reads it (a sealed row without hashes fails as edited).
impl From<AuditRow> for Entry {
    fn from(r: AuditRow) -> Self {
        Entry {
            seq: r.seq.unwrap_or_default(),
            at: r.at,
            actor: r.actor,
            event: r.event,
            request_id: r.request_id,
            detail: r.detail,
            prev_hash: r.prev_hash.unwrap_or_default(),
            hash: r.hash.unwrap_or_default(),
        }
    }
}

/// Appends one entry, unsealed. Call inside the transaction that makes the change it
/// records: it is one INSERT that takes no lock shared with other writers (the sealer
/// chains it once the transaction has committed, see [`seal`]).
pub fn append(
    conn: &mut DbConn,
    actor: Actor<'_>,
    event: &str,
    request_id: Option<&str>,
    detail: &serde_json::Value,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(super::now()),
            audit_log::actor.eq(actor),
            audit_log::event.eq(event),
            audit_log::request_id.eq(request_id),
            audit_log::detail.eq(detail.to_string()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The advisory lock key that makes one sealer at a time on PostgreSQL ("dsraudit").
#[cfg(feature = "postgres")]
const SEALER_LOCK: i64 = 0x6473_7261_7564_6974;

/// How many entries one sealing transaction takes at most.
const SEAL_BATCH: i64 = 2_000;

/// An unsealed entry as the sealer reads it.
#[derive(QueryableByName)]
struct Unsealed {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::Timestamp)]
    at: PrimitiveDateTime,
    #[diesel(sql_type = Text)]
    actor: String,
    #[diesel(sql_type = Text)]
    event: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    request_id: Option<String>,
    #[diesel(sql_type = Text)]
    detail: String,
}

/// What one call of [`seal`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sealed {
    /// Entries given their place in the chain.
    pub entries: u64,
    /// Another process held the sealer's lock, so this one sealed nothing.
    pub busy: bool,
    /// The entry the head names is missing or altered: nothing more is sealed onto a broken
    /// chain (`audit verify` names the damage).
    pub broken: bool,
}

/// What one sealing transaction did.
enum Batch {
    /// Another sealer holds the lock (PostgreSQL; on SQLite the write lock waits).
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Busy,
    Broken,
    Sealed(u64),
}

/// Seals committed entries into the hash chain, oldest first, in transactions of up to
/// [`SEAL_BATCH`] entries, until none is left that may be sealed. One sealer at a time:
/// on PostgreSQL a transaction-scoped advisory lock (`wait`: wait for it, else return
/// `busy` at once), on SQLite the one write lock. A sealer killed at any point leaves the
/// chain as its last commit left it; the next one resumes from the head.
///
/// Which entries may be sealed: on SQLite every visible one (one writer at a time, so ids
/// are committed in order and none can appear below a committed one later). On PostgreSQL
/// ids are not committed in order, so the sealer takes only entries whose transaction id
/// is below its snapshot's `xmin`: every such transaction has ended, and any transaction
/// that writes later gets a higher id, so no entry can ever appear below one sealed. The
/// chain's order is (transaction id, id): a transaction's entries stay together, in the
/// order it wrote them.
pub fn seal(conn: &mut DbConn, wait: bool) -> QueryResult<Sealed> {
    let mut total = Sealed::default();
    loop {
        match super::write_tx(conn, |c| seal_batch(c, wait))? {
            Batch::Busy => {
                total.busy = true;
                return Ok(total);
            }
            Batch::Broken => {
                total.broken = true;
                return Ok(total);
            }
            Batch::Sealed(0) => return Ok(total),
            Batch::Sealed(n) => total.entries += n,
        }
    }
}

/// One sealing transaction.
fn seal_batch(conn: &mut DbConn, wait: bool) -> QueryResult<Batch> {
    // SQLite's one write lock, taken by `write_tx`, is the sealer's lock there.
    #[cfg(not(feature = "postgres"))]
    let _ = wait;
    let rows: Vec<Unsealed> = match conn {
        #[cfg(feature = "postgres")]
        DbConn::Pg(pg) => {
            let locked = if wait {
                diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                    .bind::<BigInt, _>(SEALER_LOCK)
                    .execute(pg)?;
                true
            } else {
                diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
                    .bind::<BigInt, _>(SEALER_LOCK)
                    .get_result::<Locked>(pg)?
                    .locked
            };
            if !locked {
                return Ok(Batch::Busy);
            }
            // One statement, so the xmin and the rows come from the same snapshot.
            diesel::sql_query(
                "SELECT id, at, actor, event, request_id, detail FROM audit_log \
                 WHERE seq IS NULL \
                 AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint \
                 ORDER BY txid, id LIMIT $1",
            )
            .bind::<BigInt, _>(SEAL_BATCH)
            .load(pg)?
        }
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(lite) => diesel::sql_query(
            "SELECT id, at, actor, event, request_id, detail FROM audit_log \
             WHERE seq IS NULL ORDER BY id LIMIT $1",
        )
        .bind::<BigInt, _>(SEAL_BATCH)
        .load(lite)?,
    };
    if rows.is_empty() {
        return Ok(Batch::Sealed(0));
    }
    let (head_seq, head_hash): (i64, String) = audit_head::table
        .find(1)
        .select((audit_head::seq, audit_head::hash))
        .first(conn)?;
    if head_seq > 0 {
        let tip: Option<Option<String>> = audit_log::table
            .filter(audit_log::seq.eq(head_seq))
            .select(audit_log::hash)
            .first(conn)
            .optional()?;
        if tip.flatten().as_deref() != Some(head_hash.as_str()) {
            return Ok(Batch::Broken);
        }
    }
    let now = super::now();
    let mut ids = Vec::with_capacity(rows.len());
    let mut seqs = Vec::with_capacity(rows.len());
    let mut prevs = Vec::with_capacity(rows.len());
    let mut hashes = Vec::with_capacity(rows.len());
    let mut prev = head_hash;
    for (n, r) in rows.iter().enumerate() {
        let seq = head_seq + 1 + n as i64;
        let hash = entry_hash(
            &prev,
            seq,
            r.at,
            &r.actor,
            &r.event,
            r.request_id.as_deref(),
            &r.detail,
        );
        ids.push(r.id);
        seqs.push(seq);
        prevs.push(std::mem::replace(&mut prev, hash.clone()));
        hashes.push(hash);
        metrics::histogram!("dsr_audit_seal_lag_seconds")
            .record((now - r.at).as_seconds_f64().max(0.0));
    }
    let updated = set_places(conn, &ids, &seqs, &prevs, &hashes)?;
    let last = head_seq + rows.len() as i64;
    // Moves the head only from where this sealer read it: a second sealer that got past
    // the lock (it can't) would find it moved and roll back rather than fork the chain.
    let moved = diesel::update(
        audit_head::table
            .filter(audit_head::id.eq(1))
            .filter(audit_head::seq.eq(head_seq)),
    )
    .set((audit_head::seq.eq(last), audit_head::hash.eq(&prev)))
    .execute(conn)?;
    if updated != rows.len() || moved != 1 {
        // An entry was sealed meanwhile, or the head moved: nothing of this batch stays.
        return Err(diesel::result::Error::RollbackTransaction);
    }
    Ok(Batch::Sealed(rows.len() as u64))
}

/// Writes each entry's place and hashes, only where it has none yet; returns how many.
fn set_places(
    conn: &mut DbConn,
    ids: &[i64],
    seqs: &[i64],
    prevs: &[String],
    hashes: &[String],
) -> QueryResult<usize> {
    match conn {
        // One statement for the whole batch.
        #[cfg(feature = "postgres")]
        DbConn::Pg(pg) => {
            use diesel::sql_types::Array;
            diesel::sql_query(
                "UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash \
                 FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) \
                 AS v(id, seq, prev_hash, hash) \
                 WHERE a.id = v.id AND a.seq IS NULL",
            )
            .bind::<Array<BigInt>, _>(ids)
            .bind::<Array<BigInt>, _>(seqs)
            .bind::<Array<Text>, _>(prevs)
            .bind::<Array<Text>, _>(hashes)
            .execute(pg)
        }
        // SQLite has no round trips: one prepared UPDATE per entry.
        #[cfg(feature = "sqlite")]
        DbConn::Sqlite(_) => {
            let mut n = 0;
            for (((id, seq), prev), hash) in ids.iter().zip(seqs).zip(prevs).zip(hashes) {
                n += diesel::update(
                    audit_log::table
                        .filter(audit_log::id.eq(id))
                        .filter(audit_log::seq.is_null()),
                )
                .set((
                    audit_log::seq.eq(seq),
                    audit_log::prev_hash.eq(prev),
                    audit_log::hash.eq(hash),
                ))
                .execute(conn)?;
            }
            Ok(n)
        }
    }
}

#[cfg(feature = "postgres")]
#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    locked: bool,
}

/// Entries not sealed yet, and the age in seconds of the oldest (for the gauges).
pub fn unsealed(conn: &mut DbConn) -> QueryResult<(i64, f64)> {
    let (n, oldest): (i64, Option<PrimitiveDateTime>) = audit_log::table
        .filter(audit_log::seq.is_null())
        .select((diesel::dsl::count_star(), diesel::dsl::min(audit_log::at)))
        .first(conn)?;
    let age = oldest.map_or(0.0, |at| (super::now() - at).as_seconds_f64().max(0.0));
    Ok((n, age))
}

/// The entries of one request, oldest first (its timeline).
pub fn for_request(conn: &mut DbConn, request_id: &str) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::request_id.eq(request_id))
        .order(audit_log::id.asc())
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
        .order(audit_log::id.asc())
        .select(AuditRow::as_select())
        .load(conn)
}

/// The outcome of walking the whole chain.
#[derive(Debug)]
pub enum Verification {
    /// `entries` sealed entries link up to the head; `unsealed` newer entries are not in
    /// the chain yet (their transaction, or an older one, was still open when sealing).
    Intact {
        entries: u64,
        unsealed: i64,
    },
    Broken(ChainError),
}

/// Seals what may be sealed (waiting for a running sealer), then walks the chain in
/// pages, so a long log never sits in memory at once.
pub fn verify(conn: &mut DbConn) -> QueryResult<Verification> {
    const PAGE: i64 = 5_000;
    seal(conn, true)?;
    let mut verifier = Verifier::default();
    let mut after = 0i64;
    loop {
        let page: Vec<AuditRow> = audit_log::table
            .filter(audit_log::seq.gt(after))
            .order(audit_log::seq.asc())
            .limit(PAGE)
            .select(AuditRow::as_select())
            .load(conn)?;
        let done = page.len() < PAGE as usize;
        for row in page {
            let entry = Entry::from(row);
            after = entry.seq;
            if let Err(e) = verifier.push(&entry) {
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
    let (unsealed, _) = unsealed(conn)?;
    Ok(match verifier.finish(head_seq, &head_hash) {
        Ok(entries) => Verification::Intact { entries, unsealed },
        Err(e) => Verification::Broken(e),
    })
}
