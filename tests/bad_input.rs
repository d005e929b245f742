//! Bad input gets a clear error and changes nothing.

mod common;

use common::{Backend, TestApp, first_listed_id, link_path, stderr, stdout};
use diesel::RunQueryDsl;
use diesel::sql_types::BigInt;

#[derive(diesel::QueryableByName, Debug, PartialEq, Eq, Clone, Copy)]
struct Counts {
    #[diesel(sql_type = BigInt)]
    requests: i64,
    #[diesel(sql_type = BigInt)]
    outbox: i64,
    #[diesel(sql_type = BigInt)]
    audit: i64,
    #[diesel(sql_type = BigInt)]
    tokens: i64,
}

fn counts(app: &TestApp) -> Counts {
    diesel::sql_query(
        "SELECT (SELECT count(*) FROM requests) AS requests, (SELECT count(*) FROM outbox) AS outbox, \
         (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM tokens) AS tokens",
    )
    .get_result(&mut *app.conn())
    .unwrap()
}

#[actix_web::test]
async fn forms_without_a_valid_csrf_token_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let csrf = app.csrf_from("/").await;
    app.settle().await;
    let before = counts(&app);
    let missing = app
        .post_form(
            "/requests",
            &[("email", "a@example.com"), ("kind", "access")],
        )
        .await;
    assert_eq!(missing.status(), 403);
    assert!(missing.text().await.unwrap().contains("form expired"));
    let forged = app
        .post_form(
            "/requests",
            &[
                ("email", "a@example.com"),
                ("kind", "access"),
                ("csrf", &"0".repeat(64)),
            ],
        )
        .await;
    assert_eq!(forged.status(), 403);
    // A valid token but from another browser (no cookie) is refused too.
    let stranger = common::client()
        .post(app.url("/requests"))
        .form(&[
            ("email", "a@example.com"),
            ("kind", "access"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 403);
    // A cross-site post carries a foreign Origin.
    let cross = app
        .client
        .post(app.url("/requests"))
        .header("Origin", "https://evil.example")
        .form(&[
            ("email", "a@example.com"),
            ("kind", "access"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    assert_eq!(counts(&app), before);
}

#[actix_web::test]
async fn malformed_fields_say_why_and_keep_the_input() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let csrf = app.csrf_from("/").await;
    app.settle().await;
    let before = counts(&app);
    for (email, kind, expect) in [
        ("not-an-address", "access", "look like an email address"),
        ("", "access", "Enter your email address"),
        (
            "x@example.com\r\nBcc: y@example.com",
            "access",
            "look like an email address",
        ),
        (
            "ok@example.com",
            "delete-everything",
            "Choose what you would like",
        ),
        ("ok@example.com", "", "Choose what you would like"),
    ] {
        let r = app
            .post_form(
                "/requests",
                &[("email", email), ("kind", kind), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status(), 400, "{email:?} {kind:?}");
        let html = r.text().await.unwrap();
        assert!(html.contains(expect), "{email:?}: {html}");
        assert!(html.contains("role=\"alert\""));
    }
    // Hostile input is escaped when shown back.
    let r = app
        .post_form(
            "/requests",
            &[
                ("email", "<script>x</script>"),
                ("kind", "access"),
                ("csrf", &csrf),
            ],
        )
        .await;
    let html = r.text().await.unwrap();
    assert!(!html.contains("<script>x"), "escaped");
    assert_eq!(counts(&app), before);
}

#[actix_web::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let csrf = app.csrf_from("/").await;
    app.settle().await;
    let before = counts(&app);
    let huge = "a".repeat(64 * 1024);
    let r = app
        .post_form(
            "/requests",
            &[
                ("email", "a@example.com"),
                ("kind", "access"),
                ("csrf", &csrf),
                ("pad", &huge),
            ],
        )
        .await;
    assert_eq!(r.status(), 413);
    assert!(r.text().await.unwrap().contains("Too much data"));
    assert_eq!(counts(&app), before);
}

#[actix_web::test]
async fn unknown_expired_and_reused_links() {
    let app = TestApp::spawn(Backend::Postgres).await;
    // Unknown: well-formed and junk tokens alike get the friendly 404.
    for path in [
        "/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "/verify/'%20OR%201=1--".to_owned(),
        "/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "/no/such/page".to_owned(),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status(), 404, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("Make a new request"), "{path}: {html}");
    }

    // Reused: the second confirm is 410 and changes nothing.
    let email = "reuse@example.com";
    app.submit(email, "access").await;
    let verify = link_path(&app.smtp.wait_for_nth(email, 1).await.text, "/verify/").unwrap();
    let csrf = app.csrf_from(&verify).await;
    assert_eq!(
        app.post_form(&verify, &[("csrf", &csrf)]).await.status(),
        303
    );
    app.settle().await;
    let before = counts(&app);
    let again = app.post_form(&verify, &[("csrf", &csrf)]).await;
    assert_eq!(again.status(), 410);
    assert!(again.text().await.unwrap().contains("already used"));
    assert_eq!(app.get(&verify).await.status(), 410);
    assert_eq!(counts(&app), before);

    // Expired: a link past its time is 410, and the request stays unconfirmed.
    let email = "late@example.com";
    app.submit(email, "access").await;
    let verify = link_path(&app.smtp.wait_for_nth(email, 1).await.text, "/verify/").unwrap();
    let csrf = app.csrf_from(&verify).await;
    // The link's 24 hours pass, by the portal's clock.
    app.portal.clock.advance(time::Duration::hours(25));
    app.settle().await;
    let before = counts(&app);
    let r = app.post_form(&verify, &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), 410);
    assert!(r.text().await.unwrap().contains("expired"));
    assert_eq!(counts(&app), before);
    let list = stdout(&app.cli(&["requests", "list", "--email", email]));
    assert!(list.contains("unverified"), "{list}");
}

#[actix_web::test]
async fn illegal_transitions_via_the_cli_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.verified_request("ivy@example.com", "access").await;
    app.settle().await;
    let list = stdout(&app.cli(&["requests", "list"]));
    let id = first_listed_id(&list);
    app.settle().await;
    let before = counts(&app);
    let out = app.cli(&["requests", "approve", &id]);
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out).trim(),
        "dsr-portal: cannot approve a request that is completed"
    );
    let out = app.cli(&["requests", "reject", &id, "--reason", "no"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot reject a request that is completed"));
    let out = app.cli(&["requests", "retry", "no-such-id"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("request not found"));
    let out = app.cli(&["requests", "list", "--status", "bogus"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("unknown status \"bogus\""));
    assert_eq!(counts(&app), before);
    assert!(stdout(&app.cli(&["requests", "list"])).contains("completed"));
}

#[actix_web::test]
async fn a_rejection_needs_a_reason_and_tells_the_subject() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let email = "rex@example.com";
    app.verified_request(email, "erasure").await;
    let list = stdout(&app.cli(&["requests", "list"]));
    let id = first_listed_id(&list);
    app.settle().await;
    let before = counts(&app);
    let out = app.cli(&["requests", "reject", &id, "--reason", "  "]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("needs a reason"));
    assert_eq!(counts(&app), before);
    let out = app.cli(&[
        "requests",
        "reject",
        &id,
        "--reason",
        "Manifestly unfounded (Art. 12(5))",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mail = app.smtp.wait_for_nth(email, 3).await;
    assert_eq!(mail.subject, "Your privacy request was declined");
    assert!(mail.text.contains("Manifestly unfounded (Art. 12(5))"));
    assert!(mail.text.contains("supervisory authority"));
}

#[actix_web::test]
async fn submissions_are_rate_limited_per_address_and_per_ip() {
    let smtp = common::smtp::Smtp::start();
    let mut setup = common::Setup::new(Backend::Sqlite, smtp.port);
    setup.rate_per_address = 2;
    setup.rate_per_ip = 12;
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    assert_eq!(
        app.submit("flood@example.com", "access").await.status(),
        303
    );
    assert_eq!(
        app.submit("flood@example.com", "access").await.status(),
        303
    );
    app.settle().await;
    let before = counts(&app);
    let r = app.submit("flood@example.com", "access").await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&wait), "the hour's budget: {wait}");
    let page = r.text().await.unwrap();
    assert!(page.contains("Too many requests"), "{page}");
    assert!(page.contains("minute"), "says how long: {page}");
    assert_eq!(counts(&app), before);
    // Other addresses are not affected, until this client's per-minute budget runs out.
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(app.get("/").await.status().as_u16());
    }
    assert!(statuses.contains(&429), "per-IP limit: {statuses:?}");
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "health is never limited"
    );
}

/// Behind a proxy (`trust_forwarded_for`), the per-IP limit keys on the address the proxy
/// appended to `X-Forwarded-For`: whatever the client writes in front of it changes nothing.
#[actix_web::test]
async fn a_forged_forwarded_for_does_not_dodge_the_per_ip_limit() {
    let smtp = common::smtp::Smtp::start();
    let mut setup = common::Setup::new(Backend::Sqlite, smtp.port);
    setup.rate_per_ip = 3;
    setup.security = "trust_forwarded_for = true\ntrusted_proxies = 1\n".into();
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    let get = |xff: String| {
        let req = app.client.get(app.url("/")).header("x-forwarded-for", xff);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let mut statuses = Vec::new();
    for i in 0..6 {
        // A new forged first hop each time; the proxy's entry (the last) stays the same.
        statuses.push(get(format!("10.1.2.{i}, 203.0.113.7")).await);
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429, 429]);
    // Another client behind the same proxy has its own budget…
    assert_eq!(get("203.0.113.8".into()).await, 200);
    // …and two headers are one list: the last entry is still the client.
    let r = app
        .client
        .get(app.url("/"))
        .header("x-forwarded-for", "203.0.113.8")
        .header("x-forwarded-for", "10.9.9.9, 203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429, "203.0.113.7 is over its limit");
}

/// The server prunes its rate limiters on a timer (nobody needs to read `/metrics` for it),
/// and reports how many keys each holds.
#[actix_web::test]
async fn the_rate_limiters_are_pruned_on_a_timer() {
    let smtp = common::smtp::Smtp::start();
    let mut setup = common::Setup::new(Backend::Sqlite, smtp.port);
    setup.security = "rate_limit_prune_seconds = 1\n".into();
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    assert_eq!(app.get("/").await.status(), 200);
    let client = app.client.clone();
    let url = app.url("/metrics");
    let mut seen = String::new();
    for _ in 0..200 {
        seen = client.get(&url).send().await.unwrap().text().await.unwrap();
        if seen.contains("dsr_rate_limit_keys{limiter=\"per_ip\"}") {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for limiter in ["per_ip", "per_address", "admin_login", "api"] {
        assert!(
            seen.contains(&format!("dsr_rate_limit_keys{{limiter=\"{limiter}\"}}")),
            "{limiter}: {seen}"
        );
    }
}

/// The per-address limit is charged only by a submission that passed its CSRF check and was
/// well-formed: used, unknown and malformed links, and refused forms, cost the subject nothing.
#[actix_web::test]
async fn dead_links_and_refused_forms_cost_the_address_nothing() {
    let smtp = common::smtp::Smtp::start();
    let mut setup = common::Setup::new(Backend::Sqlite, smtp.port);
    setup.rate_per_address = 2;
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    let email = "quota@example.com";
    let status = app.verified_request(email, "access").await; // 1 of 2
    let verify = common::link_path(&app.smtp.to(email)[0].text, "/verify/").unwrap();
    let csrf = app.csrf_from("/").await;
    for _ in 0..5 {
        assert_eq!(app.get(&verify).await.status(), 410);
        let r = app.post_form(&verify, &[("csrf", &csrf)]).await;
        assert_eq!(r.status(), 410);
        for path in ["/verify/", "/status/", "/download/"] {
            let bogus = format!("{path}{}", "x".repeat(43));
            assert_eq!(app.get(&bogus).await.status(), 404, "{bogus}");
        }
        let r = app
            .post_form("/requests", &[("email", email), ("kind", "access")])
            .await;
        assert_eq!(r.status(), 403, "no CSRF token");
        let r = app
            .post_form(
                "/requests",
                &[("email", email), ("kind", "nonsense"), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status(), 400, "unknown kind");
    }
    assert_eq!(app.get(&status).await.status(), 200);
    assert_eq!(app.submit(email, "access").await.status(), 303, "2 of 2");
    assert_eq!(app.submit(email, "access").await.status(), 429);
}

/// A status link opens while its request is open, and for
/// `policy.status_link_days_after_close` days after it closed; then it is gone (the friendly
/// 410 page). The boundary is checked with the service's clock moved, the page with the
/// closing time moved back.
#[actix_web::test]
async fn a_status_link_ends_days_after_its_request_closed() {
    use dsr_portal::service::{Gone, ServiceError, requests::status_view_at};
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        "[policy]\nstatus_link_days_after_close = 7\n",
    )
    .await;
    let status = app.verified_request("close@example.com", "erasure").await;
    let token = status.trim_start_matches("/status/").to_owned();
    let day = time::Duration::days(1);
    let now = dsr_portal::db::now();
    // Open: the link keeps working, however long the request takes.
    assert!(status_view_at(&app.portal, &token, now + 400 * day).is_ok());
    let csrf = app.csrf_from(&status).await;
    let r = app
        .post_form(&format!("{status}/cancel"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status(), 303);
    let r = status_view_at(&app.portal, &token, now).unwrap().request;
    assert_eq!(r.status.as_str(), "cancelled");
    let closed = r.completed_at.expect("closing time");
    let second = time::Duration::SECOND;
    assert!(status_view_at(&app.portal, &token, closed + 7 * day - second).is_ok());
    for later in [closed + 7 * day, closed + 400 * day] {
        assert!(matches!(
            status_view_at(&app.portal, &token, later),
            Err(ServiceError::Gone(Gone::Expired))
        ));
    }
    assert_eq!(app.get(&status).await.status(), 200);
    // A week after it closed, by the portal's clock.
    app.portal.clock.advance(7 * day);
    let r = app.get(&status).await;
    assert_eq!(r.status(), 410);
    let html = r.text().await.unwrap();
    assert!(html.contains("This link has expired"), "{html}");
    assert!(html.contains("Make a new request"), "{html}");
    let r = app
        .post_form(&format!("{status}/cancel"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status(), 410);
}

/// A row whose kind, status or jurisdiction is not one of the names the code knows fails to
/// load, saying which; it is never read as some default state.
#[actix_web::test]
async fn a_row_with_an_unknown_state_is_an_error_not_a_default() {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.submit("odd@example.com", "access").await;
    let id: String = {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id: String,
        }
        diesel::sql_query("SELECT id FROM requests")
            .load::<Id>(&mut *app.conn())
            .unwrap()
            .remove(0)
            .id
    };
    for (column, value, says) in [
        (
            "status",
            "paused_forever",
            "unknown status \"paused_forever\"",
        ),
        ("kind", "telepathy", "unknown kind \"telepathy\""),
        ("jurisdiction", "mars", "mars"),
    ] {
        diesel::sql_query(format!(
            "UPDATE requests SET {column} = '{value}' WHERE id = '{id}'"
        ))
        .execute(&mut *app.conn())
        .unwrap();
        let err = dsr_portal::db::requests::get(&mut app.conn(), &id).unwrap_err();
        assert!(err.to_string().contains(says), "{column}: {err}");
        let out = app.cli(&["requests", "show", &id]);
        assert!(!out.status.success(), "{column}: shown anyway");
        diesel::sql_query(format!(
            "UPDATE requests SET status = 'unverified', kind = 'access', jurisdiction = 'gdpr' WHERE id = '{id}'"
        ))
        .execute(&mut *app.conn())
        .unwrap();
    }
}

/// Over the per-IP limit, the page says how long to wait, in words, and `Retry-After` in
/// seconds; the icon and the stylesheet a browser fetches on its own never count, and are
/// cached long.
#[actix_web::test]
async fn the_429_page_says_how_long_and_assets_do_not_count() {
    let smtp = common::smtp::Smtp::start();
    let mut setup = common::Setup::new(Backend::Sqlite, smtp.port);
    setup.rate_per_ip = 2;
    let app = TestApp::spawn_setup(setup, smtp, false).await;
    for _ in 0..5 {
        for path in ["/favicon.ico", "/static/favicon.svg"] {
            let r = app.get(path).await;
            assert_eq!(r.status(), 200, "{path}");
            assert_eq!(r.headers()["content-type"], "image/svg+xml", "{path}");
            assert_eq!(
                r.headers()["cache-control"],
                "public, max-age=2592000",
                "{path}"
            );
            assert!(r.text().await.unwrap().starts_with("<svg"), "{path}");
        }
        assert_eq!(app.get("/static/app.css").await.status(), 200);
    }
    assert_eq!(app.get("/").await.status(), 200);
    assert_eq!(app.get("/").await.status(), 200);
    let r = app.get("/").await;
    assert_eq!(r.status(), 429);
    // Two a minute: the next one in 30 s.
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((26..=30).contains(&retry), "Retry-After: {retry}");
    let page = r.text().await.unwrap();
    assert!(page.contains("Too many requests"), "{page}");
    assert!(
        page.contains("Please try again in about 30 seconds."),
        "{page}"
    );
    assert!(!page.contains("a while"), "{page}");
}
