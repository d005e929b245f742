//! Files the portal keeps under `var/`: the development secret key, written privately.

use std::path::{Path, PathBuf};

use super::{Config, ConfigError, invalid};

/// The secret key for sessions, CSRF and the ledger HMAC: from the environment variable
/// that `security.secret_key_env` names, else a development key kept under `var/`.
pub fn secret_key(config: &Config, var_dir: &Path) -> Result<Vec<u8>, ConfigError> {
    key_from_env_or_file(
        &config.security.secret_key_env,
        &var_dir.join("secret.key"),
        "security.secret_key_env",
    )
}

fn key_from_env_or_file(env: &str, file: &Path, key: &'static str) -> Result<Vec<u8>, ConfigError> {
    if let Ok(value) = std::env::var(env) {
        if value.len() < 32 {
            return Err(invalid(
                key,
                format!("the key in ${env} must be at least 32 characters"),
            ));
        }
        return Ok(value.into_bytes());
    }
    if let Ok(existing) = std::fs::read_to_string(file) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            return Ok(existing.into_bytes());
        }
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| invalid(key, format!("no randomness: {e}")))?;
    let generated = hex::encode(bytes);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| invalid(key, format!("{}: {e}", parent.display())))?;
    }
    write_private(file, &generated)
        .map_err(|e| invalid(key, format!("{}: {e}", file.display())))?;
    tracing::warn!(
        "${env} is not set: generated a development key in {} (set ${env} in production)",
        file.display()
    );
    Ok(generated.into_bytes())
}

pub fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(content.as_bytes())
}

/// The folder for generated state (`var/`), next to the SQLite database by default.
pub fn var_dir(config: &Config) -> PathBuf {
    config
        .mail
        .outbox_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("var"), Path::to_path_buf)
}
