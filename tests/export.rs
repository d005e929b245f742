//! The export end to end: real PostgreSQL, MariaDB, SQLite and Redis stores; the archive is
//! opened with an independent reader (Python's zipfile, csv and json) and compared with the
//! stores; faults (a store down, a worker killed) end in exactly one complete archive.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::stores::{Sql, StoreDb};
use common::{Backend, Setup, TestApp, eventually, link_path, stderr, stdout};
use diesel::RunQueryDsl;
use serde_json::{Value, json};

/// Reads a zip with Python's standard library: names, parsed CSV and JSON, and whether every
/// manifest checksum matches.
fn read_zip(bytes: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.zip");
    std::fs::write(&path, bytes).unwrap();
    let script = r#"
import csv, hashlib, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
out = {"names": sorted(z.namelist()), "csv": {}, "json": {}, "text": ""}
manifest = json.loads(z.read("manifest.json"))
out["manifest"] = manifest
out["sha_ok"] = all(hashlib.sha256(z.read(f["path"])).hexdigest() == f["sha256"]
                    for s in manifest["stores"] for f in s["files"])
for n in z.namelist():
    data = z.read(n).decode("utf-8")
    out["text"] += data
    if n.endswith(".csv"):
        out["csv"][n] = list(csv.reader(io.StringIO(data)))
    elif n.endswith(".json"):
        out["json"][n] = json.loads(data)
print(json.dumps(out))
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 (the independent zip reader) must be installed");
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The company's stores; they live (and are dropped) with the test.
#[allow(dead_code)]
struct Company {
    pg: StoreDb,
    my: StoreDb,
    lite: StoreDb,
    prefix: String,
    map: std::path::PathBuf,
}

fn company(dir: &std::path::Path) -> Company {
    let pg = StoreDb::new(Sql::Postgres);
    pg.exec(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL, name TEXT, balance NUMERIC(12,2), created_at TIMESTAMPTZ);
         INSERT INTO users VALUES (1, 'ada@example.com', 'Ada, \"the\" Countess', 12.50, '2024-01-02 03:04:05+00'),
                                  (2, 'bob@example.com', 'Bob Secretname', 99.99, '2024-02-03 04:05:06+00');",
    );
    let my = StoreDb::new(Sql::Mysql);
    my.exec(
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, total DECIMAL(10,2), note TEXT);
         INSERT INTO orders VALUES (10, 1, 19.90, 'gift\nwrap'), (11, 1, 5.00, NULL), (20, 2, 7.00, 'bob-order-note');",
    );
    let lite = StoreDb::new(Sql::Sqlite);
    lite.exec(
        "CREATE TABLE tickets (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, body TEXT);
         INSERT INTO tickets VALUES (100, 1, 'Help, é ü 😀'), (200, 2, 'bob-ticket-body');",
    );
    let prefix = format!("t{}", uuid::Uuid::new_v4().simple());
    let mut con = redis::Client::open("redis://127.0.0.1:6379/")
        .unwrap()
        .get_connection()
        .unwrap();
    let _: () = redis::cmd("SET")
        .arg(format!("{prefix}:session:1:a"))
        .arg("ada-session")
        .query(&mut con)
        .unwrap();
    let _: () = redis::cmd("SET")
        .arg(format!("{prefix}:session:2:a"))
        .arg("bob-session")
        .query(&mut con)
        .unwrap();
    let map = dir.join("datamap.toml");
    std::fs::write(
        &map,
        format!(
            r#"
[[store]]
name = "accounts"
type = "postgres"
url = "{pg}"
  [[store.table]]
  name = "users"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ user_id = "id" }}
  erase = "delete"
[[store]]
name = "shop"
type = "mysql"
url = "{my}"
  [[store.table]]
  name = "orders"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
[[store]]
name = "support"
type = "sqlite"
url = "{lite}"
  [[store.table]]
  name = "tickets"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
[[store]]
name = "cache"
type = "redis"
url = "redis://127.0.0.1:6379/"
  [[store.keys]]
  pattern = "{prefix}:session:{{user_id}}:*"
"#,
            pg = pg.url,
            my = my.url,
            lite = lite.url,
        ),
    )
    .unwrap();
    Company {
        pg,
        my,
        lite,
        prefix,
        map,
    }
}

fn export_config(setup: &mut Setup, c: &Company) {
    setup.datamap = c.map.clone();
}

async fn spawn(backend: Backend) -> (TestApp, Company) {
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(backend, smtp.port);
    let c = company(setup.dir.path());
    export_config(&mut setup, &c);
    (TestApp::spawn_setup(setup, smtp, true).await, c)
}

/// Waits for the "data is ready" email to `email` and follows its link.
async fn download(app: &TestApp, email: &str) -> (reqwest::Response, String) {
    let store = app.smtp.store.clone();
    let to = email.to_owned();
    eventually("the export email", Duration::from_secs(30), move || {
        store
            .lock()
            .unwrap()
            .iter()
            .any(|m| m.to.contains(&to) && m.subject == "Your data is ready to download")
    })
    .await;
    let mail = app
        .smtp
        .to(email)
        .into_iter()
        .find(|m| m.subject == "Your data is ready to download")
        .unwrap();
    let path = link_path(&mail.text, "/download/").unwrap();
    (app.get(&path).await, path)
}

async fn full_export(backend: Backend) {
    let (app, _c) = spawn(backend).await;
    app.verified_request("ada@example.com", "access").await;
    let (r, _) = download(&app, "ada@example.com").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let len: usize = r.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"dsr-export-")
    );
    let bytes = r.bytes().await.unwrap();
    assert_eq!(bytes.len(), len);
    let z = read_zip(&bytes);
    assert_eq!(
        z["names"],
        json!([
            "README.html",
            "accounts/users.csv",
            "accounts/users.json",
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
    // Bob appears nowhere.
    let text = z["text"].as_str().unwrap();
    for secret in [
        "bob",
        "Secretname",
        "99.99",
        "bob-order-note",
        "bob-ticket-body",
        "bob-session",
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
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    let c = company(setup.dir.path());
    // The shop table is missing until the test puts it back.
    c.my.exec("RENAME TABLE orders TO orders_away");
    export_config(&mut setup, &c);
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    app.verified_request("ada@example.com", "access").await;
    let config = app.config_path.clone();
    eventually("the request to fail", Duration::from_secs(30), || {
        stdout(&common::cli(&config, &["requests", "list"])).contains("failed")
    })
    .await;
    let dpo = app.smtp.wait_for_nth("dpo@example.com", 1).await;
    assert!(dpo.text.contains("Store: shop"), "{}", dpo.text);
    let list = stdout(&app.cli(&["requests", "list"]));
    let id = list
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(
        show.contains("\"store\":\"shop\""),
        "the timeline names the store: {show}"
    );
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
    app.verified_request("ada@example.com", "access").await;
    let portal = app.portal.clone();
    eventually("the export to start", Duration::from_secs(20), move || {
        let mut conn = portal.conn().unwrap();
        let id = progress_id(&mut conn);
        dsr_portal::db::exports::progress_of(&mut conn, &id)
            .is_ok_and(|p| p.iter().any(|r| r.store == "shop" && r.state == "running"))
    })
    .await;
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
        .filter(|m| m.subject == "Your data is ready to download")
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

fn progress_id(conn: &mut dsr_portal::db::PooledConn) -> String {
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
    diesel::sql_query("UPDATE exports SET expires_at = '2000-01-01 00:00:00'")
        .execute(&mut app.conn())
        .unwrap();
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
    let list = stdout(&app.cli(&["requests", "list"]));
    let id = list
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    assert!(stdout(&app.cli(&["requests", "show", &id])).contains("archive_deleted"));
    assert_eq!(app.get(&path).await.status(), 410);
    assert_eq!(
        app.get("/download/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .await
            .status(),
        404
    );
}
