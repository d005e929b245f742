//! A real SMTP server inside the test process (mailin-embedded), keeping what it receives.

use std::io;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin_embedded::{Handler, Response, Server, response};

/// One received message, decoded.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    pub raw: String,
}

#[derive(Clone)]
struct Sink {
    to: Vec<String>,
    buf: Vec<u8>,
    store: Arc<Mutex<Vec<Received>>>,
    refused: Arc<Mutex<Vec<String>>>,
}

impl Handler for Sink {
    fn rcpt(&mut self, to: &str) -> Response {
        let refused = self
            .refused
            .lock()
            .map(|r| r.iter().any(|a| to.contains(a.as_str())));
        if refused.unwrap_or(false) {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.buf.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let raw = String::from_utf8_lossy(&self.buf).into_owned();
        let parsed = mail_parser::MessageParser::default().parse(&self.buf);
        let (subject, message_id, text, html) = match parsed {
            Some(m) => (
                m.subject().unwrap_or_default().to_owned(),
                m.message_id().unwrap_or_default().to_owned(),
                m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
                m.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
            ),
            None => Default::default(),
        };
        if let Ok(mut store) = self.store.lock() {
            store.push(Received {
                to: self.to.clone(),
                subject,
                message_id,
                text,
                html,
                raw,
            });
        }
        response::OK
    }
}

pub struct Smtp {
    pub port: u16,
    pub store: Arc<Mutex<Vec<Received>>>,
    /// Recipients answered "550 Mailbox unavailable".
    pub refused: Arc<Mutex<Vec<String>>>,
}

impl Smtp {
    /// Starts on a random port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        Self::serve(listener)
    }

    /// Starts on a given port (to bring a "down" server back).
    pub fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind smtp port");
        Self::serve(listener)
    }

    /// A port where no SMTP server listens (yet).
    pub fn unstarted_port() -> u16 {
        super::free_port()
    }

    fn serve(listener: TcpListener) -> Self {
        let port = listener.local_addr().expect("addr").port();
        let store = Arc::new(Mutex::new(Vec::new()));
        let refused = Arc::new(Mutex::new(Vec::new()));
        let sink = Sink {
            to: Vec::new(),
            buf: Vec::new(),
            store: store.clone(),
            refused: refused.clone(),
        };
        let mut server = Server::new(sink);
        server
            .with_name("test-smtp")
            .with_num_threads(4)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self {
            port,
            store,
            refused,
        }
    }

    /// From now on, refuses mail to `address` (550 at RCPT TO).
    pub fn refuse(&self, address: &str) {
        self.refused.lock().unwrap().push(address.to_owned());
    }

    pub fn all(&self) -> Vec<Received> {
        self.store.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn to(&self, address: &str) -> Vec<Received> {
        self.all()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t == address))
            .collect()
    }

    pub fn count_to(&self, address: &str) -> usize {
        self.to(address).len()
    }

    /// Waits for a message to `address` with this subject and returns the first.
    pub async fn wait_for_subject(&self, address: &str, subject: &str) -> Received {
        let mut waited = Duration::ZERO;
        loop {
            if let Some(m) = self.to(address).into_iter().find(|m| m.subject == subject) {
                return m;
            }
            assert!(
                waited < Duration::from_secs(20),
                "no email {subject:?} to {address} within 20 s"
            );
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
            waited += Duration::from_millis(50);
        }
    }

    /// Waits for the `n`-th message to `address` (1-based) and returns it.
    pub async fn wait_for_nth(&self, address: &str, n: usize) -> Received {
        let mut waited = Duration::ZERO;
        loop {
            let got = self.to(address);
            if got.len() >= n {
                return got[n - 1].clone();
            }
            assert!(
                waited < Duration::from_secs(20),
                "no email #{n} to {address} within 20 s (got {})",
                got.len()
            );
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
            waited += Duration::from_millis(50);
        }
    }
}
