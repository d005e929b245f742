//! `[admin.oidc]`: desk login through the company's identity provider (OpenID Connect).

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

/// An OpenID Connect provider the desk trusts to sign staff in (authorization code with PKCE).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Oidc {
    /// The provider's issuer URL; its `/.well-known/openid-configuration` is read at each
    /// sign-in. `https://`, or `http://` on a loopback address only.
    pub issuer: String,
    /// This portal's client id at the provider (the ID token's `aud` must name it).
    pub client_id: String,
    /// The environment variable holding the client secret (read at start).
    pub client_secret_env: String,
    /// Email domains whose people get a desk account at their first sign-in; anyone else
    /// needs an account made beforehand (`admin add … --sso-only`). Empty: nobody new.
    #[serde(default)]
    pub allowed_domains: Vec<String>,
    /// The ID token claim that carries the desk role: `dpo` or `viewer`, as a string or in an
    /// array (e.g. a groups claim). When present it sets the account's role at each sign-in;
    /// a new account needs it.
    #[serde(default = "default_role_claim")]
    pub role_claim: String,
    /// What the login page's button names: "Log in with <name>".
    #[serde(default = "default_name")]
    pub name: String,
    /// Take an address as verified when the ID token has no `email_verified` claim (some
    /// providers, e.g. Microsoft Entra ID, never send it). `email_verified: false` is refused
    /// either way.
    #[serde(default)]
    pub trust_unverified_email: bool,
}

fn default_role_claim() -> String {
    "dsr_role".into()
}

fn default_name() -> String {
    "single sign-on".into()
}

impl Oidc {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let url = openidconnect::url::Url::parse(&self.issuer)
            .map_err(|e| invalid("admin.oidc.issuer", format!("not a URL: {e}")))?;
        let loopback = match url.host() {
            Some(openidconnect::url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(openidconnect::url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(openidconnect::url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => {
                return Err(invalid(
                    "admin.oidc.issuer",
                    "must start with https:// (http:// only on a loopback address)",
                ));
            }
        }
        if self.client_id.trim().is_empty() {
            return Err(invalid("admin.oidc.client_id", "must not be empty"));
        }
        if self.client_secret_env.trim().is_empty() {
            return Err(invalid(
                "admin.oidc.client_secret_env",
                "must name the environment variable holding the client secret",
            ));
        }
        if self.role_claim.trim().is_empty() {
            return Err(invalid("admin.oidc.role_claim", "must not be empty"));
        }
        for d in &self.allowed_domains {
            let ok = !d.is_empty()
                && !d.contains('@')
                && d == &d.trim().to_lowercase()
                && d.contains('.');
            if !ok {
                return Err(invalid(
                    "admin.oidc.allowed_domains",
                    format!("{d:?} is not a domain in lower case, like \"example.com\""),
                ));
            }
        }
        Ok(())
    }

    /// The client secret from its environment variable.
    pub fn client_secret(&self) -> Result<String, ConfigError> {
        match std::env::var(&self.client_secret_env) {
            Ok(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(invalid(
                "admin.oidc.client_secret_env",
                format!(
                    "the environment variable {} is not set (it holds the client secret)",
                    self.client_secret_env
                ),
            )),
        }
    }
}
