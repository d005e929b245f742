//! The whole flow as a person meets it, on both backends: form -> email through a real SMTP
//! server -> the link -> GET does not confirm -> POST confirms -> the status page shows the
//! due date -> the request is in `requests list` with the right deadline.

mod common;

use common::{Backend, TestApp, first_listed_id, link_path, location, stdout};
use dsr_portal::domain::format::long_date;
use dsr_portal::domain::{Calendar, Jurisdiction, deadline};

async fn whole_flow(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let email = "ana.lopez@example.com";

    let r = app.submit("Ana.Lopez@Example.com", "access").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/requests/sent");
    let sent = app.get("/requests/sent").await.text().await.unwrap();
    assert!(sent.contains("Check your inbox"));

    let mail = app.smtp.wait_for_nth(email, 1).await;
    assert_eq!(mail.subject, "Confirm your privacy request");
    assert!(mail.html.contains("/verify/"), "HTML body has the link");
    let verify = link_path(&mail.text, "/verify/").unwrap();

    // Opening the link (as a mail scanner would) confirms nothing.
    for _ in 0..2 {
        let page = app.get(&verify).await;
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Confirm my request"));
    }
    let out = app.cli(&["requests", "list"]);
    assert!(stdout(&out).contains("unverified"), "{}", stdout(&out));

    let csrf = app.csrf_from(&verify).await;
    let r = app.post_form(&verify, &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), 303);
    let status_path = location(&r);
    assert!(status_path.starts_with("/status/"), "{status_path}");

    let today = dsr_portal::db::now().date();
    let due = deadline::compute(
        Jurisdiction::Gdpr,
        today,
        Some(today),
        &[],
        &Calendar::default(),
    )
    .unwrap()
    .due;
    let page = app.get(&status_path).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    // Access needs no approval by default: the export runs at once, and may be done already.
    if html.contains("state-processing") {
        assert!(
            html.contains(&long_date(due)),
            "status page shows due date {due}: {html}"
        );
    } else {
        assert!(html.contains("state-completed"), "{html}");
    }
    // The export runs and completes the request; the status page says so.
    app.settle().await;
    let html = app.get(&status_path).await.text().await.unwrap();
    assert!(html.contains("Your answer is ready"), "{html}");
    assert!(
        html.contains(&format!(
            "We finished searching our systems for your data on {}",
            long_date(today)
        )),
        "{html}"
    );
    assert!(
        !html.contains("Answer due by"),
        "a completed request has no due date left: {html}"
    );

    // The confirmation email carries the status link and the due date.
    let confirmed = app
        .smtp
        .wait_for_subject(email, "Your privacy request is confirmed")
        .await;
    assert!(
        confirmed.text.contains(&long_date(due)),
        "{}",
        confirmed.text
    );
    assert_eq!(link_path(&confirmed.text, "/status/").unwrap(), status_path);

    let out = app.cli(&["requests", "list"]);
    assert!(
        out.status.success(),
        "{:?} {} {}",
        out.status,
        common::stderr(&out),
        stdout(&out)
    );
    let list = stdout(&out);
    let row = list
        .lines()
        .find(|l| l.contains("access"))
        .expect("request listed");
    assert!(
        row.contains("completed") && row.contains(&due.to_string()) && row.contains("gdpr"),
        "{row}"
    );

    // Every step is in the audit log, and the chain verifies.
    let out = app.cli(&["audit", "verify"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(stdout(&out).contains("intact"));
    let id = row.split_whitespace().next().unwrap();
    let show = stdout(&app.cli(&["requests", "show", id]));
    for event in ["created", "email_sent", "verify", "start", "complete"] {
        assert!(show.contains(event), "timeline has {event}: {show}");
    }
}

/// `[portal]` names the company and where to write on every page (error pages too) and in
/// every email; each email has its own footer ("ignore this" only where nothing happens
/// without a confirmation).
#[actix_web::test]
async fn the_company_is_named_on_every_page_and_email() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        "[portal]\ncompany = \"Example Ltd\"\ncontact = \"privacy@example.com\"\n",
    )
    .await;
    let email = "brand@example.com";
    for path in [
        "/",
        "/requests/sent",
        "/no-such-page",
        "/status/not-a-token",
    ] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("Example Ltd"), "{path}: {html}");
        assert!(
            html.contains("mailto:privacy@example.com"),
            "{path}: {html}"
        );
    }
    let status = app.verified_request(email, "access").await;
    let html = app.get(&status).await.text().await.unwrap();
    assert!(html.contains("Example Ltd"), "{html}");
    app.settle().await;
    let mails = app.smtp.to(email);
    let verify = &mails[0];
    let ready = app
        .smtp
        .wait_for_subject(email, "Your answer is ready to download")
        .await;
    let ignore = "If it was not you, ignore this message";
    assert!(verify.text.contains(ignore) && verify.html.contains(ignore));
    assert!(!ready.text.contains(ignore) && !ready.html.contains(ignore));
    for m in app.smtp.to(email) {
        for body in [&m.text, &m.html] {
            assert!(body.contains("Example Ltd"), "{}: {body}", m.subject);
            assert!(body.contains("privacy@example.com"), "{}", m.subject);
        }
    }
}

#[actix_web::test]
async fn whole_flow_on_sqlite() {
    whole_flow(Backend::Sqlite).await;
}

#[actix_web::test]
async fn whole_flow_on_postgres() {
    whole_flow(Backend::Postgres).await;
}

async fn erasure_waits_for_approval_then_a_dpo_acts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let status = app.verified_request("bo@example.com", "erasure").await;
    let html = app.get(&status).await.text().await.unwrap();
    assert!(html.contains("We are reviewing your request"), "{html}");
    assert!(
        html.contains("Cancel my request"),
        "cancel offered while allowed"
    );

    let list = stdout(&app.cli(&["requests", "list", "--status", "awaiting_approval"]));
    let id = first_listed_id(&list);
    let out = app.cli(&["requests", "approve", &id]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(stdout(&out).contains("now processing"));
    // Approved: no cancel any more (the demo's erasure may already have finished).
    let html = app.get(&status).await.text().await.unwrap();
    assert!(
        (html.contains("processing") || html.contains("completed"))
            && !html.contains("Cancel my request"),
        "{html}"
    );
}

#[actix_web::test]
async fn erasure_approval_on_sqlite() {
    erasure_waits_for_approval_then_a_dpo_acts(Backend::Sqlite).await;
}

#[actix_web::test]
async fn erasure_approval_on_postgres() {
    erasure_waits_for_approval_then_a_dpo_acts(Backend::Postgres).await;
}

#[actix_web::test]
async fn the_subject_cancels_from_the_status_page() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let status = app.verified_request("cy@example.com", "erasure").await;
    let csrf = app.csrf_from(&status).await;
    let r = app
        .post_form(&format!("{status}/cancel"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status(), 303);
    let html = app.get(&status).await.text().await.unwrap();
    assert!(html.contains("cancelled") && !html.contains("Cancel my request"));
    // A second cancel is an illegal transition: refused, nothing changes.
    let r = app
        .post_form(&format!("{status}/cancel"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status(), 409);
}

#[actix_web::test]
async fn a_second_request_resends_a_link_instead_of_a_duplicate() {
    // Erasures wait for a DPO, so the request stays open throughout.
    let app = TestApp::spawn(Backend::Postgres).await;
    let email = "dee@example.com";
    app.submit(email, "erasure").await;
    app.submit(email, "erasure").await;
    // Two emails, sent by the worker in either order: the link, then the reminder of it.
    app.smtp.wait_for_nth(email, 2).await;
    let mails = app.smtp.to(email);
    let second = mails
        .iter()
        .find(|m| m.text.contains("already have an open request"))
        .unwrap_or_else(|| {
            panic!(
                "no 'already open' email: {:?}",
                mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
            )
        })
        .clone();
    let list = stdout(&app.cli(&["requests", "list", "--email", email]));
    assert_eq!(list.lines().count(), 2, "one request: {list}");

    // Once confirmed, asking again mails the status of the existing request.
    let verify = link_path(&second.text, "/verify/").unwrap();
    let csrf = app.csrf_from(&verify).await;
    let r = app.post_form(&verify, &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), 303);
    app.smtp
        .wait_for_subject(email, "Your privacy request is confirmed")
        .await;
    app.submit(email, "erasure").await;
    let existing = app
        .smtp
        .wait_for_subject(email, "You already have an open privacy request")
        .await;
    assert!(link_path(&existing.text, "/status/").is_some());
    let list = stdout(&app.cli(&["requests", "list", "--email", email]));
    assert_eq!(list.lines().count(), 2, "still one request: {list}");
    // Another kind is another request.
    app.submit(email, "access").await;
    app.smtp.wait_for_nth(email, 5).await;
    let list = stdout(&app.cli(&["requests", "list", "--email", email]));
    assert_eq!(list.lines().count(), 3, "{list}");
}

/// 500 form posts at once for 100 addresses (five each, interleaved) make exactly 100
/// requests: every other post finds its address's open request and resends its link.
async fn parallel_posts_make_one_request_per_address(backend: Backend) {
    let smtp = common::smtp::Smtp::start();
    let mut setup = common::Setup::new(backend, smtp.port);
    // All posts come from one address: the limits must not be what stops duplicates.
    setup.rate_per_ip = 1_000_000;
    setup.rate_per_address = 1_000_000;
    // No worker: the 500 emails wait in the outbox, the posts are the only load.
    let app = TestApp::spawn_setup(setup, smtp, false).await;
    let csrf = app.csrf_from("/").await;
    let posts: Vec<_> = (0..500)
        .map(|n| {
            let client = app.client.clone();
            let url = app.url("/requests");
            let form = [
                ("email", format!("p{}@example.com", n % 100)),
                ("kind", "access".to_owned()),
                ("csrf", csrf.clone()),
            ];
            actix_web::rt::spawn(async move {
                client
                    .post(url)
                    .form(&form)
                    .send()
                    .await
                    .expect("POST")
                    .status()
            })
        })
        .collect();
    for post in posts {
        assert_eq!(post.await.unwrap(), 303);
    }
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let count = |sql: &str| -> i64 {
        use diesel::RunQueryDsl;
        diesel::sql_query(sql)
            .get_result::<Count>(&mut *app.conn())
            .unwrap()
            .n
    };
    assert_eq!(count("SELECT count(*) AS n FROM requests"), 100);
    assert_eq!(
        count("SELECT count(DISTINCT email) AS n FROM requests"),
        100,
        "one request per address"
    );
    assert_eq!(
        count("SELECT count(*) AS n FROM audit_log WHERE event = 'created'"),
        100
    );
    assert_eq!(
        count("SELECT count(*) AS n FROM audit_log WHERE event = 'link_resent'"),
        400,
        "the other 400 posts were each told of the open request"
    );
    assert_eq!(count("SELECT count(*) AS n FROM outbox"), 500);
    let verify = app.cli(&["audit", "verify"]);
    assert_eq!(
        stdout(&verify).trim(),
        "audit chain intact: 500 entries",
        "{}",
        common::stderr(&verify)
    );
}

#[actix_web::test]
async fn parallel_posts_make_one_request_per_address_on_sqlite() {
    parallel_posts_make_one_request_per_address(Backend::Sqlite).await;
}

#[actix_web::test]
async fn parallel_posts_make_one_request_per_address_on_postgres() {
    parallel_posts_make_one_request_per_address(Backend::Postgres).await;
}

#[actix_web::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.submit("eve@example.com", "access").await;
    let r = app.get("/").await;
    let headers = r.headers().clone();
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("dsr_requests{state=\"unverified\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("dsr_jobs{state=\"queued\"}"), "{metrics}");
    assert!(
        metrics.contains("dsr_http_request_duration_seconds"),
        "{metrics}"
    );
}
