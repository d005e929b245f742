//! The audit chain detects an edited, a deleted and a truncated entry, on both backends.

mod common;

use common::{Backend, TestApp, stderr, stdout};
use diesel::RunQueryDsl;

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
