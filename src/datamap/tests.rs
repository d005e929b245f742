use super::*;

const DESIGN_EXAMPLE: &str = r#"
[[store]]
name = "app"
type = "postgres"
url_env = "APP_DATABASE_URL"

  [[store.table]]
  name = "users"
  match = { column = "email", identifier = "email" }
  derive = { user_id = "id" }
  erase = "delete"

  [[store.table]]
  name = "profiles"
  match = { column = "user_id", identifier = "user_id" }
  erase = { null = ["avatar_url"], mask = ["full_name", "phone"] }

  [[store.table]]
  name = "invoices"
  match = { column = "user_id", identifier = "user_id" }
  derive = { stripe_customer_id = "stripe_customer_id" }
  erase = { retain = "Invoices are kept for tax law (GDPR Art. 17(3)(b))", years = 8, from = "issued_at", from_year_end = true }

[[store]]
name = "cache"
type = "redis"
url_env = "APP_REDIS_URL"
  [[store.keys]]
  pattern = "session:{user_id}:*"
  erase = "delete"

[[store]]
name = "billing"
type = "stripe"
api_base = "https://api.stripe.com"
api_key_env = "STRIPE_SECRET_KEY"
match = { identifier = "stripe_customer_id" }
erase = "redact_customer"

[[store]]
name = "crm"
type = "http"
export_url = "http://127.0.0.1:9000/gdpr/export"
erase_url  = "http://127.0.0.1:9000/gdpr/erase"
secret_env = "CRM_WEBHOOK_SECRET"

[[store]]
name = "newsletter"
type = "manual"
contact = "privacy@newsletter-vendor.example"
instructions = "Find the subscriber by email in the vendor console; export or delete them."

[[retention]]
name = "ended-subscriptions"
store = "app"
subjects_sql = "SELECT u.email FROM users u"
action = "erase"
schedule = "daily"
"#;

fn problems(text: &str) -> Vec<String> {
    match DataMap::parse(text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_design_example_parses_and_orders_identifiers() {
    // Its SQL store is PostgreSQL: a build without it refuses the map, naming the feature.
    if !cfg!(feature = "postgres") {
        let e = DataMap::parse(DESIGN_EXAMPLE).unwrap_err().to_string();
        assert!(e.contains("needs the postgres feature"), "{e}");
        return;
    }
    let map = DataMap::parse(DESIGN_EXAMPLE).unwrap();
    assert_eq!(map.store.len(), 5);
    assert_eq!(
        map.store[0].table[2].erase(),
        Erase::Retain(RetainDef {
            retain: "Invoices are kept for tax law (GDPR Art. 17(3)(b))".into(),
            years: 8,
            from: "issued_at".into(),
            from_year_end: true,
        })
    );
    let plan = Plan::build(&map).unwrap();
    assert_eq!(plan.order, ["email", "user_id", "stripe_customer_id"]);
    assert_eq!(map.store[1].keys[0].identifiers(), ["user_id"]);
}

#[test]
fn the_demo_map_parses() {
    let map = DataMap::demo().unwrap();
    assert_eq!(map.store[0].name, "app");
}

#[test]
fn a_three_step_chain_is_ordered() {
    let map = r#"
[[store]]
name = "shop"
type = "sqlite"
url = "sqlite://x.db"
  [[store.table]]
  name = "order_lines"
  match = { column = "order_id", identifier = "order_id" }
  erase = "delete"
  [[store.table]]
  name = "orders"
  match = { column = "account_id", identifier = "account_id" }
  derive = { order_id = "id" }
  erase = "delete"
  [[store.table]]
  name = "accounts"
  match = { column = "email", identifier = "email" }
  derive = { account_id = "id" }
  erase = "delete"
"#;
    let map = DataMap::parse(map).unwrap();
    assert_eq!(
        Plan::build(&map).unwrap().order,
        ["email", "account_id", "order_id"]
    );
}

#[test]
fn unreachable_identifiers_name_store_table_and_column() {
    let p = problems(
        r#"
[[store]]
name = "app"
type = "sqlite"
url = "sqlite://x.db"
  [[store.table]]
  name = "orders"
  match = { column = "account_ref", identifier = "account_id" }
  erase = "delete"
"#,
    );
    assert_eq!(
        p,
        [
            "store app, table orders, column account_ref: identifier account_id is never derived from email (no table derives it, or only unreachable ones do)"
        ]
    );
}

#[test]
fn derive_loops_are_refused() {
    let p = problems(
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
  [[store.table]]
  name = "accounts"
  match = { column = "user_id", identifier = "user_id" }
  derive = { email = "contact_email" }
  erase = "delete"
"#,
    );
    assert_eq!(
        p,
        [
            "store app, table users, column id: derive user_id from email closes a loop of identifiers",
            "store app, table accounts, column contact_email: derive email from user_id closes a loop of identifiers",
        ]
    );
    let p = problems(
        r#"
[[store]]
name = "app"
type = "sqlite"
url = "sqlite://x.db"
  [[store.table]]
  name = "users"
  match = { column = "email", identifier = "email" }
  derive = { email = "email" }
  erase = "delete"
"#,
    );
    assert!(
        p[0].contains("table users, column email: derives email, the identifier it is matched by"),
        "{p:?}"
    );
}

#[test]
fn shape_mistakes_are_each_named() {
    let p = problems(
        r#"
[[store]]
name = "app"
type = "sqlite"
  [[store.table]]
  name = "users"
  match = { column = "email", identifier = "email" }
  erase = "shred"

[[store]]
name = "cache"
type = "redis"
url = "redis://127.0.0.1"
  [[store.keys]]
  pattern = "sessions:*"

[[store]]
name = "billing"
type = "stripe"
match = { identifier = "email" }
erase = "delete_customer"

[[store]]
name = "vendor"
type = "manual"
"#,
    );
    assert_eq!(
        p,
        [
            "store app: needs `url` or `url_env`",
            "store app, table users: erase = \"shred\": expected \"delete\", { null = [..], mask = [..] } or { retain = .., years = .., from = .. }",
            "store cache: key pattern \"sessions:*\" has no {identifier}: it would match every subject",
            "store billing: erase must be \"redact_customer\" (Stripe invoices are never deleted)",
            "store vendor: needs `contact` (who gets the task)",
        ]
    );
}

#[test]
fn unknown_keys_and_types_are_refused() {
    let p = problems("[[store]]\nname = \"x\"\ntype = \"oracle\"\nurl = \"x\"\n");
    assert!(p[0].contains("unknown variant `oracle`"), "{p:?}");
    let p = problems("[[store]]\nname = \"x\"\ntype = \"sqlite\"\nurl = \"x\"\ncolour = 1\n");
    assert!(p[0].contains("unknown field `colour`"), "{p:?}");
}

#[test]
fn placeholders_are_found_in_order() {
    assert_eq!(placeholders("a:{user_id}:b:{org}:*"), ["user_id", "org"]);
    assert!(placeholders("plain:*").is_empty());
}

#[test]
fn a_key_placeholder_next_to_a_glob_is_refused() {
    for (pattern, ok) in [
        ("session:{user_id}:*", true),
        ("session:{user_id}", true),
        ("{user_id}:x", true),
        ("session:{user_id}*", false),
        ("session*{user_id}:x", false),
        ("s:{user_id}{org}:x", false),
        ("s:?{user_id}", false),
    ] {
        let map = format!(
            "[[store]]\nname = \"app\"\ntype = \"sqlite\"\nurl = \"x.db\"\n[[store.table]]\nname = \"users\"\nmatch = {{ column = \"email\", identifier = \"email\" }}\nderive = {{ user_id = \"id\", org = \"org\" }}\nerase = \"delete\"\n\
             [[store]]\nname = \"cache\"\ntype = \"redis\"\nurl = \"redis://x\"\n[[store.keys]]\npattern = \"{pattern}\"\n"
        );
        let result = DataMap::parse(&map);
        assert_eq!(result.is_ok(), ok, "{pattern}: {result:?}");
        if let Err(e) = result {
            assert!(e.to_string().contains("put a separator"), "{e}");
        }
    }
}

#[test]
fn case_exact_applies_to_email_tables_and_ignore_to_the_stores_that_take_it() {
    let base = "[[store]]\nname = \"app\"\ntype = \"sqlite\"\nurl = \"x.db\"\n[[store.table]]\nname = \"users\"\nmatch = { column = \"email\", identifier = \"email\" }\ncase = \"exact\"\nignore = [\"n/a\"]\nderive = { user_id = \"id\" }\nerase = \"delete\"\n";
    let map = DataMap::parse(base).unwrap();
    assert_eq!(map.store[0].table[0].case, Case::Exact);
    assert_eq!(map.store[0].table[0].ignore, ["n/a"]);
    let wrong = format!(
        "{base}[[store.table]]\nname = \"orders\"\nmatch = {{ column = \"user_id\", identifier = \"user_id\" }}\ncase = \"exact\"\nerase = \"delete\"\n"
    );
    let e = DataMap::parse(&wrong).unwrap_err().to_string();
    assert!(
        e.contains("only applies to a table matched by email"),
        "{e}"
    );
    let stray = base.replace("[[store.table]]", "ignore = [\"0\"]\n[[store.table]]");
    let e = DataMap::parse(&stray).unwrap_err().to_string();
    assert!(e.contains("`ignore"), "{e}");
}

/// A store whose backend the build left out is named with the feature it needs. Reached in
/// any build by pretending MySQL is missing; a build without a feature gets it from `parse`.
#[test]
fn a_store_type_not_built_in_names_its_feature() {
    let text = r#"
[[store]]
name = "app"
type = "mysql"
url = "mysql://root@127.0.0.1/app"
  [[store.table]]
  name = "users"
  match = { column = "email", identifier = "email" }
  erase = "delete"

[[store]]
name = "crm"
type = "http"
export_url = "https://crm.example/export"
"#;
    let map: DataMap = toml::from_str(text).unwrap();
    let problems: Vec<String> = map
        .check_backends(|k| k != StoreType::Mysql)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "store app: type \"mysql\" needs the mysql feature, which this build was made \
          without (build with --features mysql)"
        ]
    );
    // This build's own answer: a problem only if it was made without `mysql`.
    assert_eq!(
        map.check_backends(StoreType::is_compiled).is_empty(),
        cfg!(feature = "mysql")
    );
}
