//! `/api/v1/requests`: create, list, read, cancel. Each handler authorizes (scope), parses,
//! and calls one use case of `service::api`.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, LOCATION};
use actix_web::{HttpRequest, HttpResponse, get, post, web};

use super::auth::Authenticated;
use super::error::{ApiError, ErrorBody};
use super::model::{CreateRequestBody, ListQuery};
use crate::auth::Scope;
use crate::service::api::{self as svc, ApiRequest, IdempotencyKey, RequestPage};
use crate::web::WebState;

type ApiResult = Result<HttpResponse, ApiError>;

const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

fn json(status: StatusCode, body: &impl serde::Serialize) -> ApiResult {
    let body = serde_json::to_string(body).map_err(|_| ApiError::internal())?;
    Ok(HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, "application/json"))
        .body(body))
}

/// The `Idempotency-Key` header: 1-255 visible ASCII characters.
fn idempotency_key(req: &HttpRequest) -> Result<Option<&str>, ApiError> {
    let Some(v) = req.headers().get(IDEMPOTENCY_HEADER) else {
        return Ok(None);
    };
    let bad = || ApiError::bad_request("Idempotency-Key must be 1-255 visible ASCII characters");
    let v = v.to_str().map_err(|_| bad())?;
    if v.is_empty() || v.len() > 255 || !v.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad());
    }
    Ok(Some(v))
}

/// Ids are UUIDs; anything else cannot exist.
fn known_id(id: &str) -> Result<&str, ApiError> {
    uuid::Uuid::parse_str(id)
        .map(|_| id)
        .map_err(|_| ApiError::not_found())
}

/// Create a request.
///
/// The subject confirms by email, unless `identity_verified` is true (scope
/// `requests:verify`). An open request of the same kind for the address is not duplicated:
/// the answer is then `200` with that request (the subject gets a fresh link, as on the
/// portal) and the body's other fields are not applied to it. With an `Idempotency-Key`, a
/// repeat of the call within 24 hours returns the first response
/// (`Idempotent-Replayed: true`); the same key with another body is `409`.
#[utoipa::path(
    tag = "requests",
    operation_id = "create_request",
    request_body(content = CreateRequestBody, content_type = "application/json"),
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body within 24 hours return the first response."),
    ),
    responses(
        (status = 201, description = "Created; the subject was emailed a confirmation link (or, with identity_verified, a status link).", body = ApiRequest,
            headers(("Location" = String, description = "The request's URL")),
            links(
                ("GetRequest" = (operation_id = "get_request", parameters(("id" = "$response.body#/id")), description = "The request created (or found)")),
                ("CancelRequest" = (operation_id = "cancel_request", parameters(("id" = "$response.body#/id")), description = "Cancel it"))
            ),
        ),
        (status = 200, description = "An open request of this kind exists for the address: that one (nothing new was created).", body = ApiRequest,
            headers(("Location" = String, description = "The request's URL")),
            links(
                ("GetRequest" = (operation_id = "get_request", parameters(("id" = "$response.body#/id")), description = "The request created (or found)")),
                ("CancelRequest" = (operation_id = "cancel_request", parameters(("id" = "$response.body#/id")), description = "Cancel it"))
            ),
        ),
        (status = 400, description = "Malformed JSON or Idempotency-Key", body = ErrorBody),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 403, description = "Needs requests:write (and requests:verify for identity_verified)", body = ErrorBody),
        (status = 409, description = "Idempotency-Key reused with another body", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Body is not application/json", body = ErrorBody),
        (status = 422, description = "A value is not acceptable", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = ["requests:write"]))
)]
#[post("/requests")]
pub async fn create(
    state: web::Data<WebState>,
    auth: Authenticated,
    req: HttpRequest,
    body: Result<web::Json<CreateRequestBody>, actix_web::Error>,
) -> ApiResult {
    const ROUTE: &str = "POST /api/v1/requests";
    let caller = auth.require(&state, Scope::Write, ROUTE, None).await?;
    let body = body?.into_inner();
    if body.identity_verified() {
        auth.require(&state, Scope::Verify, ROUTE, None).await?;
    }
    let key = idempotency_key(&req)?;
    let new = body.validate(time::OffsetDateTime::now_utc())?;
    let idem = key.map(|k| IdempotencyKey::new(k, &body.canonical()));
    let p = state.portal.clone();
    let out = web::block(move || svc::create(&p, &caller, &new, idem.as_ref())).await??;
    let status = StatusCode::from_u16(out.status).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    res.insert_header((CONTENT_TYPE, "application/json"))
        .insert_header((LOCATION, format!("/api/v1/requests/{}", out.request_id)));
    if out.replayed {
        res.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(res.body(out.body))
}

/// List requests, newest first, with filters and cursor pagination.
#[utoipa::path(
    tag = "requests",
    operation_id = "list_requests",
    params(ListQuery),
    responses(
        (status = 200, description = "One page; follow next_cursor for the next", body = RequestPage),
        (status = 400, description = "A filter, the cursor or the limit is invalid", body = ErrorBody),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 403, description = "Needs requests:read", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = ["requests:read"]))
)]
#[get("/requests")]
pub async fn list(
    state: web::Data<WebState>,
    auth: Authenticated,
    query: Result<web::Query<ListQuery>, actix_web::Error>,
) -> ApiResult {
    let caller = auth
        .require(&state, Scope::Read, "GET /api/v1/requests", None)
        .await?;
    let filter = query?.validate()?;
    let p = state.portal.clone();
    let page = web::block(move || svc::list(&p, &caller, &filter)).await??;
    json(StatusCode::OK, &page)
}

/// One request with its timeline (from the audit log).
#[utoipa::path(
    tag = "requests",
    operation_id = "get_request",
    params(("id" = String, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The request and its timeline", body = ApiRequest),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 403, description = "Needs requests:read", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = ["requests:read"]))
)]
#[get("/requests/{id}")]
pub async fn read(
    state: web::Data<WebState>,
    auth: Authenticated,
    id: web::Path<String>,
) -> ApiResult {
    let caller = auth
        .require(&state, Scope::Read, "GET /api/v1/requests/{id}", Some(&id))
        .await?;
    let id = known_id(&id)?.to_owned();
    let p = state.portal.clone();
    let r = web::block(move || svc::get(&p, &caller, &id)).await??;
    json(StatusCode::OK, &r)
}

/// Cancel a request (while it is unverified, verified, awaiting approval or scheduled).
#[utoipa::path(
    tag = "requests",
    operation_id = "cancel_request",
    params(("id" = String, Path, description = "The request's id")),
    responses(
        (status = 200, description = "Cancelled", body = ApiRequest),
        (status = 401, description = "Missing or invalid token", body = ErrorBody),
        (status = 403, description = "Needs requests:write", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "The request can't be cancelled in its state", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = ["requests:write"]))
)]
#[post("/requests/{id}/cancel")]
pub async fn cancel(
    state: web::Data<WebState>,
    auth: Authenticated,
    id: web::Path<String>,
) -> ApiResult {
    let caller = auth
        .require(
            &state,
            Scope::Write,
            "POST /api/v1/requests/{id}/cancel",
            Some(&id),
        )
        .await?;
    let id = known_id(&id)?.to_owned();
    let p = state.portal.clone();
    let r = web::block(move || svc::cancel(&p, &caller, &id)).await??;
    json(StatusCode::OK, &r)
}
