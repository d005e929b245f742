//! A tiny receiving service for the `http` connector: it verifies `X-DSR-Signature`
//! (`t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, at most 5 minutes old) the way a real
//! receiver would, answers 401 when it does not hold, and otherwise plays a script of
//! replies (then a default one). Every request is recorded.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::ServerHandle;
use actix_web::web::Bytes;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Debug, Clone)]
pub enum Reply {
    /// A status and a JSON body.
    Json(u16, String),
    /// Waits, then answers 200 with the body.
    Slow(Duration, String),
    /// A 200 of this many bytes, with a `Content-Length` or streamed without one.
    Huge { bytes: usize, chunked: bool },
}

#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub body: String,
    pub signature: String,
    pub idempotency_key: String,
    pub content_type: String,
    pub verified: bool,
}

pub struct ServiceState {
    pub secret: Vec<u8>,
    pub script: VecDeque<Reply>,
    pub default: Reply,
    pub requests: Vec<Received>,
}

pub struct FakeService {
    pub base: String,
    pub state: Arc<Mutex<ServiceState>>,
    handle: ServerHandle,
}

/// Verifies a signature header against the body the way a receiver should.
pub fn verify(secret: &[u8], header: &str, body: &[u8]) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = v.parse::<u64>().ok(),
            Some(("v1", v)) => v1 = hex::decode(v).ok(),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    if now.abs_diff(t) > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("hmac key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    mac.verify_slice(&v1).is_ok()
}

/// A body streamed in chunks with no `Content-Length`.
struct Chunks {
    left: usize,
}

impl MessageBody for Chunks {
    type Error = std::convert::Infallible;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let n = self.left.min(64 * 1024);
        self.left -= n;
        Poll::Ready(Some(Ok(Bytes::from(vec![b' '; n]))))
    }
}

async fn handle(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<Mutex<ServiceState>>,
) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let reply = {
        let mut s = state.lock().expect("state");
        let signature = header("x-dsr-signature");
        let verified = verify(&s.secret, &signature, &body);
        s.requests.push(Received {
            path: req.path().to_owned(),
            body: String::from_utf8_lossy(&body).into_owned(),
            signature,
            idempotency_key: header("idempotency-key"),
            content_type: header("content-type"),
            verified,
        });
        if !verified {
            return HttpResponse::Unauthorized()
                .json(serde_json::json!({"error": {"code": "bad_signature", "message": "signature does not verify"}}));
        }
        let default = s.default.clone();
        s.script.pop_front().unwrap_or(default)
    };
    match reply {
        Reply::Json(status, body) => {
            HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("status"))
                .content_type("application/json")
                .body(body)
        }
        Reply::Slow(wait, body) => {
            actix_web::rt::time::sleep(wait).await;
            HttpResponse::Ok()
                .content_type("application/json")
                .body(body)
        }
        Reply::Huge {
            bytes,
            chunked: false,
        } => HttpResponse::Ok()
            .content_type("application/json")
            .body(vec![b' '; bytes]),
        Reply::Huge {
            bytes,
            chunked: true,
        } => HttpResponse::Ok()
            .content_type("application/json")
            .body(Chunks { left: bytes }),
    }
}

impl FakeService {
    pub fn start(secret: &str, default: Reply) -> Self {
        let state = Arc::new(Mutex::new(ServiceState {
            secret: secret.as_bytes().to_vec(),
            script: VecDeque::new(),
            default,
            requests: Vec::new(),
        }));
        let data = web::Data::from(state.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(data.clone())
                        .default_service(web::to(handle))
                })
                .workers(1)
                .disable_signals()
                .shutdown_timeout(0)
                .bind(("127.0.0.1", 0))
                .expect("bind fake service");
                let port = server.addrs()[0].port();
                let server = server.run();
                tx.send((port, server.handle())).expect("report port");
                server.await
            })
        });
        let (port, handle) = rx.recv().expect("fake service started");
        Self {
            base: format!("http://127.0.0.1:{port}"),
            state,
            handle,
        }
    }

    pub fn state(&self) -> MutexGuard<'_, ServiceState> {
        self.state.lock().expect("state")
    }

    /// Replies for the next requests, in order.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state().script.extend(replies);
    }

    pub fn requests(&self) -> Vec<Received> {
        self.state().requests.clone()
    }
}

impl Drop for FakeService {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        let _ = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(handle.stop(false));
        })
        .join();
    }
}
