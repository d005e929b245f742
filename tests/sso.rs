//! Desk single sign-on against a real OpenID Connect provider (`oidc-provider`, started per
//! test): a person of an allowed domain signs in with the claimed role; an invited address of
//! any domain too; and each of these is refused, audited and leaves no session: a forged, an
//! unsigned, an HS256 (client secret), an expired ID token, one with another nonce and one
//! issued to another client, an answer naming another issuer, a replayed callback, a callback
//! URL used by a browser that did not begin it (even with a cookie built from the URL), an
//! address outside the allowed domains, an unverified address, a new person without a role,
//! a person removed from the provider's desk groups, a password account, another person at
//! the provider asserting a bound account's address, a locked account, a provider that is
//! down. With `local_login = false` only single sign-on logs in.

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

/// One `admin_login_refused` with this reason; its detail.
fn refused_once(app: &TestApp, reason: &str) -> String {
    let refused = audited(app, "admin_login_refused");
    let matching: Vec<_> = refused
        .iter()
        .filter(|l| l.detail.contains(&format!(r#""reason":"{reason}""#)))
        .collect();
    assert_eq!(matching.len(), 1, "{refused:?}");
    matching[0].detail.clone()
}

#[actix_web::test]
async fn bad_id_tokens_are_refused_and_audited() {
    for mode in [
        "forged",
        "unsigned",
        "hs256",
        "wrong_aud",
        "expired",
        "nonce",
    ] {
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
            "forged" | "unsigned" | "hs256" => "ignature",
            "wrong_aud" => "audience",
            "nonce" => "nonce",
            _ => "xpired",
        };
        assert!(detail.contains(why), "{mode}: {detail}");
        assert!(
            audited(&app, "admin_added").is_empty(),
            "{mode}: no account"
        );
        assert!(
            audited(&app, "admin_login").is_empty(),
            "{mode}: nobody logged in"
        );
        assert_eq!(
            d.get("/admin").await.status(),
            303,
            "{mode}: still logged out"
        );
    }
}

/// A browser whose cookies the test can read.
fn jar_browser() -> (std::sync::Arc<reqwest::cookie::Jar>, reqwest::Client) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (jar, client)
}

fn state_in(url: &str) -> String {
    url.split(['?', '&'])
        .find_map(|p| p.strip_prefix("state="))
        .unwrap()
        .to_owned()
}

#[actix_web::test]
async fn a_callback_works_once_and_only_in_the_browser_that_began_it() {
    use reqwest::cookie::CookieStore;
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    let idp = idp.start(
        &app,
        serde_json::json!({"ana@example.com": person("ana@example.com", Some("dpo"))}),
    );

    // The callback URL alone (a proxy's log, a browser history, a link sent to a victim) is
    // of no use: without the cookie there is no sign-in, and a cookie built from the URL's
    // state is not the browser's binding. Either attempt burns the sign-in.
    let (_, first) = jar_browser();
    let back = to_callback(&app, &idp, &first, "ana@example.com").await;
    let stranger = Desk::new(&app);
    let r = stranger
        .client
        .get(&back)
        .header("cookie", format!("dsr_sso={}", state_in(&back)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(session_cookie(&r).is_none());
    assert!(r.text().await.unwrap().contains("Start again"));
    let r = first.get(&back).send().await.unwrap();
    assert_eq!(r.status(), 400, "burned by the stranger's attempt");

    // A browser signs in once; the same answer again, with that browser's own cookie as it
    // was, is a replay.
    let (jar, browser) = jar_browser();
    let back = to_callback(&app, &idp, &browser, "ana@example.com").await;
    // (The jar also holds the provider's cookies: cookies don't tell ports apart.)
    let cookies = jar.cookies(&back.parse().unwrap()).expect("cookies");
    let cookie = cookies
        .to_str()
        .unwrap()
        .split("; ")
        .find(|c| c.starts_with("dsr_sso="))
        .expect("the sign-in's cookie")
        .to_owned();
    assert!(
        !cookie.contains(&state_in(&back)),
        "the cookie is not the state"
    );
    let r = browser.get(&back).send().await.unwrap();
    assert_eq!(r.status(), 200, "the browser that began it signs in");
    let replay = Desk::new(&app);
    let r = replay
        .client
        .get(&back)
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(session_cookie(&r).is_none());

    let refused = audited(&app, "admin_login_refused");
    let details: Vec<&str> = refused.iter().map(|l| l.detail.as_str()).collect();
    assert_eq!(refused.len(), 3, "{details:?}");
    assert!(
        details[0].contains("not the one this browser began"),
        "{details:?}"
    );
    assert!(details[1].contains("used already"), "{details:?}");
    assert!(details[2].contains("used already"), "{details:?}");
    assert_eq!(audited(&app, "admin_login").len(), 1);
}

#[actix_web::test]
async fn an_answer_naming_another_issuer_or_an_unverified_address_is_refused() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    let mut unverified = person("una@example.com", Some("dpo"));
    unverified["email_verified"] = false.into();
    let mut silent = person("sil@example.com", Some("dpo"));
    silent.as_object_mut().unwrap().remove("email_verified");
    let idp = idp.start(
        &app,
        serde_json::json!({
            "ana@example.com": person("ana@example.com", Some("dpo")),
            "una@example.com": unverified,
            "sil@example.com": silent,
        }),
    );
    let d = Desk::new(&app);
    let back = to_callback(&app, &idp, &d.client, "ana@example.com").await;
    let elsewhere = back.replace(
        &format!("iss={}", idp.issuer.replace(':', "%3A").replace('/', "%2F")),
        "iss=https%3A%2F%2Fevil.example.org",
    );
    assert_ne!(elsewhere, back, "the provider names itself: {back}");
    let r = d.client.get(&elsewhere).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let detail = refused_once(&app, "sso_token");
    assert!(detail.contains("evil.example.org"), "{detail}");

    for who in ["una@example.com", "sil@example.com"] {
        let d = Desk::new(&app);
        let r = sign_in(&app, &idp, &d.client, who).await;
        assert_eq!(r.status(), 403, "{who}");
        assert!(session_cookie(&r).is_none());
    }
    let refused = audited(&app, "admin_login_refused");
    let unverified = refused
        .iter()
        .filter(|l| l.detail.contains("sso_email_unverified"))
        .count();
    assert_eq!(unverified, 2, "{refused:?}");
}

#[actix_web::test]
async fn with_trust_unverified_email_an_address_without_the_claim_gets_in() {
    let idp = Reserved::new();
    let config = idp.config(&["example.com"], "").replace(
        "name = \"Example SSO\"",
        "name = \"Example SSO\"\ntrust_unverified_email = true",
    );
    let app = TestApp::spawn_with(Backend::Sqlite, &config).await;
    let mut silent = person("sil@example.com", Some("viewer"));
    silent.as_object_mut().unwrap().remove("email_verified");
    let idp = idp.start(&app, serde_json::json!({"sil@example.com": silent}));
    let d = Desk::new(&app);
    let r = sign_in(&app, &idp, &d.client, "sil@example.com").await;
    assert_eq!(r.status(), 200);
}

#[actix_web::test]
async fn a_password_account_is_not_taken_over_and_a_bound_account_stays_its_persons() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    desk::add(&app, "ana@example.com", "dpo");
    // Two people at the provider assert the same address (a reassigned mailbox, a misconfigured
    // directory): `sub` tells them apart.
    let idp = idp.start(
        &app,
        serde_json::json!({
            "ana-1": person("ana@example.com", Some("dpo")),
            "ana-2": person("ana@example.com", Some("dpo")),
        }),
    );
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana-1").await;
    assert_eq!(r.status(), 403);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("logs in with its password and code")
    );
    refused_once(&app, "sso_local_account");

    // The operator switches it over: password and code gone, sessions ended, audited.
    let out = app.cli(&["admin", "use-sso", "--email", "ana@example.com"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(audited(&app, "admin_switched_to_sso").len(), 1);
    assert!(stdout(&app.cli(&["admin", "list"])).contains("sso"));
    let r = Desk::new(&app).password("ana@example.com", PASSWORD).await;
    assert_eq!(r.status(), 401, "the password is gone");

    // The first sign-in binds the account to that person; the other one is refused.
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana-1").await;
    assert_eq!(r.status(), 200);
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana-2").await;
    assert_eq!(r.status(), 403);
    let detail = refused_once(&app, "sso_other_person");
    assert!(detail.contains(r#""sub":"ana-2""#), "{detail}");
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana-1").await;
    assert_eq!(r.status(), 200, "the bound person still gets in");
    let logins = audited(&app, "admin_login");
    assert!(
        logins.iter().all(|l| l.detail.contains(r#""sub":"ana-1""#)),
        "{logins:?}"
    );
}

#[actix_web::test]
async fn removing_the_role_at_the_provider_removes_desk_access() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    let idp = idp.start(
        &app,
        serde_json::json!({"ana@example.com": person("ana@example.com", Some("dpo"))}),
    );
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana@example.com").await;
    assert_eq!(r.status(), 200);
    idp.set_account("ana@example.com", person("ana@example.com", Some("staff")))
        .await;
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana@example.com").await;
    assert_eq!(r.status(), 403);
    refused_once(&app, "sso_no_role");
    idp.set_account("ana@example.com", person("ana@example.com", Some("viewer")))
        .await;
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana@example.com").await;
    assert_eq!(r.status(), 200);
    assert_eq!(role_of(&app, "ana@example.com").as_deref(), Some("viewer"));
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
    let out = app.cli(&["admin", "add", "--email", "ana@example.com", "--sso-only"]);
    assert!(out.status.success(), "{}", stderr(&out));
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

/// The provider's keys are kept between sign-ins; a token signed by a key published since
/// (a rotation) is checked again against keys read afresh, and gets in.
#[actix_web::test]
async fn a_rotated_signing_key_is_picked_up() {
    let (app, idp) = spawn(Backend::Sqlite, &["example.com"], "").await;
    let idp = idp.start(
        &app,
        serde_json::json!({"ana@example.com": person("ana@example.com", Some("dpo"))}),
    );
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana@example.com").await;
    assert_eq!(r.status(), 200, "keys read and kept");
    idp.tamper("rotated").await;
    let r = sign_in(&app, &idp, &Desk::new(&app).client, "ana@example.com").await;
    assert_eq!(r.status(), 200, "the new key is read when a token needs it");
    assert_eq!(audited(&app, "admin_login").len(), 2);
    assert!(audited(&app, "admin_login_refused").is_empty());
}
