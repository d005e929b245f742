//! Manual stores in an export, end to end on a spawned app with a real SMTP server: each
//! owner is emailed a task, the export waits, a DPO attaches what they returned (the desk's
//! multipart form, or the CLI), the files are stored encrypted, land in the archive as
//! `<store>/<file>` with their checksums, and are deleted once it is delivered. Refused
//! uploads (no CSRF token, a viewer, too large, an unknown store, nothing said) change
//! nothing and store nothing.

mod common;

use common::company::{download, read_zip, zip_body};
use common::desk::{self, Desk, audited, request_id};
use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, eventually, location, stderr, stdout};
use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};
use sha2::{Digest, Sha256};
use std::time::Duration;

const MANUAL_STORES: &str = r#"
[[store]]
name = "newsletter"
type = "manual"
contact = "privacy@newsletter.example"
instructions = "Find the subscriber by email in the vendor console."

[[store]]
name = "crm"
type = "manual"
contact = "dpo@crm.example"
"#;

async fn spawn(backend: Backend, stores: &str) -> TestApp {
    let smtp = Smtp::start();
    let mut setup = Setup::new(backend, smtp.port);
    let mut map = std::fs::read_to_string(&setup.datamap).unwrap();
    map.push_str(stores);
    std::fs::write(&setup.datamap, map).unwrap();
    setup.extra = "[admin]\nmax_upload_mib = 1\n".into();
    TestApp::spawn_setup(setup, smtp, true).await
}

/// Posts the manual-step form as a browser does: text fields first, then the files.
async fn attach(
    d: &Desk<'_>,
    id: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
        form = form.part("file", part);
    }
    d.client
        .post(d.app.url(&format!("/admin/requests/{id}/complete-step")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn count(app: &TestApp, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(sql)
        .load::<N>(&mut *app.conn())
        .unwrap()
        .first()
        .map_or(0, |r| r.n)
}

fn state_of(app: &TestApp, id: &str) -> String {
    #[derive(diesel::QueryableByName)]
    struct S {
        #[diesel(sql_type = Text)]
        status: String,
    }
    diesel::sql_query("SELECT status FROM requests WHERE id = $1")
        .bind::<Text, _>(id)
        .load::<S>(&mut *app.conn())
        .unwrap()
        .remove(0)
        .status
}

/// The attachment objects (and temporary files) in the local export folder, with contents.
fn stored_files(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    let dir = app.setup.dir.path().join("exports");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("-file-"))
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            Some((e.file_name().to_string_lossy().into_owned(), bytes))
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn manual_export(backend: Backend) {
    let app = spawn(backend, MANUAL_STORES).await;
    let dpo = desk::add(&app, "dpo@example.com", "dpo");
    let viewer = desk::add(&app, "viewer@example.com", "viewer");
    let status = app.verified_request("ada@example.com", "access").await;
    let id = request_id(&app, "ada@example.com");

    // Each owner is emailed a task naming the subject; the request waits for both.
    let task = app
        .smtp
        .wait_for_subject(
            "privacy@newsletter.example",
            &format!("Privacy task: send us the personal data held in newsletter (ref {id})"),
        )
        .await;
    assert!(task.text.contains("ada@example.com"), "{}", task.text);
    assert!(task.text.contains("Art. 15"), "{}", task.text);
    assert!(
        task.text
            .contains("Find the subscriber by email in the vendor console."),
        "{}",
        task.text
    );
    app.smtp
        .wait_for_subject(
            "dpo@crm.example",
            &format!("Privacy task: send us the personal data held in crm (ref {id})"),
        )
        .await;
    app.settle().await;
    assert_eq!(state_of(&app, &id), "processing");
    assert!(
        !app.smtp
            .to("ada@example.com")
            .iter()
            .any(|m| m.subject == "Your answer is ready to download"),
        "no archive before the owners answered"
    );
    let page = app.get(&status).await.text().await.unwrap();
    assert!(
        page.contains("asked a partner, waiting for their answer"),
        "{page}"
    );

    let d = Desk::new(&app);
    d.login("dpo@example.com", &dpo).await;
    let page_path = format!("/admin/requests/{id}");
    let page = d.text(&page_path).await;
    assert!(page.contains(r#"enctype="multipart/form-data""#), "{page}");
    assert!(page.contains("Manual step: newsletter") && page.contains("Manual step: crm"));
    let csrf = d.csrf(&page_path).await;

    // Refused, each changing nothing and storing nothing.
    let csv = "email,subscribed_at\nada@example.com,2021-03-04\n";
    let r = attach(
        &d,
        &id,
        &[("store", "newsletter"), ("reason", "x")],
        &[("a.csv", csv.as_bytes())],
    )
    .await;
    assert_eq!(r.status(), 403, "no CSRF token");
    let big = vec![b'x'; 1024 * 1024 + 1];
    let r = attach(
        &d,
        &id,
        &[("csrf", &csrf), ("store", "newsletter"), ("reason", "x")],
        &[("big.bin", &big)],
    )
    .await;
    assert_eq!(r.status(), 413, "over admin.max_upload_mib");
    let r = attach(
        &d,
        &id,
        &[("csrf", &csrf), ("store", "nope"), ("reason", "x")],
        &[("a.csv", csv.as_bytes())],
    )
    .await;
    assert_eq!(r.status(), 400, "an unknown store");
    assert!(r.text().await.unwrap().contains("has no task"));
    let r = attach(
        &d,
        &id,
        &[("csrf", &csrf), ("store", "newsletter"), ("reason", " ")],
        &[],
    )
    .await;
    assert_eq!(r.status(), 400, "nothing said, nothing attached");
    let v = Desk::new(&app);
    v.login("viewer@example.com", &viewer).await;
    let viewer_csrf = v.csrf(&page_path).await;
    let r = attach(
        &v,
        &id,
        &[
            ("csrf", &viewer_csrf),
            ("store", "newsletter"),
            ("reason", "x"),
        ],
        &[("a.csv", csv.as_bytes())],
    )
    .await;
    assert_eq!(r.status(), 403, "a viewer");
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM export_attachments"),
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM export_tasks WHERE state = 'waiting'"
        ),
        2
    );
    assert!(
        stored_files(&app).is_empty(),
        "a refused upload stores nothing"
    );
    assert!(
        audited(&app, "admin_denied")
            .iter()
            .any(|a| a.detail.contains("csrf"))
    );
    assert!(
        audited(&app, "admin_denied")
            .iter()
            .any(|a| a.detail.contains("viewer"))
    );
    assert!(!audited(&app, "admin_action_refused").is_empty());

    // The newsletter's answer: a note and two files (one binary; a path as old browsers send).
    let pdf: Vec<u8> = [b"%PDF-1.4\n".as_slice(), &[0xff, 0xfe, 0x00, 0x80, 0x0a]].concat();
    let r = attach(
        &d,
        &id,
        &[
            ("csrf", &csrf),
            ("store", "newsletter"),
            ("reason", "Subscriber since 2021; their export is attached."),
        ],
        &[
            ("subscriber.csv", csv.as_bytes()),
            ("C:\\fakepath\\letter.pdf", &pdf),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    assert_eq!(location(&r), page_path);

    // Stored encrypted while the export waits for the CRM; the desk lists names, no content.
    let files = stored_files(&app);
    assert_eq!(
        files.len(),
        2,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (name, bytes) in &files {
        assert!(
            !contains(bytes, b"ada@example.com"),
            "{name} is not encrypted"
        );
        assert!(!contains(bytes, b"%PDF"), "{name} is not encrypted");
    }
    let page = d.text(&page_path).await;
    assert!(page.contains("subscriber.csv") && page.contains("letter.pdf"));
    assert!(
        !page.contains("Manual step: newsletter"),
        "the step is done"
    );
    assert!(page.contains("Manual step: crm"));
    assert_eq!(state_of(&app, &id), "processing");
    let r = attach(
        &d,
        &id,
        &[
            ("csrf", &csrf),
            ("store", "newsletter"),
            ("reason", "again"),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status(), 409, "a step is answered once");

    // The CRM's answer from the command line; a missing file is refused first.
    let out = app.cli(&[
        "requests",
        "complete-step",
        &id,
        "crm",
        "--file",
        "/nonexistent/crm.json",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("--file /nonexistent/crm.json"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM export_attachments"),
        2
    );
    let crm = app.setup.dir.path().join("crm.json");
    std::fs::write(
        &crm,
        r#"{"contact":"ada@example.com","segment":"enterprise"}"#,
    )
    .unwrap();
    let out = app.cli(&[
        "requests",
        "complete-step",
        &id,
        "crm",
        "--note",
        "CRM record attached.",
        "--file",
        crm.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 file(s) attached"));

    // The archive: the demo store's tables and each owner's files under the store's name.
    let (r, _) = download(&app, "ada@example.com").await;
    let z = read_zip(&zip_body(r).await);
    let names: Vec<&str> = z["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    for n in [
        "newsletter/subscriber.csv",
        "newsletter/letter.pdf",
        "crm/crm.json",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("app/")), "{names:?}");
    assert_eq!(z["sha256"]["newsletter/letter.pdf"], sha256(&pdf));
    assert_eq!(
        z["sha256"]["newsletter/subscriber.csv"],
        sha256(csv.as_bytes())
    );
    assert_eq!(
        z["csv"]["newsletter/subscriber.csv"][1][0],
        "ada@example.com"
    );
    assert_eq!(z["json"]["crm/crm.json"]["segment"], "enterprise");
    assert_eq!(z["sha_ok"], true);
    let stores = z["manifest"]["stores"].as_array().unwrap();
    let newsletter = stores.iter().find(|s| s["name"] == "newsletter").unwrap();
    assert_eq!(newsletter["type"], "manual");
    assert_eq!(
        newsletter["note"],
        "Subscriber since 2021; their export is attached."
    );
    assert_eq!(newsletter["files"].as_array().unwrap().len(), 2);
    let readme = z["text"].as_str().unwrap();
    assert!(
        readme.contains("Subscriber since 2021"),
        "README quotes the answer"
    );
    assert!(readme.contains("CRM record attached."));

    // Delivered: the stored files are deleted; everything was audited with checksums.
    eventually("the attachments deleted", Duration::from_secs(20), || {
        stored_files(&app).is_empty()
    })
    .await;
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM export_attachments WHERE deleted_at IS NULL"
        ),
        0
    );
    assert_eq!(audited(&app, "manual_task_sent").len(), 2);
    let done = audited(&app, "manual_step_completed");
    assert_eq!(done.len(), 2);
    assert!(done[0].actor.starts_with("admin:"), "{}", done[0].actor);
    assert!(done[0].detail.contains("letter.pdf") && done[0].detail.contains(&sha256(&pdf)));
    assert!(done[1].actor.starts_with("cli:"), "{}", done[1].actor);
    assert_eq!(state_of(&app, &id), "completed");
}

#[actix_web::test]
async fn an_export_waits_for_its_manual_stores_and_carries_what_they_returned_on_sqlite() {
    manual_export(Backend::Sqlite).await;
}

#[actix_web::test]
async fn an_export_waits_for_its_manual_stores_and_carries_what_they_returned_on_postgres() {
    manual_export(Backend::Postgres).await;
}

#[actix_web::test]
async fn a_note_alone_answers_an_export_and_an_erasure_step_takes_no_files() {
    let app = spawn(
        Backend::Sqlite,
        "\n[[store]]\nname = \"newsletter\"\ntype = \"manual\"\ncontact = \"privacy@newsletter.example\"\n",
    )
    .await;
    let dpo = desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    d.login("dpo@example.com", &dpo).await;

    // An export: the owner holds nothing, said in the plain form.
    app.verified_request("ada@example.com", "access").await;
    let id = request_id(&app, "ada@example.com");
    app.smtp
        .wait_for_subject(
            "privacy@newsletter.example",
            &format!("Privacy task: send us the personal data held in newsletter (ref {id})"),
        )
        .await;
    let r = d
        .act(
            &id,
            "complete-step",
            &[
                ("store", "newsletter"),
                ("reason", "They hold no record of her."),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (r, _) = download(&app, "ada@example.com").await;
    let z = read_zip(&zip_body(r).await);
    let newsletter = z["manifest"]["stores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "newsletter")
        .unwrap()
        .clone();
    assert_eq!(newsletter["files"], serde_json::json!([]));
    assert_eq!(newsletter["note"], "They hold no record of her.");
    assert!(z["text"].as_str().unwrap().contains("They sent no files."));

    // An erasure: the step takes what the owner answered, not files.
    app.verified_request("grace@example.com", "erasure").await;
    let id = request_id(&app, "grace@example.com");
    assert_eq!(
        d.act(&id, "approve", &[("confirm", "yes")]).await.status(),
        303
    );
    app.smtp
        .wait_for_subject(
            "privacy@newsletter.example",
            &format!("Privacy task: erase personal data in newsletter (ref {id})"),
        )
        .await;
    let page_path = format!("/admin/requests/{id}");
    eventually("the erasure to wait", Duration::from_secs(20), || {
        count(
            &app,
            "SELECT count(*) AS n FROM erasure_steps WHERE state = 'waiting'",
        ) == 1
    })
    .await;
    let csrf = d.csrf(&page_path).await;
    let r = attach(
        &d,
        &id,
        &[
            ("csrf", &csrf),
            ("store", "newsletter"),
            ("reason", "Deleted."),
        ],
        &[("proof.txt", b"deleted".as_slice())],
    )
    .await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("not files"));
    assert!(stored_files(&app).is_empty());
    let r = attach(
        &d,
        &id,
        &[
            ("csrf", &csrf),
            ("store", "newsletter"),
            ("reason", "Deleted."),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status(), 303);
    eventually("the erasure to complete", Duration::from_secs(20), || {
        state_of(&app, &id) == "completed"
    })
    .await;
}

/// An upload that was never recorded (the process died between storing the file and
/// recording the answer, or a temporary file was left mid-upload) is removed by the sweep
/// once it is an hour old; a recent one is left alone.
#[actix_web::test]
async fn the_sweep_removes_uploads_that_were_never_recorded() {
    let app = spawn(Backend::Sqlite, MANUAL_STORES).await;
    app.verified_request("ada@example.com", "access").await;
    let id = request_id(&app, "ada@example.com");
    let exports = app.setup.dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let old = dsr_portal::db::now() - time::Duration::hours(2);
    let recent = dsr_portal::db::now();
    for (file_id, at) in [("0ld", old), ("n3w", recent)] {
        let location = dsr_portal::storage::attachment_name(&id, file_id);
        std::fs::write(exports.join(&location), b"encrypted bytes").unwrap();
        std::fs::write(
            exports.join(format!(".tmp-file-{id}-{file_id}-x")),
            b"half an upload",
        )
        .unwrap();
        desk::exec(
            &app,
            &format!(
                "INSERT INTO export_attachments (id, request_id, store, name, location, size, \
                 sha256, created_at) VALUES ('{file_id}', '{id}', 'newsletter', 'a.csv', \
                 '{location}', 0, '', '{at}')",
                at = at
                    .format(&time::macros::format_description!(
                        "[year]-[month]-[day] [hour]:[minute]:[second]"
                    ))
                    .unwrap()
            ),
        );
    }
    eventually("the stale upload removed", Duration::from_secs(20), || {
        count(&app, "SELECT count(*) AS n FROM export_attachments") == 1
    })
    .await;
    let left: Vec<String> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-file-") || n.contains("tmp-file"))
        .collect();
    assert_eq!(left.len(), 2, "the recent upload stays: {left:?}");
    assert!(left.iter().all(|n| n.contains("n3w")), "{left:?}");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM export_attachments WHERE id = 'n3w'"
        ),
        1
    );
}
