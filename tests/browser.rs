//! Headless Chromium (Debian `chromium` + `chromium-driver`, driven with fantoccini over
//! WebDriver): the public flow (submit, confirm through the emailed link, status page) and the
//! desk flow (login with a computed TOTP code, open a request, approve; attach a vendor's
//! file to a manual step), as a person clicks them, without JavaScript. Screenshots go to `target/screenshots/` (CI keeps that folder).

mod common;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::company::{download, read_zip, zip_body};
use common::desk::{self, PASSWORD, request_id};
use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, free_port, link_path};
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

/// Logs a new DPO in to the desk: password, then the code their authenticator shows.
async fn desk_login(c: &Client, app: &TestApp, shots: bool) {
    let secret = desk::add(app, "dpo@example.com", "dpo");
    c.goto(&app.url("/admin")).await.expect("open the desk");
    wait_for_path(c, "/admin/login").await;
    type_into(c, "#email", "dpo@example.com").await;
    type_into(c, "#password", PASSWORD).await;
    if shots {
        shot(c, "05-desk-login").await;
    }
    click(c, "form[action='/admin/login'] button[type=submit]").await;
    wait_for_path(c, "/admin/login/totp").await;
    type_into(c, "#code", &desk::code(&secret)).await;
    if shots {
        shot(c, "06-desk-totp").await;
    }
    click(c, "form[action='/admin/login/totp'] button[type=submit]").await;
    wait_for_path(c, "/admin?").await;
}

#[actix_web::test]
async fn public_and_desk_flows_in_chromium() {
    let driver = start_driver();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let c = browser(&driver).await;

    // The public flow: ask for an erasure, confirm from the email, see the status page.
    let email = "browser@example.com";
    c.goto(&app.url("/")).await.expect("open the portal");
    type_into(&c, "#email", email).await;
    click(&c, "#kind-erasure").await;
    shot(&c, "01-public-form").await;
    click(&c, "form[action='/requests'] button[type=submit]").await;
    wait_for_path(&c, "/requests/sent").await;
    shot(&c, "02-public-sent").await;
    let mail = app.smtp.wait_for_nth(email, 1).await;
    let verify = link_path(&mail.text, "/verify/").expect("verification link");
    c.goto(&app.url(&verify)).await.expect("open the link");
    shot(&c, "03-public-confirm").await;
    click(&c, "form button[type=submit]").await;
    wait_for_path(&c, "/status/").await;
    let status = c.source().await.expect("status page");
    assert!(status.contains("We are reviewing your request"), "{status}");
    shot(&c, "04-public-status").await;

    // The desk flow: log in with password and TOTP, open the request, approve it.
    desk_login(&c, &app, true).await;
    let id = request_id(&app, email);
    let register = c.source().await.expect("register");
    assert!(register.contains(&id), "the register lists the request");
    shot(&c, "07-desk-register").await;
    click(&c, &format!("a[href='/admin/requests/{id}']")).await;
    wait_for_path(&c, &format!("/admin/requests/{id}")).await;
    shot(&c, "08-desk-request").await;
    click(&c, "form[action$='/approve'] button[type=submit]").await;
    wait_for_path(&c, "done=approve").await;
    let page = c.source().await.expect("request page");
    assert!(page.contains("processing"), "{page}");
    assert!(page.contains("admin:dpo@example.com"));
    shot(&c, "09-desk-approved").await;

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

/// A DPO attaches the file a vendor without an API returned, with the browser's own file
/// picker (a real multipart upload), and the subject's archive carries it.
#[actix_web::test]
async fn a_dpo_attaches_a_vendors_file_in_chromium() {
    let driver = start_driver();
    let smtp = Smtp::start();
    let mut setup = Setup::new(Backend::Sqlite, smtp.port);
    setup.extra = "[admin]\nmax_upload_mib = 1\n".into();
    let mut map = std::fs::read_to_string(&setup.datamap).unwrap();
    map.push_str(
        "\n[[store]]\nname = \"newsletter\"\ntype = \"manual\"\ncontact = \"privacy@newsletter.example\"\n",
    );
    std::fs::write(&setup.datamap, map).unwrap();
    let app = TestApp::spawn_setup(setup, smtp, true).await;
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
    wait_for_path(&c, "done=complete-step").await;
    let page = c.source().await.expect("request page");
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
