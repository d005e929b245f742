//! The `http` connector against a tiny receiving service (tests/common/fake_http.rs) that
//! verifies the signature as a real receiver would: signed identifiers out, any JSON back,
//! `{erased, retained}` as outcomes, bounded retries on 5xx and timeouts but never on 4xx,
//! answers over 16 MiB refused, and a receiver that is down.

mod common;

use common::stores::Collect;

use std::sync::Once;
use std::time::{Duration, Instant};

use common::fake_http::{FakeService, Reply};
use dsr_portal::datamap::StoreDef;
use dsr_portal::stores::http::HttpStore;
use dsr_portal::stores::http_client::Retry;
use dsr_portal::stores::{self, ErrorKind, Identifiers, Store};
use serde_json::{Value, json};

const SECRET: &str = "whsec_test_3f1c0a9b8e7d6c5b4a39281706f5e4d3";
const SECRET_ENV: &str = "DSR_TEST_CRM_SECRET";
const WRONG_SECRET_ENV: &str = "DSR_TEST_CRM_WRONG_SECRET";

fn env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: every test of this binary calls env() before anything reads the
        // environment, and Once makes the others wait until it is set.
        unsafe {
            std::env::set_var(SECRET_ENV, SECRET);
            std::env::set_var(WRONG_SECRET_ENV, "not-the-shared-secret");
        }
    });
}

fn def_with(extra: &str) -> StoreDef {
    env();
    toml::from_str(&format!("name = \"crm\"\ntype = \"http\"\n{extra}")).unwrap()
}

fn def(base: &str, secret_env: &str) -> StoreDef {
    def_with(&format!(
        "export_url = \"{base}/gdpr/export\"\nerase_url = \"{base}/gdpr/erase\"\nsecret_env = \"{secret_env}\""
    ))
}

fn quick() -> Retry {
    Retry {
        attempts: 3,
        base: Duration::from_millis(100),
        max_wait: Duration::from_secs(2),
    }
}

fn store(svc: &FakeService) -> HttpStore {
    HttpStore::open(&def(&svc.base, SECRET_ENV))
        .unwrap()
        .with_retry(quick())
}

fn subject() -> Identifiers {
    let mut ids = Identifiers::default();
    ids.insert("email", "jane@example.com".into());
    ids.insert("email", "j.doe@example.com".into());
    ids.insert("user_id", "42".into());
    ids
}

fn remote(err: &dsr_portal::stores::StoreError) -> (u16, String) {
    match &err.kind {
        ErrorKind::Remote { status, message } => (*status, message.clone()),
        other => panic!("not a remote error: {other:?}"),
    }
}

#[test]
fn export_posts_signed_identifiers_and_keeps_the_answer_as_one_record() {
    let answer = r#"{"profile":{"name":"Jane","balance":12345678901234567890.50},"tickets":[{"id":1},{"id":2}]}"#;
    let svc = FakeService::start(SECRET, Reply::Json(200, answer.into()));
    let s = store(&svc);
    let mut sink = Collect::default();
    s.export(&subject(), &mut sink).unwrap();
    assert_eq!(sink.0.len(), 1);
    assert_eq!(sink.0[0].0, "response");
    assert_eq!(
        sink.0[0].1,
        [serde_json::from_str::<Value>(answer).unwrap()]
    );
    assert!(
        sink.0[0].1[0]
            .to_string()
            .contains("12345678901234567890.50")
    );

    let got = svc.requests();
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert!(r.verified, "the receiver verified {}", r.signature);
    assert_eq!(r.path, "/gdpr/export");
    assert_eq!(r.content_type, "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(&r.body).unwrap(),
        json!({"identifiers": {"email": ["j.doe@example.com", "jane@example.com"], "user_id": ["42"]}})
    );
    assert!(r.signature.starts_with("t=") && r.signature.contains(",v1="));

    assert_eq!(
        s.locate(&subject()).unwrap(),
        [stores::Located {
            object: "response".into(),
            rows: 1
        }]
    );
    // Nothing to check but the URLs: no call.
    assert!(s.check().unwrap().is_empty());
    assert_eq!(svc.requests().len(), 2);
}

#[test]
fn an_empty_or_null_answer_is_no_record_and_any_json_is_one() {
    let svc = FakeService::start(SECRET, Reply::Json(200, "null".into()));
    let s = store(&svc);
    let mut sink = Collect::default();
    s.export(&subject(), &mut sink).unwrap();
    assert_eq!(sink.0, [("response".to_owned(), vec![])]);
    assert_eq!(s.locate(&subject()).unwrap()[0].rows, 0);
    svc.script([
        Reply::Json(204, String::new()),
        Reply::Json(200, "[1, 2.50, \"x\"]".into()),
        Reply::Json(200, "{\"a\": ".into()),
    ]);
    assert_eq!(s.locate(&subject()).unwrap()[0].rows, 0);
    let mut sink = Collect::default();
    s.export(&subject(), &mut sink).unwrap();
    // The answer's own digits: 2.50 stays 2.50.
    assert_eq!(sink.0[0].1[0].to_string(), r#"[1,2.50,"x"]"#);
    let err = s.export(&subject(), &mut Collect::default()).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Query(_)), "{err}");
    assert!(err.to_string().contains("not JSON"), "{err}");
}

#[test]
fn hostile_identifier_values_arrive_intact_and_signed() {
    let svc = FakeService::start(SECRET, Reply::Json(200, "{}".into()));
    let s = store(&svc);
    let huge = "a".repeat(10 * 1024);
    let values = [
        "o'brien@example.com",
        "\"quoted\"@example.com",
        "back\\slash@example.com",
        "100%&=?#@example.com",
        "jürgen@例え.jp",
        "line\nbreak@example.com",
        "",
        huge.as_str(),
    ];
    let mut ids = Identifiers::default();
    for v in values {
        ids.insert("email", v.to_owned());
    }
    s.export(&ids, &mut Collect::default()).unwrap();
    let r = &svc.requests()[0];
    assert!(r.verified);
    let body: Value = serde_json::from_str(&r.body).unwrap();
    // An empty value names nobody: it is never sent (DESIGN §3).
    let mut expected: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
    expected.sort();
    assert_eq!(body["identifiers"]["email"], json!(expected));
}

#[test]
fn erase_answers_become_outcomes() {
    let svc = FakeService::start(
        SECRET,
        Reply::Json(
            200,
            r#"{"erased": {"users": 1, "tickets": 12},
                "retained": [{"object": "invoices", "key": {"id": 9}, "from": "2024-02-29"},
                             {"object": "invoices", "key": {"id": 10}, "from": "2024-03-31"}]}"#
                .into(),
        ),
    );
    let s = store(&svc);
    let outcomes = s.erase(&subject()).unwrap();
    let summary: Vec<(&str, &str, u64)> = outcomes
        .iter()
        .map(|o| (o.object.as_str(), o.action, o.rows))
        .collect();
    assert_eq!(
        summary,
        [
            ("users", "erase", 1),
            ("tickets", "erase", 12),
            ("invoices", "retain", 2)
        ]
    );
    assert_eq!(outcomes[2].retained[0].key, r#"{"id":9}"#);
    assert_eq!(outcomes[2].retained[1].from.as_deref(), Some("2024-03-31"));
    let r = &svc.requests()[0];
    assert_eq!(r.path, "/gdpr/erase");
    assert!(r.verified);

    svc.script([
        Reply::Json(200, r#"{"erased": 3, "retained": 0}"#.into()),
        Reply::Json(200, r#"{"ok": true}"#.into()),
    ]);
    let o = s.erase(&subject()).unwrap();
    assert_eq!(
        (o[0].object.as_str(), o[0].action, o[0].rows),
        ("response", "erase", 3)
    );
    let err = s.erase(&subject()).unwrap_err();
    assert!(err.to_string().contains("not {\"erased\""), "{err}");
}

#[test]
fn server_errors_are_retried_with_the_same_idempotency_key() {
    let svc = FakeService::start(SECRET, Reply::Json(200, r#"{"erased": 1}"#.into()));
    svc.script([
        Reply::Json(500, r#"{"error": "boom"}"#.into()),
        Reply::Json(503, "unavailable".into()),
    ]);
    let s = store(&svc);
    let start = Instant::now();
    let o = s.erase(&subject()).unwrap();
    assert_eq!(o[0].rows, 1);
    assert!(
        start.elapsed() >= Duration::from_millis(300),
        "backoff 100 + 200 ms"
    );
    let got = svc.requests();
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|r| r.verified));
    assert!(!got[0].idempotency_key.is_empty());
    assert!(
        got.iter()
            .all(|r| r.idempotency_key == got[0].idempotency_key)
    );

    // Bounded: a service that keeps failing is an error after the last attempt.
    let down = FakeService::start(SECRET, Reply::Json(502, "bad gateway".into()));
    let err = store(&down).erase(&subject()).unwrap_err();
    assert_eq!(remote(&err), (502, "bad gateway".into()));
    assert_eq!(down.requests().len(), 3);
}

#[test]
fn client_errors_are_not_retried() {
    let svc = FakeService::start(
        SECRET,
        Reply::Json(
            400,
            r#"{"error": {"code": "bad_request", "message": "unknown identifier kind"}}"#.into(),
        ),
    );
    let s = store(&svc);
    let err = s.erase(&subject()).unwrap_err();
    assert_eq!(err.store, "crm");
    assert_eq!(remote(&err), (400, "unknown identifier kind".into()));
    assert_eq!(svc.requests().len(), 1);
    svc.state().default = Reply::Json(404, "no such route".into());
    let err = s.export(&subject(), &mut Collect::default()).unwrap_err();
    assert_eq!(remote(&err), (404, "no such route".into()));
    assert_eq!(svc.requests().len(), 2);
}

#[test]
fn a_wrong_secret_is_refused_by_the_receiver_and_not_retried() {
    let svc = FakeService::start(SECRET, Reply::Json(200, "{}".into()));
    let s = HttpStore::open(&def(&svc.base, WRONG_SECRET_ENV))
        .unwrap()
        .with_retry(quick());
    let err = s.export(&subject(), &mut Collect::default()).unwrap_err();
    assert_eq!(remote(&err), (401, "signature does not verify".into()));
    let got = svc.requests();
    assert_eq!(got.len(), 1);
    assert!(!got[0].verified);
}

#[test]
fn oversized_answers_are_refused() {
    let svc = FakeService::start(SECRET, Reply::Json(200, "{}".into()));
    let s = store(&svc);
    for chunked in [false, true] {
        svc.script([Reply::Huge {
            bytes: 17 * 1024 * 1024,
            chunked,
        }]);
        let err = s.export(&subject(), &mut Collect::default()).unwrap_err();
        let (status, message) = remote(&err);
        assert_eq!(status, 200);
        assert!(
            message.contains("larger than the 16 MiB limit"),
            "{message}"
        );
    }
    // Just under the limit is fine (here with a lower limit to keep the test light).
    let small = store(&svc).with_max_body(1024);
    svc.script([Reply::Json(200, format!("\"{}\"", "x".repeat(1000)))]);
    small.export(&subject(), &mut Collect::default()).unwrap();
    svc.script([Reply::Json(200, format!("\"{}\"", "x".repeat(1023)))]);
    assert!(small.export(&subject(), &mut Collect::default()).is_err());
}

#[test]
fn timeouts_are_retried_and_bounded() {
    let svc = FakeService::start(SECRET, Reply::Json(200, r#"{"erased": 2}"#.into()));
    svc.script([Reply::Slow(
        Duration::from_secs(3),
        r#"{"erased": 99}"#.into(),
    )]);
    let s = store(&svc).with_timeout(Duration::from_millis(500));
    assert_eq!(s.erase(&subject()).unwrap()[0].rows, 2);
    assert_eq!(svc.requests().len(), 2);

    svc.state().default = Reply::Slow(Duration::from_secs(3), "{}".into());
    let start = Instant::now();
    let err = s.export(&subject(), &mut Collect::default()).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Timeout(_)), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(svc.requests().len(), 5);
}

#[test]
fn a_receiver_that_is_down_is_unreachable_quickly() {
    let port = common::free_port();
    let s = stores::open(&def(&format!("http://127.0.0.1:{port}"), SECRET_ENV)).unwrap();
    let start = Instant::now();
    let err = s.export(&subject(), &mut Collect::default()).unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(err.store, "crm");
    assert!(matches!(err.kind, ErrorKind::Unreachable(_)), "{err}");
    assert!(
        err.to_string().starts_with("store crm: cannot connect"),
        "{err}"
    );
    assert!(matches!(
        s.erase(&subject()).unwrap_err().kind,
        ErrorKind::Unreachable(_)
    ));
}

#[test]
fn configuration_mistakes_are_clear() {
    let config = |d: StoreDef| match stores::open(&d) {
        Err(e) => {
            assert_eq!(e.store, "crm");
            assert!(matches!(e.kind, ErrorKind::Config(_)), "{e}");
            e.to_string()
        }
        Ok(_) => panic!("opened"),
    };
    assert!(
        config(def("http://127.0.0.1:1", "DSR_TEST_CRM_UNSET"))
            .contains("DSR_TEST_CRM_UNSET is not set")
    );
    assert!(
        config(def_with("export_url = \"http://127.0.0.1:1/x\"")).contains("needs `secret_env`")
    );
    assert!(
        config(def_with(&format!(
            "export_url = \"not a url\"\nsecret_env = \"{SECRET_ENV}\""
        )))
        .contains("export_url \"not a url\" is not a URL")
    );
    assert!(
        config(def_with(&format!(
            "erase_url = \"ftp://h/x\"\nsecret_env = \"{SECRET_ENV}\""
        )))
        .contains("expected an http(s) URL")
    );

    // Export only: nothing to erase is an error, never a silent success.
    let svc = FakeService::start(SECRET, Reply::Json(200, "{}".into()));
    let export_only = stores::open(&def_with(&format!(
        "export_url = \"{}/x\"\nsecret_env = \"{SECRET_ENV}\"",
        svc.base
    )))
    .unwrap();
    let err = export_only.erase(&subject()).unwrap_err();
    assert!(err.to_string().contains("has no `erase_url`"), "{err}");
    // Erase only: an export has nothing from it, and no call is made for it.
    let erase_only = stores::open(&def_with(&format!(
        "erase_url = \"{}/x\"\nsecret_env = \"{SECRET_ENV}\"",
        svc.base
    )))
    .unwrap();
    let mut sink = Collect::default();
    erase_only.export(&subject(), &mut sink).unwrap();
    assert!(sink.0.is_empty());
    assert!(erase_only.locate(&subject()).unwrap().is_empty());
    assert!(svc.requests().is_empty());
}

/// Values the store lists in `ignore` are never sent.
#[test]
fn ignored_values_are_never_sent() {
    let svc = FakeService::start(SECRET, Reply::Json(200, "{}".into()));
    let s = HttpStore::open(&def_with(&format!(
        "export_url = \"{}/gdpr/export\"\nsecret_env = \"{SECRET_ENV}\"\nignore = [\"n/a\", \"0\"]",
        svc.base
    )))
    .unwrap()
    .with_retry(quick());
    let mut ids = Identifiers::default();
    ids.insert("email", "jane@example.com".into());
    ids.insert("email", "n/a".into());
    ids.insert("user_id", "0".into());
    s.export(&ids, &mut Collect::default()).unwrap();
    let body: Value = serde_json::from_str(&svc.requests()[0].body).unwrap();
    assert_eq!(
        body["identifiers"],
        json!({"email": ["jane@example.com"]}),
        "{body}"
    );
}
