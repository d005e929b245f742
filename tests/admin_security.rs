//! The desk's defences, each refused and audited: wrong password (same answer as an unknown
//! address), wrong and replayed TOTP codes, lockout, the login rate limit, missing or foreign
//! CSRF tokens, session fixation, idle and absolute expiry (time moved in the database), the
//! IP allow-list, a viewer trying an action; and the cookie's flags. The operator's account
//! commands (list, unlock, remove).

mod common;

use common::desk::{self, Desk, PASSWORD, audited, code, request_id, session_cookie};
use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, location, stderr, stdout};

#[actix_web::test]
async fn unknown_address_and_wrong_password_look_the_same() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    let wrong = d.password("dpo@example.com", "not the password").await;
    let (s1, b1) = (wrong.status(), wrong.text().await.unwrap());
    let unknown = d.password("nobody@example.com", "not the password").await;
    let (s2, b2) = (unknown.status(), unknown.text().await.unwrap());
    assert_eq!(s1, 401);
    assert_eq!(s1, s2);
    // The page echoes the typed address; apart from it, the answers are identical.
    assert_eq!(
        b1.replace("dpo@example.com", "X"),
        b2.replace("nobody@example.com", "X")
    );
    let failed = audited(&app, "admin_login_failed");
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0].actor, "admin:dpo@example.com");
    assert!(failed[0].detail.contains("\"reason\":\"password\""));
    assert_eq!(failed[1].actor, "ip:127.0.0.1");
    assert!(failed[1].detail.contains("unknown_account"));
    assert!(
        !failed[1].detail.contains("nobody@"),
        "a typed address is not logged"
    );
}

#[actix_web::test]
async fn wrong_and_replayed_codes_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    assert_eq!(d.password("dpo@example.com", PASSWORD).await.status(), 303);
    let good = code(&secret);
    let bad = format!("{:06}", (good.parse::<u32>().unwrap() + 1) % 1_000_000);
    let r = d.totp(&bad).await;
    assert_eq!(r.status(), 401);
    assert!(
        audited(&app, "admin_login_failed")[0]
            .detail
            .contains("\"reason\":\"totp\"")
    );
    let r = d.totp(&good).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin");
    // The same code again, still inside its window, from another browser: refused.
    let other = Desk::new(&app);
    assert_eq!(
        other.password("dpo@example.com", PASSWORD).await.status(),
        303
    );
    let r = other.totp(&good).await;
    assert_eq!(r.status(), 401);
    assert_eq!(other.get("/admin").await.status(), 303, "not logged in");
    let failed = audited(&app, "admin_login_failed");
    assert!(failed.last().unwrap().detail.contains("totp_replayed"));
    assert_eq!(audited(&app, "admin_login").len(), 1);
}

#[actix_web::test]
async fn repeated_failures_lock_the_account() {
    let app = TestApp::spawn_with(
        Backend::Postgres,
        "[admin]\nmax_failed_logins = 3\nlockout_minutes = 15\n",
    )
    .await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    for _ in 0..3 {
        assert_eq!(
            d.password("dpo@example.com", "wrong password!")
                .await
                .status(),
            401
        );
    }
    let locked = audited(&app, "admin_locked");
    assert_eq!(locked.len(), 1);
    assert_eq!(locked[0].actor, "admin:dpo@example.com");
    // Even the right password (and code) is refused now, with the same answer.
    let r = d.password("dpo@example.com", PASSWORD).await;
    assert_eq!(r.status(), 401);
    assert_eq!(audited(&app, "admin_login_refused").len(), 1);
    // Once the lock has passed (the portal's clock moves on, nobody waits), login works.
    app.portal.clock.advance(time::Duration::minutes(16));
    d.login("dpo@example.com", &secret).await;
}

/// The operator's side: `admin list` (no secrets), `admin unlock` lifts a lockout at once,
/// `admin remove` ends the account's live session; each audited, bad input refused.
#[actix_web::test]
async fn accounts_are_listed_unlocked_and_removed_from_the_cli() {
    let app = TestApp::spawn_with(Backend::Sqlite, "[admin]\nmax_failed_logins = 2\n").await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    let viewer_secret = desk::add(&app, "viewer@example.com", "viewer");
    let viewer = Desk::new(&app);
    viewer.login("viewer@example.com", &viewer_secret).await;
    let d = Desk::new(&app);
    for _ in 0..2 {
        d.password("dpo@example.com", "wrong password!").await;
    }
    let list = stdout(&app.cli(&["admin", "list"]));
    let dpo_line = list
        .lines()
        .find(|l| l.starts_with("dpo@example.com"))
        .unwrap();
    assert!(
        dpo_line.contains(" dpo ") && !dpo_line.ends_with(" -"),
        "locked: {list}"
    );
    let viewer_line = list.lines().find(|l| l.starts_with("viewer@")).unwrap();
    assert!(
        viewer_line.contains(" viewer ") && viewer_line.ends_with(" -"),
        "{list}"
    );
    assert!(
        !list.contains("argon2") && !list.contains("v1:"),
        "no secrets: {list}"
    );

    let out = app.cli(&["admin", "unlock", "--email", "DPO@example.com"]);
    assert!(out.status.success(), "{}", stderr(&out));
    d.login("dpo@example.com", &secret).await;

    assert_eq!(viewer.get("/admin").await.status(), 200);
    let out = app.cli(&["admin", "remove", "--email", "viewer@example.com"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r = viewer.get("/admin").await;
    assert_eq!(r.status(), 303, "the removed account's session ended");
    assert_eq!(location(&r), "/admin/login");
    assert!(!stdout(&app.cli(&["admin", "list"])).contains("viewer@"));

    let out = app.cli(&["admin", "remove", "--email", "nobody@example.com"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no account for nobody@example.com"),
        "{}",
        stderr(&out)
    );
    let unlocked = audited(&app, "admin_unlocked");
    assert_eq!(unlocked.len(), 1);
    assert!(
        unlocked[0].actor.starts_with("cli:"),
        "{}",
        unlocked[0].actor
    );
    let removed = audited(&app, "admin_removed");
    assert_eq!(removed.len(), 1);
    assert!(removed[0].detail.contains("viewer@example.com"));
}

#[actix_web::test]
async fn login_posts_are_rate_limited_per_address() {
    let app = TestApp::spawn_with(Backend::Sqlite, "[admin]\nlogin_rate_per_minute = 2\n").await;
    let d = Desk::new(&app);
    for _ in 0..2 {
        assert_eq!(
            d.password("x@example.com", "whatever-whatever")
                .await
                .status(),
            401
        );
    }
    let r = d.password("x@example.com", "whatever-whatever").await;
    assert_eq!(r.status(), 429);
    let limited = audited(&app, "admin_rate_limited");
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0].actor, "ip:127.0.0.1");
}

#[actix_web::test]
async fn every_post_needs_its_csrf_token() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    app.verified_request("s@example.com", "erasure").await;
    let id = request_id(&app, "s@example.com");
    let d = Desk::new(&app);
    // The login form.
    d.get("/admin/login").await;
    let r = d
        .post(
            "/admin/login",
            &[("email", "dpo@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 403);
    d.login("dpo@example.com", &secret).await;
    // An action without a token, with a forged one, with one from another session.
    let action = format!("/admin/requests/{id}/approve");
    assert_eq!(d.post(&action, &[]).await.status(), 403);
    assert_eq!(d.post(&action, &[("csrf", "00ff")]).await.status(), 403);
    let other = Desk::new(&app);
    let secret2 = desk::add(&app, "dpo2@example.com", "dpo");
    other.login("dpo2@example.com", &secret2).await;
    let foreign = other.csrf("/admin").await;
    assert_eq!(d.post(&action, &[("csrf", &foreign)]).await.status(), 403);
    // A right token from a foreign origin.
    let own = d.csrf("/admin").await;
    let r = d
        .client
        .post(app.url(&action))
        .header("Origin", "https://evil.example")
        .form(&[("csrf", own.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Logout needs one too.
    assert_eq!(d.post("/admin/logout", &[]).await.status(), 403);
    let denied = audited(&app, "admin_denied");
    assert_eq!(denied.len(), 6, "{denied:?}");
    assert!(denied.iter().all(|e| e.detail.contains("csrf")));
    assert!(audited(&app, "approve").is_empty(), "nothing was approved");
    assert_eq!(
        d.act(&id, "approve", &[("confirm", "yes")]).await.status(),
        303
    );
}

#[actix_web::test]
async fn login_issues_a_new_session_id() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    let r = d.password("dpo@example.com", PASSWORD).await;
    let pending = session_cookie(&r).expect("a pending session cookie");
    let r = d.totp(&code(&secret)).await;
    let full = session_cookie(&r).expect("a new session cookie");
    let value = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(value(&pending), value(&full));
    // The pending session's id no longer opens anything.
    let attacker = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = attacker
        .get(app.url("/admin"))
        .header("Cookie", value(&pending))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = attacker
        .get(app.url("/admin"))
        .header("Cookie", value(&full))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A session id planted before login is never adopted.
    let planted = "dsr_admin=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let r = attacker
        .get(app.url("/admin"))
        .header("Cookie", planted)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Sessions are stored hashed: the cookie's value is nowhere in the database.
    #[derive(diesel::QueryableByName)]
    struct H {
        #[diesel(sql_type = diesel::sql_types::Text)]
        token_hash: String,
    }
    let rows: Vec<H> = diesel::RunQueryDsl::load(
        diesel::sql_query("SELECT token_hash FROM admin_sessions"),
        &mut *app.conn(),
    )
    .unwrap();
    let token = value(&full).trim_start_matches("dsr_admin=").to_owned();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, token);
    assert_eq!(rows[0].token_hash, dsr_portal::domain::token::hash(&token));
}

#[actix_web::test]
async fn the_cookie_is_http_only_strict_and_secure_over_https() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    desk::add(&app, "dpo@example.com", "dpo");
    let r = Desk::new(&app).password("dpo@example.com", PASSWORD).await;
    let c = session_cookie(&r).unwrap();
    assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Path=/admin"));
    assert!(!c.contains("Secure"), "plain http in tests: {c}");

    let smtp = Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.public_url = Some("https://privacy.example.com".into());
    let app = TestApp::spawn_setup(setup, smtp, false).await;
    desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    let csrf = d.csrf("/admin/login").await;
    let r = d
        .post(
            "/admin/login",
            &[
                ("email", "dpo@example.com"),
                ("password", PASSWORD),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let c = session_cookie(&r).unwrap();
    assert!(
        c.contains("Secure") && c.contains("HttpOnly") && c.contains("SameSite=Strict"),
        "{c}"
    );
}

#[actix_web::test]
async fn idle_and_absolute_expiry_end_the_session() {
    let app = TestApp::spawn_with(
        Backend::Postgres,
        "[admin]\nsession_idle_minutes = 30\nsession_max_hours = 12\n",
    )
    .await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    assert_eq!(d.get("/admin").await.status(), 200);
    // Idle for 31 minutes (by the portal's clock).
    app.portal.clock.advance(time::Duration::minutes(31));
    let r = d.get("/admin").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/login?expired=1");
    let page = d.text("/admin/login?expired=1").await;
    assert!(page.contains("Your session ended"));

    // Busy all along (a page every 20 minutes), but logged in 12 hours ago.
    let secret2 = desk::add(&app, "dpo2@example.com", "dpo");
    let d2 = Desk::new(&app);
    d2.login("dpo2@example.com", &secret2).await;
    for _ in 0..35 {
        app.portal.clock.advance(time::Duration::minutes(20));
        assert_eq!(d2.get("/admin").await.status(), 200);
    }
    app.portal.clock.advance(time::Duration::minutes(21));
    assert_eq!(d2.get("/admin").await.status(), 303);
    let expired = audited(&app, "admin_session_expired");
    assert_eq!(expired.len(), 2);
    assert!(expired[0].detail.contains("idle") && expired[1].detail.contains("absolute"));
    assert_eq!(expired[1].actor, "admin:dpo2@example.com");
}

async fn with_allow_list(nets: &[&str]) -> TestApp {
    let smtp = Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.admin_allow_ips = nets.iter().map(|s| (*s).to_owned()).collect();
    TestApp::spawn_setup(setup, smtp, true).await
}

#[actix_web::test]
async fn outside_the_allow_list_nothing_answers() {
    let app = with_allow_list(&["10.0.0.0/8", "192.168.1.7"]).await;
    for path in [
        "/admin",
        "/admin/login",
        "/admin/register.csv",
        "/admin/nope",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 403, "{path}");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Not available from your network")
        );
    }
    let r = app.post_form("/admin/login", &[("email", "a@b.c")]).await;
    assert_eq!(r.status(), 403);
    let refused = audited(&app, "admin_ip_refused");
    assert_eq!(refused.len(), 5);
    assert_eq!(refused[0].actor, "ip:127.0.0.1");
    assert!(refused[4].detail.contains("POST"));
    assert!(
        audited(&app, "admin_login_failed").is_empty(),
        "refused before the login"
    );
    // The public portal is not behind the allow-list.
    assert_eq!(app.get("/").await.status(), 200);
}

#[actix_web::test]
async fn an_allow_list_with_the_peer_lets_it_in() {
    let app = with_allow_list(&["127.0.0.0/8"]).await;
    assert_eq!(app.get("/admin/login").await.status(), 200);
    assert!(audited(&app, "admin_ip_refused").is_empty());
}

#[actix_web::test]
async fn a_viewer_reads_but_cannot_act() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let secret = desk::add(&app, "viewer@example.com", "viewer");
    app.verified_request("v@example.com", "erasure").await;
    let id = request_id(&app, "v@example.com");
    let d = Desk::new(&app);
    d.login("viewer@example.com", &secret).await;
    let page = d.text(&format!("/admin/requests/{id}")).await;
    assert!(page.contains("role is viewer"));
    assert!(!page.contains("/approve\""), "no action forms");
    let r = d.act(&id, "approve", &[("confirm", "yes")]).await;
    assert_eq!(r.status(), 403);
    let denied = audited(&app, "admin_denied");
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0].actor, "admin:viewer@example.com");
    assert!(denied[0].detail.contains("\"reason\":\"role\""));
    assert!(audited(&app, "approve").is_empty());
    let page = d.text(&format!("/admin/requests/{id}")).await;
    assert!(page.contains("Awaiting approval"));
    assert!(
        !page.contains("action=\"/admin/requests/{id}/assign\""),
        "a viewer is offered no assignment"
    );
}

/// Behind a proxy (`trust_forwarded_for`), the allow-list and the login limit see the client
/// the proxy names in `X-Forwarded-For` (the rightmost entry), never what the client wrote.
#[actix_web::test]
async fn behind_a_proxy_the_desk_keys_on_the_forwarded_client() {
    let smtp = Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.admin_allow_ips = vec!["203.0.113.0/24".into()];
    setup.security = "trust_forwarded_for = true\n".into();
    setup.extra = "[admin]\nlogin_rate_per_minute = 2\n".into();
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    let get = |xff: Option<&str>| {
        let mut req = app.client.get(app.url("/admin/login"));
        if let Some(xff) = xff {
            req = req.header("x-forwarded-for", xff);
        }
        async move { req.send().await.unwrap().status().as_u16() }
    };
    // The TCP peer (127.0.0.1) is not on the list, nor is a forged first hop.
    assert_eq!(get(None).await, 403);
    assert_eq!(get(Some("203.0.113.5, 10.9.9.9")).await, 403);
    assert_eq!(get(Some("10.9.9.9, 203.0.113.5")).await, 200);
    let refused = audited(&app, "admin_ip_refused");
    assert_eq!(refused.len(), 2);
    assert_eq!(refused[0].actor, "ip:127.0.0.1");
    assert_eq!(refused[1].actor, "ip:10.9.9.9");

    // The login limit counts per forwarded client, whatever hops it forges.
    let post = |xff: &str| {
        let req = app
            .client
            .post(app.url("/admin/login"))
            .header("x-forwarded-for", xff)
            .form(&[
                ("email", "x@example.com"),
                ("password", "whatever-whatever"),
            ]);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let mut statuses = Vec::new();
    for i in 0..3 {
        statuses.push(post(&format!("10.0.0.{i}, 203.0.113.5")).await);
    }
    // (No CSRF token: refused with 403, but each post counted first.)
    assert_eq!(statuses, [403, 403, 429]);
    assert_eq!(
        post("203.0.113.6").await,
        403,
        "another client has its own budget"
    );
    let limited = audited(&app, "admin_rate_limited");
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0].actor, "ip:203.0.113.5");
}

/// `n` wrong passwords for dpo@example.com posted at once, each from a browser of its own;
/// their statuses.
async fn wrong_passwords_at_once(app: &TestApp, n: usize) -> Vec<u16> {
    let mut ready = Vec::new();
    for _ in 0..n {
        let c = common::client();
        let page = c.get(app.url("/admin/login")).send().await.unwrap();
        let csrf = common::csrf_in(&page.text().await.unwrap()).unwrap();
        ready.push((c, csrf));
    }
    let handles: Vec<_> = ready
        .into_iter()
        .map(|(c, csrf)| {
            let url = app.url("/admin/login");
            actix_web::rt::spawn(async move {
                let form = [
                    ("email", "dpo@example.com"),
                    ("password", "wrong password!"),
                    ("csrf", csrf.as_str()),
                ];
                c.post(url)
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for h in handles {
        statuses.push(h.await.unwrap());
    }
    statuses
}

fn failed_logins(app: &TestApp) -> (i32, bool) {
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    use dsr_portal::db::schema::admins;
    let (n, until): (i32, Option<time::PrimitiveDateTime>) = admins::table
        .filter(admins::email.eq("dpo@example.com"))
        .select((admins::failed_logins, admins::locked_until))
        .first(&mut *app.conn())
        .unwrap();
    (n, until.is_some())
}

/// Concurrent wrong passwords each count (one `UPDATE … RETURNING` per failure, not a read
/// then a write that a concurrent failure overwrites): on PostgreSQL, 16 at once leave the
/// counter at 16, and the lock falls exactly at the threshold, once.
#[actix_web::test]
async fn concurrent_failures_all_count_on_postgres() {
    let app = TestApp::spawn_with(
        Backend::Postgres,
        "[admin]\nmax_failed_logins = 20\nlogin_rate_per_minute = 1000\n",
    )
    .await;
    desk::add(&app, "dpo@example.com", "dpo");
    assert_eq!(wrong_passwords_at_once(&app, 16).await, [401; 16]);
    assert_eq!(failed_logins(&app), (16, false));
    let mut counted: Vec<u64> = audited(&app, "admin_login_failed")
        .iter()
        .map(|a| {
            let d: serde_json::Value = serde_json::from_str(&a.detail).unwrap();
            d["failures"].as_u64().unwrap()
        })
        .collect();
    counted.sort_unstable();
    assert_eq!(
        counted,
        (1..=16).collect::<Vec<_>>(),
        "each failure saw its own count"
    );
    // Eight more at once: four reach the threshold (the 20th locks), four find it locked.
    assert_eq!(wrong_passwords_at_once(&app, 8).await, [401; 8]);
    assert_eq!(
        failed_logins(&app),
        (0, true),
        "locked, the counter starts again"
    );
    assert_eq!(audited(&app, "admin_login_failed").len(), 20);
    assert_eq!(audited(&app, "admin_locked").len(), 1);
    assert_eq!(audited(&app, "admin_login_refused").len(), 4);
}

/// Argon2 runs for so many logins at once only (`admin.password_check_concurrency`): twelve
/// wrong passwords at once, with two turns, never had more than two checks running.
#[actix_web::test]
async fn password_checks_never_run_more_than_the_cap_at_once() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        "[admin]\nmax_failed_logins = 100\nlogin_rate_per_minute = 1000\n\
         password_check_concurrency = 2\npassword_check_wait_seconds = 60\n",
    )
    .await;
    desk::add(&app, "dpo@example.com", "dpo");
    assert_eq!(wrong_passwords_at_once(&app, 12).await, [401; 12]);
    let gate = app.portal.password_gate();
    assert_eq!(gate.size(), 2);
    let peak = gate.peak();
    assert!((1..=2).contains(&peak), "{peak} checks ran at once");
    assert_eq!(failed_logins(&app), (12, false), "every one was checked");
}

/// A login that gets no turn within `admin.password_check_wait_seconds` is told the desk is
/// busy (503, a page, `Retry-After`), and nothing is checked, counted or recorded.
#[actix_web::test]
async fn a_login_with_no_turn_is_told_the_desk_is_busy() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        "[admin]\npassword_check_concurrency = 1\npassword_check_wait_seconds = 1\n",
    )
    .await;
    desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    let held = app.portal.password_gate().enter().await.unwrap();
    let r = d.password("dpo@example.com", "wrong password!").await;
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "5");
    assert!(r.text().await.unwrap().contains("The desk is busy"));
    assert_eq!(failed_logins(&app), (0, false));
    assert!(audited(&app, "admin_login_failed").is_empty());
    drop(held);
    assert_eq!(
        d.password("dpo@example.com", "wrong password!")
            .await
            .status(),
        401
    );
    assert_eq!(failed_logins(&app), (1, false));
}
