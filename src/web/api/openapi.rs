//! The OpenAPI 3.1 document of the API, generated from the handlers that are registered
//! (the same [`super::scope`] builds the routes and the paths), so it can't drift; served at
//! `/api/v1/openapi.json` and snapshot-tested (`tests/snapshots/openapi.json`).

use std::sync::OnceLock;

use actix_web::HttpResponse;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::OpenApiFactory;

use super::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "dsr-portal support API",
        version = "1",
        description = "Support tooling drives the data-subject request workflow: create requests, follow them, cancel them. \
Authenticate with `Authorization: Bearer <JWT>` (`aud` = `dsr-portal`; scopes `requests:read`, `requests:write`, `requests:verify`). \
Errors are `{\"error\":{\"code\",\"message\"}}` with a stable code.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth),
    tags((name = "requests", description = "Data-subject requests"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.bearer_format = Some("JWT".into());
        http.description = Some(
            "A JWT: HS256 (api.jwt_secret) or EdDSA/RS256 (api.jwt_public_keys, selected by kid); \
             claims sub, aud = dsr-portal, exp, jti, scope (space-separated)."
                .into(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// The document, built from the registered handlers.
pub fn document() -> utoipa::openapi::OpenApi {
    let scope = super::scope(16 * 1024);
    let mut doc = ApiDoc::openapi();
    doc.paths.merge(scope.paths());
    let mut schemas = Vec::new();
    scope.schemas(&mut schemas);
    let components = doc.components.get_or_insert_with(Default::default);
    components.schemas.extend(schemas);
    doc
}

/// The document as pretty JSON (built once).
pub fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| document().to_pretty_json().unwrap_or_else(|_| "{}".into()))
}

pub async fn serve() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/json"))
        .insert_header((CACHE_CONTROL, "public, max-age=300"))
        .body(json())
}
