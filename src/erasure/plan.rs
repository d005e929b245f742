//! The erasure plan: for one subject (or a batch), per store and object, what erasure will
//! do and to how many records, in the order it will do it. Printed by
//! `dsr-portal requests show <id> --plan` before anything changes.

use std::fmt;

use crate::datamap::{DataMap, StoreDef, StoreType};
use crate::stores::{Identifiers, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub stores: Vec<StorePlan>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorePlan {
    pub store: String,
    pub kind: &'static str,
    pub steps: Vec<PlanStep>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    pub object: String,
    pub action: String,
    /// Records of the subject it touches; None where the store can't count them first
    /// (an `http` service, a `manual` vendor).
    pub rows: Option<u64>,
}

/// The order stores are erased in: stores that only consume identifiers first (in map
/// order), then the stores identifiers are derived from, the latest-derived first, so a
/// store is never emptied before the stores that depend on what it identifies.
pub fn store_order(map: &DataMap) -> Vec<usize> {
    let derives = |s: &StoreDef| s.table.iter().any(|t| !t.derive.is_empty());
    let mut consumers: Vec<usize> = (0..map.store.len())
        .filter(|&i| !derives(&map.store[i]))
        .collect();
    let producers: Vec<usize> = (0..map.store.len())
        .rev()
        .filter(|&i| derives(&map.store[i]))
        .collect();
    consumers.extend(producers);
    consumers
}

/// What erasing does to each object of one store, in order.
pub fn actions(def: &StoreDef, store: &dyn Store) -> Result<Vec<(String, String)>, StoreError> {
    Ok(match def.kind {
        k if k.is_sql() => store.erase_actions()?,
        StoreType::Redis => {
            let patterns: Vec<&str> = def.keys.iter().map(|k| k.pattern.as_str()).collect();
            vec![(
                "keys".into(),
                format!("delete keys matching {}", patterns.join(", ")),
            )]
        }
        StoreType::Stripe => vec![
            (
                "customer".into(),
                "redact the customer's personal fields (name, email, phone, address, shipping)"
                    .into(),
            ),
            (
                "invoices".into(),
                "retain under a legal hold (Stripe invoices are never deleted)".into(),
            ),
        ],
        StoreType::Http => vec![(
            "response".into(),
            format!(
                "ask the service to erase: POST {}",
                def.erase_url.as_deref().unwrap_or("(no erase_url)")
            ),
        )],
        _ => vec![(
            "task".into(),
            format!(
                "email a task to {}",
                def.contact.as_deref().unwrap_or("(no contact)")
            ),
        )],
    })
}

/// Builds the plan of erasing `ids`, counting the records each step touches.
pub fn build(
    map: &DataMap,
    stores: &[Box<dyn Store>],
    ids: &Identifiers,
) -> Result<Plan, StoreError> {
    let mut out = Vec::new();
    for store in stores {
        let Some(def) = map.store(store.name()) else {
            continue;
        };
        let counted =
            matches!(def.kind, k if k.is_sql() || k == StoreType::Redis || k == StoreType::Stripe);
        let located = if counted {
            store.locate(ids)?
        } else {
            Vec::new()
        };
        let steps = actions(def, store.as_ref())?
            .into_iter()
            .map(|(object, action)| PlanStep {
                rows: counted.then(|| {
                    located
                        .iter()
                        .find(|l| l.object == object)
                        .map_or(0, |l| l.rows)
                }),
                object,
                action,
            })
            .collect();
        out.push(StorePlan {
            store: store.name().to_owned(),
            kind: def.kind.as_str(),
            steps,
        });
    }
    Ok(Plan { stores: out })
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, s) in self.stores.iter().enumerate() {
            writeln!(f, "{}. {} ({})", n + 1, s.store, s.kind)?;
            for step in &s.steps {
                let rows = step.rows.map_or_else(|| "?".to_owned(), |r| r.to_string());
                writeln!(f, "   {:<24} {:>8}  {}", step.object, rows, step.action)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumers_go_first_and_the_root_store_last() {
        let map = DataMap::parse(
            r#"
[[store]]
name = "app"
type = "sqlite"
url = "sqlite://x.db"
  [[store.table]]
  name = "users"
  match = { column = "email", identifier = "email" }
  derive = { user_id = "id" }
  erase = "delete"
[[store]]
name = "crm"
type = "manual"
contact = "x@example.com"
[[store]]
name = "shop"
type = "sqlite"
url = "sqlite://y.db"
  [[store.table]]
  name = "orders"
  match = { column = "user_id", identifier = "user_id" }
  derive = { order_ref = "ref" }
  erase = "delete"
[[store]]
name = "cache"
type = "redis"
url = "redis://x"
  [[store.keys]]
  pattern = "s:{user_id}:*"
"#,
        )
        .unwrap();
        let names: Vec<&str> = store_order(&map)
            .into_iter()
            .map(|i| map.store[i].name.as_str())
            .collect();
        assert_eq!(names, ["crm", "cache", "shop", "app"]);
    }
}
