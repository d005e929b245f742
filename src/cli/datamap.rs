//! `dsr-portal datamap check`

use super::Failure;
use crate::config::Config;
use crate::datamap::{DataMap, Erase, StoreType};
use crate::stores;

pub fn check(config: &Config) -> Result<(), Failure> {
    let map = DataMap::from_config(config).map_err(|e| {
        eprintln!("{e}");
        Failure(format!("the data map has {} problem(s)", e.0.len()))
    })?;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    println!(
        "{:<14} {:<9} {:<28} {:<28} DERIVES / ERASE",
        "STORE", "TYPE", "OBJECT", "MATCHED BY"
    );
    for def in &map.store {
        let checked = stores::open(def).and_then(|s| {
            let p = s.check()?;
            let w = if p.is_empty() {
                s.advise()?
            } else {
                Vec::new()
            };
            Ok((p, w))
        });
        let status = match checked {
            Ok((p, w)) => {
                problems.extend(p);
                warnings.extend(w);
                "ok".to_owned()
            }
            Err(e) => {
                problems.push(crate::datamap::Problem::store(
                    &def.name,
                    e.kind.to_string(),
                ));
                "UNREACHABLE".to_owned()
            }
        };
        let kind = def.kind.as_str();
        for t in &def.table {
            let derives: Vec<String> = t
                .derive
                .iter()
                .map(|(id, col)| format!("{id} <- {col}"))
                .collect();
            let erase = match t.erase() {
                Erase::Delete => "delete".to_owned(),
                Erase::Columns { null, mask } => format!("null {null:?} mask {mask:?}"),
                Erase::Retain(r) => format!("retain {}y from {}", r.years, r.from),
            };
            let by = format!("{} = {{{}}}", t.matches.column, t.matches.identifier);
            let tail = if derives.is_empty() {
                erase
            } else {
                format!("{}; {erase}", derives.join(", "))
            };
            println!(
                "{:<14} {:<9} {:<28} {:<28} {tail}",
                def.name, kind, t.name, by
            );
        }
        for k in &def.keys {
            println!(
                "{:<14} {:<9} {:<28} {:<28} {}",
                def.name,
                kind,
                k.pattern,
                k.identifiers().join(", "),
                k.erase
            );
        }
        if let Some(m) = &def.matches {
            println!(
                "{:<14} {:<9} {:<28} {:<28} {}",
                def.name,
                kind,
                "customer",
                m.identifier,
                def.erase.as_deref().unwrap_or("-")
            );
        }
        if def.kind == StoreType::Http || def.kind == StoreType::Manual {
            println!(
                "{:<14} {:<9} {:<28} {:<28} -",
                def.name, kind, "-", "all identifiers"
            );
        }
        println!("{:<14} {status}", "");
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if let Some(w) = config.art15.placeholder_warning() {
        eprintln!("warning: {w}");
    }
    if problems.is_empty() {
        println!("data map ok: {} store(s)", map.store.len());
        Ok(())
    } else {
        for p in &problems {
            eprintln!("{p}");
        }
        Err(Failure(format!(
            "the data map has {} problem(s)",
            problems.len()
        )))
    }
}
