//! Erasure end to end on real PostgreSQL, MariaDB, SQLite and Redis stores and the Stripe
//! fake: rows go, are nulled or masked exactly as mapped, invoices stay byte-identical
//! under a hold (in SQL and in Stripe, no DELETE ever sent), another subject is untouched;
//! a manual store waits for its owner; holds end when the clock moves; a restored backup
//! is erased again by replay; a killed worker or a store down resumes without loss.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::fake_stripe::FakeStripe;
use common::stores::{Sql, StoreDb};
use common::{Backend, Setup, TestApp, eventually, first_listed_id, stderr, stdout};
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;

const KEY_ENV: &str = "DSR_TEST_ERASURE_STRIPE_KEY";
const KEY: &str = "sk_test_erasure0123456789";

fn set_key() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: set once, before any thread of this test binary reads it.
        unsafe { std::env::set_var(KEY_ENV, KEY) }
    });
}

/// The company: Ada (user 1) is erased, Bob (user 2) must not change.
#[allow(dead_code)]
struct Company {
    pg: StoreDb,
    my: StoreDb,
    lite: StoreDb,
    stripe: FakeStripe,
    prefix: String,
    map: std::path::PathBuf,
}

fn company(dir: &std::path::Path) -> Company {
    set_key();
    let pg = StoreDb::new(Sql::Postgres);
    pg.exec(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT);
         CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id), total NUMERIC(10,2));
         CREATE TABLE order_lines (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id), user_id BIGINT NOT NULL, item TEXT);
         CREATE TABLE profiles (user_id BIGINT PRIMARY KEY, full_name TEXT, phone TEXT, avatar_url TEXT, age INTEGER);
         CREATE TABLE invoices (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, stripe_customer_id TEXT NOT NULL, number TEXT, amount_cents INTEGER, issued_at DATE NOT NULL);
         INSERT INTO users VALUES (1, 'ada@example.com', 'Ada Lovelace'), (2, 'bob@example.com', 'Bob Builder');
         INSERT INTO orders VALUES (10, 1, 19.90), (11, 1, 5.00), (20, 2, 7.00);
         INSERT INTO order_lines VALUES (100, 10, 1, 'book'), (101, 11, 1, 'pen'), (200, 20, 2, 'hammer');
         INSERT INTO profiles VALUES (1, 'Ada Lovelace', '+44 1', 'https://x/ada.png', 36), (2, 'Bob Builder', '+44 2', 'https://x/bob.png', 40);
         INSERT INTO invoices VALUES (1001, 1, 'cus_ada', 'INV-1', 2900, '2024-03-10'), (1002, 1, 'cus_ada', 'INV-2', 2900, '2025-01-05'),
                                     (2001, 2, 'cus_bob', 'INV-3', 2900, '2024-04-01');",
    );
    let my = StoreDb::new(Sql::Mysql);
    my.exec(
        "CREATE TABLE tickets (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, body TEXT, created DATETIME);
         INSERT INTO tickets VALUES (1, 1, 'Ada asks about her export', '2025-01-01 10:00:00'),
                                    (2, 2, 'Bob asks about hammers', '2025-01-02 10:00:00');",
    );
    let lite = StoreDb::new(Sql::Sqlite);
    lite.exec(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, note TEXT, email_copy TEXT);
         INSERT INTO notes VALUES (1, 1, 'Ada called', 'ada@example.com'), (2, 2, 'Bob called', 'bob@example.com');",
    );
    let prefix = format!("t{}", uuid::Uuid::new_v4().simple());
    let mut con = redis();
    for (k, v) in [("1:a", "ada-1"), ("1:b", "ada-2"), ("2:a", "bob-1")] {
        let _: () = redis::cmd("SET")
            .arg(format!("{prefix}:session:{k}"))
            .arg(v)
            .query(&mut con)
            .unwrap();
    }
    let stripe = FakeStripe::start(KEY);
    stripe.add_customer_with_id("cus_ada", "ada@example.com");
    stripe.add_customer_with_id("cus_bob", "bob@example.com");
    stripe.add_invoices("cus_ada", 2);
    stripe.add_invoices("cus_bob", 1);
    let map = dir.join("datamap.toml");
    // The map lists child tables before their parents: only the foreign keys tell the order.
    std::fs::write(
        &map,
        format!(
            r#"
[[store]]
name = "accounts"
type = "postgres"
url = "{pg}"
  [[store.table]]
  name = "order_lines"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
  [[store.table]]
  name = "orders"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
  [[store.table]]
  name = "users"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ user_id = "id" }}
  erase = "delete"
  [[store.table]]
  name = "profiles"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = {{ null = ["avatar_url"], mask = ["full_name", "phone", "age"] }}
  [[store.table]]
  name = "invoices"
  match = {{ column = "user_id", identifier = "user_id" }}
  derive = {{ stripe_customer_id = "stripe_customer_id" }}
  erase = {{ retain = "Invoices are kept for tax law (GDPR Art. 17(3)(b))", years = 8, from = "issued_at", from_year_end = true }}
[[store]]
name = "shop"
type = "mysql"
url = "{my}"
  [[store.table]]
  name = "tickets"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = {{ mask = ["body"] }}
[[store]]
name = "support"
type = "sqlite"
url = "{lite}"
  [[store.table]]
  name = "notes"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = {{ null = ["email_copy"], mask = ["note"] }}
[[store]]
name = "cache"
type = "redis"
url = "redis://127.0.0.1:6379/"
  [[store.keys]]
  pattern = "{prefix}:session:{{user_id}}:*"
[[store]]
name = "billing"
type = "stripe"
api_base = "{stripe}"
api_key_env = "{KEY_ENV}"
match = {{ identifier = "stripe_customer_id" }}
erase = "redact_customer"
[[store]]
name = "newsletter"
type = "manual"
contact = "privacy@newsletter.example"
instructions = "Delete the subscriber in the vendor console."
"#,
            pg = pg.url,
            my = my.url,
            lite = lite.url,
            stripe = stripe.base,
        ),
    )
    .unwrap();
    Company {
        pg,
        my,
        lite,
        stripe,
        prefix,
        map,
    }
}

fn redis() -> redis::Connection {
    redis::Client::open("redis://127.0.0.1:6379/")
        .unwrap()
        .get_connection()
        .expect("Redis must run on 127.0.0.1:6379 (start it with: redis-server --daemonize yes)")
}

fn redis_keys(prefix: &str) -> Vec<String> {
    let mut keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}:*"))
        .query(&mut redis())
        .unwrap();
    keys.sort();
    keys
}

/// Every row of a table as text, in key order (a byte-for-byte snapshot).
fn rows(db: &StoreDb, table: &str, filter: &str) -> Vec<String> {
    let sql = match db.kind {
        Sql::Postgres => format!(
            "SELECT row_to_json(t)::text AS v FROM (SELECT * FROM {table} WHERE {filter} ORDER BY 1) t"
        ),
        Sql::Mysql => format!(
            "SELECT CAST(CONCAT_WS('|', id, user_id, body, created) AS CHAR) AS v FROM {table} WHERE {filter} ORDER BY 1"
        ),
        Sql::Sqlite => format!(
            "SELECT id || '|' || user_id || '|' || ifnull(note, 'NULL') || '|' || ifnull(email_copy, 'NULL') AS v FROM {table} WHERE {filter} ORDER BY 1"
        ),
    };
    db.strings(&sql)
}

struct Snapshot {
    bob: Vec<Vec<String>>,
    ada_invoices: Vec<String>,
}

fn snapshot(c: &Company) -> Snapshot {
    let mut bob = Vec::new();
    for t in ["users", "orders", "order_lines", "profiles", "invoices"] {
        let f = if t == "users" {
            "id = 2"
        } else {
            "user_id = 2"
        };
        bob.push(rows(&c.pg, t, f));
    }
    bob.push(rows(&c.my, "tickets", "user_id = 2"));
    bob.push(rows(&c.lite, "notes", "user_id = 2"));
    bob.push(redis_keys(&format!("{}:session:2", c.prefix)));
    bob.push(vec![c.stripe.customer("cus_bob").to_string()]);
    Snapshot {
        bob,
        ada_invoices: rows(&c.pg, "invoices", "user_id = 1"),
    }
}

async fn spawn(backend: Backend, with_worker: bool) -> (TestApp, Company) {
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(backend, smtp.port);
    let c = company(setup.dir.path());
    setup.datamap = c.map.clone();
    (TestApp::spawn_setup(setup, smtp, with_worker).await, c)
}

fn request_id(app: &TestApp, email: &str) -> String {
    first_listed_id(&stdout(&app.cli(&["requests", "list", "--email", email])))
}

fn status(app: &TestApp, id: &str) -> String {
    dsr_portal::db::requests::get(&mut app.conn(), id)
        .unwrap()
        .unwrap()
        .status
        .as_str()
        .to_owned()
}

async fn wait_status(app: &TestApp, id: &str, want: &'static str) {
    for _ in 0..800 {
        if status(app, id) == want {
            return;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let show = stdout(&app.cli(&["requests", "show", id]));
    panic!("request {id} did not reach {want} within 40 s:\n{show}");
}

/// The newsletter's owner answers the task; the erasure then completes.
async fn answer_task_and_complete(app: &TestApp, id: &str) {
    app.smtp.wait_for_nth("privacy@newsletter.example", 1).await;
    let out = app.cli(&[
        "requests",
        "complete-step",
        id,
        "newsletter",
        "--note",
        "done",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    wait_status(app, id, "completed").await;
}

/// A portal on SQLite over the company, erasing without approval, failing at the first
/// failed attempt; `prepare` breaks a store before the app starts.
async fn spawn_failing_fast(prepare: impl FnOnce(&Company)) -> (TestApp, Company) {
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    let c = company(setup.dir.path());
    setup.datamap = c.map.clone();
    setup.max_attempts = 1;
    setup.extra = "[policy]\nrequire_approval = []\n".into();
    prepare(&c);
    (TestApp::spawn_setup(setup, smtp, true).await, c)
}

fn assert_ada_erased(c: &Company) {
    for t in ["users", "orders", "order_lines"] {
        let f = if t == "users" {
            "id = 1"
        } else {
            "user_id = 1"
        };
        assert!(rows(&c.pg, t, f).is_empty(), "{t} rows of Ada remain");
    }
    let profile = rows(&c.pg, "profiles", "user_id = 1");
    assert_eq!(profile.len(), 1);
    let p: serde_json::Value = serde_json::from_str(&profile[0]).unwrap();
    assert!(
        p["full_name"].as_str().unwrap().starts_with("erased-"),
        "{p}"
    );
    assert!(p["phone"].as_str().unwrap().starts_with("erased-"), "{p}");
    assert_eq!(p["avatar_url"], serde_json::Value::Null);
    assert_eq!(p["age"], 0);
    let t = rows(&c.my, "tickets", "user_id = 1");
    assert!(
        t[0].starts_with("1|1|erased-") && t[0].ends_with("2025-01-01 10:00:00"),
        "{t:?}"
    );
    let n = rows(&c.lite, "notes", "user_id = 1");
    assert!(
        n[0].starts_with("1|1|erased-") && n[0].ends_with("|NULL"),
        "{n:?}"
    );
    assert!(redis_keys(&format!("{}:session:1", c.prefix)).is_empty());
    let customer = c.stripe.customer("cus_ada");
    assert_eq!(customer["email"], serde_json::Value::Null, "{customer}");
    assert_eq!(customer["name"], serde_json::Value::Null, "{customer}");
}

#[actix_web::test]
async fn an_erasure_removes_exactly_what_the_map_says_and_holds_invoices() {
    let (app, c) = spawn(Backend::Postgres, true).await;
    let before = snapshot(&c);
    let stripe_invoices_before = c.stripe.state().invoices.clone();
    app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    assert_eq!(status(&app, &id), "awaiting_approval");

    // The plan, counted, before anything changes; children before parents.
    let out = app.cli(&["requests", "show", &id, "--plan"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = stdout(&out);
    let pos = |s: &str| {
        plan.find(s)
            .unwrap_or_else(|| panic!("{s} not in plan: {plan}"))
    };
    assert!(
        pos("order_lines") < pos("orders ") && pos("orders ") < pos("users"),
        "{plan}"
    );
    assert!(plan.contains("retain under a legal hold"), "{plan}");
    assert!(
        plan.lines()
            .any(|l| l.contains("order_lines") && l.contains(" 2 ")),
        "{plan}"
    );
    assert_eq!(
        rows(&c.pg, "orders", "user_id = 1").len(),
        2,
        "a plan changes nothing"
    );

    let out = app.cli(&["requests", "approve", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The manual store's owner gets a task; the request waits for the answer.
    let task = app.smtp.wait_for_nth("privacy@newsletter.example", 1).await;
    assert!(
        task.text.contains("ada@example.com") && task.text.contains(&id),
        "{}",
        task.text
    );
    assert_eq!(status(&app, &id), "processing");
    assert_ada_erased(&c);
    let out = app.cli(&["requests", "complete-step", &id, "shop", "--note", "x"]);
    assert!(
        !out.status.success(),
        "only a waiting manual step can be completed"
    );
    let out = app.cli(&[
        "requests",
        "complete-step",
        &id,
        "newsletter",
        "--note",
        "Subscriber deleted in the vendor console",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    wait_status(&app, &id, "completed").await;

    // Invoices: untouched in SQL and in Stripe; Stripe never got a DELETE.
    assert_eq!(rows(&c.pg, "invoices", "user_id = 1"), before.ada_invoices);
    assert_eq!(c.stripe.state().invoices, stripe_invoices_before);
    assert!(c.stripe.requests().iter().all(|r| r.method != "DELETE"));
    // Bob: byte-identical everywhere.
    assert_eq!(snapshot(&c).bob, before.bob);

    // The subject is told what went, what stays and why, and who else was told.
    let mail = app
        .smtp
        .wait_for_subject(
            "ada@example.com",
            "Your personal data has been erased, except records the law makes us keep",
        )
        .await;
    for needle in [
        "- Accounts — Orders: 2 records deleted",
        "Invoices are kept for tax law",
        "between 31 December 2032 and 31 December 2033",
        "These partners may hold some of your data",
        "- Newsletter",
        "Billing: your customer record",
    ] {
        assert!(
            mail.text.contains(needle),
            "{needle} missing from: {}",
            mail.text
        );
    }
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(
        show.contains("holds:") && show.contains("accounts/invoices"),
        "{show}"
    );
    assert!(show.contains("billing/invoices"), "{show}");
    assert!(show.contains("manual_step_completed"), "{show}");

    // The ledger keeps keyed hashes only; the run's plain identifiers are gone.
    #[derive(diesel::QueryableByName)]
    struct T {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
    }
    let dump: Vec<T> = diesel::sql_query(
        "SELECT identifiers || outcome AS t FROM erasure_ledger \
         UNION ALL SELECT coalesce(identifiers, '') AS t FROM erasures",
    )
    .load(&mut *app.conn())
    .unwrap();
    let dump: String = dump.into_iter().map(|r| r.t).collect();
    assert!(dump.contains("email"), "{dump}");
    for plain in ["ada@example.com", "cus_ada", "\"1\""] {
        assert!(!dump.contains(plain), "{plain} in the ledger: {dump}");
    }

    // Replay: nothing restored, nothing to do; a restored backup row is erased again.
    let since = "2000-01-01T00:00:00Z";
    let out = app.cli(&["erasures", "replay", "--since", since]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("nothing to erase again"),
        "{}",
        stdout(&out)
    );
    c.pg.exec(
        "INSERT INTO users VALUES (1, 'ada@example.com', 'Ada Lovelace');
         INSERT INTO orders VALUES (10, 1, 19.90);",
    );
    // The plan first: what would be erased, nothing changed.
    let out = app.cli(&["erasures", "replay", "--since", since]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("found again: 1 email value(s)") && text.contains("run again with --apply"),
        "{text}"
    );
    assert_eq!(
        rows(&c.pg, "users", "id = 1").len(),
        1,
        "a plan changes nothing"
    );
    let out = app.cli(&["erasures", "replay", "--since", since, "--apply"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("erased again: accounts/users: 1 row(s)"),
        "{text}"
    );
    assert!(
        text.contains("erased again: accounts/orders: 1 row(s)"),
        "{text}"
    );
    assert_ada_erased(&c);
    assert_eq!(rows(&c.pg, "invoices", "user_id = 1"), before.ada_invoices);
    assert_eq!(snapshot(&c).bob, before.bob);

    // Holds end when the clock moves past them (time injected, no sleeping): SQL rows are
    // deleted, Stripe invoices redacted with a redaction job; each recorded.
    let later = dsr_portal::db::now() + time::Duration::days(365 * 9);
    let opts = dsr_portal::erasure::retention::Options::default();
    let portal = app.portal.clone();
    let report = actix_web::rt::task::spawn_blocking(move || {
        dsr_portal::erasure::retention::run(&portal, later, opts, &mut |_, _, _| {})
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(report.holds.purged, 4, "{report:?}");
    assert!(rows(&c.pg, "invoices", "user_id = 1").is_empty());
    assert_eq!(
        rows(&c.pg, "invoices", "user_id = 2").len(),
        1,
        "Bob's hold is not Ada's"
    );
    let redacted: Vec<bool> = c
        .stripe
        .state()
        .invoices
        .iter()
        .map(|i| i["redacted"] == true)
        .collect();
    assert_eq!(redacted.iter().filter(|r| **r).count(), 2, "{redacted:?}");
    assert!(c.stripe.requests().iter().all(|r| r.method != "DELETE"));
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(
        show.contains("hold_ended") && show.contains("ended (deleted)"),
        "{show}"
    );
    assert!(show.contains("ended (redacted)"), "{show}");
}

#[actix_web::test]
async fn a_store_down_fails_the_erasure_naming_it_and_retry_resumes() {
    // The support store's table is missing until the test puts it back.
    let (app, c) =
        spawn_failing_fast(|c| c.lite.exec("ALTER TABLE notes RENAME TO notes_away")).await;
    app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    wait_status(&app, &id, "failed").await;
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(show.contains("\"store\":\"support\""), "{show}");
    // Stores before it finished; nothing of the failed store was half-applied; the root
    // store (erased last) is intact.
    assert!(rows(&c.my, "tickets", "user_id = 1")[0].contains("erased-"));
    assert_eq!(rows(&c.pg, "users", "id = 1").len(), 1);
    let dpo = app
        .smtp
        .wait_for_subject("dpo@example.com", "Action needed: a privacy request failed")
        .await;
    assert!(dpo.text.contains("support"), "{}", dpo.text);

    c.lite.exec("ALTER TABLE notes_away RENAME TO notes");
    let out = app.cli(&["requests", "retry", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    answer_task_and_complete(&app, &id).await;
    assert_ada_erased(&c);
    // The manual task was sent once, across the failure and the retry.
    assert_eq!(app.smtp.count_to("privacy@newsletter.example"), 1);
}

/// A store's own error message can quote a row (here a trigger names the customer's
/// address): it reaches the operator's log only. The audit log, the DPO's email, the
/// request's progress and the erasure's record carry a summary that names the store.
#[actix_web::test]
async fn a_stores_own_error_message_never_reaches_the_audit_log_or_an_email() {
    let (app, _c) = spawn_failing_fast(|c| {
        c.pg.exec(
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN
               RAISE EXCEPTION 'cannot delete the order of %', (SELECT email FROM users WHERE id = OLD.user_id);
             END $$ LANGUAGE plpgsql;
             CREATE TRIGGER refuse BEFORE DELETE ON orders FOR EACH ROW EXECUTE FUNCTION refuse();",
        )
    })
    .await;
    app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    wait_status(&app, &id, "failed").await;
    let dpo = app
        .smtp
        .wait_for_subject("dpo@example.com", "Action needed: a privacy request failed")
        .await;
    assert!(
        dpo.text.contains("accounts") && dpo.text.contains("the store refused a query"),
        "{}",
        dpo.text
    );
    #[derive(diesel::QueryableByName)]
    struct T {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
    }
    let everything: Vec<T> = diesel::sql_query(
        "SELECT detail AS t FROM audit_log \
         UNION ALL SELECT coalesce(body_text, '') || coalesce(body_html, '') || subject AS t FROM outbox \
         UNION ALL SELECT coalesce(error, '') AS t FROM request_progress \
         UNION ALL SELECT coalesce(error, '') AS t FROM erasures \
         UNION ALL SELECT coalesce(error, '') AS t FROM erasure_steps",
    )
    .load(&mut *app.conn())
    .unwrap();
    let everything: String = everything.into_iter().map(|r| r.t).collect();
    assert!(
        everything.contains("the store refused a query"),
        "the failure is recorded"
    );
    assert!(
        !everything.contains("cannot delete the order"),
        "the store's own words leaked: {everything}"
    );
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(!show.contains("cannot delete the order"), "{show}");
}

/// Holds a lock that blocks every other session's access to a table: `LOCK TABLES … WRITE`
/// on MariaDB, an open transaction holding `ACCESS EXCLUSIVE` on PostgreSQL.
enum TableLock {
    My(diesel::MysqlConnection),
    Pg(diesel::PgConnection),
}

impl TableLock {
    fn new(db: &StoreDb, table: &str) -> Self {
        use diesel::Connection;
        match db.kind {
            Sql::Mysql => {
                let mut c = diesel::MysqlConnection::establish(&db.url).unwrap();
                c.batch_execute(&format!("LOCK TABLES {table} WRITE"))
                    .unwrap();
                TableLock::My(c)
            }
            _ => {
                let mut c = diesel::PgConnection::establish(&db.url).unwrap();
                c.batch_execute(&format!(
                    "BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"
                ))
                .unwrap();
                TableLock::Pg(c)
            }
        }
    }

    fn unlock(self) {
        match self {
            TableLock::My(mut c) => c.batch_execute("UNLOCK TABLES").unwrap(),
            TableLock::Pg(mut c) => c.batch_execute("ROLLBACK").unwrap(),
        }
    }
}

/// Kills a worker process while it is blocked in `store`, then lets a new worker finish.
async fn killed_while_in(store: &str) {
    let (app, c) = spawn(Backend::Postgres, false).await;
    let before = snapshot(&c);
    let lock = match store {
        "shop" => TableLock::new(&c.my, "tickets"),
        _ => TableLock::new(&c.pg, "order_lines"),
    };
    let mut worker = Command::new(env!("CARGO_BIN_EXE_dsr-portal"))
        .args(["--config", app.config_path.to_str().unwrap(), "worker"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    assert!(app.cli(&["requests", "approve", &id]).status.success());
    let portal = app.portal.clone();
    let (rid, want) = (id.clone(), store.to_owned());
    eventually("the erasure to block", Duration::from_secs(30), move || {
        dsr_portal::db::exports::progress_of(&mut portal.conn().unwrap(), &rid).is_ok_and(|p| {
            p.iter()
                .any(|r| r.store == want && r.state == dsr_portal::domain::work::Step::Running)
        })
    })
    .await;
    if store == "accounts" {
        // The task email went out before the last store; let its send be recorded, so the
        // kill tests the erasure (an email cut off mid-send is sent again: at least once).
        let portal = app.portal.clone();
        eventually("the task email to be sent", Duration::from_secs(30), move || {
            #[derive(diesel::QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            diesel::sql_query(
                "SELECT count(*) AS n FROM outbox WHERE message = 'manual_task' AND sent_at IS NOT NULL",
            )
            .get_result::<N>(&mut *portal.conn().unwrap())
            .is_ok_and(|r| r.n == 1)
        })
        .await;
    }
    worker.kill().unwrap();
    worker.wait().unwrap();
    lock.unlock();
    let workers = dsr_portal::jobs::worker::Workers::spawn(&app.portal).unwrap();
    answer_task_and_complete(&app, &id).await;
    app.settle().await;
    actix_web::rt::task::spawn_blocking(move || workers.stop())
        .await
        .unwrap();
    assert_ada_erased(&c);
    assert_eq!(snapshot(&c).bob, before.bob);
    assert_eq!(rows(&c.pg, "invoices", "user_id = 1"), before.ada_invoices);
    let erased = app
        .smtp
        .to("ada@example.com")
        .into_iter()
        .filter(|m| m.subject.starts_with("Your personal data has been erased"))
        .count();
    assert_eq!(erased, 1, "completed exactly once");
    assert_eq!(app.smtp.count_to("privacy@newsletter.example"), 1);
    let holds = stdout(&app.cli(&["requests", "show", &id]));
    assert_eq!(holds.matches("accounts/invoices").count(), 2, "{holds}");
}

#[actix_web::test]
async fn a_worker_killed_in_the_first_store_resumes_and_completes_once() {
    killed_while_in("shop").await;
}

#[actix_web::test]
async fn a_worker_killed_in_the_last_store_resumes_and_completes_once() {
    killed_while_in("accounts").await;
}

#[actix_web::test]
async fn a_waiting_period_lets_the_subject_cancel_from_the_status_page() {
    let smtp = common::smtp::Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.extra = "[policy]\nrequire_approval = []\nerasure_wait_days = 14\n".into();
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    let status_path = app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    assert_eq!(status(&app, &id), "scheduled");
    let page = app.get(&status_path).await.text().await.unwrap();
    assert!(page.contains("Cancel"), "{page}");
    let csrf = common::csrf_in(&page).unwrap();
    let r = app
        .post_form(&format!("{status_path}/cancel"), &[("csrf", &csrf)])
        .await;
    assert!(
        r.status().is_redirection() || r.status().is_success(),
        "{}",
        r.status()
    );
    assert_eq!(status(&app, &id), "cancelled");

    // A second request: the wait passes (the portal's clock moves), the sweep starts it.
    let status_path = app.verified_request("grace@example.com", "erasure").await;
    let id = request_id(&app, "grace@example.com");
    assert_eq!(status(&app, &id), "scheduled");
    app.portal.clock.advance(time::Duration::days(15));
    wait_status(&app, &id, "completed").await;
    let page = app.get(&status_path).await.text().await.unwrap();
    assert!(!page.contains("csrf"), "no cancel once it ran: {page}");
}

#[test]
fn the_demo_map_erases_in_foreign_key_order() {
    // SQLite reports its foreign keys per table: the demo store's children go first.
    let dir = tempfile::tempdir().unwrap();
    let db = dsr_portal::demo::create(&dir.path().join("demo.db")).unwrap();
    let text = dsr_portal::datamap::DEMO.replace(
        "sqlite://var/demo-company.db",
        &format!("sqlite://{}", db.display()),
    );
    let map = dsr_portal::datamap::DataMap::parse(&text).unwrap();
    let stores = dsr_portal::stores::open_all(&map).unwrap();
    let order: Vec<String> = stores[0]
        .erase_actions()
        .unwrap()
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(order.last().map(String::as_str), Some("users"), "{order:?}");
}

#[actix_web::test]
async fn a_failure_inside_a_store_rolls_that_whole_store_back() {
    // Deleting a user fails inside the store's transaction, after its orders went.
    let (app, c) = spawn_failing_fast(|c| {
        c.pg.exec(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ \
               BEGIN RAISE EXCEPTION 'users are frozen for an audit'; END $$;
             CREATE TRIGGER frozen BEFORE DELETE ON users FOR EACH ROW EXECUTE FUNCTION refuse();",
        );
    })
    .await;
    app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    app.smtp.wait_for_nth("privacy@newsletter.example", 1).await;
    wait_status(&app, &id, "failed").await;
    let show = stdout(&app.cli(&["requests", "show", &id]));
    // The store is named; its own words stay in the operator's log.
    assert!(
        show.contains("accounts") && show.contains("the store refused a query"),
        "{show}"
    );
    assert!(!show.contains("users are frozen"), "{show}");
    // Nothing of the accounts store was applied: its orders and lines are all still there.
    assert_eq!(rows(&c.pg, "orders", "user_id = 1").len(), 2);
    assert_eq!(rows(&c.pg, "order_lines", "user_id = 1").len(), 2);
    assert!(rows(&c.pg, "profiles", "user_id = 1")[0].contains("Ada Lovelace"));

    c.pg.exec("DROP TRIGGER frozen ON users");
    assert!(app.cli(&["requests", "retry", &id]).status.success());
    answer_task_and_complete(&app, &id).await;
    assert_ada_erased(&c);
}

#[actix_web::test]
async fn bad_command_input_is_refused_with_a_clear_reason_and_changes_nothing() {
    let (app, c) = spawn(Backend::Sqlite, true).await;
    for (args, reason) in [
        (
            vec!["erasures", "replay", "--since", "yesterday"],
            "is not an RFC 3339 time",
        ),
        (
            vec!["retention", "run", "--as-of", "2026-13-01"],
            "is not an RFC 3339 time",
        ),
        (
            vec![
                "requests",
                "complete-step",
                "no-such-id",
                "newsletter",
                "--note",
                "x",
            ],
            "not found",
        ),
        (
            vec!["requests", "show", "no-such-id", "--plan"],
            "not found",
        ),
    ] {
        let out = app.cli(&args);
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(reason), "{args:?}: {err}");
    }
    app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    let out = app.cli(&[
        "requests",
        "complete-step",
        &id,
        "newsletter",
        "--note",
        "  ",
    ]);
    assert!(
        stderr(&out).contains("say what the store's owner answered"),
        "{}",
        stderr(&out)
    );
    let out = app.cli(&[
        "requests",
        "complete-step",
        &id,
        "newsletter",
        "--note",
        "done",
    ]);
    assert!(
        stderr(&out).contains("has no erasure in progress"),
        "{}",
        stderr(&out)
    );
    assert_eq!(status(&app, &id), "awaiting_approval");
    assert_eq!(rows(&c.pg, "users", "id = 1").len(), 1);
}

#[actix_web::test]
async fn the_desk_approves_an_erasure_completes_its_manual_step_and_shows_holds() {
    let (app, c) = spawn(Backend::Postgres, true).await;
    let secret = common::desk::add(&app, "dpo@company.example", "dpo");
    let desk = common::desk::Desk::new(&app);
    desk.login("dpo@company.example", &secret).await;
    app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    let r = desk.act(&id, "approve", &[("confirm", "yes")]).await;
    assert_eq!(r.status(), 303);
    app.smtp.wait_for_nth("privacy@newsletter.example", 1).await;
    let page_path = format!("/admin/requests/{id}");
    let portal = app.portal.clone();
    let rid = id.clone();
    eventually(
        "the erasure to wait for the manual step",
        Duration::from_secs(30),
        move || {
            dsr_portal::db::erasures::for_request(&mut portal.conn().unwrap(), &rid)
                .unwrap()
                .is_some_and(|run| run.state == dsr_portal::domain::work::Run::Waiting)
        },
    )
    .await;
    let page = desk.text(&page_path).await;
    assert!(page.contains("Manual step: newsletter"), "{page}");
    assert!(
        page.contains("Kept under a legal hold") && page.contains("accounts/invoices"),
        "{page}"
    );
    // A note is required; nothing changes without one.
    let r = desk
        .act(
            &id,
            "complete-step",
            &[("store", "newsletter"), ("reason", " ")],
        )
        .await;
    assert!(r.status().is_client_error(), "{}", r.status());
    assert_eq!(status(&app, &id), "processing");
    let r = desk
        .act(
            &id,
            "complete-step",
            &[("store", "newsletter"), ("reason", "Deleted by the vendor")],
        )
        .await;
    assert_eq!(r.status(), 303);
    wait_status(&app, &id, "completed").await;
    assert_ada_erased(&c);
    let audit = common::desk::audited(&app, "manual_step_completed");
    assert_eq!(audit.len(), 1);
    assert!(
        audit[0].actor.contains("dpo@company.example") || audit[0].actor.starts_with("admin:"),
        "{audit:?}"
    );
}

/// Ada's own erasure keeps her invoices under holds, in a SQL table and in Stripe; her
/// access request afterwards holds a copy of exactly those records (and none of Bob's),
/// as `<store>/invoices (kept)`, and README.html says so.
#[actix_web::test]
async fn an_access_answer_after_ones_own_erasure_holds_the_kept_records() {
    let (app, c) = spawn(Backend::Sqlite, true).await;
    let ada_stripe: Vec<String> = c
        .stripe
        .state()
        .invoices
        .iter()
        .filter(|i| i["customer"] == "cus_ada")
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ada_stripe.len(), 2);
    app.verified_request("ada@example.com", "erasure").await;
    let id = request_id(&app, "ada@example.com");
    let out = app.cli(&["requests", "approve", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    answer_task_and_complete(&app, &id).await;
    assert_ada_erased(&c);
    // Its email first, so the next one to Ada is the access request's verification.
    app.smtp
        .wait_for_subject(
            "ada@example.com",
            "Your personal data has been erased, except records the law makes us keep",
        )
        .await;

    app.verified_request("ada@example.com", "access").await;
    // The newsletter's owner is asked for the export too.
    app.smtp.wait_for_nth("privacy@newsletter.example", 2).await;
    let list = app.cli(&[
        "requests",
        "list",
        "--email",
        "ada@example.com",
        "--kind",
        "access",
    ]);
    let access = first_listed_id(&stdout(&list));
    let out = app.cli(&[
        "requests",
        "complete-step",
        &access,
        "newsletter",
        "--note",
        "none",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (r, _) = common::company::download(&app, "ada@example.com").await;
    let zip = common::company::read_zip(&common::company::zip_body(r).await);
    let kept = common::company::kept_files(&zip);
    assert_eq!(
        kept,
        [
            "accounts/invoices (kept).csv",
            "accounts/invoices (kept).json",
            "billing/invoices (kept).json"
        ]
    );
    let sql = zip["json"]["accounts/invoices (kept).json"]
        .as_array()
        .unwrap();
    let sql_ids: Vec<String> = sql.iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(sql_ids, ["1001", "1002"]);
    assert!(sql.iter().all(|r| r["user_id"] == 1), "{sql:?}");
    assert_eq!(
        zip["csv"]["accounts/invoices (kept).csv"]
            .as_array()
            .map(Vec::len),
        Some(3),
        "a header and Ada's two rows"
    );
    let billed = zip["json"]["billing/invoices (kept).json"]
        .as_array()
        .unwrap();
    let mut billed_ids: Vec<&str> = billed.iter().map(|i| i["id"].as_str().unwrap()).collect();
    billed_ids.sort();
    let mut want: Vec<&str> = ada_stripe.iter().map(String::as_str).collect();
    want.sort();
    assert_eq!(billed_ids, want);
    assert!(
        billed.iter().all(|i| i["customer"] == "cus_ada"),
        "{billed:?}"
    );
    let ours = zip["manifest"]["held"]["ours"].as_array().unwrap();
    let groups: Vec<(String, u64, String)> = ours
        .iter()
        .map(|g| {
            let files = g["files"].as_array().unwrap().iter();
            let files: Vec<&str> = files.map(|f| f.as_str().unwrap()).collect();
            (
                g["table"].as_str().unwrap().to_owned(),
                g["records"].as_u64().unwrap(),
                files.join(" + "),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "Invoices".into(),
                2,
                "accounts/invoices (kept).json + accounts/invoices (kept).csv".into()
            ),
            ("Invoices".into(), 2, "billing/invoices (kept).json".into())
        ],
        "{ours:?}"
    );
    let readme = zip["text"].as_str().unwrap();
    assert!(readme.contains("Records we keep because the law requires it"));
    assert!(
        readme.contains("A copy of them is in this archive"),
        "{readme}"
    );
    assert!(!readme.contains("Records we may keep"), "{readme}");
}
