//! The company of the export tests: Ada's and Bob's data in every kind of store, the
//! subject's side of a download, and an independent zip reader (Python's zipfile, csv and
//! json).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;
use std::time::Duration;

use serde_json::Value;

use super::fake_stripe::FakeStripe;
use super::stores::{Sql, StoreDb};
use super::{TestApp, eventually, link_path, stdout};

/// Reads a zip with Python's standard library: names, parsed CSV and JSON, each entry's
/// SHA-256, and whether every manifest checksum matches.
pub fn read_zip(bytes: &[u8]) -> Value {
    let script = r#"
import csv, hashlib, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
out = {"names": sorted(z.namelist()), "csv": {}, "json": {}, "text": ""}
manifest = json.loads(z.read("manifest.json"))
out["manifest"] = manifest
out["sha_ok"] = all(hashlib.sha256(z.read(f["path"])).hexdigest() == f["sha256"]
                    for s in manifest["stores"] for f in s["files"])
out["sha256"] = {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()}
for n in z.namelist():
    try:
        data = z.read(n).decode("utf-8")
    except UnicodeDecodeError:
        continue  # a binary file a manual store's owner returned: see "sha256"
    out["text"] += data
    if n.endswith(".csv"):
        # As utf-8-sig reads it: without the byte order mark export.csv_bom puts first.
        out["csv"][n] = list(csv.reader(io.StringIO(data.removeprefix("\ufeff"), newline="")))
    elif n.endswith(".json"):
        out["json"][n] = json.loads(data)
print(json.dumps(out))
"#;
    python_on_zip(script, bytes)
}

/// The names of an archive's files of records kept under a legal hold (read by
/// [`read_zip`]), in order.
pub fn kept_files(zip: &Value) -> Vec<&str> {
    zip["names"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|n| n.contains("(kept)"))
        .collect()
}

/// Runs a Python `script` on the zip `bytes` (its path is `sys.argv[1]`) and parses the JSON
/// it prints.
pub fn python_on_zip(script: &str, bytes: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.zip");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 (the independent zip reader) must be installed: apt-get install python3");
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The company's stores; they live (and are dropped) with the test.
pub struct Company {
    pub pg: StoreDb,
    pub my: StoreDb,
    pub lite: StoreDb,
    pub prefix: String,
    pub stripe: FakeStripe,
    /// Ada's Stripe customer id.
    pub ada_customer: String,
    pub map: PathBuf,
}

const STRIPE_KEY: &str = "sk_test_51FakeKeyForTheExportTests4242";
const STRIPE_KEY_ENV: &str = "DSR_TEST_EXPORT_STRIPE_KEY";

/// Sets the Stripe key's environment variable. Call it first thing in every test of a binary
/// that uses [`company`], before anything else can read the environment.
pub fn stripe_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: each test calls this before starting anything that reads the environment,
        // and Once makes the others wait until it is set.
        unsafe { std::env::set_var(STRIPE_KEY_ENV, STRIPE_KEY) };
    });
}

/// Ada's and Bob's data in PostgreSQL, MariaDB, SQLite, Redis and the Stripe fake, and the
/// data map over them.
pub fn company(dir: &Path) -> Company {
    stripe_env();
    let stripe = FakeStripe::start(STRIPE_KEY);
    let ada_customer = stripe.add_customer("ada@example.com");
    stripe.add_invoices(&ada_customer, 3);
    stripe.add_charge(&ada_customer);
    stripe.add_subscription(&ada_customer, "active");
    let bob_customer = stripe.add_customer("bob@example.com");
    stripe.add_invoices(&bob_customer, 1);
    stripe.add_charge(&bob_customer);
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
[[store]]
name = "billing"
type = "stripe"
api_base = "{stripe}"
api_key_env = "{STRIPE_KEY_ENV}"
match = {{ identifier = "email" }}
erase = "redact_customer"
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
        prefix,
        stripe,
        ada_customer,
        map,
    }
}

/// Waits for the "data is ready" email to `email` and follows its link.
pub async fn download(app: &TestApp, email: &str) -> (reqwest::Response, String) {
    let store = app.smtp.store.clone();
    let to = email.to_owned();
    eventually("the export email", Duration::from_secs(30), move || {
        store
            .lock()
            .unwrap()
            .iter()
            .any(|m| m.to.contains(&to) && m.subject == "Your answer is ready to download")
    })
    .await;
    let mail = app
        .smtp
        .to(email)
        .into_iter()
        .find(|m| m.subject == "Your answer is ready to download")
        .unwrap();
    let path = link_path(&mail.text, "/download/").unwrap();
    (app.get(&path).await, path)
}

/// Checks a download's headers and reads its body, which must be as long as announced.
pub async fn zip_body(r: reqwest::Response) -> Vec<u8> {
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let len: usize = r.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let bytes = r.bytes().await.unwrap().to_vec();
    assert_eq!(bytes.len(), len, "Content-Length");
    bytes
}

/// The id of the only request of a test's portal.
pub fn only_request_id(app: &TestApp) -> String {
    super::first_listed_id(&stdout(&app.cli(&["requests", "list"])))
}

/// Ada's objects in the Stripe fake, as `customer.json` and `invoices.json` must hold them.
pub fn stripe_objects(c: &Company) -> (Value, Value) {
    let customer = c.stripe.customer(&c.ada_customer);
    let invoices: Vec<Value> = c
        .stripe
        .state()
        .invoices
        .iter()
        .filter(|i| i["customer"] == c.ada_customer.as_str())
        .cloned()
        .collect();
    (customer, Value::Array(invoices))
}
