//! The subject's language: which one a request speaks, its texts (Fluent catalogues, with
//! each language's plural rules) and the templates of the subject's pages, emails and
//! README.html, each replaceable per language from `i18n.overrides_dir` without a rebuild.
//!
//! English is the source: every key exists in `locales/en/`; a key missing from another
//! language (or from an override) falls back to English at run time, and `texts check`
//! reports it.

mod catalogue;
pub mod check;
mod format;
mod negotiate;
mod templates;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

pub use self::catalogue::{Arg, Catalogue};
pub use self::templates::BUILT_IN_TEMPLATES;
use crate::config::{BUILT_IN_LANGUAGES, I18n as I18nConfig};

/// One of the built-in languages (`en`, `de`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Lang(&'static str);

impl Lang {
    pub const EN: Lang = Lang("en");

    /// A built-in language by its code (`de`, `DE`, `de-AT` are German).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        BUILT_IN_LANGUAGES
            .iter()
            .find(|l| **l == primary)
            .map(|l| Lang(l))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The language's own name, for the language links ("Deutsch").
    pub fn name(self) -> &'static str {
        match self.0 {
            "de" => "Deutsch",
            "fr" => "Français",
            "es" => "Español",
            "it" => "Italiano",
            "nl" => "Nederlands",
            _ => "English",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A catalogue or an override that can't be used: start-up stops, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("{file}: {message}")]
    Texts { file: String, message: String },
    #[error("{0}")]
    Io(String),
}

/// The offered languages' catalogues and template environments.
type Loaded = (Arc<Catalogue>, minijinja::Environment<'static>);

pub struct I18n {
    offered: Vec<Lang>,
    default: Lang,
    langs: HashMap<Lang, Loaded>,
    /// What every other language falls back to.
    english: Loaded,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("offered", &self.offered)
            .field("default", &self.default)
            .finish_non_exhaustive()
    }
}

impl I18n {
    /// Loads every offered language's texts (built-in, then the overrides) and prepares its
    /// templates. A text file that doesn't parse stops start-up.
    pub fn load(config: &I18nConfig) -> Result<Self, I18nError> {
        let overrides =
            (!config.overrides_dir.is_empty()).then(|| PathBuf::from(&config.overrides_dir));
        let mut offered: Vec<Lang> = config
            .languages
            .iter()
            .filter_map(|l| Lang::parse(l))
            .collect();
        if offered.is_empty() {
            offered.push(Lang::EN);
        }
        let default = Lang::parse(&config.default).unwrap_or(offered[0]);
        let english = Arc::new(Catalogue::load(Lang::EN, overrides.as_deref(), None)?);
        let mut langs = HashMap::new();
        for &lang in &offered {
            let cat = if lang == Lang::EN {
                english.clone()
            } else {
                Arc::new(Catalogue::load(
                    lang,
                    overrides.as_deref(),
                    Some(english.clone()),
                )?)
            };
            let env = templates::environment(lang, cat.clone(), overrides.clone(), &offered);
            langs.insert(lang, (cat, env));
        }
        let env = templates::environment(Lang::EN, english.clone(), overrides, &offered);
        Ok(Self {
            offered,
            default,
            langs,
            english: (english, env),
        })
    }

    /// The built-in texts and templates only, every language offered (tests, tools).
    #[allow(clippy::expect_used)] // compiled in; every language is loaded by the tests
    pub fn built_in() -> Self {
        Self::load(&I18nConfig::default()).expect("the built-in catalogues parse")
    }

    pub fn offered(&self) -> &[Lang] {
        &self.offered
    }

    pub fn default_lang(&self) -> Lang {
        self.default
    }

    /// `code` if it is offered, else the default (a stored request's language that the
    /// configuration no longer offers is answered in the default).
    pub fn pick(&self, code: &str) -> Lang {
        Lang::parse(code)
            .filter(|l| self.offered.contains(l))
            .unwrap_or(self.default)
    }

    /// The offered language an `Accept-Language` header prefers, else the default.
    pub fn negotiate(&self, accept_language: &str) -> Lang {
        negotiate::negotiate(accept_language, &self.offered, self.default)
    }

    /// The texts of `lang` (an offered language; anything else gets the default's).
    pub fn texts(&self, lang: Lang) -> &Catalogue {
        &self.entry(lang).0
    }

    /// Renders template `name` in `lang` with `ctx`.
    pub fn render(
        &self,
        lang: Lang,
        name: &str,
        ctx: impl Serialize,
    ) -> Result<String, minijinja::Error> {
        let env = &self.entry(lang).1;
        env.get_template(name)?
            .render(minijinja::Value::from(minijinja::value::Serde(ctx)))
    }

    fn entry(&self, lang: Lang) -> &Loaded {
        self.langs
            .get(&lang)
            .or_else(|| self.langs.get(&self.default))
            .unwrap_or(&self.english)
    }
}

#[cfg(test)]
mod tests;
