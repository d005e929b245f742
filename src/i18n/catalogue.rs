//! One language's texts: the built-in Fluent files of `locales/<lang>/`, then the company's
//! `<overrides_dir>/<lang>/*.ftl` on top (a key there replaces the built-in one).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::{I18nError, Lang};

/// The built-in text files, per language: English is the source of every key.
macro_rules! ftl {
    ($lang:literal) => {
        &[
            (
                "pages.ftl",
                include_str!(concat!("../../locales/", $lang, "/pages.ftl")),
            ),
            (
                "emails.ftl",
                include_str!(concat!("../../locales/", $lang, "/emails.ftl")),
            ),
            (
                "archive.ftl",
                include_str!(concat!("../../locales/", $lang, "/archive.ftl")),
            ),
        ]
    };
}

type Files = &'static [(&'static str, &'static str)];

pub(super) const BUILT_IN: [(&str, Files); 6] = [
    ("en", ftl!("en")),
    ("de", ftl!("de")),
    ("fr", ftl!("fr")),
    ("es", ftl!("es")),
    ("it", ftl!("it")),
    ("nl", ftl!("nl")),
];

/// A value a text quotes: words, or a number (which also picks the plural form).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
macro_rules! numeric {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(n: $t) -> Self {
                Arg::Num(n as f64)
            }
        }
    )*};
}
numeric!(i32, i64, u32, u64, usize);

pub struct Catalogue {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    /// English, for a key this language (or its override) lacks.
    fallback: Option<Arc<Catalogue>>,
    /// Every text that takes no values, formatted once: pages ask for these on every view.
    plain: HashMap<String, Arc<str>>,
}

impl Catalogue {
    pub(super) fn load(
        lang: Lang,
        overrides: Option<&Path>,
        fallback: Option<Arc<Catalogue>>,
    ) -> Result<Self, I18nError> {
        let id = lang
            .as_str()
            .parse()
            .map_err(|_| I18nError::Io(format!("{lang} is not a language tag")))?;
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Pages, emails and README.html are not bidirectional text: no isolation marks.
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(match lang.as_str() {
            "en" => group::<_, ','>,
            "fr" => group::<_, '\u{202f}'>,
            _ => group::<_, '.'>,
        }));
        let mut ids = Vec::new();
        for (file, source) in built_in_files(lang) {
            let res = parse(&format!("locales/{lang}/{file}"), (*source).to_owned())?;
            ids.extend(message_ids(&res));
            bundle
                .add_resource(res)
                .map_err(|e| texts_error(&format!("locales/{lang}/{file}"), &e))?;
        }
        for (path, source) in override_files(overrides, lang)? {
            let res = parse(&path, source)?;
            ids.extend(message_ids(&res));
            bundle.add_resource_overriding(res);
        }
        let plain = plain_texts(&bundle, ids);
        Ok(Self {
            lang,
            bundle,
            fallback,
            plain,
        })
    }

    /// The text `key` when it takes no values, formatted at load (this language's, else
    /// English's); None for a text that needs values or a key neither has.
    pub fn plain(&self, key: &str) -> Option<&Arc<str>> {
        match self.plain.get(key) {
            Some(text) => Some(text),
            None if self.bundle.has_message(key) => None,
            None => self.fallback.as_ref().and_then(|en| en.plain(key)),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether this language (not its fallback) has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    /// The text `key` with `args`; a missing key falls back to English, then to the key
    /// itself (and is logged: `texts check` finds it first).
    pub fn text(&self, key: &str, args: &[(&str, Arg)]) -> String {
        if let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) {
            let mut fargs = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                match value {
                    Arg::Str(s) => fargs.set(*name, FluentValue::from(s.as_str())),
                    Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
                }
            }
            let mut errors = Vec::new();
            let out = self
                .bundle
                .format_pattern(pattern, Some(&fargs), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(lang = %self.lang, key, ?errors, "text formatted with errors");
            }
            return out.into_owned();
        }
        match &self.fallback {
            Some(en) => en.text(key, args),
            None => {
                tracing::warn!(lang = %self.lang, key, "no such text");
                key.to_owned()
            }
        }
    }

    /// `text` without values.
    pub fn t(&self, key: &str) -> String {
        match self.plain(key) {
            Some(text) => text.to_string(),
            None => self.text(key, &[]),
        }
    }
}

/// The bundle's texts that format without values and without errors.
fn plain_texts(
    bundle: &FluentBundle<FluentResource>,
    ids: Vec<String>,
) -> HashMap<String, Arc<str>> {
    let mut plain = HashMap::new();
    for id in ids {
        let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if errors.is_empty() {
            let text = Arc::from(text.as_ref());
            plain.insert(id, text);
        }
    }
    plain
}

/// The ids of a file's messages (not its terms).
fn message_ids(res: &FluentResource) -> impl Iterator<Item = String> + '_ {
    res.entries().filter_map(|e| match e {
        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
        _ => None,
    })
}

pub(super) fn built_in_files(lang: Lang) -> Files {
    BUILT_IN
        .iter()
        .find(|(l, _)| *l == lang.as_str())
        .map_or(&[], |(_, files)| *files)
}

/// `<overrides_dir>/<lang>/*.ftl`, by name: (path, contents).
pub(super) fn override_files(
    dir: Option<&Path>,
    lang: Lang,
) -> Result<Vec<(String, String)>, I18nError> {
    let Some(dir) = dir else {
        return Ok(Vec::new());
    };
    let folder = dir.join(lang.as_str());
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| I18nError::Io(format!("{}: {e}", p.display())))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

pub(super) fn parse(file: &str, source: String) -> Result<FluentResource, I18nError> {
    FluentResource::try_new(source).map_err(|(_, errors)| I18nError::Texts {
        file: file.to_owned(),
        message: errors
            .iter()
            .map(|e| format!("{:?} at bytes {:?}", e.kind, e.pos))
            .collect::<Vec<_>>()
            .join("; "),
    })
}

fn texts_error(file: &str, errors: &[fluent_bundle::FluentError]) -> I18nError {
    I18nError::Texts {
        file: file.to_owned(),
        message: errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Whole numbers of 1,000 and more with the language's group separator (`12,345`,
/// `12.345`, `12 345`); anything else as Fluent writes it.
fn group<M, const SEP: char>(v: &FluentValue, _: &M) -> Option<String> {
    let FluentValue::Number(n) = v else {
        return None;
    };
    if n.value.fract() != 0.0 || n.value.abs() < 1000.0 || n.value.abs() >= 1e15 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let whole = n.value as i64;
    Some(super::format::grouped(whole, SEP))
}
