//! `README.html` of an archive: the request, every store and table with row counts and a
//! preview, and the Art. 15 information from `[art15]`. Self-contained: no external assets.

use askama::Template;

use super::archive::StoreSummary;
use crate::db::requests::RequestRow;
use crate::portal::Portal;

#[derive(Template)]
#[template(path = "export/readme.html")]
struct Readme<'a> {
    request_id: &'a str,
    email: &'a str,
    generated_at: &'a str,
    nothing_found: bool,
    stores: &'a [StoreSummary],
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
) -> Result<String, askama::Error> {
    let a = &p.config.art15;
    Readme {
        request_id: &r.id,
        email: &r.email,
        generated_at,
        nothing_found: stores
            .iter()
            .all(|s| s.total_rows() == 0 && (s.kind != "manual" || s.files.is_empty())),
        stores,
        controller: or(&a.controller, "the company that runs this portal"),
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
