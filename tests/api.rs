//! The support API (DESIGN §5) on both backends: every route's happy path, the duplicate and
//! identity-verified cases, idempotency keys, pagination, and its error answers.

mod common;

use std::time::Duration;

use common::api::{self, ALL_SCOPES, Reply};
use common::{Backend, TestApp, link_path};
use dsr_portal::domain::{Calendar, Jurisdiction, deadline};
use serde_json::{Value, json};

fn id_of(r: &Reply) -> String {
    r.json()["id"].as_str().expect("id").to_owned()
}

async fn every_route(backend: Backend) {
    let app = api::spawn(backend).await;
    let t = api::token("helpdesk", "requests:read requests:write");

    // Create: 201, Location, the request in DESIGN's shape; the subject confirms by email.
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&t),
            &json!({"email": "Ana.Lopez@Example.com", "kind": "access", "ticket_ref": "ZD-1001"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = id_of(&r);
    assert_eq!(
        r.header("location"),
        Some(format!("/api/v1/requests/{id}").as_str())
    );
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let body = r.json();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "id",
        "kind",
        "status",
        "email",
        "jurisdiction",
        "ticket_ref",
        "received_at",
        "verified_at",
        "due_at",
        "extended_due_at",
        "completed_at",
    ] {
        assert!(keys.contains(&k), "{k} in {body}");
    }
    assert_eq!(body["status"], "unverified");
    assert_eq!(body["email"], "ana.lopez@example.com");
    assert_eq!(body["jurisdiction"], "gdpr");
    assert_eq!(body["ticket_ref"], "ZD-1001");
    assert!(body["received_at"].as_str().unwrap().ends_with('Z'));
    assert!(
        body.get("timeline").is_none(),
        "timeline only on the single route"
    );
    let mail = app.smtp.wait_for_nth("ana.lopez@example.com", 1).await;
    assert_eq!(mail.subject, "Confirm your privacy request");

    // A second create for the same address and kind: 200 with the same request, and the
    // subject gets a fresh link, as on the portal.
    let again = app
        .api_post(
            "/api/v1/requests",
            Some(&t),
            &json!({"email": "ana.lopez@example.com", "kind": "access"}),
        )
        .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(id_of(&again), id);
    let resent = app.smtp.wait_for_nth("ana.lopez@example.com", 2).await;
    assert!(
        resent.text.contains("already have an open request"),
        "{}",
        resent.text
    );

    // Another request, then list with each filter.
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&t),
            &json!({"email": "bo@example.com", "kind": "erasure", "jurisdiction": "ccpa"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let bo = id_of(&r);
    let all = app.api_get("/api/v1/requests", Some(&t)).await;
    assert_eq!(all.status, 200, "{}", all.text);
    let all = all.json();
    let ids: Vec<&str> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [bo.as_str(), id.as_str()], "newest first");
    assert_eq!(all["next_cursor"], Value::Null);
    for (query, expect) in [
        ("email=ANA.LOPEZ%40example.com", vec![id.as_str()]),
        ("ticket_ref=ZD-1001", vec![id.as_str()]),
        ("kind=erasure", vec![bo.as_str()]),
        ("status=unverified&kind=access", vec![id.as_str()]),
        ("status=processing", vec![]),
        ("ticket_ref=nope", vec![]),
        ("email=&ticket_ref=", vec![bo.as_str(), id.as_str()]),
    ] {
        let r = app
            .api_get(&format!("/api/v1/requests?{query}"), Some(&t))
            .await;
        assert_eq!(r.status, 200, "{query}: {}", r.text);
        let got: Vec<String> = r.json()["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(got, expect, "{query}");
    }

    // Read one, with its timeline from the audit log.
    let one = app
        .api_get(&format!("/api/v1/requests/{id}"), Some(&t))
        .await;
    assert_eq!(one.status, 200, "{}", one.text);
    let one = one.json();
    let timeline = one["timeline"].as_array().unwrap();
    assert_eq!(timeline[0]["event"], "created");
    assert_eq!(timeline[0]["actor"], "api:helpdesk");
    assert_eq!(timeline[0]["detail"]["ticket_ref"], "ZD-1001");
    assert!(timeline.iter().any(|e| e["event"] == "link_resent"));
    for e in timeline {
        assert!(e["at"].as_str().unwrap().ends_with('Z'));
    }

    // Cancel: 200 cancelled; again: 409 (a closed request can't be cancelled).
    let c = app
        .api_post(
            &format!("/api/v1/requests/{id}/cancel"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(c.status, 200, "{}", c.text);
    assert_eq!(c.json()["status"], "cancelled");
    assert!(c.json()["completed_at"].is_string());
    let c = app
        .api_post(
            &format!("/api/v1/requests/{id}/cancel"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(c.status, 409, "{}", c.text);
    assert_eq!(c.code(), "invalid_transition");
    let status = app
        .api_get("/api/v1/requests?status=cancelled", Some(&t))
        .await
        .json();
    assert_eq!(status["data"][0]["id"], id.as_str());

    // Unknown ids: 404 JSON.
    for path in [
        "/api/v1/requests/019ad0a8-5a6e-7c42-9a5b-2f4c0b6c8e11".to_owned(),
        "/api/v1/requests/not-an-id".to_owned(),
    ] {
        let r = app.api_get(&path, Some(&t)).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.code(), "not_found");
    }
    let r = app
        .api_post(
            "/api/v1/requests/019ad0a8-5a6e-7c42-9a5b-2f4c0b6c8e11/cancel",
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 404);

    // Every call is in the audit log under the token's subject.
    let events: Vec<String> = app
        .audit_by("api:helpdesk")
        .into_iter()
        .map(|(e, _)| e)
        .collect();
    for e in ["created", "link_resent", "api_list", "api_read", "cancel"] {
        assert!(events.iter().any(|x| x == e), "{e} audited: {events:?}");
    }
    // The read itself is audited but does not clutter the timeline.
    let one = app
        .api_get(&format!("/api/v1/requests/{id}"), Some(&t))
        .await
        .json();
    assert!(
        one["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["event"] != "api_read")
    );
    let out = app.cli(&["audit", "verify"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
}

#[actix_web::test]
async fn every_route_on_sqlite() {
    every_route(Backend::Sqlite).await;
}

#[actix_web::test]
async fn every_route_on_postgres() {
    every_route(Backend::Postgres).await;
}

async fn identity_verified_and_received_at(backend: Backend) {
    let app = api::spawn(backend).await;
    let writer = api::token("helpdesk", "requests:read requests:write");
    let verifier = api::token("helpdesk", ALL_SCOPES);
    let now = time::OffsetDateTime::now_utc();
    let received = now - time::Duration::days(3);
    let received_s = received
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();

    // identity_verified needs requests:verify.
    let body = json!({"email": "cy@example.com", "kind": "access", "identity_verified": true, "received_at": received_s});
    let r = app.api_post("/api/v1/requests", Some(&writer), &body).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.code(), "insufficient_scope");
    let r = app
        .api_post("/api/v1/requests", Some(&verifier), &body)
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let v = r.json();
    // No approval needed for access: straight to processing, the clock from received_at.
    assert_eq!(v["status"], "processing");
    let due = deadline::compute(
        Jurisdiction::Gdpr,
        received.date(),
        Some(received.date()),
        &[],
        &Calendar::default(),
    )
    .unwrap()
    .due;
    assert_eq!(v["due_at"], format!("{due}T23:59:59Z"));
    assert_eq!(
        v["received_at"].as_str().unwrap()[..10],
        received.date().to_string()
    );
    assert!(v["verified_at"].is_string());
    // The subject is told, with a status link (no confirmation link).
    let mail = app.smtp.wait_for_nth("cy@example.com", 1).await;
    assert!(link_path(&mail.text, "/status/").is_some(), "{}", mail.text);
    assert!(link_path(&mail.text, "/verify/").is_none());
    let id = v["id"].as_str().unwrap();
    let one = app
        .api_get(&format!("/api/v1/requests/{id}"), Some(&verifier))
        .await
        .json();
    let verify = one["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "verify")
        .unwrap()
        .clone();
    assert_eq!(verify["actor"], "api:helpdesk");
    assert_eq!(verify["detail"]["identity"], "verified_by_support");

    // Backdated without identity_verified: the subject still confirms; CCPA counts from receipt.
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&writer),
            &json!({"email": "dee@example.com", "kind": "access", "jurisdiction": "ccpa", "received_at": received_s}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["status"], "unverified");
    assert_eq!(r.json()["jurisdiction"], "ccpa");
    let mail = app.smtp.wait_for_nth("dee@example.com", 1).await;
    let verify_path = link_path(&mail.text, "/verify/").unwrap();
    let csrf = app.csrf_from(&verify_path).await;
    assert_eq!(
        app.post_form(&verify_path, &[("csrf", &csrf)])
            .await
            .status(),
        303
    );
    let id = id_of(&r);
    let v = app
        .api_get(&format!("/api/v1/requests/{id}"), Some(&writer))
        .await
        .json();
    let ccpa_due = received.date() + time::Duration::days(45);
    assert_eq!(v["due_at"], format!("{ccpa_due}T23:59:59Z"));
    // A backdated request got one email, not an immediate reminder too.
    actix_web::rt::time::sleep(Duration::from_millis(1_500)).await;
    let mails = app.smtp.to("dee@example.com");
    let reminders = mails
        .iter()
        .filter(|m| m.subject.starts_with("Reminder"))
        .count();
    assert_eq!(
        reminders, 0,
        "confirmation + status link (+ the export), no reminder"
    );
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.subject != "Your answer is ready to download")
            .count(),
        2,
        "confirmation + status link only"
    );

    // received_at in the future, or absurdly old: 422, nothing created.
    app.settle().await;
    let before = app.changes();
    let future = (now + time::Duration::hours(2))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    for bad in [future.as_str(), "2001-01-01T00:00:00Z", "yesterday"] {
        let r = app
            .api_post(
                "/api/v1/requests",
                Some(&writer),
                &json!({"email": "eve@example.com", "kind": "access", "received_at": bad}),
            )
            .await;
        assert_eq!(r.status, 422, "{bad}: {}", r.text);
        assert_eq!(r.code(), "validation_failed");
    }
    assert_eq!(app.changes(), before);
}

#[actix_web::test]
async fn identity_verified_and_received_at_on_sqlite() {
    identity_verified_and_received_at(Backend::Sqlite).await;
}

#[actix_web::test]
async fn identity_verified_and_received_at_on_postgres() {
    identity_verified_and_received_at(Backend::Postgres).await;
}

async fn idempotency(backend: Backend) {
    let app = api::spawn(backend).await;
    let t = api::token("helpdesk", "requests:read requests:write");
    let body = json!({"email": "fay@example.com", "kind": "erasure", "ticket_ref": "ZD-7"});
    let key = [("Idempotency-Key", "create-fay-1")];
    let first = app
        .api_post_with("/api/v1/requests", Some(&t), &body, &key)
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), None);
    // The same body in another layout is the same body.
    let same = json!({"ticket_ref": "ZD-7", "kind": "erasure", "email": "fay@example.com"});
    let second = app
        .api_post_with("/api/v1/requests", Some(&t), &same, &key)
        .await;
    assert_eq!(second.status, 201, "the original status: {}", second.text);
    assert_eq!(second.text, first.text, "the original body");
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(second.header("location"), first.header("location"));
    // The same key with another body: 409, nothing created.
    app.settle().await;
    let before = app.changes();
    let other = json!({"email": "gus@example.com", "kind": "erasure"});
    let r = app
        .api_post_with("/api/v1/requests", Some(&t), &other, &key)
        .await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert_eq!(r.code(), "idempotency_key_reused");
    assert_eq!(app.changes(), before);
    // One request, one verification email.
    let list = app
        .api_get("/api/v1/requests?email=fay%40example.com", Some(&t))
        .await
        .json();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    app.settle().await;
    assert_eq!(app.smtp.count_to("fay@example.com"), 1);
    // Keys are per subject: another integration's key does not collide.
    let other_sub = api::token("crm", "requests:write");
    let r = app
        .api_post_with("/api/v1/requests", Some(&other_sub), &other, &key)
        .await;
    assert_eq!(r.status, 201, "{}", r.text);

    // Concurrent retries with one key create one request.
    let body = json!({"email": "hal@example.com", "kind": "access"});
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let rb = app
                .client
                .post(app.url("/api/v1/requests"))
                .bearer_auth(&t)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "create-hal-1")
                .body(body.to_string());
            actix_web::rt::spawn(async move {
                let r = rb.send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            })
        })
        .collect();
    let mut replies = Vec::new();
    for h in handles {
        replies.push(h.await.unwrap());
    }
    let ids: Vec<String> = replies
        .iter()
        .map(|(status, text)| {
            assert_eq!(*status, 201, "{text}");
            serde_json::from_str::<Value>(text).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
    let list = app
        .api_get("/api/v1/requests?email=hal%40example.com", Some(&t))
        .await
        .json();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);

    // A malformed key is refused.
    let r = app
        .api_post_with(
            "/api/v1/requests",
            Some(&t),
            &body,
            &[("Idempotency-Key", "")],
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
}

#[actix_web::test]
async fn idempotency_on_sqlite() {
    idempotency(Backend::Sqlite).await;
}

#[actix_web::test]
async fn idempotency_on_postgres() {
    idempotency(Backend::Postgres).await;
}

async fn pagination(backend: Backend) {
    let app = api::spawn(backend).await;
    let t = api::token("helpdesk", "requests:read requests:write");
    let mut created = Vec::new();
    for i in 0..7 {
        let r = app
            .api_post("/api/v1/requests", Some(&t), &json!({"email": format!("p{i}@example.com"), "kind": "access", "ticket_ref": "ZD-PAGE"}))
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        created.push(id_of(&r));
    }
    created.reverse();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = match &cursor {
            Some(c) => format!("/api/v1/requests?ticket_ref=ZD-PAGE&limit=3&cursor={c}"),
            None => "/api/v1/requests?ticket_ref=ZD-PAGE&limit=3".into(),
        };
        let r = app.api_get(&q, Some(&t)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let page = r.json();
        pages += 1;
        for item in page["data"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, created, "every request once, newest first");
    // Requests created while paging don't shift later pages (keyset, not offset).
    for (q, code) in [
        ("cursor=bm9wZQ", "invalid_cursor"),
        ("limit=0", "bad_request"),
        ("limit=201", "bad_request"),
        ("limit=x", "bad_request"),
        ("status=nonsense", "bad_request"),
        ("due_before=31.12.2026", "bad_request"),
        ("email=not-an-address", "bad_request"),
    ] {
        let r = app
            .api_get(&format!("/api/v1/requests?{q}"), Some(&t))
            .await;
        assert_eq!(r.status, 400, "{q}: {}", r.text);
        assert_eq!(r.code(), code, "{q}");
    }
}

#[actix_web::test]
async fn pagination_on_sqlite() {
    pagination(Backend::Sqlite).await;
}

#[actix_web::test]
async fn pagination_on_postgres() {
    pagination(Backend::Postgres).await;
}

#[actix_web::test]
async fn error_answers_are_json_with_stable_codes() {
    let app = api::spawn(Backend::Sqlite).await;
    let t = api::token("helpdesk", "requests:read requests:write");
    app.settle().await;
    let before = app.changes();
    let post_raw = |ct: &'static str, body: String| {
        app.client
            .post(app.url("/api/v1/requests"))
            .bearer_auth(&t)
            .header("Content-Type", ct)
            .body(body)
            .send()
    };
    let r = post_raw(
        "text/plain",
        r#"{"email":"a@example.com","kind":"access"}"#.into(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 415);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("\"unsupported_media_type\"")
    );
    let r = post_raw("application/json", "{not json".into())
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("\"bad_request\""));
    let big = format!(
        r#"{{"email":"a@example.com","kind":"access","ticket_ref":"{}"}}"#,
        "x".repeat(40_000)
    );
    let r = post_raw("application/json", big).await.unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.text().await.unwrap().contains("\"payload_too_large\""));
    for (body, what) in [
        (
            json!({"email": "a@example.com", "kind": "delete"}),
            "unknown kind",
        ),
        (
            json!({"email": "not an address", "kind": "access"}),
            "bad email",
        ),
        (json!({"email": "a@example.com"}), "missing kind"),
        (
            json!({"email": "a@example.com", "kind": "access", "admin": true}),
            "unknown field",
        ),
        (
            json!({"email": "a@example.com", "kind": "access", "ticket_ref": ""}),
            "empty ticket_ref",
        ),
        (
            json!({"email": "a@example.com", "kind": "access", "jurisdiction": "mars"}),
            "unknown jurisdiction",
        ),
        (json!(["a"]), "not an object"),
    ] {
        let r = app.api_post("/api/v1/requests", Some(&t), &body).await;
        assert_eq!(r.status, 422, "{what}: {}", r.text);
        assert_eq!(r.code(), "validation_failed", "{what}");
    }
    // Unknown routes and methods under /api/v1 answer JSON too (never the HTML pages).
    let r = app.api_get("/api/v1/nope", Some(&t)).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.code(), "not_found");
    let r = app
        .client
        .delete(app.url("/api/v1/requests"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "GET, POST");
    let r = app
        .api_get(
            "/api/v1/requests/019ad0a8-5a6e-7c42-9a5b-2f4c0b6c8e11/cancel",
            Some(&t),
        )
        .await;
    assert_eq!(r.status, 405);
    assert_eq!(r.code(), "method_not_allowed");
    assert_eq!(app.changes(), before, "bad input changes nothing");
}

#[actix_web::test]
async fn calls_over_the_rate_are_refused_with_429() {
    let extra = format!(
        "[api]\njwt_secret = \"{}\"\nrate_per_minute = 3\n",
        api::SECRET
    );
    let app = TestApp::spawn_with(Backend::Sqlite, &extra).await;
    let t = api::token("busy", "requests:read");
    for _ in 0..3 {
        assert_eq!(app.api_get("/api/v1/requests", Some(&t)).await.status, 200);
    }
    let r = app.api_get("/api/v1/requests", Some(&t)).await;
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(r.code(), "rate_limited");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=61).contains(&wait), "{wait}");
    // Per token subject: another one is not limited, even with the same key material.
    let other = api::token("calm", "requests:read");
    assert_eq!(
        app.api_get("/api/v1/requests", Some(&other)).await.status,
        200
    );
    // Another token of the same subject shares the budget.
    let same_sub = api::token("busy", "requests:read");
    assert_eq!(
        app.api_get("/api/v1/requests", Some(&same_sub))
            .await
            .status,
        429
    );
}

#[actix_web::test]
async fn keyset_pages_stay_fast_with_100k_requests() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = api::spawn(backend).await;
        let t = api::token("helpdesk", "requests:read");
        bulk_insert(&app, backend, 100_000);
        let mut worst = Duration::ZERO;
        let mut cursor: Option<String> = None;
        let mut seen = 0;
        // The first pages, a page deep into the table, and filtered pages.
        for q in [
            "limit=200".to_owned(),
            "limit=200&status=completed".to_owned(),
            "limit=200&kind=erasure".to_owned(),
            "limit=50&ticket_ref=T-77777".to_owned(),
            "limit=50&email=s4242%40example.com".to_owned(),
            "limit=200&due_before=2026-06-01".to_owned(),
        ] {
            let start = std::time::Instant::now();
            let r = app
                .api_get(&format!("/api/v1/requests?{q}"), Some(&t))
                .await;
            worst = worst.max(start.elapsed());
            assert_eq!(r.status, 200, "{q}: {}", r.text);
            assert!(!r.json()["data"].as_array().unwrap().is_empty(), "{q}");
        }
        for _ in 0..25 {
            let q = match &cursor {
                Some(c) => format!("/api/v1/requests?limit=200&cursor={c}"),
                None => "/api/v1/requests?limit=200".into(),
            };
            let start = std::time::Instant::now();
            let page = app.api_get(&q, Some(&t)).await.json();
            worst = worst.max(start.elapsed());
            seen += page["data"].as_array().unwrap().len();
            cursor = page["next_cursor"].as_str().map(str::to_owned);
        }
        assert_eq!(seen, 5_000);
        // A deep page: below the 90 000th id.
        let deep = dsr_portal::service::api::encode_cursor(&synthetic_id(10_000));
        let start = std::time::Instant::now();
        let page = app
            .api_get(
                &format!("/api/v1/requests?limit=200&cursor={deep}"),
                Some(&t),
            )
            .await
            .json();
        worst = worst.max(start.elapsed());
        assert_eq!(page["data"][0]["id"], synthetic_id(9_999));
        assert!(
            worst < Duration::from_millis(500),
            "{backend:?}: slowest page {worst:?}"
        );
        eprintln!("{backend:?}: slowest page of 100k rows {worst:?}");
    }
}

fn synthetic_id(n: u32) -> String {
    format!("00000000-0000-7000-8000-{n:012}")
}

/// 100 000 requests straight into the table (ids sort like UUIDv7s do).
fn bulk_insert(app: &TestApp, backend: Backend, n: u32) {
    use diesel::RunQueryDsl;
    let sql = match backend {
        Backend::Postgres => format!(
            "INSERT INTO requests (id, kind, status, email, jurisdiction, ticket_ref, received_at, verify_by, due_on, updated_at) \
             SELECT '00000000-0000-7000-8000-' || lpad(i::text, 12, '0'), \
                    CASE WHEN i % 2 = 0 THEN 'access' ELSE 'erasure' END, \
                    CASE WHEN i % 3 = 0 THEN 'completed' ELSE 'processing' END, \
                    's' || i || '@example.com', 'gdpr', 'T-' || i, \
                    TIMESTAMP '2026-01-01' + i * interval '1 minute', TIMESTAMP '2026-01-02', \
                    DATE '2026-02-01' + (i % 300), TIMESTAMP '2026-01-01' \
             FROM generate_series(1, {n}) AS i"
        ),
        Backend::Sqlite => format!(
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) \
             INSERT INTO requests (id, kind, status, email, jurisdiction, ticket_ref, received_at, verify_by, due_on, updated_at) \
             SELECT printf('00000000-0000-7000-8000-%012d', i), \
                    CASE WHEN i % 2 = 0 THEN 'access' ELSE 'erasure' END, \
                    CASE WHEN i % 3 = 0 THEN 'completed' ELSE 'processing' END, \
                    's' || i || '@example.com', 'gdpr', 'T-' || i, \
                    datetime('2026-01-01', '+' || i || ' minutes'), '2026-01-02 00:00:00', \
                    date('2026-02-01', '+' || (i % 300) || ' days'), '2026-01-01 00:00:00' \
             FROM s"
        ),
    };
    diesel::sql_query(sql).execute(&mut *app.conn()).unwrap();
    if backend == Backend::Postgres {
        diesel::sql_query("ANALYZE requests")
            .execute(&mut *app.conn())
            .unwrap();
    }
}

#[actix_web::test]
async fn the_served_document_is_the_generated_one() {
    let app = api::spawn(Backend::Sqlite).await;
    // Public: no token needed to read the contract.
    let r = app.api_get("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text, dsr_portal::web::api::openapi::json());
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths["/api/v1/requests"]["get"].is_object());
    assert!(paths["/api/v1/requests"]["post"].is_object());
    assert!(paths["/api/v1/requests/{id}"]["get"].is_object());
    assert!(paths["/api/v1/requests/{id}/cancel"]["post"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}
