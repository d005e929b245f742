//! The archive's CSV files as a spreadsheet user meets them, read by an independent reader
//! (Python's zipfile and csv): a UTF-8 byte order mark first (`export.csv_bom`, on by
//! default, so Excel reads UTF-8), non-ASCII text intact, formula-looking cells neutralised
//! with a leading `'`; and every zip entry dated when it was written.

mod common;

use common::company::{download, python_on_zip, zip_body};
use common::smtp::Smtp;
use common::{Backend, Setup, TestApp};
use serde_json::Value;

/// Each CSV of the zip: its first three bytes (hex), and its rows as Python's csv module reads
/// the file decoded as `utf-8-sig` (which drops a byte order mark, and fails on bad UTF-8).
fn csv_files(zip: &[u8]) -> Value {
    let script = r#"
import csv, io, json, sys, zipfile
out = {}
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if n.endswith(".csv"):
            raw = z.read(n)
            text = raw.decode("utf-8-sig")
            out[n] = {"head": raw[:3].hex(), "rows": list(csv.reader(io.StringIO(text, newline="")))}
print(json.dumps(out))
"#;
    python_on_zip(script, zip)
}

/// The rows of `file` whose first cell is `first`.
fn row<'a>(files: &'a Value, file: &str, first: &str) -> &'a Value {
    files[file]["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("{file}: {files}"))
        .iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("{file}: no row starting {first}: {files}"))
}

#[actix_web::test]
async fn archive_csv_has_a_bom_keeps_accents_and_neutralises_formulas() {
    let smtp = Smtp::start();
    let setup = Setup::new(Backend::Sqlite, smtp.port);
    // Ada's name with accents and a CJK word, and a ticket subject a spreadsheet would run.
    {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let store = setup.dir.path().join("demo-company.db");
        let mut conn = diesel::SqliteConnection::establish(store.to_str().unwrap()).unwrap();
        conn.batch_execute(
            "UPDATE profiles SET full_name = 'Åda Lövelace — 数学' WHERE user_id = 1;
             UPDATE support_tickets SET subject = '=HYPERLINK(\"https://evil.example/\",\"Open\")' WHERE user_id = 1;",
        )
        .unwrap();
    }
    let app = TestApp::spawn_setup(setup, smtp, true).await;
    app.verified_request("ada@example.com", "access").await;
    let (r, _) = download(&app, "ada@example.com").await;
    let bytes = zip_body(r).await;

    let files = csv_files(&bytes);
    let names: Vec<&String> = files.as_object().unwrap().keys().collect();
    assert!(names.len() >= 5, "the demo's tables as CSV: {names:?}");
    for (name, f) in files.as_object().unwrap() {
        assert_eq!(f["head"], "efbbbf", "{name} starts with the UTF-8 BOM");
        let header = f["rows"][0][0].as_str().unwrap();
        assert!(
            !header.starts_with('\u{feff}'),
            "{name}: utf-8-sig drops the BOM, nothing else: {header:?}"
        );
    }
    assert_eq!(
        files["app/profiles.csv"]["rows"][0].as_array().unwrap()[..3],
        ["user_id", "full_name", "phone"]
    );
    let ada = row(&files, "app/profiles.csv", "1");
    assert_eq!(ada[1], "Åda Lövelace — 数学", "non-ASCII text round-trips");
    assert_eq!(
        ada[2], "'+44 20 7946 0001",
        "a phone number is not a formula"
    );
    let ticket = row(&files, "app/support_tickets.csv", "1");
    assert_eq!(
        ticket[2], "'=HYPERLINK(\"https://evil.example/\",\"Open\")",
        "a formula is shown as text"
    );

    // Every entry is dated when it was written: now, not 1980-01-01. The zip format keeps
    // local time without a zone, to 2 s; the portal writes UTC.
    let now = time::OffsetDateTime::now_utc();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        let d = entry
            .last_modified()
            .unwrap_or_else(|| panic!("{}: no date", entry.name().unwrap_or_default()));
        let written = time::PrimitiveDateTime::new(
            time::Date::from_calendar_date(
                d.year().into(),
                time::Month::try_from(d.month()).unwrap(),
                d.day(),
            )
            .unwrap(),
            time::Time::from_hms(d.hour(), d.minute(), d.second()).unwrap(),
        )
        .assume_utc();
        let age = now - written;
        assert!(
            age >= -time::Duration::seconds(2) && age <= time::Duration::minutes(1),
            "{} is dated {written}, {age} before now ({now})",
            entry.name().unwrap_or_default()
        );
    }
}
