//! The DPO desk with 100 000 requests in PostgreSQL, through the real HTTP stack (session
//! lookup, queries, template): p50/p95 of the landing page (the "Needs you" queue: five
//! groups, each a SELECT and a count) and of register pages, each against a baseline — the
//! same page's raw SELECTs on a direct connection — with the ratio;
//! then the CSV of all 100 000 rows streamed, its time against `psql \copy` of the same
//! columns, and the process's peak RSS while streaming (flat: compared with a 10 000-row CSV).
//!
//! `cargo bench --bench admin_register` (needs PostgreSQL on 127.0.0.1:5432 and `psql`).
//! `BENCH_ROWS` (default 100000) and `BENCH_RUNS` (requests per page, default 200).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use dsr_portal::admin::register::{Filter, RawQuery};
use dsr_portal::admin::{Role, totp};
use dsr_portal::app::Application;
use dsr_portal::config::Config;
use dsr_portal::portal::Portal;

const HOST: &str = "127.0.0.1";
const PASSWORD: &str = "benchmark password 1";

fn psql(db: &str, sql: &str) -> std::process::Output {
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
        .args(["-c", sql])
        .stderr(Stdio::inherit())
        .output()
        .expect("psql (apt-get install postgresql-client)")
}

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

/// Resets the peak RSS to the current RSS (Linux `clear_refs` 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Stats {
    p50: Duration,
    p95: Duration,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    Stats {
        p50: pct(&v, 0.5),
        p95: pct(&v, 0.95),
    }
}

/// The raw SELECT of the register page (same columns, filter, order and limit).
fn baseline_sql(filter: &str) -> String {
    format!(
        "SELECT id, kind, status, jurisdiction, ticket_ref, received_at, verified_at, due_on, \
         extended_due_on, completed_at, register_due, channel, assignee FROM requests {filter} \
         ORDER BY register_due, id DESC LIMIT 51"
    )
}

/// The register's filter on open requests (closed ones only when asked for).
const OPEN: &str = "status NOT IN ('completed', 'expired', 'cancelled', 'rejected')";

/// The raw SELECTs of the queue: per group its first 50 rows and its count.
fn queue_sql() -> Vec<String> {
    let waiting = "SELECT request_id FROM request_progress WHERE state = 'waiting'";
    let groups = [
        "status = 'awaiting_approval'".to_owned(),
        "status = 'failed'".to_owned(),
        format!("status = 'processing' AND id IN ({waiting})"),
        format!(
            "register_due = DATE '9999-12-30' AND status NOT IN ('awaiting_approval', 'failed') \
             AND id NOT IN ({waiting})"
        ),
        format!(
            "register_due <= current_date + 7 AND status NOT IN ('awaiting_approval', 'failed') \
             AND id NOT IN ({waiting})"
        ),
    ];
    groups
        .iter()
        .flat_map(|w| {
            [
                format!("SELECT count(*) FROM requests WHERE {w}"),
                format!(
                    "SELECT id, kind, status, email, jurisdiction, received_at, register_due \
                     FROM requests WHERE {w} ORDER BY register_due, id DESC LIMIT 50"
                ),
            ]
        })
        .collect()
}

fn seed(url: &str, rows: u64) {
    let mut c = PgConnection::establish(url).expect("bench database");
    // Open requests due from 20 days ago to 70 days ahead; a third closed; some unverified.
    let sql = format!(
        "INSERT INTO requests (id, kind, status, email, jurisdiction, ticket_ref, received_at, \
           verify_by, verified_at, due_on, completed_at, updated_at) \
         SELECT gen_random_uuid()::text, \
           CASE WHEN i % 7 < 3 THEN 'erasure' ELSE 'access' END, \
           s.status, 'user' || i || '@example.com', \
           CASE WHEN i % 10 = 0 THEN 'uk' WHEN i % 10 = 1 THEN 'ccpa' ELSE 'gdpr' END, \
           CASE WHEN i % 4 = 0 THEN 'ZD-' || i END, \
           now() - (i % 400) * interval '1 day', now(), \
           CASE WHEN s.status <> 'unverified' THEN now() - (i % 400) * interval '1 day' END, \
           CASE WHEN s.status <> 'unverified' THEN current_date + (i % 90 - 20) END, \
           CASE WHEN s.status IN ('completed', 'rejected', 'cancelled') THEN now() END, now() \
         FROM generate_series(1, {rows}) AS i, \
         LATERAL (SELECT (ARRAY['completed','completed','completed','processing','processing', \
           'awaiting_approval','verified','failed','unverified','rejected','cancelled','scheduled'])[1 + i % 12] AS status) s"
    );
    diesel::sql_query(sql)
        .execute(&mut c)
        .expect("seed requests");
    // Some work waits for a partner; some UK clocks are stopped.
    diesel::sql_query(
        "INSERT INTO request_progress (request_id, store, state, rows, updated_at) \
         SELECT id, 'newsletter', 'waiting', 0, now() FROM requests \
         WHERE status = 'processing' AND id LIKE '%0'",
    )
    .execute(&mut c)
    .expect("seed partner steps");
    diesel::sql_query(
        "UPDATE requests SET paused_on = current_date \
         WHERE jurisdiction = 'uk' AND status = 'verified' AND id LIKE '%1'",
    )
    .execute(&mut c)
    .expect("seed pauses");
    // The steady state autovacuum keeps: visibility map set, statistics fresh (on both
    // tables the queue reads: without statistics for `request_progress` PostgreSQL guesses
    // 3 waiting rows, and its anti-joins compare every request with all 1,065 of them).
    diesel::sql_query("VACUUM ANALYZE requests, request_progress")
        .execute(&mut c)
        .expect("vacuum analyze");
}

async fn login(base: &str, secret: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        // Below the server's keep-alive (5 s): a connection left idle while the in-process
        // runs are measured is not reused just as the server closes it.
        .pool_idle_timeout(Duration::from_secs(2))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let csrf = |html: &str| {
        let i = html.find("name=\"csrf\" value=\"").expect("csrf") + 19;
        html[i..].split('"').next().unwrap_or_default().to_owned()
    };
    let page = client
        .get(format!("{base}/admin/login"))
        .send()
        .await
        .unwrap();
    let t = csrf(&page.text().await.unwrap());
    let r = client
        .post(format!("{base}/admin/login"))
        .form(&[
            ("email", "bench@example.com"),
            ("password", PASSWORD),
            ("csrf", &t),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "password step");
    let page = client
        .get(format!("{base}/admin/login/totp"))
        .send()
        .await
        .unwrap();
    let t = csrf(&page.text().await.unwrap());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let code = totp::code_at(secret, now).unwrap();
    let r = client
        .post(format!("{base}/admin/login/totp"))
        .form(&[("code", code.as_str()), ("csrf", &t)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "totp step");
    client
}

/// Streams a CSV, counting bytes and lines without keeping them.
async fn fetch_csv(client: &reqwest::Client, url: &str) -> (Duration, u64, u64) {
    let start = Instant::now();
    let mut r = client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let (mut bytes, mut lines) = (0u64, 0u64);
    while let Some(chunk) = r.chunk().await.unwrap() {
        bytes += chunk.len() as u64;
        lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
    }
    (start.elapsed(), bytes, lines)
}

/// `f` run `runs` times, each timed.
fn timed(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

/// A logged-in GET of `path`, warmed up 10 times, then timed `runs` times; each answer is a
/// 200 page with this `<h1>`.
async fn time_page(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    runs: usize,
    h1: &str,
) -> Vec<Duration> {
    for _ in 0..10 {
        let _ = client
            .get(format!("{base}{path}"))
            .send()
            .await
            .unwrap()
            .text()
            .await;
    }
    let mut http = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let r = client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let body = r.text().await.unwrap();
        http.push(t.elapsed());
        assert!(body.contains(&format!("<h1>{h1}</h1>")), "{path}");
    }
    http
}

/// One line of the table: HTTP, in process and raw SQL, p50 and p95, and HTTP p95 / raw p95.
fn print_row(name: &str, http: Vec<Duration>, svc: Vec<Duration>, raw: Vec<Duration>) {
    let (h, s, b) = (stats(http), stats(svc), stats(raw));
    println!(
        "{:<48} {:>8.2} {:>8.2} {:>12.2} {:>12.2} {:>12.2} {:>12.2} {:>7.1}",
        name,
        ms(h.p50),
        ms(h.p95),
        ms(s.p50),
        ms(s.p95),
        ms(b.p50),
        ms(b.p95),
        ms(h.p95) / ms(b.p95).max(0.001)
    );
}

fn main() {
    let rows: u64 = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let db = format!("dsr_bench_desk_{}", std::process::id());
    assert!(
        psql("postgres", &format!("CREATE DATABASE {db}"))
            .status
            .success(),
        "cannot create the benchmark database"
    );
    let url = format!("postgres://postgres@{HOST}:5432/{db}?gssencmode=disable");
    let dir = tempfile::tempdir().expect("tempdir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let mut config = Config::default();
    config.server.bind = format!("127.0.0.1:{port}");
    config.server.public_url = format!("http://127.0.0.1:{port}");
    config.server.workers = 2;
    config.database.url = url.clone();
    config.mail.outbox_dir = dir.path().join("var/outbox");
    config.export.dir = dir.path().join("exports");
    config.security.secret_key_env = "DSR_BENCH_UNSET_SECRET".into();
    config.admin.login_rate_per_minute = 1000;
    let portal = Portal::open(config).expect("portal");
    let t = Instant::now();
    seed(&url, rows);
    println!(
        "seeded {rows} requests in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let uri = dsr_portal::service::accounts::add(
        &portal,
        "bench@example.com",
        Role::Dpo,
        PASSWORD,
        "bench",
    )
    .expect("admin");
    let secret = uri
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("secret="))
        .expect("secret")
        .to_owned();

    let base = format!("http://127.0.0.1:{port}");
    // The register without a filter lists open requests only.
    let open = format!("WHERE {OPEN}");
    let overdue_uk =
        format!("WHERE register_due < current_date AND jurisdiction = 'uk' AND {OPEN}");
    let by_email = format!("WHERE email = 'user77777@example.com' AND {OPEN}");
    let pages = [
        ("register, first page", "/admin?view=all", open.as_str()),
        (
            "filtered: status=awaiting_approval&kind=erasure",
            "/admin?status=awaiting_approval&kind=erasure",
            "WHERE status = 'awaiting_approval' AND kind = 'erasure'",
        ),
        (
            "filtered: overdue=1&jurisdiction=uk",
            "/admin?overdue=1&jurisdiction=uk",
            overdue_uk.as_str(),
        ),
        (
            "filtered: q=user77777@example.com",
            "/admin?q=user77777%40example.com",
            by_email.as_str(),
        ),
        ("register, page 100", "/admin?page=100", open.as_str()),
    ];
    let db2 = db.clone();
    actix_web::rt::System::new().block_on(async move {
        let db = db2;
        let app = Application::build(portal.clone(), false).expect("app");
        actix_web::rt::spawn(app.run_until_stopped());
        let client = login(&base, &secret).await;
        let mut conn = PgConnection::establish(&url).expect("baseline connection");
        println!(
            "\n{:<48} {:>8} {:>8} {:>12} {:>12} {:>12} {:>12} {:>7}",
            "page",
            "HTTP p50",
            "HTTP p95",
            "service p50",
            "service p95",
            "raw SQL p50",
            "raw SQL p95",
            "p95 x"
        );
        println!(
            "  (HTTP: logged-in GET, session check, page + counts, template; service: page + \
             overdue/due-soon counts in process; raw SQL: the page's SELECTs alone; x: HTTP p95 / raw p95)"
        );
        // The landing page: the queue, against its ten raw statements run one after another.
        let http = time_page(&client, &base, "/admin", runs, "Needs you").await;
        let sqls = queue_sql();
        let raw = timed(runs, || {
            for sql in &sqls {
                diesel::sql_query(sql.as_str()).execute(&mut conn).unwrap();
            }
        });
        let svc = timed(runs, || {
            dsr_portal::service::desk::queue_page(&portal, None).expect("queue");
        });
        print_row("Needs you (the landing page /admin)", http, svc, raw);
        for (name, path, filter) in pages {
            let http = time_page(&client, &base, path, runs, "All requests").await;
            let sql = if path.contains("page=100") {
                baseline_sql(filter).replace("LIMIT 51", "LIMIT 51 OFFSET 4950")
            } else {
                baseline_sql(filter)
            };
            let raw = timed(runs, || {
                diesel::sql_query(sql.as_str()).execute(&mut conn).unwrap();
            });
            let qs = path.split_once('?').map_or("", |(_, q)| q);
            let raw_query = actix_web::web::Query::<RawQuery>::from_query(qs)
                .expect("query")
                .into_inner();
            let filter = Filter::parse(&raw_query).expect("filter");
            let svc = timed(runs, || {
                dsr_portal::service::desk::register_page(&portal, &filter).expect("page");
            });
            print_row(name, http, svc, raw);
        }

        println!("\nregister CSV (streamed over HTTP)");
        for (label, path) in [
            ("10% (jurisdiction=uk)", "/admin/register.csv?jurisdiction=uk"),
            ("all rows", "/admin/register.csv?closed=1"),
        ] {
            reset_peak();
            let before = rss_kib("VmRSS:");
            let (took, bytes, lines) = fetch_csv(&client, &format!("{base}{path}")).await;
            let peak = rss_kib("VmHWM:");
            println!(
                "  {label:<24} {:>7} rows  {:>6.1} MiB  {:>7.2} s  RSS before {:>6.1} MiB, peak while streaming {:>6.1} MiB",
                lines.saturating_sub(1),
                bytes as f64 / 1048576.0,
                took.as_secs_f64(),
                before as f64 / 1024.0,
                peak as f64 / 1024.0
            );
        }
        let t = Instant::now();
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "psql -h {HOST} -U postgres -d {db} -q -c \"\\copy (SELECT id, kind, status, jurisdiction, ticket_ref, \
                 received_at, verified_at, due_on, extended_due_on, register_due, completed_at FROM requests \
                 ORDER BY register_due, id DESC) TO STDOUT WITH CSV HEADER\" > /dev/null"
            ))
            .status()
            .expect("psql");
        assert!(out.success());
        let copy = t.elapsed();
        let (http_csv, _, _) =
            fetch_csv(&client, &format!("{base}/admin/register.csv?closed=1")).await;
        println!(
            "  baseline psql \\copy of the same columns and order: {:.2} s; HTTP CSV {:.2} s: ratio {:.2}",
            copy.as_secs_f64(),
            http_csv.as_secs_f64(),
            http_csv.as_secs_f64() / copy.as_secs_f64()
        );
    });
    let _ = psql("postgres", &format!("DROP DATABASE {db} WITH (FORCE)"));
}
