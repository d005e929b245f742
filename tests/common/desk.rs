//! The DPO desk from a test: accounts made with the real CLI (password on stdin), login like a
//! browser (password, then a TOTP code computed from the enrolled secret), forms with their
//! CSRF tokens, and the audit log.

use std::io::Write;
use std::process::{Command, Stdio};

use diesel::RunQueryDsl;
use diesel::sql_types::Text;

use super::{TestApp, client, csrf_in, location};

pub const PASSWORD: &str = "correct horse battery staple";

/// `dsr-portal admin add`, password on stdin; returns the process output.
pub fn admin_add(app: &TestApp, email: &str, role: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsr-portal"))
        .arg("--config")
        .arg(&app.config_path)
        .args(["admin", "add", "--email", email, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dsr-portal admin add");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{password}\n").as_bytes())
        .expect("write password");
    child.wait_with_output().expect("admin add output")
}

/// Adds an account and returns its TOTP secret (from the printed otpauth:// URI).
pub fn add(app: &TestApp, email: &str, role: &str) -> String {
    let out = admin_add(app, email, role, PASSWORD);
    let text = super::stdout(&out);
    assert!(out.status.success(), "admin add: {}", super::stderr(&out));
    secret_of(&text)
}

pub fn secret_of(cli_output: &str) -> String {
    let uri = cli_output
        .lines()
        .find(|l| l.starts_with("otpauth://totp/"))
        .unwrap_or_else(|| panic!("no otpauth URI in {cli_output}"));
    uri.split(['?', '&'])
        .find_map(|p| p.strip_prefix("secret="))
        .expect("secret in URI")
        .to_owned()
}

pub fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code an authenticator app shows now.
pub fn code(secret: &str) -> String {
    dsr_portal::admin::totp::code_at(secret, now_unix()).unwrap()
}

/// The code an authenticator app shows at the portal's now (its clock may have been moved).
pub fn code_at_portal(app: &TestApp, secret: &str) -> String {
    let t = app.portal.now().assume_utc().unix_timestamp();
    dsr_portal::admin::totp::code_at(secret, u64::try_from(t).unwrap()).unwrap()
}

/// A browser of its own (cookie jar, no redirects followed).
pub struct Desk<'a> {
    pub app: &'a TestApp,
    pub client: reqwest::Client,
}

impl<'a> Desk<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            client: client(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.app.url(path)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.app.url(path))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// A page's body.
    pub async fn text(&self, path: &str) -> String {
        self.get(path).await.text().await.unwrap()
    }

    pub async fn csrf(&self, path: &str) -> String {
        let body = self.text(path).await;
        csrf_in(&body).unwrap_or_else(|| panic!("no csrf on {path}: {body}"))
    }

    /// Step one; returns the response.
    pub async fn password(&self, email: &str, password: &str) -> reqwest::Response {
        let csrf = self.csrf("/admin/login").await;
        self.post(
            "/admin/login",
            &[("email", email), ("password", password), ("csrf", &csrf)],
        )
        .await
    }

    /// Step two; returns the response.
    pub async fn totp(&self, code: &str) -> reqwest::Response {
        let csrf = self.csrf("/admin/login/totp").await;
        self.post("/admin/login/totp", &[("code", code), ("csrf", &csrf)])
            .await
    }

    /// Logs in with the password and the current code; asserts it worked.
    pub async fn login(&self, email: &str, secret: &str) {
        let r = self.password(email, PASSWORD).await;
        assert_eq!(r.status(), 303, "password step");
        assert_eq!(location(&r), "/admin/login/totp");
        let r = self.totp(&code_at_portal(self.app, secret)).await;
        assert_eq!(r.status(), 303, "totp step: {}", r.text().await.unwrap());
        assert_eq!(location(&r), "/admin");
    }

    /// Posts one request-page action with the page's CSRF token.
    pub async fn act(&self, id: &str, action: &str, extra: &[(&str, &str)]) -> reqwest::Response {
        let page = format!("/admin/requests/{id}");
        let csrf = self.csrf(&page).await;
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(extra);
        self.post(&format!("{page}/{action}"), &form).await
    }
}

#[derive(diesel::QueryableByName, Debug, Clone)]
pub struct AuditLine {
    #[diesel(sql_type = Text)]
    pub actor: String,
    #[diesel(sql_type = Text)]
    pub event: String,
    #[diesel(sql_type = Text)]
    pub detail: String,
}

/// Every audit entry with this event, oldest first.
pub fn audited(app: &TestApp, event: &str) -> Vec<AuditLine> {
    diesel::sql_query("SELECT actor, event, detail FROM audit_log WHERE event = $1 ORDER BY id")
        .bind::<Text, _>(event)
        .load(&mut *app.conn())
        .unwrap()
}

/// Runs a statement on the portal database (to move time: sessions, pauses, due dates).
pub fn exec(app: &TestApp, sql: &str) {
    diesel::sql_query(sql).execute(&mut *app.conn()).unwrap();
}

/// The id of the newest request of this address.
pub fn request_id(app: &TestApp, email: &str) -> String {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = Text)]
        id: String,
    }
    let rows: Vec<Id> =
        diesel::sql_query("SELECT id FROM requests WHERE email = $1 ORDER BY id DESC")
            .bind::<Text, _>(email)
            .load(&mut *app.conn())
            .unwrap();
    rows.into_iter().next().expect("a request").id
}

/// The session cookie's value in a response, if it sets one.
pub fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("dsr_admin="))
        .map(str::to_owned)
}
