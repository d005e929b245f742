//! The export pipeline (stores -> zip with CSV and JSON -> AES-GCM -> file) for one subject
//! with 100k and 1M rows in a PostgreSQL table, plus 10k Redis keys and 100 Stripe invoices
//! (the fake), against the floor measured in the same run right before it:
//! `psql \copy (the subject's rows) TO STDOUT WITH CSV | gzip -6 > /dev/null`.
//! Two shapes of table: `wide`, 10 typed columns, and `narrow` (issue 18), 5 columns
//! (bigint, integer, inet, text, timestamptz), where the per-row cost weighs most.
//!
//! Two measurements per shape, each in a child process, so its peak RSS is its own:
//! - `export`: the stores streamed into the archive, encrypted into a file (what
//!   `export::write_stores` and the archive do; no portal database);
//! - `pipeline`: a portal on its own PostgreSQL database takes an access request whose
//!   identity is verified and its worker runs every job due: the export job's pickup,
//!   identifiers, stores, README and manifest, encryption, storing the archive, the
//!   completion email (mail to the log and the outbox folder).
//!
//! `cargo bench --bench export` (`BENCH_SIZES=100000,1000000` to choose sizes,
//! `BENCH_SHAPES=wide|narrow` for one shape, `BENCH_RUNS=3` to repeat each measurement).

#[path = "../tests/common/fake_stripe.rs"]
#[allow(dead_code)]
mod fake_stripe;

use std::io::BufWriter;
use std::process::{Command, Stdio};
use std::time::Instant;

use dsr_portal::config::Config;
use dsr_portal::datamap::DataMap;
use dsr_portal::db::{requests, write_tx};
use dsr_portal::domain::{Details, EmailAddress, Kind, State};
use dsr_portal::export::archive::{Archive, Formats};
use dsr_portal::export::write_stores;
use dsr_portal::jobs::worker::run_one;
use dsr_portal::portal::Portal;
use dsr_portal::service::requests::{Submission, SubmitOptions, Submitted, submit_tx};
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

/// A table of the subject's rows, in one of two shapes.
struct Shape {
    /// As printed.
    name: &'static str,
    table: &'static str,
    /// `CREATE TABLE` and the `INSERT` of `{total}` rows (one in 20 another user's).
    setup: &'static str,
}

/// 10 typed columns (text, timestamptz, numeric, integer, boolean, date, jsonb, text).
const WIDE: Shape = Shape {
    name: "wide",
    table: "events",
    setup: "CREATE TABLE events (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, kind TEXT NOT NULL,
               at TIMESTAMPTZ NOT NULL, amount NUMERIC(12,2), count INTEGER, ok BOOLEAN, day DATE,
               details JSONB, note TEXT);
             INSERT INTO events (user_id, kind, at, amount, count, ok, day, details, note)
               SELECT CASE WHEN g % 20 = 0 THEN 2 ELSE 1 END, 'report_viewed', now() - g * interval '1 second',
                 (g % 100000) / 100.0, g % 1000, g % 2 = 0, date '2025-01-01' + (g % 365),
                 jsonb_build_object('page', '/reports/' || (g % 500), 'ms', g % 997), 'note ' || g
               FROM generate_series(1, {total}) g;
             CREATE INDEX ON events (user_id); ANALYZE events;",
};

/// 5 columns (issue 18): bigint, integer, inet, text, timestamptz, where the per-row cost
/// weighs most.
const NARROW: Shape = Shape {
    name: "narrow",
    table: "logins",
    setup:
        "CREATE TABLE logins (id BIGSERIAL PRIMARY KEY, user_id INTEGER NOT NULL, ip INET NOT NULL,
               agent TEXT NOT NULL, at TIMESTAMPTZ NOT NULL);
             INSERT INTO logins (user_id, ip, agent, at)
               SELECT CASE WHEN g % 20 = 0 THEN 2 ELSE 1 END,
                 ('10.' || (g % 256) || '.' || (g / 256 % 256) || '.' || (g % 251))::inet,
                 'Mozilla/5.0 client ' || (g % 50), now() - g * interval '1 second'
               FROM generate_series(1, {total}) g;
             CREATE INDEX ON logins (user_id); ANALYZE logins;",
};

fn map(db: &str, table: &str, prefix: &str, stripe: &str) -> String {
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
  name = "{table}"
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

/// The whole pipeline's child: a portal (its own database on PostgreSQL, archives in a
/// folder, mail to the log and the outbox folder) is handed an access request whose
/// identity support already verified, and its worker runs every job due: the export job's
/// pickup, the stores, the archive (README, manifest, encryption), the completion email.
/// Prints the same fields as [`child`], timed from the request's creation to no job left.
fn pipeline_child(map_text: &str, portal_db: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let map_path = dir.path().join("datamap.toml");
    std::fs::write(&map_path, map_text).expect("map");
    let config = dir.path().join("portal.toml");
    std::fs::write(
        &config,
        format!(
            "[database]\nurl = \"postgres://postgres@{HOST}:5432/{portal_db}\"\n\
             [datamap]\npath = \"{}\"\n[export]\ndir = \"{}\"\n[mail]\ntransport = \"log\"\noutbox_dir = \"{}\"\n",
            map_path.display(),
            dir.path().join("exports").display(),
            dir.path().join("outbox").display(),
        ),
    )
    .expect("config");
    let p = Portal::open(Config::load(Some(&config)).expect("config")).expect("portal");
    let submission = Submission {
        email: EmailAddress::parse("subject@example.com").expect("address"),
        kind: Kind::Access,
        jurisdiction: None,
        ticket_ref: None,
        actor: "bench".into(),
        details: Details::default(),
        language: p.i18n.default_lang(),
    };
    let verified = SubmitOptions {
        received_at: None,
        identity_verified: true,
    };
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let mut conn = p.conn().expect("conn");
    let Submitted::Created { id } =
        write_tx(&mut conn, |c| submit_tx(&p, c, &submission, &verified)).expect("request")
    else {
        panic!("the request existed")
    };
    drop(conn);
    while run_one(&p, "bench").expect("job") {}
    let took = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let mut conn = p.conn().expect("conn");
    let r = requests::get(&mut conn, &id)
        .expect("read")
        .expect("request");
    assert_eq!(r.state(), State::Completed, "the export did not complete");
    let mails = std::fs::read_dir(dir.path().join("outbox")).map_or(0, Iterator::count);
    assert!(mails >= 2, "{mails} mails: no completion email");
    let size: u64 = std::fs::read_dir(dir.path().join("exports"))
        .expect("exports")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!("{took} {} 0 {size} {cpu}", peak_rss_kib());
}

/// Runs a child (`BENCH_EXPORT_CHILD` or `BENCH_PIPELINE_CHILD` set in `envs`) and returns
/// its figures: seconds, peak RSS KiB, rows, archive bytes, CPU seconds.
fn run_child(envs: &[(&str, &str)]) -> Vec<f64> {
    let out = Command::new(std::env::current_exe().expect("exe"))
        .envs(envs.iter().copied())
        .env("BENCH_STRIPE_KEY", "sk_test_bench")
        .env("DSR_EXPORT_KEY", "09".repeat(32))
        .stderr(Stdio::inherit())
        .output()
        .expect("child");
    let line = String::from_utf8_lossy(&out.stdout);
    let f: Vec<f64> = line
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    assert!(out.status.success() && f.len() == 5, "child failed: {line}");
    f
}

/// `psql \copy (the subject's rows) TO STDOUT WITH CSV | gzip -6 > /dev/null`, in seconds.
fn floor(db: &str, table: &str) -> f64 {
    let t = Instant::now();
    let ok = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "psql -h {HOST} -U postgres -d {db} -q -c \"\\copy (SELECT * FROM {table} WHERE user_id = 1) TO STDOUT WITH CSV\" | gzip -6 > /dev/null"
        ))
        .status()
        .expect("floor")
        .success();
    assert!(ok);
    t.elapsed().as_secs_f64()
}

fn main() {
    if let Ok(m) = std::env::var("BENCH_EXPORT_CHILD") {
        child(&m);
        return;
    }
    if let (Ok(m), Ok(db)) = (
        std::env::var("BENCH_PIPELINE_CHILD"),
        std::env::var("BENCH_PORTAL_DB"),
    ) {
        pipeline_child(&m, &db);
        return;
    }
    let sizes: Vec<u64> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let shapes: Vec<Shape> = match std::env::var("BENCH_SHAPES").as_deref() {
        Ok("wide") => vec![WIDE],
        Ok("narrow") => vec![NARROW],
        _ => vec![WIDE, NARROW],
    };
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
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
        "{:>6}  {:>9}  {:>8}  {:>9}  {:>9}  {:>6}  {:>10}  {:>10}  {:>7}",
        "table", "rows", "what", "time s", "floor s", "ratio", "peak RSS", "archive", "CPU s"
    );
    let row = |shape: &str, rows: u64, what: &str, f: &[f64], floor: f64| {
        println!(
            "{:>6}  {:>9}  {:>8}  {:>9.2}  {:>9.2}  {:>6.2}  {:>6.1} MiB  {:>6.1} MiB  {:>7.2}",
            shape,
            rows,
            what,
            f[0],
            floor,
            f[0] / floor,
            f[1] / 1024.0,
            f[3] / 1024.0 / 1024.0,
            f[4]
        );
    };
    for rows in sizes {
        for shape in &shapes {
            let db = format!(
                "dsr_bench_export_{}_{}_{rows}",
                std::process::id(),
                shape.name
            );
            psql("postgres", &format!("CREATE DATABASE {db}"));
            psql(
                &db,
                &format!(
                    "CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL, stripe_customer_id TEXT);
                     INSERT INTO users VALUES (1, 'subject@example.com', '{customer}'), (2, 'other@example.com', NULL);
                     {}",
                    shape.setup.replace("{total}", &(rows + rows / 19).to_string())
                ),
            );
            let map_text = map(&db, shape.table, &prefix, &stripe.base);
            for _ in 0..runs {
                // The floor, then the export right after it, so both see the same load.
                let floor_s = floor(&db, shape.table);
                let f = run_child(&[("BENCH_EXPORT_CHILD", &map_text)]);
                row(shape.name, rows, "export", &f, floor_s);
            }
            for run in 0..runs {
                // A fresh portal each time (migrated before the clock starts).
                let portal_db = format!("{db}_portal_{run}");
                psql("postgres", &format!("CREATE DATABASE {portal_db}"));
                let floor_s = floor(&db, shape.table);
                let f = run_child(&[
                    ("BENCH_PIPELINE_CHILD", &map_text),
                    ("BENCH_PORTAL_DB", &portal_db),
                ]);
                row(shape.name, rows, "pipeline", &f, floor_s);
                psql(
                    "postgres",
                    &format!("DROP DATABASE {portal_db} WITH (FORCE)"),
                );
            }
            psql("postgres", &format!("DROP DATABASE {db} WITH (FORCE)"));
        }
    }
    let keys: Vec<String> = (0..10_000).map(|i| format!("{prefix}:k:1:{i}")).collect();
    let _: () = redis::cmd("DEL").arg(keys).query(&mut redis).unwrap_or(());
}
