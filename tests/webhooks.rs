//! Webhooks: every status change is POSTed, signed, to each `[[webhook]]`; a receiver that is
//! down gets the delivery once it is back; every attempt is on the request's timeline.
//!
//! The deliveries run in a `dsr-portal worker` child process (as in production), which is
//! where the signing secret's environment variable is set.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::api::{self, ALL_SCOPES};
use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, eventually, free_port};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

const SECRET_ENV: &str = "DSR_TEST_WEBHOOK_SECRET";
const SECRET: &str = "whsec-test-0123456789abcdef";

/// One POST the receiver got.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A tiny HTTP receiver: records each request, answers 503 to the first `fail_first`
/// ones and 200 afterwards.
#[derive(Clone)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn start(port: u16, fail_first: usize) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind receiver");
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let seen = Arc::new(AtomicUsize::new(0));
        let store = got.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let path = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("")
                    .to_owned();
                let mut headers = HashMap::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = line.split_once(':') {
                        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
                    }
                }
                let len: usize = headers
                    .get("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; len];
                if reader.read_exact(&mut body).is_err() {
                    continue;
                }
                let n = seen.fetch_add(1, Ordering::SeqCst);
                let status = if n < fail_first {
                    "503 Service Unavailable"
                } else {
                    "200 OK"
                };
                if n >= fail_first {
                    store.lock().unwrap().push(Received {
                        path,
                        headers,
                        body,
                    });
                }
                let _ = stream.write_all(
                    format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .as_bytes(),
                );
            }
        });
        Self { got }
    }

    fn deliveries(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

/// The worker process; killed when dropped.
struct Worker(Child);

impl Worker {
    fn start(app: &TestApp) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_dsr-portal"))
            .arg("--config")
            .arg(&app.config_path)
            .arg("worker")
            .env(SECRET_ENV, SECRET)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dsr-portal worker");
        Self(child)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn app_with_webhook(backend: Backend, url: &str) -> TestApp {
    let smtp = Smtp::start();
    let mut setup = Setup::new(backend, smtp.port);
    setup.extra = format!(
        "{}\n[[webhook]]\nurl = \"{url}\"\nsecret_env = \"{SECRET_ENV}\"\nevents = [\"status_changed\"]\n",
        api::hs_config()
    );
    // No in-process worker: the child process delivers.
    TestApp::spawn_setup(setup, smtp, false).await
}

/// The receiver's check, written from README's description alone: HMAC-SHA256 with the
/// secret over "<t>.<raw body>", hex, compared in constant time, `t` within 5 minutes.
fn verify_as_documented(header: &str, body: &[u8]) -> Result<(), String> {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = Some(v.to_owned()),
            Some(("v1", v)) => v1.push(v.to_owned()),
            _ => {}
        }
    }
    let t = t.ok_or("no t")?;
    let age = api::now() - t.parse::<i64>().map_err(|e| e.to_string())?;
    if age.abs() > 300 {
        return Err(format!("outside the replay window: {age}s"));
    }
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(body);
    let expected = hex::encode(mac.finalize().into_bytes());
    if v1
        .iter()
        .any(|s| bool::from(s.as_bytes().ct_eq(expected.as_bytes())))
    {
        Ok(())
    } else {
        Err("no matching v1".into())
    }
}

/// The README's Python receiver check (examples/verify_webhook.py) on one delivery.
fn verify_with_python(header: &str, body: &[u8]) -> bool {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/verify_webhook.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(header)
        .env("WEBHOOK_SECRET", SECRET)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("python3 is needed for the webhook test (apt-get install python3)");
    child.stdin.take().unwrap().write_all(body).unwrap();
    child.wait().unwrap().success()
}

#[actix_web::test]
async fn every_status_change_is_delivered_signed() {
    let port = free_port();
    let receiver = Receiver::start(port, 0);
    let app = app_with_webhook(
        Backend::Postgres,
        &format!("http://127.0.0.1:{port}/hooks/dsr"),
    )
    .await;
    let _worker = Worker::start(&app);
    let t = api::token("helpdesk", ALL_SCOPES);

    // Three status changes for the access request (verified, processing, then completed when
    // its export is delivered) and one for the cancelled erasure.
    let r = app
        .api_post("/api/v1/requests", Some(&t), &json!({"email": "ann@example.com", "kind": "access", "identity_verified": true, "ticket_ref": "ZD-9"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let verified_id = r.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&t),
            &json!({"email": "ben@example.com", "kind": "erasure"}),
        )
        .await;
    let cancelled_id = r.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .api_post(
            &format!("/api/v1/requests/{cancelled_id}/cancel"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let rc = receiver.clone();
    eventually("four deliveries", Duration::from_secs(20), move || {
        rc.deliveries().len() >= 4
    })
    .await;
    actix_web::rt::time::sleep(Duration::from_millis(800)).await;
    let got = receiver.deliveries();
    assert_eq!(got.len(), 4, "one delivery per change");
    let mut changes = Vec::new();
    for d in &got {
        assert_eq!(d.path, "/hooks/dsr");
        assert_eq!(d.headers["content-type"], "application/json");
        let sig = &d.headers["x-dsr-signature"];
        verify_as_documented(sig, &d.body).unwrap();
        assert!(
            verify_with_python(sig, &d.body),
            "the README's Python check accepts it"
        );
        let mut tampered = d.body.clone();
        tampered.push(b' ');
        assert!(verify_as_documented(sig, &tampered).is_err());
        assert!(
            !verify_with_python(sig, &tampered),
            "a changed body is refused"
        );
        assert_eq!(
            dsr_portal::service::webhooks::verify_signature(
                SECRET.as_bytes(),
                sig,
                &d.body,
                api::now(),
                300
            ),
            Ok(())
        );
        let e = d.json();
        assert_eq!(e["type"], "status_changed");
        assert_eq!(d.headers["x-dsr-event-id"], e["id"].as_str().unwrap());
        assert!(
            e.get("email").is_none() && !String::from_utf8_lossy(&d.body).contains("@example.com"),
            "no address in the event"
        );
        changes.push((
            e["data"]["request_id"].as_str().unwrap().to_owned(),
            e["data"]["from"].as_str().unwrap().to_owned(),
            e["data"]["to"].as_str().unwrap().to_owned(),
        ));
        if e["data"]["request_id"] == verified_id.as_str() {
            assert_eq!(e["data"]["ticket_ref"], "ZD-9");
        }
    }
    changes.sort();
    let mut expected = vec![
        (
            verified_id.clone(),
            "unverified".to_owned(),
            "verified".to_owned(),
        ),
        (
            verified_id.clone(),
            "verified".to_owned(),
            "processing".to_owned(),
        ),
        (
            verified_id.clone(),
            "processing".to_owned(),
            "completed".to_owned(),
        ),
        (
            cancelled_id.clone(),
            "unverified".to_owned(),
            "cancelled".to_owned(),
        ),
    ];
    expected.sort();
    assert_eq!(changes, expected);

    // The deliveries are on the timeline.
    let one = app
        .api_get(&format!("/api/v1/requests/{cancelled_id}"), Some(&t))
        .await
        .json();
    let delivered: Vec<&Value> = one["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "webhook_delivered")
        .collect();
    assert_eq!(delivered.len(), 1, "{one}");
    assert_eq!(delivered[0]["detail"]["status"], 200);
    assert_eq!(
        delivered[0]["detail"]["url"],
        format!("http://127.0.0.1:{port}/hooks/dsr")
    );
}

#[actix_web::test]
async fn a_receiver_that_is_down_gets_the_event_once_it_is_back() {
    let port = free_port();
    // The URL's query holds a token: it must not reach the audit log.
    let app = app_with_webhook(
        Backend::Sqlite,
        &format!("http://127.0.0.1:{port}/hook?token=shh"),
    )
    .await;
    let _worker = Worker::start(&app);
    let t = api::token("helpdesk", ALL_SCOPES);
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&t),
            &json!({"email": "cat@example.com", "kind": "access"}),
        )
        .await;
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let r = app
        .api_post(
            &format!("/api/v1/requests/{id}/cancel"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    // Nobody listens: attempts fail and are retried with backoff.
    let portal = app.portal.clone();
    let rid = id.clone();
    eventually("two failed attempts", Duration::from_secs(20), move || {
        failed_attempts(&portal, &rid) >= 2
    })
    .await;
    // Back up, but the first answer is a 503: one more retry, then delivered.
    let receiver = Receiver::start(port, 1);
    let rc = receiver.clone();
    eventually("the delivery", Duration::from_secs(30), move || {
        !rc.deliveries().is_empty()
    })
    .await;
    actix_web::rt::time::sleep(Duration::from_millis(2_500)).await;
    let got = receiver.deliveries();
    assert_eq!(got.len(), 1, "delivered once, not again after success");
    assert_eq!(got[0].path, "/hook?token=shh");
    verify_as_documented(&got[0].headers["x-dsr-signature"], &got[0].body).unwrap();
    assert_eq!(got[0].json()["data"]["to"], "cancelled");

    let one = app
        .api_get(&format!("/api/v1/requests/{id}"), Some(&t))
        .await
        .json();
    let attempts: Vec<&Value> = one["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"].as_str().unwrap().starts_with("webhook_"))
        .collect();
    assert!(
        attempts.len() >= 4,
        "failures (refused, refused, 503) then success: {attempts:?}"
    );
    let last = attempts.last().unwrap();
    assert_eq!(last["event"], "webhook_delivered");
    let numbers: Vec<i64> = attempts
        .iter()
        .map(|e| e["detail"]["attempt"].as_i64().unwrap())
        .collect();
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] + 1),
        "attempts in order: {numbers:?}"
    );
    assert!(
        attempts.iter().any(|e| e["detail"]["error"] == "HTTP 503"),
        "{attempts:?}"
    );
    let text = one.to_string();
    assert!(
        !text.contains("shh"),
        "the URL's query is not in the timeline"
    );
    assert_eq!(
        last["detail"]["url"],
        format!("http://127.0.0.1:{port}/hook")
    );
}

fn failed_attempts(portal: &dsr_portal::portal::Portal, id: &str) -> usize {
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    use dsr_portal::db::schema::audit_log;
    let mut c = portal.conn().unwrap();
    audit_log::table
        .filter(audit_log::request_id.eq(id))
        .filter(audit_log::event.eq("webhook_failed"))
        .count()
        .get_result::<i64>(&mut *c)
        .unwrap() as usize
}

#[actix_web::test]
async fn no_webhook_no_delivery_and_the_queue_drains() {
    let app = api::spawn(Backend::Sqlite).await;
    let t = api::token("helpdesk", ALL_SCOPES);
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&t),
            &json!({"email": "dot@example.com", "kind": "access", "identity_verified": true}),
        )
        .await;
    assert_eq!(r.status, 201);
    app.settle().await;
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let one = app
        .api_get(&format!("/api/v1/requests/{id}"), Some(&t))
        .await
        .json();
    assert!(!one.to_string().contains("webhook_"));
}
