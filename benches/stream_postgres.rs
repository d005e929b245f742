//! Streams one subject's rows (1M by default, `BENCH_ROWS`) out of PostgreSQL through the
//! connector into a null sink, in the same run as `psql \copy (same query) TO STDOUT`
//! into /dev/null, and prints both times, their ratio and the process's peak RSS.
//!
//! `cargo bench --bench stream_postgres` (needs PostgreSQL on 127.0.0.1:5432 and `psql`).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dsr_portal::datamap::DataMap;
use dsr_portal::stores::sql::SqlStore;
use dsr_portal::stores::{self, CountingSink, Store};

const HOST: &str = "127.0.0.1";

fn psql(db: &str, args: &[&str]) -> std::process::Output {
    Command::new("psql")
        .args([
            "-h",
            HOST,
            "-U",
            "postgres",
            "-d",
            db,
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
        ])
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("psql (apt-get install postgresql-client)")
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let rows: u64 = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let db = format!("dsr_bench_{}", std::process::id());
    let out = psql("postgres", &["-c", &format!("CREATE DATABASE {db}")]);
    assert!(out.status.success(), "cannot create the benchmark database");
    let setup = format!(
        "CREATE TABLE usage_events (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, event TEXT NOT NULL, \
           at TIMESTAMPTZ NOT NULL, amount NUMERIC(12,2), details JSONB);
         INSERT INTO usage_events (user_id, event, at, amount, details)
           SELECT CASE WHEN g % 50 = 0 THEN 2 ELSE 1 END, 'report_viewed', now() - g * interval '1 second',
                  (g % 10000) / 100.0, jsonb_build_object('page', '/reports/' || g, 'ms', g % 997)
           FROM generate_series(1, {total}) g;
         CREATE INDEX ON usage_events (user_id);
         ANALYZE usage_events;",
        total = rows + rows / 49,
    );
    let started = Instant::now();
    let out = psql(&db, &["-c", &setup]);
    assert!(out.status.success(), "setup failed");
    eprintln!(
        "setup: {rows} rows of the subject in {:.1?}",
        started.elapsed()
    );

    let url = format!("postgres://postgres@{HOST}:5432/{db}");
    let map = DataMap::parse(&format!(
        "[[store]]\nname = \"app\"\ntype = \"postgres\"\nurl = \"{url}\"\n[[store.table]]\nname = \"usage_events\"\n\
         match = {{ column = \"user_id\", identifier = \"email\" }}\nerase = \"delete\"\n"
    ))
    .expect("map");
    let store = SqlStore::open(&map.store[0]).expect("store");
    let sql = store
        .export_sql("usage_events", 1)
        .expect("sql")
        .replace("$1", "'{1}'");
    let stores: Vec<Box<dyn Store>> = vec![Box::new(store)];
    let ids = stores::resolve(&map, &stores, "1").expect("ids");

    let mut psql_times = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let status = Command::new("psql")
            .args(["-h", HOST, "-U", "postgres", "-d", &db, "-q", "-c"])
            .arg(format!("\\copy ({sql}) TO STDOUT"))
            .stdout(Stdio::null())
            .status()
            .expect("psql");
        assert!(status.success());
        psql_times.push(t.elapsed());

        let t = Instant::now();
        let mut sink = CountingSink::default();
        stores[0].export(&ids, &mut sink).expect("export");
        ours.push(t.elapsed());
        assert_eq!(
            sink.objects[0].1, rows,
            "the connector streamed every row of the subject"
        );
    }
    let best = |v: &[Duration]| v.iter().min().copied().unwrap_or_default();
    let (p, o) = (best(&psql_times), best(&ours));
    println!("rows of the subject:         {rows}");
    println!(
        "psql \\copy (same query):     {:>8.3} s (best of {runs})",
        p.as_secs_f64()
    );
    println!(
        "connector -> null sink:      {:>8.3} s (best of {runs})",
        o.as_secs_f64()
    );
    println!(
        "ratio connector / psql:      {:>8.2}  (target <= 1.2)",
        o.as_secs_f64() / p.as_secs_f64()
    );
    println!(
        "connector process peak RSS: {:>8.1} MiB (target <= 48)",
        peak_rss_kib() as f64 / 1024.0
    );
    let _ = psql(
        "postgres",
        &["-c", &format!("DROP DATABASE {db} WITH (FORCE)")],
    );
}
