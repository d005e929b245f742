//! The support API under `/api/v1` (DESIGN §5): JSON, bearer JWTs ([`auth`]), errors as
//! `{"error":{"code","message"}}` ([`error`]), an OpenAPI document generated from the
//! handlers ([`openapi`]). Handlers ([`requests`]) authorize and parse, then call one use
//! case of `service::api`.

pub mod auth;
pub mod error;
pub mod model;
pub mod openapi;
pub mod requests;

use actix_web::body::MessageBody;
use actix_web::dev::{ResourceDef, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{HttpRequest, web};

pub use auth::ApiState;
use error::ApiError;

/// The API's routes: the document (public), then the authenticated scope.
pub fn routes(cfg: &mut web::ServiceConfig, max_body: usize) {
    cfg.route("/api/v1/openapi.json", web::get().to(openapi::serve))
        .service(scope(max_body));
}

/// The `/api/v1` scope with every documented handler. [`openapi::document`] is built from
/// this same function.
pub fn scope(
    max_body: usize,
) -> utoipa_actix_web::scope::Scope<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    utoipa_actix_web::scope("/api/v1")
        .app_data(
            web::JsonConfig::default()
                .limit(max_body)
                .error_handler(|e, _| error::json_error(e).into()),
        )
        .app_data(web::QueryConfig::default().error_handler(|e, _| error::query_error(e).into()))
        .service(requests::create)
        .service(requests::list)
        .service(requests::read)
        .service(requests::cancel)
        .default_service(web::to(fallback))
        .wrap(from_fn(auth::authenticate))
        .wrap(DefaultHeaders::new().add(("Cache-Control", "no-store")))
}

/// Unknown routes under `/api/v1` answer JSON: 405 with `Allow` where the path exists, else 404.
async fn fallback(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    const KNOWN: [(&str, &str); 3] = [
        ("/api/v1/requests", "GET, POST"),
        ("/api/v1/requests/{id}", "GET"),
        ("/api/v1/requests/{id}/cancel", "POST"),
    ];
    let path = req.path();
    Err(
        match KNOWN
            .iter()
            .find(|(pattern, _)| ResourceDef::new(*pattern).is_match(path))
        {
            Some((_, allow)) => ApiError::method_not_allowed(allow),
            None => ApiError::new(
                actix_web::http::StatusCode::NOT_FOUND,
                error::ErrorCode::NotFound,
                "no such route",
            ),
        },
    )
}
