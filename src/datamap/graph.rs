//! The identifier graph: `match` consumes an identifier, `derive` produces one. The lookups
//! run in an order where every identifier is complete before it is used.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::{DataMap, EMAIL, Problem, StoreType};

/// The order in which identifiers become known, `email` first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub order: Vec<String>,
}

struct Edge<'a> {
    from: &'a str,
    to: &'a str,
    store: &'a str,
    table: &'a str,
    column: &'a str,
}

impl Plan {
    /// The order of lookups, or every identifier the map uses but can't reach from `email`
    /// and every derive that closes a loop.
    pub fn build(map: &DataMap) -> Result<Self, Vec<Problem>> {
        let edges = edges(map);
        let reachable = reachable_from_email(&edges);
        let mut problems = unreachable_uses(map, &reachable);
        let order = lookup_order(&edges, &reachable);
        if order.len() < reachable.len() || order.first().map(String::as_str) != Some(EMAIL) {
            problems.extend(loops(&edges, &reachable, &order));
        }
        if problems.is_empty() {
            Ok(Self { order })
        } else {
            Err(problems)
        }
    }
}

/// Every derive of the map, as an edge from the identifier a table is matched by to the one
/// it derives.
fn edges(map: &DataMap) -> Vec<Edge<'_>> {
    let mut edges = Vec::new();
    for s in &map.store {
        for t in &s.table {
            for (to, column) in &t.derive {
                edges.push(Edge {
                    from: &t.matches.identifier,
                    to,
                    store: &s.name,
                    table: &t.name,
                    column,
                });
            }
        }
        // A Stripe store matched by email derives the ids of the customers it finds
        // (`stores::stripe::CUSTOMER_ID`).
        if s.kind == StoreType::Stripe && s.matches.as_ref().is_some_and(|m| m.identifier == EMAIL)
        {
            edges.push(Edge {
                from: EMAIL,
                to: "stripe_customer_id",
                store: &s.name,
                table: "customers",
                column: "id",
            });
        }
    }
    edges
}

/// Everything reachable from email.
fn reachable_from_email<'a>(edges: &[Edge<'a>]) -> BTreeSet<&'a str> {
    let mut reachable: BTreeSet<&str> = BTreeSet::from([EMAIL]);
    let mut queue = VecDeque::from([EMAIL]);
    while let Some(id) = queue.pop_front() {
        for e in edges.iter().filter(|e| e.from == id) {
            if reachable.insert(e.to) {
                queue.push_back(e.to);
            }
        }
    }
    reachable
}

fn never_derived(id: &str) -> String {
    format!(
        "identifier {id} is never derived from email (no table derives it, or only unreachable ones do)"
    )
}

/// Each table match, key pattern placeholder and Stripe match whose identifier can't be
/// reached from email.
fn unreachable_uses(map: &DataMap, reachable: &BTreeSet<&str>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for s in &map.store {
        for t in &s.table {
            if !reachable.contains(t.matches.identifier.as_str()) {
                problems.push(Problem::column(
                    &s.name,
                    &t.name,
                    &t.matches.column,
                    never_derived(&t.matches.identifier),
                ));
            }
        }
        for k in &s.keys {
            for id in k.identifiers() {
                if !reachable.contains(id.as_str()) {
                    problems.push(Problem::store(
                        &s.name,
                        format!("key pattern {:?}: {}", k.pattern, never_derived(&id)),
                    ));
                }
            }
        }
        if s.kind == StoreType::Stripe
            && let Some(m) = &s.matches
            && !reachable.contains(m.identifier.as_str())
        {
            problems.push(Problem::store(&s.name, never_derived(&m.identifier)));
        }
    }
    problems
}

/// Kahn's algorithm over the reachable part: an identifier is ready once every table
/// deriving it has run. Identifiers on a loop never become ready and are left out.
fn lookup_order(edges: &[Edge<'_>], reachable: &BTreeSet<&str>) -> Vec<String> {
    let mut indegree: BTreeMap<&str, usize> = reachable.iter().map(|id| (*id, 0)).collect();
    for e in edges.iter().filter(|e| reachable.contains(e.from)) {
        *indegree.entry(e.to).or_default() += 1;
    }
    let mut ready: VecDeque<&str> = indegree
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(id, _)| *id)
        .collect();
    let mut order = Vec::new();
    while let Some(id) = ready.pop_front() {
        order.push(id.to_owned());
        for e in edges.iter().filter(|e| e.from == id) {
            if let Some(n) = indegree.get_mut(e.to) {
                *n -= 1;
                if *n == 0 {
                    ready.push_back(e.to);
                }
            }
        }
    }
    order
}

/// The derives that leave identifiers out of `order`: each closes a loop.
fn loops(edges: &[Edge<'_>], reachable: &BTreeSet<&str>, order: &[String]) -> Vec<Problem> {
    let done: BTreeSet<&str> = order.iter().map(String::as_str).collect();
    edges
        .iter()
        .filter(|e| !done.contains(e.to) && reachable.contains(e.from))
        .map(|e| {
            Problem::column(
                e.store,
                e.table,
                e.column,
                format!(
                    "derive {} from {} closes a loop of identifiers",
                    e.to, e.from
                ),
            )
        })
        .collect()
}
