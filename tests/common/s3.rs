//! A real S3-compatible server for tests: moto's server (PyPI `moto[server]`), one process per
//! test on a free port, with a bucket of the test's own. `.ci/run` installs it into
//! `.venv-ci/`; elsewhere: `python3 -m venv .venv-ci && .venv-ci/bin/pip install
//! 'moto[server]==5.2.5'` (or point `MOTO_SERVER` at the executable).
//!
//! [`FaultProxy`] sits between the portal and moto and can refuse part uploads, to play
//! "the object store went down in the middle of an upload".

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

use super::free_port;

fn moto_server() -> PathBuf {
    super::python_tool("moto_server", "MOTO_SERVER", "moto[server]==5.2.5")
}

/// A running moto server, stopped when dropped.
pub struct Moto {
    child: Child,
    pub port: u16,
    pub endpoint: String,
    http: reqwest::Client,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The credentials the portal is given (moto accepts any).
pub fn aws_env() -> Vec<(String, String)> {
    [
        ("AWS_ACCESS_KEY_ID", "test-access-key"),
        ("AWS_SECRET_ACCESS_KEY", "test-secret-key"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

impl Moto {
    /// Starts moto on a free port and waits until it answers. Parts may be as small as 1 KiB
    /// (AWS wants 5 MiB), so tests can force multipart uploads with small archives.
    pub async fn start() -> Self {
        let bin = moto_server();
        let port = free_port();
        let mut child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("S3_UPLOAD_PART_MIN_SIZE", "1024")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
        let endpoint = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("moto_server exited at start ({status}); is port {port} free?");
            }
            if http.get(&endpoint).send().await.is_ok() {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "moto_server did not answer on {endpoint}"
            );
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        Self {
            child,
            port,
            endpoint,
            http,
        }
    }

    /// Creates a bucket with a fresh name and returns the name.
    pub async fn bucket(&self) -> String {
        let name = format!("dsr-{}", uuid::Uuid::new_v4().simple());
        let r = self
            .http
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "create bucket: {}", r.status());
        name
    }

    /// The keys in a bucket.
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        let xml = self.get_text(&format!("{bucket}?list-type=2")).await;
        tags(&xml, "Key")
    }

    /// The ETags of the objects in a bucket (`<md5>-<parts>` for a multipart upload).
    pub async fn etags(&self, bucket: &str) -> Vec<String> {
        let xml = self.get_text(&format!("{bucket}?list-type=2")).await;
        tags(&xml, "ETag")
            .into_iter()
            .map(|e| e.replace("&quot;", "").trim_matches('"').to_owned())
            .collect()
    }

    /// The keys of multipart uploads not yet completed or aborted.
    pub async fn open_uploads(&self, bucket: &str) -> Vec<String> {
        let xml = self.get_text(&format!("{bucket}?uploads")).await;
        tags(&xml, "Key")
    }

    /// One object's bytes.
    pub async fn object(&self, bucket: &str, key: &str) -> Vec<u8> {
        self.get(&format!("{bucket}/{key}")).await.to_vec()
    }

    async fn get_text(&self, path: &str) -> String {
        String::from_utf8(self.get(path).await.to_vec()).expect("UTF-8 XML")
    }

    async fn get(&self, path: &str) -> bytes::Bytes {
        let r = self
            .http
            .get(format!("{}/{path}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.bytes().await.unwrap()
    }
}

/// The text of every `<tag>…</tag>` in `xml`.
fn tags(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open)
        .skip(1)
        .filter_map(|s| s.split(&close).next())
        .map(str::to_owned)
        .collect()
}

/// The `[export]` keys for S3 storage at `endpoint` (moto's or a proxy's).
pub fn export_config(endpoint: &str, bucket: &str, part_size: usize) -> String {
    format!(
        r#"storage = "s3"
s3 = {{ bucket = "{bucket}", prefix = "exports/", endpoint = "{endpoint}", region = "us-east-1", part_size = {part_size} }}"#
    )
}

/// What the proxy does with part uploads (`PUT …?partNumber=…`).
#[derive(Default)]
struct Faults {
    /// Part uploads let through before the proxy starts refusing them (`usize::MAX`: all).
    parts_allowed: AtomicUsize,
    parts_seen: AtomicUsize,
    refused: AtomicUsize,
}

/// An HTTP proxy in front of moto that can refuse part uploads with 503.
pub struct FaultProxy {
    pub endpoint: String,
    faults: Arc<Faults>,
    server: actix_web::dev::ServerHandle,
}

impl FaultProxy {
    pub fn start(upstream: &str) -> Self {
        let faults = Arc::new(Faults {
            parts_allowed: AtomicUsize::new(usize::MAX),
            ..Faults::default()
        });
        let state = web::Data::new((upstream.to_owned(), faults.clone(), reqwest::Client::new()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(256 * 1024 * 1024))
                .default_service(web::to(forward))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            faults,
            server: handle,
        }
    }

    /// From now on, let `n` more part uploads through, then refuse every one.
    pub fn fail_parts_after(&self, n: usize) {
        let seen = self.faults.parts_seen.load(Ordering::SeqCst);
        self.faults
            .parts_allowed
            .store(seen.saturating_add(n), Ordering::SeqCst);
    }

    /// Let everything through again.
    pub fn heal(&self) {
        self.faults
            .parts_allowed
            .store(usize::MAX, Ordering::SeqCst);
    }

    /// Part uploads refused so far.
    pub fn refused(&self) -> usize {
        self.faults.refused.load(Ordering::SeqCst)
    }

    pub async fn stop(self) {
        self.server.stop(false).await;
    }
}

async fn forward(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<(String, Arc<Faults>, reqwest::Client)>,
) -> HttpResponse {
    let (upstream, faults, http) = (&state.0, &state.1, &state.2);
    let query = req.query_string();
    if req.method() == actix_web::http::Method::PUT && query.contains("partNumber=") {
        let n = faults.parts_seen.fetch_add(1, Ordering::SeqCst);
        if n >= faults.parts_allowed.load(Ordering::SeqCst) {
            faults.refused.fetch_add(1, Ordering::SeqCst);
            return HttpResponse::ServiceUnavailable()
                .content_type("application/xml")
                .body("<Error><Code>ServiceUnavailable</Code><Message>down for the test</Message></Error>");
        }
    }
    let url = if query.is_empty() {
        format!("{upstream}{}", req.path())
    } else {
        format!("{upstream}{}?{query}", req.path())
    };
    let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes()).unwrap();
    let mut out = http.request(method, url).body(body.to_vec());
    for (k, v) in req.headers() {
        if !matches!(k.as_str(), "host" | "content-length" | "connection") {
            out = out.header(k.as_str(), v.as_bytes());
        }
    }
    let r = match out.send().await {
        Ok(r) => r,
        Err(e) => return HttpResponse::BadGateway().body(e.to_string()),
    };
    let mut resp =
        HttpResponse::build(actix_web::http::StatusCode::from_u16(r.status().as_u16()).unwrap());
    for (k, v) in r.headers() {
        if !matches!(
            k.as_str(),
            "content-length" | "transfer-encoding" | "connection"
        ) {
            resp.insert_header((k.as_str(), v.as_bytes()));
        }
    }
    resp.body(r.bytes().await.unwrap_or_default())
}
