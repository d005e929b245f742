//! The subject-facing templates (pages, emails, README.html), built in and replaceable:
//! a template is looked up in `<overrides_dir>/<lang>/templates/<name>`, then in
//! `<overrides_dir>/templates/<name>` (every language), then among the built-in ones.
//! Overrides are read when first used, so a restart picks up a change; no rebuild.

use std::path::PathBuf;
use std::sync::Arc;

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, context};

use super::{Arg, Catalogue, Lang};

/// The built-in templates, by name (a path under `templates/`).
macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

pub const BUILT_IN_TEMPLATES: &[(&str, &str)] = built_in!(
    "base.html",
    "portal/index.html",
    "portal/message.html",
    "portal/sent.html",
    "portal/status.html",
    "portal/too_many.html",
    "portal/verify.html",
    "export/readme.html",
    "email/button.html",
    "email/confirmed/subject.txt",
    "email/confirmed/body.txt",
    "email/confirmed/body.html",
    "email/dpo_digest/subject.txt",
    "email/dpo_digest/body.txt",
    "email/dpo_digest/body.html",
    "email/erasure_completed/subject.txt",
    "email/erasure_completed/body.txt",
    "email/erasure_completed/body.html",
    "email/existing/subject.txt",
    "email/existing/body.txt",
    "email/existing/body.html",
    "email/export_failed/subject.txt",
    "email/export_failed/body.txt",
    "email/export_failed/body.html",
    "email/export_ready/subject.txt",
    "email/export_ready/body.txt",
    "email/export_ready/body.html",
    "email/extended/subject.txt",
    "email/extended/body.txt",
    "email/extended/body.html",
    "email/footer.txt",
    "email/layout.html",
    "email/manual_task/subject.txt",
    "email/manual_task/body.txt",
    "email/manual_task/body.html",
    "email/rejected/subject.txt",
    "email/rejected/body.txt",
    "email/rejected/body.html",
    "email/reminder/subject.txt",
    "email/reminder/body.txt",
    "email/reminder/body.html",
    "email/restriction_lifting/subject.txt",
    "email/restriction_lifting/body.txt",
    "email/restriction_lifting/body.html",
    "email/rights_completed/subject.txt",
    "email/rights_completed/body.txt",
    "email/rights_completed/body.html",
    "email/rights_task/subject.txt",
    "email/rights_task/body.txt",
    "email/rights_task/body.html",
    "email/verify/subject.txt",
    "email/verify/body.txt",
    "email/verify/body.html",
);

pub(super) fn environment(
    lang: Lang,
    texts: Arc<Catalogue>,
    overrides: Option<PathBuf>,
    offered: &[Lang],
) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_loader(move |name| load(overrides.as_ref(), lang, name));
    // Texts are plain: the template escapes them where it writes HTML (by file extension).
    env.add_function(
        "t",
        move |key: &str, kwargs: Kwargs| -> Result<Value, Error> {
            if kwargs.args().next().is_none()
                && let Some(text) = texts.plain(key)
            {
                return Ok(Value::from(Arc::clone(text)));
            }
            let mut args = Vec::new();
            for name in kwargs.args() {
                let v: Value = kwargs.get(name)?;
                args.push((name, arg(&v)));
            }
            Ok(Value::from(texts.text(key, &args)))
        },
    );
    env.set_formatter(html_without_slashes);
    env.add_global("lang", lang.as_str());
    // The language links every page shows: each offered language in its own name.
    let links: Vec<Value> = offered
        .iter()
        .map(|l| context! { code => l.as_str(), name => l.name(), current => *l == lang })
        .collect();
    env.add_global("languages", Value::from(links));
    env
}

/// What [`html_without_slashes`] replaces.
const ESCAPED: [char; 5] = ['&', '<', '>', '"', '\''];

/// HTML output is escaped as the desk's templates do (`&`, `<`, `>`, `"`, `'`), leaving `/` as it is:
/// links in emails stay readable in a mail client's source view, and tests can find them.
fn html_without_slashes(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), Error> {
    if !matches!(state.auto_escape(), minijinja::AutoEscape::Html) || value.is_safe() {
        return minijinja::escape_formatter(out, state, value);
    }
    let Some(text) = value.as_str() else {
        return minijinja::escape_formatter(out, state, value);
    };
    if !text.contains(ESCAPED) {
        return out.write_str(text).map_err(Error::from);
    }
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    out.write_str(&escaped).map_err(Error::from)
}

fn arg(v: &Value) -> Arg {
    if v.is_number()
        && let Ok(n) = f64::try_from(v.clone())
    {
        return Arg::Num(n);
    }
    Arg::Str(v.to_string())
}

fn load(overrides: Option<&PathBuf>, lang: Lang, name: &str) -> Result<Option<String>, Error> {
    if name
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err(Error::new(
            ErrorKind::TemplateNotFound,
            format!("{name} is not a template name"),
        ));
    }
    if let Some(dir) = overrides {
        for path in [
            dir.join(lang.as_str()).join("templates").join(name),
            dir.join("templates").join(name),
        ] {
            match std::fs::read_to_string(&path) {
                Ok(source) => return Ok(Some(source)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("{}: {e}", path.display()),
                    ));
                }
            }
        }
    }
    Ok(BUILT_IN_TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| (*s).to_owned()))
}
