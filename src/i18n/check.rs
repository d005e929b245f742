//! `dsr-portal texts check`: for each offered language, the keys it lacks (English is the
//! source of every key), the keys nobody asks for, values English doesn't pass, and override
//! templates that replace nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::catalogue::{built_in_files, override_files, parse};
use super::templates::BUILT_IN_TEMPLATES;
use super::{I18nError, Lang};
use crate::config::I18n as I18nConfig;

/// What `texts check` found. `problems` make it fail; `notes` don't.
#[derive(Debug, Default)]
pub struct Findings {
    pub problems: Vec<String>,
    pub notes: Vec<String>,
}

/// Each key and the variables its text uses.
pub type Keys = BTreeMap<String, BTreeSet<String>>;

pub fn run(config: &I18nConfig) -> Result<Findings, I18nError> {
    let dir = (!config.overrides_dir.is_empty()).then(|| Path::new(&config.overrides_dir));
    let source = built_in_keys(Lang::EN)?;
    let mut f = Findings::default();
    let mut langs: Vec<Lang> = config
        .languages
        .iter()
        .filter_map(|l| Lang::parse(l))
        .collect();
    if !langs.contains(&Lang::EN) {
        langs.insert(0, Lang::EN);
    }
    for lang in langs {
        let built = built_in_keys(lang)?;
        let mut over = Keys::new();
        for (path, text) in override_files(dir, lang)? {
            over.extend(keys_of(&path, text)?);
        }
        for key in source.keys() {
            if !built.contains_key(key) && !over.contains_key(key) {
                f.problems.push(format!("{lang}: missing {key}"));
            }
        }
        for (whose, keys) in [("built-in", &built), ("override", &over)] {
            for (key, vars) in keys {
                let Some(known) = source.get(key) else {
                    f.notes.push(format!("{lang}: unused {whose} key {key}"));
                    continue;
                };
                for v in vars.difference(known) {
                    f.problems.push(format!(
                        "{lang}: {key} ({whose}) uses ${v}, which is never given to it"
                    ));
                }
            }
        }
    }
    if let Some(dir) = dir {
        for (place, name) in override_templates(dir) {
            if !BUILT_IN_TEMPLATES.iter().any(|(n, _)| *n == name) {
                f.notes.push(format!("{place}: unused template {name}"));
            }
        }
    }
    Ok(f)
}

/// The keys of a built-in language, with their variables.
pub fn built_in_keys(lang: Lang) -> Result<Keys, I18nError> {
    let mut keys = Keys::new();
    for (file, text) in built_in_files(lang) {
        keys.extend(keys_of(
            &format!("locales/{lang}/{file}"),
            (*text).to_owned(),
        )?);
    }
    Ok(keys)
}

fn keys_of(file: &str, text: String) -> Result<Keys, I18nError> {
    let res = parse(file, text)?;
    let mut keys = Keys::new();
    for entry in res.entries() {
        if let Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                variables(p, &mut vars);
            }
            keys.insert(m.id.name.to_owned(), vars);
        }
    }
    Ok(keys)
}

fn variables(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(i) => inline_vars(i, out),
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                variables(&v.value, out);
            }
        }
    }
}

fn inline_vars(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// Template files under `<dir>/templates/` and `<dir>/<lang>/templates/`: (folder, name).
fn override_templates(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut roots = vec![dir.join("templates")];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.filter_map(Result::ok) {
            if e.path().is_dir() {
                roots.push(e.path().join("templates"));
            }
        }
    }
    for root in roots {
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.filter_map(Result::ok) {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(rel) = p.strip_prefix(&root) {
                    out.push((
                        root.display().to_string(),
                        rel.to_string_lossy().replace('\\', "/"),
                    ));
                }
            }
        }
    }
    out.sort();
    out
}
