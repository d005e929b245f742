//! Faults lose nothing: SMTP down, a worker killed holding a job, two workers on one queue.

mod common;

use std::collections::HashMap;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, eventually};
use diesel::prelude::*;
use dsr_portal::config::Config;
use dsr_portal::db::{self, schema::jobs, schema::outbox, write_tx};
use dsr_portal::jobs::worker::Workers;
use dsr_portal::mail::Rendered;
use dsr_portal::portal::Portal;

#[actix_web::test]
async fn mail_queued_while_smtp_is_down_is_delivered_once_it_returns() {
    let port = Smtp::unstarted_port();
    let placeholder = Smtp {
        port,
        store: Default::default(),
        refused: Default::default(),
    };
    let setup = Setup::new(Backend::Postgres, port);
    let app = TestApp::spawn_setup(setup, placeholder, true).await;
    let email = "down@example.com";
    assert_eq!(
        app.submit(email, "access").await.status(),
        303,
        "the subject is not bothered"
    );

    let portal = app.portal.clone();
    eventually(
        "a failed delivery attempt",
        Duration::from_secs(20),
        move || {
            let mut c = portal.conn().unwrap();
            outbox::table
                .select(outbox::attempts)
                .first::<i32>(&mut *c)
                .is_ok_and(|a| a >= 2)
        },
    )
    .await;
    let error: Option<String> = outbox::table
        .select(outbox::last_error)
        .first(&mut *app.conn())
        .unwrap();
    assert!(error.unwrap().contains("SMTP"), "the failure is recorded");

    let smtp = Smtp::start_on(port);
    let mail = smtp.wait_for_nth(email, 1).await;
    assert_eq!(mail.subject, "Confirm your privacy request");
    app.settle().await;
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.count_to(email), 1, "delivered exactly once");
    let sent: Option<time::PrimitiveDateTime> = outbox::table
        .select(outbox::sent_at)
        .first(&mut *app.conn())
        .unwrap();
    assert!(sent.is_some());
}

/// A TCP server that accepts connections and never answers: an SMTP send hangs on it.
fn black_hole() -> (u16, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(8) {
            held.push(stream);
        }
    });
    (port, handle)
}

#[actix_web::test]
async fn a_job_held_by_a_killed_worker_runs_again_after_its_lease() {
    let smtp = Smtp::start();
    let setup = Setup::new(Backend::Postgres, smtp.port);
    // The app runs no worker: the job waits in the queue.
    let app = TestApp::spawn_setup(setup, smtp, false).await;
    let email = "killed@example.com";
    app.submit(email, "access").await;

    // A worker process whose SMTP server never answers takes the job and hangs in it.
    kill_a_worker_holding_the_job(&app, 2).await;
    assert_eq!(app.smtp.count_to(email), 0);
    // As if the dead worker ran on another host: nothing here can tell it is gone, so only
    // its lease running out frees the job (a holder on this host is taken over at start,
    // below).
    diesel::sql_query("UPDATE jobs SET locked_by = 'another-host:4242:0' WHERE status = 'running'")
        .execute(&mut *app.conn())
        .unwrap();

    // A healthy worker takes the job over once the lease (2 s in tests) has run out.
    let workers = Workers::spawn(&app.portal).unwrap();
    let mail = app.smtp.wait_for_nth(email, 1).await;
    assert!(mail.text.contains("/verify/"));
    app.settle().await;
    let w = workers;
    actix_web::rt::task::spawn_blocking(move || w.stop())
        .await
        .unwrap();
    assert_eq!(app.smtp.count_to(email), 1);
    let audit: i64 =
        diesel::sql_query("SELECT count(*) AS n FROM audit_log WHERE event = 'email_sent'")
            .get_result::<N>(&mut *app.conn())
            .unwrap()
            .n;
    assert_eq!(audit, 1);
}

/// Starts a worker process whose SMTP server never answers (lease `lease_seconds`), waits
/// until it holds the one queued job, and kills it (SIGKILL: no clean-up of any kind).
async fn kill_a_worker_holding_the_job(app: &TestApp, lease_seconds: u64) {
    let (hole, _h) = black_hole();
    let dir = tempfile::tempdir().unwrap();
    let hung_config = dir.path().join("worker.toml");
    let text = std::fs::read_to_string(&app.config_path)
        .unwrap()
        .replace(
            &format!("smtp://127.0.0.1:{}", app.smtp.port),
            &format!("smtp://127.0.0.1:{hole}"),
        )
        .replace("smtp_timeout_seconds = 5", "smtp_timeout_seconds = 600")
        .replace(
            "lease_seconds = 2",
            &format!("lease_seconds = {lease_seconds}"),
        );
    std::fs::write(&hung_config, text).unwrap();
    let mut worker = Command::new(env!("CARGO_BIN_EXE_dsr-portal"))
        .args(["--config", hung_config.to_str().unwrap(), "worker"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let portal = app.portal.clone();
    eventually(
        "the worker to claim the job",
        Duration::from_secs(20),
        move || {
            let mut c = portal.conn().unwrap();
            jobs::table
                .filter(jobs::status.eq("running"))
                .count()
                .get_result::<i64>(&mut *c)
                .is_ok_and(|n| n == 1)
        },
    )
    .await;
    worker.kill().unwrap();
    worker.wait().unwrap();
}

/// A worker killed holding a job with a long lease (600 s): the next worker to start on
/// the same host sees the holder's process is gone and takes the job over at once, and the
/// job still runs exactly once.
async fn a_dead_workers_job_is_taken_over_at_the_next_start(backend: Backend) {
    let smtp = Smtp::start();
    let setup = Setup::new(backend, smtp.port);
    let app = TestApp::spawn_setup(setup, smtp, false).await;
    let email = "restarted@example.com";
    app.submit(email, "access").await;
    kill_a_worker_holding_the_job(&app, 600).await;
    let until: Option<time::PrimitiveDateTime> = jobs::table
        .select(jobs::locked_until)
        .first(&mut *app.conn())
        .unwrap();
    assert!(
        until.unwrap() > db::now() + time::Duration::minutes(5),
        "its lease runs for minutes yet"
    );

    let workers = Workers::spawn(&app.portal).unwrap();
    let mail = app.smtp.wait_for_nth(email, 1).await;
    assert!(mail.text.contains("/verify/"));
    // The email job is done (the sweep's own jobs, such as a daily digest, may come and go).
    let portal = app.portal.clone();
    eventually(
        "the email job to finish",
        Duration::from_secs(20),
        move || {
            jobs::table
                .filter(jobs::kind.eq("send_email"))
                .count()
                .get_result::<i64>(&mut *portal.conn().unwrap())
                .is_ok_and(|n| n == 0)
        },
    )
    .await;
    actix_web::rt::task::spawn_blocking(move || workers.stop())
        .await
        .unwrap();
    assert_eq!(app.smtp.count_to(email), 1, "exactly once");
}

#[actix_web::test]
async fn a_dead_workers_job_is_taken_over_at_the_next_start_sqlite() {
    a_dead_workers_job_is_taken_over_at_the_next_start(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_dead_workers_job_is_taken_over_at_the_next_start_postgres() {
    a_dead_workers_job_is_taken_over_at_the_next_start(Backend::Postgres).await;
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[actix_web::test]
async fn two_workers_on_postgres_never_run_the_same_job_twice() {
    const JOBS: usize = 300;
    let smtp = Smtp::start();
    let setup = Setup::new(Backend::Postgres, smtp.port);
    let config_path = setup.write_config(common::free_port());
    let open = || Portal::open(Config::load(Some(&config_path)).unwrap()).unwrap();
    let (a, b) = (open(), open());
    let mut conn = a.conn().unwrap();
    write_tx(&mut conn, |c| {
        for i in 0..JOBS {
            let r = Rendered {
                subject: format!("job {i}"),
                text: format!("message {i}"),
                html: format!("<p>message {i}</p>"),
            };
            db::outbox::enqueue(c, None, "test", &format!("n{i}@example.com"), &r, 5)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
    // Two worker "processes" (separate pools), two threads each, racing for one queue.
    let wa = Workers::spawn(&a).unwrap();
    let wb = Workers::spawn(&b).unwrap();
    let store = smtp.store.clone();
    eventually("every message", Duration::from_secs(60), move || {
        store.lock().unwrap().len() >= JOBS
    })
    .await;
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    actix_web::rt::task::spawn_blocking(move || {
        wa.stop();
        wb.stop();
    })
    .await
    .unwrap();

    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in smtp.all() {
        *seen.entry(m.message_id.clone()).or_default() += 1;
    }
    assert_eq!(seen.len(), JOBS, "every job ran");
    assert!(seen.values().all(|&n| n == 1), "no job ran twice");
    assert_eq!(db::jobs::pending(&mut conn).unwrap(), 0);
}

#[actix_web::test]
async fn a_job_that_keeps_failing_ends_as_failed_after_its_attempts() {
    let port = Smtp::unstarted_port();
    let mut setup = Setup::new(Backend::Sqlite, port);
    setup.max_attempts = 3;
    let app = TestApp::spawn_setup(
        setup,
        Smtp {
            port,
            store: Default::default(),
            refused: Default::default(),
        },
        true,
    )
    .await;
    app.submit("never@example.com", "access").await;
    let portal = app.portal.clone();
    eventually(
        "the job to fail for good",
        Duration::from_secs(20),
        move || {
            let mut c = portal.conn().unwrap();
            jobs::table
                .select((jobs::status, jobs::attempts))
                .first::<(String, i32)>(&mut *c)
                .is_ok_and(|(s, a)| s == "failed" && a == 3)
        },
    )
    .await;
    let (attempts, error): (i32, Option<String>) = outbox::table
        .select((outbox::attempts, outbox::last_error))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(attempts, 3);
    assert!(error.is_some_and(|e| e.contains("SMTP")));
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("dsr_jobs{state=\"failed\"} 1"),
        "{metrics}"
    );
}

/// The mail worker sends in batches: 71 mail jobs take three batches. Each message goes out
/// once with its own `email_sent` entry, in queue order; a recipient the mail server refuses
/// and a job whose message is gone fail alone, and the rest of their batch is sent.
async fn a_mail_batch_sends_each_message_once_and_fails_alone(backend: Backend) {
    let smtp = Smtp::start();
    smtp.refuse("refused@example.com");
    let mut setup = Setup::new(backend, smtp.port);
    // No retry: a failure ends its job at once, so the batches are known in advance.
    setup.max_attempts = 1;
    let config_path = setup.write_config(common::free_port());
    let p = Portal::open(Config::load(Some(&config_path)).unwrap()).unwrap();
    let mut conn = p.conn().unwrap();
    let mut ids = Vec::new();
    write_tx(&mut conn, |c| {
        for i in 0..70 {
            let to = if i == 40 {
                "refused@example.com".to_owned()
            } else {
                format!("b{i}@example.com")
            };
            let r = Rendered {
                subject: format!("batch {i}"),
                text: format!("message {i}"),
                html: format!("<p>message {i}</p>"),
            };
            ids.push(db::outbox::enqueue(c, None, "test", &to, &r, 1)?);
            if i == 10 {
                db::jobs::enqueue(
                    c,
                    &db::jobs::Job::SendEmail {
                        outbox_id: "no-such-message".into(),
                    },
                    1,
                )?;
            }
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
    drop(conn);

    let mut batches = 0;
    while dsr_portal::jobs::worker::run_one(&p, "test:1:0").unwrap() {
        batches += 1;
        assert!(
            batches <= 3,
            "71 mail jobs take three batches of at most 32"
        );
    }
    assert_eq!(batches, 3);

    let received = smtp.all();
    assert_eq!(received.len(), 69, "every message but the refused one");
    let mut subjects: Vec<&str> = received.iter().map(|m| m.subject.as_str()).collect();
    subjects.sort_unstable();
    subjects.dedup();
    assert_eq!(subjects.len(), 69, "each message once");
    assert!(!received.iter().any(|m| m.subject == "batch 40"));

    let mut conn = p.conn().unwrap();
    let sent: Vec<String> = diesel::sql_query(
        "SELECT detail AS v FROM audit_log WHERE event = 'email_sent' ORDER BY id",
    )
    .load::<V>(&mut *conn)
    .unwrap()
    .into_iter()
    .map(|d| {
        let d: serde_json::Value = serde_json::from_str(&d.v).unwrap();
        d["outbox_id"].as_str().unwrap().to_owned()
    })
    .collect();
    let expected: Vec<String> = ids
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 40)
        .map(|(_, id)| id.clone())
        .collect();
    assert_eq!(
        sent, expected,
        "one audit entry per message, in queue order"
    );

    let rows: Vec<OutboxState> = outbox::table
        .select((
            outbox::id,
            outbox::sent_at,
            outbox::body_text,
            outbox::attempts,
            outbox::last_error,
        ))
        .load(&mut *conn)
        .unwrap();
    for (id, sent_at, body, attempts, error) in rows {
        assert_eq!(attempts, 1, "{id}: one attempt");
        if id == ids[40] {
            assert!(
                sent_at.is_none() && body.is_some(),
                "the refused message is kept"
            );
            assert!(
                error.is_some_and(|e| e.contains("550")),
                "its error is recorded"
            );
        } else {
            assert!(
                sent_at.is_some() && body.is_none(),
                "{id}: sent, body wiped"
            );
        }
    }
    let left: Vec<(String, String)> = jobs::table
        .select((jobs::status, jobs::payload))
        .order(jobs::id)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(left.len(), 2, "only the two failed jobs stay: {left:?}");
    assert!(left.iter().all(|(s, _)| s == "failed"));
    assert!(left[0].1.contains("no-such-message"));
    assert!(left[1].1.contains(&ids[40]));
}

/// An outbox row's id, when it was sent, its text body, attempts and last error.
type OutboxState = (
    String,
    Option<time::PrimitiveDateTime>,
    Option<String>,
    i32,
    Option<String>,
);

#[derive(QueryableByName)]
struct V {
    #[diesel(sql_type = diesel::sql_types::Text)]
    v: String,
}

#[actix_web::test]
async fn a_mail_batch_sends_each_message_once_and_fails_alone_sqlite() {
    a_mail_batch_sends_each_message_once_and_fails_alone(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_mail_batch_sends_each_message_once_and_fails_alone_postgres() {
    a_mail_batch_sends_each_message_once_and_fails_alone(Backend::Postgres).await;
}
