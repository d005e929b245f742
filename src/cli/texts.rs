//! `dsr-portal texts check`: the subject's texts in every offered language, with the
//! company's overrides (`i18n.overrides_dir`).

use super::Failure;
use crate::config::Config;
use crate::i18n::check;

pub fn check(config: &Config) -> Result<(), Failure> {
    let found = check::run(&config.i18n)?;
    for note in &found.notes {
        println!("note: {note}");
    }
    for problem in &found.problems {
        println!("problem: {problem}");
    }
    if found.problems.is_empty() {
        println!(
            "texts complete in {} ({} note(s))",
            config.i18n.languages.join(", "),
            found.notes.len()
        );
        Ok(())
    } else {
        Err(Failure(format!(
            "{} text problem(s): a key missing in a language, or a value it is never given",
            found.problems.len()
        )))
    }
}
