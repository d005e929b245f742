//! The Debian package, as an administrator meets it: `cargo deb` builds it, `dpkg -i`
//! installs it on this machine (CI runs the tests as root), and then the installed files,
//! user, modes and systemd units are what packaging/debian/ promises. The installed binary
//! is started exactly as `dsr-portal.service` starts it (its `ExecStart`, `User`, `Group`,
//! `WorkingDirectory` and `EnvironmentFile`; only the listening port is moved to a free
//! one), and a request is submitted and confirmed over HTTP, its link read from the mail
//! file the packaged configuration writes. An upgrade keeps the configuration, the keys and
//! the data; `dpkg --remove` keeps them too, `dpkg --purge` deletes them and the user.
//!
//! Only the first test touches dpkg: it installs and purges the package on this machine, so
//! it refuses to run where dsr-portal was installed by anything but an earlier run of itself.
//! It needs cargo-deb (`.ci/run` installs it; without it the test fails saying how).

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{csrf_in, free_port, link_path};

const CARGO_DEB: &str = "cargo-deb@3.8.0";
const STATE: &str = "/var/lib/dsr-portal";
const ETC: &str = "/etc/dsr-portal";
const CONFIG: &str = "/etc/dsr-portal/dsr-portal.toml";
const ENV_FILE: &str = "/etc/dsr-portal/env";
/// Written by this test after it installs the package: a package found installed at start
/// with this file is the leftover of an interrupted run, which the test may purge.
const MARKER: &str = "/var/lib/dsr-portal/.installed-by-tests-package";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs a command to its end; panics with its output when it fails.
fn run(c: &mut Command) -> Output {
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("{c:?} did not start: {e}"));
    assert!(
        out.status.success(),
        "{c:?} failed ({}):\n{}\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    out
}

fn dpkg(args: &[&str]) -> Output {
    run(Command::new("dpkg")
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The package's dpkg status: `installed`, `config-files`, or `None` when dpkg has no record.
fn package_status() -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f", "${db:Status-Status}", "dsr-portal"])
        .output()
        .expect("dpkg-query (is this a Debian machine?)");
    let status = text(&out.stdout).trim().to_owned();
    (out.status.success() && !status.is_empty() && status != "not-installed").then_some(status)
}

fn getent(db: &str, name: &str) -> Option<Vec<String>> {
    let out = Command::new("getent")
        .args([db, name])
        .output()
        .expect("getent");
    out.status.success().then(|| {
        text(&out.stdout)
            .trim()
            .split(':')
            .map(str::to_owned)
            .collect()
    })
}

fn require_tools() {
    let cargo_deb = Command::new(cargo())
        .args(["deb", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        cargo_deb,
        "cargo-deb is not installed, and this test builds the package with `cargo deb`. \
         Install it with:\n  cargo install --locked {CARGO_DEB}\n(that is what .ci/run does)"
    );
    for (tool, package) in [
        ("dpkg-shlibdeps", "dpkg-dev"),
        ("systemd-analyze", "systemd"),
        ("setpriv", "util-linux"),
    ] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "{tool} is missing: apt-get install {package} (.ci/run does)"
        );
    }
    let uid = text(&run(Command::new("id").arg("-u")).stdout);
    assert_eq!(
        uid.trim(),
        "0",
        "this test installs a package with dpkg: run it as root (CI does)"
    );
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The machine holds no dsr-portal: an interrupted run's package is purged, anything else
/// stops the test rather than be deleted.
fn clean_slate() {
    if package_status().is_some() {
        assert!(
            Path::new(MARKER).exists(),
            "the dsr-portal package is installed on this machine, and not by this test, which \
             would purge it (configuration and data): remove it first (dpkg --purge dsr-portal) \
             or run this test on a CI machine"
        );
        dpkg(&["--purge", "dsr-portal"]);
    }
    let leftovers: Vec<String> = [STATE, ETC]
        .into_iter()
        .filter(|p| Path::new(p).exists())
        .map(str::to_owned)
        .chain(getent("passwd", "dsr-portal").map(|_| "the user dsr-portal".to_owned()))
        .chain(getent("group", "dsr-portal").map(|_| "the group dsr-portal".to_owned()))
        .collect();
    assert!(
        leftovers.is_empty(),
        "dsr-portal is not installed, but {leftovers:?} exist: remove them before this test \
         installs and purges the package"
    );
}

/// Purges the package if the test stops half-way, so the machine is left as it was.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        if std::thread::panicking() && package_status().is_some() {
            let _ = Command::new("dpkg")
                .args(["--purge", "dsr-portal"])
                .output();
        }
    }
}

/// The `[Service]` lines of a unit file, key by key (repeated keys in order).
fn service_section(path: &Path) -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut section = String::new();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.to_owned();
        } else if section == "[Service]"
            && !line.is_empty()
            && !line.starts_with('#')
            && let Some((k, v)) = line.split_once('=')
        {
            out.entry(k.to_owned()).or_default().push(v.to_owned());
        }
    }
    out
}

/// How a unit runs its process.
struct Unit {
    exec_start: Vec<String>,
    user: String,
    group: String,
    working_directory: String,
    env: Vec<(String, String)>,
}

impl Unit {
    fn read(path: &Path) -> Self {
        let s = service_section(path);
        let one = |key: &str| -> String {
            let values = s.get(key).cloned().unwrap_or_default();
            assert_eq!(values.len(), 1, "{}: {key}= {values:?}", path.display());
            values[0].clone()
        };
        for (key, want) in [
            ("NoNewPrivileges", "yes"),
            ("ProtectSystem", "strict"),
            ("ReadWritePaths", STATE),
            ("PrivateTmp", "yes"),
            ("ProtectHome", "yes"),
            ("EnvironmentFile", "-/etc/dsr-portal/env"),
            ("User", "dsr-portal"),
        ] {
            assert_eq!(one(key), want, "{}: {key}=", path.display());
        }
        let exec = one("ExecStart");
        // Quoting, specifiers and prefixes (`-`, `@`, `+`, `!`, `:`) would need systemd's
        // own parser: the units keep to plain words.
        assert!(
            !exec.contains(['"', '\'', '%', '$', '\\']) && exec.starts_with('/'),
            "{}: ExecStart={exec} is not plain words",
            path.display()
        );
        let mut env = Vec::new();
        for file in &s["EnvironmentFile"] {
            let file = file.trim_start_matches('-');
            if let Ok(content) = std::fs::read_to_string(file) {
                env.extend(environment_file(&content));
            }
        }
        for assignment in s.get("Environment").into_iter().flatten() {
            env.extend(environment_file(assignment));
        }
        Self {
            exec_start: exec.split_whitespace().map(str::to_owned).collect(),
            user: one("User"),
            group: one("Group"),
            working_directory: one("WorkingDirectory"),
            env,
        }
    }

    /// Starts the unit's process as systemd would, with `extra` added to its environment and
    /// its output in `log`: the unit's user and group, folder and environment, nothing else.
    fn spawn(&self, extra: &[(&str, String)], log: &Path) -> Child {
        let log = std::fs::File::create(log).expect("log file");
        let home = getent("passwd", &self.user).expect("the unit's user")[5].clone();
        Command::new("setpriv")
            .args([
                "--reuid",
                &self.user,
                "--regid",
                &self.group,
                "--init-groups",
                "--",
            ])
            .args(&self.exec_start)
            .current_dir(&self.working_directory)
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("HOME", home)
            .env("USER", &self.user)
            .env("LOGNAME", &self.user)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .envs(extra.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .expect("start the installed dsr-portal")
    }
}

/// `KEY=value` lines as systemd's EnvironmentFile= reads simple ones (comments and blank
/// lines skipped, one pair of surrounding quotes removed).
fn environment_file(content: &str) -> Vec<(String, String)> {
    content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
        .collect()
}

/// A running installed portal; stopped with SIGTERM (as systemd stops it) when dropped.
struct Running {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Running {
    /// Starts the unit's process on a free port.
    fn spawn(unit: &Unit, log: PathBuf) -> Self {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let child = unit.spawn(
            &[
                ("DSR_SERVER__BIND", format!("127.0.0.1:{port}")),
                ("DSR_SERVER__PUBLIC_URL", base.clone()),
            ],
            &log,
        );
        Self { child, base, log }
    }

    /// Waits until `ready` holds, failing if the process exits first or 60 s pass.
    fn wait_until(&mut self, what: &str, mut ready: impl FnMut(&Self) -> bool) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                panic!(
                    "the installed dsr-portal exited ({status}):\n{}",
                    self.output()
                );
            }
            if ready(self) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{what}: not after 60 s:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// `dsr-portal serve`, answering on /healthz.
    fn serve(unit: &Unit, log: PathBuf) -> Self {
        let mut running = Self::spawn(unit, log);
        let http = client();
        running.wait_until("the portal answering /healthz", |r| {
            http.get(r.url("/healthz"))
                .send()
                .is_ok_and(|r| r.status() == 200)
        });
        running
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The body of a page, with `http`'s cookies.
    fn page(&self, http: &reqwest::blocking::Client, path: &str) -> String {
        http.get(self.url(path)).send().unwrap().text().unwrap()
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, as systemd stops a unit; the process must end, successfully, within 20 s.
    fn stop(&mut self) {
        if self.child.try_wait().ok().flatten().is_some() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                assert!(
                    status.success(),
                    "stopped with {status}:\n{}",
                    self.output()
                );
                return;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the portal did not stop on SIGTERM:\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        } else {
            self.stop();
        }
    }
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

fn location(r: &reqwest::blocking::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The text bodies of the mail files in the outbox folder, each with its file.
fn outbox(dir: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let body = mail_parser::MessageParser::default()
                .parse(&bytes)?
                .body_text(0)?
                .into_owned();
            Some((p, body))
        })
        .collect()
}

/// Waits for a mail file whose text holds `marker`; returns the file and the link's path.
fn wait_for_link(dir: &Path, marker: &str, running: &Running) -> (PathBuf, String) {
    let start = Instant::now();
    loop {
        if let Some((file, body)) = outbox(dir).into_iter().find(|(_, b)| b.contains(marker)) {
            let path = link_path(&body, marker).expect("a link");
            assert!(
                body.contains(&running.url(&path)),
                "the link is under server.public_url: {body}"
            );
            return (file, path);
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no mail with a {marker} link in {} after 60 s:\n{}",
            dir.display(),
            running.output()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Submits an access request for the demo company's customer, confirms it through the
/// mailed link and waits for the export; returns the status page's path.
fn request_and_confirm(running: &Running) -> String {
    let http = client();
    let home = running.page(&http, "/");
    let csrf = csrf_in(&home).expect("the form's csrf field");
    let r = http
        .post(running.url("/requests"))
        .form(&[
            ("email", "ada@example.com"),
            ("kind", "access"),
            ("csrf", &csrf),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    assert_eq!(location(&r), "/requests/sent");

    let outbox = Path::new(STATE).join("outbox");
    let (file, verify) = wait_for_link(&outbox, "/verify/", running);
    assert_eq!(
        std::fs::metadata(&file).unwrap().uid(),
        uid("dsr-portal"),
        "the service wrote the mail"
    );
    let page = running.page(&http, &verify);
    let csrf = csrf_in(&page).expect("the confirm form");
    let r = http
        .post(running.url(&verify))
        .form(&[("csrf", &csrf)])
        .send()
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().unwrap_or_default());
    let status = location(&r);
    assert!(status.starts_with("/status/"), "{status}");

    // The in-process worker exports the demo store and mails the download link.
    let (_, download) = wait_for_link(&outbox, "/download/", running);
    let html = running.page(&http, &status);
    assert!(html.contains("completed"), "{html}");
    let r = http.get(running.url(&download)).send().unwrap();
    assert_eq!(r.status(), 200, "the archive downloads");
    assert!(r.bytes().unwrap().starts_with(b"PK"), "a zip archive");
    status
}

fn uid(name: &str) -> u32 {
    getent("passwd", name).expect("the user")[2]
        .parse()
        .expect("a uid")
}

fn gid(name: &str) -> u32 {
    getent("group", name).expect("the group")[2]
        .parse()
        .expect("a gid")
}

/// Mode bits, owner and group of a path.
fn stat(path: &str) -> (u32, u32, u32) {
    let m = std::fs::metadata(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (m.mode() & 0o7777, m.uid(), m.gid())
}

/// An operator's command, run through the shell function docs/self-hosting/install.md
/// gives: as the service's user, in its folder, with its secrets and configuration.
fn operator(args: &str) -> String {
    let install = std::fs::read_to_string(root().join("docs/self-hosting/install.md")).unwrap();
    let function = install
        .lines()
        .find(|l| l.starts_with("dsr() {"))
        .expect("docs/self-hosting/install.md defines the shell function dsr");
    text(&run(Command::new("bash").args(["-c", &format!("{function}\ndsr {args}")])).stdout)
}

/// Builds the package with `cargo deb` (a release build) into `out`, with the version given
/// (or the crate's); without building again when `no_build`.
fn cargo_deb(out: &Path, version: Option<&str>, no_build: bool) -> PathBuf {
    let mut c = Command::new(cargo());
    c.current_dir(root())
        .args(["deb", "--locked", "--fast", "--output"])
        .arg(out);
    // Without the variables cargo sets for this test process: they would change the
    // fingerprints of the release build, rebuilding it on every run.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key == "CARGO"
            || key == "OUT_DIR"
            || key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_BIN_")
            || key.starts_with("CARGO_MANIFEST_")
            || key.starts_with("CARGO_CRATE_")
            || key.starts_with("CARGO_PRIMARY_")
            || key.starts_with("CARGO_TARGET_TMPDIR")
            || key.starts_with("CARGO_RUSTC_")
        {
            c.env_remove(key.as_ref());
        }
    }
    if let Some(v) = version {
        c.args(["--deb-version", v]);
    }
    if no_build {
        c.arg("--no-build");
    }
    run(&mut c);
    let debs: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "deb"))
        .collect();
    assert_eq!(debs.len(), 1, "{debs:?}");
    debs[0].clone()
}

#[test]
fn the_debian_package_installs_serves_upgrades_and_purges() {
    let started = Instant::now();
    require_tools();
    clean_slate();

    // Build: dsr-portal_<version>_<arch>.deb, the configuration a conffile.
    let work = tempfile::tempdir().unwrap();
    let (first_dir, next_dir) = (work.path().join("first"), work.path().join("next"));
    std::fs::create_dir_all(&first_dir).unwrap();
    std::fs::create_dir_all(&next_dir).unwrap();
    let deb = cargo_deb(&first_dir, None, false);
    let built = started.elapsed();
    let arch = text(&run(Command::new("dpkg").arg("--print-architecture")).stdout);
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        deb.file_name().unwrap().to_string_lossy(),
        format!("dsr-portal_{version}_{}.deb", arch.trim())
    );
    let conffiles = text(
        &run(Command::new("dpkg-deb")
            .arg("-I")
            .arg(&deb)
            .arg("conffiles"))
        .stdout,
    );
    assert_eq!(conffiles.trim(), CONFIG, "the conffiles");

    // Install.
    dpkg(&["-i", &deb.to_string_lossy()]);
    let _installed = Installed;
    std::fs::write(MARKER, "").unwrap();
    assert_eq!(package_status().as_deref(), Some("installed"));

    // The user: a system account with no shell, at home in the state folder.
    let user = getent("passwd", "dsr-portal").expect("the user dsr-portal");
    let (uid, gid) = (uid("dsr-portal"), gid("dsr-portal"));
    assert!(uid < 1000, "a system user: {user:?}");
    assert_eq!(user[3], gid.to_string(), "its own group: {user:?}");
    assert_eq!(
        (user[5].as_str(), user[6].as_str()),
        (STATE, "/usr/sbin/nologin")
    );

    // The files, their modes and owners.
    assert_eq!(stat("/usr/bin/dsr-portal"), (0o755, 0, 0));
    assert_eq!(stat(CONFIG), (0o640, 0, gid), "{CONFIG}");
    assert_eq!(
        std::fs::read_to_string(CONFIG).unwrap(),
        std::fs::read_to_string(root().join("packaging/debian/dsr-portal.toml")).unwrap()
    );
    assert_eq!(stat(ENV_FILE), (0o640, 0, gid), "{ENV_FILE}");
    let env: BTreeMap<String, String> =
        environment_file(&std::fs::read_to_string(ENV_FILE).unwrap())
            .into_iter()
            .collect();
    let keys = [&env["DSR_SECRET_KEY"], &env["DSR_EXPORT_KEY"]];
    for key in keys {
        assert!(
            key.len() == 64 && key.chars().all(|c| c.is_ascii_hexdigit()),
            "a generated key: {key:?}"
        );
    }
    assert_ne!(keys[0], keys[1]);
    assert_eq!(stat(STATE), (0o750, uid, gid), "{STATE}");
    let list = text(&dpkg(&["-L", "dsr-portal"]).stdout);
    let mut units: Vec<PathBuf> = list
        .lines()
        .filter(|l| l.ends_with(".service"))
        .map(PathBuf::from)
        .collect();
    units.sort();
    let names: Vec<String> = units
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["dsr-portal-worker.service", "dsr-portal.service"],
        "{list}"
    );
    assert!(
        units
            .iter()
            .all(|u| u.starts_with("/usr/lib/systemd/system")
                || u.starts_with("/lib/systemd/system"))
    );

    // systemd accepts both units, as installed.
    let out = run(Command::new("systemd-analyze").arg("verify").args(&units));
    assert_eq!(
        (text(&out.stdout).trim(), text(&out.stderr).trim()),
        ("", ""),
        "systemd-analyze verify says something"
    );
    let serve = Unit::read(&units[1]);
    let worker = Unit::read(&units[0]);
    assert_eq!(
        serve.exec_start,
        ["/usr/bin/dsr-portal", "--config", CONFIG, "serve"]
    );
    assert_eq!(
        worker.exec_start,
        ["/usr/bin/dsr-portal", "--config", CONFIG, "worker"]
    );
    assert_eq!(serve.working_directory, STATE);

    // The portal runs as the unit runs it: a request, confirmed through the mailed link,
    // exported from the demo store.
    let mut running = Running::serve(&serve, work.path().join("serve.log"));
    let status = request_and_confirm(&running);
    running.stop();
    let log = running.output();
    assert!(
        !log.contains("development key"),
        "the keys come from {ENV_FILE}:\n{log}"
    );
    for generated in ["secret.key", "export.key"] {
        assert!(!Path::new(STATE).join(generated).exists(), "{generated}");
    }
    assert_eq!(stat(&format!("{STATE}/dsr-portal.db")).1, uid);
    let listed = operator("requests list");
    assert!(
        listed.contains("access") && listed.contains("completed"),
        "{listed}"
    );

    // An upgrade keeps the configuration (with the admin's change), the keys and the data.
    let mut config = std::fs::read_to_string(CONFIG).unwrap();
    config.push_str("# changed by the admin\n");
    std::fs::write(CONFIG, &config).unwrap();
    let env_before = std::fs::read(ENV_FILE).unwrap();
    let next = cargo_deb(&next_dir, Some(&format!("{version}+next")), true);
    dpkg(&["-i", "--force-confold", &next.to_string_lossy()]);
    assert_eq!(std::fs::read_to_string(CONFIG).unwrap(), config);
    assert_eq!(stat(CONFIG), (0o640, 0, gid), "{CONFIG} after the upgrade");
    assert_eq!(std::fs::read(ENV_FILE).unwrap(), env_before);
    assert_eq!(uid, self::uid("dsr-portal"));
    let running = Running::serve(&serve, work.path().join("serve-next.log"));
    let html = running.page(&client(), &status);
    assert!(html.contains("completed"), "the request survived: {html}");
    drop(running);
    // The worker unit's process starts (it says where mail goes) and stops on SIGTERM.
    let mut job_worker = Running::spawn(&worker, work.path().join("worker.log"));
    job_worker.wait_until("the worker starting", |w| {
        w.output().contains("mail.transport")
    });
    std::thread::sleep(Duration::from_secs(1));
    job_worker.stop();
    assert!(
        job_worker.output().contains("stopping worker"),
        "{}",
        job_worker.output()
    );

    // Remove: the program goes, configuration, keys, data and user stay.
    dpkg(&["--remove", "dsr-portal"]);
    assert_eq!(package_status().as_deref(), Some("config-files"));
    assert!(!Path::new("/usr/bin/dsr-portal").exists());
    assert!(units.iter().all(|u| !u.exists()), "units removed");
    assert_eq!(std::fs::read_to_string(CONFIG).unwrap(), config);
    assert_eq!(std::fs::read(ENV_FILE).unwrap(), env_before);
    assert!(Path::new(STATE).join("dsr-portal.db").exists());
    assert!(getent("passwd", "dsr-portal").is_some());

    // Purge: everything goes.
    dpkg(&["--purge", "dsr-portal"]);
    assert_eq!(package_status(), None);
    for gone in [STATE, ETC] {
        assert!(!Path::new(gone).exists(), "{gone} after purge");
    }
    assert!(getent("passwd", "dsr-portal").is_none(), "user after purge");
    assert!(getent("group", "dsr-portal").is_none(), "group after purge");
    let overrides = text(&run(Command::new("dpkg-statoverride").arg("--list")).stdout);
    assert!(!overrides.contains(CONFIG), "{overrides}");
    eprintln!(
        "package test: built in {:.0?}, whole test {:.0?}",
        built,
        started.elapsed()
    );
}

#[test]
fn the_packaged_config_is_the_example_with_its_state_under_var_lib() {
    let example = std::fs::read_to_string(root().join("dsr-portal.example.toml")).unwrap();
    let packaged =
        std::fs::read_to_string(root().join("packaging/debian/dsr-portal.toml")).unwrap();
    // Below the opening comment (which says where the file is), line for line the same but
    // for the paths of the state.
    let body = |t: &str| -> Vec<String> {
        t.lines()
            .skip_while(|l| l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    let expected: Vec<String> = body(&example)
        .into_iter()
        .map(|l| match l.as_str() {
            r#"url = "sqlite://var/dsr-portal.db""# => {
                r#"url = "sqlite:///var/lib/dsr-portal/dsr-portal.db""#.to_owned()
            }
            r#"outbox_dir = "var/outbox""# => {
                r#"outbox_dir = "/var/lib/dsr-portal/outbox""#.to_owned()
            }
            r#"dir = "var/exports""# => r#"dir = "/var/lib/dsr-portal/exports""#.to_owned(),
            _ => l,
        })
        .collect();
    let got = body(&packaged);
    let differ: Vec<String> = expected
        .iter()
        .zip(&got)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("example: {a}\npackaged: {b}"))
        .collect();
    assert!(
        differ.is_empty() && expected.len() == got.len(),
        "packaging/debian/dsr-portal.toml must be dsr-portal.example.toml with the state under \
         /var/lib/dsr-portal (make the same change there):\n{}",
        differ.join("\n")
    );
    let config =
        dsr_portal::config::Config::load(Some(&root().join("packaging/debian/dsr-portal.toml")))
            .expect("the packaged configuration loads");
    assert_eq!(
        config.database.url,
        "sqlite:///var/lib/dsr-portal/dsr-portal.db"
    );
    assert_eq!(dsr_portal::config::var_dir(&config), Path::new(STATE));
}
