//! Authentication of API calls: a middleware on `/api/v1` verifies the bearer token (JWT),
//! applies the per-subject rate limit and the deny list, and leaves the [`Caller`] in the
//! request; handlers take it with [`Authenticated`] and check their scope with
//! [`Authenticated::require`] before they read the body. Tokens are never logged.

use std::future::{Ready, ready};
use std::num::NonZeroU32;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{AUTHORIZATION, HeaderMap};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError, web};
use governor::Quota;

use super::error::ApiError;
use crate::auth::{Caller, KeyError, Scope, TokenError, Verifier};
use crate::config::Config;
use crate::service::api as svc;
use crate::web::WebState;
use crate::web::limiter::{KeyedLimit, Refused};

/// The API's shared state: the token verifier (keys loaded once) and the rate limiter.
pub struct ApiState {
    pub verifier: Verifier,
    limiter: KeyedLimit<String>,
}

impl ApiState {
    pub fn new(config: &Config) -> Result<Self, KeyError> {
        let rate = NonZeroU32::new(config.api.rate_per_minute).unwrap_or(NonZeroU32::MIN);
        let verifier = Verifier::from_config(&config.api)?;
        if !verifier.is_configured() {
            tracing::info!(
                "no api.jwt_secret or api.jwt_public_keys: the support API refuses every token"
            );
        }
        Ok(Self {
            verifier,
            limiter: KeyedLimit::new("api", Quota::per_minute(rate), config.security.max_keys()),
        })
    }

    /// Forgets idle subjects; returns the keys left.
    pub fn prune(&self) -> (&'static str, usize) {
        (self.limiter.name(), self.limiter.prune())
    }
}

/// The bearer token of a request: None without an `Authorization` header, an empty string
/// when the header is not a bearer token.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?;
    let Ok(value) = value.to_str() else {
        return Some(String::new());
    };
    let value = value.trim();
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            Some(token.trim().to_owned())
        }
        _ => Some(String::new()),
    }
}

async fn authenticate_call(state: &WebState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let token = bearer(headers).ok_or(TokenError::Missing)?;
    if token.is_empty() {
        return Err(TokenError::Invalid("not a bearer token".into()).into());
    }
    let caller = state.api.verifier.verify(&token).map_err(|e| {
        tracing::info!(reason = %e, "API token refused");
        ApiError::from(e)
    })?;
    // The deny list first: a revoked token is refused before it is charged to its subject's
    // rate limit, so whoever holds one can't use up the budget of the subject's live tokens.
    let p = state.portal.clone();
    let jti = caller.jti.clone();
    if web::block(move || svc::is_revoked(&p, &jti)).await?? {
        tracing::info!(sub = %caller.sub, jti = %caller.jti, "API token refused: revoked");
        return Err(TokenError::Invalid("revoked".into()).into());
    }
    if let Err(refused) = state.api.limiter.check(&caller.sub) {
        let wait = match refused {
            Refused::Over(wait) => wait.as_secs() + 1,
            Refused::Full => state.portal.config.security.rate_limit_prune_seconds,
        };
        tracing::info!(sub = %caller.sub, "API rate limit");
        return Err(ApiError::rate_limited(wait));
    }
    Ok(caller)
}

/// Middleware on `/api/v1`: a call without a valid token ends here with 401 (or 429).
pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<WebState>>().cloned() else {
        return Ok(req.into_response(ApiError::internal().error_response()));
    };
    match authenticate_call(&state, req.headers()).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.call(req)
                .await
                .map(ServiceResponse::map_into_boxed_body)
        }
        Err(e) => Ok(req.into_response(e.error_response())),
    }
}

/// The authenticated caller of this API call.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Caller);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Caller>()
                .cloned()
                .map(Authenticated)
                .ok_or_else(|| TokenError::Missing.into()),
        )
    }
}

impl Authenticated {
    /// The caller, if the token has `scope`; else the refusal is audited and 403 returned.
    pub async fn require(
        &self,
        state: &WebState,
        scope: Scope,
        route: &'static str,
        request_id: Option<&str>,
    ) -> Result<Caller, ApiError> {
        if self.0.has(scope) {
            return Ok(self.0.clone());
        }
        tracing::info!(sub = %self.0.sub, route, needed = scope.as_str(), "API call refused: scope");
        let p = state.portal.clone();
        let caller = self.0.clone();
        let rid = request_id.map(|r| r.chars().take(64).collect::<String>());
        web::block(move || svc::audit_denied(&p, &caller, route, scope.as_str(), rid.as_deref()))
            .await??;
        Err(ApiError::forbidden(scope.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    #[test]
    fn bearer_tokens_are_taken_from_the_header() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(
            AUTHORIZATION,
            HeaderValue::from_static("Bearer abc.def.ghi"),
        );
        assert_eq!(bearer(&h).as_deref(), Some("abc.def.ghi"));
        h.insert(AUTHORIZATION, HeaderValue::from_static("bearer  abc"));
        assert_eq!(bearer(&h).as_deref(), Some("abc"));
        h.insert(
            AUTHORIZATION,
            HeaderValue::from_static("Basic dXNlcjpwdw=="),
        );
        assert_eq!(bearer(&h).as_deref(), Some(""));
    }
}
