//! The subject's language: every key in every language with the same values, plural forms,
//! no English left on a non-English page, the choice by `Accept-Language` and by link, kept
//! with the request (form and API), and `texts check`.

mod common;

use std::collections::BTreeSet;

use common::{Backend, TestApp, csrf_in, stderr, stdout};
use dsr_portal::config::I18n as I18nConfig;
use dsr_portal::i18n::check::{self, built_in_keys};
use dsr_portal::i18n::{Arg, I18n, Lang};

const LANGS: [&str; 6] = ["en", "de", "fr", "es", "it", "nl"];

fn lang(code: &str) -> Lang {
    Lang::parse(code).unwrap()
}

#[test]
fn every_key_is_in_every_language_with_the_same_values() {
    let found = check::run(&I18nConfig::default()).expect("the built-in texts parse");
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    assert!(found.notes.is_empty(), "{:#?}", found.notes);
    let en = built_in_keys(Lang::EN).unwrap();
    for code in LANGS {
        let keys = built_in_keys(lang(code)).unwrap();
        assert_eq!(
            keys.keys().collect::<Vec<_>>(),
            en.keys().collect::<Vec<_>>(),
            "{code}: the same keys as English"
        );
        for (key, vars) in &keys {
            assert_eq!(
                vars, &en[key],
                "{code}: {key} uses the values English gives it"
            );
        }
    }
}

#[test]
fn plural_forms_are_the_language_s_own() {
    let i18n = I18n::built_in();
    for code in LANGS {
        let t = i18n.texts(lang(code));
        for n in [0, 1, 2, 5, 21] {
            for key in ["wait-seconds", "wait-minutes", "wait-hours"] {
                let s = t.text(key, &[("n", Arg::from(n))]);
                assert!(s.contains(&n.to_string()), "{code} {key} {n}: {s}");
                assert!(!s.contains('{'), "{code} {key} {n}: {s}");
            }
            let s = t.text("sent-expiry", &[("hours", Arg::from(n))]);
            assert!(
                s.contains(&n.to_string()) && !s.contains('{'),
                "{code}: {s}"
            );
        }
    }
    let en = i18n.texts(Lang::EN);
    assert_eq!(en.text("wait-minutes", &[("n", Arg::from(1))]), "1 minute");
    assert_eq!(
        en.text("wait-minutes", &[("n", Arg::from(21))]),
        "21 minutes"
    );
    let fr = i18n.texts(lang("fr"));
    // French: 0 and 1 are singular.
    assert_eq!(
        fr.text("wait-minutes", &[("n", Arg::from(0))]),
        fr.text("wait-minutes", &[("n", Arg::from(1))])
            .replace('1', "0")
    );
    let de = i18n.texts(lang("de"));
    assert_ne!(
        de.text("wait-hours", &[("n", Arg::from(1))])
            .replace('1', ""),
        de.text("wait-hours", &[("n", Arg::from(5))])
            .replace('5', ""),
        "German has a plural of its own"
    );
}

#[test]
fn dates_read_as_each_language_writes_them() {
    use time::macros::date;
    let i18n = I18n::built_in();
    let d = date!(2026 - 12 - 07);
    assert_eq!(i18n.texts(Lang::EN).date(d), "7 December 2026");
    assert_eq!(i18n.texts(lang("de")).date(d), "7. Dezember 2026");
    assert_eq!(i18n.texts(lang("fr")).date(d), "7 décembre 2026");
    assert_eq!(i18n.texts(lang("es")).date(d), "7 de diciembre de 2026");
    assert_eq!(i18n.texts(lang("it")).date(d), "7 dicembre 2026");
    assert_eq!(i18n.texts(lang("nl")).date(d), "7 december 2026");
}

/// A text as a page writes it (escaped as the templates escape HTML).
fn on_page(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Asks for `kind` on the form in language `code`; returns the confirmation email.
async fn submit_in(app: &TestApp, code: &str, email: &str, kind: &str) -> common::smtp::Received {
    let html = app
        .get(&format!("/?lang={code}"))
        .await
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&html).unwrap();
    let r = app
        .post_form(
            "/requests",
            &[("email", email), ("kind", kind), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 303, "{code}: the form took the request");
    app.smtp.wait_for_nth(email, 1).await
}

/// Presses the confirm button of the link in an email's `text` (in any language).
async fn confirm_from(app: &TestApp, text: &str) {
    let verify = common::link_path(text, "/verify/").expect("a confirmation link");
    let csrf = app.csrf_from(&verify).await;
    let r = app.post_form(&verify, &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), 303, "confirmed");
}

/// The English sentences of the form page: none may be on a page in another language.
fn english_sentences() -> BTreeSet<String> {
    let t = I18n::built_in();
    let en = t.texts(Lang::EN);
    [
        "index-lead",
        "index-heading",
        "index-email",
        "index-what",
        "kind-access-choice",
        "kind-erasure-hint",
        "index-submit",
        "footer-rights",
        "skip-to-content",
        "error-email-invalid",
    ]
    .iter()
    .map(|k| on_page(&en.t(k)))
    .collect()
}

#[actix_web::test]
async fn the_browser_s_language_the_link_and_the_request_agree() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let english = english_sentences();
    // Accept-Language picks the page's language; a page says which it is.
    for code in ["de", "fr", "es", "it", "nl"] {
        let html = app
            .client
            .get(app.url("/"))
            .header(
                "Accept-Language",
                format!("{code}-XX,{code};q=0.9,en;q=0.5"),
            )
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!("<html lang=\"{code}\">")), "{code}");
        for s in &english {
            assert!(!html.contains(s.as_str()), "{code}: English left: {s}");
        }
    }
    // An unknown language: the default, English.
    let html = app
        .client
        .get(app.url("/"))
        .header("Accept-Language", "pt-BR")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Your personal data"));

    // The link switches, and the choice sticks for the form post (its error, in French).
    let html = app.get("/?lang=fr").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("?lang=de\""), "a plain link to each language");
    let csrf = csrf_in(&html).unwrap();
    let r = app
        .post_form(
            "/requests",
            &[
                ("email", "not-an-address"),
                ("kind", "access"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status(), 400);
    let html = r.text().await.unwrap();
    let fr = I18n::built_in();
    assert!(
        html.contains(&on_page(&fr.texts(lang("fr")).t("error-email-invalid"))),
        "{html}"
    );
    // The 404 page too.
    let html = app.get("/no/such/page").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">"), "{html}");

    // A request made in French keeps French.
    let r = app.submit("marie@example.com", "access").await;
    assert_eq!(r.status(), 303);
    let html = app.get("/requests/sent").await.text().await.unwrap();
    assert!(html.contains(&on_page(&fr.texts(lang("fr")).t("sent-title"))));
    let out = app.cli(&["requests", "list"]);
    let id = common::first_listed_id(&stdout(&out));
    let mut conn = app.conn();
    let row = dsr_portal::db::requests::get(&mut conn, &id)
        .unwrap()
        .unwrap();
    assert_eq!(row.language, "fr");
    // Its emails speak French: the confirmation link's, and the answer's after it.
    let fr = fr.texts(lang("fr"));
    let mail = app.smtp.wait_for_nth("marie@example.com", 1).await;
    assert_eq!(mail.subject, fr.t("verify-subject"));
    assert!(mail.text.contains(&fr.t("email-hello")), "{}", mail.text);
    assert!(mail.html.contains("<html lang=\"fr\">"));
    confirm_from(&app, &mail.text).await;
    let mail = app.smtp.wait_for_nth("marie@example.com", 2).await;
    assert_eq!(mail.subject, fr.t("confirmed-subject"));
    // The due date as French writes it ("7 janvier 2027").
    let row = dsr_portal::db::requests::get(&mut app.conn(), &id)
        .unwrap()
        .unwrap();
    let due = fr.date(row.due_on.expect("confirmed: a due date"));
    assert!(mail.text.contains(&due), "{due}: {}", mail.text);
}

#[actix_web::test]
async fn the_api_takes_a_language_and_refuses_an_unknown_one() {
    let app = common::api::spawn(Backend::Sqlite).await;
    let t = common::api::token("helpdesk", "requests:read requests:write");
    let create = |email: &str, language: Option<&str>| {
        let mut body = serde_json::json!({"email": email, "kind": "access"});
        if let Some(l) = language {
            body["language"] = l.into();
        }
        body
    };
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&t),
            &create("hans@example.com", Some("de")),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["language"], "de");
    let r = app
        .api_post(
            "/api/v1/requests",
            Some(&t),
            &create("x@example.com", Some("klingon")),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.text.contains("language"), "{}", r.text);
    let r = app
        .api_post("/api/v1/requests", Some(&t), &create("y@example.com", None))
        .await;
    assert_eq!(r.json()["language"], "en", "the default");
}

#[test]
fn texts_check_passes_on_the_built_in_texts_and_fails_on_a_missing_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("dsr-portal.toml");
    std::fs::write(&config, "[i18n]\nlanguages = [\"en\", \"de\"]\n").unwrap();
    let out = common::cli(&config, &["texts", "check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("texts complete in en, de"));

    let over = dir.path().join("texts");
    std::fs::create_dir_all(over.join("de")).unwrap();
    std::fs::write(
        over.join("de/ours.ftl"),
        "index-heading = Ihre Daten bei { $firma }\n",
    )
    .unwrap();
    std::fs::write(
        &config,
        format!(
            "[i18n]\nlanguages = [\"en\", \"de\"]\noverrides_dir = \"{}\"\n",
            over.display()
        ),
    )
    .unwrap();
    let out = common::cli(&config, &["texts", "check"]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("$firma"), "{}", stdout(&out));
}

/// An access request made in German: the download email and README.html of the archive
/// speak German, with the dates as German writes them.
#[actix_web::test]
async fn the_answer_and_its_archive_speak_the_request_s_language() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let de = I18n::built_in();
    let de = de.texts(lang("de"));
    let mail = submit_in(&app, "de", "jonas@example.com", "access").await;
    confirm_from(&app, &mail.text).await;
    let subject = de.t("ready-subject");
    let store = app.smtp.store.clone();
    let wanted = subject.clone();
    common::eventually(
        "the German download email",
        std::time::Duration::from_secs(30),
        move || store.lock().unwrap().iter().any(|m| m.subject == wanted),
    )
    .await;
    let mail = app
        .smtp
        .to("jonas@example.com")
        .into_iter()
        .find(|m| m.subject == subject)
        .unwrap();
    assert!(mail.text.contains(&de.t("ready-readme")), "{}", mail.text);
    let path = common::link_path(&mail.text, "/download/").unwrap();
    let zip = common::company::zip_body(app.get(&path).await).await;
    let unzipped = common::company::read_zip(&zip);
    let text = unzipped["text"].as_str().unwrap();
    assert!(text.contains("<html lang=\"de\">"), "README.html in German");
    assert!(text.contains(&on_page(&de.t("readme-heading"))));
    assert!(text.contains(&on_page(&de.t("readme-about-heading"))));
    let today = de.date(dsr_portal::db::now().date());
    assert!(text.contains(&today), "made on {today}");
    assert!(!text.contains("About this processing"), "no English left");
}

/// Every email a subject receives, in each of its branches, rendered in each language:
/// none of its English sentences is left (staff emails stay English).
#[test]
fn no_english_is_left_in_a_translated_email() {
    let i18n = I18n::built_in();
    let en = i18n.texts(Lang::EN);
    let english_keys = built_in_keys(Lang::EN).unwrap();
    for code in ["de", "fr", "es", "it", "nl"] {
        let t = i18n.texts(lang(code));
        // The English sentences (without values) this language says differently: names and
        // legal references that read the same in both are left out.
        let english: Vec<String> = english_keys
            .iter()
            .filter(|(_, vars)| vars.is_empty())
            .map(|(k, _)| (en.t(k), t.t(k)))
            .filter(|(e, ours)| e.len() > 15 && e != ours)
            .map(|(e, _)| e)
            .collect();
        assert!(english.len() > 100, "{code}: {} sentences", english.len());
        for (name, message, brand) in common::emails::all() {
            if message.to_staff() {
                continue;
            }
            let r = message.render(&brand, &i18n, lang(code)).unwrap();
            for s in &english {
                for (part, body) in [("subject", &r.subject), ("text", &r.text)] {
                    assert!(
                        !body.contains(s.as_str()),
                        "{code} {name} {part}: English left: {s}"
                    );
                }
            }
            assert!(
                r.html.contains(&format!("<html lang=\"{code}\">")),
                "{code} {name}"
            );
        }
    }
}

/// On PostgreSQL a new request is written in one statement: its language too, and its
/// confirmation email in that language.
#[actix_web::test]
async fn a_request_keeps_its_language_on_postgres() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let i18n = I18n::built_in();
    let nl = i18n.texts(lang("nl"));
    let mail = submit_in(&app, "nl", "sanne@example.com", "erasure").await;
    assert_eq!(mail.subject, nl.t("verify-subject"));
    let out = app.cli(&["requests", "list"]);
    let id = common::first_listed_id(&stdout(&out));
    let row = dsr_portal::db::requests::get(&mut app.conn(), &id)
        .unwrap()
        .unwrap();
    assert_eq!(row.language, "nl");
    // The desk (in English) shows the request's language.
    let secret = common::desk::add(&app, "dpo@example.com", "dpo");
    let desk = common::desk::Desk::new(&app);
    desk.login("dpo@example.com", &secret).await;
    let html = desk.text(&format!("/admin/requests/{id}")).await;
    assert!(
        html.contains("<dt>Language</dt><dd>Nederlands</dd>"),
        "{html}"
    );
}
