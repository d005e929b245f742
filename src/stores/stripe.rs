//! The `stripe` connector: Stripe's REST API at `api_base`, authenticated with the secret key
//! the environment variable `api_key_env` names.
//!
//! The subject's customers are found by id (`GET /v1/customers/{id}`) or, when the store is
//! matched by `email`, with the list filter (`GET /v1/customers?email=`, exact and
//! case-sensitive; several customers may share an address). Their invoices, charges and
//! subscriptions are paged through with Stripe's cursor (`limit=100`, `starting_after`,
//! `has_more`), one page in memory at a time. Erasure (`redact_customer`) clears the
//! customer's personal fields with one form-encoded update and keeps every invoice: no
//! DELETE is ever sent.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::http_client::{self, LazyClient, MAX_BODY, Retry};
use super::{ErrorKind, Identifiers, Located, Outcome, RecordSink, RetainedRow, Store, StoreError};
use crate::datamap::{EMAIL, Problem, StoreDef, StoreType};

pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";

/// The identifier a Stripe store matched by email derives: the ids of the customers found.
pub const CUSTOMER_ID: &str = "stripe_customer_id";

/// The customer fields `redact_customer` unsets (Stripe unsets a field given an empty value;
/// `metadata=` drops every key). Invoices keep their own copy of name and address: that is
/// the tax record, retained.
pub const PERSONAL_FIELDS: [&str; 7] = [
    "name",
    "email",
    "phone",
    "description",
    "address",
    "shipping",
    "metadata",
];

/// The customer field a corrected value of a map field goes to (DESIGN §3: name, email,
/// phone, address), if any.
pub fn customer_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "name" | "full_name" => "name",
        "email" => "email",
        "phone" => "phone",
        "address" | "address_line1" | "street" => "address[line1]",
        "address_line2" => "address[line2]",
        "city" => "address[city]",
        "postal_code" | "zip" => "address[postal_code]",
        "state" | "region" => "address[state]",
        "country" => "address[country]",
        _ => return None,
    })
}

/// Whether every personal field of a customer is already empty.
fn is_redacted(customer: &Value) -> bool {
    PERSONAL_FIELDS.iter().all(|f| match customer.get(*f) {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(_) => false,
    })
}

/// Query parameters.
type Params<'a> = &'a [(&'a str, &'a str)];

/// Objects listed per customer: archive object, endpoint, extra filters.
const LISTS: [(&str, &str, Params<'static>); 3] = [
    ("invoices", "/v1/invoices", &[]),
    ("charges", "/v1/charges", &[]),
    // Without `status=all` Stripe leaves canceled subscriptions out.
    ("subscriptions", "/v1/subscriptions", &[("status", "all")]),
];

const PAGE_SIZE: &str = "100";
const TIMEOUT: Duration = Duration::from_secs(30);

pub struct StripeStore {
    name: String,
    /// `api_base` without a trailing `/`.
    base: String,
    key: String,
    key_env: String,
    identifier: String,
    /// Values never looked up (`ignore`).
    ignore: Vec<String>,
    client: LazyClient,
    retry: Retry,
}

/// Percent-encodes a value as one path segment (everything but unreserved characters).
fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn id_of(object: &Value) -> Option<&str> {
    object.get("id").and_then(Value::as_str)
}

fn is_deleted(object: &Value) -> bool {
    object.get("deleted").and_then(Value::as_bool) == Some(true)
}

/// Stripe's answer for an object it does not have (404 `resource_missing`), as opposed to
/// a wrong address.
fn is_missing(status: u16, answer: &Value) -> bool {
    status == 404
        && answer
            .get("error")
            .and_then(|e| e.get("code"))
            .and_then(Value::as_str)
            == Some("resource_missing")
}

/// The invoice id a hold's key (`{"id": "in_…"}`) names.
fn held_invoice(key: &str) -> Option<String> {
    serde_json::from_str::<Value>(key)
        .ok()
        .and_then(|k| k.get("id").and_then(Value::as_str).map(str::to_owned))
}

/// A unix time as an RFC 3339 full date (UTC).
fn unix_date(object: &Value, field: &str) -> Option<String> {
    let secs = object.get(field)?.as_i64()?;
    let t = time::OffsetDateTime::from_unix_timestamp(secs).ok()?;
    Some(t.date().to_string())
}

impl StripeStore {
    pub fn open(def: &StoreDef) -> Result<Self, StoreError> {
        let config = |m: String| StoreError::new(&def.name, ErrorKind::Config(m));
        let base = def
            .api_base
            .as_deref()
            .filter(|b| !b.is_empty())
            .unwrap_or(DEFAULT_API_BASE)
            .trim_end_matches('/')
            .to_owned();
        let url = reqwest::Url::parse(&base)
            .map_err(|e| config(format!("api_base {base:?} is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
            return Err(config(format!(
                "api_base {base:?}: expected http(s)://host[:port][/prefix]"
            )));
        }
        let key_env = def
            .api_key_env
            .clone()
            .filter(|e| !e.is_empty())
            .ok_or_else(|| {
                config(
                    "needs `api_key_env`, the environment variable holding the secret key".into(),
                )
            })?;
        let key = std::env::var(&key_env)
            .ok()
            .filter(|k| !k.is_empty())
            .ok_or_else(|| config(format!("environment variable {key_env} is not set")))?;
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(config(format!(
                "the key in {key_env} has characters no Stripe key has"
            )));
        }
        let identifier = def
            .matches
            .as_ref()
            .map(|m| m.identifier.clone())
            .ok_or_else(|| config("needs `match = { identifier = ... }`".into()))?;
        Ok(Self {
            name: def.name.clone(),
            base,
            key,
            key_env,
            identifier,
            ignore: def.ignore.clone(),
            client: LazyClient::new(TIMEOUT),
            retry: Retry::default(),
        })
    }

    /// Per-request timeout (default 30 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.client = LazyClient::new(timeout);
        self
    }

    /// Retries after 429, 5xx and timeouts (default: 4 attempts, 0.5 s doubling, waits of
    /// at most 30 s).
    pub fn with_retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    fn err(&self, kind: ErrorKind) -> StoreError {
        StoreError::new(&self.name, kind)
    }

    fn unexpected(&self, what: &str) -> StoreError {
        self.err(ErrorKind::Query(format!(
            "unexpected answer from Stripe: {what}"
        )))
    }

    fn customer_url(&self, id: &str) -> String {
        format!("{}/v1/customers/{}", self.base, path_segment(id))
    }

    /// One API call, repeated after a 429, a 5xx or a timeout as the retry policy allows
    /// (`Stripe-Should-Retry` overrides the status); the final status and its JSON body
    /// (a body that is not JSON comes back as a string excerpt).
    fn call(
        &self,
        method: Method,
        url: &str,
        query: &[(&str, &str)],
        form: Option<&[(&str, &str)]>,
    ) -> Result<(u16, Value), StoreError> {
        let client = self.client.get(&self.name)?;
        // The same key on every attempt: Stripe applies a repeated POST once.
        let idempotency_key = uuid::Uuid::new_v4().to_string();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = client
                .request(method.clone(), url)
                .bearer_auth(&self.key)
                .query(query);
            if let Some(form) = form {
                req = req.form(form).header("Idempotency-Key", &idempotency_key);
            }
            let resp = match req.send() {
                Ok(r) => r,
                Err(e) => {
                    if e.is_timeout()
                        && !e.is_connect()
                        && let Some(wait) = self.retry.wait(attempt, None)
                    {
                        std::thread::sleep(wait);
                        continue;
                    }
                    return Err(http_client::transport(&self.name, &e));
                }
            };
            let status = resp.status().as_u16();
            if !resp.status().is_success() {
                let should_retry = resp
                    .headers()
                    .get("stripe-should-retry")
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.eq_ignore_ascii_case("true"));
                if should_retry.unwrap_or(status == 429 || status >= 500)
                    && let Some(wait) = self.retry.wait(attempt, Some(resp.headers()))
                {
                    drop(resp);
                    tracing::info!(store = %self.name, status, ?wait, attempt, "Stripe asked to retry");
                    std::thread::sleep(wait);
                    continue;
                }
            }
            let body = http_client::read_limited(&self.name, resp, MAX_BODY)?;
            let value = match serde_json::from_slice::<Value>(&body) {
                Ok(v) => v,
                Err(_) if !(200..300).contains(&status) => {
                    Value::String(http_client::excerpt(&body))
                }
                Err(e) => return Err(self.unexpected(&format!("not JSON ({e})"))),
            };
            return Ok((status, value));
        }
    }

    /// A Stripe error object (`{"error":{"type","code","message"}}`) as a connector error.
    fn remote_error(&self, status: u16, body: &Value) -> StoreError {
        let error = body.get("error");
        let field = |k: &str| error.and_then(|e| e.get(k)).and_then(Value::as_str);
        let mut message = match (field("message"), body) {
            (Some(m), _) => m.to_owned(),
            (None, Value::String(s)) if !s.is_empty() => s.clone(),
            _ => "no error message".to_owned(),
        };
        let detail: Vec<String> = ["type", "code", "param"]
            .iter()
            .filter_map(|k| field(k).map(|v| format!("{k} {v}")))
            .collect();
        if !detail.is_empty() {
            message = format!("{message} ({})", detail.join(", "));
        }
        match status {
            401 => message = format!("the API key in {} was refused: {message}", self.key_env),
            403 => message = format!("the API key in {} may not do this: {message}", self.key_env),
            _ => {}
        }
        self.err(ErrorKind::Remote { status, message })
    }

    fn get_ok(&self, url: &str, query: &[(&str, &str)]) -> Result<Value, StoreError> {
        let (status, value) = self.call(Method::GET, url, query, None)?;
        if (200..300).contains(&status) {
            Ok(value)
        } else {
            Err(self.remote_error(status, &value))
        }
    }

    /// Pages through a list endpoint, handing each object to `f`; one page in memory.
    fn list(
        &self,
        path: &str,
        filter: &[(&str, &str)],
        mut f: impl FnMut(Value) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let url = format!("{}{path}", self.base);
        let mut after: Option<String> = None;
        loop {
            let mut query = filter.to_vec();
            query.push(("limit", PAGE_SIZE));
            if let Some(a) = &after {
                query.push(("starting_after", a));
            }
            let Value::Object(mut page) = self.get_ok(&url, &query)? else {
                return Err(self.unexpected(&format!("{path} did not answer an object")));
            };
            if page.get("object").and_then(Value::as_str) != Some("list") {
                return Err(self.unexpected(&format!("{path} did not answer a list")));
            }
            let has_more = page.get("has_more").and_then(Value::as_bool) == Some(true);
            let Some(Value::Array(data)) = page.remove("data") else {
                return Err(self.unexpected(&format!("{path}: a list without data")));
            };
            let last = data.last().and_then(id_of).map(str::to_owned);
            for object in data {
                f(object)?;
            }
            match (has_more, last) {
                (false, _) => return Ok(()),
                (true, Some(last)) if after.as_deref() != Some(last.as_str()) => {
                    after = Some(last);
                }
                _ => {
                    return Err(self.unexpected(&format!("{path}: has_more without a next cursor")));
                }
            }
        }
    }

    /// The objects of one customer in a list (`customer=` filter, checked on each object).
    fn list_for(
        &self,
        customer: &str,
        path: &str,
        filter: &[(&str, &str)],
        mut f: impl FnMut(Value) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut query = filter.to_vec();
        query.push(("customer", customer));
        self.list(path, &query, |object| {
            // A filter the API ignored must not hand over another customer's objects.
            let owner = match object.get("customer") {
                Some(Value::String(c)) => Some(c.as_str()),
                Some(expanded) => id_of(expanded),
                None => None,
            };
            if owner.is_some_and(|o| o != customer) {
                return Ok(());
            }
            f(object)
        })
    }

    /// `GET /v1/customers/{id}`: `None` for an unknown (404 `resource_missing`) or deleted one.
    fn retrieve(&self, id: &str) -> Result<Option<Value>, StoreError> {
        // An empty or dot segment would address the list of every customer.
        if id.is_empty() || id == "." || id == ".." {
            return Ok(None);
        }
        let (status, value) = self.call(Method::GET, &self.customer_url(id), &[], None)?;
        if is_missing(status, &value) {
            return Ok(None);
        }
        if !(200..300).contains(&status) {
            return Err(self.remote_error(status, &value));
        }
        if value.get("object").and_then(Value::as_str) != Some("customer")
            || id_of(&value) != Some(id)
        {
            return Err(self.unexpected("the customer retrieved is not the one asked for"));
        }
        Ok((!is_deleted(&value)).then_some(value))
    }

    /// Each of the subject's customers, once, as Stripe returned it.
    fn customers(
        &self,
        ids: &Identifiers,
        mut f: impl FnMut(Value) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut seen = BTreeSet::new();
        self.customers_reached(ids, |_, c| match id_of(&c) {
            Some(id) if seen.insert(id.to_owned()) => f(c),
            _ => Ok(()),
        })
    }

    /// Every customer each value of the store's identifier finds, with that value (a
    /// customer two values find comes twice).
    fn customers_reached(
        &self,
        ids: &Identifiers,
        mut f: impl FnMut(&str, Value) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for value in ids.values(&self.identifier) {
            if self.ignore.iter().any(|i| i == value) {
                continue;
            }
            if self.identifier == EMAIL {
                self.list("/v1/customers", &[("email", value)], |c| {
                    // Checked again so that a filter the API ignored cannot hand over someone
                    // else (addresses compare case-insensitively, DESIGN §3).
                    let email = c.get("email").and_then(Value::as_str);
                    if email.map(str::to_lowercase).as_deref() != Some(value) || is_deleted(&c) {
                        return Ok(());
                    }
                    if id_of(&c).is_some() {
                        f(value, c)
                    } else {
                        Ok(())
                    }
                })?;
            } else if let Some(c) = self.retrieve(value)?
                && id_of(&c).is_some()
            {
                f(value, c)?;
            }
        }
        Ok(())
    }

    fn customer_ids(&self, ids: &Identifiers) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        self.customers(ids, |c| {
            out.extend(id_of(&c).map(str::to_owned));
            Ok(())
        })?;
        Ok(out)
    }

    /// `POST /v1/customers/{id}` with every personal field unset.
    fn redact(&self, id: &str) -> Result<(), StoreError> {
        let form: Vec<(&str, &str)> = PERSONAL_FIELDS.iter().map(|f| (*f, "")).collect();
        self.update(id, &form)
    }

    /// `POST /v1/customers/{id}` with `form`, checked to have updated that customer.
    fn update(&self, id: &str, form: &[(&str, &str)]) -> Result<(), StoreError> {
        let (status, value) = self.call(Method::POST, &self.customer_url(id), &[], Some(form))?;
        if !(200..300).contains(&status) {
            return Err(self.remote_error(status, &value));
        }
        if id_of(&value) != Some(id) {
            return Err(self.unexpected("the update answered another object"));
        }
        Ok(())
    }
}

impl StripeStore {
    /// Redacts one invoice whose hold ended, with a redaction job (Stripe's public preview
    /// API: create, wait until validated, run). Stripe invoices are never deleted.
    fn redact_invoice(&self, id: &str) -> Result<(), StoreError> {
        let url = format!("{}/v1/privacy/redaction_jobs", self.base);
        let form = [
            ("objects[invoices][]", id),
            ("validation_behavior", "error"),
        ];
        let (status, mut job) = self.call(Method::POST, &url, &[], Some(&form))?;
        if !(200..300).contains(&status) {
            return Err(self.remote_error(status, &job));
        }
        let job_id = id_of(&job)
            .ok_or_else(|| self.unexpected("a redaction job without an id"))?
            .to_owned();
        let job_url = format!("{url}/{job_id}");
        for _ in 0..20 {
            match job.get("status").and_then(Value::as_str) {
                Some("ready") => break,
                Some("validating") => {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    job = self.get_ok(&job_url, &[])?;
                }
                other => {
                    return Err(self.unexpected(&format!(
                        "redaction job {job_id} is {}",
                        other.unwrap_or("without a status")
                    )));
                }
            }
        }
        let (status, run) = self.call(Method::POST, &format!("{job_url}/run"), &[], Some(&[]))?;
        if !(200..300).contains(&status) {
            return Err(self.remote_error(status, &run));
        }
        Ok(())
    }
}

impl Store for StripeStore {
    /// Rectification: the customers found get the corrected name, email, phone and address
    /// fields ([`customer_field`]); other fields are not Stripe's.
    fn rectify(
        &self,
        ids: &Identifiers,
        changes: &crate::datamap::rights::Changes,
    ) -> Result<Vec<Outcome>, StoreError> {
        let form: Vec<(&str, &str)> = changes
            .iter()
            .filter_map(|(f, v)| customer_field(f).map(|s| (s, v.as_str())))
            .collect();
        if form.is_empty() {
            return Ok(Vec::new());
        }
        let customers = self.customer_ids(ids)?;
        for c in &customers {
            self.update(c, &form)?;
        }
        Ok(vec![Outcome {
            object: "customer".into(),
            action: "rectify",
            rows: customers.len() as u64,
            retained: Vec::new(),
        }])
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> StoreType {
        StoreType::Stripe
    }

    /// One cheap authenticated call: the key is valid and the API reachable.
    fn check(&self) -> Result<Vec<Problem>, StoreError> {
        self.get_ok(&format!("{}/v1/customers", self.base), &[("limit", "1")])?;
        Ok(Vec::new())
    }

    fn derive(&self, identifier: &str, ids: &Identifiers) -> Result<Identifiers, StoreError> {
        let mut out = Identifiers::default();
        if identifier == self.identifier && self.identifier == EMAIL {
            for id in self.customer_ids(ids)? {
                out.insert(CUSTOMER_ID, id);
            }
        }
        Ok(out)
    }

    fn owners(&self, identifier: &str, value: &str) -> Result<Vec<(String, String)>, StoreError> {
        if identifier != CUSTOMER_ID || self.identifier != EMAIL {
            return Ok(Vec::new());
        }
        Ok(self
            .retrieve(value)?
            .and_then(|c| {
                c.get("email")
                    .and_then(Value::as_str)
                    .map(str::to_lowercase)
            })
            .map(|email| (EMAIL.to_owned(), email))
            .into_iter()
            .collect())
    }

    fn locate(&self, ids: &Identifiers) -> Result<Vec<Located>, StoreError> {
        let customers = self.customer_ids(ids)?;
        let mut out = vec![Located {
            object: "customer".into(),
            rows: customers.len() as u64,
        }];
        for (object, path, filter) in LISTS {
            let mut rows = 0u64;
            for c in &customers {
                self.list_for(c, path, filter, |_| {
                    rows += 1;
                    Ok(())
                })?;
            }
            out.push(Located {
                object: object.into(),
                rows,
            });
        }
        Ok(out)
    }

    fn export(&self, ids: &Identifiers, sink: &mut dyn RecordSink) -> Result<(), StoreError> {
        let sink_err = |e: String| StoreError::new(&self.name, ErrorKind::Sink(e));
        let mut customers = Vec::new();
        sink.begin("customer").map_err(sink_err)?;
        self.customers(ids, |c| {
            customers.extend(id_of(&c).map(str::to_owned));
            sink.record(&c.to_string()).map_err(sink_err)
        })?;
        sink.end().map_err(sink_err)?;
        for (object, path, filter) in LISTS {
            sink.begin(object).map_err(sink_err)?;
            for c in &customers {
                self.list_for(c, path, filter, |o| {
                    sink.record(&o.to_string()).map_err(sink_err)
                })?;
            }
            sink.end().map_err(sink_err)?;
        }
        Ok(())
    }

    /// `redact_customer`: every invoice is listed first (so a retry after a failed update
    /// still finds them by the customer's id), then each customer is redacted.
    fn purge_held(&self, object: &str, key: &str) -> Result<u64, StoreError> {
        match (object, held_invoice(key)) {
            ("invoices", Some(id)) => self.redact_invoice(&id).map(|()| 1),
            _ => Err(self.unexpected(&format!("cannot purge {object} {key}"))),
        }
    }

    /// Held invoices, each retrieved by its id (`GET /v1/invoices/{id}`); one Stripe no
    /// longer has is left out.
    fn export_held(
        &self,
        object: &str,
        keys: &[String],
        sink: &mut dyn RecordSink,
    ) -> Result<(), StoreError> {
        if object != "invoices" {
            return Err(self.unexpected(&format!("holds no {object}")));
        }
        let sink_err = |e: String| StoreError::new(&self.name, ErrorKind::Sink(e));
        sink.begin(object).map_err(sink_err)?;
        for key in keys {
            let id = held_invoice(key)
                .ok_or_else(|| self.unexpected(&format!("not an invoice key: {key}")))?;
            let url = format!("{}/v1/invoices/{}", self.base, path_segment(&id));
            let (status, invoice) = self.call(Method::GET, &url, &[], None)?;
            if is_missing(status, &invoice) {
                continue;
            }
            if !(200..300).contains(&status) {
                return Err(self.remote_error(status, &invoice));
            }
            if id_of(&invoice) != Some(id.as_str()) {
                return Err(self.unexpected("the invoice retrieved is not the one asked for"));
            }
            sink.record(&invoice.to_string()).map_err(sink_err)?;
        }
        sink.end().map_err(sink_err)
    }

    fn erase(&self, ids: &Identifiers) -> Result<Vec<Outcome>, StoreError> {
        // A customer already redacted is left alone, so a second run changes nothing. Each
        // customer's invoices are held with the values that found it (whose they are).
        let mut customers: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut to_redact = Vec::new();
        self.customers_reached(ids, |value, c| {
            if let Some(id) = id_of(&c) {
                let via = customers.entry(id.to_owned()).or_default();
                if via.is_empty() && !is_redacted(&c) {
                    to_redact.push(id.to_owned());
                }
                via.push((self.identifier.clone(), value.to_owned()));
            }
            Ok(())
        })?;
        let mut retained = Vec::new();
        for (c, via) in &customers {
            self.list_for(c, "/v1/invoices", &[], |invoice| {
                if let Some(id) = id_of(&invoice) {
                    retained.push(RetainedRow {
                        key: json!({ "id": id }).to_string(),
                        from: unix_date(&invoice, "created"),
                        via: via.clone(),
                    });
                }
                Ok(())
            })?;
        }
        for c in &to_redact {
            self.redact(c)?;
        }
        Ok(vec![
            Outcome {
                object: "customer".into(),
                action: "redact",
                rows: to_redact.len() as u64,
                retained: Vec::new(),
            },
            Outcome {
                object: "invoices".into(),
                action: "retain",
                rows: retained.len() as u64,
                retained,
            },
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_fully_encoded() {
        assert_eq!(path_segment("cus_AB12"), "cus_AB12");
        assert_eq!(path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment("100% &=+"), "100%25%20%26%3D%2B");
        assert_eq!(path_segment("ü"), "%C3%BC");
    }

    #[test]
    fn created_becomes_a_date() {
        let inv = json!({ "created": 1_740_787_200 });
        assert_eq!(unix_date(&inv, "created").as_deref(), Some("2025-03-01"));
        assert_eq!(unix_date(&json!({}), "created"), None);
    }
}
