//! The audit chain detects an edited, a deleted, a reordered and a truncated entry, and
//! survives concurrent writers and killed sealers, on both backends.

mod common;

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, stderr, stdout};
use diesel::RunQueryDsl;
use dsr_portal::db::{audit, write_tx};

#[derive(diesel::QueryableByName)]
struct Actor {
    #[diesel(sql_type = diesel::sql_types::Text)]
    actor: String,
}

async fn tampering_is_detected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.verified_request("audit@example.com", "erasure").await;
    app.settle().await;
    let ok = app.cli(&["audit", "verify"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let entries: usize = stdout(&ok)
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .unwrap();
    assert!(entries >= 5, "{}", stdout(&ok));

    let exec = |sql: &str| {
        diesel::sql_query(sql).execute(&mut *app.conn()).unwrap();
    };
    // Edit: the entry's content no longer matches its hash.
    let original: Actor = diesel::sql_query("SELECT actor FROM audit_log WHERE seq = 2")
        .get_result(&mut *app.conn())
        .unwrap();
    exec("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
    let out = app.cli(&["audit", "verify"]);
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out).trim(),
        "dsr-portal: audit chain broken: audit entry 2: its content does not match its hash (edited)"
    );
    // Delete an entry in the middle (after restoring the edit): a gap.
    exec(&format!(
        "UPDATE audit_log SET actor = '{}' WHERE seq = 2",
        original.actor
    ));
    assert!(app.cli(&["audit", "verify"]).status.success());
    exec("DELETE FROM audit_log WHERE seq = 3");
    let out = app.cli(&["audit", "verify"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("audit entry 4: missing (entries jump from 2 to 4)"),
        "{}",
        stderr(&out)
    );
}

#[actix_web::test]
async fn tampering_is_detected_on_sqlite() {
    tampering_is_detected(Backend::Sqlite).await;
}

#[actix_web::test]
async fn tampering_is_detected_on_postgres() {
    tampering_is_detected(Backend::Postgres).await;
}

#[actix_web::test]
async fn removing_the_newest_entries_is_detected() {
    let app = TestApp::spawn(Backend::Postgres).await;
    app.verified_request("tail@example.com", "access").await;
    app.settle().await;
    assert!(app.cli(&["audit", "verify"]).status.success());
    diesel::sql_query("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
        .execute(&mut *app.conn())
        .unwrap();
    let out = app.cli(&["audit", "verify"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("entries were removed"),
        "{}",
        stderr(&out)
    );
}

#[derive(diesel::QueryableByName)]
struct N {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(conn: &mut dsr_portal::db::DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
}

fn head(app: &TestApp) -> i64 {
    count(
        &mut app.conn(),
        "SELECT seq AS n FROM audit_head WHERE id = 1",
    )
}

/// Writers that append entries in transactions of one to three, concurrently, until told to
/// stop; one transaction in seven rolls back. Each returns the entries it committed, as
/// (writer, transaction, entries).
fn start_writers(
    app: &TestApp,
    stop: &Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<Vec<(u32, u32, u32)>>> {
    (0..4u32)
        .map(|w| {
            let portal = app.portal.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut committed = Vec::new();
                let mut t = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    t += 1;
                    let entries = 1 + t % 3;
                    let roll_back = t.is_multiple_of(7);
                    let mut conn = portal.conn().unwrap();
                    let done: Result<(), diesel::result::Error> = write_tx(&mut conn, |c| {
                        for i in 0..entries {
                            audit::append(
                                c,
                                "system",
                                "concurrent",
                                None,
                                &serde_json::json!({"w": w, "t": t, "i": i}),
                            )?;
                        }
                        if roll_back {
                            return Err(diesel::result::Error::RollbackTransaction);
                        }
                        Ok(())
                    });
                    match done {
                        Ok(()) => committed.push((w, t, entries)),
                        Err(diesel::result::Error::RollbackTransaction) => {}
                        Err(e) => panic!("writer {w}: {e}"),
                    }
                }
                committed
            })
        })
        .collect()
}

/// Adds `n` unsealed entries in one transaction, so a sealer has a backlog to work through.
fn backlog(app: &TestApp, n: i64) {
    diesel::sql_query(format!(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n}) \
         INSERT INTO audit_log (at, actor, event, request_id, detail) \
         SELECT '2026-12-07 10:00:00', 'system', 'backlog', NULL, '{{}}' FROM k"
    ))
    .execute(&mut *app.conn())
    .unwrap();
}

/// A worker process (which runs the sealer), to be killed.
fn sealer(app: &TestApp) -> std::process::Child {
    app.command(&["worker"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Kills (SIGKILL) a worker process while it seals a backlog: once the head has moved past
/// where it was, with entries of the backlog still unsealed.
fn kill_while_sealing_a_backlog(app: &TestApp) {
    backlog(app, 40_000);
    let before = head(app);
    let mut child = sealer(app);
    let started = std::time::Instant::now();
    while head(app) == before {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the sealer never sealed"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

/// PostgreSQL: holds the chain head's row so the sealer blocks on it after writing the
/// places of its batch, kills it there (SIGKILL), then lets go: the dead sealer's
/// transaction never commits.
fn kill_before_the_seal_commits(app: &TestApp) {
    backlog(app, 1_000);
    let mut holder = app.conn();
    diesel::sql_query("BEGIN").execute(&mut *holder).unwrap();
    diesel::sql_query("SELECT id FROM audit_head WHERE id = 1 FOR UPDATE")
        .execute(&mut *holder)
        .unwrap();
    let mut child = sealer(app);
    let started = std::time::Instant::now();
    while count(
        &mut app.conn(),
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() \
         AND wait_event_type = 'Lock' AND query LIKE 'UPDATE \"audit_head\"%'",
    ) == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the sealer never reached the head"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    diesel::sql_query("ROLLBACK").execute(&mut *holder).unwrap();
}

/// Concurrent writers, a sealer killed twice in the middle of its work: afterwards every
/// committed entry is sealed exactly once, nothing rolled back is, each transaction's
/// entries sit together in the chain, and the chain verifies; a reordering is detected.
async fn the_chain_survives_killed_sealers(backend: Backend) {
    let smtp = Smtp::start();
    // No worker in the app: the killed processes are the only sealers until `audit verify`.
    let app = TestApp::spawn_setup(Setup::new(backend, smtp.port), smtp, false).await;
    let stop = Arc::new(AtomicBool::new(false));
    let writers = start_writers(&app, &stop);
    kill_while_sealing_a_backlog(&app);
    match backend {
        Backend::Postgres => kill_before_the_seal_commits(&app),
        Backend::Sqlite => kill_while_sealing_a_backlog(&app),
    }
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    let committed: Vec<(u32, u32, u32)> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(committed.len() > 10, "the writers wrote");

    let ok = app.cli(&["audit", "verify"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let mut c = app.conn();
    let total = count(&mut c, "SELECT count(*) AS n FROM audit_log");
    assert_eq!(
        stdout(&ok).trim(),
        format!("audit chain intact: {total} entries")
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) AS n FROM audit_log WHERE seq IS NULL"
        ),
        0
    );
    assert_eq!(
        count(&mut c, "SELECT count(DISTINCT seq) AS n FROM audit_log"),
        total,
        "one place per entry"
    );
    assert_eq!(count(&mut c, "SELECT max(seq) AS n FROM audit_log"), total);
    assert_eq!(head(&app), total);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) AS n FROM audit_log WHERE event = 'backlog'"
        ),
        match backend {
            Backend::Postgres => 41_000,
            Backend::Sqlite => 80_000,
        }
    );

    // Every committed entry once, nothing rolled back, each transaction in one run.
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        seq: i64,
        #[diesel(sql_type = diesel::sql_types::Text)]
        detail: String,
    }
    let rows: Vec<Row> =
        diesel::sql_query("SELECT seq, detail FROM audit_log WHERE event = 'concurrent'")
            .load(&mut *c)
            .unwrap();
    let mut places: HashMap<(u64, u64), Vec<i64>> = HashMap::new();
    for r in rows {
        let d: serde_json::Value = serde_json::from_str(&r.detail).unwrap();
        let key = (d["w"].as_u64().unwrap(), d["t"].as_u64().unwrap());
        places.entry(key).or_default().push(r.seq);
    }
    assert_eq!(places.len(), committed.len(), "no rolled-back transaction");
    for (w, t, entries) in committed {
        let mut seqs = places.remove(&(u64::from(w), u64::from(t))).unwrap();
        seqs.sort_unstable();
        assert_eq!(seqs.len(), entries as usize, "writer {w} transaction {t}");
        assert_eq!(
            seqs[seqs.len() - 1] - seqs[0],
            i64::from(entries) - 1,
            "writer {w} transaction {t}: its entries sit together"
        );
    }

    // Swapping two entries' places (a reordering) breaks the chain.
    for sql in [
        "UPDATE audit_log SET seq = -5 WHERE seq = 5",
        "UPDATE audit_log SET seq = 5 WHERE seq = 6",
        "UPDATE audit_log SET seq = 6 WHERE seq = -5",
    ] {
        diesel::sql_query(sql).execute(&mut *c).unwrap();
    }
    let out = app.cli(&["audit", "verify"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("audit entry 5: its prev_hash does not match entry 4"),
        "{}",
        stderr(&out)
    );
}

#[actix_web::test]
async fn the_chain_survives_killed_sealers_on_sqlite() {
    the_chain_survives_killed_sealers(Backend::Sqlite).await;
}

#[actix_web::test]
async fn the_chain_survives_killed_sealers_on_postgres() {
    the_chain_survives_killed_sealers(Backend::Postgres).await;
}
