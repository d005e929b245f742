//! One subject, exactly (DESIGN §3), one test per defect the review found, on each backend
//! where it applies: a value a column can't hold exactly matches nothing there (no
//! truncating, padding, rounding or coercing cast); empty, blank and listed sentinel values
//! are never identifiers; addresses match in any case; holds name one row each by its
//! primary key; `datamap check` refuses only what can't commit.

mod common;

use common::stores::{Collect, Sql, StoreDb};
use dsr_portal::datamap::DataMap;
use dsr_portal::stores::{self, Identifiers, Store};
use serde_json::Value;

struct Fixture {
    db: StoreDb,
    map: DataMap,
    stores: Vec<Box<dyn Store>>,
}

/// A store of `kind` with `ddl` run in it and `tables` (the `[[store.table]]` part of a map).
fn fixture(kind: Sql, ddl: &str, tables: &str) -> Fixture {
    let db = StoreDb::new(kind);
    db.exec(ddl);
    let map = format!(
        "[[store]]\nname = \"app\"\ntype = \"{}\"\nurl = \"{}\"\n{tables}",
        kind.type_name(),
        db.url
    );
    let map = DataMap::parse(&map).unwrap_or_else(|e| panic!("{e}\n{map}"));
    let stores = stores::open_all(&map).unwrap();
    Fixture { db, map, stores }
}

impl Fixture {
    fn store(&self) -> &dyn Store {
        self.stores[0].as_ref()
    }

    fn ids(&self, email: &str) -> Identifiers {
        stores::resolve(&self.map, &self.stores, email).unwrap()
    }

    /// The subject's records, per table, as exported.
    fn export(&self, email: &str) -> Vec<(String, Vec<Value>)> {
        let mut sink = Collect::default();
        self.store().export(&self.ids(email), &mut sink).unwrap();
        sink.0
    }

    /// One column of every record of the subject in one table.
    fn found(&self, email: &str, table: &str, column: &str) -> Vec<String> {
        let export = self.export(email);
        let rows = &export.iter().find(|(t, _)| t == table).unwrap().1;
        let mut out: Vec<String> = rows
            .iter()
            .map(|r| match &r[column] {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect();
        out.sort();
        out
    }

    /// Every row of a table as `id|body`, ordered: to compare before and after.
    fn dump(&self, table: &str) -> Vec<String> {
        let t = self.db.kind.q(table);
        let row = match self.db.kind {
            Sql::Postgres => "id::text || '|' || coalesce(body::text, '-')",
            Sql::Mysql => "CONCAT(id, '|', COALESCE(body, '-'))",
            Sql::Sqlite => "id || '|' || coalesce(body, '-')",
        };
        self.db
            .strings(&format!("SELECT {row} AS v FROM {t} ORDER BY id"))
    }
}

// ---------------------------------------------------------------------------------------
// Defect 1: truncating, padding, rounding and coercing casts.

/// Jane's values each "become" one of Bob's under a lossy cast: her address is a prefix of
/// a longer one, her credit 10.505 rounds to Bob's 10.51 in numeric(10,2), her code `AB `
/// pads to Bob's `AB` in char(4), her reference `012` coerces to Bob's order 12.
fn lossy_casts(kind: Sql) {
    let int = if kind == Sql::Sqlite {
        "INTEGER"
    } else {
        "BIGINT"
    };
    let ddl = format!(
        "CREATE TABLE users (id {int} PRIMARY KEY, email VARCHAR(24) NOT NULL, credit NUMERIC(10,3), code VARCHAR(10), ref VARCHAR(20));
         CREATE TABLE notes (id {int} PRIMARY KEY, user_id {int} NOT NULL, body TEXT);
         CREATE TABLE payments (id {int} PRIMARY KEY, amount NUMERIC(10,2) NOT NULL, body TEXT);
         CREATE TABLE badges (id {int} PRIMARY KEY, code CHAR(4) NOT NULL, body TEXT);
         CREATE TABLE orders (id {int} PRIMARY KEY, user_ref {int} NOT NULL, body TEXT);
         INSERT INTO users VALUES (1, 'jane.doe.12345@gmail.com', 10.505, 'AB ', '012'),
                                  (2, 'bob@example.com', 10.51, 'AB', '12');
         INSERT INTO notes VALUES (1, 1, 'jane private'), (2, 2, 'bob private');
         INSERT INTO payments VALUES (1, 10.51, 'bob pays');
         INSERT INTO badges VALUES (1, 'AB', 'bob badge');
         INSERT INTO orders VALUES (1, 12, 'bob order');"
    );
    let f = fixture(
        kind,
        &ddl,
        r#"
[[store.table]]
name = "users"
match = { column = "email", identifier = "email" }
derive = { user_id = "id", credit = "credit", code = "code", ref = "ref" }
erase = "delete"
[[store.table]]
name = "notes"
match = { column = "user_id", identifier = "user_id" }
erase = "delete"
[[store.table]]
name = "payments"
match = { column = "amount", identifier = "credit" }
erase = "delete"
[[store.table]]
name = "badges"
match = { column = "code", identifier = "code" }
erase = "delete"
[[store.table]]
name = "orders"
match = { column = "user_ref", identifier = "ref" }
erase = "delete"
"#,
    );
    // Bob finds his own rows through every column.
    assert_eq!(f.found("bob@example.com", "payments", "body"), ["bob pays"]);
    assert_eq!(f.found("bob@example.com", "badges", "body"), ["bob badge"]);
    assert_eq!(f.found("bob@example.com", "orders", "body"), ["bob order"]);
    // Jane finds her own user and note, and none of Bob's.
    let jane = "jane.doe.12345@gmail.com";
    assert_eq!(f.found(jane, "notes", "body"), ["jane private"], "{kind:?}");
    for table in ["payments", "badges", "orders"] {
        assert!(
            f.found(jane, table, "body").is_empty(),
            "{kind:?}: Jane got Bob's {table}: {:?}",
            f.export(jane)
        );
    }
    // The owner of the longer address finds nothing of Jane's (PostgreSQL once cut it to
    // varchar(24)); SQLite keeps any length, so there the longer address could be stored,
    // and it isn't.
    let evil = "jane.doe.12345@gmail.com.evil.io";
    let ids = f.ids(evil);
    assert!(ids.values("user_id").is_empty(), "{kind:?}: {ids:?}");
    assert!(
        f.export(evil).iter().all(|(_, rows)| rows.is_empty()),
        "{kind:?}"
    );
    let before: Vec<Vec<String>> = ["notes", "payments", "badges", "orders"]
        .iter()
        .map(|t| f.dump(t))
        .collect();
    let outcomes = f.store().erase(&ids).unwrap();
    assert!(
        outcomes.iter().all(|o| o.rows == 0),
        "{kind:?} {outcomes:?}"
    );
    // Erasing Jane takes her rows only: Bob's payment, badge and order stay.
    f.store().erase(&f.ids(jane)).unwrap();
    let after: Vec<Vec<String>> = ["notes", "payments", "badges", "orders"]
        .iter()
        .map(|t| f.dump(t))
        .collect();
    assert_eq!(
        after[0],
        ["2|bob private"],
        "{kind:?}: Jane's note went, Bob's stayed"
    );
    assert_eq!(after[1..], before[1..], "{kind:?}");
}

#[test]
fn postgres_a_value_a_column_cant_hold_exactly_matches_nothing() {
    lossy_casts(Sql::Postgres);
}

#[test]
fn mysql_a_value_a_column_cant_hold_exactly_matches_nothing() {
    lossy_casts(Sql::Mysql);
}

#[test]
fn sqlite_a_value_a_column_cant_hold_exactly_matches_nothing() {
    lossy_casts(Sql::Sqlite);
}

// ---------------------------------------------------------------------------------------
// Defect 2: empty and sentinel identifiers.

fn empty_identifiers(kind: Sql) {
    let int = if kind == Sql::Sqlite {
        "INTEGER"
    } else {
        "BIGINT"
    };
    let ddl = format!(
        "CREATE TABLE users (id {int} PRIMARY KEY, email VARCHAR(100) NOT NULL, ref VARCHAR(20) NOT NULL DEFAULT '');
         CREATE TABLE notes (id {int} PRIMARY KEY, ref VARCHAR(20) NOT NULL, body TEXT);
         INSERT INTO users VALUES (1, 'jane@example.com', ''), (2, 'bob@example.com', 'r-bob'),
                                  (3, 'carl@example.com', 'n/a'), (4, 'dora@example.com', '   ');
         INSERT INTO notes VALUES (1, '', 'stranger one'), (2, 'n/a', 'stranger two'),
                                  (3, 'r-bob', 'bob'), (4, '   ', 'stranger three');"
    );
    let f = fixture(
        kind,
        &ddl,
        r#"
[[store.table]]
name = "users"
match = { column = "email", identifier = "email" }
derive = { ref = "ref" }
erase = "delete"
[[store.table]]
name = "notes"
match = { column = "ref", identifier = "ref" }
ignore = ["n/a"]
erase = "delete"
"#,
    );
    for nobody in ["jane@example.com", "carl@example.com", "dora@example.com"] {
        assert!(
            f.found(nobody, "notes", "body").is_empty(),
            "{kind:?}: {nobody} got strangers' notes"
        );
        assert_eq!(f.found(nobody, "users", "email"), [nobody]);
    }
    assert_eq!(f.found("bob@example.com", "notes", "body"), ["bob"]);
    let before = f.dump("notes");
    for nobody in ["jane@example.com", "carl@example.com", "dora@example.com"] {
        f.store().erase(&f.ids(nobody)).unwrap();
    }
    assert_eq!(
        f.dump("notes"),
        before,
        "{kind:?}: nobody's notes were erased"
    );
    assert_eq!(
        f.db.strings("SELECT email AS v FROM users"),
        ["bob@example.com"],
        "{kind:?}: the three users went"
    );
}

#[test]
fn postgres_empty_blank_and_sentinel_values_are_never_identifiers() {
    empty_identifiers(Sql::Postgres);
}

#[test]
fn mysql_empty_blank_and_sentinel_values_are_never_identifiers() {
    empty_identifiers(Sql::Mysql);
}

#[test]
fn sqlite_empty_blank_and_sentinel_values_are_never_identifiers() {
    empty_identifiers(Sql::Sqlite);
}

// ---------------------------------------------------------------------------------------
// Defect 3: case.

/// Dave's address is stored in three cases across tables of different collations; a
/// login (not an address) stays case-sensitive; addresses that extend or cut Dave's match
/// nothing.
fn any_case(kind: Sql, ddl: &str, tables: &[&str]) {
    let mut map = String::new();
    for t in tables {
        let exact = if t.ends_with("_lower") {
            "case = \"exact\"\n"
        } else {
            ""
        };
        map.push_str(&format!(
            "[[store.table]]\nname = \"{t}\"\nmatch = {{ column = \"email\", identifier = \"email\" }}\n{exact}erase = \"delete\"\n"
        ));
    }
    map.push_str(
        "[[store.table]]\nname = \"accounts\"\nmatch = { column = \"email\", identifier = \"email\" }\nderive = { login = \"login\" }\nerase = \"delete\"\n\
         [[store.table]]\nname = \"logins\"\nmatch = { column = \"login\", identifier = \"login\" }\nerase = \"delete\"\n",
    );
    let f = fixture(kind, ddl, &map);
    for asked in ["dave@example.com", "DAVE@Example.Com"] {
        for t in tables {
            assert_eq!(
                f.found(asked, t, "body"),
                ["dave"],
                "{kind:?}: {t} asked as {asked}"
            );
        }
        assert_eq!(f.found(asked, "logins", "body"), ["Dave's login"]);
    }
    for other in [
        "dave@example.co",
        "dave@example.com.evil.io",
        "ave@example.com",
    ] {
        assert!(
            f.export(other).iter().all(|(_, r)| r.is_empty()),
            "{kind:?}: {other} {:?}",
            f.export(other)
        );
    }
    f.store().erase(&f.ids("dave@example.com")).unwrap();
    for t in tables {
        assert!(f.dump(t).is_empty(), "{kind:?}: {t} still has Dave");
    }
    assert_eq!(
        f.dump("logins").len(),
        1,
        "{kind:?}: the other login (`dave`, not Dave's) stays"
    );
}

const CASE_ROWS: &str = "
    INSERT INTO mixed VALUES (1, 'Dave@Example.com', 'dave');
    INSERT INTO shouting VALUES (1, 'DAVE@EXAMPLE.COM', 'dave');
    INSERT INTO plain_lower VALUES (1, 'dave@example.com', 'dave');
    INSERT INTO accounts VALUES (1, 'Dave@Example.COM', 'Dave', 'x');
    INSERT INTO logins VALUES (1, 'Dave', 'Dave''s login'), (2, 'dave', 'another person');";

#[test]
fn postgres_addresses_match_in_any_case() {
    let ddl = format!(
        "CREATE EXTENSION IF NOT EXISTS citext;
         CREATE TABLE mixed (id BIGINT PRIMARY KEY, email TEXT, body TEXT);
         CREATE TABLE shouting (id BIGINT PRIMARY KEY, email CITEXT, body TEXT);
         CREATE TABLE plain_lower (id BIGINT PRIMARY KEY, email VARCHAR(50), body TEXT);
         CREATE INDEX ON plain_lower (email);
         CREATE TABLE accounts (id BIGINT PRIMARY KEY, email TEXT, login TEXT, body TEXT);
         CREATE TABLE logins (id BIGINT PRIMARY KEY, login TEXT, body TEXT);
         {CASE_ROWS}"
    );
    any_case(Sql::Postgres, &ddl, &["mixed", "shouting", "plain_lower"]);
}

#[test]
fn mysql_addresses_match_in_any_case() {
    let ddl = format!(
        "CREATE TABLE mixed (id BIGINT PRIMARY KEY, email VARCHAR(50) COLLATE utf8mb4_general_ci, body TEXT);
         CREATE TABLE shouting (id BIGINT PRIMARY KEY, email VARCHAR(50) COLLATE utf8mb4_bin, body TEXT);
         CREATE TABLE plain_lower (id BIGINT PRIMARY KEY, email VARCHAR(50), body TEXT, KEY (email));
         CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(50), login VARCHAR(50), body TEXT);
         CREATE TABLE logins (id BIGINT PRIMARY KEY, login VARCHAR(50), body TEXT);
         {CASE_ROWS}"
    );
    any_case(Sql::Mysql, &ddl, &["mixed", "shouting", "plain_lower"]);
}

#[test]
fn sqlite_addresses_match_in_any_case() {
    let ddl = format!(
        "CREATE TABLE mixed (id INTEGER PRIMARY KEY, email TEXT, body TEXT);
         CREATE TABLE shouting (id INTEGER PRIMARY KEY, email TEXT COLLATE NOCASE, body TEXT);
         CREATE TABLE plain_lower (id INTEGER PRIMARY KEY, email TEXT, body TEXT);
         CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT, login TEXT COLLATE NOCASE, body TEXT);
         CREATE TABLE logins (id INTEGER PRIMARY KEY, login TEXT COLLATE NOCASE, body TEXT);
         {CASE_ROWS}"
    );
    any_case(Sql::Sqlite, &ddl, &["mixed", "shouting", "plain_lower"]);
}

// ---------------------------------------------------------------------------------------
// Defect 4: holds on tables without a primary key.

fn holds_per_row(kind: Sql) {
    let int = if kind == Sql::Sqlite {
        "INTEGER"
    } else {
        "BIGINT"
    };
    let ddl = format!(
        "CREATE TABLE users (id {int} PRIMARY KEY, email VARCHAR(100) NOT NULL);
         CREATE TABLE invoices (id {int} PRIMARY KEY, user_id {int} NOT NULL, issued_at DATE NOT NULL, body TEXT);
         CREATE TABLE ledger (user_id {int} NOT NULL, issued_at DATE NOT NULL, body TEXT);
         INSERT INTO users VALUES (1, 'ann@example.com'), (2, 'ben@example.com');
         INSERT INTO invoices VALUES (10, 1, '2020-01-01', 'a'), (11, 1, '2024-06-01', 'b'),
                                     (12, 1, '2025-06-01', 'c'), (20, 2, '2020-01-01', 'ben');
         INSERT INTO ledger VALUES (1, '2020-01-01', 'a'), (1, '2024-06-01', 'b');"
    );
    let tables = |ledger: &str| {
        format!(
            r#"
[[store.table]]
name = "users"
match = {{ column = "email", identifier = "email" }}
derive = {{ user_id = "id" }}
erase = "delete"
[[store.table]]
name = "invoices"
match = {{ column = "user_id", identifier = "user_id" }}
erase = {{ retain = "Tax law", years = 8, from = "issued_at" }}
{ledger}"#
        )
    };
    // A kept table without a primary key: check refuses it, and so does the erasure,
    // before anything changes.
    let f = fixture(
        kind,
        &ddl,
        &tables(
            "[[store.table]]\nname = \"ledger\"\nmatch = { column = \"user_id\", identifier = \"user_id\" }\nerase = { retain = \"Tax law\", years = 8, from = \"issued_at\" }\n",
        ),
    );
    let problems = f.store().check().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.table.as_deref() == Some("ledger") && p.message.contains("no primary key")),
        "{kind:?}: {problems:?}"
    );
    let err = f.store().erase(&f.ids("ann@example.com")).unwrap_err();
    assert!(err.to_string().contains("no primary key"), "{err}");
    assert_eq!(f.db.strings("SELECT email AS v FROM users").len(), 2);

    // With a primary key: one hold per row, keyed by it; a purge deletes that row only.
    let f = fixture(kind, &ddl, &tables(""));
    assert!(f.store().check().unwrap().is_empty());
    let outcomes = f.store().erase(&f.ids("ann@example.com")).unwrap();
    let held = &outcomes
        .iter()
        .find(|o| o.object == "invoices")
        .unwrap()
        .retained;
    let keys: Vec<&str> = held.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys.len(),
        3,
        "{kind:?}: one hold per row, each its own key: {keys:?}"
    );
    let mut distinct = keys.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "{keys:?}");
    assert_eq!(
        f.store()
            .purge_held("invoices", held[0].key.as_str())
            .unwrap(),
        1
    );
    assert_eq!(
        f.dump("invoices").len(),
        3,
        "{kind:?}: exactly one row went"
    );
    // Purging it again finds nothing to delete; a key that is not the primary key (a hold
    // recorded before this fix, keyed by the match column) is refused and deletes nothing.
    assert_eq!(
        f.store()
            .purge_held("invoices", held[0].key.as_str())
            .unwrap(),
        0
    );
    let err = f
        .store()
        .purge_held("invoices", r#"{"user_id": 1}"#)
        .unwrap_err();
    assert!(err.to_string().contains("not the primary key"), "{err}");
    assert_eq!(f.dump("invoices").len(), 3);
    assert!(
        f.dump("invoices").contains(&"20|ben".to_owned()),
        "Ben's invoice stays"
    );
}

#[test]
fn postgres_each_held_row_has_its_own_hold() {
    holds_per_row(Sql::Postgres);
}

#[test]
fn mysql_each_held_row_has_its_own_hold() {
    holds_per_row(Sql::Mysql);
}

#[test]
fn sqlite_each_held_row_has_its_own_hold() {
    holds_per_row(Sql::Sqlite);
}

// ---------------------------------------------------------------------------------------
// Defect 6: false refusals of `datamap check`.

/// Reviews survive anonymised (their key nulled), comments by `ON DELETE SET NULL`, likes by
/// `ON DELETE CASCADE`: all commit, so check accepts them, and the erasure proves it.
/// Invoices kept under a hold that reference the account, plainly or by `CASCADE` (which
/// would delete what the law keeps), are refused, naming the table.
fn foreign_keys(kind: Sql) {
    let engine = if kind == Sql::Mysql {
        " ENGINE=InnoDB"
    } else {
        ""
    };
    let good = format!(
        "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL){engine};
         CREATE TABLE reviews (id BIGINT PRIMARY KEY, account_id BIGINT NULL, body VARCHAR(200),
             FOREIGN KEY (account_id) REFERENCES accounts (id)){engine};
         CREATE TABLE comments (id BIGINT PRIMARY KEY, account_id BIGINT NULL, body VARCHAR(200),
             FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE SET NULL){engine};
         CREATE TABLE likes (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, body VARCHAR(200),
             FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE){engine};
         INSERT INTO accounts VALUES (1, 'ann@example.com'), (2, 'ben@example.com');
         INSERT INTO reviews VALUES (1, 1, 'great'), (2, 2, 'fine');
         INSERT INTO comments VALUES (1, 1, 'hello'), (2, 2, 'hi');
         INSERT INTO likes VALUES (1, 1, 'like'), (2, 2, 'like');"
    );
    let map = r#"
[[store.table]]
name = "accounts"
match = { column = "email", identifier = "email" }
derive = { account_id = "id" }
erase = "delete"
[[store.table]]
name = "reviews"
match = { column = "account_id", identifier = "account_id" }
erase = { null = ["account_id"], mask = ["body"] }
[[store.table]]
name = "comments"
match = { column = "account_id", identifier = "account_id" }
erase = { mask = ["body"] }
[[store.table]]
name = "likes"
match = { column = "account_id", identifier = "account_id" }
erase = { mask = ["body"] }
"#;
    let f = fixture(kind, &good, map);
    let problems = f.store().check().unwrap();
    assert!(problems.is_empty(), "{kind:?}: {problems:?}");
    f.store().erase(&f.ids("ann@example.com")).unwrap();
    assert_eq!(
        f.db.strings("SELECT email AS v FROM accounts"),
        ["ben@example.com"]
    );
    assert_eq!(
        f.db.strings("SELECT body AS v FROM reviews WHERE account_id IS NULL")
            .len(),
        1,
        "the review survives, anonymised"
    );

    let bad = format!(
        "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL){engine};
         CREATE TABLE invoices (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, issued_at DATE,
             FOREIGN KEY (account_id) REFERENCES accounts (id)){engine};
         CREATE TABLE receipts (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, issued_at DATE,
             FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE){engine};
         CREATE TABLE notes (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, body VARCHAR(200),
             FOREIGN KEY (account_id) REFERENCES accounts (id)){engine};"
    );
    let map = r#"
[[store.table]]
name = "accounts"
match = { column = "email", identifier = "email" }
derive = { account_id = "id" }
erase = "delete"
[[store.table]]
name = "invoices"
match = { column = "account_id", identifier = "account_id" }
erase = { retain = "Tax law", years = 8, from = "issued_at" }
[[store.table]]
name = "receipts"
match = { column = "account_id", identifier = "account_id" }
erase = { retain = "Tax law", years = 8, from = "issued_at" }
[[store.table]]
name = "notes"
match = { column = "account_id", identifier = "account_id" }
erase = { null = ["account_id"] }
"#;
    let f = fixture(kind, &bad, map);
    let problems = f.store().check().unwrap();
    let on = |t: &str| {
        problems
            .iter()
            .find(|p| p.table.as_deref() == Some(t))
            .map(|p| p.message.clone())
            .unwrap_or_default()
    };
    assert!(
        on("invoices").contains("reference accounts"),
        "{problems:?}"
    );
    assert!(on("receipts").contains("CASCADE"), "{problems:?}");
    // Nulling a NOT NULL key can't commit either.
    assert!(
        problems.iter().any(|p| p.table.as_deref() == Some("notes")
            && p.column.as_deref() == Some("account_id")
            && p.message.contains("NOT NULL")),
        "{problems:?}"
    );
}

#[test]
fn postgres_check_accepts_what_commits_and_refuses_what_cant() {
    foreign_keys(Sql::Postgres);
}

#[test]
fn mysql_check_accepts_what_commits_and_refuses_what_cant() {
    foreign_keys(Sql::Mysql);
}
