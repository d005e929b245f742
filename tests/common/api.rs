//! Support API helpers: configuration with test keys, tokens signed any way a test needs
//! (valid or forged), and JSON calls.

use std::path::PathBuf;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::{Backend, TestApp};

/// The HS256 secret of test configurations.
pub const SECRET: &str = "test-secret-for-the-support-api-0123456789";
pub const ALL_SCOPES: &str = "requests:read requests:write requests:verify";

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jwt")
        .join(name)
}

pub fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

/// `[api]` with the HS256 secret and a generous rate limit.
pub fn hs_config() -> String {
    format!("[api]\njwt_secret = \"{SECRET}\"\nrate_per_minute = 100000\n")
}

/// `[api]` with only public keys: EdDSA `ed1` (a file path) and RS256 `rsa1` (inline PEM).
pub fn public_keys_config() -> String {
    let rsa = String::from_utf8(read_fixture("rsa.pub.pem")).unwrap();
    format!(
        "[api]\nrate_per_minute = 100000\njwt_public_keys = [\n  {{ kid = \"ed1\", alg = \"EdDSA\", pem = \"{}\" }},\n  {{ kid = \"rsa1\", alg = \"RS256\", pem = \"\"\"\n{rsa}\"\"\" }},\n]\n",
        fixture("ed25519.pub.pem").display()
    )
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Claims of a valid token for `sub` with `scope`, valid for an hour.
pub fn claims(sub: &str, scope: &str) -> Value {
    json!({
        "sub": sub,
        "aud": "dsr-portal",
        "iat": now(),
        "exp": now() + 3600,
        "jti": uuid::Uuid::new_v4().to_string(),
        "scope": scope,
    })
}

pub fn sign_hs(claims: &Value, secret: &[u8]) -> String {
    let key = EncodingKey::from_secret(secret).unwrap();
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &key).unwrap()
}

pub fn sign_ed(claims: &Value, private_key: &str, kid: Option<&str>) -> String {
    let key = EncodingKey::from_ed_pem(&read_fixture(private_key)).unwrap();
    let mut h = Header::new(Algorithm::EdDSA);
    h.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&h, claims, &key).unwrap()
}

pub fn sign_rsa(claims: &Value, kid: Option<&str>) -> String {
    let key = EncodingKey::from_rsa_pem(&read_fixture("rsa.key.pem")).unwrap();
    let mut h = Header::new(Algorithm::RS256);
    h.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&h, claims, &key).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A token built by hand: any header, any payload, any signature bytes.
pub fn raw_token(header: &Value, payload: &Value, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes()),
        b64(signature)
    )
}

/// HMAC-SHA256 over `header.payload` with `key`: how an attacker would "sign" HS256 with
/// a public key.
pub fn hs256_with_key(header: &Value, payload: &Value, key: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let msg = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(msg.as_bytes());
    format!("{msg}.{}", b64(&mac.finalize().into_bytes()))
}

/// A valid HS256 token for `sub` with `scope`.
pub fn token(sub: &str, scope: &str) -> String {
    sign_hs(&claims(sub, scope), SECRET.as_bytes())
}

pub async fn spawn(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, &hs_config()).await
}

/// A JSON response: status, headers, body.
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }

    /// The error code of an error body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code: {}", self.text))
            .to_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn reply(r: reqwest::Response) -> Reply {
    Reply {
        status: r.status().as_u16(),
        headers: r.headers().clone(),
        text: r.text().await.unwrap(),
    }
}

impl TestApp {
    pub async fn api_get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut rb = self.client.get(self.url(path));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        reply(rb.send().await.expect("GET")).await
    }

    pub async fn api_post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.api_post_with(path, token, body, &[]).await
    }

    pub async fn api_post_with(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut rb = self
            .client
            .post(self.url(path))
            .header("Content-Type", "application/json")
            .body(body.to_string());
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        reply(rb.send().await.expect("POST")).await
    }

    /// Rows in the tables a refused call must not touch. The worker's daily DPO digest is
    /// left out: its sweep may schedule (and send) it at any moment of a test.
    pub fn changes(&self) -> (i64, i64, i64) {
        use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
        use dsr_portal::db::schema::{jobs, outbox, requests};
        let mut c = self.conn();
        (
            requests::table.count().get_result(&mut *c).unwrap(),
            outbox::table
                .filter(outbox::message.ne("dpo_digest"))
                .count()
                .get_result(&mut *c)
                .unwrap(),
            jobs::table
                .filter(jobs::kind.ne("dpo_digest"))
                .count()
                .get_result(&mut *c)
                .unwrap(),
        )
    }

    /// Audit entries by this actor.
    pub fn audit_by(&self, actor: &str) -> Vec<(String, Option<String>)> {
        use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
        use dsr_portal::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::actor.eq(actor))
            .order(audit_log::id.asc())
            .select((audit_log::event, audit_log::request_id))
            .load(&mut *self.conn())
            .unwrap()
    }
}
