//! The names subjects see (DESIGN §3, labels): a store's or table's `label`, else its name
//! made readable (`usage_events` is "Usage events"). Store and table names are the
//! company's engineering words; pages, emails and README.html use these instead.

use std::collections::HashMap;

use super::{DataMap, StoreDef};

/// `usage_events`, `usage-events` or `usageEvents` as "Usage events"; a Redis pattern by its
/// first part (`session:{email}` is "Session").
pub fn humanise(name: &str) -> String {
    let head = name
        .split([':', '{', '}', '*', '?', '['])
        .find(|p| !p.trim().is_empty())
        .unwrap_or(name);
    // Words: split at separators and where a lower-case letter meets an upper-case one.
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in head.chars() {
        if c == '_' || c == '-' || c == '.' || c.is_whitespace() {
            words.push(std::mem::take(&mut word));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.push(c);
    }
    words.push(word);
    // Acronyms (`CRM`, `VAT`) stay as they are; other words are lower-case.
    let text = words
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().count() > 1 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) {
                w.clone()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_owned(),
    }
}

/// What a subject is told about one table (or key pattern, or Stripe object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectLabel {
    pub label: String,
    pub about: Option<String>,
}

/// Every name of a map as subjects see it, looked up by the names the stores report.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    stores: HashMap<String, String>,
    objects: HashMap<(String, String), ObjectLabel>,
}

impl Labels {
    pub fn of(map: &DataMap) -> Self {
        let mut l = Labels::default();
        for s in &map.store {
            l.stores.insert(s.name.clone(), store_label(s));
            for t in &s.table {
                l.objects.insert(
                    (s.name.clone(), t.name.clone()),
                    ObjectLabel {
                        label: given_or(&t.label, &t.name),
                        about: t.about.clone().filter(|a| !a.trim().is_empty()),
                    },
                );
            }
            for k in &s.keys {
                l.objects.insert(
                    (s.name.clone(), k.pattern.clone()),
                    ObjectLabel {
                        label: given_or(&k.label, &k.pattern),
                        about: None,
                    },
                );
            }
        }
        l
    }

    /// The store's label; a store the map no longer has, humanised.
    pub fn store(&self, store: &str) -> String {
        self.stores
            .get(store)
            .cloned()
            .unwrap_or_else(|| humanise(store))
    }

    /// A table's (key pattern's, Stripe object's) label; unknown ones humanised.
    pub fn object(&self, store: &str, object: &str) -> ObjectLabel {
        self.objects
            .get(&(store.to_owned(), object.to_owned()))
            .cloned()
            .unwrap_or_else(|| ObjectLabel {
                label: humanise(object),
                about: None,
            })
    }
}

fn store_label(s: &StoreDef) -> String {
    given_or(&s.label, &s.name)
}

fn given_or(label: &Option<String>, name: &str) -> String {
    match label {
        Some(l) if !l.trim().is_empty() => l.trim().to_owned(),
        _ => humanise(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_words() {
        assert_eq!(humanise("usage_events"), "Usage events");
        assert_eq!(humanise("usage-events"), "Usage events");
        assert_eq!(humanise("usageEvents"), "Usage events");
        assert_eq!(humanise("app"), "App");
        assert_eq!(humanise("session:{email}"), "Session");
        assert_eq!(humanise("cart:*:{user_id}"), "Cart");
        assert_eq!(humanise("{email}:prefs"), "Email");
        assert_eq!(humanise("CRM"), "CRM");
        assert_eq!(humanise("crm_VAT_ids"), "Crm VAT ids");
        assert_eq!(humanise("orders2024"), "Orders2024");
    }

    #[test]
    fn labels_win_and_unknown_names_are_humanised() {
        let map = DataMap::parse(
            r#"
[[store]]
name = "app"
label = "Our web app"
type = "sqlite"
url = "x.db"
[[store.table]]
name = "usage_events"
label = "What you did in the app"
about = "Pages you opened and when."
match = { column = "email", identifier = "email" }
erase = "delete"
[[store.table]]
name = "user_notes"
match = { column = "email", identifier = "email" }
erase = "delete"
"#,
        )
        .unwrap();
        let l = Labels::of(&map);
        assert_eq!(l.store("app"), "Our web app");
        assert_eq!(l.store("gone_store"), "Gone store");
        let t = l.object("app", "usage_events");
        assert_eq!(t.label, "What you did in the app");
        assert_eq!(t.about.as_deref(), Some("Pages you opened and when."));
        assert_eq!(l.object("app", "user_notes").label, "User notes");
        assert_eq!(l.object("billing", "invoices").label, "Invoices");
    }
}
