//! The JWT attack matrix: every forged, stale or misdirected token is refused with 401 (or
//! 403 for a missing scope) and changes nothing. Plus `token issue` / `token revoke`.

mod common;

use common::api::{
    self, claims, hs256_with_key, raw_token, read_fixture, sign_ed, sign_hs, sign_rsa,
};
use common::{Backend, TestApp, stderr, stdout};
use serde_json::{Value, json};

fn create_body() -> Value {
    json!({"email": "victim@example.com", "kind": "erasure"})
}

/// POSTs a create and GETs the list with `token`; both must be refused with `status`
/// (`code`), and nothing may change.
async fn refused(app: &TestApp, what: &str, token: Option<&str>, status: u16, code: &str) {
    app.settle().await;
    let before = app.changes();
    let audit_before = app.audit_by("api:attacker").len();
    let r = app
        .api_post("/api/v1/requests", token, &create_body())
        .await;
    assert_eq!(r.status, status, "{what} (POST): {}", r.text);
    assert_eq!(r.code(), code, "{what} (POST)");
    assert!(
        !r.text.contains("panicked") && !r.text.contains("src/"),
        "{what}: {}",
        r.text
    );
    if status == 401 {
        assert!(
            r.header("www-authenticate").unwrap().starts_with("Bearer"),
            "{what}"
        );
        let r = app.api_get("/api/v1/requests", token).await;
        assert_eq!(r.status, status, "{what} (GET): {}", r.text);
        // A refused token leaves no trace under its subject.
        assert_eq!(app.audit_by("api:attacker").len(), audit_before, "{what}");
    }
    app.settle().await;
    assert_eq!(app.changes(), before, "{what} changed nothing");
}

#[actix_web::test]
async fn hs256_tokens_that_must_be_refused() {
    let extra = format!(
        "[api]\njwt_secret = \"{}\"\nissuer = \"https://idp.example.com\"\nrate_per_minute = 100000\n",
        api::SECRET
    );
    let app = TestApp::spawn_with(Backend::Postgres, &extra).await;
    let secret = api::SECRET.as_bytes();
    let valid = || {
        let mut c = claims("attacker", "requests:read requests:write");
        c["iss"] = json!("https://idp.example.com");
        c
    };
    // Positive control: the well-formed token works.
    let ok = sign_hs(&valid(), secret);
    assert_eq!(app.api_get("/api/v1/requests", Some(&ok)).await.status, 200);

    refused(&app, "no token", None, 401, "missing_token").await;
    for garbage in [
        "",
        "abc",
        "a.b.c",
        "eyJhbGciOiJIUzI1NiJ9..",
        "Zm9v.YmFy.YmF6.cXV4",
    ] {
        refused(
            &app,
            &format!("malformed {garbage:?}"),
            Some(garbage),
            401,
            "invalid_token",
        )
        .await;
    }
    let basic = app
        .client
        .get(app.url("/api/v1/requests"))
        .header("Authorization", "Basic YXR0YWNrZXI6cHc=")
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401, "Basic auth is not a bearer token");

    // alg: none, with and without a signature.
    let none = raw_token(&json!({"alg": "none", "typ": "JWT"}), &valid(), b"");
    refused(&app, "alg none", Some(&none), 401, "invalid_token").await;
    let none_upper = raw_token(&json!({"alg": "None", "typ": "JWT"}), &valid(), b"x");
    refused(&app, "alg None", Some(&none_upper), 401, "invalid_token").await;
    // HS384 / HS512 with the right secret: only HS256 is accepted.
    for alg in [
        jsonwebtoken::Algorithm::HS384,
        jsonwebtoken::Algorithm::HS512,
    ] {
        let t = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(alg),
            &valid(),
            &jsonwebtoken::EncodingKey::from_secret(secret).unwrap(),
        )
        .unwrap();
        refused(&app, &format!("{alg:?}"), Some(&t), 401, "invalid_token").await;
    }
    // EdDSA when no public key is configured.
    let ed = sign_ed(&valid(), "ed25519.key.pem", Some("ed1"));
    refused(&app, "EdDSA without keys", Some(&ed), 401, "invalid_token").await;

    let wrong_key = sign_hs(&valid(), b"another-secret-another-secret-another");
    refused(&app, "wrong key", Some(&wrong_key), 401, "invalid_token").await;

    let mut c = valid();
    c["aud"] = json!("another-service");
    refused(
        &app,
        "wrong aud",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;
    let mut c = valid();
    c["aud"] = json!(["another-service"]);
    refused(
        &app,
        "wrong aud list",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;
    let mut c = valid();
    c.as_object_mut().unwrap().remove("aud");
    refused(
        &app,
        "no aud",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;

    let mut c = valid();
    c["iss"] = json!("https://evil.example.com");
    refused(
        &app,
        "wrong iss",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;
    let mut c = valid();
    c.as_object_mut().unwrap().remove("iss");
    refused(
        &app,
        "no iss",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;

    let mut c = valid();
    c["exp"] = json!(api::now() - 120);
    refused(
        &app,
        "expired",
        Some(&sign_hs(&c, secret)),
        401,
        "token_expired",
    )
    .await;
    let mut c = valid();
    c.as_object_mut().unwrap().remove("exp");
    refused(
        &app,
        "no exp",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;
    let mut c = valid();
    c["nbf"] = json!(api::now() + 600);
    refused(
        &app,
        "nbf in the future",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;
    // Within the leeway, a slightly early nbf is fine.
    let mut c = valid();
    c["nbf"] = json!(api::now() + 5);
    assert_eq!(
        app.api_get("/api/v1/requests", Some(&sign_hs(&c, secret)))
            .await
            .status,
        200
    );

    let mut c = valid();
    c.as_object_mut().unwrap().remove("jti");
    refused(
        &app,
        "no jti",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;
    let mut c = valid();
    c.as_object_mut().unwrap().remove("sub");
    refused(
        &app,
        "no sub",
        Some(&sign_hs(&c, secret)),
        401,
        "invalid_token",
    )
    .await;

    // Tampered payload: a read-only token edited to claim write, signature kept.
    let read_only = {
        let mut c = valid();
        c["scope"] = json!("requests:read");
        sign_hs(&c, secret)
    };
    let parts: Vec<&str> = read_only.split('.').collect();
    let mut escalated = valid();
    escalated["scope"] = json!("requests:read requests:write requests:verify");
    let forged = {
        use base64::Engine;
        let payload =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(escalated.to_string());
        format!("{}.{payload}.{}", parts[0], parts[2])
    };
    refused(
        &app,
        "tampered payload",
        Some(&forged),
        401,
        "invalid_token",
    )
    .await;
    let mut sig_flipped = read_only.clone();
    let last = sig_flipped.pop().unwrap();
    sig_flipped.push(if last == 'A' { 'B' } else { 'A' });
    refused(
        &app,
        "tampered signature",
        Some(&sig_flipped),
        401,
        "invalid_token",
    )
    .await;

    // A read scope on a write route: 403, nothing created (the refusal is audited).
    refused(
        &app,
        "read scope on a write route",
        Some(&read_only),
        403,
        "insufficient_scope",
    )
    .await;
    let r = app
        .api_post(
            "/api/v1/requests/019ad0a8-5a6e-7c42-9a5b-2f4c0b6c8e11/cancel",
            Some(&read_only),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 403);
    let denied: Vec<String> = app
        .audit_by("api:attacker")
        .into_iter()
        .map(|(e, _)| e)
        .collect();
    assert!(denied.iter().any(|e| e == "api_denied"), "{denied:?}");
    // A write-only token can't read.
    let mut c = valid();
    c["scope"] = json!("requests:write");
    let r = app
        .api_get("/api/v1/requests", Some(&sign_hs(&c, secret)))
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "insufficient_scope");
    // No scope at all.
    let mut c = valid();
    c.as_object_mut().unwrap().remove("scope");
    let r = app
        .api_get("/api/v1/requests", Some(&sign_hs(&c, secret)))
        .await;
    assert_eq!(r.status, 403);

    // Revoked jti: refused from the next call on.
    let jti = uuid::Uuid::new_v4().to_string();
    let mut c = valid();
    c["jti"] = json!(jti);
    let t = sign_hs(&c, secret);
    assert_eq!(app.api_get("/api/v1/requests", Some(&t)).await.status, 200);
    let out = app.cli(&["token", "revoke", &jti]);
    assert!(out.status.success(), "{}", stderr(&out));
    refused(&app, "revoked jti", Some(&t), 401, "invalid_token").await;

    let out = app.cli(&["audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[actix_web::test]
async fn public_key_tokens_and_algorithm_confusion() {
    let app = TestApp::spawn_with(Backend::Sqlite, &api::public_keys_config()).await;
    let c = || claims("attacker", "requests:read requests:write");

    // Positive controls: EdDSA and RS256, selected by kid (or the only key of that alg).
    for (what, t) in [
        ("EdDSA kid", sign_ed(&c(), "ed25519.key.pem", Some("ed1"))),
        ("EdDSA no kid", sign_ed(&c(), "ed25519.key.pem", None)),
        ("RS256 kid", sign_rsa(&c(), Some("rsa1"))),
    ] {
        let r = app.api_get("/api/v1/requests", Some(&t)).await;
        assert_eq!(r.status, 200, "{what}: {}", r.text);
    }
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&sign_rsa(&c(), Some("rsa1"))),
            &json!({"email": "ok@example.com", "kind": "access"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);

    // HS256 "signed" with the public keys (the classic confusion): no secret is configured.
    for (pem, kid) in [("rsa.pub.pem", "rsa1"), ("ed25519.pub.pem", "ed1")] {
        let header = json!({"alg": "HS256", "typ": "JWT", "kid": kid});
        let t = hs256_with_key(&header, &c(), &read_fixture(pem));
        refused(
            &app,
            &format!("HS256 with the public key of {kid}"),
            Some(&t),
            401,
            "invalid_token",
        )
        .await;
        let header = json!({"alg": "HS256", "typ": "JWT"});
        let t = hs256_with_key(&header, &c(), &read_fixture(pem));
        refused(
            &app,
            &format!("HS256 with the public key of {kid}, no kid"),
            Some(&t),
            401,
            "invalid_token",
        )
        .await;
    }
    // The wrong key: another Ed25519 key claiming kid ed1; a kid naming the other algorithm.
    let t = sign_ed(&c(), "ed25519-other.key.pem", Some("ed1"));
    refused(&app, "wrong Ed25519 key", Some(&t), 401, "invalid_token").await;
    let t = sign_ed(&c(), "ed25519.key.pem", Some("rsa1"));
    refused(
        &app,
        "EdDSA token naming the RSA kid",
        Some(&t),
        401,
        "invalid_token",
    )
    .await;
    let t = sign_rsa(&c(), Some("ed1"));
    refused(
        &app,
        "RS256 token naming the Ed25519 kid",
        Some(&t),
        401,
        "invalid_token",
    )
    .await;
    let t = sign_ed(&c(), "ed25519.key.pem", Some("nope"));
    refused(&app, "unknown kid", Some(&t), 401, "invalid_token").await;
    // alg none naming a kid.
    let t = raw_token(&json!({"alg": "none", "kid": "ed1"}), &c(), b"");
    refused(&app, "alg none with kid", Some(&t), 401, "invalid_token").await;
    // Expired / wrong audience with a real key.
    let mut e = c();
    e["exp"] = json!(api::now() - 3600);
    refused(
        &app,
        "expired EdDSA",
        Some(&sign_ed(&e, "ed25519.key.pem", Some("ed1"))),
        401,
        "token_expired",
    )
    .await;
    let mut e = c();
    e["aud"] = json!("dsr-portal-staging");
    refused(
        &app,
        "wrong aud RS256",
        Some(&sign_rsa(&e, Some("rsa1"))),
        401,
        "invalid_token",
    )
    .await;
    // A revoked jti of another issuer's token.
    let mut e = c();
    let jti = uuid::Uuid::new_v4().to_string();
    e["jti"] = json!(jti);
    let t = sign_ed(&e, "ed25519.key.pem", Some("ed1"));
    assert_eq!(app.api_get("/api/v1/requests", Some(&t)).await.status, 200);
    let out = app.cli(&["token", "revoke", &jti]);
    assert!(
        stdout(&out).contains("not issued by this portal"),
        "{}",
        stdout(&out)
    );
    refused(&app, "revoked EdDSA token", Some(&t), 401, "invalid_token").await;
}

#[actix_web::test]
async fn token_issue_prints_only_a_working_jwt_and_revoke_stops_it() {
    let app = api::spawn(Backend::Sqlite).await;
    let out = app.cli(&[
        "token",
        "issue",
        "--sub",
        "zendesk",
        "--scope",
        "requests:read requests:write",
        "--ttl",
        "12h",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert_eq!(printed.lines().count(), 1, "only the token: {printed:?}");
    let token = printed.trim();
    assert_eq!(token.split('.').count(), 3);
    let claims: Value = jsonwebtoken::dangerous::insecure_decode::<Value>(token)
        .unwrap()
        .claims;
    assert_eq!(claims["sub"], "zendesk");
    assert_eq!(claims["aud"], "dsr-portal");
    assert_eq!(claims["scope"], "requests:read requests:write");
    let ttl = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(ttl, 12 * 3600);
    let jti = claims["jti"].as_str().unwrap().to_owned();

    let r = app
        .api_post(
            "/api/v1/requests",
            Some(token),
            &json!({"email": "ivy@example.com", "kind": "access"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(app.audit_by("api:zendesk")[0].0, "created");
    // The jti is stored, never the token.
    {
        use diesel::{QueryDsl, RunQueryDsl};
        use dsr_portal::db::schema::api_tokens;
        let rows: Vec<(String, Option<String>, Option<String>)> = api_tokens::table
            .select((api_tokens::jti, api_tokens::sub, api_tokens::scope))
            .load(&mut *app.conn())
            .unwrap();
        assert_eq!(
            rows,
            [(
                jti.clone(),
                Some("zendesk".into()),
                Some("requests:read requests:write".into())
            )]
        );
        let dump: Vec<String> = diesel::sql_query("SELECT detail FROM audit_log")
            .load::<Detail>(&mut *app.conn())
            .unwrap()
            .into_iter()
            .map(|d| d.detail)
            .collect();
        assert!(
            !dump.iter().any(|d| d.contains(token)),
            "the token is not in the audit log"
        );
    }

    let out = app.cli(&["token", "revoke", &jti]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), format!("revoked {jti}"));
    let r = app.api_get("/api/v1/requests", Some(token)).await;
    assert_eq!(r.status, 401);
    let out = app.cli(&["token", "revoke", &jti]);
    assert!(stdout(&out).contains("already revoked"));

    // Bad arguments: a one-line reason, non-zero exit, nothing on stdout.
    for args in [
        vec![
            "token",
            "issue",
            "--sub",
            "x",
            "--scope",
            "requests:admin",
            "--ttl",
            "1d",
        ],
        vec![
            "token",
            "issue",
            "--sub",
            "x",
            "--scope",
            "requests:read",
            "--ttl",
            "forever",
        ],
        vec![
            "token",
            "issue",
            "--sub",
            "x",
            "--scope",
            "requests:read",
            "--ttl",
            "400d",
        ],
        vec![
            "token",
            "issue",
            "--sub",
            "",
            "--scope",
            "requests:read",
            "--ttl",
            "1d",
        ],
    ] {
        let out = app.cli(&args);
        assert!(!out.status.success(), "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?}");
        assert_eq!(
            stderr(&out).trim().lines().count(),
            1,
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[derive(diesel::QueryableByName)]
struct Detail {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

#[actix_web::test]
async fn token_issue_needs_the_secret() {
    let app = TestApp::spawn_with(Backend::Sqlite, &api::public_keys_config()).await;
    let out = app.cli(&[
        "token",
        "issue",
        "--sub",
        "x",
        "--scope",
        "requests:read",
        "--ttl",
        "1d",
    ]);
    assert!(!out.status.success());
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("api.jwt_secret"), "{}", stderr(&out));
}

#[actix_web::test]
async fn a_bad_public_key_stops_start_up_naming_it() {
    let mut config = dsr_portal::config::Config::default();
    config.api.jwt_public_keys = vec![dsr_portal::config::JwtKey {
        kid: "k1".into(),
        alg: "EdDSA".into(),
        pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".into(),
    }];
    let e = dsr_portal::auth::Verifier::from_config(&config.api).unwrap_err();
    assert!(
        e.to_string().contains("api.jwt_public_keys") && e.to_string().contains("k1"),
        "{e}"
    );
    config.api.jwt_public_keys[0].pem = String::from_utf8(read_fixture("rsa.pub.pem")).unwrap();
    let e = dsr_portal::auth::Verifier::from_config(&config.api).unwrap_err();
    assert!(
        e.to_string().contains("k1"),
        "an RSA key given as EdDSA: {e}"
    );
    config.api.jwt_public_keys[0].alg = "HS256".into();
    assert!(dsr_portal::auth::Verifier::from_config(&config.api).is_err());
}

/// A revoked token is refused before it is charged to its subject's rate limit: whoever holds
/// one (a leaked, revoked token) can't use up the budget of the subject's live tokens. Nor can
/// a token with a forged signature.
#[actix_web::test]
async fn refused_tokens_do_not_use_up_the_subjects_rate_limit() {
    let config = api::hs_config().replace("rate_per_minute = 100000", "rate_per_minute = 3");
    let app = TestApp::spawn_with(Backend::Sqlite, &config).await;
    let live = api::token("zendesk", "requests:read");
    let revoked_claims = claims("zendesk", "requests:read");
    let revoked = sign_hs(&revoked_claims, api::SECRET.as_bytes());
    let out = app.cli(&["token", "revoke", revoked_claims["jti"].as_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let forged = sign_hs(
        &claims("zendesk", "requests:read"),
        b"not-the-secret-not-the-secret-!!",
    );
    for token in [&revoked, &forged] {
        for _ in 0..6 {
            let r = app.api_get("/api/v1/requests", Some(token)).await;
            assert_eq!(r.status, 401, "{}", r.text);
            assert_eq!(r.code(), "invalid_token");
        }
    }
    // The subject's live token still has its whole budget, and then it is limited.
    for _ in 0..3 {
        let r = app.api_get("/api/v1/requests", Some(&live)).await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = app.api_get("/api/v1/requests", Some(&live)).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.code(), "rate_limited");
}
