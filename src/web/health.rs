//! `/healthz` (the process answers), `/readyz` (the database answers), `/metrics`.

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpResponse, web};

use super::WebState;
use crate::service::health;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok\n")
}

pub async fn readyz(state: web::Data<WebState>) -> HttpResponse {
    let portal = state.portal.clone();
    let ready = web::block(move || health::ready(&portal)).await;
    match ready {
        Ok(Ok(())) => HttpResponse::Ok()
            .content_type("text/plain")
            .body("ready\n"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unavailable\n")
        }
        Err(_) => HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("busy\n"),
    }
}

/// Prometheus text: counters and histograms from this process, plus requests and jobs by
/// state and the audit entries not sealed yet, read from the database at scrape time (so
/// every process reports the same).
pub async fn metrics(state: web::Data<WebState>) -> HttpResponse {
    let portal = state.portal.clone();
    let counts = web::block(move || health::counts(&portal)).await;
    if let Ok(Ok(health::Counts {
        requests,
        jobs,
        unsealed: (unsealed, oldest),
    })) = counts
    {
        for s in crate::domain::State::ALL {
            let n = requests
                .iter()
                .find(|(k, _)| k == s.as_str())
                .map_or(0, |(_, n)| *n);
            metrics::gauge!("dsr_requests", "state" => s.as_str()).set(n as f64);
        }
        for s in health::JOB_STATES {
            let n = jobs.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
            metrics::gauge!("dsr_jobs", "state" => s).set(n as f64);
        }
        metrics::gauge!("dsr_audit_unsealed_entries").set(unsealed as f64);
        metrics::gauge!("dsr_audit_unsealed_age_seconds").set(oldest);
    }
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/plain; version=0.0.4"))
        .body(state.metrics.render())
}
