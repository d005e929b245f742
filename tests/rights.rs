//! The other rights (DESIGN §2a) end to end on both portal backends, against the demo
//! company's SQLite store: a restriction sets its flag on the subject's rows and nowhere
//! else, stays in force, and is lifted only after the subject was emailed; an objection to
//! direct marketing applies without a DPO; a rectification waits for one and writes the
//! corrected values into the subject's rows only. Every other row is compared before and
//! after. Bad input gets a clear error and creates nothing.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::desk::{audited, request_id};
use common::{Backend, TestApp, eventually, stderr, stdout};
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};
use dsr_portal::portal::Portal;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
struct Profile {
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    full_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    avatar_url: Option<String>,
    #[diesel(sql_type = BigInt)]
    marketing_opt_in: i64,
    #[diesel(sql_type = BigInt)]
    processing_restricted: i64,
}

/// Every profile of the demo store, by user id (Ada 1, Grace 2, Linus 3).
fn profiles(app: &TestApp) -> Vec<Profile> {
    profiles_in(&demo_store(app))
}

fn demo_store(app: &TestApp) -> PathBuf {
    app.setup.dir.path().join("demo-company.db")
}

fn profiles_in(path: &Path) -> Vec<Profile> {
    let mut c = SqliteConnection::establish(&path.display().to_string()).unwrap();
    // The worker may be writing: wait for its lock rather than fail.
    c.batch_execute("PRAGMA busy_timeout = 10000").unwrap();
    diesel::sql_query(
        "SELECT user_id, full_name, phone, avatar_url, CAST(marketing_opt_in AS INTEGER) AS marketing_opt_in, \
         CAST(processing_restricted AS INTEGER) AS processing_restricted FROM profiles ORDER BY user_id",
    )
    .load(&mut c)
    .unwrap()
}

fn status_of(app: &TestApp, id: &str) -> String {
    let out = app.cli(&["requests", "show", id]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .find_map(|l| l.strip_prefix("status:").map(|s| s.trim().to_owned()))
        .unwrap_or_default()
}

async fn restriction(backend: Backend) {
    let app = common::api::spawn(backend).await;
    let token = common::api::token("support-bot", "requests:read");
    let before = profiles(&app);
    let r = app
        .submit_with(
            "ada@example.com",
            "restriction",
            &[("ground", "accuracy_contested")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let status = app.confirm("ada@example.com").await;
    let done = app
        .smtp
        .wait_for_subject(
            "ada@example.com",
            "We have restricted the processing of your personal data",
        )
        .await;
    assert!(
        done.text.contains("Your profile") || done.text.contains("Our app"),
        "{}",
        done.text
    );
    assert!(
        done.text.contains("we will email you before we do"),
        "{}",
        done.text
    );
    let after = profiles(&app);
    assert_eq!(
        after[0].processing_restricted, 1,
        "Ada's profile is restricted"
    );
    assert_eq!(
        Profile {
            processing_restricted: 0,
            ..after[0].clone()
        },
        before[0],
        "nothing else of Ada's changed"
    );
    assert_eq!(after[1..], before[1..], "nobody else's rows changed");
    let page = app.get(&status).await.text().await.unwrap();
    assert!(
        page.contains("The use of your data is restricted"),
        "{page}"
    );

    let id = request_id(&app, "ada@example.com");
    let out = app.cli(&["requests", "restrictions"]);
    assert!(stdout(&out).contains(&id), "{}", stdout(&out));
    // The API lists restrictions in force too.
    let listed = app
        .api_get("/api/v1/requests?in_force=true", Some(&token))
        .await
        .json();
    assert_eq!(listed["data"][0]["id"], id.as_str(), "{listed}");
    assert_eq!(listed["data"].as_array().map(Vec::len), Some(1));
    // Lifting needs a reason, and changes nothing without one.
    let out = app.cli(&["requests", "lift", &id, "--reason", "  "]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("needs a reason"), "{}", stderr(&out));
    assert_eq!(profiles(&app)[0].processing_restricted, 1);

    let out = app.cli(&[
        "requests",
        "lift",
        &id,
        "--reason",
        "The data was checked and is accurate",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let notice = app
        .smtp
        .wait_for_subject(
            "ada@example.com",
            "We are lifting the restriction on your personal data",
        )
        .await;
    assert!(notice.text.contains("The data was checked and is accurate"));
    let portal = app.portal.clone();
    eventually(
        "the restriction to be lifted",
        Duration::from_secs(30),
        move || lifted_count(&portal) > 0,
    )
    .await;
    assert_eq!(
        profiles(&app),
        before,
        "lifting restores every row as it was"
    );
    // The subject heard of it before the flag was reset (Art. 18(3)).
    let lifted = audited(&app, "restriction_lifted");
    assert_eq!(lifted.len(), 1);
    let out = app.cli(&["requests", "restrictions"]);
    assert!(!stdout(&out).contains(&id));
    let listed = app
        .api_get("/api/v1/requests?in_force=true", Some(&token))
        .await
        .json();
    assert_eq!(listed["data"], json!([]), "{listed}");
    let one = app
        .api_get(&format!("/api/v1/requests/{id}"), Some(&token))
        .await
        .json();
    assert!(one["lifted_at"].is_string(), "{one}");
    let page = app.get(&status).await.text().await.unwrap();
    assert!(page.contains("The restriction has been lifted"), "{page}");
    // A second lift is refused.
    let out = app.cli(&["requests", "lift", &id, "--reason", "again"]);
    assert!(!out.status.success());
}

#[actix_web::test]
async fn a_restriction_flags_only_the_subjects_rows_and_is_lifted_after_telling_them_sqlite() {
    restriction(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_restriction_flags_only_the_subjects_rows_and_is_lifted_after_telling_them_postgres() {
    restriction(Backend::Postgres).await;
}

async fn objection(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let before = profiles(&app);
    assert_eq!(before[0].marketing_opt_in, 1, "Ada opted in");
    let r = app
        .submit_with(
            "ada@example.com",
            "objection",
            &[("scope", "direct_marketing")],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.confirm("ada@example.com").await;
    // No DPO: Art. 21(3) is absolute.
    let done = app
        .smtp
        .wait_for_subject(
            "ada@example.com",
            "We have stopped using your data for direct marketing",
        )
        .await;
    assert!(done.text.contains("Art. 21(3)"), "{}", done.text);
    let after = profiles(&app);
    assert_eq!(after[0].marketing_opt_in, 0);
    assert_eq!(
        Profile {
            marketing_opt_in: 1,
            ..after[0].clone()
        },
        before[0]
    );
    assert_eq!(
        after[1..],
        before[1..],
        "Linus (opted in too) and Grace unchanged"
    );
    let id = request_id(&app, "ada@example.com");
    assert_eq!(status_of(&app, &id), "completed");
    assert!(audited(&app, "approve").is_empty(), "nobody approved it");
}

#[actix_web::test]
async fn an_objection_to_marketing_applies_without_a_dpo_sqlite() {
    objection(Backend::Sqlite).await;
}

#[actix_web::test]
async fn an_objection_to_marketing_applies_without_a_dpo_postgres() {
    objection(Backend::Postgres).await;
}

async fn rectification(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let before = profiles(&app);
    let r = app
        .submit_with(
            "grace@example.com",
            "rectification",
            &[
                ("change.full_name", "Grace Brewster Hopper"),
                ("change.phone", ""),
                ("note", "my full name"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.confirm("grace@example.com").await;
    let id = request_id(&app, "grace@example.com");
    let (portal, rid) = (app.portal.clone(), id.clone());
    eventually(
        "the request to await a DPO",
        Duration::from_secs(20),
        move || state_at(&portal, &rid) == "awaiting_approval",
    )
    .await;
    assert_eq!(
        profiles(&app),
        before,
        "nothing changes before a DPO approves"
    );
    let out = app.cli(&["requests", "approve", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let done = app
        .smtp
        .wait_for_subject("grace@example.com", "Your personal data has been corrected")
        .await;
    assert!(done.text.contains("(Full name)"), "{}", done.text);
    assert!(
        !done.text.contains("Grace Brewster Hopper"),
        "labels, never values"
    );
    let after = profiles(&app);
    assert_eq!(after[1].full_name.as_deref(), Some("Grace Brewster Hopper"));
    assert_eq!(
        Profile {
            full_name: before[1].full_name.clone(),
            ..after[1].clone()
        },
        before[1],
        "only the field corrected changed (a blank field is no change)"
    );
    assert_eq!(after[0], before[0]);
    assert_eq!(after[2], before[2]);
    // The audit log names the fields, never the values.
    let created = audited(&app, "created");
    assert!(created.iter().any(|a| a.detail.contains("full_name")));
    assert!(!created.iter().any(|a| a.detail.contains("Brewster")));
}

#[actix_web::test]
async fn a_rectification_waits_for_a_dpo_and_corrects_only_the_subject_sqlite() {
    rectification(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_rectification_waits_for_a_dpo_and_corrects_only_the_subject_postgres() {
    rectification(Backend::Postgres).await;
}

/// A kind, the form's extra fields, and the error the page must show.
type BadCase<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

#[actix_web::test]
async fn bad_details_get_a_clear_error_and_create_nothing() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let cases: &[BadCase] = &[
        ("restriction", &[], "Choose one of the reasons listed."),
        (
            "restriction",
            &[("ground", "because")],
            "Choose one of the reasons listed.",
        ),
        ("objection", &[("scope", "other")], "Tell us why you object"),
        (
            "rectification",
            &[("change.email", "x@example.com")],
            "is not a field that can be corrected",
        ),
        (
            "rectification",
            &[("change.full_name", " ")],
            "Fill in the correct value of at least one field.",
        ),
    ];
    for (kind, fields, message) in cases {
        let r = app.submit_with("ada@example.com", kind, fields).await;
        assert_eq!(r.status(), 400, "{kind} {fields:?}");
        let page = r.text().await.unwrap();
        assert!(
            page.contains(&message.replace('\'', "&#39;")) || page.contains(message),
            "{kind}: {page}"
        );
        assert!(page.contains("autofocus"), "the focus goes to the error");
    }
    assert_eq!(app.smtp.count_to("ada@example.com"), 0);
    let out = app.cli(&["requests", "list"]);
    assert!(
        !stdout(&out).contains("ada@example.com"),
        "{}",
        stdout(&out)
    );
    // The form shows each kind, and the fields the map lets a subject correct.
    let form = app.get("/?kind=rectification").await.text().await.unwrap();
    assert!(form.contains("name=\"change.full_name\""), "{form}");
    assert!(form.contains("Phone number"));
    assert!(
        form.contains("id=\"kind-rectification\" name=\"kind\" value=\"rectification\" checked")
    );
}

#[actix_web::test]
async fn under_ccpa_the_form_offers_do_not_sell_or_share() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        "[policy]\ndefault_jurisdiction = \"ccpa\"\n",
    )
    .await;
    let form = app.get("/?kind=objection").await.text().await.unwrap();
    assert!(
        form.contains("Do not sell or share my personal information"),
        "{form}"
    );
    assert!(form.contains("The sale or sharing of my personal information"));
    let gdpr = TestApp::spawn(Backend::Sqlite).await;
    let form = gdpr.get("/").await.text().await.unwrap();
    assert!(!form.contains("Do not sell or share"), "{form}");
    assert!(form.contains("Stop using my data"));
}

#[actix_web::test]
async fn the_api_takes_each_kinds_fields_and_refuses_the_wrong_ones() {
    let app = common::api::spawn(Backend::Sqlite).await;
    let token = common::api::token("support-bot", "requests:write requests:verify");
    let bad = [
        json!({"email": "ada@example.com", "kind": "objection", "ground": "legal_claims"}),
        json!({"email": "ada@example.com", "kind": "rectification", "changes": {"nope": "x"}}),
        json!({"email": "ada@example.com", "kind": "restriction"}),
        json!({"email": "ada@example.com", "kind": "objection", "scope": "everything"}),
    ];
    for body in &bad {
        let r = app.api_post("/api/v1/requests", Some(&token), body).await;
        assert!(
            matches!(r.status, 400 | 422),
            "{body}: {} {}",
            r.status,
            r.text
        );
    }
    assert_eq!(app.changes().0, 0, "nothing created");
    // A site forwards a browser's Global Privacy Control signal as an opt-out under CCPA.
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&token),
            &json!({"email": "ada@example.com", "kind": "objection", "scope": "direct_marketing",
                    "jurisdiction": "ccpa", "identity_verified": true, "received_at": "2026-11-02T10:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let v = r.json();
    assert_eq!(v["kind"], "objection");
    // 15 business days from Monday 2 November 2026, no extension.
    assert_eq!(
        v["due_at"].as_str().unwrap_or_default().get(..10),
        Some("2026-11-23")
    );
    assert_eq!(
        v["extended_due_at"],
        json!(null),
        "no extension was granted, nor can be"
    );
    // The command line counts the same dates.
    let out = app.cli(&[
        "deadline",
        "--jurisdiction",
        "ccpa",
        "--kind",
        "objection",
        "--received",
        "2026-11-02",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "due: 2026-11-23\nextended_due: none (no extension allowed)\nacknowledge_by: 2026-11-16\n"
    );
    let out = app.cli(&[
        "deadline",
        "--jurisdiction",
        "ccpa",
        "--kind",
        "rectification",
        "--received",
        "2026-11-02",
    ]);
    assert!(
        stdout(&out).starts_with("due: 2026-12-17\nextended_due: 2027-01-31\n"),
        "{}",
        stdout(&out)
    );
}

fn lifted_count(p: &Portal) -> i64 {
    use diesel::{ExpressionMethods, QueryDsl};
    use dsr_portal::db::schema::audit_log;
    audit_log::table
        .filter(audit_log::event.eq("restriction_lifted"))
        .count()
        .get_result(&mut *p.conn().unwrap())
        .unwrap()
}

fn state_at(p: &Portal, id: &str) -> String {
    let mut c = p.conn().unwrap();
    dsr_portal::db::requests::get(&mut c, id)
        .unwrap()
        .map(|r| r.status.as_str().to_owned())
        .unwrap_or_default()
}
