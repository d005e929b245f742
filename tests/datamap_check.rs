//! `dsr-portal datamap check` on a good map, a map with shape mistakes, a map whose names
//! don't exist in the live store, and a store that is down.

mod common;

use common::stores::{Sql, StoreDb};
use common::{stderr, stdout};

fn run(map: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let map_path = dir.path().join("datamap.toml");
    std::fs::write(&map_path, map).unwrap();
    let config = dir.path().join("dsr-portal.toml");
    std::fs::write(
        &config,
        format!(
            "[database]\nurl = \"sqlite://{}\"\n[datamap]\npath = \"{}\"\n[mail]\noutbox_dir = \"{}\"\n",
            dir.path().join("portal.db").display(),
            map_path.display(),
            dir.path().join("var/outbox").display()
        ),
    )
    .unwrap();
    common::cli(&config, &["datamap", "check"])
}

fn users_map(url: &str, table: &str, column: &str) -> String {
    format!(
        "[[store]]\nname = \"app\"\ntype = \"postgres\"\nurl = \"{url}\"\n[[store.table]]\nname = \"{table}\"\nmatch = {{ column = \"{column}\", identifier = \"email\" }}\nderive = {{ user_id = \"id\" }}\nerase = \"delete\"\n\
         [[store]]\nname = \"cache\"\ntype = \"redis\"\nurl = \"redis://127.0.0.1:6379/\"\n[[store.keys]]\npattern = \"session:{{user_id}}:*\"\n"
    )
}

#[test]
fn a_good_map_prints_its_stores_and_exits_zero() {
    let db = StoreDb::new(Sql::Postgres);
    db.exec("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL)");
    let out = run(&users_map(&db.url, "users", "email"));
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    assert!(
        s.contains("users") && s.contains("email = {email}") && s.contains("user_id <- id"),
        "{s}"
    );
    assert!(s.contains("session:{user_id}:*"), "{s}");
    assert!(s.contains("data map ok: 2 store(s)"), "{s}");
}

#[test]
fn names_missing_from_the_live_schema_are_each_a_line() {
    let db = StoreDb::new(Sql::Postgres);
    db.exec("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL)");
    let out = run(&users_map(&db.url, "users", "mail"));
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(
        e.contains("store app, table users, column mail: no such column (named by match)"),
        "{e}"
    );
    assert!(
        e.trim_end()
            .ends_with("dsr-portal: the data map has 1 problem(s)"),
        "{e}"
    );
    let out = run(&users_map(&db.url, "people", "email"));
    assert!(
        stderr(&out).contains("store app, table people: no such table"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn shape_mistakes_are_reported_before_any_store_is_reached() {
    let out = run(
        "[[store]]\nname = \"app\"\ntype = \"sqlite\"\nurl = \"sqlite://nowhere.db\"\n[[store.table]]\nname = \"orders\"\nmatch = { column = \"account\", identifier = \"account_id\" }\nerase = \"wipe\"\n",
    );
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(
        e.contains("store app, table orders: erase = \"wipe\""),
        "{e}"
    );
    assert!(
        !e.contains("never derived"),
        "graph checks wait for a well-formed map: {e}"
    );
    let out = run(
        "[[store]]\nname = \"app\"\ntype = \"sqlite\"\nurl = \"sqlite://nowhere.db\"\n[[store.table]]\nname = \"orders\"\nmatch = { column = \"account\", identifier = \"account_id\" }\nerase = \"delete\"\n",
    );
    assert!(stderr(&out).contains(
        "store app, table orders, column account: identifier account_id is never derived from email"
    ));
}

#[test]
fn a_store_that_is_down_is_named() {
    let port = common::free_port();
    let out = run(&users_map(
        &format!("postgres://postgres@127.0.0.1:{port}/x"),
        "users",
        "email",
    ));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("store app: cannot connect"),
        "{}",
        stderr(&out)
    );
}
