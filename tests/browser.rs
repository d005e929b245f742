//! Headless Chromium (Debian `chromium` + `chromium-driver`, driven with fantoccini over
//! WebDriver): the public flow (submit, confirm through the emailed link, status page) and the
//! desk flow (login with a computed TOTP code, open a request, approve; attach a vendor's
//! file to a manual step), as a person clicks them, without JavaScript. Screenshots go to `target/screenshots/` (CI keeps that folder).
//!
//! Every public page of the flow (and its error pages: 404, 410, 429) is checked with
//! axe-core (npm, installed into `tests/browser/` by `npm ci`) against WCAG 2.0, 2.1 and 2.2
//! A and AA at a desktop and a phone width: the test injects `axe.min.js` through WebDriver,
//! since the pages themselves run no script.

mod common;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::company::{download, read_zip, zip_body};
use common::desk::{self, PASSWORD, request_id};
use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, free_port, link_path, stderr};
use fantoccini::{Client, ClientBuilder, Locator};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver on a port of its own, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver() -> Driver {
    for bin in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(bin).exists(),
            "{bin} is missing: the browser tests need Debian's Chromium and its driver. \
             Install them with: apt-get install chromium chromium-driver (.ci/run does)"
        );
    }
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver { child, port };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

async fn browser(driver: &Driver) -> Client {
    browser_speaking(driver, "en-US,en").await
}

/// A Chromium whose person prefers `languages` (its `Accept-Language`).
async fn browser_speaking(driver: &Driver, languages: &str) -> Client {
    // Several rustls providers are compiled in; WebDriver over http needs one chosen.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
            ],
            "prefs": {"intl.accept_languages": languages},
        }),
    );
    ClientBuilder::rustls()
        .expect("TLS roots")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with Chromium")
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    std::fs::write(screenshots().join(format!("{name}.png")), png).expect("write screenshot");
}

async fn type_into(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .expect("type");
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .expect("click");
}

/// axe-core's script, as `npm ci` in `tests/browser/` installs it (the version is pinned in
/// that folder's `package-lock.json`).
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}. The accessibility checks need axe-core: run `npm ci` in tests/browser/ \
                 (.ci/run does; node and npm from Debian: apt-get install nodejs npm)",
                path.display()
            )
        })
    })
}

/// The WCAG levels the public pages must meet: A and AA of 2.0, 2.1 and 2.2.
const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Runs axe-core's WCAG A and AA rules on the page as it is; panics listing every
/// violation (rule, impact, help and the selector of each node).
async fn axe(c: &Client, page: &str) {
    c.execute(&format!("{}\nreturn typeof axe;", axe_source()), vec![])
        .await
        .unwrap_or_else(|e| panic!("{page}: injecting axe-core: {e}"));
    let run = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }))))
  .catch(e => done({error: String(e)}));
"#;
    let found = c
        .execute_async(run, vec![serde_json::json!(WCAG_TAGS)])
        .await
        .unwrap_or_else(|e| panic!("{page}: running axe-core: {e}"));
    if let Some(error) = found.get("error") {
        panic!("{page}: axe-core failed: {error}");
    }
    let violations = found.as_array().expect("axe's violations");
    if violations.is_empty() {
        return;
    }
    let mut report = String::new();
    for v in violations {
        report.push_str(&format!("- {} ({}): {}\n", v["id"], v["impact"], v["help"]));
        for n in v["nodes"].as_array().into_iter().flatten() {
            report.push_str(&format!("    {}: {}\n", n["target"], n["summary"]));
        }
    }
    panic!(
        "{page}: {} WCAG violation(s) found by axe-core:\n{report}",
        violations.len()
    );
}

/// Desktop and phone sizes of the browser window.
const DESKTOP: (u32, u32) = (1280, 1000);
const PHONE: (u32, u32) = (390, 844);

/// axe-core on the page at the desktop width and at the phone width (the page is not
/// reloaded: a page answering a form post stays as it is); back to the desktop after.
async fn axe_both(c: &Client, page: &str) {
    for (w, h) in [DESKTOP, PHONE] {
        c.set_window_size(w, h).await.expect("resize");
        axe(c, &format!("{page} at {w} px")).await;
    }
    c.set_window_size(DESKTOP.0, DESKTOP.1)
        .await
        .expect("resize");
}

const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';

/// Presses one key, as a person at the keyboard.
async fn press(c: &Client, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.expect("press a key");
}

/// Waits until the current page says `want` (after a form post); returns the page.
async fn page_until(c: &Client, want: &str) -> String {
    let start = Instant::now();
    loop {
        let page = c.source().await.expect("the page");
        if page.contains(want) {
            return page;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the page never said {want:?}: {page}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The `id` of the element that has the keyboard focus.
async fn focused_id(c: &Client) -> Option<String> {
    c.active_element()
        .await
        .expect("the focused element")
        .attr("id")
        .await
        .expect("its id")
}

/// Waits until the page's path (and query) contains `part`.
async fn wait_for_path(c: &Client, part: &str) {
    let start = Instant::now();
    loop {
        let url = c.current_url().await.expect("url");
        let here = format!("{}?{}", url.path(), url.query().unwrap_or_default());
        if here.contains(part) {
            return;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let page = c.source().await.unwrap_or_default();
            panic!("the browser did not reach {part} (at {here}): {page}");
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens `url` again and again until the page says `want` (work runs in the background);
/// returns the page.
async fn page_once(c: &Client, url: &str, want: &str) -> String {
    let start = Instant::now();
    loop {
        c.goto(url).await.expect("open the page");
        let page = c.source().await.expect("the page");
        if page.contains(want) {
            return page;
        }
        assert!(
            start.elapsed() < Duration::from_secs(40),
            "{url} never said {want:?}: {page}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Opens `path` of `app`, checks the page says each of `says`, takes its screenshot and
/// runs axe-core at both widths; returns the page.
async fn check_page(c: &Client, app: &TestApp, path: &str, says: &[&str], name: &str) -> String {
    c.goto(&app.url(path)).await.expect("open the page");
    let page = c.source().await.expect("the page");
    for s in says {
        assert!(page.contains(s), "{name}: {s:?} missing: {page}");
    }
    shot(c, name).await;
    axe_both(c, name).await;
    page
}

/// Logs a new DPO in to the desk: password, then the code their authenticator shows.
async fn desk_login(c: &Client, app: &TestApp, shots: bool) {
    let secret = desk::add(app, "dpo@example.com", "dpo");
    c.goto(&app.url("/admin")).await.expect("open the desk");
    wait_for_path(c, "/admin/login").await;
    type_into(c, "#email", "dpo@example.com").await;
    type_into(c, "#password", PASSWORD).await;
    if shots {
        shot(c, "05-desk-login").await;
        axe_both(c, "the desk's login page").await;
    }
    click(c, "form[action='/admin/login'] button[type=submit]").await;
    wait_for_path(c, "/admin/login/totp").await;
    type_into(c, "#code", &desk::code(&secret)).await;
    if shots {
        shot(c, "06-desk-totp").await;
        axe_both(c, "the desk's code page").await;
    }
    click(c, "form[action='/admin/login/totp'] button[type=submit]").await;
    wait_for_path(c, "/admin?").await;
}

#[actix_web::test]
async fn public_and_desk_flows_in_chromium() {
    let driver = start_driver();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let c = browser(&driver).await;

    // The public flow: ask for an erasure, confirm from the email, see the status page;
    // axe-core checks each page at both widths.
    let email = "browser@example.com";
    c.goto(&app.url("/")).await.expect("open the portal");
    axe_both(&c, "the request form").await;
    // A mistake: the form comes back with the error, and the focus on the field to fix.
    type_into(&c, "#email", "not an address").await;
    click(&c, "form[action='/requests'] button[type=submit]").await;
    wait_for_path(&c, "/requests").await;
    let page = c.source().await.expect("form with an error");
    assert!(page.contains("id=\"form-error\""), "{page}");
    assert_eq!(
        focused_id(&c).await.as_deref(),
        Some("email"),
        "the focus is on the field in error"
    );
    assert!(
        c.title().await.expect("title").starts_with("Error: "),
        "the title says there is an error"
    );
    shot(&c, "01a-public-form-error").await;
    axe_both(&c, "the request form with an error").await;
    c.find(Locator::Css("#email"))
        .await
        .expect("#email")
        .clear()
        .await
        .expect("clear");
    type_into(&c, "#email", email).await;
    click(&c, "#kind-erasure").await;
    shot(&c, "01-public-form").await;
    click(&c, "form[action='/requests'] button[type=submit]").await;
    wait_for_path(&c, "/requests/sent").await;
    shot(&c, "02-public-sent").await;
    axe_both(&c, "the sent page").await;
    let mail = app.smtp.wait_for_nth(email, 1).await;
    let verify = link_path(&mail.text, "/verify/").expect("verification link");
    c.goto(&app.url(&verify)).await.expect("open the link");
    shot(&c, "03-public-confirm").await;
    axe_both(&c, "the confirm page").await;
    click(&c, "form button[type=submit]").await;
    wait_for_path(&c, "/status/").await;
    let status_url = c.current_url().await.expect("the status page's address");
    let status = c.source().await.expect("status page");
    assert!(status.contains("We are reviewing your request"), "{status}");
    shot(&c, "04-public-status").await;
    axe_both(&c, "the status page").await;
    // The error pages a person can meet: an unknown address (404), a link already used (410).
    c.goto(&app.url("/no-such-page")).await.expect("a 404");
    assert!(c.source().await.unwrap().contains("Link not found"));
    axe_both(&c, "the 404 page").await;
    c.goto(&app.url(&verify)).await.expect("the used link");
    assert!(c.source().await.unwrap().contains("already used"));
    shot(&c, "04a-public-link-used").await;
    axe_both(&c, "the 410 page").await;

    // The desk flow: log in with password and TOTP; the desk opens on "Needs you", the
    // skip link then one Tab reach the first request; review the erasure's plan, confirm.
    desk_login(&c, &app, true).await;
    let id = request_id(&app, email);
    let queue = c.source().await.expect("queue");
    assert!(queue.contains(&id), "the queue lists the request");
    assert!(queue.contains("1 awaiting approval"), "{queue}");
    shot(&c, "07-desk-queue").await;
    axe_both(&c, "the desk's queue").await;
    let first = format!("/admin/requests/{id}");
    let mut tabs = 0;
    loop {
        press(&c, TAB).await;
        tabs += 1;
        let focused = c.active_element().await.expect("focus");
        if focused.attr("href").await.expect("href").as_deref() == Some(first.as_str()) {
            break;
        }
        if focused.attr("class").await.expect("class").as_deref() == Some("skip") {
            press(&c, ENTER).await;
        }
        assert!(tabs < 3, "more than 3 Tab presses to the first request");
    }
    c.goto(&app.url(&format!("/admin/requests/{id}")))
        .await
        .expect("open the request");
    shot(&c, "08-desk-request").await;
    axe_both(&c, "a request on the desk").await;
    // Assign it to oneself: "Mine" lists it.
    c.goto(&app.url(&format!("/admin/requests/{id}")))
        .await
        .expect("open the request");
    let me = c
        .find(Locator::XPath(
            "//select[@id='assign-to']/option[text()='dpo@example.com']",
        ))
        .await
        .expect("the DPO's own account in the list");
    me.click().await.expect("pick it");
    click(&c, "form[action$='/assign'] button[type=submit]").await;
    page_until(&c, "Assignment saved.").await;
    check_page(&c, &app, "/admin?view=mine", &[&id], "09e-desk-mine").await;
    check_page(
        &c,
        &app,
        "/admin/requests/new",
        &["Record a request"],
        "09f-desk-record",
    )
    .await;
    c.goto(&app.url(&format!("/admin/requests/{id}")))
        .await
        .expect("open the request");

    click(&c, &format!("a[href='/admin/requests/{id}/review']")).await;
    wait_for_path(&c, "/review").await;
    let review = c.source().await.expect("review page");
    assert!(review.contains("What the erasure will do"), "{review}");
    assert!(review.contains("retain under a legal hold"), "{review}");
    shot(&c, "08a-desk-review-plan").await;
    axe_both(&c, "the review of an erasure").await;
    click(&c, "form[action$='/approve'] button[type=submit]").await;
    let page = page_until(&c, "Approved.").await;
    assert!(page.contains("Approved by dpo@example.com."), "{page}");
    shot(&c, "09-desk-approved").await;
    c.refresh().await.expect("reload");
    let again = c.source().await.expect("reloaded");
    assert!(
        !again.contains("Approved."),
        "the message does not survive a reload"
    );
    assert!(again.contains("<details>"), "details on demand: {again}");
    axe_both(&c, "a request's timeline").await;

    // The other desk pages: all requests, the report, a refused year, an unknown page.
    check_page(
        &c,
        &app,
        "/admin/no-such-page",
        &["Not found"],
        "09g-desk-404",
    )
    .await;
    check_page(
        &c,
        &app,
        "/admin?view=all",
        &["All requests"],
        "09b-desk-all",
    )
    .await;
    check_page(
        &c,
        &app,
        "/admin/report",
        &["By month received"],
        "09c-desk-report",
    )
    .await;
    let this_year = app.portal.today().year();
    check_page(
        &c,
        &app,
        "/admin/report?year=1999",
        &[&format!("Pick a year between 2020 and {}", this_year + 1)],
        "09d-desk-report-year",
    )
    .await;

    // The subject's status page once the erasure is done: what happened, and where the
    // answer went.
    let page = page_once(&c, status_url.as_str(), "Your erasure request is done").await;
    assert!(page.contains("We emailed you our answer"), "{page}");
    assert!(!page.contains("Answer due by"), "{page}");
    shot(&c, "09a-public-status-erased").await;
    axe_both(&c, "the status page of a completed erasure").await;

    // The register on a phone-sized screen.
    c.set_window_size(390, 844).await.expect("resize");
    c.goto(&app.url("/admin")).await.expect("register");
    shot(&c, "10-desk-register-narrow").await;

    let approvals = desk::audited(&app, "approve");
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].actor, "admin:dpo@example.com");
    c.close().await.expect("close the browser");
    for n in ["01-public-form", "04-public-status", "09-desk-approved"] {
        assert!(screenshots().join(format!("{n}.png")).exists());
    }
}

/// The portal over the demo map plus `newsletter`, a partner without an API (a `manual`
/// store whose owner, privacy@newsletter.example, answers by email), with `extra`
/// configuration.
async fn with_a_partner(extra: &str) -> TestApp {
    let smtp = Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.extra = extra.into();
    let mut map = std::fs::read_to_string(&setup.datamap).unwrap();
    map.push_str(
        "\n[[store]]\nname = \"newsletter\"\ntype = \"manual\"\ncontact = \"privacy@newsletter.example\"\n",
    );
    std::fs::write(&setup.datamap, map).unwrap();
    TestApp::spawn_setup(setup, smtp, true).await
}

/// A DPO attaches the file a vendor without an API returned, with the browser's own file
/// picker (a real multipart upload), and the subject's archive carries it.
#[actix_web::test]
async fn a_dpo_attaches_a_vendors_file_in_chromium() {
    let driver = start_driver();
    let app = with_a_partner("[admin]\nmax_upload_mib = 1\n").await;
    app.verified_request("ada@example.com", "access").await;
    let id = request_id(&app, "ada@example.com");
    let file = app.setup.dir.path().join("newsletter-export.csv");
    let csv = "email,subscribed_at\nada@example.com,2021-03-04\n";
    std::fs::write(&file, csv).unwrap();

    let big = app.setup.dir.path().join("too-big.bin");
    std::fs::write(&big, vec![b'x'; 3 * 1024 * 1024]).unwrap();

    let c = browser(&driver).await;
    desk_login(&c, &app, false).await;
    // Over admin.max_upload_mib: the browser shows the desk's 413 page (checked with 40 MiB
    // too: the early answer reaches Chromium, no connection reset).
    c.goto(&app.url(&format!("/admin/requests/{id}")))
        .await
        .expect("open the request");
    type_into(&c, "#step-newsletter", "too big").await;
    type_into(&c, "#files-newsletter", big.to_str().unwrap()).await;
    click(&c, "form[action$='/complete-step'] button[type=submit]").await;
    wait_for_path(&c, "/complete-step").await;
    let refused = c.source().await.expect("refusal page");
    assert!(refused.contains("larger than 1 MiB"), "{refused}");
    shot(&c, "13-desk-upload-too-large").await;

    c.goto(&app.url(&format!("/admin/requests/{id}")))
        .await
        .expect("open the request");
    type_into(
        &c,
        "#step-newsletter",
        "Subscriber since 2021; file attached.",
    )
    .await;
    type_into(&c, "#files-newsletter", file.to_str().unwrap()).await;
    shot(&c, "11-desk-manual-step").await;
    click(&c, "form[action$='/complete-step'] button[type=submit]").await;
    let page = page_until(&c, "Manual step recorded.").await;
    assert!(page.contains("newsletter-export.csv"), "{page}");
    shot(&c, "12-desk-step-done").await;
    c.close().await.expect("close the browser");

    let (r, _) = download(&app, "ada@example.com").await;
    let z = read_zip(&zip_body(r).await);
    assert_eq!(
        z["csv"]["newsletter/newsletter-export.csv"][1][0],
        "ada@example.com"
    );
    assert_eq!(
        z["manifest"]["stores"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "newsletter")
            .unwrap()["note"],
        "Subscriber since 2021; file attached."
    );
}

/// A person over the public pages' rate limit sees how long to wait (the favicon their
/// browser fetches on its own does not count), and the page passes axe-core too.
#[actix_web::test]
async fn the_429_page_says_how_long_to_wait_in_chromium() {
    let driver = start_driver();
    let smtp = Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.rate_per_ip = 2;
    let app = TestApp::spawn_setup(setup, smtp, false).await;
    let c = browser(&driver).await;
    c.goto(&app.url("/")).await.expect("first page");
    c.goto(&app.url("/")).await.expect("second page");
    assert!(
        c.source().await.unwrap().contains("action=\"/requests\""),
        "the icon and the stylesheet did not count against the limit"
    );
    c.goto(&app.url("/")).await.expect("third page");
    let page = c.source().await.unwrap();
    assert!(page.contains("Too many requests"), "{page}");
    assert!(
        page.contains("Please try again in about 30 seconds."),
        "2 a minute: the next in 30 s: {page}"
    );
    shot(&c, "15-public-too-many").await;
    axe_both(&c, "the 429 page").await;
    c.close().await.expect("close the browser");
}

/// The archive's README.html on a 390 px phone: numbers and column names are never broken
/// inside, a wide table scrolls inside itself and the page does not.
#[actix_web::test]
async fn the_archive_readme_reads_on_a_phone_in_chromium() {
    let driver = start_driver();
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.verified_request("ada@example.com", "access").await;
    let (r, _) = download(&app, "ada@example.com").await;
    let bytes = zip_body(r).await;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut html = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("README.html").expect("README.html"),
        &mut html,
    )
    .expect("UTF-8");
    let file = app.setup.dir.path().join("README.html");
    std::fs::write(&file, &html).unwrap();

    let c = browser(&driver).await;
    // Lines per cell: a cell whose text needs two lines at a phone width was broken.
    let measure = r#"
const lines = el => { const r = document.createRange(); r.selectNodeContents(el);
  return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; };
const broken = [...document.querySelectorAll("th, td")]
  .filter(el => el.tagName === "TH" || /^[-+'0-9.,: ]{1,24}$/.test(el.textContent.trim()))
  .filter(el => el.textContent.trim() !== "" && lines(el) > 1)
  .map(el => el.tagName + ": " + el.textContent.trim());
const tables = [...document.querySelectorAll("table")];
return {
  broken,
  page_width: document.documentElement.scrollWidth,
  window_width: window.innerWidth,
  scrolling_tables: tables.filter(t => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX === "auto").length,
  wide_tables: tables.filter(t => t.scrollWidth > t.clientWidth).length,
};
"#;
    for ((w, h), name) in [(PHONE, "16-readme-phone"), (DESKTOP, "17-readme-desktop")] {
        c.set_window_size(w, h).await.expect("resize");
        c.goto(&format!("file://{}", file.display()))
            .await
            .expect("open README.html");
        shot(&c, name).await;
        axe(&c, &format!("README.html at {w} px")).await;
        let m = c
            .execute(measure, vec![])
            .await
            .expect("measure the tables");
        assert_eq!(m["broken"], serde_json::json!([]), "at {w} px: {m}");
        assert!(
            m["page_width"].as_u64() <= m["window_width"].as_u64(),
            "the page itself scrolls sideways at {w} px: {m}"
        );
        assert_eq!(
            m["wide_tables"], m["scrolling_tables"],
            "a table wider than the screen scrolls inside itself at {w} px: {m}"
        );
        if w == PHONE.0 {
            // The invoices (amounts, dates) in view, for the eye.
            c.execute(
                "[...document.querySelectorAll('p strong')].find(s => s.textContent === 'invoices')?.scrollIntoView()",
                vec![],
            )
            .await
            .expect("scroll");
            shot(&c, "16a-readme-phone-invoices").await;
            assert!(
                m["wide_tables"].as_u64() > Some(0),
                "some table is wider than a phone: {m}"
            );
        }
    }
    c.close().await.expect("close the browser");
}

/// The path of the `n`th (1-based) link to `marker` emailed to `email`.
async fn emailed_link(app: &TestApp, email: &str, n: usize, marker: &str) -> String {
    let mail = app.smtp.wait_for_nth(email, n).await;
    link_path(&mail.text, marker).unwrap_or_else(|| panic!("no {marker} link: {}", mail.text))
}

fn run_cli(app: &TestApp, args: &[&str]) {
    let out = app.cli(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
}

/// The status page in every state a subject can meet it, and the error pages of their links,
/// each saying what is true in that state, at 0 axe-core violations at both widths. The
/// portal's clock moves forward (8 days, then 31 more) instead of anyone waiting. Before a
/// request is confirmed there is no status link yet (its page is the confirm page, checked
/// above), so `unverified` and `expired` are met through the verification link.
#[actix_web::test]
async fn every_state_of_a_request_in_chromium() {
    use dsr_portal::domain::format::long_date;
    let driver = start_driver();
    let c = browser(&driver).await;
    let day = time::Duration::days(1);

    // A partner without an API (its owner answers by email) keeps work in `processing`;
    // approved erasures wait 14 days (`scheduled`).
    let app =
        with_a_partner("[policy]\nerasure_wait_days = 14\nstatus_link_days_after_close = 30\n")
            .await;
    let today = app.portal.today();

    // Access, asked twice before confirming (two links), confirmed with the second: the
    // export waits for the partner.
    let ada = "ada@example.com";
    app.submit(ada, "access").await;
    let first_link = emailed_link(&app, ada, 1, "/verify/").await;
    app.submit(ada, "access").await;
    let second_link = emailed_link(&app, ada, 2, "/verify/").await;
    assert_ne!(first_link, second_link);
    c.goto(&app.url(&second_link)).await.expect("confirm page");
    click(&c, "form button[type=submit]").await;
    wait_for_path(&c, "/status/").await;
    let ada_status = c.current_url().await.expect("url").path().to_owned();
    page_once(
        &c,
        &app.url(&ada_status),
        "asked a partner, waiting for their answer",
    )
    .await;
    check_page(
        &c,
        &app,
        &ada_status,
        &[
            "We are collecting your data",
            "We email you a download link when the archive is ready, by",
            "days from today",
            "Where we are collecting",
            "Answer due by",
        ],
        "20-state-processing-access",
    )
    .await;
    // The first link, once the request is confirmed: it says so.
    check_page(
        &c,
        &app,
        &first_link,
        &["Already confirmed", "We emailed you a link to follow it"],
        "21-link-already-confirmed",
    )
    .await;

    // An erasure waits for the privacy team; the subject cancels it from the page.
    let bob_status = app.verified_request("bob@example.com", "erasure").await;
    check_page(
        &c,
        &app,
        &bob_status,
        &[
            "We are reviewing your request",
            "We answer by",
            "Cancel my request",
        ],
        "22-state-awaiting-approval",
    )
    .await;
    click(&c, "form[action$='/cancel'] button[type=submit]").await;
    page_once(&c, &app.url(&bob_status), "This request was cancelled").await;
    let page = check_page(
        &c,
        &app,
        &bob_status,
        &[
            "This request was cancelled",
            "We stopped before doing anything",
        ],
        "23-state-cancelled",
    )
    .await;
    assert!(!page.contains("Answer due by") && !page.contains("Cancel my request"));

    // Declined by the privacy team, with a reason that went by email.
    let cyd = "cyd@example.com";
    let cyd_status = app.verified_request(cyd, "erasure").await;
    let id = request_id(&app, cyd);
    run_cli(
        &app,
        &[
            "requests",
            "reject",
            &id,
            "--reason",
            "Not the account holder",
        ],
    );
    let declined = app
        .smtp
        .wait_for_subject(cyd, "Your privacy request was declined")
        .await;
    assert!(declined.text.contains("Not the account holder"));
    check_page(
        &c,
        &app,
        &cyd_status,
        &["We declined this request", "We emailed you the reason"],
        "24-state-rejected",
    )
    .await;

    // Approved, the erasure waits 14 days: when it starts, and that it can be cancelled.
    let dan = "dan@example.com";
    let dan_status = app.verified_request(dan, "erasure").await;
    run_cli(&app, &["requests", "approve", &request_id(&app, dan)]);
    check_page(
        &c,
        &app,
        &dan_status,
        &[
            "Your erasure is scheduled",
            &format!(
                "We start erasing your data on {}",
                long_date(today + 14 * day)
            ),
            "We email you when it is done, by",
            "Cancel my request",
        ],
        "25-state-scheduled",
    )
    .await;

    // The partner answers: the copy is ready; the page names the day, where the link went
    // and until when it works (the date the email gave).
    app.smtp.wait_for_nth("privacy@newsletter.example", 1).await;
    run_cli(
        &app,
        &[
            "requests",
            "complete-step",
            &request_id(&app, ada),
            "newsletter",
            "--note",
            "No subscriber.",
        ],
    );
    let ready = app
        .smtp
        .wait_for_subject(ada, "Your answer is ready to download")
        .await;
    let until = ready
        .text
        .split("The link works until ")
        .nth(1)
        .and_then(|t| t.split('.').next())
        .unwrap_or_else(|| panic!("no end date: {}", ready.text))
        .to_owned();
    page_once(&c, &app.url(&ada_status), "state-completed").await;
    let page = check_page(
        &c,
        &app,
        &ada_status,
        &[
            "Your answer is ready",
            &format!(
                "We finished searching our systems for your data on {}",
                long_date(today)
            ),
            &format!("it works until {until}."),
            "spam folder",
            "What we found",
        ],
        "26-state-completed-access",
    )
    .await;
    assert!(!page.contains("Answer due by") && !page.contains("Refresh this page"));
    // The first link after the request is finished: where the answer is.
    check_page(
        &c,
        &app,
        &first_link,
        &[
            "This request is already finished",
            "in the email we sent you then",
            "Make a new request",
        ],
        "27-link-after-completion",
    )
    .await;
    let download = link_path(&ready.text, "/download/").expect("the download link");

    // A confirmation link nobody opens.
    let eve = "eve@example.com";
    app.submit(eve, "access").await;
    let eve_link = emailed_link(&app, eve, 1, "/verify/").await;

    // Eight days later: the download link and the unopened confirmation link have expired.
    app.portal.clock.advance(8 * day);
    page_once(&c, &app.url(&ada_status), "We answered your request").await;
    check_page(
        &c,
        &app,
        &ada_status,
        &[
            "The download link we emailed you has expired",
            "make a new request",
        ],
        "28-state-completed-access-expired",
    )
    .await;
    for link in [&download, &eve_link] {
        check_page(
            &c,
            &app,
            link,
            &["This link has expired", "Make a new request"],
            "29-link-expired",
        )
        .await;
    }

    // 31 days more: the closed requests' status links are gone (30 days after they
    // closed); the scheduled erasure has run and waits for the partner, past its due date.
    app.portal.clock.advance(31 * day);
    check_page(
        &c,
        &app,
        &bob_status,
        &["This link has expired"],
        "30-status-link-gone",
    )
    .await;
    page_once(
        &c,
        &app.url(&dan_status),
        "asked a partner, waiting for their answer",
    )
    .await;
    let page = check_page(
        &c,
        &app,
        &dan_status,
        &[
            "We are erasing your data",
            "Where we are erasing",
            "Our answer was due by",
            "we are late",
        ],
        "31-state-processing-erasure-late",
    )
    .await;
    assert!(
        !page.contains("days from today") && !page.contains("Records so far"),
        "{page}"
    );

    // Links that never existed: 404 pages.
    let unknown = "A".repeat(43);
    for path in [
        format!("/status/{unknown}"),
        format!("/download/{unknown}"),
        format!("/verify/{unknown}"),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status(), 404, "{path}");
        check_page(
            &c,
            &app,
            &path,
            &["Link not found", "Make a new request"],
            "32-link-unknown",
        )
        .await;
    }

    // A store refusing a query (a table renamed under it), one attempt: the request is
    // delayed, and the page says so without naming a cause it can't know.
    let smtp = Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.max_attempts = 1;
    setup.extra = "[policy]\nrequire_approval = []\n".into();
    let store = setup.dir.path().join("demo-company.db");
    let broken = TestApp::spawn_setup(setup, smtp, true).await;
    {
        use diesel::{Connection, RunQueryDsl};
        let mut conn = diesel::SqliteConnection::establish(store.to_str().unwrap()).unwrap();
        diesel::sql_query("ALTER TABLE usage_events RENAME TO usage_events_moved")
            .execute(&mut conn)
            .unwrap();
    }
    for (email, kind, heading, name) in [
        (
            "gus@example.com",
            "access",
            "Where we are collecting",
            "33-state-failed-access",
        ),
        (
            "hal@example.com",
            "erasure",
            "Where we are erasing",
            "34-state-failed-erasure",
        ),
    ] {
        let status = broken.verified_request(email, kind).await;
        page_once(&c, &broken.url(&status), "Your request is delayed").await;
        let page = check_page(
            &c,
            &broken,
            &status,
            &[
                "could not finish it yet",
                "Our privacy team has been told",
                "We still answer by",
                heading,
                "delayed, we are on it",
            ],
            name,
        )
        .await;
        // What the failed store had read is not known: no count of 0 for it.
        assert_eq!(page.contains("not known"), kind == "access", "{page}");
    }
    c.close().await.expect("close the browser");
}

/// Every email's HTML (each branch, `tests/common/emails.rs`) at 0 axe-core violations, at a
/// desktop and a phone width: people read them in mail clients that render HTML much as a
/// browser does.
#[actix_web::test]
async fn every_email_passes_axe_core_in_chromium() {
    let driver = start_driver();
    let c = browser(&driver).await;
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, message, brand) in common::emails::all() {
        let r = message
            .render(
                &brand,
                &dsr_portal::i18n::I18n::built_in(),
                dsr_portal::i18n::Lang::EN,
            )
            .expect("render");
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, &r.html).expect("write the email");
        c.goto(&format!("file://{}", file.display()))
            .await
            .expect("open the email");
        axe_both(&c, &format!("the {name} email")).await;
        if name == "erasure-kept" {
            shot(&c, "40-email-erasure-kept").await;
        }
    }
    c.close().await.expect("close the browser");
}

/// Whether the element `css` is shown (the form shows only the chosen kind's fields).
async fn shown(c: &Client, css: &str) -> bool {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .is_displayed()
        .await
        .expect("displayed")
}

/// The other rights as a person and a DPO meet them: the form shows each kind's own fields
/// when that kind is chosen (no script), a correction is asked for and confirmed, and the
/// desk shows the current values beside the corrected ones; each page at 0 axe-core
/// violations at both widths.
#[actix_web::test]
async fn the_other_rights_in_chromium() {
    let driver = start_driver();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let c = browser(&driver).await;

    c.goto(&app.url("/?kind=rectification"))
        .await
        .expect("the form");
    assert!(
        shown(&c, "#change-full_name").await,
        "the fields to correct"
    );
    assert!(
        !shown(&c, "#ground-legal_claims").await,
        "not another kind's"
    );
    axe_both(&c, "the correction form").await;
    click(&c, "#kind-restriction").await;
    assert!(shown(&c, "#ground-legal_claims").await);
    assert!(!shown(&c, "#change-full_name").await);
    axe_both(&c, "the restriction form").await;
    click(&c, "#kind-objection").await;
    assert!(shown(&c, "#scope-direct_marketing").await);
    shot(&c, "40-objection-form").await;

    click(&c, "#kind-rectification").await;
    type_into(&c, "#email", "grace@example.com").await;
    type_into(&c, "#change-full_name", "Grace Brewster Hopper").await;
    type_into(&c, "#note", "My full name, please.").await;
    click(&c, "form[action='/requests'] button[type=submit]").await;
    wait_for_path(&c, "/requests/sent").await;
    let link = emailed_link(&app, "grace@example.com", 1, "/verify/").await;
    c.goto(&app.url(&link)).await.expect("confirm page");
    click(&c, "form button[type=submit]").await;
    wait_for_path(&c, "/status/").await;
    let status = c.current_url().await.expect("url").path().to_owned();
    page_once(&c, &app.url(&status), "We are reviewing your request").await;
    axe_both(&c, "a correction under review").await;

    desk_login(&c, &app, false).await;
    let id = request_id(&app, "grace@example.com");
    let page = check_page(
        &c,
        &app,
        &format!("/admin/requests/{id}"),
        &[
            "Corrections asked for",
            "Grace Hopper",
            "Grace Brewster Hopper",
            "My full name, please.",
        ],
        "41-desk-correction",
    )
    .await;
    assert!(page.contains("Full name"), "{page}");
    // Approving shows the old and new values again, then the confirm step.
    click(&c, &format!("a[href='/admin/requests/{id}/review']")).await;
    wait_for_path(&c, "/review").await;
    let review = c.source().await.expect("review page");
    assert!(
        review.contains("Grace Hopper") && review.contains("Grace Brewster Hopper"),
        "{review}"
    );
    axe_both(&c, "the review of a correction").await;
    click(&c, "form[action$='/approve'] button[type=submit]").await;
    page_until(&c, "Approved.").await;
    page_once(&c, &app.url(&status), "Your correction is done").await;
    axe_both(&c, "a correction done").await;
    c.close().await.expect("close the browser");
}

/// A German browser gets German pages; the language links switch to French without
/// JavaScript; a request made in French is confirmed by a French email; each language's
/// form passes axe-core (its `lang` attribute set) at both widths.
#[actix_web::test]
async fn the_portal_in_each_language_in_chromium() {
    use dsr_portal::i18n::{I18n, Lang};
    let texts = I18n::built_in();
    let t = |code: &str, key: &str| texts.texts(Lang::parse(code).unwrap()).t(key);
    let driver = start_driver();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let c = browser_speaking(&driver, "de-DE,de;q=0.9").await;
    c.goto(&app.url("/")).await.expect("open the portal");
    let page = c.source().await.expect("the form");
    assert!(page.contains("<html lang=\"de\">"), "{page}");
    assert!(page.contains(&t("de", "index-heading")), "{page}");
    shot(&c, "50-form-de").await;
    // The link to French: a plain link, and the choice sticks for the next pages.
    click(&c, "nav.langs a[hreflang='fr']").await;
    wait_for_path(&c, "lang=fr").await;
    let page = c.source().await.expect("the French form");
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    type_into(&c, "#email", "claire@example.com").await;
    click(&c, "form[action='/requests'] button[type=submit]").await;
    wait_for_path(&c, "/requests/sent").await;
    let page = c.source().await.expect("the sent page");
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    let mail = app.smtp.wait_for_nth("claire@example.com", 1).await;
    assert_eq!(mail.subject, t("fr", "verify-subject"));
    let verify = link_path(&mail.text, "/verify/").expect("the link");
    c.goto(&app.url(&verify)).await.expect("the confirm page");
    let page = c.source().await.expect("the confirm page");
    assert!(page.contains(&t("fr", "verify-submit")), "{page}");
    axe_both(&c, "the confirm page in French").await;
    for code in ["en", "de", "fr", "es", "it", "nl"] {
        c.goto(&app.url(&format!("/?lang={code}")))
            .await
            .expect("the form");
        let page = c.source().await.expect("the form");
        assert!(page.contains(&format!("<html lang=\"{code}\">")), "{code}");
        axe_both(&c, &format!("the request form in {code}")).await;
    }
    c.close().await.expect("close the browser");
}

/// Desk single sign-on end to end in Chromium, against a real OpenID provider: the login
/// page's button, the provider's redirects, the page that opens the desk (the Strict session
/// cookie is not sent on the provider's cross-site redirect, so the desk opens from our own
/// page), the queue as the signed-in DPO; axe-core on the login page with the button and on
/// the signed-in page.
#[actix_web::test]
async fn desk_single_sign_on_in_chromium() {
    use common::oidc::{Reserved, person};
    let driver = start_driver();
    let idp = Reserved::new();
    let app = TestApp::spawn_with(Backend::Sqlite, &idp.config(&["example.com"], "")).await;
    let _idp = idp.start(
        &app,
        serde_json::json!({"dpo@example.com": person("dpo@example.com", Some("dpo"))}),
    );
    let c = browser(&driver).await;
    c.goto(&app.url("/admin")).await.expect("open the desk");
    wait_for_path(&c, "/admin/login").await;
    let page = c.source().await.unwrap();
    assert!(page.contains("Log in with Example SSO"), "{page}");
    shot(&c, "40-desk-login-sso").await;
    axe_both(&c, "the desk's login page with single sign-on").await;
    click(&c, "a[href='/admin/login/sso']").await;
    wait_for_path(&c, "/admin?").await;
    let queue = c.source().await.unwrap();
    assert!(
        queue.contains("dpo@example.com"),
        "signed in as the DPO: {queue}"
    );
    assert!(queue.contains("Needs you"), "{queue}");
    shot(&c, "41-desk-after-sso").await;
    c.goto(&app.url("/admin/login/sso/callback?state=x&code=y"))
        .await
        .expect("a stray callback");
    let page = c.source().await.unwrap();
    assert!(page.contains("used already or has expired"), "{page}");
    axe_both(&c, "a refused sign-in").await;
    c.close().await.expect("close the browser");
}
