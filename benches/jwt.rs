//! JWT validation cost per API call: `Verifier::verify` (header, key choice, signature,
//! `aud`/`iss`/`exp`/`nbf`, claims) timed over N tokens for each accepted algorithm.
//! The deny-list lookup (one primary-key read) is not included; `bench/api.sh` measures
//! whole requests.
//!
//! Run: `cargo bench --bench jwt` (N=20000 by default; `JWT_BENCH_N=…` to change).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use dsr_portal::auth::{Scope, Verifier, mint};
use dsr_portal::config::{Api, JwtKey, Secret};
use jsonwebtoken::{Algorithm, EncodingKey, Header};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jwt")
        .join(name)
}

fn claims() -> serde_json::Value {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    serde_json::json!({
        "sub": "bench", "aud": "dsr-portal", "iat": now, "exp": now + 3600,
        "jti": "0b6f2c1e-3f1a-4c0e-9a52-6c1d2f0e8b77", "scope": "requests:read requests:write",
    })
}

fn signed(alg: Algorithm, key: &str, kid: &str) -> String {
    let pem = std::fs::read(fixture(key)).expect("fixture key");
    let key = match alg {
        Algorithm::EdDSA => EncodingKey::from_ed_pem(&pem),
        _ => EncodingKey::from_rsa_pem(&pem),
    }
    .expect("private key");
    let mut h = Header::new(alg);
    h.kid = Some(kid.into());
    jsonwebtoken::encode(&h, &claims(), &key).expect("sign")
}

fn measure(name: &str, verifier: &Verifier, token: &str, n: usize) {
    assert!(
        verifier.verify(token).is_ok(),
        "{name}: the token must verify"
    );
    for _ in 0..n / 10 {
        black_box(verifier.verify(black_box(token)).ok());
    }
    let mut each = Vec::with_capacity(n);
    let start = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        black_box(verifier.verify(black_box(token)).ok());
        each.push(t.elapsed().as_nanos() as f64 / 1000.0);
    }
    let total = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    each.sort_by(f64::total_cmp);
    let p50 = each[n / 2];
    let p99 = each[n * 99 / 100];
    println!(
        "{name:<8} {n:>7} validations  mean {total:>8.2} µs  p50 {p50:>8.2} µs  p99 {p99:>8.2} µs"
    );
}

fn main() {
    let n: usize = std::env::var("JWT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let api = Api {
        jwt_secret: Some(Secret::from("bench-secret-bench-secret-bench-secret-00")),
        jwt_public_keys: vec![
            JwtKey {
                kid: "ed1".into(),
                alg: "EdDSA".into(),
                pem: fixture("ed25519.pub.pem").display().to_string(),
            },
            JwtKey {
                kid: "rsa1".into(),
                alg: "RS256".into(),
                pem: fixture("rsa.pub.pem").display().to_string(),
            },
        ],
        ..Api::default()
    };
    let verifier = Verifier::from_config(&api).expect("keys");
    let hs = mint(
        &api,
        "bench",
        &[Scope::Read, Scope::Write],
        time::Duration::hours(1),
        time::OffsetDateTime::now_utc(),
    )
    .expect("mint")
    .token;
    println!("JWT validation (dsr_portal::auth::Verifier::verify), one thread:");
    measure("HS256", &verifier, &hs, n);
    measure(
        "EdDSA",
        &verifier,
        &signed(Algorithm::EdDSA, "ed25519.key.pem", "ed1"),
        n,
    );
    measure(
        "RS256",
        &verifier,
        &signed(Algorithm::RS256, "rsa.key.pem", "rsa1"),
        n,
    );
    // A refusal (bad signature) costs about as much as an acceptance: no shortcut to time.
    let mut forged = hs.clone();
    forged.pop();
    forged.push('A');
    let start = Instant::now();
    for _ in 0..n {
        black_box(verifier.verify(black_box(&forged)).is_err());
    }
    println!(
        "HS256 forged signature: mean {:.2} µs",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
