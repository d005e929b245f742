//! The portal never reveals who is a customer, and unconfirmed requests get one reminder,
//! then expire.

mod common;

use std::time::Duration;

use common::{Backend, TestApp, csrf_in, eventually, first_listed_id, link_path, stdout};
use diesel::RunQueryDsl;

/// Replaces per-request tokens so two pages can be compared.
fn normalize(html: &str) -> String {
    match csrf_in(html) {
        Some(t) => html.replace(&t, "CSRF"),
        None => html.to_owned(),
    }
}

async fn submit_and_capture(app: &TestApp, email: &str) -> (u16, String, String, String) {
    let csrf = app.csrf_from("/").await;
    let r = app
        .post_form(
            "/requests",
            &[("email", email), ("kind", "erasure"), ("csrf", &csrf)],
        )
        .await;
    let status = r.status().as_u16();
    let location = common::location(&r);
    let body = r.text().await.unwrap();
    let sent = app.get(&location).await.text().await.unwrap();
    (status, location, body, normalize(&sent))
}

#[actix_web::test]
async fn known_and_unknown_addresses_get_identical_answers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    // "known": has an open, confirmed request already; "unknown": never seen.
    app.verified_request("known@example.com", "erasure").await;
    let known = submit_and_capture(&app, "known@example.com").await;
    let unknown = submit_and_capture(&app, "unknown@example.com").await;
    assert_eq!(known, unknown);
    assert_eq!(known.0, 303);
    // Both get an email (the known one a link to their open request).
    app.smtp.wait_for_nth("unknown@example.com", 1).await;
    app.smtp.wait_for_nth("known@example.com", 3).await;
}

#[actix_web::test]
async fn one_reminder_then_expiry() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let email = "slow@example.com";
    app.submit(email, "access").await;
    let first = app.smtp.wait_for_nth(email, 1).await;
    // Half the verification window has passed (the portal's clock moves).
    app.portal.clock.advance(time::Duration::hours(13));
    let reminder = app.smtp.wait_for_nth(email, 2).await;
    assert_eq!(reminder.subject, "Reminder: confirm your privacy request");
    assert_ne!(
        link_path(&reminder.text, "/verify/"),
        link_path(&first.text, "/verify/")
    );
    actix_web::rt::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(app.smtp.count_to(email), 2, "only one reminder");

    // The window closes: the request expires, and its links answer 410.
    app.portal.clock.advance(time::Duration::hours(12));
    let config = app.config_path.clone();
    eventually(
        "the request to expire",
        Duration::from_secs(20),
        move || stdout(&common::cli(&config, &["requests", "list"])).contains("expired"),
    )
    .await;
    let link = link_path(&reminder.text, "/verify/").unwrap();
    let r = app.get(&link).await;
    assert_eq!(r.status(), 410);
    assert!(r.text().await.unwrap().contains("Make a new request"));
    // A new request is possible again.
    app.submit(email, "access").await;
    let fresh = app.smtp.wait_for_nth(email, 3).await;
    assert!(!fresh.text.contains("already have an open request"));
}

/// Runs `dsr-portal <args>` on `setup`'s configuration and returns its log lines up to the
/// first that contains `until` (or its end, or 30 s), then stops it.
fn log_lines_until(
    setup: &common::Setup,
    config: &std::path::Path,
    args: &[&str],
    until: &str,
) -> Vec<String> {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsr-portal"))
        .arg("--config")
        .arg(config)
        .args(args)
        .current_dir(setup.dir.path())
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dsr-portal");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        let Ok(line) = rx.recv_timeout(left) else {
            break;
        };
        let done = line.contains(until);
        lines.push(line);
        if done {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    lines
}

/// `serve` with the `log` transport says loudly, before it listens, that mail and its links
/// go to the log and to the outbox folder.
#[test]
fn serve_with_the_log_transport_warns_that_links_go_to_the_log() {
    let setup = common::Setup::new(Backend::Sqlite, 2525);
    let config = setup.write_config(common::free_port());
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("transport = \"smtp\"", "transport = \"log\"");
    std::fs::write(&config, text).unwrap();
    let lines = log_lines_until(&setup, &config, &["serve", "--no-worker"], "listening");
    assert!(
        lines.last().is_some_and(|l| l.contains("listening")),
        "serve did not start: {lines:#?}"
    );
    let outbox = setup.dir.path().join("var/outbox");
    let warning = lines
        .iter()
        .find(|l| l.contains("WARN") && l.contains("mail.transport = \"log\""))
        .unwrap_or_else(|| panic!("no warning: {lines:#?}"));
    assert!(warning.contains(&outbox.display().to_string()), "{warning}");
    assert!(warning.contains("links"), "{warning}");
}

/// While `[art15]` holds its defaults, `serve` and `worker` warn at start that every access
/// archive would ship placeholders; filled in, they say nothing about it.
#[test]
fn serve_and_worker_warn_while_art15_holds_placeholders() {
    let mut setup = common::Setup::new(Backend::Sqlite, 2525);
    let config = setup.write_config(common::free_port());
    let warns = |lines: &[String]| {
        lines
            .iter()
            .find(|l| l.contains("WARN") && l.contains("[art15] is not filled in"))
            .cloned()
    };
    let lines = log_lines_until(&setup, &config, &["serve", "--no-worker"], "listening");
    assert!(
        lines.last().is_some_and(|l| l.contains("listening")),
        "serve did not start: {lines:#?}"
    );
    let warning = warns(&lines).unwrap_or_else(|| panic!("no warning: {lines:#?}"));
    assert!(
        warning.contains("art15.controller, art15.purposes, art15.complaints"),
        "{warning}"
    );
    let lines = log_lines_until(&setup, &config, &["worker"], "[art15]");
    assert!(warns(&lines).is_some(), "the worker warns too: {lines:#?}");

    setup.extra = "[art15]\ncontroller = \"Example GmbH, privacy@example.com\"\n\
                   purposes = [\"Running your account\"]\n\
                   complaints = \"Berliner Beauftragte für Datenschutz\"\n"
        .into();
    let config = setup.write_config(common::free_port());
    let lines = log_lines_until(&setup, &config, &["serve", "--no-worker"], "listening");
    assert!(
        lines.last().is_some_and(|l| l.contains("listening")),
        "serve did not start: {lines:#?}"
    );
    assert_eq!(warns(&lines), None, "{lines:#?}");
}

/// The `.eml` files the `file`/`log` transports write (links inside) are removed by the
/// sweep once `mail.outbox_keep_hours` (24) have passed; younger ones and other files stay.
#[actix_web::test]
async fn sent_mail_files_are_removed_after_a_day() {
    use dsr_portal::config::{Mail, MailTransport};
    use dsr_portal::mail::{Outgoing, build_mailer};
    use std::time::{Duration, SystemTime};
    let smtp = common::smtp::Smtp::start();
    let setup = common::Setup::new(Backend::Sqlite, smtp.port);
    // No worker: this test runs the sweep itself.
    let app = TestApp::spawn_setup(setup, smtp, false).await;
    let dir = app.portal.config.mail.outbox_dir.clone();
    // Two mails written by the log transport itself, as `serve` would.
    let mailer = build_mailer(&Mail {
        transport: MailTransport::Log,
        outbox_dir: dir.clone(),
        ..Mail::default()
    })
    .unwrap();
    for id in ["old", "fresh"] {
        mailer
            .send(&Outgoing {
                id: id.into(),
                to: "ada@example.com".into(),
                subject: "Confirm".into(),
                text: "https://portal.example/verify/secret".into(),
                html: "<p>secret</p>".into(),
            })
            .unwrap();
    }
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    assert_eq!(files.len(), 2, "{files:?}");
    let now = SystemTime::now();
    let hour = Duration::from_secs(3600);
    let age = |path: &std::path::Path, by: Duration| {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(now - by)
            .unwrap();
    };
    age(&files[0], 25 * hour);
    age(&files[1], 23 * hour);
    let other = dir.join("README.txt");
    std::fs::write(&other, "not a mail").unwrap();
    age(&other, 100 * hour);
    let report = dsr_portal::service::maintenance::sweep(&app.portal).unwrap();
    assert_eq!(report.outbox_files_deleted, 1);
    assert!(!files[0].exists(), "older than a day: deleted");
    assert!(files[1].exists(), "younger than a day: kept");
    assert!(other.exists(), "not a mail file: kept");
}

/// `requests show` prints a subject's address and timeline: it goes through the same
/// audited read as the desk's request page, so the audit log names the operator.
#[actix_web::test]
async fn the_command_lines_show_is_an_audited_read() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.verified_request("shown@example.com", "access").await;
    let list = stdout(&app.cli(&["requests", "list", "--email", "shown@example.com"]));
    let id = first_listed_id(&list);
    assert!(
        !list.contains("shown@example.com"),
        "the list shows no address: {list}"
    );
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(show.contains("shown@example.com"), "{show}");
    #[derive(diesel::QueryableByName)]
    struct Read {
        #[diesel(sql_type = diesel::sql_types::Text)]
        actor: String,
    }
    let reads: Vec<Read> = diesel::sql_query(format!(
        "SELECT actor FROM audit_log WHERE event = 'admin_read' AND request_id = '{id}'"
    ))
    .load(&mut *app.conn())
    .unwrap();
    assert_eq!(reads.len(), 1);
    assert!(reads[0].actor.starts_with("cli:"), "{}", reads[0].actor);
}
