//! The `http` connector: an internal service that exports and erases one subject itself.
//!
//! Both calls POST `{"identifiers": {"email": [...], "user_id": [...]}}` (every identifier
//! known, each a sorted list) as JSON, signed with
//! `X-DSR-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the secret
//! the environment variable `secret_env` names, with an `Idempotency-Key` that stays the
//! same across retries. A 5xx, a 429 or a timeout is retried with backoff (bounded); any
//! other 4xx is not. Redirects are not followed. Answers above 16 MiB are refused.
//!
//! Export: any JSON answer is one record of the object `response` (`null` or an empty body:
//! none). Erase: the answer is `{"erased": .., "retained": ..}`, where `erased` is a count
//! or `{"<object>": count}`, and `retained` a count, a list of
//! `{"object"?, "key", "from"?}` (the rows kept, with the date their hold counts from), or
//! `{"<object>": count | [..]}`.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Map, Value};

use super::http_client::{self, LazyClient, MAX_BODY, Retry};
use super::{ErrorKind, Identifiers, Located, Outcome, RecordSink, RetainedRow, Store, StoreError};
use crate::datamap::rights::{Changes, Flag};
use crate::datamap::{Problem, StoreDef, StoreType};

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-DSR-Signature";

/// The object export records and erase outcomes are reported under.
pub const OBJECT: &str = "response";

const TIMEOUT: Duration = Duration::from_secs(30);

/// How much of an error answer is read for its message.
const ERROR_BODY: u64 = 64 * 1024;

pub struct HttpStore {
    name: String,
    export_url: Option<Url>,
    erase_url: Option<Url>,
    /// Where corrections, restrictions and objections are sent (DESIGN §2a).
    rectify_url: Option<Url>,
    restrict_url: Option<Url>,
    object_url: Option<Url>,
    secret: Vec<u8>,
    /// Values never sent (`ignore`).
    ignore: Vec<String>,
    client: LazyClient,
    retry: Retry,
    max_body: u64,
}

/// `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub fn signature(secret: &[u8], t: u64, body: &[u8]) -> String {
    let hex = crate::domain::mac::hmac_sha256_hex(secret, &[t.to_string().as_bytes(), b".", body]);
    format!("t={t},v1={hex}")
}

/// The request body: every known identifier with its values, less those the store lists
/// in `ignore`.
pub fn request_body(ids: &Identifiers, ignore: &[String]) -> String {
    request_body_with(ids, ignore, Map::new())
}

/// [`request_body`] with more members (`changes`, `ground`, `scope`, `lift`).
pub fn request_body_with(
    ids: &Identifiers,
    ignore: &[String],
    extra: Map<String, Value>,
) -> String {
    let mut identifiers = Map::new();
    for (name, values) in ids.iter() {
        let values: Vec<Value> = values
            .iter()
            .filter(|v| !ignore.contains(v))
            .cloned()
            .map(Value::String)
            .collect();
        if !values.is_empty() {
            identifiers.insert(name.clone(), Value::Array(values));
        }
    }
    let mut body = extra;
    body.insert("identifiers".into(), Value::Object(identifiers));
    Value::Object(body).to_string()
}

fn parse_url(store: &str, key: &str, value: Option<&str>) -> Result<Option<Url>, StoreError> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let url = Url::parse(value).map_err(|e| {
        StoreError::new(
            store,
            ErrorKind::Config(format!("{key} {value:?} is not a URL: {e}")),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(StoreError::new(
            store,
            ErrorKind::Config(format!("{key} {value:?}: expected an http(s) URL")),
        ));
    }
    Ok(Some(url))
}

impl HttpStore {
    pub fn open(def: &StoreDef) -> Result<Self, StoreError> {
        let config = |m: String| StoreError::new(&def.name, ErrorKind::Config(m));
        let export_url = parse_url(&def.name, "export_url", def.export_url.as_deref())?;
        let erase_url = parse_url(&def.name, "erase_url", def.erase_url.as_deref())?;
        if export_url.is_none() && erase_url.is_none() {
            return Err(config("needs `export_url` and/or `erase_url`".into()));
        }
        let secret_env = def
            .secret_env
            .as_deref()
            .filter(|e| !e.is_empty())
            .ok_or_else(|| {
                config("needs `secret_env`: requests carrying identifiers are always signed".into())
            })?;
        let secret = std::env::var(secret_env)
            .ok()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| config(format!("environment variable {secret_env} is not set")))?;
        Ok(Self {
            name: def.name.clone(),
            export_url,
            erase_url,
            rectify_url: parse_url(&def.name, "rectify_url", def.rectify_url.as_deref())?,
            restrict_url: parse_url(&def.name, "restrict_url", def.restrict_url.as_deref())?,
            object_url: parse_url(&def.name, "object_url", def.object_url.as_deref())?,
            secret: secret.into_bytes(),
            ignore: def.ignore.clone(),
            client: LazyClient::new(TIMEOUT),
            retry: Retry::default(),
            max_body: MAX_BODY,
        })
    }

    /// Per-attempt timeout (default 30 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.client = LazyClient::new(timeout);
        self
    }

    /// Retries after 5xx, 429 and timeouts (default: 4 attempts, 0.5 s doubling).
    pub fn with_retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// The largest answer accepted (default 16 MiB).
    pub fn with_max_body(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    fn err(&self, kind: ErrorKind) -> StoreError {
        StoreError::new(&self.name, kind)
    }

    /// POSTs the signed body, retrying as the policy allows; the 2xx answer's body.
    fn post(&self, url: &Url, body: &str) -> Result<Vec<u8>, StoreError> {
        let client = self.client.get(&self.name)?;
        let idempotency_key = uuid::Uuid::new_v4().to_string();
        let mut attempt = 0;
        loop {
            attempt += 1;
            // Signed afresh on each attempt, so a receiver's freshness window holds.
            let t = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let resp = client
                .post(url.clone())
                .header(CONTENT_TYPE, "application/json")
                .header(
                    SIGNATURE_HEADER,
                    signature(&self.secret, t, body.as_bytes()),
                )
                .header("Idempotency-Key", &idempotency_key)
                .body(body.to_owned())
                .send();
            let resp = match resp {
                Ok(r) => r,
                Err(e) => {
                    if e.is_timeout()
                        && !e.is_connect()
                        && let Some(wait) = self.retry.wait(attempt, None)
                    {
                        tracing::info!(store = %self.name, attempt, ?wait, "timed out; retrying");
                        std::thread::sleep(wait);
                        continue;
                    }
                    return Err(http_client::transport(&self.name, &e));
                }
            };
            let status = resp.status();
            if status.is_success() {
                return http_client::read_limited(&self.name, resp, self.max_body);
            }
            if (status.is_server_error() || status.as_u16() == 429)
                && let Some(wait) = self.retry.wait(attempt, Some(resp.headers()))
            {
                drop(resp);
                tracing::info!(store = %self.name, attempt, status = status.as_u16(), ?wait, "retrying");
                std::thread::sleep(wait);
                continue;
            }
            let message = if status.is_redirection() {
                format!(
                    "a redirect to {:?} (not followed: the URL in the map should be the final one)",
                    resp.headers()
                        .get(reqwest::header::LOCATION)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                )
            } else {
                let body =
                    http_client::read_limited(&self.name, resp, ERROR_BODY).unwrap_or_default();
                error_message(&body)
            };
            return Err(self.err(ErrorKind::Remote {
                status: status.as_u16(),
                message,
            }));
        }
    }

    /// The export answer, `None` when it is empty or `null`.
    fn fetch(&self, url: &Url, ids: &Identifiers) -> Result<Option<String>, StoreError> {
        let bytes = self.post(url, &request_body(ids, &self.ignore))?;
        let text = String::from_utf8(bytes).map_err(|_| self.bad_answer("not UTF-8 text"))?;
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        // Checked without building the document: it may be large.
        match serde_json::from_str::<Option<serde::de::IgnoredAny>>(text) {
            Ok(Some(_)) => Ok(Some(text.to_owned())),
            Ok(None) => Ok(None),
            Err(e) => Err(self.bad_answer(&format!("not JSON ({e})"))),
        }
    }

    fn bad_answer(&self, what: &str) -> StoreError {
        self.err(ErrorKind::Query(format!("the service's answer is {what}")))
    }
}

/// A readable message from an error answer: `{"error":{"message"}}`, `{"error":"..."}`,
/// `{"message":"..."}`, or the start of the text.
fn error_message(body: &[u8]) -> String {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        let found = v
            .get("error")
            .and_then(|e| e.get("message").or(Some(e)))
            .or_else(|| v.get("message"))
            .and_then(Value::as_str);
        if let Some(m) = found {
            return m.to_owned();
        }
    }
    match http_client::excerpt(body) {
        t if t.is_empty() => "no message".to_owned(),
        t => t,
    }
}

fn count(v: &Value) -> Option<u64> {
    v.as_u64()
}

fn retained_row(item: &Value) -> RetainedRow {
    let key = item.get("key").unwrap_or(item);
    RetainedRow {
        key: key.to_string(),
        from: item.get("from").and_then(|f| match f {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }),
        via: Vec::new(),
    }
}

/// `{erased, retained}` as outcomes; `None` when the answer has neither or a wrong shape.
pub fn outcomes(answer: &Value) -> Option<Vec<Outcome>> {
    let obj = answer.as_object()?;
    if !obj.contains_key("erased") && !obj.contains_key("retained") {
        return None;
    }
    let outcome = |object: &str, action: &'static str, rows: u64| Outcome {
        object: object.to_owned(),
        action,
        rows,
        retained: Vec::new(),
    };
    let mut out = Vec::new();
    match obj.get("erased") {
        None | Some(Value::Null) => {}
        Some(Value::Object(per)) => {
            for (object, n) in per {
                out.push(outcome(object, "erase", count(n)?));
            }
        }
        Some(n) => out.push(outcome(OBJECT, "erase", count(n)?)),
    }
    // Retained rows grouped by object, in the order objects first appear.
    let mut held: Vec<Outcome> = Vec::new();
    let mut add = |object: &str, rows: Vec<RetainedRow>, n: u64| match held
        .iter_mut()
        .find(|o| o.object == object)
    {
        Some(o) => {
            o.rows += n;
            o.retained.extend(rows);
        }
        None => held.push(Outcome {
            retained: rows,
            ..outcome(object, "retain", n)
        }),
    };
    let list = |items: &Vec<Value>, default: &str| -> BTreeMap<String, Vec<RetainedRow>> {
        let mut by: BTreeMap<String, Vec<RetainedRow>> = BTreeMap::new();
        for item in items {
            let object = item
                .get("object")
                .and_then(Value::as_str)
                .unwrap_or(default);
            by.entry(object.to_owned())
                .or_default()
                .push(retained_row(item));
        }
        by
    };
    match obj.get("retained") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (object, rows) in list(items, OBJECT) {
                let n = rows.len() as u64;
                add(&object, rows, n);
            }
        }
        Some(Value::Object(per)) => {
            for (object, v) in per {
                match v {
                    Value::Array(items) => {
                        for (o, rows) in list(items, object) {
                            let n = rows.len() as u64;
                            add(&o, rows, n);
                        }
                    }
                    n => add(object, Vec::new(), count(n)?),
                }
            }
        }
        Some(n) => add(OBJECT, Vec::new(), count(n)?),
    }
    out.extend(held);
    Some(out)
}

impl HttpStore {
    /// POSTs the identifiers with `extra` to `url` (when the store has one): the service is
    /// told; its answer's body is not read beyond its status.
    fn tell(
        &self,
        url: Option<&Url>,
        ids: &Identifiers,
        extra: Map<String, Value>,
    ) -> Result<Vec<Outcome>, StoreError> {
        let Some(url) = url else {
            return Ok(Vec::new());
        };
        self.post(url, &request_body_with(ids, &self.ignore, extra))?;
        Ok(vec![Outcome {
            object: OBJECT.into(),
            action: "told",
            rows: 0,
            retained: Vec::new(),
        }])
    }
}

impl Store for HttpStore {
    fn rectify(&self, ids: &Identifiers, changes: &Changes) -> Result<Vec<Outcome>, StoreError> {
        let mut extra = Map::new();
        extra.insert("changes".into(), serde_json::json!(changes));
        self.tell(self.rectify_url.as_ref(), ids, extra)
    }

    fn flag(
        &self,
        ids: &Identifiers,
        flag: Flag,
        on: bool,
        context: &Value,
    ) -> Result<Vec<Outcome>, StoreError> {
        let url = match flag {
            Flag::Restrict => self.restrict_url.as_ref(),
            Flag::Object => self.object_url.as_ref(),
        };
        let mut extra = context.as_object().cloned().unwrap_or_default();
        if !on {
            extra.insert("lift".into(), Value::Bool(true));
        }
        self.tell(url, ids, extra)
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> StoreType {
        StoreType::Http
    }

    /// Nothing to call (erasing is not a check): the URLs and the secret were checked when
    /// the store was opened.
    fn check(&self) -> Result<Vec<Problem>, StoreError> {
        Ok(Vec::new())
    }

    /// Calls `export_url` (reading only) and counts its answer as one record or none.
    fn locate(&self, ids: &Identifiers) -> Result<Vec<Located>, StoreError> {
        let Some(url) = &self.export_url else {
            return Ok(Vec::new());
        };
        let rows = u64::from(self.fetch(url, ids)?.is_some());
        Ok(vec![Located {
            object: OBJECT.into(),
            rows,
        }])
    }

    /// A store with no `export_url` has nothing to export.
    fn export(&self, ids: &Identifiers, sink: &mut dyn RecordSink) -> Result<(), StoreError> {
        let Some(url) = &self.export_url else {
            return Ok(());
        };
        let answer = self.fetch(url, ids)?;
        let sink_err = |e: String| self.err(ErrorKind::Sink(e));
        sink.begin(OBJECT).map_err(sink_err)?;
        if let Some(json) = answer {
            sink.record(&json).map_err(sink_err)?;
        }
        sink.end().map_err(sink_err)
    }

    /// A store with no `erase_url` cannot erase: that is an error, never a silent success.
    fn erase(&self, ids: &Identifiers) -> Result<Vec<Outcome>, StoreError> {
        let Some(url) = &self.erase_url else {
            return Err(self.err(ErrorKind::Config(
                "has no `erase_url`: the service cannot be asked to erase".into(),
            )));
        };
        let bytes = self.post(url, &request_body(ids, &self.ignore))?;
        let answer: Value = serde_json::from_slice(&bytes)
            .map_err(|e| self.bad_answer(&format!("not JSON ({e})")))?;
        outcomes(&answer).ok_or_else(|| {
            self.bad_answer(&format!(
                "not {{\"erased\": .., \"retained\": ..}}: {}",
                http_client::excerpt(&bytes)
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn signature_is_hmac_of_t_dot_body() {
        // Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac s3cret
        assert_eq!(
            signature(b"s3cret", 1_700_000_000, b"{}"),
            "t=1700000000,v1=97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf"
        );
    }

    #[test]
    fn body_lists_every_identifier() {
        let mut ids = Identifiers::default();
        ids.insert("email", "a@example.com".into());
        ids.insert("user_id", "7".into());
        ids.insert("user_id", "3".into());
        assert_eq!(
            request_body(&ids, &[]),
            r#"{"identifiers":{"email":["a@example.com"],"user_id":["3","7"]}}"#
        );
    }

    #[test]
    fn erase_answers_become_outcomes() {
        let o = outcomes(&json!({"erased": 3, "retained": 0})).unwrap();
        assert_eq!(o.len(), 2);
        assert_eq!(
            (o[0].object.as_str(), o[0].action, o[0].rows),
            ("response", "erase", 3)
        );
        assert_eq!((o[1].action, o[1].rows), ("retain", 0));

        let o = outcomes(&json!({
            "erased": {"users": 1, "events": 40},
            "retained": [
                {"object": "invoices", "key": {"id": 7}, "from": "2024-01-31"},
                {"object": "invoices", "key": {"id": 8}},
                {"key": "x"}
            ]
        }))
        .unwrap();
        let summary: Vec<(&str, &str, u64)> = o
            .iter()
            .map(|o| (o.object.as_str(), o.action, o.rows))
            .collect();
        assert_eq!(
            summary,
            [
                ("users", "erase", 1),
                ("events", "erase", 40),
                ("invoices", "retain", 2),
                ("response", "retain", 1)
            ]
        );
        assert_eq!(o[2].retained[0].key, r#"{"id":7}"#);
        assert_eq!(o[2].retained[0].from.as_deref(), Some("2024-01-31"));
        assert_eq!(o[2].retained[1].from, None);

        let o =
            outcomes(&json!({"retained": {"invoices": [{"key": {"id": 1}}], "logs": 2}})).unwrap();
        assert_eq!(o.len(), 2);
        assert_eq!((o[1].object.as_str(), o[1].rows), ("logs", 2));

        assert!(outcomes(&json!({"ok": true})).is_none());
        assert!(outcomes(&json!([1])).is_none());
        assert!(outcomes(&json!({"erased": "all"})).is_none());
        assert!(outcomes(&json!({"erased": -1})).is_none());
    }
}
