//! TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step of skew either way) with replay refusal:
//! the account remembers the last accepted time step, and a code of that step or an earlier
//! one is refused even though it is still inside its window.

use totp_rs::{Algorithm, Secret, Totp};

/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "dsr-portal";

/// Why a code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a code for any step in the window.
    Wrong,
    /// Right, but its step was already used (a replay).
    Replayed,
}

/// A new random secret (160 bits), base32.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

fn totp(secret_b32: &str, account: &str) -> Result<Totp, String> {
    let secret = Secret::try_from_base32(secret_b32).map_err(|e| format!("TOTP secret: {e}"))?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| format!("TOTP: {e}"))
}

/// The `otpauth://` URI an authenticator app enrols from.
pub fn otpauth_uri(secret_b32: &str, account: &str) -> Result<String, String> {
    totp(secret_b32, account)?
        .to_url()
        .map_err(|e| format!("TOTP URI: {e}"))
}

/// Checks `code` at unix time `now`. Returns the matched step, which the caller stores; a
/// step at or before `last_step` is a replay.
pub fn check(
    secret_b32: &str,
    code: &str,
    last_step: Option<i64>,
    now: u64,
) -> Result<i64, Refusal> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::Wrong);
    }
    let t = totp(secret_b32, "check").map_err(|_| Refusal::Wrong)?;
    let step = t.check(&code, now).ok_or(Refusal::Wrong)?;
    let step = i64::try_from(step).map_err(|_| Refusal::Wrong)?;
    if last_step.is_some_and(|last| step <= last) {
        return Err(Refusal::Replayed);
    }
    Ok(step)
}

/// The key that seals TOTP secrets at rest: derived from the portal's secret key
/// (`security.secret_key_env`), so a copy of the database alone can't mint codes.
fn sealing_key(portal_secret: &[u8]) -> [u8; 32] {
    crate::domain::mac::hmac_sha256(portal_secret, &[b"dsr-portal totp secret sealing key v1"])
}

const SEALED: &str = "v1:";

/// Encrypts a base32 secret for the database: `v1:` + base64(nonce ‖ AES-256-GCM ciphertext).
pub fn seal(portal_secret: &[u8], secret_b32: &str) -> Result<String, String> {
    use aes_gcm::aead::{Aead, KeyInit, generic_array::GenericArray};
    use base64::Engine;
    let cipher = aes_gcm::Aes256Gcm::new(GenericArray::from_slice(&sealing_key(portal_secret)));
    let mut nonce = [0u8; 12];
    getrandom::fill(&mut nonce).map_err(|e| format!("randomness: {e}"))?;
    let sealed = cipher
        .encrypt(GenericArray::from_slice(&nonce), secret_b32.as_bytes())
        .map_err(|_| "cannot seal the TOTP secret".to_owned())?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(format!(
        "{SEALED}{}",
        base64::engine::general_purpose::STANDARD.encode(out)
    ))
}

/// Decrypts a stored secret; fails when the portal's secret key changed since enrolment.
pub fn open(portal_secret: &[u8], stored: &str) -> Result<String, String> {
    use aes_gcm::aead::{Aead, KeyInit, generic_array::GenericArray};
    use base64::Engine;
    let refused =
        || "the TOTP secret does not open with this secret key (re-enrol the account)".to_owned();
    let raw = stored
        .strip_prefix(SEALED)
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .filter(|r| r.len() > 12)
        .ok_or_else(refused)?;
    let cipher = aes_gcm::Aes256Gcm::new(GenericArray::from_slice(&sealing_key(portal_secret)));
    let plain = cipher
        .decrypt(GenericArray::from_slice(&raw[..12]), &raw[12..])
        .map_err(|_| refused())?;
    String::from_utf8(plain).map_err(|_| refused())
}

/// The code for unix time `now` (tests and the browser test compute codes like an app).
pub fn code_at(secret_b32: &str, now: u64) -> Result<String, String> {
    Ok(totp(secret_b32, "code")?.generate(now).to_string())
}

/// The URI as a QR code drawn with Unicode half blocks, for a terminal.
pub fn terminal_qr(uri: &str) -> Result<String, String> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(|e| format!("QR code: {e}"))?;
    Ok(code
        .render::<qrcode::render::unicode::Dense1x2>()
        .dark_color(qrcode::render::unicode::Dense1x2::Light)
        .light_color(qrcode::render::unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_accepted_once() {
        let s = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&s, now).unwrap();
        let step = check(&s, &code, None, now).unwrap();
        assert_eq!(step, (now / 30) as i64);
        assert_eq!(check(&s, &code, Some(step), now), Err(Refusal::Replayed));
        // An older code, still inside the skew window, is a replay too.
        let old = code_at(&s, now - 30).unwrap();
        assert_eq!(check(&s, &old, Some(step), now), Err(Refusal::Replayed));
        // The next step's code is fresh.
        let next = code_at(&s, now + 30).unwrap();
        assert_eq!(check(&s, &next, Some(step), now + 30), Ok(step + 1));
    }

    #[test]
    fn wrong_and_malformed_codes_are_wrong() {
        let s = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&s, now).unwrap();
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        assert_eq!(check(&s, &wrong, None, now), Err(Refusal::Wrong));
        assert_eq!(check(&s, "12345", None, now), Err(Refusal::Wrong));
        assert_eq!(check(&s, "abcdef", None, now), Err(Refusal::Wrong));
        // Far outside the window.
        assert_eq!(check(&s, &code, None, now + 600), Err(Refusal::Wrong));
    }

    #[test]
    fn secrets_are_sealed_at_rest() {
        let key = b"k".repeat(32);
        let s = new_secret();
        let sealed = seal(&key, &s).unwrap();
        assert!(sealed.starts_with("v1:") && !sealed.contains(&s));
        assert_ne!(sealed, seal(&key, &s).unwrap(), "a fresh nonce each time");
        assert_eq!(open(&key, &sealed).unwrap(), s);
        assert!(open(&b"j".repeat(32), &sealed).is_err());
        assert!(open(&key, &s).is_err(), "a plain secret is not accepted");
    }

    #[test]
    fn uri_and_qr() {
        let s = new_secret();
        let uri = otpauth_uri(&s, "dpo@example.com").unwrap();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains(&format!("secret={s}")), "{uri}");
        assert!(uri.contains("issuer=dsr-portal"), "{uri}");
        let qr = terminal_qr(&uri).unwrap();
        assert!(qr.lines().count() > 10);
    }
}
