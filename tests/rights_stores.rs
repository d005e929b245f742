//! The other rights (DESIGN §2a) over a company the tests here did not design for the demo:
//! PostgreSQL and MariaDB tables with typed columns, an `http` partner and a `manual`
//! vendor. Each change lands exactly in the subject's rows (every other row, including a
//! look-alike address, is compared before and after), partners are told (Art. 19), a value
//! that doesn't fit its column is refused before anything is stored, `datamap check`
//! refuses flags and corrections a column can't take, and an apply that fails half-way
//! resumes after the store that was done, changing it once.

mod common;

use std::sync::Once;
use std::time::Duration;

use common::fake_http::{FakeService, Reply};
use common::fake_stripe::FakeStripe;
use common::smtp::Smtp;
use common::stores::{Sql, StoreDb};
use common::{Backend, Setup, TestApp, eventually, first_listed_id, stderr, stdout};
use serde_json::Value;

const SECRET: &str = "whsec_test_rights_7d6c5b4a39281706f5e4d3c2b1a0";
const SECRET_ENV: &str = "DSR_TEST_RIGHTS_CRM_SECRET";
const STRIPE_KEY: &str = "sk_test_51FakeKeyForTheRightsTests4242";
const STRIPE_KEY_ENV: &str = "DSR_TEST_RIGHTS_STRIPE_KEY";

fn env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: every test of this binary calls env() first, before anything reads the
        // environment, and Once makes the others wait until it is set.
        unsafe {
            std::env::set_var(SECRET_ENV, SECRET);
            std::env::set_var(STRIPE_KEY_ENV, STRIPE_KEY);
        };
    });
}

struct Company {
    pg: StoreDb,
    my: StoreDb,
    crm: FakeService,
    stripe: FakeStripe,
    /// Ada's and Bob's Stripe customers.
    customers: (String, String),
}

/// Ada (1), her look-alike `ada@example.com.evil.io` (2) and Bob (3).
fn company() -> Company {
    env();
    let pg = StoreDb::new(Sql::Postgres);
    pg.exec(
        "CREATE TABLE customers (id BIGINT PRIMARY KEY, email TEXT NOT NULL, full_name VARCHAR(20),
                                 restricted BOOLEAN NOT NULL DEFAULT false, opt_in BOOLEAN NOT NULL DEFAULT true);
         INSERT INTO customers VALUES (1, 'ada@example.com', 'Ada Lovelace', false, true),
                                      (2, 'ada@example.com.evil.io', 'Eve', false, true),
                                      (3, 'bob@example.com', 'Bob', false, true);",
    );
    let my = StoreDb::new(Sql::Mysql);
    my.exec(
        "CREATE TABLE addresses (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, city VARCHAR(12),
                                 on_hold TINYINT(1) NOT NULL DEFAULT 0);
         INSERT INTO addresses VALUES (10, 1, 'London', 0), (11, 1, 'Paris', 0), (20, 2, 'Nowhere', 0), (30, 3, 'Oslo', 0);",
    );
    let crm = FakeService::start(SECRET, Reply::Json(200, "{}".into()));
    let stripe = FakeStripe::start(STRIPE_KEY);
    let customers = (
        stripe.add_customer("ada@example.com"),
        stripe.add_customer("bob@example.com"),
    );
    Company {
        pg,
        my,
        crm,
        stripe,
        customers,
    }
}

fn map(c: &Company, my_url: &str) -> String {
    format!(
        r#"
[[store]]
name = "accounts"
label = "Your account"
type = "postgres"
url = "{pg}"
  [[store.table]]
  name = "customers"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ customer_id = "id" }}
  erase = "delete"
  rectify = {{ full_name = "Full name", email = "Email address" }}
  restrict = {{ column = "restricted", set = true }}
  object = {{ column = "opt_in", set = false }}
[[store]]
name = "shipping"
label = "Deliveries"
type = "mysql"
url = "{my_url}"
  [[store.table]]
  name = "addresses"
  match = {{ column = "customer_id", identifier = "customer_id" }}
  erase = "delete"
  rectify = {{ city = "City" }}
  restrict = {{ column = "on_hold", set = 1, unset = 0 }}
[[store]]
name = "crm"
label = "Our CRM"
type = "http"
export_url = "{crm}/gdpr/export"
rectify_url = "{crm}/gdpr/rectify"
restrict_url = "{crm}/gdpr/restrict"
secret_env = "{SECRET_ENV}"
[[store]]
name = "billing"
label = "Billing"
type = "stripe"
api_base = "{stripe}"
api_key_env = "{STRIPE_KEY_ENV}"
match = {{ identifier = "email" }}
[[store]]
name = "newsletter"
label = "Newsletter vendor"
type = "manual"
contact = "privacy@vendor.example"
instructions = "Find them in the vendor console."
"#,
        pg = c.pg.url,
        crm = c.crm.base,
        stripe = c.stripe.base,
    )
}

async fn spawn(backend: Backend, c: &Company) -> TestApp {
    let smtp = Smtp::start();
    let setup = Setup::new(backend, smtp.port);
    let path = setup.dir.path().join("rights-map.toml");
    std::fs::write(&path, map(c, &c.my.url)).unwrap();
    let mut setup = setup;
    setup.datamap = path;
    TestApp::spawn_setup(setup, smtp, true).await
}

fn customers(c: &Company) -> Vec<String> {
    c.pg.strings(
        "SELECT concat_ws('|', id, email, full_name, restricted, opt_in) AS v FROM customers ORDER BY id",
    )
}

fn addresses(c: &Company) -> Vec<String> {
    c.my.strings(
        "SELECT CONCAT_WS('|', id, customer_id, city, on_hold) AS v FROM addresses ORDER BY id",
    )
}

fn audit_count(conn: &mut dsr_portal::db::DbConn, event: &str) -> i64 {
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    use dsr_portal::db::schema::audit_log;
    audit_log::table
        .filter(audit_log::event.eq(event))
        .count()
        .get_result(conn)
        .unwrap()
}

fn id_of(app: &TestApp, email: &str) -> String {
    first_listed_id(&stdout(&app.cli(&["requests", "list", "--email", email])))
}

fn bodies(c: &Company, path: &str) -> Vec<Value> {
    c.crm
        .requests()
        .into_iter()
        .filter(|r| r.path == path)
        .inspect(|r| assert!(r.verified, "signed"))
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect()
}

async fn restriction_everywhere(backend: Backend) {
    let c = company();
    let app = spawn(backend, &c).await;
    let (pg, my) = (customers(&c), addresses(&c));
    assert_eq!(
        app.submit_with(
            "ada@example.com",
            "restriction",
            &[("ground", "legal_claims")]
        )
        .await
        .status(),
        303
    );
    let status = app.confirm("ada@example.com").await;
    let done = app
        .smtp
        .wait_for_subject(
            "ada@example.com",
            "We have restricted the processing of your personal data",
        )
        .await;
    // The status page names who else was told (Art. 19).
    let page = app.get(&status).await.text().await.unwrap();
    assert!(page.contains("Who else we told"), "{page}");
    assert!(
        page.contains("<li>Our CRM</li>") && page.contains("<li>Newsletter vendor</li>"),
        "{page}"
    );
    assert!(
        done.text.contains("Your account: 1 record"),
        "{}",
        done.text
    );
    assert!(done.text.contains("Deliveries: 2 records"), "{}", done.text);
    assert!(
        done.text.contains("- Our CRM") && done.text.contains("- Newsletter vendor"),
        "{}",
        done.text
    );
    let (pg2, my2) = (customers(&c), addresses(&c));
    assert_eq!(pg2[0], "1|ada@example.com|Ada Lovelace|t|t");
    assert_eq!(pg2[1..], pg[1..], "the look-alike and Bob untouched");
    assert_eq!(my2[..2], ["10|1|London|1", "11|1|Paris|1"]);
    assert_eq!(my2[2..], my[2..]);
    let told = bodies(&c, "/gdpr/restrict");
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["ground"], "legal_claims");
    assert_eq!(told[0]["identifiers"]["email"][0], "ada@example.com");
    assert_eq!(told[0]["identifiers"]["customer_id"][0], "1");
    let id = id_of(&app, "ada@example.com");
    let task = app.smtp.wait_for_nth("privacy@vendor.example", 1).await;
    assert_eq!(
        task.subject,
        format!("Privacy task for newsletter (ref {id})")
    );
    assert!(
        task.text.contains(
            "Please restrict the processing of the personal data of the following person(s)"
        ),
        "{}",
        task.text
    );
    assert!(
        task.text.contains("ada@example.com") && task.text.contains("legal claims"),
        "{}",
        task.text
    );

    let out = app.cli(&["requests", "lift", &id, "--reason", "The claim was settled"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let portal = app.portal.clone();
    eventually(
        "the restriction to be lifted",
        Duration::from_secs(30),
        move || audit_count(&mut portal.conn().unwrap(), "restriction_lifted") > 0,
    )
    .await;
    // The partners are told too: the CRM by its url, the vendor by a second task.
    let lift_task = app.smtp.wait_for_nth("privacy@vendor.example", 2).await;
    assert!(
        lift_task.text.contains("lift the restriction")
            && lift_task.text.contains("The claim was settled"),
        "{}",
        lift_task.text
    );
    assert_eq!(customers(&c), pg, "every row as it was");
    assert_eq!(addresses(&c), my);
    let lifted = bodies(&c, "/gdpr/restrict");
    assert_eq!(lifted.len(), 2);
    assert_eq!(lifted[1]["lift"], true);
    assert!(
        app.smtp.count_to("ada@example.com") >= 4,
        "confirm, confirmed, done, lifting"
    );
}

#[actix_web::test]
async fn a_restriction_reaches_every_store_and_partner_and_only_the_subject_sqlite() {
    restriction_everywhere(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_restriction_reaches_every_store_and_partner_and_only_the_subject_postgres() {
    restriction_everywhere(Backend::Postgres).await;
}

#[actix_web::test]
async fn a_corrected_value_that_does_not_fit_is_refused_before_anything_is_stored() {
    let c = company();
    let app = spawn(Backend::Sqlite, &c).await;
    let r = app
        .submit_with(
            "ada@example.com",
            "rectification",
            &[("change.full_name", "Augusta Ada King, Countess of Lovelace")],
        )
        .await;
    assert_eq!(r.status(), 400);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Full name: the corrected value must be text of at most 20 characters"),
        "{page}"
    );
    assert_eq!(app.smtp.count_to("ada@example.com"), 0);
    assert!(!stdout(&app.cli(&["requests", "list"])).contains("rectification"));
    let city = app
        .submit_with(
            "ada@example.com",
            "rectification",
            &[("change.city", "Llanfairpwllgwyngyll")],
        )
        .await;
    assert_eq!(city.status(), 400, "varchar(12) on MariaDB");
}

async fn rectification_everywhere(backend: Backend) {
    let c = company();
    let app = spawn(backend, &c).await;
    let (pg, my) = (customers(&c), addresses(&c));
    let bob = c.stripe.customer(&c.customers.1);
    let r = app
        .submit_with(
            "ada@example.com",
            "rectification",
            &[
                ("change.full_name", "Ada King"),
                ("change.city", "Marylebone"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.confirm("ada@example.com").await;
    let id = id_of(&app, "ada@example.com");
    app.settle().await;
    assert_eq!(customers(&c), pg, "nothing before a DPO approves");
    let out = app.cli(&["requests", "approve", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let done = app
        .smtp
        .wait_for_subject("ada@example.com", "Your personal data has been corrected")
        .await;
    assert!(done.text.contains("(City, Full name)"), "{}", done.text);
    let pg2 = customers(&c);
    assert_eq!(pg2[0], "1|ada@example.com|Ada King|f|t");
    assert_eq!(pg2[1..], pg[1..]);
    let my2 = addresses(&c);
    assert_eq!(my2[..2], ["10|1|Marylebone|0", "11|1|Marylebone|0"]);
    assert_eq!(my2[2..], my[2..]);
    let told = bodies(&c, "/gdpr/rectify");
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["changes"]["full_name"], "Ada King");
    // Stripe's customer gets the name and the city; Bob's is untouched.
    let ada = c.stripe.customer(&c.customers.0);
    assert_eq!(ada["name"], "Ada King");
    assert_eq!(ada["address"]["city"], "Marylebone");
    assert_eq!(ada["email"], "ada@example.com");
    assert_eq!(c.stripe.customer(&c.customers.1), bob);
    assert!(done.text.contains("Billing: 1 record"), "{}", done.text);
    let task = app.smtp.wait_for_nth("privacy@vendor.example", 1).await;
    assert!(
        task.text.contains("Full name: Ada King") && task.text.contains("City: Marylebone"),
        "{}",
        task.text
    );
}

#[actix_web::test]
async fn a_rectification_corrects_every_store_and_tells_the_partners_sqlite() {
    rectification_everywhere(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_rectification_corrects_every_store_and_tells_the_partners_postgres() {
    rectification_everywhere(Backend::Postgres).await;
}

#[actix_web::test]
async fn an_apply_that_fails_half_way_resumes_after_the_store_that_was_done() {
    let c = company();
    let app = spawn(Backend::Sqlite, &c).await;
    // MariaDB is "down": the map points at a port nobody listens on.
    let down = c.my.url.replace(":3306/", ":1/");
    std::fs::write(&app.setup.datamap, map(&c, &down)).unwrap();
    assert_eq!(
        app.submit_with(
            "ada@example.com",
            "objection",
            &[("scope", "direct_marketing")]
        )
        .await
        .status(),
        303
    );
    app.confirm("ada@example.com").await;
    let id = id_of(&app, "ada@example.com");
    let (portal, rid) = (app.portal.clone(), id.clone());
    eventually("an attempt to fail", Duration::from_secs(30), move || {
        let mut conn = portal.conn().unwrap();
        let progress = dsr_portal::db::exports::progress_of(&mut conn, &rid).unwrap();
        progress.iter().any(|p| p.store == "accounts")
            && audit_count(&mut conn, "objection_attempt_failed") > 0
    })
    .await;
    assert_eq!(
        customers(&c)[0],
        "1|ada@example.com|Ada Lovelace|f|f",
        "the first store is done"
    );
    // The store comes back: the next attempt resumes at it, and the first store is not
    // changed again.
    std::fs::write(&app.setup.datamap, map(&c, &c.my.url)).unwrap();
    app.smtp
        .wait_for_subject(
            "ada@example.com",
            "We have stopped using your data for direct marketing",
        )
        .await;
    let applied = common::desk::audited(&app, "store_applied");
    let accounts = applied
        .iter()
        .filter(|a| a.detail.contains("\"accounts\""))
        .count();
    assert_eq!(accounts, 1, "applied once: {applied:?}");
    assert_eq!(
        customers(&c)[1..],
        [
            "2|ada@example.com.evil.io|Eve|f|t",
            "3|bob@example.com|Bob|f|t"
        ]
    );
    let out = app.cli(&["requests", "show", &id]);
    assert!(
        stdout(&out).contains("status:        completed"),
        "{}",
        stdout(&out)
    );
}

#[actix_web::test]
async fn a_corrected_address_moves_the_subject_and_is_refused_when_another_has_it() {
    let c = company();
    let app = spawn(Backend::Sqlite, &c).await;
    let pg = customers(&c);
    let r = app
        .submit_with(
            "ada@example.com",
            "rectification",
            &[("change.email", "ada.king@example.com")],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.confirm("ada@example.com").await;
    let id = id_of(&app, "ada@example.com");
    app.settle().await;
    let out = app.cli(&["requests", "approve", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Both addresses hear of it: the new one is the subject's now, the old one may not be.
    for to in ["ada@example.com", "ada.king@example.com"] {
        let m = app
            .smtp
            .wait_for_subject(to, "Your personal data has been corrected")
            .await;
        assert!(m.text.contains("(Email address)"), "{}", m.text);
    }
    let after = customers(&c);
    assert_eq!(after[0], "1|ada.king@example.com|Ada Lovelace|f|t");
    assert_eq!(after[1..], pg[1..], "the look-alike and Bob untouched");
    // The request keeps the address it was made with.
    let shown = stdout(&app.cli(&["requests", "show", &id]));
    assert!(shown.contains("email:         ada@example.com"), "{shown}");

    // Bob asks for Ada's new address: applying refuses (his rows would be found with
    // hers), changes nothing, and the DPO sees why.
    let r = app
        .submit_with(
            "bob@example.com",
            "rectification",
            &[("change.email", "ada.king@example.com")],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.confirm("bob@example.com").await;
    let bob = id_of(&app, "bob@example.com");
    let (portal, rid) = (app.portal.clone(), bob.clone());
    eventually(
        "the request to await a DPO",
        Duration::from_secs(20),
        move || {
            let mut conn = portal.conn().unwrap();
            dsr_portal::db::requests::get(&mut conn, &rid)
                .unwrap()
                .is_some_and(|r| r.status.as_str() == "awaiting_approval")
        },
    )
    .await;
    let out = app.cli(&["requests", "approve", &bob]);
    assert!(out.status.success(), "{}", stderr(&out));
    let portal = app.portal.clone();
    eventually(
        "an attempt to be refused",
        Duration::from_secs(30),
        move || audit_count(&mut portal.conn().unwrap(), "rectification_attempt_failed") > 0,
    )
    .await;
    let failed = common::desk::audited(&app, "rectification_attempt_failed");
    assert!(
        failed[0].detail.contains("already in other records"),
        "{}",
        failed[0].detail
    );
    assert_eq!(customers(&c)[2], "3|bob@example.com|Bob|f|t");
    assert_eq!(customers(&c)[0], "1|ada.king@example.com|Ada Lovelace|f|t");
}

#[actix_web::test]
async fn datamap_check_refuses_flags_and_corrections_a_column_cannot_take() {
    let c = company();
    c.pg.exec("CREATE TABLE prefs (email TEXT NOT NULL, vip BOOLEAN, score DOUBLE PRECISION, tag VARCHAR(3))");
    env();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.toml");
    std::fs::write(
        &path,
        format!(
            r#"
[[store]]
name = "accounts"
type = "postgres"
url = "{}"
  [[store.table]]
  name = "prefs"
  match = {{ column = "email", identifier = "email" }}
  erase = "delete"
  rectify = {{ score = "Score" }}
  restrict = {{ column = "vip", set = "yes" }}
  object = {{ column = "tag", set = "opted-out" }}
"#,
            c.pg.url
        ),
    )
    .unwrap();
    let config = dir.path().join("dsr-portal.toml");
    std::fs::write(
        &config,
        format!(
            "[database]\nurl = \"sqlite://{}\"\n[datamap]\npath = \"{}\"\n",
            dir.path().join("p.db").display(),
            path.display()
        ),
    )
    .unwrap();
    let out = common::cli(&config, &["datamap", "check"]);
    assert!(!out.status.success());
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains("column score") && text.contains("can't take a corrected value"),
        "{text}"
    );
    assert!(
        text.contains("column vip") && text.contains("\"yes\" does not fit a boolean column"),
        "{text}"
    );
    assert!(
        text.contains("column tag") && text.contains("\"opted-out\" does not fit"),
        "{text}"
    );
}
