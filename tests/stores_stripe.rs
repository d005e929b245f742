//! The `stripe` connector against a fake Stripe (tests/common/fake_stripe.rs) that follows
//! Stripe's documented responses: cursor pagination past 100 objects, matching by id and by
//! email, hostile identifier values, a wrong key, 404s, 429 with Retry-After, redaction that
//! clears exactly the personal fields and leaves invoices untouched, a chain through a SQL
//! store, and a Stripe that is down.

mod common;

use std::sync::Once;
use std::time::{Duration, Instant};

use common::fake_stripe::FakeStripe;
use common::stores::{Collect, Sql, StoreDb};
use dsr_portal::datamap::{DataMap, StoreDef};
use dsr_portal::stores::http_client::Retry;
use dsr_portal::stores::stripe::{PERSONAL_FIELDS, StripeStore};
use dsr_portal::stores::{self, ErrorKind, Identifiers, Store};
use serde_json::{Value, json};

const KEY: &str = "sk_test_51FakeKeyForTheTestSuite4242";
const KEY_ENV: &str = "DSR_TEST_STRIPE_KEY";
const WRONG_KEY: &str = "sk_test_51SomebodyElsesKey0000009999";
const WRONG_KEY_ENV: &str = "DSR_TEST_STRIPE_WRONG_KEY";

fn env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: every test of this binary calls env() before anything reads the
        // environment, and Once makes the others wait until it is set.
        unsafe {
            std::env::set_var(KEY_ENV, KEY);
            std::env::set_var(WRONG_KEY_ENV, WRONG_KEY);
        }
    });
}

fn def(base: &str, identifier: &str, key_env: &str) -> StoreDef {
    env();
    toml::from_str(&format!(
        r#"
name = "billing"
type = "stripe"
api_base = "{base}"
api_key_env = "{key_env}"
match = {{ identifier = "{identifier}" }}
erase = "redact_customer"
"#
    ))
    .unwrap()
}

fn store(fake: &FakeStripe, identifier: &str) -> Box<dyn Store> {
    stores::open(&def(&fake.base, identifier, KEY_ENV)).unwrap()
}

fn ids(name: &str, values: &[&str]) -> Identifiers {
    let mut ids = Identifiers::default();
    for v in values {
        ids.insert(name, (*v).to_owned());
    }
    ids
}

fn export(store: &dyn Store, ids: &Identifiers) -> Vec<(String, Vec<Value>)> {
    let mut sink = Collect::default();
    store.export(ids, &mut sink).unwrap();
    sink.0
}

fn counts(store: &dyn Store, ids: &Identifiers) -> Vec<(String, u64)> {
    store
        .locate(ids)
        .unwrap()
        .into_iter()
        .map(|l| (l.object, l.rows))
        .collect()
}

fn object_ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

fn param(seen: &common::fake_stripe::Seen, name: &str) -> Option<String> {
    seen.params()
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[test]
fn pages_through_more_than_a_hundred_invoices() {
    let fake = FakeStripe::start(KEY);
    let jane = fake.add_customer("jane@example.com");
    let other = fake.add_customer("other@example.com");
    fake.add_invoices(&other, 30);
    let invoices = fake.add_invoices(&jane, 250);
    fake.add_invoices(&other, 5);
    let charges = [fake.add_charge(&jane), fake.add_charge(&jane)];
    fake.add_charge(&other);
    let subs = [
        fake.add_subscription(&jane, "active"),
        fake.add_subscription(&jane, "canceled"),
    ];
    let s = store(&fake, "email");
    let subject = ids("email", &["jane@example.com"]);

    assert_eq!(
        counts(&*s, &subject),
        [
            ("customer".into(), 1),
            ("invoices".into(), 250),
            ("charges".into(), 2),
            ("subscriptions".into(), 2)
        ]
    );

    fake.clear_requests();
    let out = export(&*s, &subject);
    let objects: Vec<&str> = out.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(
        objects,
        ["customer", "invoices", "charges", "subscriptions"]
    );
    // Stripe's own objects, as Stripe returned them.
    assert_eq!(out[0].1, [fake.customer(&jane)]);
    assert_eq!(object_ids(&out[1].1), invoices);
    assert_eq!(object_ids(&out[2].1), charges);
    assert_eq!(object_ids(&out[3].1), subs, "canceled ones too");
    let stored: Vec<Value> = fake
        .state()
        .invoices
        .iter()
        .filter(|i| i["customer"] == jane.as_str())
        .cloned()
        .collect();
    assert_eq!(out[1].1, stored);
    // Numbers keep their digits.
    assert!(out[1].1[0].to_string().contains("1680.67"));

    // Three pages of at most 100, each after the last id of the one before.
    let pages: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/invoices")
        .collect();
    assert_eq!(pages.len(), 3);
    for p in &pages {
        assert_eq!(param(p, "limit").as_deref(), Some("100"));
        assert_eq!(param(p, "customer").as_deref(), Some(jane.as_str()));
    }
    assert_eq!(param(&pages[0], "starting_after"), None);
    assert_eq!(
        param(&pages[1], "starting_after").as_deref(),
        Some(invoices[99].as_str())
    );
    assert_eq!(
        param(&pages[2], "starting_after").as_deref(),
        Some(invoices[199].as_str())
    );
    let sub_query = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/subscriptions")
        .unwrap();
    assert_eq!(param(&sub_query, "status").as_deref(), Some("all"));
    assert!(fake.requests().iter().all(|r| r.method == "GET"));
}

#[test]
fn by_email_finds_every_customer_with_exactly_that_address() {
    let fake = FakeStripe::start(KEY);
    let first = fake.add_customer("ana@example.com");
    let second = fake.add_customer("ana@example.com");
    fake.add_customer("ANA@example.com");
    fake.add_customer("ana@example.com.evil");
    fake.add_invoices(&first, 2);
    fake.add_invoices(&second, 1);
    let s = store(&fake, "email");
    let subject = ids("email", &["ana@example.com"]);

    let derived = s.derive("email", &subject).unwrap();
    let mut expected = vec![first.clone(), second.clone()];
    expected.sort();
    assert_eq!(derived.values("stripe_customer_id"), expected);
    assert!(s.derive("stripe_customer_id", &subject).unwrap().is_empty());

    assert_eq!(
        counts(&*s, &subject)[..2],
        [("customer".into(), 2), ("invoices".into(), 3)]
    );
    let out = export(&*s, &subject);
    assert_eq!(object_ids(&out[0].1), [first, second]);
    // The address went out URL-encoded as a query parameter.
    let lookup = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/customers")
        .unwrap();
    assert_eq!(lookup.query, "email=ana%40example.com&limit=100");
}

#[test]
fn by_id_finds_the_customer_and_an_unknown_id_is_not_an_error() {
    let fake = FakeStripe::start(KEY);
    let jane = fake.add_customer("jane@example.com");
    fake.add_invoices(&jane, 3);
    fake.add_customer("other@example.com");
    let s = store(&fake, "stripe_customer_id");
    let subject = ids("stripe_customer_id", &[&jane, "cus_DoesNotExist"]);
    assert_eq!(
        counts(&*s, &subject),
        [
            ("customer".into(), 1),
            ("invoices".into(), 3),
            ("charges".into(), 0),
            ("subscriptions".into(), 0)
        ]
    );
    assert_eq!(export(&*s, &subject)[0].1, [fake.customer(&jane)]);
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.path == "/v1/customers/cus_DoesNotExist"),
        "the unknown id was asked for and answered 404 resource_missing"
    );
    // A store matched by id derives nothing.
    assert!(s.derive("stripe_customer_id", &subject).unwrap().is_empty());
}

fn hostile() -> Vec<String> {
    let mut v: Vec<String> = [
        "o'brien@example.com",
        "\"quoted\"@example.com",
        "100%@example.com",
        "a&email=b@example.com",
        "k=v@example.com",
        "what?@example.com",
        "hash#tag@example.com",
        "plus+tag@example.com",
        "space here@example.com",
        "slash/and\\back@example.com",
        "jürgen@例え.jp",
        "emoji😀@example.com",
        "%2e%2e",
        "...",
        "a/../b",
        // Lower case: addresses are the subject's in lower case (Stripe's email filter
        // is case-sensitive; README, Stripe).
        "x@example.com'); drop table customers; --",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    v.push(format!("{}@example.com", "a".repeat(10 * 1024)));
    v
}

#[test]
fn hostile_values_by_email_each_find_only_their_own_customer() {
    let fake = FakeStripe::start(KEY);
    let values = hostile();
    let mut owners = Vec::new();
    for v in &values {
        let id = fake.add_customer(v);
        fake.add_invoices(&id, 1);
        owners.push(id);
    }
    let s = store(&fake, "email");
    for (v, id) in values.iter().zip(&owners) {
        let out = export(&*s, &ids("email", &[v]));
        assert_eq!(object_ids(&out[0].1), [id.as_str()], "{:.40}", v);
        assert_eq!(out[0].1[0]["email"], v.as_str());
        assert_eq!(out[1].1.len(), 1, "{:.40}", v);
    }
    // Values nobody has, patterns and the empty string find nothing; the empty string is
    // never sent (an empty filter would list every customer).
    fake.clear_requests();
    for v in ["", "%", "*", "_", "a&email=", "?", "#", "jane@example.com "] {
        assert_eq!(counts(&*s, &ids("email", &[v]))[0].1, 0, "{v:?}");
    }
    for r in fake.requests() {
        assert!(param(&r, "email").is_some_and(|e| !e.is_empty()), "{r:?}");
    }
}

#[test]
fn hostile_values_by_id_each_find_only_their_own_customer() {
    let fake = FakeStripe::start(KEY);
    let values = hostile();
    for v in &values {
        fake.add_customer_with_id(v, "someone@example.com");
    }
    let s = store(&fake, "stripe_customer_id");
    for v in &values {
        let out = export(&*s, &ids("stripe_customer_id", &[v]));
        assert_eq!(object_ids(&out[0].1), [v.as_str()], "{:.40}", v);
    }
    // Nothing reaches the customer list: empty and dot segments are never sent, a slash
    // or a query in the value stays inside the one segment.
    fake.clear_requests();
    for v in [
        "",
        ".",
        "..",
        "?limit=100",
        "/",
        "../customers",
        "#",
        "cus_%",
    ] {
        let found = counts(&*s, &ids("stripe_customer_id", &[v]));
        assert_eq!(found[0].1, 0, "{v:?}");
    }
    let paths: Vec<String> = fake
        .requests()
        .into_iter()
        .map(|r| r.path + "?" + &r.query)
        .collect();
    assert_eq!(
        paths,
        [
            "/v1/customers/%3Flimit%3D100?",
            "/v1/customers/%2F?",
            "/v1/customers/..%2Fcustomers?",
            "/v1/customers/%23?",
            "/v1/customers/cus_%25?"
        ]
    );
}

#[test]
fn a_wrong_or_missing_key_is_a_clear_error_naming_the_store() {
    let fake = FakeStripe::start(KEY);
    fake.add_customer("jane@example.com");
    let s = stores::open(&def(&fake.base, "email", WRONG_KEY_ENV)).unwrap();
    for err in [
        s.check().unwrap_err(),
        s.export(
            &ids("email", &["jane@example.com"]),
            &mut Collect::default(),
        )
        .unwrap_err(),
    ] {
        assert_eq!(err.store, "billing");
        assert!(
            matches!(err.kind, ErrorKind::Remote { status: 401, .. }),
            "{err}"
        );
        let text = err.to_string();
        assert!(
            text.starts_with("store billing: the remote answered 401"),
            "{text}"
        );
        assert!(text.contains(WRONG_KEY_ENV), "names the variable: {text}");
        assert!(text.contains("Invalid API Key provided"), "{text}");
        assert!(!text.contains(WRONG_KEY), "never the key itself: {text}");
    }
    // The key travels as a bearer token.
    assert!(fake.requests().iter().all(|r| r.method == "GET"));

    let err = stores::open(&def(&fake.base, "email", "DSR_TEST_STRIPE_UNSET")).unwrap_err();
    assert_eq!(err.store, "billing");
    assert!(matches!(err.kind, ErrorKind::Config(_)));
    assert!(
        err.to_string().contains("DSR_TEST_STRIPE_UNSET is not set"),
        "{err}"
    );

    let good = store(&fake, "email");
    assert!(good.check().unwrap().is_empty());
    let last = fake.requests().pop().unwrap();
    assert_eq!(
        (last.path.as_str(), last.query.as_str()),
        ("/v1/customers", "limit=1")
    );
}

#[test]
fn a_wrong_api_base_answers_404_and_says_so() {
    let fake = FakeStripe::start(KEY);
    let s = stores::open(&def(&format!("{}/nope", fake.base), "email", KEY_ENV)).unwrap();
    let err = s.check().unwrap_err();
    match &err.kind {
        ErrorKind::Remote { status, message } => {
            assert_eq!(*status, 404);
            assert!(message.contains("Unrecognized request URL"), "{message}");
            assert!(message.contains("type invalid_request_error"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rate_limits_are_waited_out_as_retry_after_says() {
    let fake = FakeStripe::start(KEY);
    let jane = fake.add_customer("jane@example.com");
    fake.add_invoices(&jane, 2);
    let s = store(&fake, "email");
    fake.state().rate_limited = 2;
    let start = Instant::now();
    let out = export(&*s, &ids("email", &["jane@example.com"]));
    assert!(
        start.elapsed() >= Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out[1].1.len(), 2);
    // The two refused calls were the first customer lookup, repeated.
    let first: Vec<String> = fake
        .requests()
        .iter()
        .take(3)
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(first, ["/v1/customers"; 3]);

    // Without Retry-After, backoff; and it is bounded: a limit that never lifts is an error.
    let s = StripeStore::open(&def(&fake.base, "email", KEY_ENV))
        .unwrap()
        .with_retry(Retry {
            attempts: 3,
            base: Duration::from_millis(50),
            max_wait: Duration::from_secs(1),
        });
    {
        let mut st = fake.state();
        st.rate_limited = 100;
        st.retry_after = None;
    }
    fake.clear_requests();
    let err = s.check().unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::Remote { status: 429, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("code rate_limit"), "{err}");
    assert_eq!(fake.requests().len(), 3);
}

#[test]
fn redact_clears_exactly_the_personal_fields_and_keeps_invoices() {
    let fake = FakeStripe::start(KEY);
    let jane = fake.add_customer("jane@example.com");
    let other = fake.add_customer("other@example.com");
    let invoices = fake.add_invoices(&jane, 3);
    fake.add_invoices(&other, 2);
    fake.add_charge(&jane);
    let before = fake.customer(&jane);
    let other_before = fake.customer(&other);
    let invoices_before: Vec<String> = fake.state().invoices.iter().map(Value::to_string).collect();
    let charges_before: Vec<String> = fake.state().charges.iter().map(Value::to_string).collect();

    let s = store(&fake, "email");
    let subject = ids("email", &["jane@example.com"]);
    let outcomes = s.erase(&subject).unwrap();
    let summary: Vec<(&str, &str, u64)> = outcomes
        .iter()
        .map(|o| (o.object.as_str(), o.action, o.rows))
        .collect();
    assert_eq!(
        summary,
        [("customer", "redact", 1), ("invoices", "retain", 3)]
    );
    let held: Vec<(String, Option<String>)> = outcomes[1]
        .retained
        .iter()
        .map(|r| (r.key.clone(), r.from.clone()))
        .collect();
    assert_eq!(
        held,
        invoices
            .iter()
            .zip(["2025-01-01", "2025-01-02", "2025-01-03"])
            .map(|(id, d)| (json!({ "id": id }).to_string(), Some(d.to_owned())))
            .collect::<Vec<_>>()
    );
    // Each held invoice names the value that found its customer (whose it is).
    for r in &outcomes[1].retained {
        assert_eq!(r.via, [("email".to_owned(), "jane@example.com".to_owned())]);
    }

    // Exactly the personal fields changed.
    let after = fake.customer(&jane);
    let (Value::Object(b), Value::Object(a)) = (&before, &after) else {
        panic!()
    };
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in a {
        if PERSONAL_FIELDS.contains(&k.as_str()) {
            let cleared = if k == "metadata" {
                json!({})
            } else {
                Value::Null
            };
            assert_eq!(*v, cleared, "{k}");
            assert_ne!(b[k], cleared, "{k} had a value before");
        } else {
            assert_eq!(*v, b[k], "{k} is untouched");
        }
    }
    // One form-encoded update with empty values; no DELETE, ever; nothing else touched.
    let requests = fake.requests();
    let posts: Vec<_> = requests.iter().filter(|r| r.method != "GET").collect();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].method, "POST");
    assert_eq!(posts[0].path, format!("/v1/customers/{jane}"));
    assert_eq!(
        posts[0].body,
        "name=&email=&phone=&description=&address=&shipping=&metadata="
    );
    assert!(requests.iter().all(|r| r.method != "DELETE"));
    let invoices_after: Vec<String> = fake.state().invoices.iter().map(Value::to_string).collect();
    assert_eq!(invoices_after, invoices_before, "invoices byte-identical");
    let charges_after: Vec<String> = fake.state().charges.iter().map(Value::to_string).collect();
    assert_eq!(charges_after, charges_before);
    assert_eq!(fake.customer(&other), other_before);

    // The address is gone from Stripe, so a second run by email finds nobody; by id it
    // finds the customer already redacted (nothing to change) and still reports the invoices.
    let again = s.erase(&subject).unwrap();
    assert_eq!((again[0].rows, again[1].rows), (0, 0));
    let by_id = store(&fake, "stripe_customer_id");
    let again = by_id.erase(&ids("stripe_customer_id", &[&jane])).unwrap();
    assert_eq!((again[0].rows, again[1].rows), (0, 3));
    assert_eq!(fake.customer(&jane), after);
    assert!(fake.requests().iter().all(|r| r.method != "DELETE"));
}

/// An access answer's copy of held invoices: each retrieved by its id (percent-encoded),
/// exactly those asked for, in the order asked; one Stripe no longer has is left out.
#[test]
fn held_invoices_are_retrieved_by_their_ids() {
    let fake = FakeStripe::start(KEY);
    let jane = fake.add_customer("jane@example.com");
    let other = fake.add_customer("other@example.com");
    let mine = fake.add_invoices(&jane, 3);
    fake.add_invoices(&other, 2);
    let s = store(&fake, "email");
    let mut keys: Vec<String> = [&mine[2], &mine[0]]
        .iter()
        .map(|id| json!({ "id": id }).to_string())
        .collect();
    keys.push(json!({ "id": "in_gone/../x" }).to_string());
    fake.clear_requests();
    let mut sink = Collect::default();
    s.export_held("invoices", &keys, &mut sink).unwrap();
    assert_eq!(sink.0.len(), 1);
    assert_eq!(sink.0[0].0, "invoices");
    assert_eq!(object_ids(&sink.0[0].1), [mine[2].clone(), mine[0].clone()]);
    assert!(sink.0[0].1.iter().all(|i| i["customer"] == jane.as_str()));
    let paths: Vec<String> = fake.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            format!("/v1/invoices/{}", mine[2]),
            format!("/v1/invoices/{}", mine[0]),
            "/v1/invoices/in_gone%2F..%2Fx".to_owned()
        ]
    );
    assert!(fake.requests().iter().all(|r| r.method == "GET"));
    let mut sink = Collect::default();
    assert!(s.export_held("charges", &keys, &mut sink).is_err());
    assert!(s.export_held("invoices", &["7".into()], &mut sink).is_err());
}

#[test]
fn a_stripe_that_is_down_fails_quickly_naming_the_store() {
    let port = common::free_port();
    let s = stores::open(&def(&format!("http://127.0.0.1:{port}"), "email", KEY_ENV)).unwrap();
    let start = Instant::now();
    let err = s
        .export(
            &ids("email", &["jane@example.com"]),
            &mut Collect::default(),
        )
        .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(err.store, "billing");
    assert!(matches!(err.kind, ErrorKind::Unreachable(_)), "{err}");
    assert!(
        err.to_string().starts_with("store billing: cannot connect"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("jane"),
        "no identifier in the message: {err}"
    );
}

fn chain_map(stripe_base: &str, sqlite_url: &str, stripe_match: &str) -> String {
    env();
    let (table, stripe_table) = if stripe_match == "email" {
        (
            "",
            r#"
  [[store.table]]
  name = "subscriptions"
  match = { column = "stripe_customer_id", identifier = "stripe_customer_id" }
  erase = "delete"
"#,
        )
    } else {
        (
            r#"
  [[store.table]]
  name = "users"
  match = { column = "email", identifier = "email" }
  derive = { stripe_customer_id = "stripe_customer_id" }
  erase = "delete"
"#,
            "",
        )
    };
    format!(
        r#"
[[store]]
name = "app"
type = "sqlite"
url = "{sqlite_url}"
{table}{stripe_table}
[[store]]
name = "billing"
type = "stripe"
api_base = "{stripe_base}"
api_key_env = "{KEY_ENV}"
match = {{ identifier = "{stripe_match}" }}
erase = "redact_customer"
"#
    )
}

#[test]
fn identifier_chains_run_through_stripe_both_ways() {
    let fake = FakeStripe::start(KEY);
    let jane = fake.add_customer("jane@example.com");
    fake.add_invoices(&jane, 2);
    let db = StoreDb::new(Sql::Sqlite);
    db.exec(&format!(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, stripe_customer_id TEXT);
         INSERT INTO users VALUES (1, 'jane@example.com', '{jane}');
         CREATE TABLE subscriptions (id INTEGER PRIMARY KEY, stripe_customer_id TEXT, plan TEXT);
         INSERT INTO subscriptions VALUES (1, '{jane}', 'pro'), (2, 'cus_other', 'free');"
    ));

    // app.users derives the customer id; Stripe is matched by it.
    let map = DataMap::parse(&chain_map(&fake.base, &db.url, "stripe_customer_id")).unwrap();
    let all = stores::open_all(&map).unwrap();
    let subject = stores::resolve(&map, &all, "jane@example.com").unwrap();
    assert_eq!(subject.values("stripe_customer_id"), [jane.as_str()]);
    assert_eq!(export(&*all[1], &subject)[1].1.len(), 2);

    // Stripe matched by email derives the customer id that app.subscriptions is matched by:
    // the map is accepted (the identifier is reachable) and the chain resolves.
    let map = DataMap::parse(&chain_map(&fake.base, &db.url, "email")).unwrap();
    let all = stores::open_all(&map).unwrap();
    let subject = stores::resolve(&map, &all, "jane@example.com").unwrap();
    assert_eq!(subject.values("stripe_customer_id"), [jane.as_str()]);
    let rows = export(&*all[0], &subject);
    assert_eq!(
        rows[0].1,
        [json!({"id": 1, "stripe_customer_id": jane, "plan": "pro"})]
    );
}

/// A placeholder customer id the map lists in `ignore` is never looked up.
#[test]
fn ignored_values_are_never_looked_up() {
    let fake = FakeStripe::start(KEY);
    fake.add_customer_with_id("cus_placeholder", "shared@example.com");
    let mut def = def(&fake.base, "stripe_customer_id", KEY_ENV);
    def.ignore = vec!["cus_placeholder".into()];
    let s = stores::open(&def).unwrap();
    fake.clear_requests();
    let out = export(&*s, &ids("stripe_customer_id", &["cus_placeholder"]));
    assert!(out[0].1.is_empty(), "{out:?}");
    assert!(
        fake.requests()
            .iter()
            .all(|r| !r.path.contains("cus_placeholder")),
        "{:?}",
        fake.requests()
    );
}
