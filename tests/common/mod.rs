//! Test harness: a fresh portal database per test (SQLite file or a new PostgreSQL
//! database, dropped afterwards), a real SMTP server in the test process, the app spawned
//! on a random port, and a cookie-keeping HTTP client that does not follow redirects.
#![allow(dead_code)]

pub mod api;
pub mod company;
pub mod desk;
pub mod emails;
pub mod fake_http;
pub mod fake_stripe;
pub mod oidc;
pub mod s3;
pub mod smtp;
pub mod snapshot;
pub mod stores;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use dsr_portal::app::Application;
use dsr_portal::config::Config;
use dsr_portal::portal::Portal;
use smtp::Smtp;

// gssencmode=disable: libpq otherwise initializes Kerberos, whose thread-local destructors
// can abort a test process at exit (krb5int_getspecific assertion).
pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres?gssencmode=disable";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database of its own for one test.
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
}

impl TestDb {
    pub fn new(backend: Backend, dir: &Path) -> Self {
        match backend {
            Backend::Sqlite => Self {
                url: format!("sqlite://{}", dir.join("portal.db").display()),
                pg_name: None,
            },
            Backend::Postgres => {
                let name = format!("dsr_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = pg_admin();
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create test database");
                Self {
                    url: format!("postgres://postgres@127.0.0.1:5432/{name}?gssencmode=disable"),
                    pg_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name
            && let Ok(mut admin) = PgConnection::establish(PG_ADMIN_URL)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

pub fn pg_admin() -> PgConnection {
    PgConnection::establish(PG_ADMIN_URL).unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {PG_ADMIN_URL} ({e}). Start it with: \
             pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
    })
}

/// A portal configuration for tests: its own folder, database and SMTP server.
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub db: TestDb,
    pub smtp_port: u16,
    pub extra: String,
    pub rate_per_ip: u32,
    pub rate_per_address: u32,
    pub max_attempts: i32,
    /// The data map; by default the demo map over a demo store of this test's own.
    pub datamap: PathBuf,
    /// Archive storage: the `[export]` keys after `dir` (e.g. `storage = "s3"`, `s3 = {…}`).
    pub export: String,
    /// Environment for the portal (S3 credentials): given to CLI runs and to the
    /// in-process portal's archive storage.
    pub env: Vec<(String, String)>,
    /// `server.public_url`; by default `http://127.0.0.1:<port>`.
    pub public_url: Option<String>,
    /// `security.admin_allow_ips`, e.g. `["10.0.0.0/8"]`.
    pub admin_allow_ips: Vec<String>,
    /// More `[security]` lines (e.g. `trust_forwarded_for = true`).
    pub security: String,
}

impl Setup {
    pub fn new(backend: Backend, smtp_port: u16) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = TestDb::new(backend, dir.path());
        let store =
            dsr_portal::demo::create(&dir.path().join("demo-company.db")).expect("demo store");
        let datamap = dir.path().join("demo-datamap.toml");
        let text = dsr_portal::datamap::DEMO.replace(
            "sqlite://var/demo-company.db",
            &format!("sqlite://{}", store.display()),
        );
        // Without the demo's retention rule: the worker would run it in the background
        // (erasing linus@example.com) under tests that count audit entries.
        let text = text
            .split("[[retention]]")
            .next()
            .unwrap_or_default()
            .to_owned();
        std::fs::write(&datamap, text).expect("write demo map");
        Self {
            datamap,
            dir,
            db,
            smtp_port,
            extra: String::new(),
            rate_per_ip: 1000,
            rate_per_address: 1000,
            max_attempts: 10,
            export: String::new(),
            env: Vec::new(),
            public_url: None,
            admin_allow_ips: Vec::new(),
            security: String::new(),
        }
    }

    /// Writes the configuration file (also used by CLI runs) and returns its path.
    pub fn write_config(&self, port: u16) -> PathBuf {
        let d = self.dir.path();
        let toml = format!(
            r#"
[server]
bind = "127.0.0.1:{port}"
public_url = "{public_url}"
workers = 2

[database]
url = "{db}"
pool_size = 8

[mail]
transport = "smtp"
smtp_url = "smtp://127.0.0.1:{smtp}"
smtp_timeout_seconds = 5
outbox_dir = "{out}"

[datamap]
path = "{datamap}"

[export]
dir = "{exports}"
{export}

[security]
secret_key_env = "DSR_TEST_UNSET_SECRET"
rate_per_ip_per_minute = {per_ip}
rate_per_address_per_hour = {per_address}
admin_allow_ips = {allow:?}
{security}

[jobs]
concurrency = 2
lease_seconds = 2
max_attempts = {max_attempts}
backoff_base_ms = 200
backoff_max_seconds = 1
poll_interval_ms = 50
sweep_interval_seconds = 1
{extra}
"#,
            db = self.db.url,
            public_url = self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://127.0.0.1:{port}")),
            allow = self.admin_allow_ips,
            security = self.security,
            smtp = self.smtp_port,
            out = d.join("var/outbox").display(),
            extra = self.extra,
            per_ip = self.rate_per_ip,
            per_address = self.rate_per_address,
            max_attempts = self.max_attempts,
            datamap = self.datamap.display(),
            exports = d.join("exports").display(),
            export = self.export,
        );
        let path = d.join("dsr-portal.toml");
        std::fs::write(&path, toml).expect("write config");
        path
    }

    pub fn config(&self, port: u16) -> Config {
        Config::load(Some(&self.write_config(port))).expect("test config")
    }
}

/// A running portal.
pub struct TestApp {
    pub base: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub portal: Portal,
    pub smtp: Smtp,
    pub config_path: PathBuf,
    pub setup: Setup,
}

/// A finished test's workers stop (after the job in hand) instead of polling on until the
/// process exits: a thread still inside a database client while the process tears down its
/// libraries can crash the test binary after every test passed.
impl Drop for TestApp {
    fn drop(&mut self) {
        self.portal.wake.stop();
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, "").await
    }

    /// Spawns with extra configuration TOML appended (sections must not repeat ours).
    pub async fn spawn_with(backend: Backend, extra: &str) -> Self {
        let smtp = Smtp::start();
        let mut setup = Setup::new(backend, smtp.port);
        setup.extra = extra.to_owned();
        Self::spawn_setup(setup, smtp, true).await
    }

    pub async fn spawn_setup(setup: Setup, smtp: Smtp, with_worker: bool) -> Self {
        let port = free_port();
        let config_path = setup.write_config(port);
        let config = Config::load(Some(&config_path)).expect("test config");
        let mut portal = Portal::open(config).expect("open portal");
        if !setup.env.is_empty() {
            let storage = dsr_portal::storage::Storage::from_config_with_env(
                &portal.config.export,
                setup.env.clone(),
            )
            .expect("archive storage");
            portal = portal.with_export_storage(storage);
        }
        let app = Application::build(portal.clone(), with_worker).expect("build app");
        assert_eq!(app.port(), port);
        actix_web::rt::spawn(app.run_until_stopped());
        Self {
            base: format!("http://127.0.0.1:{port}"),
            port,
            client: client(),
            portal,
            smtp,
            config_path,
            setup,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// Loads a page and returns the CSRF token of its form.
    pub async fn csrf_from(&self, path: &str) -> String {
        let body = self.get(path).await.text().await.expect("body");
        csrf_in(&body).unwrap_or_else(|| panic!("no csrf field on {path}: {body}"))
    }

    /// Fills in the request form like a person.
    pub async fn submit(&self, email: &str, kind: &str) -> reqwest::Response {
        let csrf = self.csrf_from("/").await;
        self.post_form(
            "/requests",
            &[("email", email), ("kind", kind), ("csrf", &csrf)],
        )
        .await
    }

    /// Fills in the form for `kind` with that kind's fields (`change.<field>`, `ground`,
    /// `scope`, `note`), as a person who opened `/?kind=<kind>`.
    pub async fn submit_with(
        &self,
        email: &str,
        kind: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let csrf = self.csrf_from(&format!("/?kind={kind}")).await;
        let mut form = vec![("email", email), ("kind", kind), ("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_form("/requests", &form).await
    }

    /// Confirms the first verification link sent to `email`; returns the status path.
    pub async fn confirm(&self, email: &str) -> String {
        let mail = self
            .smtp
            .wait_for_subject(email, "Confirm your privacy request")
            .await;
        let path = link_path(&mail.text, "/verify/").expect("verify link");
        let csrf = self.csrf_from(&path).await;
        let r = self.post_form(&path, &[("csrf", &csrf)]).await;
        assert_eq!(r.status(), 303, "confirm");
        location(&r)
    }

    /// Submits, waits for the verification email and confirms it; returns the status path.
    pub async fn verified_request(&self, email: &str, kind: &str) -> String {
        let before = self.smtp.count_to(email);
        let r = self.submit(email, kind).await;
        assert_eq!(r.status(), 303);
        let mail = self.smtp.wait_for_nth(email, before + 1).await;
        let path = link_path(&mail.text, "/verify/").expect("verify link");
        let csrf = self.csrf_from(&path).await;
        let r = self.post_form(&path, &[("csrf", &csrf)]).await;
        assert_eq!(r.status(), 303, "confirm");
        location(&r)
    }

    /// Runs the CLI against this app's configuration (and environment).
    pub fn cli(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run dsr-portal")
    }

    /// The CLI as a command to spawn, with this app's configuration and environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_dsr-portal"));
        c.arg("--config")
            .arg(&self.config_path)
            .args(args)
            .envs(self.setup.env.iter().map(|(k, v)| (k, v)));
        c
    }

    /// Waits until the job queue is empty (every queued email sent).
    pub async fn settle(&self) {
        let portal = self.portal.clone();
        eventually(
            "the job queue to drain",
            Duration::from_secs(20),
            move || {
                let mut conn = portal.conn().expect("db connection");
                dsr_portal::db::jobs::pending(&mut conn).expect("count jobs") == 0
            },
        )
        .await;
    }

    pub fn conn(&self) -> dsr_portal::db::PooledConn {
        self.portal.conn().expect("db connection")
    }
}

/// A tool from PyPI: `$<env_var>`, else `.venv-ci/bin/<name>` (what `.ci/run` installs), else
/// `<name>` on the PATH; missing, the test fails saying how to install `<package>`.
pub fn python_tool(name: &str, env_var: &str, package: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env_var) {
        return PathBuf::from(p);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!(".venv-ci/bin/{name}"));
    if venv.exists() {
        return venv;
    }
    if Command::new(name)
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return PathBuf::from(name);
    }
    panic!(
        "{name} is not installed. Install it with:\n  \
         python3 -m venv .venv-ci && .venv-ci/bin/pip install '{package}'\n\
         (that is what .ci/run does), or set {env_var}=/path/to/{name}"
    );
}

pub fn cli(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsr-portal"))
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .expect("run dsr-portal")
}

/// The id of the first request in a `requests list` output (the line after the header).
pub fn first_listed_id(list: &str) -> String {
    list.lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no request listed: {list}"))
        .to_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn csrf_in(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(html[i..].split('"').next()?.to_owned())
}

/// The path of the first link containing `marker` (e.g. `/verify/`).
pub fn link_path(text: &str, marker: &str) -> Option<String> {
    let i = text.find(marker)?;
    let token: String = text[i + marker.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Some(format!("{marker}{token}"))
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Polls until `f` is true or the time is up.
pub async fn eventually(what: &str, timeout: Duration, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}
