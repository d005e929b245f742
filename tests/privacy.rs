//! The portal never reveals who is a customer, and unconfirmed requests get one reminder,
//! then expire.

mod common;

use std::time::Duration;

use common::{Backend, TestApp, csrf_in, eventually, link_path, stdout};
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
    // Half the verification window has passed.
    diesel::sql_query(
        "UPDATE requests SET received_at = received_at - interval '13 hours', \
         verify_by = verify_by - interval '13 hours'",
    )
    .execute(&mut *app.conn())
    .unwrap();
    let reminder = app.smtp.wait_for_nth(email, 2).await;
    assert_eq!(reminder.subject, "Reminder: confirm your privacy request");
    assert_ne!(
        link_path(&reminder.text, "/verify/"),
        link_path(&first.text, "/verify/")
    );
    actix_web::rt::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(app.smtp.count_to(email), 2, "only one reminder");

    // The window closes: the request expires, and its links answer 410.
    diesel::sql_query("UPDATE requests SET verify_by = received_at")
        .execute(&mut *app.conn())
        .unwrap();
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
