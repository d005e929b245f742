//! The export with `export.storage = "s3"`, against a real S3-compatible server (moto's, one
//! per test, a bucket of its own): `serve` and a separate `worker` process share archives
//! through the bucket; the object is encrypted; large archives go up in several parts; the
//! object store failing in the middle of an upload leaves nothing visible and a retry
//! completes; an expired link serves nothing and cleanup deletes the object; a manual step's
//! file goes through the bucket.

mod common;

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::Duration;

use common::company::{
    Company, company, download, only_request_id, read_zip, stripe_env, zip_body,
};
use common::s3::{FaultProxy, Moto, aws_env, export_config};
use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, eventually, stderr, stdout};
use dsr_portal::config;
use dsr_portal::storage::Storage;
use serde_json::json;

/// A portal storing archives in `bucket` at `endpoint`, with the company's stores.
async fn spawn(
    backend: Backend,
    endpoint: &str,
    bucket: &str,
    part_size: usize,
    with_worker: bool,
    tweak: impl FnOnce(&mut Setup, &Company),
) -> (TestApp, Company) {
    stripe_env();
    let smtp = Smtp::start();
    let mut setup = Setup::new(backend, smtp.port);
    let c = company(setup.dir.path());
    setup.datamap = c.map.clone();
    setup.export = export_config(endpoint, bucket, part_size);
    setup.env = aws_env();
    tweak(&mut setup, &c);
    (TestApp::spawn_setup(setup, smtp, with_worker).await, c)
}

fn archive_key(id: &str) -> String {
    format!("exports/dsr-export-{id}.zip.enc")
}

fn local_archives(app: &TestApp) -> usize {
    std::fs::read_dir(app.setup.dir.path().join("exports")).map_or(0, |d| d.count())
}

#[actix_web::test]
async fn serve_and_a_separate_worker_share_archives_through_the_bucket() {
    let moto = Moto::start().await;
    let bucket = moto.bucket().await;
    // 1 KiB parts: even this small archive goes up as a multipart upload.
    let (app, _c) = spawn(
        Backend::Postgres,
        &moto.endpoint,
        &bucket,
        1024,
        false,
        |_, _| {},
    )
    .await;
    // The worker is another process (another host, as far as it knows): its credentials come
    // from AWS_* variables in its environment.
    let mut worker = app
        .command(&["worker"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    app.verified_request("ada@example.com", "access").await;
    let (r, _) = download(&app, "ada@example.com").await;
    worker.kill().unwrap();
    worker.wait().unwrap();
    let bytes = zip_body(r).await;
    let len = bytes.len();
    let z = read_zip(&bytes);
    assert_eq!(z["sha_ok"], json!(true));
    assert_eq!(
        z["json"]["accounts/users.json"][0]["name"],
        "Ada, \"the\" Countess"
    );
    assert_eq!(
        z["csv"]["shop/orders.csv"],
        json!([
            ["id", "user_id", "total", "note"],
            ["10", "1", "19.90", "gift\nwrap"],
            ["11", "1", "5.00", ""]
        ])
    );
    assert_eq!(z["json"]["cache/keys.json"][0]["value"], "ada-session");
    assert_eq!(
        z["json"]["billing/invoices.json"].as_array().unwrap().len(),
        3
    );
    assert!(!z["text"].as_str().unwrap().contains("bob"));

    // In the bucket: exactly the archive, encrypted, from several parts; no marker, no open
    // upload, nothing on the local disk.
    let id = z["manifest"]["request_id"].as_str().unwrap().to_owned();
    assert_eq!(moto.keys(&bucket).await, vec![archive_key(&id)]);
    assert!(moto.open_uploads(&bucket).await.is_empty());
    let etag = moto.etags(&bucket).await.remove(0);
    let parts: usize = etag
        .rsplit_once('-')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or_else(|| panic!("not a multipart ETag: {etag}"));
    assert!(parts >= 3, "{parts} parts (ETag {etag})");
    let at_rest = moto.object(&bucket, &archive_key(&id)).await;
    assert!(at_rest.starts_with(b"DSRX"), "our encrypted format");
    assert!(
        !at_rest.windows(4).any(|w| w == b"PK\x03\x04"),
        "no zip entry header in sight"
    );
    assert!(!at_rest.windows(11).any(|w| w == b"ada-session"));
    assert!(at_rest.len() > len, "ciphertext carries tags");
    assert_eq!(local_archives(&app), 0);
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(show.contains("downloaded"), "{show}");
}

/// A table of incompressible text, so the archive is a few hundred KiB.
fn add_bulk(c: &Company) {
    let mut sql =
        String::from("CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER, body TEXT);\n");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..1500 {
        let body: String = (0..100)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(b'a' + (seed % 26) as u8)
            })
            .collect();
        sql.push_str(&format!("INSERT INTO notes VALUES ({i}, 1, '{body}');\n"));
    }
    c.lite.exec(&sql);
    let mut map = std::fs::read_to_string(&c.map).unwrap();
    map = map.replace(
        "  name = \"tickets\"",
        "  name = \"notes\"\n  match = { column = \"user_id\", identifier = \"user_id\" }\n  erase = \"delete\"\n  [[store.table]]\n  name = \"tickets\"",
    );
    std::fs::write(&c.map, map).unwrap();
}

#[actix_web::test]
async fn the_store_failing_mid_upload_leaves_nothing_visible_and_a_retry_completes() {
    let moto = Moto::start().await;
    let bucket = moto.bucket().await;
    let proxy = FaultProxy::start(&moto.endpoint);
    // Two part uploads go through, then the store "goes down" for part uploads.
    proxy.fail_parts_after(2);
    let (app, _c) = spawn(
        Backend::Sqlite,
        &proxy.endpoint,
        &bucket,
        64 * 1024,
        true,
        |setup, c| {
            setup.max_attempts = 2;
            add_bulk(c);
        },
    )
    .await;
    app.verified_request("ada@example.com", "access").await;
    let config = app.config_path.clone();
    eventually("the request to fail", Duration::from_secs(60), || {
        stdout(&common::cli(&config, &["requests", "list"])).contains("failed")
    })
    .await;
    assert!(proxy.refused() > 0, "a part upload was refused");
    let id = only_request_id(&app);
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(
        show.contains("archive storage") && show.contains("\"store\":\"-\""),
        "the timeline blames the storage, not a store: {show}"
    );
    let dpo = app.smtp.wait_for_nth("dpo@example.com", 1).await;
    assert!(dpo.text.contains("archive storage"), "{}", dpo.text);
    assert!(
        moto.keys(&bucket).await.is_empty(),
        "no object, not even a partial one"
    );
    assert!(
        moto.open_uploads(&bucket).await.is_empty(),
        "the multipart uploads were aborted"
    );
    assert!(
        !app.smtp
            .to("ada@example.com")
            .iter()
            .any(|m| m.subject == "Your answer is ready to download")
    );

    proxy.heal();
    let out = app.cli(&["requests", "retry", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (r, _) = download(&app, "ada@example.com").await;
    assert_eq!(r.status(), 200);
    let z = read_zip(&r.bytes().await.unwrap());
    assert_eq!(z["sha_ok"], json!(true));
    let notes = z["json"]["support/notes.json"].as_array().unwrap();
    assert_eq!(notes.len(), 1500);
    assert_eq!(
        z["csv"]["support/notes.csv"].as_array().unwrap().len(),
        1501
    );
    assert_eq!(moto.keys(&bucket).await, vec![archive_key(&id)]);
    assert!(moto.open_uploads(&bucket).await.is_empty());
    let etag = moto.etags(&bucket).await.remove(0);
    assert!(etag.contains('-'), "uploaded in parts: {etag}");
    proxy.stop().await;
}

#[actix_web::test]
async fn an_expired_link_serves_nothing_and_cleanup_deletes_the_object() {
    let moto = Moto::start().await;
    let bucket = moto.bucket().await;
    // The default part size: this archive is one PUT.
    let (app, _c) = spawn(
        Backend::Sqlite,
        &moto.endpoint,
        &bucket,
        8 * 1024 * 1024,
        true,
        |_, _| {},
    )
    .await;
    app.verified_request("ada@example.com", "access").await;
    let (r, path) = download(&app, "ada@example.com").await;
    assert_eq!(r.status(), 200);
    read_zip(&r.bytes().await.unwrap());
    let id = only_request_id(&app);
    assert_eq!(moto.keys(&bucket).await, vec![archive_key(&id)]);
    let etag = moto.etags(&bucket).await.remove(0);
    assert!(!etag.contains('-'), "a single PUT: {etag}");

    // A week and a day later (export.ttl_days = 7), by the portal's clock.
    app.portal.clock.advance(time::Duration::days(8));
    let r = app.get(&path).await;
    assert_eq!(r.status(), 410);
    let html = r.text().await.unwrap();
    assert!(html.contains("Make a new request"), "{html}");
    let keys = {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let keys = moto.keys(&bucket).await;
            if keys.is_empty() || std::time::Instant::now() > deadline {
                break keys;
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
    };
    assert!(keys.is_empty(), "cleanup deleted the object: {keys:?}");
    assert!(stdout(&app.cli(&["requests", "show", &id])).contains("archive_deleted"));
    assert_eq!(app.get(&path).await.status(), 410);
}

/// A killed worker leaves an open multipart upload behind (invisible, but it holds data):
/// the next attempt for the same request aborts it before starting over.
#[actix_web::test]
async fn a_killed_upload_is_aborted_by_the_next_attempt() {
    let moto = Moto::start().await;
    let bucket = moto.bucket().await;
    let export = config::Export {
        storage: "s3".into(),
        s3: config::S3 {
            bucket: bucket.clone(),
            endpoint: moto.endpoint.clone(),
            region: "us-east-1".into(),
            part_size: 1024,
            ..config::S3::default()
        },
        ..config::Export::default()
    };
    let (b2, endpoint) = (bucket.clone(), moto.endpoint.clone());
    let (keys, uploads, back) = actix_web::rt::task::spawn_blocking(move || {
        let storage = Storage::from_config_with_env(&export, aws_env()).unwrap();
        let mut up = storage.begin("r1").unwrap();
        up.write_all(&[7u8; 5000]).unwrap();
        std::mem::forget(up); // killed: neither committed nor aborted
        let rt = tokio::runtime::Runtime::new().unwrap();
        let moto = |q: &str| {
            rt.block_on(async {
                reqwest::get(format!("{endpoint}/{b2}?{q}"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            })
        };
        assert!(moto("uploads").contains("<UploadId>"), "an open upload");
        assert!(moto("list-type=2").contains(".tmp-r1"), "its marker");
        let mut up = storage.begin("r1").unwrap();
        let (keys, uploads) = (moto("list-type=2"), moto("uploads"));
        up.write_all(&[9u8; 3000]).unwrap();
        let location = up.commit().unwrap();
        let mut back = Vec::new();
        storage
            .open(&location)
            .unwrap()
            .read_to_end(&mut back)
            .unwrap();
        drop(storage);
        rt.shutdown_background();
        (keys, uploads, back)
    })
    .await
    .unwrap();
    assert!(!keys.contains("<Key>"), "marker gone: {keys}");
    assert!(!uploads.contains("<UploadId>"), "upload aborted: {uploads}");
    assert_eq!(back, vec![9u8; 3000]);
    assert_eq!(
        moto.keys(&bucket).await,
        vec!["exports/dsr-export-r1.zip.enc".to_owned()]
    );
    assert!(moto.open_uploads(&bucket).await.is_empty());
}

/// A manual store's files in S3: the object store failing while a file goes up stores and
/// records nothing (the step still waits); healed, the file is kept encrypted in the bucket,
/// lands in the archive, and its object is deleted once the archive is delivered.
#[actix_web::test]
async fn a_manual_step_file_goes_through_the_bucket_and_a_failed_upload_records_nothing() {
    let moto = Moto::start().await;
    let bucket = moto.bucket().await;
    let proxy = FaultProxy::start(&moto.endpoint);
    // 1 KiB parts: the file below goes up in several.
    let (app, _c) = spawn(Backend::Sqlite, &proxy.endpoint, &bucket, 1024, true, |_, c| {
        let mut map = std::fs::read_to_string(&c.map).unwrap();
        map.push_str(
            "\n[[store]]\nname = \"newsletter\"\ntype = \"manual\"\ncontact = \"privacy@newsletter.example\"\n",
        );
        std::fs::write(&c.map, map).unwrap();
    })
    .await;
    app.verified_request("ada@example.com", "access").await;
    let id = only_request_id(&app);
    app.smtp
        .wait_for_subject(
            "privacy@newsletter.example",
            &format!("Privacy task: send us the personal data held in newsletter (ref {id})"),
        )
        .await;
    let file = app.setup.dir.path().join("subscriber.csv");
    let mut csv = String::from("email,event\n");
    for i in 0..200 {
        csv.push_str(&format!("ada@example.com,opened-{i}\n"));
    }
    std::fs::write(&file, &csv).unwrap();
    let step = [
        "requests",
        "complete-step",
        &id,
        "newsletter",
        "--file",
        file.to_str().unwrap(),
    ];

    proxy.fail_parts_after(1);
    let out = app.cli(&step);
    assert!(!out.status.success(), "the upload failed: {}", stdout(&out));
    assert!(stderr(&out).contains("attachment"), "{}", stderr(&out));
    assert!(proxy.refused() > 0);
    let is_file = |k: &String| k.contains("-file-");
    assert!(!moto.keys(&bucket).await.iter().any(is_file));
    assert!(moto.open_uploads(&bucket).await.is_empty());
    let show = stdout(&app.cli(&["requests", "show", &id]));
    assert!(!show.contains("manual_step_completed"), "{show}");
    assert!(show.contains("processing"), "{show}");

    proxy.heal();
    let out = app.cli(&step);
    assert!(out.status.success(), "{}", stderr(&out));
    let (r, _) = download(&app, "ada@example.com").await;
    let z = read_zip(&zip_body(r).await);
    assert_eq!(z["text"].as_str().unwrap().matches("opened-199").count(), 1);
    assert_eq!(z["sha_ok"], json!(true));
    assert!(
        z["names"]
            .as_array()
            .unwrap()
            .contains(&json!("newsletter/subscriber.csv"))
    );
    // Delivered: only the archive is left in the bucket.
    let archive = archive_key(&id);
    let mut left = Vec::new();
    for _ in 0..100 {
        left = moto.keys(&bucket).await;
        if left == [archive.clone()] {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left, vec![archive]);
    proxy.stop().await;
}

#[test]
fn s3_settings_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    for (s3, key) in [
        (r#"{ bucket = "" }"#, "export.s3.bucket"),
        (
            r#"{ bucket = "b", endpoint = "ftp://x" }"#,
            "export.s3.endpoint",
        ),
        (r#"{ bucket = "b", part_size = 10 }"#, "export.s3.part_size"),
        (r#"{ bucket = "b", colour = "red" }"#, "colour"),
    ] {
        std::fs::write(&path, format!("[export]\nstorage = \"s3\"\ns3 = {s3}\n")).unwrap();
        let err = config::Config::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains(key), "{s3}: {err}");
    }
}
