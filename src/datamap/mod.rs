//! The data map (DESIGN §3): which stores hold personal data, and how to find one subject
//! in each. Parsing and the static checks (names, identifier graph) live here; checks
//! against the live schema are each store's (`dsr-portal datamap check`).

mod graph;
pub mod labels;
pub mod rights;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

pub use graph::Plan;

/// The identifier every request starts from.
pub const EMAIL: &str = "email";

/// The built-in demo map (`dsr-portal demo` creates the store it points at).
pub const DEMO: &str = include_str!("demo.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataMap {
    #[serde(default)]
    pub store: Vec<StoreDef>,
    #[serde(default)]
    pub retention: Vec<RetentionRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreType {
    Postgres,
    Mysql,
    Sqlite,
    Redis,
    Stripe,
    Http,
    Manual,
}

impl StoreType {
    pub fn as_str(self) -> &'static str {
        match self {
            StoreType::Postgres => "postgres",
            StoreType::Mysql => "mysql",
            StoreType::Sqlite => "sqlite",
            StoreType::Redis => "redis",
            StoreType::Stripe => "stripe",
            StoreType::Http => "http",
            StoreType::Manual => "manual",
        }
    }

    pub fn is_sql(self) -> bool {
        matches!(
            self,
            StoreType::Postgres | StoreType::Mysql | StoreType::Sqlite
        )
    }

    /// The cargo feature that builds this type's connector in (`None`: always built).
    pub fn feature(self) -> Option<&'static str> {
        match self {
            StoreType::Postgres => Some("postgres"),
            StoreType::Mysql => Some("mysql"),
            StoreType::Sqlite => Some("sqlite"),
            StoreType::Redis | StoreType::Stripe | StoreType::Http | StoreType::Manual => None,
        }
    }

    /// Whether this build can open stores of this type.
    pub fn is_compiled(self) -> bool {
        match self {
            StoreType::Postgres => cfg!(feature = "postgres"),
            StoreType::Mysql => cfg!(feature = "mysql"),
            StoreType::Sqlite => cfg!(feature = "sqlite"),
            StoreType::Redis | StoreType::Stripe | StoreType::Http | StoreType::Manual => true,
        }
    }

    /// What a store of this type says in a build without its feature.
    pub fn not_compiled(self) -> String {
        let feature = self.feature().unwrap_or(self.as_str());
        format!(
            "type \"{}\" needs the {feature} feature, which this build was made without \
             (build with --features {feature})",
            self.as_str()
        )
    }
}

/// One `[[store]]`. Which keys apply depends on `type`; [`DataMap::parse`] checks that.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreDef {
    pub name: String,
    /// The name subjects see (status page, emails, README.html); without it, `name`
    /// humanised.
    pub label: Option<String>,
    #[serde(rename = "type")]
    pub kind: StoreType,
    pub url: Option<String>,
    pub url_env: Option<String>,
    #[serde(default)]
    pub table: Vec<TableDef>,
    #[serde(default)]
    pub keys: Vec<KeysDef>,
    // stripe
    pub api_base: Option<String>,
    pub api_key_env: Option<String>,
    #[serde(rename = "match")]
    pub matches: Option<StoreMatch>,
    pub erase: Option<String>,
    // http
    pub export_url: Option<String>,
    pub erase_url: Option<String>,
    /// http: where a rectification, restriction or objection is sent (DESIGN §3).
    pub rectify_url: Option<String>,
    pub restrict_url: Option<String>,
    pub object_url: Option<String>,
    pub secret_env: Option<String>,
    // manual
    pub contact: Option<String>,
    pub instructions: Option<String>,
    /// stripe, http: identifier values never sent to this store (placeholders such as
    /// `"n/a"`); empty and whitespace-only values never are, anywhere.
    #[serde(default)]
    pub ignore: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreMatch {
    pub identifier: String,
}

/// One `[[store.table]]` of a SQL store.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub name: String,
    /// The name subjects see; without it, `name` humanised.
    pub label: Option<String>,
    /// One sentence for subjects on what the table holds (README.html of an archive).
    pub about: Option<String>,
    #[serde(rename = "match")]
    pub matches: TableMatch,
    /// identifier name -> column whose values become that identifier.
    #[serde(default)]
    pub derive: BTreeMap<String, String>,
    pub erase: EraseDef,
    /// Values that mean "nobody" in this table (`"0"`, `"n/a"`): never matched here, never
    /// derived from here.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// How the `email` identifier is compared with the match column.
    #[serde(default)]
    pub case: Case,
    /// The match identifier names one person by itself, for good (an address, a national
    /// id), unlike an internal id a store may hand to someone else later: replay may re-find
    /// erased subjects through it.
    #[serde(default)]
    pub identifying: bool,
    /// Columns a subject may correct (DESIGN §2a), each with the label subjects see.
    #[serde(default)]
    pub rectify: BTreeMap<String, String>,
    /// The flag a restriction sets on the subject's rows (Art. 18).
    pub restrict: Option<rights::FlagDef>,
    /// The flag an objection sets on the subject's rows (Art. 21).
    pub object: Option<rights::FlagDef>,
}

/// How `email` is compared with a table's match column (DESIGN §3, "One subject, exactly").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Case {
    /// Case-insensitively: `Dave@Example.COM` is the subject `dave@example.com`.
    #[default]
    Insensitive,
    /// The column is stored lower-case: compared as it is, so an index serves the lookup.
    Exact,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMatch {
    pub column: String,
    pub identifier: String,
}

/// How a table's rows of the subject are erased.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum EraseDef {
    /// `erase = "delete"`
    Simple(String),
    /// `erase = { retain = "reason", years = 8, from = "issued_at", from_year_end = true }`
    Retain(RetainDef),
    /// `erase = { null = [...], mask = [...] }`
    Columns(ColumnsDef),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetainDef {
    pub retain: String,
    pub years: u32,
    pub from: String,
    #[serde(default)]
    pub from_year_end: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnsDef {
    #[serde(default)]
    pub null: Vec<String>,
    #[serde(default)]
    pub mask: Vec<String>,
}

/// The erase strategy of a table, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Erase {
    Delete,
    Columns {
        null: Vec<String>,
        mask: Vec<String>,
    },
    Retain(RetainDef),
}

impl TableDef {
    /// The checked strategy (parse already rejected anything else).
    pub fn erase(&self) -> Erase {
        match &self.erase {
            EraseDef::Simple(_) => Erase::Delete,
            EraseDef::Columns(c) => Erase::Columns {
                null: c.null.clone(),
                mask: c.mask.clone(),
            },
            EraseDef::Retain(r) => Erase::Retain(r.clone()),
        }
    }

    /// Every column the map names in this table.
    pub fn columns(&self) -> Vec<(&'static str, &str)> {
        let mut cols = vec![("match", self.matches.column.as_str())];
        cols.extend(self.derive.values().map(|c| ("derive", c.as_str())));
        match &self.erase {
            EraseDef::Simple(_) => {}
            EraseDef::Columns(c) => {
                cols.extend(c.null.iter().map(|c| ("null", c.as_str())));
                cols.extend(c.mask.iter().map(|c| ("mask", c.as_str())));
            }
            EraseDef::Retain(r) => cols.push(("from", r.from.as_str())),
        }
        cols.extend(self.rectify.keys().map(|c| ("rectify", c.as_str())));
        if let Some(f) = &self.restrict {
            cols.push(("restrict", f.column.as_str()));
        }
        if let Some(f) = &self.object {
            cols.push(("object", f.column.as_str()));
        }
        cols
    }
}

/// One `[[store.keys]]` of a Redis store.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysDef {
    pub pattern: String,
    /// The name subjects see for these keys; without it, the pattern's first part
    /// humanised (`session:{email}` is "Session").
    pub label: Option<String>,
    #[serde(default = "delete")]
    pub erase: String,
    /// Values never put into this pattern (see [`TableDef::ignore`]).
    #[serde(default)]
    pub ignore: Vec<String>,
}

fn delete() -> String {
    "delete".into()
}

impl KeysDef {
    /// The `{identifier}` placeholders in the pattern, in order.
    pub fn identifiers(&self) -> Vec<String> {
        placeholders(&self.pattern)
    }
}

/// `{name}` placeholders in a pattern.
pub fn placeholders(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].to_owned());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// Why a key pattern would let one subject's value match another's keys: a placeholder
/// next to a glob (`{user_id}*` matches user 1's keys and user 10's) or to another
/// placeholder (`{a}{b}`: "1"+"23" and "12"+"3" are the same key).
fn loose_placeholder(pattern: &str) -> Option<String> {
    let glob = |c: Option<char>| matches!(c, Some('*' | '?' | '[' | ']' | '{' | '}'));
    let mut rest = pattern;
    let mut offset = 0;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}')? + start;
        let name = &rest[start + 1..end];
        let before = pattern[..offset + start].chars().next_back();
        let after = rest[end + 1..].chars().next();
        if glob(before) || glob(after) {
            return Some(format!(
                "put a separator (such as `:`) on both sides of {{{name}}}: next to a glob or \
                 another placeholder, one subject's value would match other subjects' keys"
            ));
        }
        offset += end + 1;
        rest = &rest[end + 1..];
    }
    None
}

/// One `[[retention]]` rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionRule {
    pub name: String,
    pub store: String,
    pub subjects_sql: String,
    #[serde(default = "erase_action")]
    pub action: String,
    #[serde(default = "daily")]
    pub schedule: String,
}

fn erase_action() -> String {
    "erase".into()
}

fn daily() -> String {
    "daily".into()
}

/// One thing wrong with a map, naming where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub store: String,
    pub table: Option<String>,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn store(store: &str, message: impl Into<String>) -> Self {
        Self {
            store: store.into(),
            table: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn table(store: &str, table: &str, message: impl Into<String>) -> Self {
        Self {
            table: Some(table.into()),
            ..Self::store(store, message)
        }
    }

    pub fn column(store: &str, table: &str, column: &str, message: impl Into<String>) -> Self {
        Self {
            column: Some(column.into()),
            ..Self::table(store, table, message)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store {}", self.store)?;
        if let Some(t) = &self.table {
            write!(f, ", table {t}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a map can't be used: every problem found, one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapError(pub Vec<Problem>);

impl fmt::Display for MapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for MapError {}

impl DataMap {
    /// Parses and checks a map: keys per store type, strategies, names, and the identifier
    /// graph (every identifier reachable from `email`, no derive loops).
    pub fn parse(text: &str) -> Result<Self, MapError> {
        let map: DataMap = toml::from_str(text).map_err(|e| {
            MapError(vec![Problem::store(
                "-",
                format!("not a valid data map: {}", e.message()),
            )])
        })?;
        let mut problems = map.check_shape();
        if problems.is_empty()
            && let Err(mut graph) = Plan::build(&map)
        {
            problems.append(&mut graph);
        }
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(MapError(problems))
        }
    }

    pub fn load(path: &Path) -> Result<Self, MapError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            MapError(vec![Problem::store(
                "-",
                format!("cannot read {}: {e}", path.display()),
            )])
        })?;
        Self::parse(&text)
    }

    pub fn demo() -> Result<Self, MapError> {
        Self::parse(DEMO)
    }

    /// The map the configuration names (`datamap.path`), or the demo map when it names none.
    pub fn from_config(config: &crate::config::Config) -> Result<Self, MapError> {
        if config.datamap.path.is_empty() {
            Self::demo()
        } else {
            Self::load(Path::new(&config.datamap.path))
        }
    }

    pub fn store(&self, name: &str) -> Option<&StoreDef> {
        self.store.iter().find(|s| s.name == name)
    }

    /// The identifiers that name one person by themselves: `email`, and those a table marks
    /// `identifying = true`.
    pub fn identifying(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::from([EMAIL.to_owned()]);
        out.extend(
            self.store
                .iter()
                .flat_map(|s| &s.table)
                .filter(|t| t.identifying)
                .map(|t| t.matches.identifier.clone()),
        );
        out
    }

    /// Stores whose type needs a backend this build was made without. `compiled` says which
    /// types the build can open ([`StoreType::is_compiled`]; tests pass a smaller set).
    fn check_backends(&self, compiled: impl Fn(StoreType) -> bool) -> Vec<Problem> {
        self.store
            .iter()
            .filter(|s| !compiled(s.kind))
            .map(|s| Problem::store(&s.name, s.kind.not_compiled()))
            .collect()
    }

    /// Everything about the map's shape that needs no live store: each store's name and
    /// keys, its tables' strategies, its key patterns, and the retention rules.
    fn check_shape(&self) -> Vec<Problem> {
        let mut p = self.check_backends(StoreType::is_compiled);
        let mut names = std::collections::HashSet::new();
        for s in &self.store {
            s.check_name(&mut p);
            if !names.insert(s.name.as_str()) {
                p.push(Problem::store(&s.name, "two stores have this name"));
            }
            s.check_keys_apply(&mut p);
            s.check_required_keys(&mut p);
            for t in &s.table {
                t.check(&s.name, &mut p);
            }
            for k in &s.keys {
                k.check(&s.name, &mut p);
            }
        }
        for r in &self.retention {
            self.check_retention_rule(r, &mut p);
        }
        p
    }

    fn check_retention_rule(&self, r: &RetentionRule, p: &mut Vec<Problem>) {
        match self.store(&r.store) {
            Some(s) if s.kind.is_sql() => {}
            Some(_) => p.push(Problem::store(
                &r.store,
                format!("retention rule {}: subjects_sql needs a SQL store", r.name),
            )),
            None => p.push(Problem::store(
                &r.store,
                format!("retention rule {}: no such store", r.name),
            )),
        }
        if r.action != "erase" {
            p.push(Problem::store(
                &r.store,
                format!("retention rule {}: action must be \"erase\"", r.name),
            ));
        }
        if !matches!(r.schedule.as_str(), "hourly" | "daily" | "weekly") {
            p.push(Problem::store(
                &r.store,
                format!(
                    "retention rule {}: schedule must be hourly, daily or weekly",
                    r.name
                ),
            ));
        }
    }
}

/// The shape checks of one `[[store]]`.
impl StoreDef {
    fn check_name(&self, p: &mut Vec<Problem>) {
        if self.name.is_empty()
            || !self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            p.push(Problem::store(
                &self.name,
                "a store name is letters, digits, - and _ (it names a folder in the export)",
            ));
        }
    }

    /// Keys given to a store type they don't apply to.
    fn check_keys_apply(&self, p: &mut Vec<Problem>) {
        let kind = self.kind;
        let mut only = |ok: bool, key: &str| {
            if !ok {
                p.push(Problem::store(
                    &self.name,
                    format!("`{key}` does not apply to a {} store", kind.as_str()),
                ));
            }
        };
        only(kind.is_sql() || self.table.is_empty(), "table");
        only(kind == StoreType::Redis || self.keys.is_empty(), "keys");
        only(
            kind == StoreType::Stripe
                || (self.api_base.is_none()
                    && self.api_key_env.is_none()
                    && self.matches.is_none()
                    && self.erase.is_none()),
            "api_base/api_key_env/match/erase",
        );
        only(
            kind == StoreType::Http
                || (self.export_url.is_none()
                    && self.erase_url.is_none()
                    && self.rectify_url.is_none()
                    && self.restrict_url.is_none()
                    && self.object_url.is_none()),
            "export_url/erase_url/rectify_url/restrict_url/object_url",
        );
        only(
            matches!(kind, StoreType::Http) || self.secret_env.is_none(),
            "secret_env",
        );
        only(
            kind == StoreType::Manual || (self.contact.is_none() && self.instructions.is_none()),
            "contact/instructions",
        );
        only(
            matches!(kind, StoreType::Stripe | StoreType::Http) || self.ignore.is_empty(),
            "ignore (SQL tables and Redis keys list their own)",
        );
    }

    /// Keys a store type needs, and the values they must have.
    fn check_required_keys(&self, p: &mut Vec<Problem>) {
        let has = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
        let missing = match self.kind {
            k if k.is_sql() || k == StoreType::Redis => {
                (!has(&self.url) && !has(&self.url_env)).then_some("needs `url` or `url_env`")
            }
            StoreType::Stripe => self
                .matches
                .is_none()
                .then_some("needs `match = { identifier = ... }`"),
            StoreType::Http => (!has(&self.export_url) && !has(&self.erase_url))
                .then_some("needs `export_url` and/or `erase_url`"),
            _ => (!has(&self.contact)).then_some("needs `contact` (who gets the task)"),
        };
        if let Some(m) = missing {
            p.push(Problem::store(&self.name, m));
        }
        if self.kind == StoreType::Stripe
            && self
                .erase
                .as_deref()
                .is_some_and(|e| e != "redact_customer")
        {
            p.push(Problem::store(
                &self.name,
                "erase must be \"redact_customer\" (Stripe invoices are never deleted)",
            ));
        }
        if self.kind.is_sql() && self.table.is_empty() {
            p.push(Problem::store(&self.name, "lists no `[[store.table]]`"));
        }
        if self.kind == StoreType::Redis && self.keys.is_empty() {
            p.push(Problem::store(&self.name, "lists no `[[store.keys]]`"));
        }
    }
}

impl TableDef {
    /// The shape checks of one `[[store.table]]` of `store`.
    fn check(&self, store: &str, p: &mut Vec<Problem>) {
        match &self.erase {
            EraseDef::Simple(v) if v != "delete" => p.push(Problem::table(
                store,
                &self.name,
                format!("erase = {v:?}: expected \"delete\", {{ null = [..], mask = [..] }} or {{ retain = .., years = .., from = .. }}"),
            )),
            EraseDef::Columns(c) if c.null.is_empty() && c.mask.is_empty() => {
                p.push(Problem::table(store, &self.name, "erase names no column to null or mask"));
            }
            _ => {}
        }
        if self.case == Case::Exact && self.matches.identifier != EMAIL {
            p.push(Problem::table(
                store,
                &self.name,
                "case = \"exact\" only applies to a table matched by email",
            ));
        }
        self.check_rights(store, p);
        for (identifier, column) in &self.derive {
            if identifier == &self.matches.identifier {
                p.push(Problem::column(
                    store,
                    &self.name,
                    column,
                    format!(
                        "derives {identifier}, the identifier it is matched by (a derive loop)"
                    ),
                ));
            }
        }
    }
}

impl KeysDef {
    /// The shape checks of one `[[store.keys]]` of `store`.
    fn check(&self, store: &str, p: &mut Vec<Problem>) {
        if self.identifiers().is_empty() {
            p.push(Problem::store(
                store,
                format!(
                    "key pattern {:?} has no {{identifier}}: it would match every subject",
                    self.pattern
                ),
            ));
        }
        if let Some(why) = loose_placeholder(&self.pattern) {
            p.push(Problem::store(
                store,
                format!("key pattern {:?}: {why}", self.pattern),
            ));
        }
        if self.erase != "delete" {
            p.push(Problem::store(
                store,
                format!("keys erase {:?}: only \"delete\"", self.erase),
            ));
        }
    }
}

impl StoreDef {
    /// The connection URL: `url`, or the environment variable `url_env` names.
    pub fn resolve_url(&self) -> Result<String, Problem> {
        if let Some(url) = self.url.as_deref().filter(|u| !u.is_empty()) {
            return Ok(url.to_owned());
        }
        let var = self.url_env.as_deref().unwrap_or_default();
        std::env::var(var).map_err(|_| {
            Problem::store(&self.name, format!("environment variable {var} is not set"))
        })
    }
}

#[cfg(test)]
mod tests;
