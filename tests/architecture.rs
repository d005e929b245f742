//! The dependency rule (docs/dev/architecture.md): modules are layered, and a module may use
//! only modules of lower layers (and itself). This reads every `crate::<module>` path in
//! `src/` (imports and inline paths alike, comments left out) and fails on an edge that
//! points sideways or up, naming the file and line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module of a layer uses only modules of the layers below.
const LAYERS: &[&[&str]] = &[
    // the rules: request states, deadlines, audit chain, tokens, webhook events (no I/O)
    &["domain"],
    // the configuration; the portal's clock
    &["config", "clock"],
    // the subject's languages: texts, templates, dates in words
    &["i18n"],
    // the desk's rules, the data map, message templates and transports, API tokens
    &["admin", "datamap", "mail", "auth"],
    // the portal's own tables, the company's stores, archive storage and encryption, the
    // desk's identity provider
    &["db", "stores", "storage", "sso"],
    &["error", "demo"],
    // the application context
    &["portal"],
    // transitions, mail queueing, job bookkeeping: what job bodies and use cases share
    &["workflow"],
    // job bodies (never each other, never the use cases or the worker)
    &["export", "erasure", "rights"],
    // use cases
    &["service"],
    // entry points
    &["web", "jobs"],
    &["app"],
    &["cli"],
    &["lib", "main"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file belongs to: `src/service/requests.rs` -> `service`, `src/app.rs` -> `app`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_owned()
}

/// The code of a line without its `//` comment (string literals with `//` are rare enough
/// in `crate::` lines not to matter).
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

/// The first identifier of `s`.
fn ident(s: &str) -> String {
    s.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every `crate::<name>` in a text, with its byte offset: each top-level name of a
/// `crate::{a, b::{c, d}}` group too, across lines.
fn targets(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("crate::") {
        let at = from + i;
        let after = &text[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let (mut depth, mut item) = (0usize, String::new());
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push((at, ident(&item)));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.push((at, ident(&item)));
        } else {
            out.push((at, ident(after)));
        }
        from = at + "crate::".len();
    }
    out.retain(|(_, name)| !name.is_empty());
    out
}

/// Edges that break the rule: `file:line: from -> to`.
fn violations(src: &Path) -> (Vec<String>, BTreeSet<String>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut bad = Vec::new();
    let mut unknown = BTreeSet::new();
    for file in files {
        let from = module_of(src, &file);
        let Some(from_layer) = layer(&from) else {
            unknown.insert(from);
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read file");
        // Unit tests may reach anywhere in the crate; comments don't count.
        let text = text.split("\n#[cfg(test)]").next().unwrap_or("");
        let text: Vec<&str> = text.lines().map(code).collect();
        let text = text.join("\n");
        for (at, to) in targets(&text) {
            if to == from || to == "self" {
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            match layer(&to) {
                None => {
                    unknown.insert(to);
                }
                Some(l) if l < from_layer => {}
                Some(_) => bad.push(format!(
                    "{}:{line}: {from} -> {to}",
                    file.strip_prefix(src.parent().expect("repo"))
                        .expect("rel")
                        .display()
                )),
            }
        }
    }
    (bad, unknown)
}

#[test]
fn dependencies_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (bad, unknown) = violations(&src);
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS in tests/architecture.rs (and docs/dev/architecture.md): {unknown:?}"
    );
    assert!(
        bad.is_empty(),
        "{} use(s) point sideways or up the layers (see docs/dev/architecture.md):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn the_reader_finds_every_kind_of_path() {
    let names = |t: &str| -> Vec<String> { targets(t).into_iter().map(|(_, n)| n).collect() };
    assert_eq!(
        names("use crate::{\n    db::{self, x},\n    workflow::transition,\n};"),
        ["db", "workflow"]
    );
    assert_eq!(
        names("let j = crate::jobs::Job::Export; crate::service::x()"),
        ["jobs", "service"]
    );
    assert_eq!(code("use crate::db; // crate::web"), "use crate::db; ");
}
