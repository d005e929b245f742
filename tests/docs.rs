//! The documentation stays true and inside the repository:
//! - `dsr-portal.example.toml` loads with the portal's own loader, names every key the code
//!   knows (`src/config.rs`) and gives each its default;
//! - no file in the repository points at a path outside it;
//! - every relative link in `README.md`, `docs/**/*.md` and `bench/*.md` reaches a file (and a
//!   heading, when it names one) that exists;
//! - every data map example in the docs passes the map's own static checks;
//! - `README.md` still gives the test command that `.ci/run` runs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use dsr_portal::config::Config;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------
// (a) dsr-portal.example.toml

const EXAMPLE: &str = "dsr-portal.example.toml";

/// Every key of `defaults` (dotted), paired with its default value.
fn keys(prefix: &str, defaults: &Value, out: &mut Vec<(String, Value)>) {
    if let Value::Object(map) = defaults {
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if v.is_object() {
                keys(&key, v, out);
            } else {
                out.push((key, v.clone()));
            }
        }
    }
}

fn lookup<'a>(value: &'a Value, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(value, |v, k| v.get(k))
}

/// Numbers compare by value whatever their JSON representation (`8388608` and `8388608`
/// may come from different integer types).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.to_string() == y.to_string(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        _ => a == b,
    }
}

#[test]
fn example_config_loads_with_the_portals_loader() {
    let path = root().join(EXAMPLE);
    let config =
        Config::load(Some(&path)).unwrap_or_else(|e| panic!("{EXAMPLE} does not load: {e}"));
    // Loading validated it; it is also a plain default configuration, so nothing in it
    // points anywhere real.
    assert_eq!(config.server.bind, "127.0.0.1:8080");
    assert!(config.webhook.is_empty());
}

#[test]
fn example_config_sets_every_section_and_key_with_its_default() {
    let text = read(&root().join(EXAMPLE));
    let example: Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{EXAMPLE} is not TOML: {e}"));
    let defaults = serde_json::to_value(Config::default()).expect("the defaults serialize");

    // Every top-level section the code knows is set in the file.
    let sections: BTreeSet<&String> = defaults.as_object().expect("an object").keys().collect();
    let set: BTreeSet<&String> = example.as_object().expect("a table").keys().collect();
    let missing: Vec<_> = sections.difference(&set).collect();
    assert!(
        missing.is_empty(),
        "{EXAMPLE} does not set the section(s) {missing:?}"
    );
    let unknown: Vec<_> = set.difference(&sections).collect();
    assert!(unknown.is_empty(), "{EXAMPLE} sets unknown {unknown:?}");

    let mut all = Vec::new();
    keys("", &defaults, &mut all);
    let mut problems = Vec::new();
    for (key, default) in &all {
        match lookup(&example, key) {
            // A key with no default (an unset secret) can't be written in TOML: it must be
            // shown commented out.
            None if default.is_null() => {
                let name = key.rsplit('.').next().unwrap_or(key);
                if !text.lines().any(|l| {
                    l.trim_start()
                        .trim_start_matches('#')
                        .trim_start()
                        .starts_with(&format!("{name} ="))
                }) {
                    problems.push(format!("{key}: unset by default, but not shown commented"));
                }
            }
            None => problems.push(format!("{key}: missing")),
            Some(v) if !same(v, default) => {
                problems.push(format!("{key}: {v} in the file, the default is {default}"));
            }
            Some(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "{EXAMPLE} against src/config.rs:\n{}",
        problems.join("\n")
    );

    // Every key is explained: the line before it (or the end of its own line) is a comment.
    let lines: Vec<&str> = text.lines().collect();
    let mut unexplained = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with('[') {
            continue;
        }
        let commented_before = i > 0 && lines[i - 1].trim().starts_with('#');
        if !(commented_before || l.contains(" # ")) {
            unexplained.push(l.to_owned());
        }
    }
    assert!(
        unexplained.is_empty(),
        "{EXAMPLE}: keys without a comment: {unexplained:?}"
    );
}

// ---------------------------------------------------------------------------------------
// (b) no path outside the repository

/// The repository's files: tracked and new (not ignored), else every file under the root
/// except `target/` and `.git/`.
fn repository_files() -> Vec<PathBuf> {
    let root = root();
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(&root)
        .output()
        .ok()
        .filter(|o| o.status.success() && !o.stdout.is_empty());
    if let Some(out) = listed {
        return out
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| root.join(String::from_utf8_lossy(p).as_ref()))
            .filter(|p| p.is_file())
            .collect();
    }
    let mut out = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("a readable folder")
            .flatten()
        {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if !(dir == root && (name == "target" || name == ".git" || name == ".venv-ci")) {
                    dirs.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Where `text` names an absolute path under the machine's work folder: "/work" and a slash,
/// not preceded by anything that makes it part of a longer path or a URL's path.
fn absolute_work_path(text: &str) -> Option<usize> {
    let needle = ["/", "work/"].concat();
    text.match_indices(&needle).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || "._~-%".contains(c))
    })
}

#[test]
fn no_file_points_outside_the_repository() {
    // Spelled in pieces, so this file does not find itself.
    let sibling = ["..", "/shared"].concat();
    let files = repository_files();
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut found = Vec::new();
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if bytes.contains(&0) {
            continue; // binary
        }
        let text = String::from_utf8_lossy(&bytes);
        for (n, line) in text.lines().enumerate() {
            if line.contains(&sibling) || absolute_work_path(line).is_some() {
                let rel = path.strip_prefix(root()).unwrap_or(&path);
                found.push(format!("{}:{}: {}", rel.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "these lines point outside the repository:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_path_check_tells_absolute_paths_from_others() {
    let abs = ["/", "work/x"].concat();
    assert!(absolute_work_path(&abs).is_some());
    assert!(absolute_work_path(&format!("see `{abs}`")).is_some());
    assert!(absolute_work_path(&format!("path={abs}")).is_some());
    assert!(absolute_work_path(&format!("https://example.com{abs}")).is_none());
    assert!(absolute_work_path(&format!("src{abs}")).is_none());
}

// ---------------------------------------------------------------------------------------
// (c) relative links in the documentation

fn markdown_files() -> Vec<PathBuf> {
    let mut out = vec![root().join("README.md")];
    let mut dirs = vec![root().join("docs"), root().join("bench")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The text outside fenced code blocks and inline code spans, line by line.
fn prose_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut prose = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                prose.push_str(part);
            }
        }
        out.push((n + 1, prose));
    }
    out
}

/// Link targets: `[text](target)` and reference definitions `[label]: target`.
fn link_targets(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let Some(end) = after.find(')') else { break };
        let target = after[..end].split_whitespace().next().unwrap_or("");
        out.push(target.trim_matches(['<', '>']).to_owned());
        rest = &after[end..];
    }
    let t = line.trim_start();
    if t.starts_with('[')
        && let Some(i) = t.find("]: ")
    {
        out.push(
            t[i + 3..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned(),
        );
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped,
/// spaces become `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut fenced = false;
    let mut out = BTreeSet::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced && line.starts_with('#') {
            out.insert(slug(line.trim_start_matches('#')));
        }
    }
    out
}

#[test]
fn every_relative_link_in_the_docs_reaches_a_file() {
    let files = markdown_files();
    assert!(
        files.len() > 5,
        "README.md and docs/: only {} pages",
        files.len()
    );
    let mut broken = Vec::new();
    for file in &files {
        let text = read(file);
        let rel = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        for (n, line) in prose_lines(&text) {
            for target in link_targets(&line) {
                if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (target.as_str(), None),
                };
                if path.starts_with('/') {
                    broken.push(format!("{rel}:{n}: {target} (make it relative)"));
                    continue;
                }
                let dest = if path.is_empty() {
                    file.clone()
                } else {
                    file.parent().expect("a folder").join(path)
                };
                if !dest.exists() {
                    broken.push(format!("{rel}:{n}: {target} (no such file)"));
                    continue;
                }
                if let Some(anchor) = anchor
                    && dest.extension().is_some_and(|e| e == "md")
                    && !anchors(&read(&dest)).contains(anchor)
                {
                    broken.push(format!("{rel}:{n}: {target} (no such heading)"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_check_reads_links_and_headings() {
    assert_eq!(
        link_targets("see [a](docs/a.md#x) and [c](https://x.example \"title\")"),
        ["docs/a.md#x", "https://x.example"]
    );
    assert_eq!(link_targets("[ref]: dev/testing.md"), ["dev/testing.md"]);
    assert_eq!(
        slug(" What matches what (one subject, exactly)"),
        "what-matches-what-one-subject-exactly"
    );
    assert_eq!(slug(" The DPO desk (`/admin`)"), "the-dpo-desk-admin");
    let lines = prose_lines("a `[x](nowhere.md)` b\n```\n[y](nowhere.md)\n```\n");
    assert!(lines.iter().all(|(_, l)| link_targets(l).is_empty()));
}

/// The ```toml blocks of a markdown text.
fn toml_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        match current.as_mut() {
            None if line.trim() == "```toml" => current = Some((n + 1, String::new())),
            None => {}
            Some(_) if line.trim() == "```" => out.extend(current.take()),
            Some((_, block)) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_data_map_in_the_docs_passes_the_maps_own_checks() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for file in markdown_files() {
        let rel = file
            .strip_prefix(root())
            .unwrap_or(&file)
            .display()
            .to_string();
        for (line, block) in toml_blocks(&read(&file)) {
            if !block.contains("[[store]]") {
                continue;
            }
            checked += 1;
            if let Err(e) = dsr_portal::datamap::DataMap::parse(&block) {
                problems.push(format!("{rel}:{line}:\n{e}"));
            }
        }
    }
    assert!(checked >= 3, "only {checked} data maps found in the docs");
    assert!(
        problems.is_empty(),
        "data maps in the docs that the portal refuses:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// (d) the test command `.ci/run` runs is the README's

#[test]
fn readme_gives_the_test_command_under_a_heading_about_tests() {
    let readme = read(&root().join("README.md"));
    let mut heading = String::new();
    let mut in_sh = false;
    let mut found = false;
    for line in readme.lines() {
        if line.starts_with('#') {
            heading = line.to_lowercase();
        } else if line.trim() == "```sh" {
            in_sh = true;
        } else if line.trim() == "```" {
            in_sh = false;
        } else if in_sh && line.trim() == "cargo test --locked" && heading.contains("test") {
            found = true;
        }
    }
    assert!(
        found,
        "README.md must give `cargo test --locked` in a ```sh block under a heading about tests"
    );
}
