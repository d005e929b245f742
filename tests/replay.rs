//! Replay after a backup restore (DESIGN §3): it plans first and changes nothing without
//! `--apply`; it re-finds erased subjects only through identifying values; an internal id
//! the store handed to someone new after the erasure (SQLite reuses a freed rowid) is never
//! followed into that person's records; the erased subject's restored rows are erased again.

mod common;

use common::stores::{Sql, StoreDb};
use common::{Backend, Setup, stderr, stdout};
use dsr_portal::config::Config;
use dsr_portal::erasure::{Engine, Origin};
use dsr_portal::portal::Portal;
use dsr_portal::stores::Identifiers;

struct Company {
    app: StoreDb,
    crm: StoreDb,
}

impl Company {
    /// Everything but the rows of the erased subject, to compare before and after.
    fn others(&self) -> Vec<String> {
        let mut rows = self.app.strings(
            "SELECT 'u' || id || ':' || email AS v FROM users WHERE lower(email) NOT LIKE 'xavier%' \
             UNION ALL SELECT 'o' || id || ':' || user_id || ':' || item FROM orders \
             WHERE user_id IN (SELECT id FROM users WHERE lower(email) NOT LIKE 'xavier%')",
        );
        rows.extend(
            self.crm
                .strings("SELECT 't' || id || ':' || user_id || ':' || body AS v FROM tickets"),
        );
        rows.sort();
        rows
    }
}

fn company(setup: &Setup) -> Company {
    let app = StoreDb::new(Sql::Sqlite);
    // INTEGER PRIMARY KEY without AUTOINCREMENT: SQLite hands the highest freed id out again.
    app.exec(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
         CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, item TEXT);
         CREATE TABLE legacy (id INTEGER PRIMARY KEY, email TEXT NOT NULL, user_id INTEGER);
         INSERT INTO users VALUES (1, 'ann@example.com'), (2, 'bob@example.com'), (3, 'xavier@example.com');
         INSERT INTO orders VALUES (10, 1, 'ann book'), (20, 2, 'bob pen'), (30, 3, 'xavier lamp');",
    );
    let crm = StoreDb::new(Sql::Postgres);
    crm.exec(
        "CREATE TABLE tickets (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, body TEXT);
         INSERT INTO tickets VALUES (1, 1, 'ann asks'), (2, 2, 'bob asks'), (3, 3, 'xavier asks');",
    );
    std::fs::write(
        &setup.datamap,
        format!(
            r#"
[[store]]
name = "app"
type = "sqlite"
url = "{app}"
  [[store.table]]
  name = "users"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ user_id = "id" }}
  erase = "delete"
  [[store.table]]
  name = "orders"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
  [[store.table]]
  name = "legacy"
  match = {{ column = "email", identifier = "email" }}
  derive = {{ user_id = "user_id" }}
  erase = "delete"
[[store]]
name = "crm"
type = "postgres"
url = "{crm}"
  [[store.table]]
  name = "tickets"
  match = {{ column = "user_id", identifier = "user_id" }}
  erase = "delete"
"#,
            app = app.url,
            crm = crm.url
        ),
    )
    .unwrap();
    Company { app, crm }
}

/// Erases one subject through the engine, as a retention run does; the ledger gets its entry.
fn erase(portal: &Portal, email: &str) {
    let engine = Engine::open(portal).unwrap();
    let mut seeds = Identifiers::default();
    seeds.insert("email", email.to_owned());
    let ids = engine.resolve(seeds).unwrap();
    let origin = Origin {
        request_id: None,
        source: "retention:test",
        subjects: 1,
        actor: "test",
    };
    let mut conn = portal.conn().unwrap();
    let id = dsr_portal::db::write_tx(&mut conn, |c| engine.begin(c, &origin, &ids, None)).unwrap();
    drop(conn);
    engine.execute(portal, &id, &origin, &|| {}).unwrap();
}

fn replay(config: &std::path::Path, apply: bool) -> String {
    let mut args = vec!["erasures", "replay", "--since", "2000-01-01T00:00:00Z"];
    if apply {
        args.push("--apply");
    }
    let out = common::cli(config, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn replay_never_touches_someone_who_took_an_erased_id(backend: Backend) {
    let setup = Setup::new(backend, common::free_port());
    let c = company(&setup);
    let config = setup.write_config(common::free_port());
    let portal = Portal::open(Config::load(Some(&config)).unwrap()).unwrap();

    erase(&portal, "xavier@example.com");
    assert!(
        c.app
            .strings("SELECT email AS v FROM users WHERE id = 3")
            .is_empty()
    );

    // Yvonne signs up and gets Xavier's freed id 3 (SQLite reuses it), with an order and a
    // ticket of her own.
    c.app.exec(
        "INSERT INTO users (email) VALUES ('yvonne@example.com');
         INSERT INTO orders VALUES (31, 3, 'yvonne kettle');",
    );
    c.crm
        .exec("INSERT INTO tickets VALUES (4, 3, 'yvonne asks')");
    assert_eq!(
        c.app.strings("SELECT email AS v FROM users WHERE id = 3"),
        ["yvonne@example.com"],
        "the freed id was handed out again"
    );
    let before = c.others();

    // The ledger knows Xavier's user_id 3, but an internal id is not who someone is: replay
    // finds no erased subject, plans nothing, and --apply changes nothing.
    let plan = replay(&config, false);
    assert!(plan.contains("nothing to erase again"), "{plan}");
    let applied = replay(&config, true);
    assert!(applied.contains("nothing to erase again"), "{applied}");
    assert_eq!(c.others(), before, "Yvonne is intact");

    // A backup copy brings Xavier back: his account (under a new id, 4, and in another
    // case), his order, and a legacy row still linking his address to the old id 3.
    c.app.exec(
        "INSERT INTO users VALUES (4, 'Xavier@Example.com');
         INSERT INTO orders VALUES (40, 4, 'xavier lamp');
         INSERT INTO legacy VALUES (1, 'xavier@example.com', 3);",
    );
    let plan = replay(&config, false);
    assert!(plan.contains("found again: 1 email value(s)"), "{plan}");
    assert!(
        plan.contains("skipped: 1 user_id value(s): also linked to someone who was not erased"),
        "{plan}"
    );
    assert!(plan.contains("run again with --apply"), "{plan}");
    let line = |table: &str| {
        plan.lines()
            .find(|l| l.trim_start().starts_with(table))
            .unwrap_or_else(|| panic!("{table} not in the plan: {plan}"))
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_owned()
    };
    assert_eq!(line("users"), "1", "{plan}");
    assert_eq!(line("orders"), "1", "{plan}");
    assert_eq!(line("legacy"), "1", "{plan}");
    assert_eq!(line("tickets"), "0", "{plan}");
    assert_eq!(
        c.app
            .strings("SELECT email AS v FROM users WHERE id = 4")
            .len(),
        1,
        "a plan changes nothing"
    );

    let applied = replay(&config, true);
    assert!(
        applied.contains("erased again: app/users: 1 row(s)")
            && applied.contains("erased again: app/orders: 1 row(s)")
            && applied.contains("erased again: app/legacy: 1 row(s)"),
        "{applied}"
    );
    assert!(!applied.contains("crm/tickets"), "{applied}");
    assert!(
        c.app
            .strings("SELECT email AS v FROM users WHERE lower(email) LIKE 'xavier%'")
            .is_empty()
    );
    assert!(
        c.app
            .strings("SELECT item AS v FROM orders WHERE id = 40")
            .is_empty()
    );
    assert_eq!(c.others(), before, "Yvonne, Ann and Bob are byte-identical");
}

#[test]
fn sqlite_portal_replay_never_touches_someone_who_took_an_erased_id() {
    replay_never_touches_someone_who_took_an_erased_id(Backend::Sqlite);
}

#[test]
fn postgres_portal_replay_never_touches_someone_who_took_an_erased_id() {
    replay_never_touches_someone_who_took_an_erased_id(Backend::Postgres);
}
