//! `dsr-portal datamap check` on a good map, a map with shape mistakes, a map whose names
//! don't exist in the live store, and a store that is down.

mod common;

use common::stores::{Sql, StoreDb};
use common::{stderr, stdout};

/// `[art15]` filled in, as a production configuration has it (else `datamap check` warns).
const ART15: &str = "[art15]\ncontroller = \"Example GmbH, privacy@example.com\"\n\
                     purposes = [\"Running your account\"]\n\
                     complaints = \"Your data protection authority\"\n";

fn run(map: &str) -> std::process::Output {
    run_with(map, ART15)
}

/// `datamap check` with `extra` appended to the configuration.
fn run_with(map: &str, extra: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let map_path = dir.path().join("datamap.toml");
    std::fs::write(&map_path, map).unwrap();
    let config = dir.path().join("dsr-portal.toml");
    std::fs::write(
        &config,
        format!(
            "[database]\nurl = \"sqlite://{}\"\n[datamap]\npath = \"{}\"\n[mail]\noutbox_dir = \"{}\"\n{extra}",
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
    assert!(!stderr(&out).contains("[art15]"), "{}", stderr(&out));
}

/// While `[art15]` holds its defaults or a placeholder, every archive would ship them: the
/// check warns (the map itself is fine, so it still succeeds).
#[test]
fn an_unfilled_art15_is_warned_about() {
    let db = StoreDb::new(Sql::Postgres);
    db.exec("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL)");
    let map = users_map(&db.url, "users", "email");
    for (art15, named) in [
        ("", "(art15.controller, art15.purposes, art15.complaints "),
        (
            &*ART15.replace("Running your account", "..."),
            "(art15.purposes ",
        ),
    ] {
        let out = run_with(&map, art15);
        assert!(
            out.status.success(),
            "a warning, not a problem: {}",
            stderr(&out)
        );
        let e = stderr(&out);
        assert!(
            e.contains(&format!("warning: [art15] is not filled in {named}")),
            "{e}"
        );
    }
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

/// A lookup that reads a whole big table is a warning naming the fix (the map still works);
/// the index that serves it silences it.
#[test]
fn a_lookup_that_scans_a_big_table_is_a_warning_with_the_index_to_add() {
    let db = StoreDb::new(Sql::Postgres);
    db.exec(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL);
         INSERT INTO users SELECT n, 'user' || n || '@example.com' FROM generate_series(1, 12000) n;
         CREATE INDEX users_email ON users (email);
         ANALYZE users;",
    );
    let out = run(&users_map(&db.url, "users", "email"));
    assert!(out.status.success(), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("warning: store app, table users, column email: finding email here reads all 10000+ rows")
            && e.contains("CREATE INDEX ON \"users\" (lower(\"email\"))"),
        "{e}"
    );
    // The lower() index serves the case-insensitive lookup: no warning.
    db.exec("CREATE INDEX users_email_lower ON users (lower(email)); ANALYZE users;");
    let out = run(&users_map(&db.url, "users", "email"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));

    let lite = StoreDb::new(Sql::Sqlite);
    lite.exec(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
         INSERT INTO users SELECT i, 'user' || i || '@example.com' FROM n;",
    );
    let map = users_map(&lite.url, "users", "email").replace("\"postgres\"", "\"sqlite\"");
    let out = run(&map);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("CREATE INDEX \"users_email_lookup\" ON \"users\" (lower(\"email\"))"),
        "{}",
        stderr(&out)
    );
    lite.exec("CREATE INDEX users_lower ON users (lower(email));");
    let out = run(&map);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));

    // MariaDB: a binary collation can't serve a case-insensitive lookup; a _ci one can.
    let my = StoreDb::new(Sql::Mysql);
    my.exec(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100) COLLATE utf8mb4_bin NOT NULL, KEY (email));
         INSERT INTO users SELECT seq, CONCAT('user', seq, '@example.com') FROM seq_1_to_12000;
         ANALYZE TABLE users;",
    );
    let map = users_map(&my.url, "users", "email").replace("\"postgres\"", "\"mysql\"");
    let out = run(&map);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("give the column a _ci collation"),
        "{}",
        stderr(&out)
    );
    my.exec("ALTER TABLE users MODIFY email VARCHAR(100) COLLATE utf8mb4_general_ci NOT NULL; ANALYZE TABLE users;");
    let out = run(&map);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}
