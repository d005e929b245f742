//! `dsr-portal demo`: a small company store (SQLite, `var/demo-company.db`) that the built-in
//! data map points at, so a fresh `serve` has someone to find: ada@example.com. The store
//! is SQLite, so a build without the `sqlite` feature has no demo.

use std::path::{Path, PathBuf};

/// Where the demo map expects the store (relative to the working directory).
pub const DEMO_STORE: &str = "var/demo-company.db";

// Tables whose rows outlive an erasure (masked profiles and tickets, held invoices) carry
// the user id without a foreign key to users; the deleted ones reference it, so erasure
// must (and does) delete them before the user.
#[cfg(feature = "sqlite")]
const SCHEMA: &str = r#"
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    created_at DATETIME NOT NULL
);
CREATE TABLE profiles (
    user_id INTEGER NOT NULL,
    full_name TEXT,
    phone TEXT,
    avatar_url TEXT,
    marketing_opt_in BOOLEAN NOT NULL DEFAULT 0,
    processing_restricted BOOLEAN NOT NULL DEFAULT 0
);
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    plan TEXT NOT NULL,
    started_at DATETIME NOT NULL,
    ended_at DATETIME
);
CREATE TABLE usage_events (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    event TEXT NOT NULL,
    at DATETIME NOT NULL,
    details JSON
);
CREATE TABLE support_tickets (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    opened_at DATETIME NOT NULL
);
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    stripe_customer_id TEXT NOT NULL,
    number TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    issued_at DATE NOT NULL
);
"#;

#[cfg(feature = "sqlite")]
const PEOPLE: &[(i64, &str, &str, &str, &str)] = &[
    (
        1,
        "ada@example.com",
        "Ada Lovelace",
        "+44 20 7946 0001",
        "cus_DemoAda",
    ),
    (
        2,
        "grace@example.com",
        "Grace Hopper",
        "+1 202 555 0102",
        "cus_DemoGrace",
    ),
    (
        3,
        "linus@example.com",
        "Linus Torvalds",
        "+358 9 555 0103",
        "cus_DemoLinus",
    ),
];

#[cfg(feature = "sqlite")]
fn seed_sql() -> String {
    let mut sql = String::new();
    for (id, email, name, phone, customer) in PEOPLE {
        sql.push_str(&format!(
            "INSERT INTO users VALUES ({id}, '{email}', '2024-0{id}-15T09:30:00Z');
             INSERT INTO profiles VALUES ({id}, '{name}', '{phone}', 'https://cdn.example.com/avatars/{id}.png', {optin}, 0);
             INSERT INTO subscriptions VALUES ({id}, {id}, 'pro', '2024-0{id}-15T09:31:00Z', {ended});
             INSERT INTO support_tickets VALUES ({id}, {id}, 'Cannot export my report', 'Hi, this is {name}. The export button fails.', '2025-05-0{id}T14:00:00Z');
             INSERT INTO invoices VALUES ({id}1, {id}, '{customer}', 'INV-2025-{id}01', 2900, 'eur', '2025-01-0{id}');
             INSERT INTO invoices VALUES ({id}2, {id}, '{customer}', 'INV-2025-{id}02', 2900, 'eur', '2025-02-0{id}');\n",
            optin = id % 2,
            ended = if *id == 3 { "'2025-06-30T00:00:00Z'" } else { "NULL" },
        ));
        for n in 0..25 {
            sql.push_str(&format!(
                "INSERT INTO usage_events (user_id, event, at, details) VALUES ({id}, '{}', '2025-06-{:02}T10:{:02}:00Z', '{{\"page\": \"/reports/{n}\", \"ms\": {}}}');\n",
                if n % 3 == 0 { "login" } else { "report_viewed" },
                1 + n % 28,
                n % 60,
                120 + n * 7,
            ));
        }
    }
    sql
}

/// Creates (or recreates) the demo store at `path`. Returns the path.
#[cfg(feature = "sqlite")]
pub fn create(path: &Path) -> Result<PathBuf, String> {
    use diesel::connection::SimpleConnection;
    use diesel::{Connection, SqliteConnection};

    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let tmp = path.with_extension("db.tmp");
    let _ = std::fs::remove_file(&tmp);
    let url = tmp.display().to_string();
    let mut conn = SqliteConnection::establish(&url).map_err(|e| format!("{url}: {e}"))?;
    conn.batch_execute(SCHEMA)
        .map_err(|e| format!("demo schema: {e}"))?;
    conn.batch_execute(&format!("BEGIN; {} COMMIT;", seed_sql()))
        .map_err(|e| format!("demo data: {e}"))?;
    drop(conn);
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

/// Without SQLite there is no demo store: says so, naming the feature.
#[cfg(not(feature = "sqlite"))]
pub fn create(_path: &Path) -> Result<PathBuf, String> {
    Err(crate::datamap::StoreType::Sqlite.not_compiled())
}

/// Creates the demo store if it is missing (used by `serve` with the built-in map).
pub fn ensure() -> Result<bool, String> {
    let path = Path::new(DEMO_STORE);
    if path.exists() {
        return Ok(false);
    }
    create(path)?;
    Ok(true)
}

#[cfg(all(test, feature = "sqlite"))]
mod tests {
    use super::*;
    use crate::datamap::DataMap;
    use crate::stores;

    #[test]
    fn the_demo_map_finds_ada_in_the_demo_store() {
        let dir = tempfile::tempdir().unwrap();
        let db = create(&dir.path().join("demo.db")).unwrap();
        let text = crate::datamap::DEMO.replace(
            "sqlite://var/demo-company.db",
            &format!("sqlite://{}", db.display()),
        );
        let map = DataMap::parse(&text).unwrap();
        let stores = stores::open_all(&map).unwrap();
        assert!(stores[0].check().unwrap().is_empty());
        let ids = stores::resolve(&map, &stores, "ada@example.com").unwrap();
        assert_eq!(ids.values("stripe_customer_id"), ["cus_DemoAda"]);
        let counts: Vec<(String, u64)> = stores[0]
            .locate(&ids)
            .unwrap()
            .into_iter()
            .map(|l| (l.object, l.rows))
            .collect();
        assert_eq!(
            counts,
            [
                ("users".into(), 1),
                ("profiles".into(), 1),
                ("subscriptions".into(), 1),
                ("usage_events".into(), 25),
                ("support_tickets".into(), 1),
                ("invoices".into(), 2),
            ]
        );
        let nobody = stores::resolve(&map, &stores, "nobody@example.com").unwrap();
        assert!(
            stores[0]
                .locate(&nobody)
                .unwrap()
                .iter()
                .all(|l| l.rows == 0)
        );
    }
}
