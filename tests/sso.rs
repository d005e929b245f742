//! Desk single sign-on against a real OpenID Connect provider (`oidc-provider`, started per
//! test): a person of an allowed domain signs in with the claimed role; an invited address of
//! any domain too; and each of these is refused, audited and leaves no session: a forged, an
//! unsigned, an expired ID token and one issued to another client, a replayed callback, a
//! callback this browser never began, an address outside the allowed domains, a new person
//! without a role, a locked account, a provider that is down. With `local_login = false`
//! only single sign-on logs in.

mod common;

use common::desk::{self, Desk, PASSWORD, audited, session_cookie};
use common::oidc::{CALLBACK, Reserved, person, sign_in, to_callback};
use common::{Backend, TestApp, stderr, stdout};

async fn spawn(backend: Backend, domains: &[&str], admin: &str) -> (TestApp, Reserved) {
    let idp = Reserved::new();
    let app = TestApp::spawn_with(backend, &idp.config(domains, admin)).await;
    (app, idp)
}

fn role_of(app: &TestApp, email: &str) -> Option<String> {
    let out = app.cli(&["admin", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .find(|l| l.starts_with(&format!("{email} ")))
        .map(|l| l.split_whitespace().nth(1).unwrap().to_owned())
}

async fn signs_in_with_the_claimed_role(backend: Backend) {
    let (app, idp) = spawn(backend, &["example.com"], "").await;
    let idp = idp.start(
        &app,
        serde_json::json!({
            "ana@example.com": person("Ana@Example.com", Some("viewer")),
        }),
    );
    let d = Desk::new(&app);
    let r = sign_in(&app, &idp, &d.client, "ana@example.com").await;
    assert_eq!(r.status(), 200);
    assert!(session_cookie(&r).is_some(), "a session");
    let body = r.text().await.unwrap();
    assert!(
        body.contains(r#"http-equiv="refresh" content="0; url=/admin""#),
        "{body}"
    );
    let queue = d.get("/admin").await;
    assert_eq!(queue.status(), 200, "the session opens the desk");
    assert!(queue.text().await.unwrap().contains("ana@example.com"));

    assert_eq!(role_of(&app, "ana@example.com").as_deref(), Some("viewer"));
    let list = stdout(&app.cli(&["admin", "list"]));
    assert!(list.contains("sso"), "{list}");
    let added = audited(&app, "admin_added");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].actor, "admin:ana@example.com");
    assert!(
        added[0].detail.contains(r#""via":"sso""#),
        "{}",
        added[0].detail
    );
    let login = audited(&app, "admin_login");
    assert_eq!(login.len(), 1);
    assert!(login[0].detail.contains(r#""role":"viewer""#) && login[0].detail.contains("sso"));

    // The account has no password: the password form refuses it like any wrong password.
    let other = Desk::new(&app);
    let r = other.password("ana@example.com", PASSWORD).await;
    assert_eq!(r.status(), 401);
    let r = other.password("ana@example.com", "").await;
    assert_eq!(r.status(), 401);
}

#[actix_web::test]
async fn a_person_of_an_allowed_domain_signs_in_with_the_claimed_role_sqlite() {
    signs_in_with_the_claimed_role(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_person_of_an_allowed_domain_signs_in_with_the_claimed_role_postgres() {
    signs_in_with_the_claimed_role(Backend::Postgres).await;
}

/// No session, no account, and one `admin_login_refused` with this reason.
fn refused_once(app: &TestApp, reason: &str) -> String {
    let refused = audited(app, "admin_login_refused");
    let matching: Vec<_> = refused
        .iter()
        .filter(|l| l.detail.contains(&format!(r#""reason":"{reason}""#)))
        .collect();
    assert_eq!(matching.len(), 1, "{refused:?}");
    assert!(audited(app, "admin_login").is_empty(), "nobody logged in");
    matching[0].detail.clone()
}

#[actix_web::test]
async fn bad_id_tokens_are_refused_and_audited() {
    for mode in ["forged", "unsigned", "wrong_aud", "expired"] {
        let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
        let idp = idp.start(
            &app,
            serde_json::json!({"ana@example.com": person("ana@example.com", Some("dpo"))}),
        );
        idp.tamper(mode).await;
        let d = Desk::new(&app);
        let r = sign_in(&app, &idp, &d.client, "ana@example.com").await;
        assert_eq!(r.status(), 401, "{mode}");
        assert!(session_cookie(&r).is_none(), "{mode}: no session");
        let body = r.text().await.unwrap();
        assert!(body.contains("could not be verified"), "{mode}: {body}");
        let detail = refused_once(&app, "sso_token");
        let why = match mode {
            "forged" | "unsigned" => "ignature",
            "wrong_aud" => "audience",
            _ => "xpired",
        };
        assert!(detail.contains(why), "{mode}: {detail}");
        assert!(
            audited(&app, "admin_added").is_empty(),
            "{mode}: no account"
        );
        assert_eq!(
            d.get("/admin").await.status(),
            303,
            "{mode}: still logged out"
        );
    }
}

#[actix_web::test]
async fn a_callback_works_once_and_only_in_the_browser_that_began_it() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    let idp = idp.start(
        &app,
        serde_json::json!({"ana@example.com": person("ana@example.com", Some("dpo"))}),
    );

    // Another browser (an attacker's link, login CSRF): refused, and the state stays usable
    // for the browser that began it.
    let d = Desk::new(&app);
    let back = to_callback(&app, &idp, &d.client, "ana@example.com").await;
    let stranger = Desk::new(&app);
    let r = stranger.client.get(&back).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(session_cookie(&r).is_none());
    assert!(r.text().await.unwrap().contains("Start again"));

    let state = back
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("state="))
        .unwrap()
        .to_owned();
    let r = d.client.get(&back).send().await.unwrap();
    assert_eq!(r.status(), 200, "the browser that began it signs in");

    // The same callback again, with the state cookie as it was: a replay.
    let replay = Desk::new(&app);
    let r = replay
        .client
        .get(&back)
        .header("cookie", format!("dsr_sso={state}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(session_cookie(&r).is_none());
    let refused = audited(&app, "admin_login_refused");
    let details: Vec<&str> = refused.iter().map(|l| l.detail.as_str()).collect();
    assert_eq!(refused.len(), 2, "{details:?}");
    assert!(
        details[0].contains("not the one this browser began")
            || details[0].contains("no sign-in was begun")
    );
    assert!(details[1].contains("used already"), "{details:?}");
    assert_eq!(audited(&app, "admin_login").len(), 1);
}

#[actix_web::test]
async fn an_address_outside_the_allowed_domains_needs_an_invitation() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    let idp = idp.start(
        &app,
        serde_json::json!({
            "eve@example.com.evil.org": person("eve@example.com.evil.org", Some("dpo")),
            "pat@partner.org": person("pat@partner.org", Some("dpo")),
            "nora@example.com": person("nora@example.com", None),
        }),
    );
    let d = Desk::new(&app);
    let r = sign_in(&app, &idp, &d.client, "eve@example.com.evil.org").await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("Ask a DPO to invite you"));
    let detail = refused_once(&app, "sso_domain");
    assert!(detail.contains("eve@example.com.evil.org"), "{detail}");
    assert!(role_of(&app, "eve@example.com.evil.org").is_none());

    // A new person of an allowed domain without a desk role in the claim (another browser:
    // the provider remembers who signed in in this one).
    let d = Desk::new(&app);
    let r = sign_in(&app, &idp, &d.client, "nora@example.com").await;
    assert_eq!(r.status(), 403);
    refused_once(&app, "sso_no_role");

    // Invited (an account made beforehand, for single sign-on only): any domain; the claim
    // sets the role, audited.
    let out = app.cli(&[
        "admin",
        "add",
        "--email",
        "pat@partner.org",
        "--role",
        "viewer",
        "--sso-only",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let d = Desk::new(&app);
    let r = sign_in(&app, &idp, &d.client, "pat@partner.org").await;
    assert_eq!(r.status(), 200);
    assert_eq!(role_of(&app, "pat@partner.org").as_deref(), Some("dpo"));
    let changed = audited(&app, "admin_role_changed");
    assert_eq!(changed.len(), 1);
    assert!(
        changed[0].detail.contains(r#""from":"viewer""#)
            && changed[0].detail.contains(r#""to":"dpo""#)
    );
}

#[actix_web::test]
async fn a_locked_account_is_refused_through_single_sign_on_too() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "max_failed_logins = 2").await;
    desk::add(&app, "ana@example.com", "dpo");
    let d = Desk::new(&app);
    for _ in 0..2 {
        assert_eq!(
            d.password("ana@example.com", "wrong password!")
                .await
                .status(),
            401
        );
    }
    let idp = idp.start(
        &app,
        serde_json::json!({"ana@example.com": person("ana@example.com", Some("dpo"))}),
    );
    let r = sign_in(&app, &idp, &d.client, "ana@example.com").await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("locked"));
    assert_eq!(d.get("/admin").await.status(), 303, "no session");
    let refused = audited(&app, "admin_login_refused");
    assert!(
        refused
            .iter()
            .any(|l| l.detail.contains(r#""reason":"locked""#) && l.detail.contains("sso"))
    );
}

#[actix_web::test]
async fn with_local_login_off_only_single_sign_on_logs_in() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "local_login = false").await;
    desk::add(&app, "ana@example.com", "dpo");
    let d = Desk::new(&app);
    let page = d.text("/admin/login").await;
    assert!(
        page.contains(r#"href="/admin/login/sso""#) && page.contains("Log in with Example SSO")
    );
    assert!(
        !page.contains(r#"name="password""#),
        "no password form: {page}"
    );
    let r = d
        .post(
            "/admin/login",
            &[
                ("email", "ana@example.com"),
                ("password", PASSWORD),
                ("csrf", "x"),
            ],
        )
        .await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("turned off"));
    refused_once(&app, "local_login_off");

    let idp = idp.start(
        &app,
        serde_json::json!({"ana@example.com": person("ana@example.com", Some("dpo"))}),
    );
    let r = sign_in(&app, &idp, &d.client, "ana@example.com").await;
    assert_eq!(r.status(), 200);
    assert_eq!(d.get("/admin").await.status(), 200);
}

#[actix_web::test]
async fn a_provider_that_is_down_or_says_no_is_answered_in_words() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    // Not started: nothing listens on its port.
    let d = Desk::new(&app);
    let r = d.get("/admin/login/sso").await;
    assert_eq!(r.status(), 502);
    assert!(r.text().await.unwrap().contains("be reached just now"));
    refused_once(&app, "sso_unreachable");

    // Started: an account it doesn't know is answered access_denied.
    let idp = idp.start(
        &app,
        serde_json::json!({"ana@example.com": person("ana@example.com", Some("dpo"))}),
    );
    let r = sign_in(&app, &idp, &d.client, "nobody@example.com").await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("did not sign you in"));
    let detail = refused_once(&app, "sso_denied");
    assert!(detail.contains("access_denied"), "{detail}");
}

#[actix_web::test]
async fn the_login_page_offers_single_sign_on_only_when_configured_and_the_routes_answer_404_without()
 {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let d = Desk::new(&app);
    let page = d.text("/admin/login").await;
    assert!(!page.contains("/admin/login/sso"));
    assert_eq!(d.get("/admin/login/sso").await.status(), 404);
    assert_eq!(d.get(CALLBACK).await.status(), 404);
    let out = app.cli(&["admin", "add", "--email", "a@example.com", "--sso-only"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("[admin.oidc]"), "{}", stderr(&out));
}

#[actix_web::test]
async fn a_missing_client_secret_or_a_plain_http_issuer_stops_start_up_naming_the_key() {
    let (app, _idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    let out = app
        .command(&["requests", "list"])
        .env_remove(common::oidc::SECRET_ENV)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("admin.oidc.client_secret_env") && err.contains(common::oidc::SECRET_ENV),
        "{err}"
    );

    let config = std::fs::read_to_string(&app.config_path).unwrap();
    let plain = config.replace(
        "issuer = \"http://127.0.0.1:",
        "issuer = \"http://idp.example.com:",
    );
    assert_ne!(plain, config);
    std::fs::write(&app.config_path, plain).unwrap();
    let out = app.cli(&["requests", "list"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("admin.oidc.issuer"),
        "{}",
        stderr(&out)
    );
}
