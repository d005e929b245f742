//! Support API tokens (DESIGN §5): JWTs in `Authorization: Bearer`, verified with HS256 and
//! `api.jwt_secret`, or with EdDSA / RS256 and one of `api.jwt_public_keys` (the header's
//! `kid` selects it). No I/O here: the deny list of revoked `jti`s is checked by the caller.
//!
//! What a token must carry: `aud = "dsr-portal"`, `exp`, `sub`, `jti`; `iss` equal to
//! `api.issuer` when that is set; `nbf` is honoured when present; `scope` is a
//! space-separated list (an array is accepted too). Clocks may differ by [`LEEWAY_SECONDS`].

use std::collections::HashMap;
use std::path::Path;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::Api;

/// The only audience a token may name.
pub const AUDIENCE: &str = "dsr-portal";
/// Allowed clock difference for `exp` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 30;
/// Longest `token issue --ttl`.
pub const MAX_TTL: time::Duration = time::Duration::days(366);
/// Longer bearer values are refused before any parsing.
const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// Longest `sub` and `jti`.
const MAX_CLAIM_CHARS: usize = 128;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// List and read requests (with their timeline).
    Read,
    /// Create and cancel requests.
    Write,
    /// Create requests whose subject support has already verified (`identity_verified`).
    Verify,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Read, Scope::Write, Scope::Verify];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "requests:read",
            Scope::Write => "requests:write",
            Scope::Verify => "requests:verify",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    fn bit(self) -> u8 {
        match self {
            Scope::Read => 1,
            Scope::Write => 2,
            Scope::Verify => 4,
        }
    }
}

/// Parses `--scope "requests:read requests:write"`; unknown names are an error.
pub fn parse_scopes(s: &str) -> Result<Vec<Scope>, String> {
    let mut out = Vec::new();
    for name in s.split_whitespace() {
        let scope = Scope::parse(name).ok_or_else(|| {
            format!(
                "unknown scope {:?} (expected: {})",
                name.chars().take(40).collect::<String>(),
                Scope::ALL.map(Scope::as_str).join(", ")
            )
        })?;
        if !out.contains(&scope) {
            out.push(scope);
        }
    }
    if out.is_empty() {
        return Err("give at least one scope".into());
    }
    Ok(out)
}

/// The verified caller of one API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub sub: String,
    pub jti: String,
    scopes: u8,
}

impl Caller {
    pub fn new(sub: impl Into<String>, jti: impl Into<String>, scopes: &[Scope]) -> Self {
        Self {
            sub: sub.into(),
            jti: jti.into(),
            scopes: scopes.iter().fold(0, |acc, s| acc | s.bit()),
        }
    }

    pub fn has(&self, scope: Scope) -> bool {
        self.scopes & scope.bit() != 0
    }

    /// The audit log's actor for this caller.
    pub fn actor(&self) -> String {
        format!("api:{}", self.sub)
    }
}

/// Why a token was refused. The API answers every kind with the same 401 body (except
/// [`TokenError::Expired`], which says so); the detail is for the server log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("no bearer token")]
    Missing,
    #[error("the token has expired")]
    Expired,
    #[error("invalid token: {0}")]
    Invalid(String),
}

impl TokenError {
    fn invalid(why: impl Into<String>) -> Self {
        TokenError::Invalid(why.into())
    }
}

/// A configured key that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration key {key}: {message}")]
pub struct KeyError {
    pub key: &'static str,
    pub message: String,
}

fn key_error(key: &'static str, message: impl Into<String>) -> KeyError {
    KeyError {
        key,
        message: message.into(),
    }
}

struct PublicKey {
    kid: String,
    alg: Algorithm,
    key: DecodingKey,
}

/// Checks bearer tokens against the configured keys. Built once at start-up.
pub struct Verifier {
    hs256: Option<DecodingKey>,
    public: Vec<PublicKey>,
    validations: HashMap<Algorithm, Validation>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("hs256", &self.hs256.is_some())
            .field(
                "public_kids",
                &self.public.iter().map(|k| &k.kid).collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ScopeClaim {
    Text(String),
    List(Vec<String>),
}

#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
    #[serde(default)]
    jti: Option<String>,
    #[serde(default)]
    scope: Option<ScopeClaim>,
}

/// A PEM given inline, or the path of a file holding it.
fn pem_bytes(pem: &str) -> Result<Vec<u8>, String> {
    if pem.contains("-----BEGIN") {
        return Ok(pem.as_bytes().to_vec());
    }
    std::fs::read(Path::new(pem.trim())).map_err(|e| format!("cannot read {:?}: {e}", pem.trim()))
}

impl Verifier {
    /// Loads the keys of `[api]`. A key that does not parse stops start-up, naming it.
    pub fn from_config(api: &Api) -> Result<Self, KeyError> {
        let hs256 = match &api.jwt_secret {
            Some(secret) => Some(
                DecodingKey::from_secret(secret.expose().as_bytes())
                    .map_err(|e| key_error("api.jwt_secret", e.to_string()))?,
            ),
            None => None,
        };
        let mut public = Vec::new();
        for k in &api.jwt_public_keys {
            let what = "api.jwt_public_keys";
            if k.kid.trim().is_empty() {
                return Err(key_error(what, "every key needs a kid"));
            }
            if public.iter().any(|p: &PublicKey| p.kid == k.kid) {
                return Err(key_error(what, format!("kid {:?} appears twice", k.kid)));
            }
            let bytes =
                pem_bytes(&k.pem).map_err(|e| key_error(what, format!("kid {:?}: {e}", k.kid)))?;
            let (alg, key) = match k.alg.as_str() {
                "EdDSA" => (Algorithm::EdDSA, DecodingKey::from_ed_pem(&bytes)),
                "RS256" => (Algorithm::RS256, DecodingKey::from_rsa_pem(&bytes)),
                other => {
                    return Err(key_error(
                        what,
                        format!(
                            "kid {:?}: alg {other:?} is not supported (EdDSA or RS256)",
                            k.kid
                        ),
                    ));
                }
            };
            let key = key.map_err(|e| {
                key_error(
                    what,
                    format!("kid {:?}: not a {} public key PEM ({e})", k.kid, k.alg),
                )
            })?;
            // Parse the key now rather than on the first request.
            if jsonwebtoken::crypto::verify("AAAA", b"probe", &key, alg).is_err() {
                return Err(key_error(
                    what,
                    format!("kid {:?}: not a usable {} public key", k.kid, k.alg),
                ));
            }
            public.push(PublicKey {
                kid: k.kid.clone(),
                alg,
                key,
            });
        }
        let issuer = api.issuer.trim();
        let validations = [Algorithm::HS256, Algorithm::EdDSA, Algorithm::RS256]
            .into_iter()
            .map(|alg| {
                let mut v = Validation::new(alg);
                v.leeway = LEEWAY_SECONDS;
                v.validate_exp = true;
                v.validate_nbf = true;
                v.validate_aud = true;
                v.set_audience(&[AUDIENCE]);
                if issuer.is_empty() {
                    v.set_required_spec_claims(&["exp", "aud", "sub"]);
                } else {
                    v.set_issuer(&[issuer]);
                    v.set_required_spec_claims(&["exp", "aud", "sub", "iss"]);
                }
                (alg, v)
            })
            .collect();
        Ok(Self {
            hs256,
            public,
            validations,
        })
    }

    /// Whether any key is configured (else every token is refused).
    pub fn is_configured(&self) -> bool {
        self.hs256.is_some() || !self.public.is_empty()
    }

    /// Verifies signature, algorithm, audience, issuer, expiry and not-before; returns the
    /// caller. Does not consult the deny list.
    pub fn verify(&self, token: &str) -> Result<Caller, TokenError> {
        if token.is_empty() {
            return Err(TokenError::Missing);
        }
        if token.len() > MAX_TOKEN_BYTES {
            return Err(TokenError::invalid("too long"));
        }
        // The header only chooses the key; the algorithm must be the one that key is for.
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| TokenError::invalid(format!("malformed header: {e}")))?;
        let key = match header.alg {
            Algorithm::HS256 => self
                .hs256
                .as_ref()
                .ok_or_else(|| TokenError::invalid("HS256 is not accepted (no api.jwt_secret)"))?,
            alg @ (Algorithm::EdDSA | Algorithm::RS256) => {
                let mut candidates = self.public.iter().filter(|k| k.alg == alg);
                match &header.kid {
                    Some(kid) => {
                        &candidates
                            .find(|k| &k.kid == kid)
                            .ok_or_else(|| TokenError::invalid("unknown kid"))?
                            .key
                    }
                    None => {
                        let first = candidates.next().ok_or_else(|| {
                            TokenError::invalid(format!("{alg:?} is not accepted"))
                        })?;
                        if candidates.next().is_some() {
                            return Err(TokenError::invalid("no kid, and several keys fit"));
                        }
                        &first.key
                    }
                }
            }
            other => return Err(TokenError::invalid(format!("{other:?} is not accepted"))),
        };
        let validation = self
            .validations
            .get(&header.alg)
            .ok_or_else(|| TokenError::invalid("algorithm"))?;
        let data =
            jsonwebtoken::decode::<Claims>(token, key, validation).map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                ErrorKind::ImmatureSignature => TokenError::invalid("not valid yet (nbf)"),
                ErrorKind::InvalidAudience => TokenError::invalid("wrong audience"),
                ErrorKind::InvalidIssuer => TokenError::invalid("wrong issuer"),
                ErrorKind::InvalidSignature => TokenError::invalid("bad signature"),
                ErrorKind::MissingRequiredClaim(c) => {
                    TokenError::invalid(format!("missing claim {c}"))
                }
                other => TokenError::invalid(format!("{other:?}")),
            })?;
        let claims = data.claims;
        let sub = claims.sub;
        if sub.trim().is_empty()
            || sub.chars().count() > MAX_CLAIM_CHARS
            || sub.chars().any(char::is_control)
        {
            return Err(TokenError::invalid(
                "sub must be 1-128 printable characters",
            ));
        }
        let jti = claims
            .jti
            .filter(|j| {
                !j.is_empty()
                    && j.chars().count() <= MAX_CLAIM_CHARS
                    && !j.chars().any(char::is_control)
            })
            .ok_or_else(|| TokenError::invalid("missing or invalid jti"))?;
        let names: Vec<String> = match claims.scope {
            None => Vec::new(),
            Some(ScopeClaim::Text(s)) => s.split_whitespace().map(str::to_owned).collect(),
            Some(ScopeClaim::List(v)) => v,
        };
        let scopes: Vec<Scope> = names.iter().filter_map(|n| Scope::parse(n)).collect();
        Ok(Caller::new(sub, jti, &scopes))
    }
}

/// The claims of a token minted here.
#[derive(Debug, Serialize)]
struct MintClaims<'a> {
    sub: &'a str,
    aud: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    iss: Option<&'a str>,
    iat: i64,
    nbf: i64,
    exp: i64,
    jti: &'a str,
    scope: String,
}

/// A freshly minted token. `token` is shown once and never stored.
#[derive(Debug, Clone)]
pub struct Minted {
    pub token: String,
    pub jti: String,
    pub scope: String,
    pub issued_at: time::OffsetDateTime,
    pub expires_at: time::OffsetDateTime,
}

/// Mints an HS256 token with `api.jwt_secret`.
pub fn mint(
    api: &Api,
    sub: &str,
    scopes: &[Scope],
    ttl: time::Duration,
    now: time::OffsetDateTime,
) -> Result<Minted, String> {
    let secret = api
        .jwt_secret
        .as_ref()
        .ok_or("minting a token needs api.jwt_secret (HS256)")?;
    if sub.trim().is_empty()
        || sub.chars().count() > MAX_CLAIM_CHARS
        || sub.chars().any(char::is_control)
    {
        return Err("--sub must be 1-128 printable characters".into());
    }
    if ttl <= time::Duration::ZERO || ttl > MAX_TTL {
        return Err("--ttl must be between 1s and 366d".into());
    }
    let jti = uuid::Uuid::new_v4().to_string();
    let scope = scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let issuer = api.issuer.trim();
    let exp = now + ttl;
    let claims = MintClaims {
        sub,
        aud: AUDIENCE,
        iss: (!issuer.is_empty()).then_some(issuer),
        iat: now.unix_timestamp(),
        nbf: now.unix_timestamp(),
        exp: exp.unix_timestamp(),
        jti: &jti,
        scope: scope.clone(),
    };
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some("JWT".into());
    let key = EncodingKey::from_secret(secret.expose().as_bytes()).map_err(|e| e.to_string())?;
    let token = jsonwebtoken::encode(&header, &claims, &key).map_err(|e| e.to_string())?;
    Ok(Minted {
        token,
        jti,
        scope,
        issued_at: now,
        expires_at: exp,
    })
}

/// `30d`, `12h`, `90m`, `45s`, `2w`.
pub fn parse_ttl(s: &str) -> Result<time::Duration, String> {
    let s = s.trim();
    let bad =
        || format!("--ttl {s:?}: expected a number and a unit, like 30d, 12h, 90m, 45s or 2w");
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = s.split_at(split);
    let n: i64 = n.parse().map_err(|_| bad())?;
    let d = match unit {
        "s" => time::Duration::seconds(n),
        "m" => time::Duration::minutes(n),
        "h" => time::Duration::hours(n),
        "d" => time::Duration::days(n),
        "w" => time::Duration::weeks(n),
        _ => return Err(bad()),
    };
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    fn api() -> Api {
        Api {
            jwt_secret: Some(Secret::from("0123456789abcdef0123456789abcdef")),
            ..Api::default()
        }
    }

    #[test]
    fn a_minted_token_verifies_with_its_scopes() {
        let a = api();
        let m = mint(
            &a,
            "helpdesk",
            &[Scope::Read, Scope::Write],
            time::Duration::hours(1),
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
        let v = Verifier::from_config(&a).unwrap();
        let c = v.verify(&m.token).unwrap();
        assert_eq!(c.sub, "helpdesk");
        assert_eq!(c.jti, m.jti);
        assert_eq!(c.actor(), "api:helpdesk");
        assert!(c.has(Scope::Read) && c.has(Scope::Write) && !c.has(Scope::Verify));
        assert_eq!(m.scope, "requests:read requests:write");
    }

    #[test]
    fn expired_and_foreign_tokens_are_refused() {
        let a = api();
        let old = time::OffsetDateTime::now_utc() - time::Duration::hours(2);
        let m = mint(&a, "x", &[Scope::Read], time::Duration::hours(1), old).unwrap();
        let v = Verifier::from_config(&a).unwrap();
        assert_eq!(v.verify(&m.token), Err(TokenError::Expired));
        let other = Api {
            jwt_secret: Some(Secret::from("another-secret-another-secret-xx")),
            ..Api::default()
        };
        let m = mint(
            &other,
            "x",
            &[Scope::Read],
            time::Duration::hours(1),
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
        assert!(matches!(v.verify(&m.token), Err(TokenError::Invalid(_))));
        assert!(matches!(v.verify("not.a.jwt"), Err(TokenError::Invalid(_))));
        assert_eq!(v.verify(""), Err(TokenError::Missing));
    }

    #[test]
    fn ttl_and_scopes_parse() {
        assert_eq!(parse_ttl("30d").unwrap(), time::Duration::days(30));
        assert_eq!(parse_ttl("12h").unwrap(), time::Duration::hours(12));
        assert_eq!(parse_ttl("2w").unwrap(), time::Duration::weeks(2));
        for bad in ["", "d", "30", "30x", "-1d", "1.5h"] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_scopes("requests:read  requests:write requests:read").unwrap(),
            [Scope::Read, Scope::Write]
        );
        assert!(parse_scopes("requests:admin").is_err());
        assert!(parse_scopes("  ").is_err());
    }
}
