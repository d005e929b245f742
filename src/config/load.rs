//! Reading the configuration: defaults, then the file, then `DSR_<SECTION>__<KEY>`.

use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};

use super::{Config, ConfigError, DEFAULT_FILE};

impl Config {
    /// Defaults, then the file (the given one must exist; the default one may not), then
    /// the environment; then validated.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_with_env(file, Env::prefixed("DSR_"))
    }

    pub(super) fn load_with_env(file: Option<&Path>, env: Env) -> Result<Self, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => {
                return Err(ConfigError::Missing(path.display().to_string()));
            }
            Some(path) => fig = fig.merge(Toml::file_exact(path)),
            None => fig = fig.merge(Toml::file(DEFAULT_FILE)),
        }
        // Only DSR_<SECTION>__<KEY> names are settings: DSR_SECRET_KEY and friends hold
        // secrets that settings point at.
        let env = env.filter(|k| k.as_str().contains("__")).split("__");
        let config: Config = fig
            .merge(env)
            .extract()
            .map_err(|e| ConfigError::Load(describe_figment_error(e)))?;
        config.validate()?;
        Ok(config)
    }
}

fn describe_figment_error(e: figment::Error) -> String {
    e.into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let origin = e
                .metadata
                .as_ref()
                .map(|m| m.name.to_string())
                .unwrap_or_default();
            match (&e.kind, key.is_empty()) {
                (figment::error::Kind::UnknownField(field, _), _) => {
                    let full = if key.is_empty() {
                        field.clone()
                    } else {
                        format!("{key}.{field}")
                    };
                    format!("unknown key {full} ({origin})")
                }
                (kind, false) => format!("key {key}: {kind} ({origin})"),
                (kind, true) => format!("{kind} ({origin})"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
