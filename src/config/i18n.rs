//! `[i18n]`: the languages the subject's pages, emails and archive speak, the one used when
//! nothing else decides, and a folder of texts and templates that replace the built-in ones.

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

/// The languages the portal has texts for, each a complete catalogue.
pub const BUILT_IN: [&str; 6] = ["en", "de", "fr", "es", "it", "nl"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct I18n {
    /// Offered to subjects, negotiated against `Accept-Language` (each one of [`BUILT_IN`]).
    pub languages: Vec<String>,
    /// Used when the browser asks for none of `languages`, and for retention runs.
    pub default: String,
    /// Files here replace built-in texts (`<lang>/*.ftl`) and templates
    /// (`<lang>/templates/<name>`, or `templates/<name>` for every language). Empty: none.
    pub overrides_dir: String,
}

impl Default for I18n {
    fn default() -> Self {
        Self {
            languages: BUILT_IN.iter().map(|l| (*l).to_owned()).collect(),
            default: "en".into(),
            overrides_dir: String::new(),
        }
    }
}

impl I18n {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.languages.is_empty() {
            return Err(invalid("i18n.languages", "lists no language"));
        }
        for l in &self.languages {
            if !BUILT_IN.contains(&l.as_str()) {
                return Err(invalid(
                    "i18n.languages",
                    format!("\"{l}\" is not one of {}", BUILT_IN.join(", ")),
                ));
            }
        }
        if !self.languages.contains(&self.default) {
            return Err(invalid(
                "i18n.default",
                format!(
                    "\"{}\" is not in i18n.languages ({})",
                    self.default,
                    self.languages.join(", ")
                ),
            ));
        }
        if !self.overrides_dir.is_empty() && !std::path::Path::new(&self.overrides_dir).is_dir() {
            return Err(invalid(
                "i18n.overrides_dir",
                format!("{} is not a folder", self.overrides_dir),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_must_be_built_in_and_the_default_offered() {
        assert!(I18n::default().validate().is_ok());
        let mut c = I18n {
            languages: vec!["en".into(), "pt".into()],
            ..I18n::default()
        };
        assert!(c.validate().unwrap_err().to_string().contains("\"pt\""));
        c.languages = vec!["de".into()];
        assert!(
            c.validate()
                .unwrap_err()
                .to_string()
                .contains("i18n.default")
        );
        c.default = "de".into();
        assert!(c.validate().is_ok());
        c.overrides_dir = "/no/such/folder".into();
        assert!(c.validate().is_err());
    }
}
