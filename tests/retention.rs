//! Retention rules on a real PostgreSQL store: subjects whose subscription ended 61 days ago
//! are erased through the erasure engine (holds respected, audited, in the ledger), 59 days
//! ago not; a dry run changes nothing; a rule whose SQL fails is reported and changes
//! nothing; the worker runs rules on its own; ended holds are purged as of a given time.

mod common;

use std::time::Duration;

use common::company::{download, kept_files, read_zip, zip_body};
use common::stores::{Sql, StoreDb};
use common::{Backend, Setup, TestApp, eventually, stderr, stdout};

struct Store {
    pg: StoreDb,
}

impl Store {
    fn count(&self, sql: &str) -> i64 {
        count_at(&self.pg.url, sql)
    }
}

fn count_at(url: &str, sql: &str) -> i64 {
    use diesel::{Connection, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut c = diesel::PgConnection::establish(url).expect("store");
    diesel::sql_query(format!("SELECT ({sql})::bigint AS n"))
        .get_result::<N>(&mut c)
        .unwrap()
        .n
}

/// Users 1..=3: subscription ended 61 days ago (1, 3) or 59 days ago (2); 3 never paid.
fn store() -> Store {
    let pg = StoreDb::new(Sql::Postgres);
    pg.exec(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE);
         CREATE TABLE subscriptions (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id), ended_at TIMESTAMPTZ);
         CREATE TABLE invoices (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, issued_at DATE NOT NULL);
         INSERT INTO users VALUES (1, 'gone61@example.com'), (2, 'recent59@example.com'), (3, 'free61@example.com');
         INSERT INTO subscriptions VALUES (1, 1, now() - interval '61 days'), (2, 2, now() - interval '59 days'),
                                          (3, 3, now() - interval '61 days');
         INSERT INTO invoices VALUES (10, 1, '2025-03-01'), (20, 2, '2025-03-02');",
    );
    Store { pg }
}

fn map(dir: &std::path::Path, s: &Store, extra_rule: &str) -> std::path::PathBuf {
    map_for(dir, &s.pg, extra_rule)
}

/// The company's map over `db` (PostgreSQL or SQLite): users deleted, subscriptions deleted,
/// invoices kept under a hold; the rule erases subjects 60 days after their last
/// subscription ended.
fn map_for(dir: &std::path::Path, db: &StoreDb, extra_rule: &str) -> std::path::PathBuf {
    let cutoff = match db.kind {
        Sql::Sqlite => "datetime('now', '-60 days')",
        _ => "now() - interval '60 days'",
    };
    let path = dir.join("datamap.toml");
    std::fs::write(
        &path,
        format!(
            r#"
[[store]]
name = "app"
type = "{kind}"
url = "{url}"
  [[store.table]]
  name = "users"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ user_id = "id" }}
  erase = "delete"
  [[store.table]]
  name = "subscriptions"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
  [[store.table]]
  name = "invoices"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = {{ retain = "Invoices are kept for tax law", years = 8, from = "issued_at", from_year_end = true }}

[[retention]]
name = "ended-subscriptions"
store = "app"
subjects_sql = "SELECT u.email FROM users u JOIN subscriptions s ON s.user_id = u.id GROUP BY u.email HAVING max(s.ended_at) < {cutoff}"
schedule = "daily"
{extra_rule}
"#,
            kind = db.kind.type_name(),
            url = db.url
        ),
    )
    .unwrap();
    path
}

async fn spawn(extra_rule: &str, with_worker: bool) -> (TestApp, Store) {
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(Backend::Postgres, smtp.port);
    let s = store();
    setup.datamap = map(setup.dir.path(), &s, extra_rule);
    (TestApp::spawn_setup(setup, smtp, with_worker).await, s)
}

/// The app with its worker, once the worker's first retention run has erased users 1 and 3.
async fn spawn_and_run_the_rule() -> (TestApp, Store) {
    let (app, s) = spawn("", true).await;
    let pg = s.pg.url.clone();
    eventually(
        "the worker's retention run",
        Duration::from_secs(30),
        || count_at(&pg, "SELECT count(*) FROM users") == 1 && run_recorded(&app),
    )
    .await;
    (app, s)
}

#[actix_web::test]
async fn subjects_61_days_after_their_subscription_are_erased_59_days_not() {
    let (app, s) = spawn("", false).await;

    let out = app.cli(&["retention", "run", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("rule ended-subscriptions: found 2, would erase 0, held 1, failed 0"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("app/subscriptions") && l.contains(" 2  delete rows")),
        "the dry run prints the plan with row counts: {text}"
    );
    assert_eq!(
        s.count("SELECT count(*) FROM users"),
        3,
        "a dry run changes nothing"
    );

    let out = app.cli(&["retention", "run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("rule ended-subscriptions: found 2, erased 2, held 1, failed 0"),
        "{text}"
    );
    assert_eq!(s.count("SELECT count(*) FROM users WHERE id IN (1, 3)"), 0);
    assert_eq!(
        s.count("SELECT count(*) FROM subscriptions WHERE user_id IN (1, 3)"),
        0
    );
    assert_eq!(
        s.count("SELECT count(*) FROM users WHERE id = 2"),
        1,
        "59 days: kept"
    );
    assert_eq!(
        s.count("SELECT count(*) FROM subscriptions WHERE user_id = 2"),
        1
    );
    assert_eq!(
        s.count("SELECT count(*) FROM invoices"),
        2,
        "the invoice is held"
    );

    // Audited and in the ledger, with no plain identifier.
    let audit: Vec<(String, Option<String>)> = app.audit_by("retention:ended-subscriptions");
    assert!(
        audit.iter().any(|(e, _)| e == "retention_erasure"),
        "{audit:?}"
    );
    let ledger = app_strings(
        &app,
        "SELECT identifiers || source AS v FROM erasure_ledger",
    );
    assert_eq!(ledger.len(), 1);
    assert!(ledger[0].contains("retention:ended-subscriptions"));
    assert!(!ledger[0].contains("gone61"), "{}", ledger[0]);

    // Running again finds no one; the held invoice ends with its hold (time moved by --as-of).
    let out = app.cli(&["retention", "run"]);
    assert!(
        stdout(&out).contains("found 0, erased 0"),
        "{}",
        stdout(&out)
    );
    let out = app.cli(&[
        "retention",
        "run",
        "--dry-run",
        "--as-of",
        "2034-01-02T00:00:00Z",
    ]);
    assert!(
        stdout(&out).contains("holds: 1 ended, would purge 0"),
        "{}",
        stdout(&out)
    );
    assert_eq!(s.count("SELECT count(*) FROM invoices"), 2);
    let out = app.cli(&["retention", "run", "--as-of", "2033-12-31T12:00:00Z"]);
    assert!(
        stdout(&out).contains("holds: 0 ended"),
        "held through 2033-12-31: {}",
        stdout(&out)
    );
    let out = app.cli(&["retention", "run", "--as-of", "2034-01-02T00:00:00Z"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("holds: 1 ended, purged 1"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        s.count("SELECT count(*) FROM invoices WHERE user_id = 1"),
        0
    );
    assert_eq!(
        s.count("SELECT count(*) FROM invoices WHERE user_id = 2"),
        1
    );
    assert!(
        app.audit_by("retention")
            .iter()
            .any(|(e, _)| e == "hold_ended")
    );
}

#[actix_web::test]
async fn a_rule_whose_sql_fails_is_reported_and_changes_nothing() {
    let bad = r#"
[[retention]]
name = "broken"
store = "app"
subjects_sql = "SELECT email FROM no_such_table"
"#;
    let (app, s) = spawn(bad, false).await;
    let out = app.cli(&["retention", "run"]);
    assert!(!out.status.success(), "a failed rule fails the command");
    let text = stdout(&out);
    assert!(text.contains("rule broken: found 0, erased 0"), "{text}");
    // The store's own message goes to the operator's log (the CLI's stderr), the report
    // carries its summary.
    assert!(
        text.contains("subjects_sql failed: store app: the store refused a query"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("no_such_table"),
        "the log names the problem: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out)
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("dsr-portal: some rules or holds failed")),
        "{}",
        stderr(&out)
    );
    // The good rule still ran; the bad one changed nothing.
    assert!(
        text.contains("rule ended-subscriptions: found 2, erased 2"),
        "{text}"
    );
    assert_eq!(s.count("SELECT count(*) FROM users WHERE id = 2"), 1);
}

#[actix_web::test]
async fn the_worker_runs_rules_on_their_schedule() {
    let (app, s) = spawn_and_run_the_rule().await;
    let runs = app_strings(
        &app,
        "SELECT rule || ' ' || report AS v FROM retention_runs",
    );
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert!(runs[0].starts_with("ended-subscriptions "), "{runs:?}");
    assert_eq!(s.count("SELECT count(*) FROM users WHERE id = 2"), 1);
}

/// Linus (user 1, invoices 10 and 11) and Ada (user 3, invoice 30) ended their
/// subscriptions 61 days ago, Bob (user 2, invoice 20) 59 days ago; user 4 has no
/// subscription, one invoice (40) and no address anyone asks about.
fn linus_store(kind: Sql) -> StoreDb {
    let db = StoreDb::new(kind);
    let sqlite = kind == Sql::Sqlite;
    let ts = if sqlite { "TEXT" } else { "TIMESTAMPTZ" };
    let days = |n: u32| {
        if sqlite {
            format!("datetime('now', '-{n} days')")
        } else {
            format!("now() - interval '{n} days'")
        }
    };
    db.exec(&format!(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE);
         CREATE TABLE subscriptions (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, ended_at {ts});
         CREATE TABLE invoices (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, issued_at DATE NOT NULL, number TEXT NOT NULL);
         INSERT INTO users VALUES (1, 'linus@example.com'), (2, 'bob@example.com'), (3, 'ada@example.com'), (4, 'nobody@example.com');
         INSERT INTO subscriptions VALUES (1, 1, {d61}), (2, 2, {d59}), (3, 3, {d61});
         INSERT INTO invoices VALUES (10, 1, '2025-03-01', 'INV-10'), (11, 1, '2025-04-01', 'INV-11'),
                                     (20, 2, '2025-03-02', 'INV-20'), (30, 3, '2025-05-01', 'INV-30'),
                                     (40, 4, '2025-06-01', 'INV-40');",
        d61 = days(61),
        d59 = days(59),
    ));
    db
}

/// The rows of a `(kept)` CSV, header first.
fn kept_csv(zip: &serde_json::Value, path: &str) -> Vec<Vec<String>> {
    let rows = zip["csv"][path]
        .as_array()
        .unwrap_or_else(|| panic!("no {path} in {}", zip["names"]));
    rows.iter()
        .map(|r| {
            let cells = r.as_array().unwrap().iter();
            cells.map(|c| c.as_str().unwrap().to_owned()).collect()
        })
        .collect()
}

/// The archive of a subject a retention run erased together with others holds exactly the
/// records kept under a hold for them, in CSV and JSON, and says so; never another
/// subject's. `user_id` is their user's id, `ids` their invoices.
fn assert_holds_exactly(zip: &serde_json::Value, user_id: &str, ids: &[&str]) {
    assert_eq!(zip["sha_ok"], true);
    let kept = kept_files(zip);
    assert_eq!(
        kept,
        ["app/invoices (kept).csv", "app/invoices (kept).json"]
    );
    let csv = kept_csv(zip, "app/invoices (kept).csv");
    assert_eq!(csv[0], ["id", "user_id", "issued_at", "number"]);
    let rows = &csv[1..];
    assert_eq!(rows.len(), ids.len(), "{rows:?}");
    for row in rows {
        assert_eq!(
            row[1], user_id,
            "every held row is this subject's: {rows:?}"
        );
        assert_eq!(row[3], format!("INV-{}", row[0]));
    }
    let mut got: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    got.sort();
    assert_eq!(got, ids);
    let json = zip["json"]["app/invoices (kept).json"].as_array().unwrap();
    assert_eq!(json.len(), ids.len());
    for row in json {
        assert_eq!(row["user_id"].to_string(), user_id, "{row}");
        assert!(ids.contains(&row["id"].to_string().as_str()), "{row}");
    }
    let held = &zip["manifest"]["held"];
    assert_eq!(held["runs"], serde_json::json!([]), "{held}");
    assert_eq!(held["ours"].as_array().map(Vec::len), Some(1), "{held}");
    assert_eq!(held["ours"][0]["records"], ids.len());
    assert_eq!(held["ours"][0]["table"], "Invoices");
    assert_eq!(
        held["ours"][0]["files"],
        serde_json::json!(["app/invoices (kept).json", "app/invoices (kept).csv"])
    );
    let files = zip["manifest"]["stores"][0]["files"].as_array().unwrap();
    for f in files
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains("(kept)"))
    {
        assert_eq!(f["rows"], ids.len(), "{f}");
    }
    let readme = zip["text"].as_str().unwrap();
    assert!(readme.contains("Records we keep because the law requires it"));
    assert!(!readme.contains("Records we may keep"), "{readme}");
    assert!(
        readme.contains("A copy of them is in this archive"),
        "{readme}"
    );
    let records = if ids.len() == 1 { "record" } else { "records" };
    assert!(
        readme.contains(&format!(
            "Invoices (kept under a legal hold)</strong>: {} {records}",
            ids.len()
        )),
        "{readme}"
    );
    assert!(!readme.contains("We hold no personal data about you"));
}

/// Linus's case, end to end: a retention run erases Linus and Ada together and keeps their
/// invoices under a hold; then each asks for a copy. Each archive lists their holds (table,
/// count, reason, until) and holds exactly their own held rows, never the other's; Bob,
/// never erased, gets no such section.
async fn linus_case(backend: Backend, kind: Sql) {
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(backend, smtp.port);
    let db = linus_store(kind);
    setup.datamap = map_for(setup.dir.path(), &db, "");
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    eventually(
        "the worker's retention run",
        Duration::from_secs(30),
        || {
            db.strings("SELECT email AS v FROM users ORDER BY id")
                == ["bob@example.com", "nobody@example.com"]
                && run_recorded(&app)
        },
    )
    .await;
    assert_eq!(
        db.strings("SELECT CAST(id AS TEXT) AS v FROM invoices ORDER BY id"),
        ["10", "11", "20", "30", "40"],
        "the invoices are held"
    );
    // Whose they are is kept as keyed hashes only; the run's plain identifiers are gone.
    let attributed = app_strings(&app, "SELECT subject AS v FROM hold_subjects");
    assert_eq!(attributed.len(), 3, "{attributed:?}");
    assert!(attributed.iter().all(|h| h.len() == 64 && !h.contains('@')));
    let open = app_strings(
        &app,
        "SELECT id AS v FROM erasures WHERE subject_ids IS NOT NULL OR identifiers IS NOT NULL",
    );
    assert!(open.is_empty(), "{open:?}");

    app.verified_request("linus@example.com", "access").await;
    let zip = archive_of(&app, "linus@example.com").await;
    assert_holds_exactly(&zip, "1", &["10", "11"]);
    let readme = zip["text"].as_str().unwrap();
    assert!(
        readme.contains("App — Invoices</strong>: 2 records, kept since"),
        "{readme}"
    );
    assert!(readme.contains("Invoices are kept for tax law"));
    assert!(readme.contains("Kept until 31 December 2033."), "{readme}");

    app.verified_request("ada@example.com", "access").await;
    let zip = archive_of(&app, "ada@example.com").await;
    assert_holds_exactly(&zip, "3", &["30"]);

    app.verified_request("bob@example.com", "access").await;
    let zip = archive_of(&app, "bob@example.com").await;
    let readme = zip["text"].as_str().unwrap();
    assert!(
        !readme.contains("because the law requires it"),
        "never erased"
    );
    assert!(kept_files(&zip).is_empty());
    assert!(
        zip["manifest"]["held"]["ours"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[actix_web::test]
async fn linus_case_on_a_postgres_store() {
    linus_case(Backend::Postgres, Sql::Postgres).await;
}

#[actix_web::test]
async fn linus_case_on_a_sqlite_store() {
    linus_case(Backend::Sqlite, Sql::Sqlite).await;
}

/// Holds an older retention run kept before holds were attributed to their subjects (no
/// `hold_subjects` rows) are not told apart per subject: the archive says what the run kept
/// and until when at most, and where to ask, and holds none of those records. His status
/// page, once done, says when it finished and where the link went.
#[actix_web::test]
async fn an_access_answer_after_an_older_retention_run_says_what_it_kept() {
    let (app, s) = spawn_and_run_the_rule().await;
    assert_eq!(
        s.count("SELECT count(*) FROM invoices WHERE user_id = 1"),
        1
    );
    {
        use diesel::RunQueryDsl;
        diesel::sql_query("DELETE FROM hold_subjects")
            .execute(&mut *app.conn())
            .unwrap();
    }

    let status = app.verified_request("gone61@example.com", "access").await;
    let zip = archive_of(&app, "gone61@example.com").await;
    let readme = zip["text"].as_str().unwrap();
    assert!(
        !readme.contains("We hold no personal data about you"),
        "a held invoice is data we hold: {readme}"
    );
    assert!(readme.contains("Records we may keep because the law requires it"));
    assert!(readme.contains("App — Invoices"), "labels, not table names");
    assert!(readme.contains("Invoices are kept for tax law"));
    assert!(
        readme.contains("31 December 2033 at the latest"),
        "{readme}"
    );
    assert!(
        !readme.contains("A copy of them is in this archive"),
        "{readme}"
    );
    assert!(kept_files(&zip).is_empty(), "{}", zip["names"]);
    let held = &zip["manifest"]["held"]["runs"];
    assert_eq!(held.as_array().map(Vec::len), Some(1), "{held}");
    // A run's kinds are not counted per subject: no count, never a "0 records" that
    // would read as nothing kept.
    for kind in held[0]["kinds"].as_array().unwrap() {
        assert!(kind.get("records").is_none(), "{kind}");
        assert!(
            kind["until"].is_string() && kind["reason"].is_string(),
            "{kind}"
        );
    }
    assert!(
        zip["manifest"]["held"]["ours"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let page = app.get(&status).await.text().await.unwrap();
    assert!(page.contains("Your answer is ready"), "{page}");
    assert!(page.contains("We emailed you a download link"), "{page}");
    assert!(!page.contains("Answer due by"), "{page}");
    assert!(!page.contains("http-equiv=\"refresh\""));
}

/// A subject erased by their own request, who then asks for a copy: the invoice kept for
/// them is listed exactly (table, count, reason, until), as ours, not as a run's.
#[actix_web::test]
async fn an_access_answer_after_ones_own_erasure_lists_its_holds_exactly() {
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.extra = "[policy]\nrequire_approval = []\n".into();
    let s = store();
    setup.datamap = map(setup.dir.path(), &s, "");
    // The worker also runs the retention rule, which never picks this subject (59 days).
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    app.verified_request("recent59@example.com", "erasure")
        .await;
    let pg = s.pg.url.clone();
    eventually("the erasure", Duration::from_secs(30), move || {
        count_at(&pg, "SELECT count(*) FROM users WHERE id = 2") == 0
    })
    .await;
    assert_eq!(
        s.count("SELECT count(*) FROM invoices WHERE user_id = 2"),
        1
    );
    let told = app
        .smtp
        .wait_for_subject(
            "recent59@example.com",
            "Your personal data has been erased, except records the law makes us keep",
        )
        .await;
    assert!(
        told.text
            .contains("- App — Invoices (1 record): Invoices are kept for tax law"),
        "{}",
        told.text
    );

    app.verified_request("recent59@example.com", "access").await;
    let zip = archive_of(&app, "recent59@example.com").await;
    let readme = zip["text"].as_str().unwrap();
    assert!(!readme.contains("We hold no personal data about you"));
    assert!(readme.contains("Records we keep because the law requires it"));
    assert!(
        readme.contains("App — Invoices</strong>: 1 record, kept since"),
        "{readme}"
    );
    assert!(readme.contains("Kept until 31 December 2033."), "{readme}");
    assert!(!readme.contains("Records we may keep"), "{readme}");
    assert_eq!(zip["manifest"]["held"]["ours"][0]["records"], 1);
    // The held invoice itself, and only it.
    assert_eq!(
        kept_csv(&zip, "app/invoices (kept).csv"),
        [["id", "user_id", "issued_at"], ["20", "2", "2025-03-02"]]
    );
    assert!(
        readme.contains("A copy of them is in this archive"),
        "{readme}"
    );
}

/// The archive emailed to `email`, read by Python (its text, manifest and files).
async fn archive_of(app: &TestApp, email: &str) -> serde_json::Value {
    let (r, _) = download(app, email).await;
    read_zip(&zip_body(r).await)
}

/// Whether every retention rule's run has recorded its report (a claimed run not yet
/// finished has `{}`): the stores change before the run writes down what it kept and whose.
fn run_recorded(app: &TestApp) -> bool {
    let reports = app_strings(app, "SELECT report AS v FROM retention_runs");
    !reports.is_empty() && reports.iter().all(|r| r != "{}")
}

fn app_strings(app: &TestApp, sql: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct V {
        #[diesel(sql_type = diesel::sql_types::Text)]
        v: String,
    }
    use diesel::RunQueryDsl;
    diesel::sql_query(sql)
        .load::<V>(&mut *app.conn())
        .unwrap()
        .into_iter()
        .map(|r| r.v)
        .collect()
}
