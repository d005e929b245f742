//! The export pipeline (stores -> zip with CSV and JSON -> AES-GCM -> file) for one subject
//! with 100k and 1M rows in a PostgreSQL table of 10 typed columns, plus 10k Redis keys and
//! 100 Stripe invoices (the fake), against the floor measured in the same run:
//! `psql \copy (the subject's rows) TO STDOUT WITH CSV | gzip -6 > /dev/null`.
//! Each export runs in a child process, so its peak RSS is its own.
//!
//! `cargo bench --bench export` (`BENCH_SIZES=100000,1000000` to choose sizes).

#[path = "../tests/common/fake_stripe.rs"]
#[allow(dead_code)]
mod fake_stripe;

use std::io::BufWriter;
use std::process::{Command, Stdio};
use std::time::Instant;

use dsr_portal::datamap::DataMap;
use dsr_portal::export::archive::{Archive, Formats};
use dsr_portal::export::write_stores;
use dsr_portal::storage::crypto::{ArchiveKey, EncryptingWriter};
use dsr_portal::stores;

const HOST: &str = "127.0.0.1";

fn psql(db: &str, sql: &str) {
    let ok = Command::new("psql")
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
            "-c",
            sql,
        ])
        .status()
        .expect("psql")
        .success();
    assert!(ok, "psql failed: {sql}");
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// User + system CPU seconds of this process so far (all threads).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which is in parentheses): utime is 14th, stime 15th.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn map(db: &str, prefix: &str, stripe: &str) -> String {
    format!(
        r#"
[[store]]
name = "app"
type = "postgres"
url = "postgres://postgres@{HOST}:5432/{db}"
  [[store.table]]
  name = "users"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ user_id = "id", stripe_customer_id = "stripe_customer_id" }}
  erase = "delete"
  [[store.table]]
  name = "events"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
[[store]]
name = "cache"
type = "redis"
url = "redis://{HOST}:6379/"
  [[store.keys]]
  pattern = "{prefix}:k:{{user_id}}:*"
[[store]]
name = "billing"
type = "stripe"
api_base = "{stripe}"
api_key_env = "BENCH_STRIPE_KEY"
match = {{ identifier = "stripe_customer_id" }}
erase = "redact_customer"
"#
    )
}

/// The child: one export, then its time and peak RSS on stdout.
fn child(map_text: &str) {
    let map = DataMap::parse(map_text).expect("map");
    let stores = stores::open_all(&map).expect("stores");
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let ids = stores::resolve(&map, &stores, "subject@example.com").expect("ids");
    let dir = tempfile::tempdir().expect("tmp");
    let file = std::fs::File::create(dir.path().join("a.zip.enc")).expect("file");
    let key = ArchiveKey::from_bytes([9; 32]);
    let enc = EncryptingWriter::new(BufWriter::with_capacity(256 * 1024, file), &key).expect("enc");
    let mut archive = Archive::new(
        enc,
        Formats {
            csv: true,
            json: true,
        },
    );
    // The bench's map has no manual store.
    let mut no_manual = |_: &str, _: &mut Archive<_>| Ok(0);
    write_stores(
        &stores,
        &ids,
        &[],
        &mut archive,
        &mut |_, _, _| {},
        &mut no_manual,
    )
    .expect("export");
    let manifest = serde_json::to_vec(&archive.stores).expect("manifest");
    archive
        .add_file("manifest.json", &manifest)
        .expect("manifest");
    let rows: u64 = archive.stores.iter().map(|s| s.total_rows()).sum();
    archive.finish().expect("zip").finish().expect("encrypt");
    let size = std::fs::metadata(dir.path().join("a.zip.enc"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "{} {} {} {} {}",
        t.elapsed().as_secs_f64(),
        peak_rss_kib(),
        rows,
        size,
        cpu_seconds() - cpu0
    );
}

fn main() {
    if let Ok(m) = std::env::var("BENCH_EXPORT_CHILD") {
        child(&m);
        return;
    }
    let sizes: Vec<u64> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let stripe = fake_stripe::FakeStripe::start("sk_test_bench");
    let customer = stripe.add_customer("subject@example.com");
    stripe.add_invoices(&customer, 100);
    let prefix = format!("bench{}", std::process::id());
    let mut redis = redis::Client::open(format!("redis://{HOST}:6379/"))
        .and_then(|c| c.get_connection())
        .expect("redis");
    let mut pipe = redis::pipe();
    for i in 0..10_000 {
        pipe.cmd("SET")
            .arg(format!("{prefix}:k:1:{i}"))
            .arg(format!("value {i}"))
            .ignore();
    }
    let _: () = pipe.query(&mut redis).expect("redis keys");

    println!(
        "{:>9}  {:>9}  {:>9}  {:>6}  {:>10}  {:>10}  {:>9}",
        "rows", "export s", "floor s", "ratio", "peak RSS", "archive", "export CPU s"
    );
    for rows in sizes {
        let db = format!("dsr_bench_export_{}_{rows}", std::process::id());
        psql("postgres", &format!("CREATE DATABASE {db}"));
        psql(
            &db,
            &format!(
                "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL, stripe_customer_id TEXT);
                 INSERT INTO users VALUES (1, 'subject@example.com', '{customer}'), (2, 'other@example.com', NULL);
                 CREATE TABLE events (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, kind TEXT NOT NULL,
                   at TIMESTAMPTZ NOT NULL, amount NUMERIC(12,2), count INTEGER, ok BOOLEAN, day DATE,
                   details JSONB, note TEXT);
                 INSERT INTO events (user_id, kind, at, amount, count, ok, day, details, note)
                   SELECT CASE WHEN g % 20 = 0 THEN 2 ELSE 1 END, 'report_viewed', now() - g * interval '1 second',
                     (g % 100000) / 100.0, g % 1000, g % 2 = 0, date '2025-01-01' + (g % 365),
                     jsonb_build_object('page', '/reports/' || (g % 500), 'ms', g % 997), 'note ' || g
                   FROM generate_series(1, {total}) g;
                 CREATE INDEX ON events (user_id); ANALYZE events;",
                total = rows + rows / 19,
            ),
        );
        let floor_sql = "SELECT * FROM events WHERE user_id = 1";
        let t = Instant::now();
        let ok = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "psql -h {HOST} -U postgres -d {db} -q -c \"\\copy ({floor_sql}) TO STDOUT WITH CSV\" | gzip -6 > /dev/null"
            ))
            .status()
            .expect("floor")
            .success();
        assert!(ok);
        let floor = t.elapsed().as_secs_f64();
        let out = Command::new(std::env::current_exe().expect("exe"))
            .env("BENCH_EXPORT_CHILD", map(&db, &prefix, &stripe.base))
            .env("BENCH_STRIPE_KEY", "sk_test_bench")
            .stderr(Stdio::inherit())
            .output()
            .expect("child");
        let line = String::from_utf8_lossy(&out.stdout);
        let f: Vec<f64> = line
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        assert!(f.len() == 5, "child failed: {line}");
        println!(
            "{:>9}  {:>9.2}  {:>9.2}  {:>6.2}  {:>7.1} MiB  {:>6.1} MiB  {:>9.2}",
            rows,
            f[0],
            floor,
            f[0] / floor,
            f[1] / 1024.0,
            f[3] / 1024.0 / 1024.0,
            f[4]
        );
        psql("postgres", &format!("DROP DATABASE {db} WITH (FORCE)"));
    }
    let keys: Vec<String> = (0..10_000).map(|i| format!("{prefix}:k:1:{i}")).collect();
    let _: () = redis::cmd("DEL").arg(keys).query(&mut redis).unwrap_or(());
}
