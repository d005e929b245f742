//! The desk's OpenID Connect client (`[admin.oidc]`): the authorization code flow with PKCE,
//! through the `openidconnect` crate. The provider's discovery document and JWKS are kept
//! for [`CACHE_FOR`]; an ID token whose signature fails against kept keys is checked once more
//! against keys read afresh (the provider may have rotated them).
//!
//! What is checked, and where: `state` is single-use and bound to the browser (the caller,
//! `service::sso`); the ID token's signature (asymmetric algorithms only) against the
//! provider's JWKS, its `iss`, `aud`, `exp` and `nonce` here, by the crate's verifier; who may
//! enter (`admin::sso`).
//!
//! Each sign-in has a random *binding* that only the browser keeps (a cookie). The `state`,
//! the PKCE verifier and the nonce are derived from it under the portal's key, so the portal
//! stores no secret of a sign-in in flight, and the callback's URL (its code and state, which
//! proxies and histories may log) is of no use without the browser's cookie: the state can't
//! be turned back into the binding, and without the binding there is no PKCE verifier.
//!
//! Blocking: it runs in the service layer's threads, like the connectors; the HTTP client
//! follows no redirects (no request to where the provider's answers point).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm as Alg, CoreProviderMetadata,
    CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthenticationFlow, AuthorizationCode, ClaimsVerificationError, ClientId,
    ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IdTokenFields, IssuerUrl, LoginHint, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    Scope, StandardErrorResponse, StandardTokenResponse,
};
use serde::{Deserialize, Serialize};

use crate::admin::sso::Identity;
use crate::config::{ConfigError, Oidc};
use crate::domain::mac::hmac_sha256;

/// Where the provider sends the browser back, under `server.public_url`.
pub const CALLBACK_PATH: &str = "/admin/login/sso/callback";
/// How long the provider may take to answer one request.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long the discovery document and keys read at a sign-in serve the next ones.
pub const CACHE_FOR: Duration = Duration::from_secs(300);
/// The ID token signatures taken: the provider's published keys only. HS256 and its kin
/// (signed with the client secret, which this portal holds too) are refused, whatever the
/// discovery document lists.
const ALGORITHMS: [Alg; 10] = [
    Alg::RsaSsaPkcs1V15Sha256,
    Alg::RsaSsaPkcs1V15Sha384,
    Alg::RsaSsaPkcs1V15Sha512,
    Alg::RsaSsaPssSha256,
    Alg::RsaSsaPssSha384,
    Alg::RsaSsaPssSha512,
    Alg::EcdsaP256Sha256,
    Alg::EcdsaP384Sha384,
    Alg::EcdsaP521Sha512,
    Alg::EdDsa,
];

/// Every claim of the ID token besides the standard ones (the role claim is among them).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OtherClaims(HashMap<String, serde_json::Value>);

impl AdditionalClaims for OtherClaims {}

type Fields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    Alg,
>;

type Client = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    StandardTokenResponse<Fields, CoreTokenType>,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in did not get an identity.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    /// The provider could not be asked (down, not a provider, a broken discovery document).
    #[error("the identity provider can't be reached: {0}")]
    Unreachable(String),
    /// The provider refused the code (or answered the token request with an error).
    #[error("the identity provider refused the sign-in: {0}")]
    Refused(String),
    /// The ID token failed a check: signature, issuer, audience, expiry or nonce.
    #[error("the ID token failed its checks: {0}")]
    Token(String),
}

/// The configured provider, with its client secret (read at start).
pub struct Provider {
    config: Oidc,
    secret: ClientSecret,
    redirect: RedirectUrl,
    /// The discovery document (with the JWKS) and when it was read.
    kept: Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("issuer", &self.config.issuer)
            .field("client_id", &self.config.client_id)
            .finish_non_exhaustive()
    }
}

/// A value derived from a sign-in's binding under the portal's key (`purpose` keeps the
/// state, the PKCE verifier and the nonce apart): 43 URL-safe characters.
fn derive(key: &[u8], purpose: &str, binding: &str) -> String {
    let mac = hmac_sha256(key, &[purpose.as_bytes(), b"\0", binding.as_bytes()]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac)
}

impl Provider {
    /// The provider of `[admin.oidc]`, for a portal at `public_url`. Fails (naming the key)
    /// when the client secret's variable is not set.
    pub fn new(config: &Oidc, public_url: &str) -> Result<Self, ConfigError> {
        let secret = ClientSecret::new(config.client_secret()?);
        let redirect = RedirectUrl::new(format!(
            "{}{CALLBACK_PATH}",
            public_url.trim_end_matches('/')
        ))
        .map_err(|e| ConfigError::Load(format!("server.public_url: {e}")))?;
        Ok(Self {
            config: config.clone(),
            secret,
            redirect,
            kept: Mutex::new(None),
        })
    }

    pub fn config(&self) -> &Oidc {
        &self.config
    }

    fn http() -> Result<reqwest::blocking::Client, SsoError> {
        reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| SsoError::Unreachable(e.to_string()))
    }

    /// The discovery document and JWKS: kept ones younger than [`CACHE_FOR`] unless `fresh`,
    /// else read now (and kept). The second value says whether they were read now.
    fn metadata(
        &self,
        http: &reqwest::blocking::Client,
        fresh: bool,
    ) -> Result<(CoreProviderMetadata, bool), SsoError> {
        if !fresh {
            let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((_, m)) = kept.as_ref().filter(|(at, _)| at.elapsed() < CACHE_FOR) {
                return Ok((m.clone(), false));
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| SsoError::Unreachable(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover(&issuer, http)
            .map_err(|e| SsoError::Unreachable(chain(&e)))?;
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), metadata.clone()));
        Ok((metadata, true))
    }

    /// A client for this portal, from the provider's metadata.
    fn client(&self, metadata: CoreProviderMetadata) -> Client {
        Client::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(self.secret.clone()),
        )
        .set_redirect_uri(self.redirect.clone())
    }

    /// The `state` of the sign-in with this binding.
    pub fn state_of(key: &[u8], binding: &str) -> String {
        derive(key, "state", binding)
    }

    /// Where to send the browser to sign in, for the sign-in with this `binding` (random,
    /// kept by the browser only); `login_hint` is passed on (a provider may pre-fill the
    /// address with it).
    pub fn authorize_url(
        &self,
        key: &[u8],
        binding: &str,
        login_hint: Option<&str>,
    ) -> Result<String, SsoError> {
        let http = Self::http()?;
        let client = self.client(self.metadata(&http, false)?.0);
        let verifier = PkceCodeVerifier::new(derive(key, "pkce", binding));
        let nonce = derive(key, "nonce", binding);
        let state = Self::state_of(key, binding);
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                move || CsrfToken::new(state),
                move || Nonce::new(nonce),
            )
            .add_scope(Scope::new("email".into()))
            .set_pkce_challenge(PkceCodeChallenge::from_code_verifier_sha256(&verifier));
        if let Some(hint) = login_hint.filter(|h| !h.is_empty()) {
            request = request.set_login_hint(LoginHint::new(hint.to_owned()));
        }
        Ok(request.url().0.to_string())
    }

    /// Exchanges the code of the sign-in with this binding and verifies the ID token: its
    /// signature with the provider's published keys, `iss`, `aud` (this client), `exp` and
    /// the nonce.
    pub fn identity(&self, key: &[u8], binding: &str, code: &str) -> Result<Identity, SsoError> {
        let http = Self::http()?;
        let (metadata, read_now) = self.metadata(&http, false)?;
        let client = self.client(metadata);
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| SsoError::Unreachable(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(derive(key, "pkce", binding)))
            .request(&http)
            .map_err(|e| SsoError::Refused(chain(&e)))?;
        let id_token = token
            .extra_fields()
            .id_token()
            .ok_or_else(|| SsoError::Token("the answer carries no ID token".into()))?;
        let nonce = Nonce::new(derive(key, "nonce", binding));
        let verifier = client.id_token_verifier().set_allowed_algs(ALGORITHMS);
        let fresh_client;
        let claims = match id_token.claims(&verifier, &nonce) {
            Ok(claims) => claims,
            // Signed by a key the kept JWKS doesn't have: read the keys again, check once more.
            Err(ClaimsVerificationError::SignatureVerification(_)) if !read_now => {
                fresh_client = self.client(self.metadata(&http, true)?.0);
                let verifier = fresh_client
                    .id_token_verifier()
                    .set_allowed_algs(ALGORITHMS);
                id_token
                    .claims(&verifier, &nonce)
                    .map_err(|e| SsoError::Token(chain(&e)))?
            }
            Err(e) => return Err(SsoError::Token(chain(&e))),
        };
        let roles = match claims.additional_claims().0.get(&self.config.role_claim) {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(values)) => values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        Ok(Identity {
            issuer: claims.issuer().to_string(),
            subject: claims.subject().to_string(),
            email: claims.email().map(|e| e.to_string()),
            email_verified: claims.email_verified(),
            roles,
        })
    }
}

/// An error with its causes, for the audit log.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_values_are_pkce_verifiers_and_differ_by_purpose_state_and_key() {
        let v = derive(b"key", "pkce", "state-1");
        assert_eq!(v.len(), 43, "PKCE wants 43 to 128 characters");
        assert!(
            v.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(v, derive(b"key", "nonce", "state-1"));
        assert_ne!(v, derive(b"key", "pkce", "state-2"));
        assert_ne!(v, derive(b"other", "pkce", "state-1"));
        assert_eq!(v, derive(b"key", "pkce", "state-1"));
    }
}
