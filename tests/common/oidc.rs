//! A real OpenID Connect provider for a test: the npm package `oidc-provider`, run by node
//! from `tests/oidc/provider.mjs` on a port of its own, with one client (the portal) and the
//! accounts the test gives. `.ci/run` installs the package (`cd tests/oidc && npm ci`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Once;

use super::{TestApp, free_port, location};

pub const CLIENT_ID: &str = "dsr-portal-desk";
pub const SECRET: &str = "test-client-secret-9f3b2c1d0e8a7b6c5d4e3f2a1b0c9d8e";
pub const SECRET_ENV: &str = "DSR_TEST_OIDC_SECRET";
pub const CALLBACK: &str = "/admin/login/sso/callback";

/// Sets the client secret's variable, once per test binary, before any portal reads it.
pub fn env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: every test that configures single sign-on calls env() before the portal
        // (or a CLI run) reads the environment, and Once makes the others wait until it is set.
        unsafe { std::env::set_var(SECRET_ENV, SECRET) }
    });
}

/// A provider's port, chosen before the portal starts (its configuration names the issuer).
pub struct Reserved {
    pub port: u16,
}

impl Reserved {
    pub fn new() -> Self {
        env();
        Self { port: free_port() }
    }

    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The `[admin.oidc]` section for this provider (and any `[admin]` keys before it).
    pub fn config(&self, allowed_domains: &[&str], admin: &str) -> String {
        format!(
            "\n[admin]\n{admin}\n\n[admin.oidc]\nissuer = \"{}\"\nclient_id = \"{CLIENT_ID}\"\n\
             client_secret_env = \"{SECRET_ENV}\"\nallowed_domains = {allowed_domains:?}\n\
             name = \"Example SSO\"\n",
            self.issuer()
        )
    }

    /// Starts the provider for the portal of `app`, with these accounts (id → claims; the id
    /// is what `login_hint` names).
    pub fn start(self, app: &TestApp, accounts: serde_json::Value) -> Provider {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the test OpenID provider is not installed: run `cd tests/oidc && npm ci` \
             (node and npm are needed; .ci/run does it)"
        );
        let client = serde_json::json!({
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
            "redirect_uris": [app.url(CALLBACK)],
        });
        let default = accounts
            .as_object()
            .and_then(|m| m.keys().next().cloned())
            .unwrap_or_default();
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(&dir)
            .env("PORT", self.port.to_string())
            .env("CLIENT", client.to_string())
            .env("ACCOUNTS", accounts.to_string())
            .env("DEFAULT_ACCOUNT", default)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start node (install Node.js: apt-get install nodejs npm)");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("provider output");
        if !line.starts_with("ready ") {
            let _ = child.kill();
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err);
            panic!("the test OpenID provider did not start: {line:?} {err}");
        }
        // Keep reading what it writes (a closed pipe would stop it); its warnings go to the
        // test's output.
        let err = BufReader::new(child.stderr.take().expect("stderr"));
        for lines in [Box::new(out) as Box<dyn BufRead + Send>, Box::new(err)] {
            std::thread::spawn(move || {
                for l in lines.lines().map_while(Result::ok) {
                    eprintln!("oidc-provider: {l}");
                }
            });
        }
        Provider {
            child,
            issuer: self.issuer(),
        }
    }
}

/// A running provider; stopped when dropped.
pub struct Provider {
    child: Child,
    pub issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Claims for an account.
pub fn person(email: &str, role: Option<&str>) -> serde_json::Value {
    let mut c = serde_json::json!({"email": email, "email_verified": true});
    if let Some(r) = role {
        c["dsr_role"] = r.into();
    }
    c
}

impl Provider {
    /// Replaces an account's claims at the provider (a group removed, an address changed).
    pub async fn set_account(&self, id: &str, claims: serde_json::Value) {
        let r = reqwest::Client::new()
            .post(format!("{}/__test/account/{id}", self.issuer))
            .body(claims.to_string())
            .send()
            .await
            .expect("set account");
        assert!(r.status().is_success());
    }

    /// From now on the token endpoint returns bad ID tokens: `forged`, `unsigned`,
    /// `wrong_aud`, `expired`, `nonce`, `hs256`, or `none` for honest ones again.
    pub async fn tamper(&self, mode: &str) {
        let r = reqwest::get(format!("{}/__test/tamper/{mode}", self.issuer))
            .await
            .expect("tamper");
        assert!(r.status().is_success());
    }
}

/// Begins a sign-in on the portal as `hint` and follows the provider's redirects until it
/// sends the browser back; returns the callback URL (not yet visited).
pub async fn to_callback(
    app: &TestApp,
    idp: &Provider,
    browser: &reqwest::Client,
    hint: &str,
) -> String {
    let r = browser
        .get(app.url(&format!("/admin/login/sso?login_hint={hint}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "sign-in begins with a redirect");
    let mut next = location(&r);
    assert!(next.starts_with(&idp.issuer), "to the provider: {next}");
    for _ in 0..10 {
        if next.starts_with(&app.base) {
            return next;
        }
        let url = if next.starts_with('/') {
            format!("{}{next}", idp.issuer)
        } else {
            next.clone()
        };
        let r = browser.get(&url).send().await.unwrap();
        assert!(r.status().is_redirection(), "{url}: {}", r.status());
        next = location(&r);
    }
    panic!("the provider never sent the browser back");
}

/// A whole sign-in as `hint`: the callback's response.
pub async fn sign_in(
    app: &TestApp,
    idp: &Provider,
    browser: &reqwest::Client,
    hint: &str,
) -> reqwest::Response {
    let back = to_callback(app, idp, browser, hint).await;
    browser.get(&back).send().await.unwrap()
}
