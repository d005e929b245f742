//! The SQL connectors against real PostgreSQL, MariaDB and SQLite: identifier chains through
//! reserved-word and mixed-case names, hostile identifier values, type fidelity, erasure, and
//! a store that is down.

mod common;

use std::time::{Duration, Instant};

use common::stores::{Collect, Sql, StoreDb};
use dsr_portal::datamap::DataMap;
use dsr_portal::stores::{self, CountingSink, ErrorKind, Identifiers, Store};
use serde_json::Value;

fn lit(kind: Sql, s: &str) -> String {
    let s = s.replace('\'', "''");
    match kind {
        Sql::Mysql => format!("'{}'", s.replace('\\', "\\\\")),
        _ => format!("'{s}'"),
    }
}

fn shop_ddl(kind: Sql) -> String {
    let (pk, text, money) = match kind {
        Sql::Postgres => ("BIGINT PRIMARY KEY", "TEXT", "NUMERIC(12,2)"),
        Sql::Mysql => ("BIGINT PRIMARY KEY", "VARCHAR(255)", "DECIMAL(12,2)"),
        Sql::Sqlite => ("INTEGER PRIMARY KEY", "TEXT", "NUMERIC"),
    };
    let q = |n| kind.q(n);
    format!(
        "CREATE TABLE {acc} ({id} {pk}, email {text} NOT NULL, {full} {text}, phone {text}, avatar_url {text});
         CREATE TABLE {order} (id {pk}, account_id BIGINT NOT NULL, total {money}, placed_at DATE);
         CREATE TABLE order_lines (id {pk}, order_id BIGINT NOT NULL, sku {text}, qty INTEGER);
         CREATE TABLE invoices (id {pk}, account_id BIGINT NOT NULL, amount {money}, issued_at DATE);",
        acc = q("Account"),
        id = q("Id"),
        full = q("Full Name"),
        order = q("order"),
    )
}

fn shop_map(kind: Sql, url: &str) -> String {
    format!(
        r#"
[[store]]
name = "shop"
type = "{kind}"
url = "{url}"
  [[store.table]]
  name = "Account"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ account_id = "Id" }}
  erase = {{ null = ["avatar_url"], mask = ["Full Name", "phone"] }}
  [[store.table]]
  name = "order"
  match = {{ column = "account_id", identifier = "account_id" }}
  derive = {{ order_id = "id" }}
  erase = "delete"
  [[store.table]]
  name = "order_lines"
  match = {{ column = "order_id", identifier = "order_id" }}
  erase = "delete"
  [[store.table]]
  name = "invoices"
  match = {{ column = "account_id", identifier = "account_id" }}
  erase = {{ retain = "Tax law", years = 8, from = "issued_at", from_year_end = true }}
"#,
        kind = kind.type_name()
    )
}

/// Adds one customer with an order, a line and an invoice.
fn add_customer(db: &StoreDb, n: i64, email: &str) {
    let k = db.kind;
    db.exec(&format!(
        "INSERT INTO {acc} ({id}, email, {full}, phone, avatar_url) VALUES ({n}, {e}, 'Name {n}', '+49 {n}', 'http://img/{n}');
         INSERT INTO {order} (id, account_id, total, placed_at) VALUES ({o}, {n}, 10.50, '2026-01-0{d}');
         INSERT INTO order_lines (id, order_id, sku, qty) VALUES ({o}, {o}, 'SKU-{n}', 2);
         INSERT INTO invoices (id, account_id, amount, issued_at) VALUES ({n}, {n}, 10.50, '2025-03-01');",
        acc = k.q("Account"),
        id = k.q("Id"),
        full = k.q("Full Name"),
        order = k.q("order"),
        e = lit(k, email),
        o = n + 1000,
        d = 1 + n % 9,
    ));
}

struct Shop {
    db: StoreDb,
    map: DataMap,
    stores: Vec<Box<dyn Store>>,
}

fn shop(kind: Sql) -> Shop {
    let db = StoreDb::new(kind);
    db.exec(&shop_ddl(kind));
    let map = DataMap::parse(&shop_map(kind, &db.url)).unwrap();
    let stores = stores::open_all(&map).unwrap();
    Shop { db, map, stores }
}

impl Shop {
    fn ids(&self, email: &str) -> Identifiers {
        stores::resolve(&self.map, &self.stores, email).unwrap()
    }

    fn rows(&self, email: &str) -> Vec<(String, u64)> {
        let ids = self.ids(email);
        self.stores[0]
            .locate(&ids)
            .unwrap()
            .into_iter()
            .map(|l| (l.object, l.rows))
            .collect()
    }

    fn export(&self, email: &str) -> Vec<(String, Vec<Value>)> {
        let mut sink = Collect::default();
        self.stores[0].export(&self.ids(email), &mut sink).unwrap();
        sink.0
    }
}

const HOSTILE: &[&str] = &[
    "o'brien@example.com",
    "100%@example.com",
    "a_b@example.com",
    "star*@example.com",
    "q?@example.com",
    "[x]@example.com",
    "back\\slash@example.com",
    "jürgen@例え.jp",
    "ana@example.com",
    "Ana.B@Example.COM",
    "\"quoted\"@example.com",
    "x@example.com'); DROP TABLE invoices; --",
];

fn chain_and_hostile_values(kind: Sql) {
    let s = shop(kind);
    for (i, e) in HOSTILE.iter().enumerate() {
        add_customer(&s.db, i as i64 + 1, e);
    }
    // Every value finds its own customer through the three-step chain, and nothing else.
    for e in HOSTILE {
        let ids = s.ids(e);
        assert_eq!(ids.values("account_id").len(), 1, "{kind:?} {e:?}");
        assert_eq!(ids.values("order_id").len(), 1, "{kind:?} {e:?}");
        assert_eq!(
            s.rows(e),
            [
                ("Account".into(), 1),
                ("order".into(), 1),
                ("order_lines".into(), 1),
                ("invoices".into(), 1)
            ],
            "{kind:?} {e:?}"
        );
        let export = s.export(e);
        assert_eq!(
            export[0].1[0]["email"],
            Value::String((*e).to_owned()),
            "{kind:?}"
        );
    }
    // Values that are patterns, padded, empty or huge find nothing.
    let huge = "a".repeat(10 * 1024);
    for e in [
        "%",
        "_",
        "*",
        "?",
        "[x]",
        "",
        "ana@example.com ",
        "%@example.com",
        huge.as_str(),
    ] {
        assert!(
            s.rows(e).iter().all(|(_, n)| *n == 0),
            "{kind:?} {:?}",
            &e[..e.len().min(20)]
        );
    }
}

#[test]
fn postgres_chain_and_hostile_values() {
    chain_and_hostile_values(Sql::Postgres);
}

#[test]
fn mysql_chain_and_hostile_values() {
    chain_and_hostile_values(Sql::Mysql);
}

#[test]
fn sqlite_chain_and_hostile_values() {
    chain_and_hostile_values(Sql::Sqlite);
}

fn erase_touches_only_the_subject(kind: Sql) {
    let s = shop(kind);
    add_customer(&s.db, 1, "gone@example.com");
    add_customer(&s.db, 2, "stays@example.com");
    let other_before = s.export("stays@example.com");
    let invoices_before = s.export("gone@example.com").pop().unwrap();

    let ids = s.ids("gone@example.com");
    let outcomes = s.stores[0].erase(&ids).unwrap();
    let summary: Vec<(&str, &str, u64)> = outcomes
        .iter()
        .map(|o| (o.object.as_str(), o.action, o.rows))
        .collect();
    assert_eq!(
        summary,
        [
            ("invoices", "retain", 1),
            ("order_lines", "delete", 1),
            ("order", "delete", 1),
            ("Account", "mask", 1)
        ],
        "{kind:?}"
    );
    let held = &outcomes[0].retained[0];
    // Each held row is named by its primary key, in the store's own text form.
    assert_eq!(held.key, r#"{"id":"1"}"#);
    assert_eq!(held.from.as_deref(), Some("2025-03-01"));
    // With the identifier value that reached it (whose row it is).
    assert_eq!(held.via, [("account_id".to_owned(), "1".to_owned())]);

    let after = s.export("gone@example.com");
    let account = &after[0].1[0];
    assert!(
        account["Full Name"]
            .as_str()
            .unwrap()
            .starts_with("erased-"),
        "{kind:?} {account}"
    );
    assert!(account["phone"].as_str().unwrap().starts_with("erased-"));
    assert_eq!(account["avatar_url"], Value::Null);
    // The account is still found by email (it was masked, not deleted), its orders are gone,
    // its invoice is untouched.
    let ids = s.ids("gone@example.com");
    assert!(ids.values("order_id").is_empty());
    assert_eq!(after[3], invoices_before, "{kind:?}");
    assert_eq!(
        s.export("stays@example.com"),
        other_before,
        "{kind:?}: the other customer is untouched"
    );
    // Running it again changes nothing more.
    let again = s.stores[0].erase(&s.ids("gone@example.com")).unwrap();
    assert_eq!(
        again
            .iter()
            .filter(|o| o.action == "delete")
            .map(|o| o.rows)
            .sum::<u64>(),
        0
    );
    assert_eq!(s.export("stays@example.com"), other_before);
}

/// A batch of subjects erased at once: each held row names the value that reached it, so
/// it can be told whose it is; held rows stream back by their keys, exactly as the export
/// writes them, and a key no longer there or of another shape is left out or refused.
fn batch_holds_name_their_subject(kind: Sql) {
    let s = shop(kind);
    for (n, email) in [
        (1, "a@example.com"),
        (2, "b@example.com"),
        (3, "c@example.com"),
    ] {
        add_customer(&s.db, n, email);
    }
    s.db.exec(
        "INSERT INTO invoices (id, account_id, amount, issued_at) VALUES (33, 3, 1.25, '2025-04-01');",
    );
    let a_invoices = s.export("a@example.com").pop().unwrap();
    let c_invoices = s.export("c@example.com").pop().unwrap();
    let mut ids = s.ids("a@example.com");
    ids.merge(s.ids("c@example.com"));
    let outcomes = s.stores[0].erase(&ids).unwrap();
    let mut held: Vec<(String, Vec<(String, String)>)> = outcomes[0]
        .retained
        .iter()
        .map(|r| (r.key.clone(), r.via.clone()))
        .collect();
    held.sort();
    let via = |v: &str| vec![("account_id".to_owned(), v.to_owned())];
    assert_eq!(
        held,
        [
            (r#"{"id":"1"}"#.to_owned(), via("1")),
            (r#"{"id":"3"}"#.to_owned(), via("3")),
            (r#"{"id":"33"}"#.to_owned(), via("3")),
        ],
        "{kind:?}"
    );
    let export_held = |keys: &[&str]| {
        let keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        let mut sink = Collect::default();
        s.stores[0]
            .export_held("invoices", &keys, &mut sink)
            .map(|()| sink.0)
    };
    assert_eq!(
        export_held(&[r#"{"id":"1"}"#]).unwrap(),
        [a_invoices],
        "{kind:?}"
    );
    let mut c_held = export_held(&[r#"{"id":"33"}"#, r#"{"id":"3"}"#, r#"{"id":"99"}"#]).unwrap();
    c_held[0].1.sort_by_key(|r| r["id"].to_string());
    let mut c_want = c_invoices;
    c_want.1.sort_by_key(|r| r["id"].to_string());
    assert_eq!(c_held, [c_want], "{kind:?}");
    assert!(
        export_held(&[r#"{"account_id":"3"}"#]).is_err(),
        "not the key"
    );
    assert!(
        export_held(&[r#"{"id":"3x"}"#]).is_err(),
        "not a value of the key"
    );
}

/// Resolving many subjects at once, each derived value traced to the values that reached
/// it, gives each subject exactly what resolving it alone gives: hostile and mixed-case
/// addresses, a subject with no rows, an account with two orders.
fn resolving_each_is_resolving_one_by_one(kind: Sql) {
    let s = shop(kind);
    for (n, email) in HOSTILE.iter().enumerate().take(10) {
        add_customer(&s.db, i64::try_from(n).unwrap() + 1, email);
    }
    // Account 2 gets a second order (a line of account 1's order rides along).
    s.db.exec(&format!(
        "INSERT INTO {} (id, account_id, total, placed_at) VALUES (5001, 2, 1.00, '2026-02-01');",
        kind.q("order")
    ));
    s.db.exec("INSERT INTO order_lines (id, order_id, sku, qty) VALUES (5001, 1001, 'SHARED', 1);");
    let mut emails: Vec<&str> = HOSTILE.iter().take(10).copied().collect();
    emails.push("nobody@example.com");
    emails.push("ANA@example.com");
    let seeds: Vec<Identifiers> = emails
        .iter()
        .map(|e| {
            let mut ids = Identifiers::default();
            ids.insert("email", (*e).to_owned());
            ids
        })
        .collect();
    let each = stores::resolve_each(&s.map, &s.stores, seeds.clone()).unwrap();
    for (seed, got) in seeds.into_iter().zip(each) {
        let alone = stores::resolve_from(&s.map, &s.stores, seed.clone()).unwrap();
        assert_eq!(got, alone, "{kind:?} {:?}", seed.values("email"));
    }
}

#[test]
fn postgres_resolving_each() {
    resolving_each_is_resolving_one_by_one(Sql::Postgres);
}

#[test]
fn mysql_resolving_each() {
    resolving_each_is_resolving_one_by_one(Sql::Mysql);
}

#[test]
fn sqlite_resolving_each() {
    resolving_each_is_resolving_one_by_one(Sql::Sqlite);
}

#[test]
fn postgres_batch_holds() {
    batch_holds_name_their_subject(Sql::Postgres);
}

#[test]
fn mysql_batch_holds() {
    batch_holds_name_their_subject(Sql::Mysql);
}

#[test]
fn sqlite_batch_holds() {
    batch_holds_name_their_subject(Sql::Sqlite);
}

#[test]
fn postgres_erase() {
    erase_touches_only_the_subject(Sql::Postgres);
}

#[test]
fn mysql_erase() {
    erase_touches_only_the_subject(Sql::Mysql);
}

#[test]
fn sqlite_erase() {
    erase_touches_only_the_subject(Sql::Sqlite);
}

/// The exported records of `ty@example.com` from the table `types` of `db`.
fn export_types(kind: Sql, db: &StoreDb) -> Collect {
    let map = format!(
        "[[store]]\nname = \"t\"\ntype = \"{}\"\nurl = \"{}\"\n[[store.table]]\nname = \"types\"\nmatch = {{ column = \"email\", identifier = \"email\" }}\nerase = \"delete\"\n",
        kind.type_name(),
        db.url
    );
    let map = DataMap::parse(&map).unwrap();
    let stores = stores::open_all(&map).unwrap();
    let ids = stores::resolve(&map, &stores, "ty@example.com").unwrap();
    let mut sink = Collect::default();
    stores[0].export(&ids, &mut sink).unwrap();
    sink
}

fn fidelity(kind: Sql, ddl: &str, insert: &str, expected: &str) {
    let db = StoreDb::new(kind);
    db.exec(ddl);
    db.exec(insert);
    let sink = export_types(kind, &db);
    let expected: Value = serde_json::from_str(expected).unwrap();
    assert_eq!(sink.0[0].1, [expected], "{kind:?}");
    // Numbers keep their exact digits in the text too.
    let text = serde_json::to_string(&sink.0[0].1[0]).unwrap();
    for digits in ["9007199254740993", "0.1"] {
        assert!(text.contains(digits), "{kind:?}: {text}");
    }
}

#[test]
fn postgres_type_fidelity() {
    fidelity(
        Sql::Postgres,
        "CREATE TABLE types (id BIGINT PRIMARY KEY, email TEXT, i INTEGER, bi BIGINT, dec NUMERIC(30,10), f DOUBLE PRECISION, \
         b BOOLEAN, d DATE, ts TIMESTAMP(6), tstz TIMESTAMPTZ, j JSONB, bin BYTEA, u UUID, t TEXT, n TEXT)",
        "INSERT INTO types VALUES (1, 'ty@example.com', -7, 9007199254740993, 12345678901234567890.0123456789, 0.1, true, \
         '2028-02-29', '2026-01-02 03:04:05.123456', '2026-01-02 03:04:05.123456+02', '{\"a\": [1, 2.50, \"x\"]}', \
         '\\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'quote \" and \\ and é', NULL)",
        r#"{"id":1,"email":"ty@example.com","i":-7,"bi":9007199254740993,"dec":12345678901234567890.0123456789,"f":0.1,
            "b":true,"d":"2028-02-29","ts":"2026-01-02T03:04:05.123456Z","tstz":"2026-01-02T01:04:05.123456Z",
            "j":{"a":[1,2.50,"x"]},"bin":"AP8Q","u":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11","t":"quote \" and \\ and é","n":null}"#,
    );
}

#[test]
fn mysql_type_fidelity() {
    fidelity(
        Sql::Mysql,
        "CREATE TABLE types (id BIGINT PRIMARY KEY, email VARCHAR(255), i INT, bi BIGINT, `dec` DECIMAL(30,10), f DOUBLE, \
         b BOOLEAN, d DATE, ts DATETIME(6), j JSON, bin VARBINARY(16), t TEXT, n TEXT)",
        "INSERT INTO types VALUES (1, 'ty@example.com', -7, 9007199254740993, 12345678901234567890.0123456789, 0.1, true, \
         '2028-02-29', '2026-01-02 03:04:05.123456', '{\"a\": [1, 2.50, \"x\"]}', x'00ff10', 'quote \" and \\\\ and é', NULL)",
        r#"{"id":1,"email":"ty@example.com","i":-7,"bi":9007199254740993,"dec":12345678901234567890.0123456789,"f":0.1,
            "b":true,"d":"2028-02-29","ts":"2026-01-02T03:04:05.123456Z","j":{"a":[1,2.50,"x"]},"bin":"AP8Q",
            "t":"quote \" and \\ and é","n":null}"#,
    );
}

#[test]
fn sqlite_type_fidelity() {
    fidelity(
        Sql::Sqlite,
        "CREATE TABLE types (id INTEGER PRIMARY KEY, email TEXT, i INTEGER, bi INTEGER, f REAL, b BOOLEAN, d DATE, \
         ts DATETIME, j JSON, bin BLOB, t TEXT, n TEXT)",
        "INSERT INTO types VALUES (1, 'ty@example.com', -7, 9007199254740993, 0.1, 1, '2028-02-29', \
         '2026-01-02T03:04:05.123Z', '{\"a\": [1, 2.50, \"x\"]}', x'00ff10', 'quote \" and \\ and é', NULL)",
        r#"{"id":1,"email":"ty@example.com","i":-7,"bi":9007199254740993,"f":0.1,"b":true,"d":"2028-02-29",
            "ts":"2026-01-02T03:04:05.123Z","j":{"a":[1,2.50,"x"]},"bin":"AP8Q","t":"quote \" and \\ and é","n":null}"#,
    );
}

#[test]
fn check_names_every_missing_table_and_column() {
    for kind in Sql::ALL {
        let s = shop(kind);
        let broken = shop_map(kind, &s.db.url)
            .replace("\"order_lines\"", "\"order_items\"")
            .replace(
                "mask = [\"Full Name\", \"phone\"]",
                "mask = [\"full_name\", \"phone\"]",
            );
        let map = DataMap::parse(&broken).unwrap();
        let stores = stores::open_all(&map).unwrap();
        let problems: Vec<String> = stores[0]
            .check()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "store shop, table Account, column full_name: no such column (named by mask)",
                "store shop, table order_items: no such table",
            ],
            "{kind:?}"
        );
        assert!(
            stores::open_all(&s.map).unwrap()[0]
                .check()
                .unwrap()
                .is_empty()
        );
    }
}

#[test]
fn a_store_that_is_down_fails_quickly_naming_the_store() {
    let port = common::free_port();
    for (kind, url) in [
        (
            "postgres",
            format!("postgres://postgres@127.0.0.1:{port}/x"),
        ),
        ("mysql", format!("mysql://root@127.0.0.1:{port}/x")),
    ] {
        let map = format!(
            "[[store]]\nname = \"down\"\ntype = \"{kind}\"\nurl = \"{url}\"\n[[store.table]]\nname = \"users\"\nmatch = {{ column = \"email\", identifier = \"email\" }}\nerase = \"delete\"\n"
        );
        let map = DataMap::parse(&map).unwrap();
        let stores = stores::open_all(&map).unwrap();
        let start = Instant::now();
        let err = stores::resolve(&map, &stores, "a@example.com")
            .and_then(|ids| stores[0].export(&ids, &mut CountingSink::default()))
            .unwrap_err();
        assert!(
            start.elapsed() < Duration::from_secs(8),
            "{kind}: {:?}",
            start.elapsed()
        );
        assert_eq!(err.store, "down");
        assert!(
            matches!(err.kind, ErrorKind::Unreachable(_)),
            "{kind}: {err}"
        );
        assert!(
            err.to_string().starts_with("store down: cannot connect"),
            "{err}"
        );
    }
}

/// PostgreSQL rows travel as each column's text and become JSON in the connector: for every
/// type without a timestamp (those have their own format, above) the JSON is the value
/// `row_to_json` gives, digit for digit, including the awkward ones.
#[test]
fn postgres_rows_are_the_values_row_to_json_gives() {
    use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
    let db = StoreDb::new(Sql::Postgres);
    db.exec(
        "CREATE TYPE mood AS ENUM ('ok', 'sad');
         CREATE TABLE types (id BIGINT PRIMARY KEY, email TEXT, nan NUMERIC, inf DOUBLE PRECISION,
           small REAL, padded CHARACTER(6), vc VARCHAR(10), arr INTEGER[], txts TEXT[], iv INTERVAL,
           addr INET, m mood, js JSONB, jstr JSONB, plain JSON, d DATE, dinf DATE, t TIME, money_ NUMERIC(6,3),
           ctl TEXT)",
    );
    db.exec(
        "INSERT INTO types VALUES (1, 'ty@example.com', 'NaN', '-Infinity', 1.25, 'ab', 'x\"y', '{1,NULL,3}',
           '{\"a b\",\"c\"}', '1 day 02:03:04', '10.1.2.3/32', 'sad', '{\"k\": [true, null, 1.10]}', '\"just text\"',
           '{ \"spaced\" : 1 }', '2024-02-29', 'infinity', '23:59:59.5', -0.500, E'tab\\there\\u0001')",
    );
    let sink = export_types(Sql::Postgres, &db);

    #[derive(QueryableByName)]
    struct J {
        #[diesel(sql_type = diesel::sql_types::Text)]
        j: String,
    }
    let mut c = PgConnection::establish(&db.url).unwrap();
    let reference: J = diesel::sql_query("SELECT row_to_json(types)::text AS j FROM types")
        .get_result(&mut c)
        .unwrap();
    let reference: Value = serde_json::from_str(&reference.j).unwrap();
    assert_eq!(sink.0[0].1, [reference]);
}
