//! [`Application`]: the web server (and, unless told otherwise, the in-process worker),
//! bound before it runs so tests can use port 0 and ask which port they got.

use std::net::TcpListener;
use std::sync::OnceLock;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, Logger, from_fn};
use actix_web::{App, HttpServer, web};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::datamap::labels::Labels;
use crate::datamap::rights::Field;
use crate::domain::Kind;
use crate::jobs::worker::Workers;
use crate::portal::{Portal, StartError};
use crate::web::error::PageError;
use crate::web::{WebState, limiter, routes, security};

pub struct Application {
    port: u16,
    server: Server,
    workers: Option<Workers>,
    state: web::Data<WebState>,
}

/// The process-wide metrics recorder (installed once, shared by every app in a process).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
                ])
                .unwrap_or_else(|_| PrometheusBuilder::new());
            match builder.install_recorder() {
                Ok(handle) => handle,
                // Another recorder is installed already: ours then only renders what it saw.
                Err(_) => PrometheusBuilder::new().build_recorder().handle(),
            }
        })
        .clone()
}

/// The data map's labels for the status page; a map that doesn't load (the worker says
/// why) leaves store names humanised.
/// What the pages take from the data map at start: the names subjects see, the fields a
/// subject may correct, and who is told of each kind of request (Art. 19).
fn from_map(portal: &Portal) -> (Labels, Vec<Field>, crate::web::Recipients) {
    match crate::datamap::DataMap::from_config(&portal.config) {
        Ok(map) => {
            let told = Kind::ALL.iter().map(|k| (*k, map.recipients(*k))).collect();
            (Labels::of(&map), map.rectifiable(), told)
        }
        Err(e) => {
            tracing::warn!("data map: {e}; the status page shows store names humanised");
            (Labels::default(), Vec::new(), Vec::new())
        }
    }
}

impl Application {
    /// Binds `server.bind` and prepares the server; starts workers when `with_worker`.
    pub fn build(portal: Portal, with_worker: bool) -> Result<Self, StartError> {
        let bind = portal.config.server.bind.clone();
        let listener = TcpListener::bind(&bind)
            .map_err(|e| StartError::Io(format!("server.bind {bind}: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartError::Io(e.to_string()))?
            .port();
        let (labels, fields, recipients) = from_map(&portal);
        let state = web::Data::new(WebState {
            limits: security::Limits::new(&portal.config),
            metrics: metrics_handle(),
            api: crate::web::api::ApiState::new(&portal.config)
                .map_err(|e| StartError::Io(e.to_string()))?,
            admin: crate::web::admin::AdminState::new(&portal.config)?,
            labels,
            fields,
            recipients,
            portal: portal.clone(),
        });
        let max_body = portal.config.server.max_body_bytes;
        let https = portal.config.is_https();
        let shared = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(
                    web::FormConfig::default()
                        .limit(max_body)
                        .error_handler(|err, _| {
                            let page = match err {
                                actix_web::error::UrlencodedError::Overflow { .. } => {
                                    PageError::TooLarge
                                }
                                other => PageError::BadRequest(format!(
                                    "The form could not be read: {other}."
                                )),
                            };
                            page.into()
                        }),
                )
                .app_data(web::PayloadConfig::default().limit(max_body))
                .wrap(from_fn(security::measure))
                .wrap(security::headers(https))
                .wrap(Compress::default())
                .wrap(
                    Logger::new("%a \"%{path}xi\" %s %b %Dms")
                        .custom_request_replace("path", |req| {
                            security::loggable_path(req.method(), req.path())
                        })
                        .exclude("/healthz")
                        .exclude("/metrics"),
                )
                // The API first: the public pages' scope matches every path.
                .configure(|c| crate::web::api::routes(c, max_body))
                .configure(routes)
        });
        let server = match portal.config.server.workers {
            0 => server,
            n => server.workers(n),
        };
        let server = server
            .listen(listener)
            .map_err(|e| StartError::Io(e.to_string()))?
            .shutdown_timeout(10)
            .run();
        let workers = if with_worker {
            Some(
                Workers::spawn(&portal)
                    .map_err(|e| StartError::Io(format!("worker threads: {e}")))?,
            )
        } else {
            None
        };
        Ok(Self {
            port,
            server,
            workers,
            state: shared,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the server stops (Ctrl-C / SIGTERM), then stops the workers. Meanwhile
    /// the rate limiters are pruned every `security.rate_limit_prune_seconds`.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let state = self.state;
        let period =
            std::time::Duration::from_secs(state.portal.config.security.rate_limit_prune_seconds);
        let pruner =
            actix_web::rt::spawn(limiter::prune_every(period, move || state.prune_limits()));
        let result = self.server.await;
        pruner.abort();
        if let Some(w) = self.workers {
            tokio::task::spawn_blocking(move || w.stop()).await.ok();
        }
        result
    }
}
