//! The data map's part in the other rights (DESIGN §2a, §3): the columns a subject may
//! correct (`rectify`), and the flags a restriction or an objection sets (`restrict`,
//! `object`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{DataMap, Problem, StoreType, TableDef};

/// `restrict = { column = "processing_restricted", set = true }`: the column, the value that
/// says "restricted" (or "objected"), and the value that lifts it (`unset`; for a boolean
/// flag its opposite by default, else NULL).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagDef {
    pub column: String,
    pub set: FlagValue,
    pub unset: Option<FlagValue>,
}

/// A flag's value as the map writes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum FlagValue {
    Bool(bool),
    Integer(i64),
    Text(String),
}

impl FlagValue {
    /// As text, the way connectors bind it (`true`, `0`, `restricted`).
    pub fn text(&self) -> String {
        match self {
            FlagValue::Bool(b) => b.to_string(),
            FlagValue::Integer(n) => n.to_string(),
            FlagValue::Text(t) => t.clone(),
        }
    }
}

impl FlagDef {
    /// The value that lifts the flag; None is NULL.
    pub fn unset_value(&self) -> Option<FlagValue> {
        match (&self.unset, &self.set) {
            (Some(v), _) => Some(v.clone()),
            (None, FlagValue::Bool(b)) => Some(FlagValue::Bool(!b)),
            (None, _) => None,
        }
    }
}

/// Which flag a request sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Restrict,
    Object,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Restrict => "restrict",
            Flag::Object => "object",
        }
    }

    /// This flag's definition on a table, if it has one.
    pub fn of(self, t: &TableDef) -> Option<&FlagDef> {
        match self {
            Flag::Restrict => t.restrict.as_ref(),
            Flag::Object => t.object.as_ref(),
        }
    }
}

/// One field a subject may correct: a column name the map marks `rectify` (in one or more
/// tables), and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub label: String,
}

impl DataMap {
    /// The fields a subject may correct, in the map's order, each once (the first label
    /// given wins).
    pub fn rectifiable(&self) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        for t in self.store.iter().flat_map(|s| &s.table) {
            for (name, label) in &t.rectify {
                if !out.iter().any(|f| &f.name == name) {
                    out.push(Field {
                        name: name.clone(),
                        label: label.clone(),
                    });
                }
            }
        }
        out
    }

    /// The label of a field a subject may correct, if it is one.
    pub fn field_label(&self, name: &str) -> Option<String> {
        self.rectifiable()
            .into_iter()
            .find(|f| f.name == name)
            .map(|f| f.label)
    }

    /// Whether any store acts on `flag` (a table flag, an http url, or a manual store).
    pub fn acts_on(&self, flag: Flag) -> bool {
        self.store.iter().any(|s| {
            s.table.iter().any(|t| flag.of(t).is_some())
                || match flag {
                    Flag::Restrict => s.restrict_url.is_some(),
                    Flag::Object => s.object_url.is_some(),
                }
                || s.kind == StoreType::Manual
        })
    }
}

impl super::StoreDef {
    /// Whether this store is a recipient told of a request of `kind` (Art. 19): a `manual`
    /// store of any change, an `http` store with the kind's url.
    pub fn tells(&self, kind: crate::domain::Kind) -> bool {
        use crate::domain::Kind;
        match self.kind {
            StoreType::Manual => kind != Kind::Access,
            StoreType::Http => match kind {
                Kind::Erasure => self.erase_url.is_some(),
                Kind::Rectification => self.rectify_url.is_some(),
                Kind::Restriction => self.restrict_url.is_some(),
                Kind::Objection => self.object_url.is_some(),
                Kind::Access => false,
            },
            _ => false,
        }
    }
}

impl DataMap {
    /// The labels of the recipients told of a request of `kind` (Art. 19), in map order.
    pub fn recipients(&self, kind: crate::domain::Kind) -> Vec<String> {
        let labels = super::labels::Labels::of(self);
        self.store
            .iter()
            .filter(|s| s.tells(kind))
            .map(|s| labels.store(&s.name))
            .collect()
    }
}

impl TableDef {
    /// The shape checks of `rectify`, `restrict` and `object`.
    pub(super) fn check_rights(&self, store: &str, p: &mut Vec<Problem>) {
        let identifying: Vec<&str> = std::iter::once(self.matches.column.as_str())
            .chain(self.derive.values().map(String::as_str))
            .collect();
        for (column, label) in &self.rectify {
            if label.trim().is_empty() {
                p.push(Problem::column(
                    store,
                    &self.name,
                    column,
                    "rectify: give the label subjects see (`column = \"Label\"`)",
                ));
            }
            // The address a table is matched by may be corrected (the subject is known by
            // the new one from then on); an internal id can't (the rows would move to
            // whoever has the new value).
            let address = column == &self.matches.column && self.matches.identifier == super::EMAIL;
            if identifying.contains(&column.as_str()) && !address {
                p.push(Problem::column(
                    store,
                    &self.name,
                    column,
                    "rectify: a column the subject is matched or derived by can't be corrected here \
                     (it would move the rows to someone else); correct it in the application",
                ));
            }
        }
        for (flag, def) in [("restrict", &self.restrict), ("object", &self.object)] {
            let Some(def) = def else { continue };
            if identifying.contains(&def.column.as_str()) {
                p.push(Problem::column(
                    store,
                    &self.name,
                    &def.column,
                    format!(
                        "{flag}: the flag can't be a column the subject is matched or derived by"
                    ),
                ));
            }
            if self.rectify.contains_key(&def.column) {
                p.push(Problem::column(
                    store,
                    &self.name,
                    &def.column,
                    format!("{flag}: a flag column can't also be one the subject corrects"),
                ));
            }
            if def.unset_value().as_ref() == Some(&def.set) {
                p.push(Problem::column(
                    store,
                    &self.name,
                    &def.column,
                    format!("{flag}: `unset` must differ from `set`"),
                ));
            }
        }
    }
}

/// Corrected values per column, as a request carries them.
pub type Changes = BTreeMap<String, String>;

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = r#"
[[store]]
name = "app"
type = "sqlite"
url = "x.db"
  [[store.table]]
  name = "users"
  match = { column = "email", identifier = "email" }
  derive = { user_id = "id" }
  erase = "delete"
  rectify = { full_name = "Full name", phone = "Phone number" }
  restrict = { column = "restricted", set = true }
  object = { column = "marketing", set = 1, unset = 0 }
  [[store.table]]
  name = "profiles"
  match = { column = "user_id", identifier = "user_id" }
  erase = "delete"
  rectify = { phone = "Phone", city = "City" }
"#;

    #[test]
    fn fields_are_listed_once_with_the_first_label() {
        let map = DataMap::parse(MAP).unwrap();
        let names: Vec<(String, String)> = map
            .rectifiable()
            .into_iter()
            .map(|f| (f.name, f.label))
            .collect();
        assert_eq!(
            names,
            [
                ("full_name".into(), "Full name".into()),
                ("phone".into(), "Phone number".into()),
                ("city".into(), "City".into())
            ]
        );
        assert_eq!(map.field_label("city").as_deref(), Some("City"));
        assert_eq!(map.field_label("email"), None);
        assert!(map.acts_on(Flag::Restrict) && map.acts_on(Flag::Object));
        let users = &map.store[0].table[0];
        assert_eq!(
            users.restrict.as_ref().unwrap().unset_value(),
            Some(FlagValue::Bool(false))
        );
        assert_eq!(users.object.as_ref().unwrap().set.text(), "1");
    }

    #[test]
    fn a_matching_column_or_a_flag_can_not_be_corrected() {
        let bad = MAP
            .replace(
                "rectify = { full_name = \"Full name\", phone = \"Phone number\" }",
                "rectify = { id = \"Id\", restricted = \"R\" }",
            )
            .replace("set = 1, unset = 0", "set = 1, unset = 1");
        let e = DataMap::parse(&bad).unwrap_err().to_string();
        assert!(
            e.contains("column id: rectify") && e.contains("matched or derived"),
            "{e}"
        );
        assert!(e.contains("can't also be one the subject corrects"), "{e}");
        assert!(e.contains("`unset` must differ"), "{e}");
    }

    #[test]
    fn rights_urls_belong_to_http_stores_only() {
        let bad = MAP.replace(
            "url = \"x.db\"",
            "url = \"x.db\"\nrestrict_url = \"http://x\"",
        );
        let e = DataMap::parse(&bad).unwrap_err().to_string();
        assert!(e.contains("restrict_url"), "{e}");
    }
}
