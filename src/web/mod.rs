//! The HTTP surface (DESIGN §5). Handlers parse and authorize, then call one service
//! function; pages are templates in the subject's language (`i18n`); what an error means is decided once
//! ([`refusal`]) and each surface renders it (pages: [`error`]).

pub mod admin;
pub mod api;
pub mod assets;
pub mod body;
pub mod csrf;
pub mod download;
pub mod error;
pub mod health;
pub mod lang;
pub mod limiter;
pub mod pages;
pub mod portal;
pub mod refusal;
pub mod security;
pub mod story;
pub mod too_many;

use actix_web::middleware::from_fn;
use actix_web::web;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::datamap::labels::Labels;
use crate::portal::Portal;
use security::Limits;

/// What every handler can reach.
/// Per kind of request, the labels of the recipients told of it (Art. 19).
pub type Recipients = Vec<(crate::domain::Kind, Vec<String>)>;

pub struct WebState {
    pub portal: Portal,
    /// The names subjects see for stores (the data map's labels, read at start).
    pub labels: Labels,
    /// The fields a subject may correct (the data map's `rectify`, read at start).
    pub fields: Vec<crate::datamap::rights::Field>,
    /// Who is told of each kind of request (Art. 19), read at start.
    pub recipients: Recipients,
    pub limits: Limits,
    pub metrics: PrometheusHandle,
    pub api: api::ApiState,
    pub admin: admin::AdminState,
}

impl WebState {
    /// Prunes every rate limiter's idle keys (the server does, every
    /// `security.rate_limit_prune_seconds`) and reports what is left on `/metrics`.
    pub fn prune_limits(&self) {
        let [ip, address] = self.limits.prune();
        for (name, keys) in [ip, address, self.admin.prune(), self.api.prune()] {
            metrics::gauge!("dsr_rate_limit_keys", "limiter" => name).set(keys as f64);
        }
    }
}

/// All routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(health::metrics))
        .route("/static/app.css", web::get().to(pages::stylesheet))
        // Assets are outside the public pages' rate limit: a browser fetches them on its own.
        .route("/static/favicon.svg", web::get().to(assets::favicon))
        .route("/favicon.ico", web::get().to(assets::favicon))
        .configure(admin::routes)
        .service(
            web::scope("")
                .wrap(from_fn(security::limit_per_ip))
                // Outside the rate limit: its 429 page is rendered in the subject's language.
                .wrap(from_fn(lang::choose))
                // Routes are tried in order, and each `{token}` pattern costs a regex match:
                // the page people reload most comes first.
                .route("/status/{token}", web::get().to(portal::status))
                .route("/", web::get().to(portal::index))
                .route("/requests", web::post().to(portal::submit))
                .route("/requests/sent", web::get().to(portal::sent))
                .route("/verify/{token}", web::get().to(portal::verify_page))
                .route("/verify/{token}", web::post().to(portal::verify))
                .route("/status/{token}/cancel", web::post().to(portal::cancel))
                .route("/download/{token}", web::get().to(download::download))
                .default_service(web::to(error::not_found)),
        );
}
