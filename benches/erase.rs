//! The erasure engine on PostgreSQL, against the database's own floor in the same run:
//!
//! 1. One subject with 1M rows in a table of ~10 typed columns: the engine (a portal
//!    database on PostgreSQL, the run recorded, the ledger written) against a raw
//!    `DELETE FROM copy WHERE user_id = 1` on an identical copy (same rows, same index).
//! 2. A retention run with 100k subjects due, each with a few rows in three tables:
//!    subjects per second.
//!
//! `cargo bench --bench erase` (`BENCH_ROWS=1000000`, `BENCH_SUBJECTS=100000` to choose).

use std::process::Command;
use std::time::Instant;

use dsr_portal::config::Config;
use dsr_portal::erasure::retention;
use dsr_portal::erasure::{Engine, Finished, Origin};
use dsr_portal::portal::Portal;
use dsr_portal::stores::Identifiers;

const HOST: &str = "127.0.0.1";

fn psql(db: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([
            "-h",
            HOST,
            "-U",
            "postgres",
            "-d",
            db,
            "-v",
            "ON_ERROR_STOP=1",
            "-qAt",
            "-c",
            sql,
        ])
        .output()
        .expect("psql (apt-get install postgresql-client)");
    assert!(
        out.status.success(),
        "psql failed: {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A portal on its own PostgreSQL database, over `map`.
fn portal(dir: &std::path::Path, db: &str, map: &str) -> Portal {
    psql("postgres", &format!("DROP DATABASE IF EXISTS {db}"));
    psql("postgres", &format!("CREATE DATABASE {db}"));
    let map_path = dir.join(format!("{db}.toml"));
    std::fs::write(&map_path, map).unwrap();
    let config = dir.join(format!("{db}-portal.toml"));
    std::fs::write(
        &config,
        format!(
            "[database]\nurl = \"postgres://postgres@{HOST}:5432/{db}?gssencmode=disable\"\n\
             [datamap]\npath = \"{}\"\n[export]\ndir = \"{}\"\n[mail]\ntransport = \"log\"\noutbox_dir = \"{}\"\n",
            map_path.display(),
            dir.join("exports").display(),
            dir.join("outbox").display(),
        ),
    )
    .unwrap();
    // SAFETY: set before any other thread exists.
    unsafe { std::env::set_var("DSR_EXPORT_KEY", "00".repeat(32)) };
    Portal::open(Config::load(Some(&config)).expect("config")).expect("portal")
}

fn one_subject(dir: &std::path::Path, rows: usize) -> (f64, f64) {
    let store = "dsr_bench_erase_store";
    psql("postgres", &format!("DROP DATABASE IF EXISTS {store}"));
    psql("postgres", &format!("CREATE DATABASE {store}"));
    let table = |name: &str| {
        format!(
            "CREATE TABLE {name} (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, kind TEXT, amount NUMERIC(12,2), \
             qty INTEGER, ratio DOUBLE PRECISION, ok BOOLEAN, at TIMESTAMPTZ, day DATE, note TEXT, meta JSONB); \
             CREATE INDEX ON {name} (user_id);"
        )
    };
    psql(
        store,
        &format!(
            "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT UNIQUE); {} {}",
            table("events"),
            table("events_copy")
        ),
    );
    let fill = |name: &str| {
        format!(
            "INSERT INTO {name} (user_id, kind, amount, qty, ratio, ok, at, day, note, meta) \
             SELECT CASE WHEN g <= {rows} THEN 1 ELSE 2 + g % 1000 END, 'view', g * 0.01, g % 100, g / 7.0, g % 2 = 0, \
             now() - g * interval '1 second', current_date - (g % 300), 'note ' || g, jsonb_build_object('g', g) \
             FROM generate_series(1, {}) g",
            rows + rows / 10
        )
    };
    psql(store, "INSERT INTO users VALUES (1, 'big@example.com')");
    psql(store, &fill("events"));
    psql(store, &fill("events_copy"));
    psql(store, "VACUUM ANALYZE");
    // Both tables read once, so neither side starts from a cold cache.
    psql(
        store,
        "SELECT count(*) FROM events; SELECT count(*) FROM events_copy",
    );
    let map = format!(
        r#"
[[store]]
name = "app"
type = "postgres"
url = "postgres://postgres@{HOST}:5432/{store}"
  [[store.table]]
  name = "users"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ user_id = "id" }}
  erase = "delete"
  [[store.table]]
  name = "events"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
"#
    );
    let p = portal(dir, "dsr_bench_erase_portal", &map);
    // The floor: the database deleting the same rows from an identical copy.
    let t = Instant::now();
    psql(store, "DELETE FROM events_copy WHERE user_id = 1");
    let floor = t.elapsed().as_secs_f64();
    assert_eq!(
        psql(store, "SELECT count(*) FROM events_copy WHERE user_id = 1"),
        "0"
    );

    let t = Instant::now();
    let engine = Engine::open(&p).expect("engine");
    let mut seeds = Identifiers::default();
    seeds.insert("email", "big@example.com".into());
    let ids = engine.resolve(seeds).expect("resolve");
    let origin = Origin {
        request_id: None,
        source: "bench",
        subjects: 1,
        actor: "bench",
    };
    let mut conn = p.conn().unwrap();
    let id = dsr_portal::db::write_tx(&mut conn, |c| engine.begin(c, &origin, &ids, None)).unwrap();
    drop(conn);
    let done = engine.execute(&p, &id, &origin, &|| {}).expect("erase");
    let took = t.elapsed().as_secs_f64();
    let Finished::Completed(report) = done else {
        panic!("not completed")
    };
    let erased: u64 = report
        .stores
        .iter()
        .flat_map(|s| &s.objects)
        .filter(|o| o.object == "events")
        .map(|o| o.rows)
        .sum();
    assert_eq!(erased, rows as u64);
    psql("postgres", &format!("DROP DATABASE {store} WITH (FORCE)"));
    (took, floor)
}

fn retention_run(dir: &std::path::Path, subjects: usize) -> (f64, usize) {
    let store = "dsr_bench_retention_store";
    psql("postgres", &format!("DROP DATABASE IF EXISTS {store}"));
    psql("postgres", &format!("CREATE DATABASE {store}"));
    psql(
        store,
        &format!(
            "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT UNIQUE NOT NULL, name TEXT);
             CREATE TABLE subscriptions (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id), plan TEXT, ended_at TIMESTAMPTZ);
             CREATE TABLE sessions (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, token TEXT);
             CREATE TABLE invoices (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, issued_at DATE NOT NULL);
             CREATE INDEX ON subscriptions (user_id); CREATE INDEX ON sessions (user_id); CREATE INDEX ON invoices (user_id);
             -- addresses are compared case-insensitively: the index README tells operators to add
             CREATE INDEX ON users (lower(email));
             INSERT INTO users SELECT g, 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, {n}) g;
             INSERT INTO subscriptions (user_id, plan, ended_at) SELECT g, 'pro', now() - interval '61 days' FROM generate_series(1, {n}) g;
             INSERT INTO sessions (user_id, token) SELECT g % {n} + 1, md5(g::text) FROM generate_series(1, {n} * 2) g;
             INSERT INTO invoices (user_id, issued_at) SELECT g, current_date - 100 FROM generate_series(1, {n}) g WHERE g % 10 = 0;",
            n = subjects
        ),
    );
    psql(store, "VACUUM ANALYZE");
    let map = format!(
        r#"
[[store]]
name = "app"
type = "postgres"
url = "postgres://postgres@{HOST}:5432/{store}"
  [[store.table]]
  name = "users"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ user_id = "id" }}
  erase = "delete"
  [[store.table]]
  name = "subscriptions"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
  [[store.table]]
  name = "sessions"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
  [[store.table]]
  name = "invoices"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = {{ retain = "tax law", years = 8, from = "issued_at", from_year_end = true }}

[[retention]]
name = "ended-subscriptions"
store = "app"
subjects_sql = "SELECT u.email FROM users u JOIN subscriptions s ON s.user_id = u.id GROUP BY u.email HAVING max(s.ended_at) < now() - interval '60 days'"
"#
    );
    let p = portal(dir, "dsr_bench_retention_portal", &map);
    let t = Instant::now();
    let report = retention::run(
        &p,
        dsr_portal::db::now(),
        retention::Options::default(),
        &mut |_, _, _| {},
    )
    .expect("retention run");
    let took = t.elapsed().as_secs_f64();
    let r = &report.rules[0];
    assert_eq!(
        (r.found, r.erased, r.failed),
        (subjects, subjects, 0),
        "{r:?}"
    );
    assert_eq!(psql(store, "SELECT count(*) FROM users"), "0");
    psql("postgres", &format!("DROP DATABASE {store} WITH (FORCE)"));
    (took, r.erased)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let rows = env_usize("BENCH_ROWS", 1_000_000);
    let subjects = env_usize("BENCH_SUBJECTS", 100_000);
    println!(
        "erase one subject with {rows} rows (PostgreSQL), against DELETE on an identical copy"
    );
    let (took, floor) = one_subject(dir.path(), rows);
    println!(
        "  engine {took:.2} s   raw DELETE {floor:.2} s   ratio {:.2}",
        took / floor
    );
    println!("retention run with {subjects} subjects due (3 tables each, 10% with a held invoice)");
    let (took, erased) = retention_run(dir.path(), subjects);
    println!(
        "  {erased} subjects in {took:.2} s   {:.0} subjects/s (target >= 2000)",
        erased as f64 / took
    );
}
