use super::*;
use crate::config::I18n as I18nConfig;

fn lang(code: &str) -> Lang {
    Lang::parse(code).unwrap()
}

#[test]
fn the_browser_s_preference_picks_an_offered_language() {
    let i = I18n::built_in();
    assert_eq!(i.negotiate("de-AT,de;q=0.9,en;q=0.8"), lang("de"));
    assert_eq!(i.negotiate("pt-BR,fr;q=0.5"), lang("fr"));
    assert_eq!(i.negotiate("pt-BR"), Lang::EN, "none offered: the default");
    assert_eq!(i.negotiate(""), Lang::EN);
    assert_eq!(i.negotiate("*"), Lang::EN);
    let only = I18n::load(&I18nConfig {
        languages: vec!["de".into(), "fr".into()],
        default: "fr".into(),
        overrides_dir: String::new(),
    })
    .unwrap();
    assert_eq!(only.negotiate("es,en"), lang("fr"));
    assert_eq!(only.pick("en"), lang("fr"), "not offered: the default");
    assert_eq!(only.pick("DE"), lang("de"));
    assert_eq!(Lang::parse("xx"), None);
    assert_eq!(Lang::parse("nl_BE"), Some(lang("nl")));
}

#[test]
fn dates_and_numbers_read_as_the_language_writes_them() {
    use time::macros::{date, datetime};
    let i = I18n::built_in();
    let en = i.texts(Lang::EN);
    assert_eq!(en.date(date!(2026 - 12 - 07)), "7 December 2026");
    assert_eq!(
        en.time(datetime!(2026-12-07 09:05)),
        "7 December 2026 at 09:05 UTC"
    );
    assert_eq!(en.number(1_234_567), "1,234,567");
    assert_eq!(i.texts(lang("de")).number(1_234_567), "1.234.567");
    assert_eq!(i.texts(lang("fr")).number(12_345), "12\u{202f}345");
    // A count inside a text is grouped the same way.
    assert_eq!(
        en.text("wait-minutes", &[("n", Arg::from(1500))]),
        "1,500 minutes"
    );
}

#[test]
fn a_company_replaces_texts_and_templates_per_language_without_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("en")).unwrap();
    std::fs::create_dir_all(dir.path().join("templates/portal")).unwrap();
    std::fs::write(
        dir.path().join("en/ours.ftl"),
        "index-heading = Your data at Example\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("templates/portal/sent.html"),
        "<p>{{ t(\"sent-title\") }} — ours</p>",
    )
    .unwrap();
    let i = I18n::load(&I18nConfig {
        overrides_dir: dir.path().display().to_string(),
        ..I18nConfig::default()
    })
    .unwrap();
    assert_eq!(i.texts(Lang::EN).t("index-heading"), "Your data at Example");
    assert_eq!(
        i.texts(Lang::EN).t("index-title"),
        "Ask about your data",
        "the rest stays built in"
    );
    let page = i
        .render(
            Lang::EN,
            "portal/sent.html",
            serde_json::json!({"ttl_hours": 24}),
        )
        .unwrap();
    assert_eq!(page, "<p>Check your inbox — ours</p>");
    // A broken override stops start-up, naming the file.
    std::fs::write(dir.path().join("en/broken.ftl"), "= no id\n").unwrap();
    let err = I18n::load(&I18nConfig {
        overrides_dir: dir.path().display().to_string(),
        ..I18nConfig::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("broken.ftl"), "{err}");
}

#[test]
fn texts_check_finds_missing_unused_and_foreign_values() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("de")).unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("de/x.ftl"),
        "no-such-key = Hallo\nsent-title = Post { $nobody }\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("templates/nothing.html"), "x").unwrap();
    let f = check::run(&I18nConfig {
        overrides_dir: dir.path().display().to_string(),
        ..I18nConfig::default()
    })
    .unwrap();
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("de: unused override key no-such-key")),
        "{f:?}"
    );
    assert!(
        f.problems
            .iter()
            .any(|p| p.contains("sent-title") && p.contains("$nobody")),
        "{f:?}"
    );
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("unused template nothing.html"))
    );
}

#[test]
fn template_names_cannot_leave_the_overrides_folder() {
    let i = I18n::built_in();
    assert!(i.render(Lang::EN, "../Cargo.toml", ()).is_err());
    assert!(i.render(Lang::EN, "portal//x", ()).is_err());
}
