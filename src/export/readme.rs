//! `README.html` of an archive: the request, every store and table (in the names subjects
//! see) with row counts and a preview, what is kept under a legal hold, and the Art. 15
//! information from `[art15]`. Self-contained: no external assets.

use askama::Template;

use super::archive::StoreSummary;
use super::held::Held;
use crate::config::{Brand, PortalInfo};
use crate::datamap::labels::{Labels, ObjectLabel};
use crate::db::requests::RequestRow;
use crate::portal::Portal;

/// A store as the README shows it.
struct Place<'a> {
    label: String,
    s: &'a StoreSummary,
    tables: Vec<(ObjectLabel, &'a super::archive::TableSummary)>,
}

#[derive(Template)]
#[template(path = "export/readme.html")]
struct Readme<'a> {
    request_id: &'a str,
    email: &'a str,
    generated_at: &'a str,
    nothing_found: bool,
    places: Vec<Place<'a>>,
    held: &'a Held,
    /// Some of the subject's held records have no copy in the archive (a store no longer
    /// in the map).
    some_held_not_copied: bool,
    brand: Brand,
    controller: &'a str,
    purposes: &'a [String],
    categories: &'a [String],
    recipients: &'a [String],
    retention: &'a str,
    source: &'a str,
    automated: &'a str,
    complaints: &'a str,
}

fn or<'a>(value: &'a str, fallback: &'a str) -> &'a str {
    if value.trim().is_empty() {
        fallback
    } else {
        value
    }
}

pub fn render(
    p: &Portal,
    r: &RequestRow,
    generated_at: &str,
    stores: &[StoreSummary],
    labels: &Labels,
    held: &Held,
) -> Result<String, askama::Error> {
    let a = &p.config.art15;
    let info: &PortalInfo = &p.config.portal;
    let places = stores
        .iter()
        .map(|s| Place {
            label: labels.store(&s.name),
            tables: s
                .tables
                .iter()
                .map(|t| (labels.object(&s.name, &t.object), t))
                .collect(),
            s,
        })
        .collect();
    Readme {
        request_id: &r.id,
        email: &r.email,
        generated_at,
        nothing_found: held.is_empty()
            && stores
                .iter()
                .all(|s| s.total_rows() == 0 && (s.kind != "manual" || s.files.is_empty())),
        places,
        held,
        some_held_not_copied: held.ours.iter().any(|g| g.files.is_empty()),
        brand: Brand::of(info),
        controller: or(
            &a.controller,
            or(&info.company, "the company that runs this portal"),
        ),
        purposes: &a.purposes,
        categories: &a.categories,
        recipients: &a.recipients,
        retention: or(
            &a.retention,
            "as long as needed for the purposes above, and as the law requires.",
        ),
        source: or(&a.source, "from you, and from your use of our service."),
        automated: or(&a.automated_decisions, "none."),
        complaints: &a.complaints,
    }
    .render()
}
