//! A fake Stripe API in the test process, following Stripe's documented responses: list
//! objects (`{"object":"list","data","has_more","url"}`) with cursor pagination (`limit`
//! 1..=100, `starting_after`), the customer list's exact `email` filter, form-encoded
//! updates where an empty value unsets a field, error objects
//! (`{"error":{"type","code","message"}}`), 401 for a wrong key, 404 `resource_missing`,
//! 429 with `Retry-After` on demand. Every request is recorded (method, raw path and query,
//! body) so tests can assert what was — and was not — sent.

use std::sync::{Arc, Mutex, MutexGuard};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// As sent, percent-encoded.
    pub path: String,
    pub query: String,
    pub body: String,
}

impl Seen {
    /// The decoded query parameters.
    pub fn params(&self) -> Vec<(String, String)> {
        parse_form(&self.query)
    }
}

#[derive(Default)]
pub struct State {
    pub key: String,
    pub customers: Vec<Value>,
    pub invoices: Vec<Value>,
    pub charges: Vec<Value>,
    pub subscriptions: Vec<Value>,
    /// Redaction jobs (`/v1/privacy/redaction_jobs`, public preview): created `validating`,
    /// `ready` when next retrieved, `succeeded` once run (their invoices then redacted).
    pub redaction_jobs: Vec<Value>,
    pub requests: Vec<Seen>,
    /// Answer this many next requests with 429 and `Retry-After: 1`.
    pub rate_limited: u32,
    /// Send `Retry-After` with the 429s.
    pub retry_after: Option<u32>,
    seq: u64,
}

pub struct FakeStripe {
    pub base: String,
    pub state: Arc<Mutex<State>>,
    handle: ServerHandle,
}

fn parse_form(s: &str) -> Vec<(String, String)> {
    web::Query::<Vec<(String, String)>>::from_query(s)
        .map(|q| q.into_inner())
        .unwrap_or_default()
}

/// Decodes one percent-encoded path segment.
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn error(
    status: u16,
    kind: &str,
    code: Option<&str>,
    message: &str,
    param: Option<&str>,
) -> HttpResponse {
    let mut e = Map::new();
    if let Some(code) = code {
        e.insert("code".into(), json!(code));
        e.insert(
            "doc_url".into(),
            json!(format!(
                "https://stripe.com/docs/error-codes/{}",
                code.replace('_', "-")
            )),
        );
    }
    e.insert("message".into(), json!(message));
    if let Some(p) = param {
        e.insert("param".into(), json!(p));
    }
    e.insert("type".into(), json!(kind));
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("status"))
        .insert_header(("Request-Id", "req_fake"))
        .json(json!({ "error": e }))
}

fn missing(what: &str, id: &str) -> HttpResponse {
    error(
        404,
        "invalid_request_error",
        Some("resource_missing"),
        &format!("No such {what}: '{id}'"),
        Some("id"),
    )
}

const CUSTOMER_PARAMS: &[&str] = &[
    "address",
    "description",
    "email",
    "invoice_prefix",
    "invoice_settings",
    "metadata",
    "name",
    "phone",
    "preferred_locales",
    "shipping",
    "tax_exempt",
];

/// A list page of `items` after the `starting_after` cursor.
fn page(items: Vec<&Value>, params: &[(String, String)], url: &str) -> HttpResponse {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let limit = match get("limit").map(str::parse::<usize>) {
        None => 10,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        _ => {
            return error(
                400,
                "invalid_request_error",
                Some("parameter_invalid_integer"),
                "Invalid integer: limit must be between 1 and 100",
                Some("limit"),
            );
        }
    };
    let start = match get("starting_after") {
        None => 0,
        Some(after) => match items.iter().position(|o| o["id"] == after) {
            Some(i) => i + 1,
            None => return missing("object", after),
        },
    };
    let rest = &items[start.min(items.len())..];
    let data: Vec<Value> = rest.iter().take(limit).map(|v| (*v).clone()).collect();
    HttpResponse::Ok().json(json!({
        "object": "list",
        "data": data,
        "has_more": rest.len() > limit,
        "url": url,
    }))
}

fn update_customer(c: &mut Value, form: &[(String, String)]) -> Result<(), HttpResponse> {
    for (k, v) in form {
        let (top, sub) = match k.split_once('[') {
            Some((top, rest)) => (top, Some(rest.trim_end_matches(']'))),
            None => (k.as_str(), None),
        };
        if !CUSTOMER_PARAMS.contains(&top) {
            return Err(error(
                400,
                "invalid_request_error",
                Some("parameter_unknown"),
                &format!("Received unknown parameter: {k}"),
                Some(k),
            ));
        }
        match (top, sub) {
            ("metadata", None) if v.is_empty() => c["metadata"] = json!({}),
            (_, None) if v.is_empty() => c[top] = Value::Null,
            (_, None) => c[top] = json!(v),
            (_, Some(sub)) => {
                if !c[top].is_object() {
                    c[top] = json!({});
                }
                c[top][sub] = if v.is_empty() { Value::Null } else { json!(v) };
                if top == "metadata" && v.is_empty() {
                    c[top].as_object_mut().map(|m| m.remove(sub));
                }
            }
        }
    }
    Ok(())
}

async fn handle(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<Mutex<State>>,
) -> HttpResponse {
    let mut s = state.lock().expect("state");
    let method = req.method().as_str().to_owned();
    let raw_path = req.uri().path().to_owned();
    let query = req.query_string().to_owned();
    let body = String::from_utf8_lossy(&body).into_owned();
    s.requests.push(Seen {
        method: method.clone(),
        path: raw_path.clone(),
        query: query.clone(),
        body: body.clone(),
    });
    if s.rate_limited > 0 {
        s.rate_limited -= 1;
        let mut r = error(
            429,
            "invalid_request_error",
            Some("rate_limit"),
            "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
            None,
        );
        if let Some(after) = s.retry_after {
            r.headers_mut().insert(
                actix_web::http::header::RETRY_AFTER,
                actix_web::http::header::HeaderValue::from(after),
            );
        }
        return r;
    }
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(key) = auth.strip_prefix("Bearer ") else {
        return error(
            401,
            "invalid_request_error",
            None,
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
            None,
        );
    };
    if key != s.key {
        let tail: String = key
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return error(
            401,
            "invalid_request_error",
            None,
            &format!("Invalid API Key provided: sk_test_****{tail}"),
            None,
        );
    }
    let params = parse_form(&query);
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let segments: Vec<String> = raw_path.split('/').skip(1).map(decode).collect();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let unrecognized = || {
        error(
            404,
            "invalid_request_error",
            None,
            &format!(
                "Unrecognized request URL ({method}: {raw_path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
            ),
            None,
        )
    };
    let s = &mut *s;
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["v1", "customers"]) => {
            let email = get("email");
            let items: Vec<&Value> = s
                .customers
                .iter()
                .filter(|c| c.get("deleted").is_none())
                .filter(|c| email.as_deref().is_none_or(|e| c["email"] == e))
                .collect();
            page(items, &params, "/v1/customers")
        }
        ("GET", ["v1", "customers", id]) => match s.customers.iter().find(|c| c["id"] == *id) {
            Some(c) => HttpResponse::Ok().json(c),
            None => missing("customer", id),
        },
        ("POST", ["v1", "customers", id]) => {
            let form = parse_form(&body);
            match s
                .customers
                .iter_mut()
                .find(|c| c["id"] == *id && c.get("deleted").is_none())
            {
                Some(c) => match update_customer(c, &form) {
                    Ok(()) => HttpResponse::Ok().json(&*c),
                    Err(r) => r,
                },
                None => missing("customer", id),
            }
        }
        ("DELETE", ["v1", "customers", id]) => {
            match s.customers.iter_mut().find(|c| c["id"] == *id) {
                Some(c) => {
                    *c = json!({ "id": id, "object": "customer", "deleted": true });
                    HttpResponse::Ok().json(&*c)
                }
                None => missing("customer", id),
            }
        }
        ("POST", ["v1", "privacy", "redaction_jobs"]) => {
            let form = parse_form(&body);
            let invoices: Vec<String> = form
                .iter()
                .filter(|(k, _)| k == "objects[invoices][]")
                .map(|(_, v)| v.clone())
                .collect();
            if invoices.is_empty() {
                return error(
                    400,
                    "invalid_request_error",
                    Some("parameter_missing"),
                    "Missing required param: objects.",
                    Some("objects"),
                );
            }
            if let Some(bad) = invoices
                .iter()
                .find(|id| !s.invoices.iter().any(|i| i["id"] == id.as_str()))
            {
                return missing("invoice", bad);
            }
            s.seq += 1;
            let job = json!({
                "id": format!("prj_{}", s.seq),
                "object": "privacy.redaction_job",
                "created": 1_767_225_600,
                "livemode": false,
                "objects": {"invoices": invoices},
                "status": "validating",
                "validation_behavior": form.iter().find(|(k, _)| k == "validation_behavior").map_or("error", |(_, v)| v.as_str()),
            });
            s.redaction_jobs.push(job.clone());
            HttpResponse::Ok().json(job)
        }
        ("GET", ["v1", "privacy", "redaction_jobs", id]) => {
            match s.redaction_jobs.iter_mut().find(|j| j["id"] == *id) {
                Some(j) => {
                    if j["status"] == "validating" {
                        j["status"] = json!("ready");
                    }
                    HttpResponse::Ok().json(j.clone())
                }
                None => missing("privacy.redaction_job", id),
            }
        }
        ("POST", ["v1", "privacy", "redaction_jobs", id, "run"]) => {
            let Some(j) = s.redaction_jobs.iter_mut().find(|j| j["id"] == *id) else {
                return missing("privacy.redaction_job", id);
            };
            if j["status"] != "ready" {
                return error(
                    400,
                    "invalid_request_error",
                    None,
                    &format!(
                        "You can only run a redaction job in ready status; it is {}.",
                        j["status"]
                    ),
                    None,
                );
            }
            j["status"] = json!("succeeded");
            let job = j.clone();
            for id in job["objects"]["invoices"].as_array().into_iter().flatten() {
                if let Some(inv) = s.invoices.iter_mut().find(|i| &i["id"] == id) {
                    inv["customer_email"] = json!("[redacted]");
                    inv["customer_name"] = json!("[redacted]");
                    inv["redacted"] = json!(true);
                }
            }
            HttpResponse::Ok().json(job)
        }
        ("GET", ["v1", "invoices", id]) => match s.invoices.iter().find(|i| i["id"] == *id) {
            Some(i) => HttpResponse::Ok().json(i),
            None => missing("invoice", id),
        },
        ("GET", ["v1", list @ ("invoices" | "charges" | "subscriptions")]) => {
            let customer = get("customer");
            let status = get("status");
            if *list == "subscriptions"
                && status.as_deref().is_some_and(|st| {
                    ![
                        "active",
                        "all",
                        "canceled",
                        "ended",
                        "incomplete",
                        "incomplete_expired",
                        "past_due",
                        "paused",
                        "trialing",
                        "unpaid",
                    ]
                    .contains(&st)
                })
            {
                return error(
                    400,
                    "invalid_request_error",
                    None,
                    "Invalid status",
                    Some("status"),
                );
            }
            let all = match *list {
                "invoices" => &s.invoices,
                "charges" => &s.charges,
                _ => &s.subscriptions,
            };
            let items: Vec<&Value> = all
                .iter()
                .filter(|o| customer.as_deref().is_none_or(|c| o["customer"] == c))
                .filter(|o| {
                    // Stripe leaves canceled subscriptions out unless a status asks for them.
                    *list != "subscriptions"
                        || match status.as_deref() {
                            None => o["status"] != "canceled",
                            Some("all") => true,
                            Some(st) => o["status"] == st,
                        }
                })
                .collect();
            page(items, &params, &format!("/v1/{list}"))
        }
        _ => unrecognized(),
    }
}

impl FakeStripe {
    pub fn start(key: &str) -> Self {
        let state = Arc::new(Mutex::new(State {
            key: key.to_owned(),
            retry_after: Some(1),
            ..State::default()
        }));
        let data = web::Data::from(state.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(data.clone())
                        .app_data(web::PayloadConfig::new(1 << 20))
                        .default_service(web::to(handle))
                })
                .workers(1)
                .disable_signals()
                .shutdown_timeout(0)
                .bind(("127.0.0.1", 0))
                .expect("bind fake Stripe");
                let port = server.addrs()[0].port();
                let server = server.run();
                tx.send((port, server.handle())).expect("report port");
                server.await
            })
        });
        let (port, handle) = rx.recv().expect("fake Stripe started");
        Self {
            base: format!("http://127.0.0.1:{port}"),
            state,
            handle,
        }
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("state")
    }

    fn next_id(&self, prefix: &str) -> String {
        let mut s = self.state();
        s.seq += 1;
        format!("{prefix}_{:014}", s.seq)
    }

    /// Adds a customer with every personal field filled; returns its id.
    pub fn add_customer(&self, email: &str) -> String {
        let id = self.next_id("cus");
        self.add_customer_with_id(&id, email);
        id
    }

    /// Adds a customer under a given id (ids from other stores may be anything).
    pub fn add_customer_with_id(&self, id: &str, email: &str) {
        let c = json!({
            "id": id,
            "object": "customer",
            "address": {"city": "Berlin", "country": "DE", "line1": "Hauptstr. 1", "line2": null, "postal_code": "10115", "state": null},
            "balance": 0,
            "created": 1_700_000_000,
            "currency": "eur",
            "default_source": null,
            "delinquent": false,
            "description": format!("Customer {email}"),
            "discount": null,
            "email": email,
            "invoice_prefix": "ABC123",
            "invoice_settings": {"custom_fields": null, "default_payment_method": null, "footer": null, "rendering_options": null},
            "livemode": false,
            "metadata": {"user_id": "42", "plan": "pro"},
            "name": "Jane Doe",
            "next_invoice_sequence": 2,
            "phone": "+49 30 1234567",
            "preferred_locales": ["de"],
            "shipping": {"address": {"city": "Berlin", "country": "DE", "line1": "Hauptstr. 1", "line2": null, "postal_code": "10115", "state": null}, "name": "Jane Doe", "phone": "+49 30 1234567"},
            "tax_exempt": "none",
            "test_clock": null
        });
        self.state().customers.push(c);
    }

    /// Adds `n` invoices for a customer; returns their ids.
    pub fn add_invoices(&self, customer: &str, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                let id = self.next_id("in");
                let created = 1_735_689_600 + i as i64 * 86_400; // 2025-01-01 onwards
                let inv = json!({
                    "id": id,
                    "object": "invoice",
                    "amount_due": 1999,
                    "amount_paid": 1999,
                    "created": created,
                    "currency": "eur",
                    "customer": customer,
                    "customer_address": {"city": "Berlin", "country": "DE", "line1": "Hauptstr. 1"},
                    "customer_email": "kept@on.invoice",
                    "customer_name": "Jane Doe",
                    "lines": {"object": "list", "data": [{"id": "il_1", "amount": 1999, "description": "Pro plan"}], "has_more": false, "url": "/v1/invoices/x/lines"},
                    "number": format!("ABC123-{:04}", i + 1),
                    "status": "paid",
                    "total": 1999,
                    "total_excluding_tax": 1680.67
                });
                self.state().invoices.push(inv);
                id
            })
            .collect()
    }

    pub fn add_charge(&self, customer: &str) -> String {
        let id = self.next_id("ch");
        self.state().charges.push(json!({
            "id": id, "object": "charge", "amount": 1999, "currency": "eur", "customer": customer,
            "billing_details": {"email": "x@example.com", "name": "Jane Doe"}, "paid": true, "created": 1_735_689_600
        }));
        id
    }

    pub fn add_subscription(&self, customer: &str, status: &str) -> String {
        let id = self.next_id("sub");
        self.state().subscriptions.push(json!({
            "id": id, "object": "subscription", "customer": customer, "status": status, "created": 1_735_689_600
        }));
        id
    }

    pub fn customer(&self, id: &str) -> Value {
        self.state()
            .customers
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .expect("customer")
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.state().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        let _ = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(handle.stop(false));
        })
        .join();
    }
}
