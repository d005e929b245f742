//! The Redis connector against the real server: every data type with its TTL, SCAN-based
//! lookup where glob characters in identifier values match only themselves, erase by UNLINK.

mod common;

use dsr_portal::datamap::DataMap;
use dsr_portal::stores::{self, ErrorKind, Identifiers, RecordSink, Store};
use serde_json::{Value, json};

const URL: &str = "redis://127.0.0.1:6379/";

fn redis() -> redis::Connection {
    redis::Client::open(URL)
        .and_then(|c| c.get_connection())
        .unwrap_or_else(|e| {
            panic!(
                "Redis is not reachable at {URL} ({e}). Start it with: redis-server --daemonize yes --bind 127.0.0.1 \
                 --port 6379 --save \"\" --appendonly no"
            )
        })
}

fn cmd(con: &mut redis::Connection, args: &[&str]) {
    let mut c = redis::cmd(args[0]);
    for a in &args[1..] {
        c.arg(*a);
    }
    let _: redis::Value = c.query(con).unwrap();
}

/// A store over a key prefix of its own, so tests can run in parallel on one server.
fn store(prefix: &str) -> Box<dyn Store> {
    let map = format!(
        "[[store]]\nname = \"cache\"\ntype = \"redis\"\nurl = \"{URL}\"\n[[store.keys]]\npattern = \"{prefix}:session:{{email}}:*\"\n[[store.keys]]\npattern = \"{prefix}:profile:{{email}}\"\n"
    );
    let map = DataMap::parse(&map).unwrap();
    stores::open_all(&map).unwrap().pop().unwrap()
}

/// The subject, known here by one identifier (the patterns use `{email}` so the map is
/// valid on its own; a real map derives e.g. `user_id` from a SQL store first).
fn ids(user: &str) -> Identifiers {
    let mut ids = Identifiers::default();
    ids.insert("email", user.into());
    ids
}

#[derive(Default)]
struct Collect(Vec<Value>);

impl RecordSink for Collect {
    fn begin(&mut self, object: &str) -> Result<(), String> {
        assert_eq!(object, "keys");
        Ok(())
    }
    fn record(&mut self, json: &str) -> Result<(), String> {
        self.0
            .push(serde_json::from_str(json).map_err(|e| e.to_string())?);
        Ok(())
    }
    fn end(&mut self) -> Result<(), String> {
        Ok(())
    }
}

fn export(s: &dyn Store, user: &str) -> Vec<Value> {
    let mut sink = Collect::default();
    s.export(&ids(user), &mut sink).unwrap();
    sink.0
}

#[test]
fn every_type_is_exported_with_its_ttl() {
    let p = format!("t{}", uuid::Uuid::new_v4().simple());
    let mut con = redis();
    let k = |s: &str| format!("{p}:{s}");
    cmd(
        &mut con,
        &["SET", &k("session:42:a"), "token-a", "EX", "3600"],
    );
    cmd(
        &mut con,
        &[
            "HSET",
            &k("session:42:h"),
            "ip",
            "10.0.0.1",
            "ua",
            "Firefox",
        ],
    );
    cmd(&mut con, &["RPUSH", &k("session:42:l"), "one", "two"]);
    cmd(&mut con, &["SADD", &k("session:42:s"), "b", "a"]);
    cmd(
        &mut con,
        &["ZADD", &k("session:42:z"), "1.5", "m1", "10", "m2"],
    );
    cmd(
        &mut con,
        &["XADD", &k("session:42:x"), "1-1", "event", "login"],
    );
    cmd(&mut con, &["SET", &k("profile:42"), "{\"plan\":\"pro\"}"]);
    cmd(&mut con, &["SET", &k("session:43:a"), "someone else"]);
    let s = store(&p);
    let got = export(s.as_ref(), "42");
    let by_key = |name: &str| got.iter().find(|v| v["key"] == k(name)).cloned().unwrap();
    assert_eq!(got.len(), 7, "{got:?}");
    let a = by_key("session:42:a");
    assert_eq!(
        (a["type"].clone(), a["value"].clone()),
        (json!("string"), json!("token-a"))
    );
    assert!(a["ttl"].as_i64().unwrap() > 3500);
    assert_eq!(
        by_key("session:42:h")["value"],
        json!({"ip": "10.0.0.1", "ua": "Firefox"})
    );
    assert_eq!(by_key("session:42:h")["ttl"], Value::Null);
    assert_eq!(by_key("session:42:l")["value"], json!(["one", "two"]));
    assert_eq!(by_key("session:42:s")["value"], json!(["a", "b"]));
    assert_eq!(
        by_key("session:42:z")["value"],
        json!([["m1", 1.5], ["m2", 10]])
    );
    assert_eq!(by_key("session:42:z")["type"], json!("zset"));
    assert_eq!(
        by_key("session:42:x")["value"],
        json!([{"id": "1-1", "fields": {"event": "login"}}])
    );
    assert_eq!(s.locate(&ids("42")).unwrap()[0].rows, 7);

    // Erase removes exactly the subject's keys.
    let out = s.erase(&ids("42")).unwrap();
    assert_eq!((out[0].action, out[0].rows), ("delete", 7));
    assert!(export(s.as_ref(), "42").is_empty());
    assert_eq!(
        export(s.as_ref(), "43").len(),
        1,
        "the other subject's key is untouched"
    );
}

#[test]
fn glob_characters_in_identifiers_match_only_themselves() {
    let p = format!("t{}", uuid::Uuid::new_v4().simple());
    let mut con = redis();
    let users = ["1", "12", "1*", "?", "[1]", "a\\b", "ü", "o'neil", "%"];
    for u in users {
        cmd(&mut con, &["SET", &format!("{p}:session:{u}:s"), u]);
    }
    // A key for "nobody": an empty or blank value is never an identifier.
    cmd(&mut con, &["SET", &format!("{p}:session::s"), "nobody"]);
    cmd(&mut con, &["SET", &format!("{p}:session: :s"), "blank"]);
    let s = store(&p);
    for u in users {
        let got = export(s.as_ref(), u);
        assert_eq!(got.len(), 1, "{u:?}: {got:?}");
        assert_eq!(got[0]["value"], json!(u));
    }
    for u in [
        "",
        " ",
        "*",
        "1?",
        "[12]",
        "\\",
        "x".repeat(10 * 1024).as_str(),
    ] {
        assert!(export(s.as_ref(), u).is_empty(), "{u:?}");
    }
}

#[test]
fn a_redis_that_is_down_is_a_typed_error() {
    let port = common::free_port();
    let map = format!(
        "[[store]]\nname = \"cache\"\ntype = \"redis\"\nurl = \"redis://127.0.0.1:{port}/\"\n[[store.keys]]\npattern = \"s:{{email}}\"\n"
    );
    let map = DataMap::parse(&map).unwrap();
    let s = stores::open_all(&map).unwrap().pop().unwrap();
    let err = s.locate(&ids("1")).unwrap_err();
    assert_eq!(err.store, "cache");
    assert!(matches!(err.kind, ErrorKind::Unreachable(_)), "{err}");
}

/// An address matches its keys in any case; a value the keys list in `ignore` is never put
/// into the pattern.
#[test]
fn addresses_match_in_any_case_and_ignored_values_never() {
    let p = format!("t{}", uuid::Uuid::new_v4().simple());
    let mut con = redis();
    cmd(
        &mut con,
        &["SET", &format!("{p}:session:Dave@Example.COM:1"), "dave"],
    );
    cmd(
        &mut con,
        &["SET", &format!("{p}:session:dave@example.co:1"), "other"],
    );
    cmd(&mut con, &["SET", &format!("{p}:session:n/a:1"), "nobody"]);
    let map = format!(
        "[[store]]\nname = \"cache\"\ntype = \"redis\"\nurl = \"{URL}\"\n[[store.keys]]\npattern = \"{p}:session:{{email}}:*\"\nignore = [\"n/a\"]\n"
    );
    let s = stores::open_all(&DataMap::parse(&map).unwrap())
        .unwrap()
        .pop()
        .unwrap();
    let got = export(s.as_ref(), "dave@example.com");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["value"], json!("dave"));
    assert!(export(s.as_ref(), "n/a").is_empty());
    s.erase(&ids("n/a")).unwrap();
    assert_eq!(export(s.as_ref(), "dave@example.co").len(), 1);
}
