//! `README.html` of an archive, in the subject's language: the request, every store and
//! table (in the names subjects see) with row counts and a preview, what is kept under a
//! legal hold, and the Art. 15 information from `[art15]`. Self-contained: no external
//! assets. The template is `templates/export/readme.html` (replaceable per language).

use serde::Serialize;

use super::archive::StoreSummary;
use super::held::{Held, HeldDates, HeldGroup};
use crate::config::{Brand, PortalInfo};
use crate::datamap::labels::Labels;
use crate::db::requests::RequestRow;
use crate::i18n::{Arg, Catalogue, Lang};
use crate::portal::Portal;

/// A store as the README shows it.
#[derive(Serialize)]
struct Place {
    label: String,
    /// The store's folder in the archive.
    name: String,
    kind: String,
    total: u64,
    note: Option<String>,
    /// A manual store's files.
    files: Vec<String>,
    tables: Vec<Table>,
}

#[derive(Serialize)]
struct Table {
    label: String,
    about: Option<String>,
    kept: bool,
    rows: u64,
    columns: Vec<String>,
    preview: Vec<Vec<String>>,
}

/// Held records as the README words them, in the subject's language.
#[derive(Serialize)]
struct Kept {
    store: String,
    table: String,
    records: u64,
    reason: String,
    until: String,
    kept_since: String,
    files: Vec<String>,
}

#[derive(Serialize)]
struct Run {
    erased_on: String,
    kinds: Vec<Kept>,
}

#[derive(Serialize)]
struct HeldView {
    ours: Vec<Kept>,
    runs: Vec<Run>,
    /// Some of the subject's records are in the archive as `(kept)` files.
    records: bool,
}

#[derive(Serialize)]
struct Readme<'a> {
    request_id: &'a str,
    email: &'a str,
    generated_at: String,
    nothing_found: bool,
    places: Vec<Place>,
    held: HeldView,
    /// Some of the subject's held records have no copy in the archive (a store no longer
    /// in the map).
    some_held_not_copied: bool,
    brand: Brand,
    controller: String,
    purposes: &'a [String],
    categories: &'a [String],
    recipients: &'a [String],
    retention: String,
    source: String,
    automated: String,
    complaints: &'a str,
}

/// `value`, or the text `fallback` when it is empty.
fn or(value: &str, t: &Catalogue, fallback: &str) -> String {
    if value.trim().is_empty() {
        t.t(fallback)
    } else {
        value.to_owned()
    }
}

/// A group's end date(s) as a sentence: one date, or each record's own between two.
fn until(t: &Catalogue, d: &HeldDates, run: bool) -> String {
    if run {
        return t.text(
            "readme-run-until",
            &[("until", Arg::Str(t.date(d.first_until)))],
        );
    }
    if d.first_until == d.last_until {
        t.text(
            "readme-kept-until",
            &[("until", Arg::Str(t.date(d.first_until)))],
        )
    } else {
        t.text(
            "readme-kept-between",
            &[
                ("first", Arg::Str(t.date(d.first_until))),
                ("last", Arg::Str(t.date(d.last_until))),
            ],
        )
    }
}

fn kept(t: &Catalogue, g: &HeldGroup, run: bool) -> Kept {
    Kept {
        store: g.store.clone(),
        table: g.table.clone(),
        records: g.records,
        reason: g.reason.clone(),
        until: until(t, &g.dates, run),
        kept_since: t.date(g.dates.since),
        files: g.files.clone(),
    }
}

pub fn render(
    p: &Portal,
    r: &RequestRow,
    lang: Lang,
    stores: &[StoreSummary],
    labels: &Labels,
    held: &Held,
) -> Result<String, minijinja::Error> {
    let t = p.i18n.texts(lang);
    let a = &p.config.art15;
    let info: &PortalInfo = &p.config.portal;
    let places = stores
        .iter()
        .map(|s| Place {
            label: labels.store(&s.name),
            name: s.name.clone(),
            kind: s.kind.clone(),
            total: s.total_rows(),
            note: s.note.clone(),
            files: s.files.iter().map(|f| f.path.clone()).collect(),
            tables: s
                .tables
                .iter()
                .map(|tb| {
                    let l = labels.object(&s.name, &tb.object);
                    Table {
                        label: l.label,
                        about: l.about,
                        kept: tb.kept,
                        rows: tb.rows,
                        columns: tb.columns.clone(),
                        preview: tb.preview.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    let controller = if a.controller.trim().is_empty() {
        or(&info.company, t, "readme-controller-default")
    } else {
        a.controller.clone()
    };
    let page = Readme {
        request_id: &r.id,
        email: &r.email,
        generated_at: t.time(p.now()),
        nothing_found: held.is_empty()
            && stores
                .iter()
                .all(|s| s.total_rows() == 0 && (s.kind != "manual" || s.files.is_empty())),
        places,
        held: HeldView {
            ours: held.ours.iter().map(|g| kept(t, g, false)).collect(),
            runs: held
                .runs
                .iter()
                .map(|run| Run {
                    erased_on: t.date(run.on),
                    kinds: run.kinds.iter().map(|g| kept(t, g, true)).collect(),
                })
                .collect(),
            records: !held.records.is_empty(),
        },
        some_held_not_copied: held.ours.iter().any(|g| g.files.is_empty()),
        brand: Brand::of(info),
        controller,
        purposes: &a.purposes,
        categories: &a.categories,
        recipients: &a.recipients,
        retention: or(&a.retention, t, "readme-retention-default"),
        source: or(&a.source, t, "readme-source-default"),
        automated: or(&a.automated_decisions, t, "readme-automated-default"),
        complaints: &a.complaints,
    };
    p.i18n.render(lang, "export/readme.html", &page)
}
