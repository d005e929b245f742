//! `dsr-portal retention run` and `dsr-portal erasures replay`.

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use super::Failure;
use super::requests::actor;
use crate::erasure::{replay, retention};
use crate::portal::Portal;

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Run every retention rule and purge records whose hold has ended, now.
    Run {
        /// Count what would be erased and held; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Evaluate holds as of this time instead of now (RFC 3339), e.g. to see what a
        /// date will purge with --dry-run.
        #[arg(long, value_name = "RFC3339")]
        as_of: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ErasuresCommand {
    /// Find erased subjects a restored backup brought back and plan erasing them again
    /// (everything recorded since a time); changes nothing without --apply.
    Replay {
        #[arg(long, value_name = "RFC3339")]
        since: String,
        /// Erase what the plan lists.
        #[arg(long)]
        apply: bool,
    },
}

fn parse_time(flag: &str, value: &str) -> Result<time::PrimitiveDateTime, Failure> {
    let t = time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
        .map_err(|_| {
            Failure(format!(
                "{flag} {value:?} is not an RFC 3339 time (e.g. 2026-01-31T00:00:00Z)"
            ))
        })?
        .to_offset(time::UtcOffset::UTC);
    Ok(time::PrimitiveDateTime::new(t.date(), t.time()))
}

pub fn retention(p: &Portal, command: RetentionCommand) -> Result<(), Failure> {
    let RetentionCommand::Run { dry_run, as_of } = command;
    let now = match as_of {
        Some(t) => parse_time("--as-of", &t)?,
        None => p.now(),
    };
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{msg:24} [{bar:32}] {pos}/{len} subjects")
            .map_err(|e| Failure(e.to_string()))?
            .progress_chars("=> "),
    );
    let mut progress = |rule: &str, done: usize, found: usize| {
        bar.set_message(rule.to_owned());
        bar.set_length(found as u64);
        bar.set_position(done as u64);
    };
    let opts = retention::Options {
        dry_run,
        only_due: false,
    };
    let report = retention::run(p, now, opts, &mut progress)?;
    bar.finish_and_clear();
    if report.resumed > 0 {
        println!("resumed {} interrupted erasure(s)", report.resumed);
    }
    let verb = if dry_run { "would erase" } else { "erased" };
    for r in &report.rules {
        println!(
            "rule {}: found {}, {verb} {}, held {}, failed {}",
            r.rule, r.found, r.erased, r.held, r.failed
        );
        if let Some(e) = &r.error {
            println!("  error: {e}");
        }
        for t in &r.plan {
            let rows = t.rows.map_or_else(|| "?".to_owned(), |n| n.to_string());
            println!(
                "  {:<24} {:>8}  {}",
                format!("{}/{}", t.store, t.object),
                rows,
                t.action
            );
        }
    }
    let h = &report.holds;
    let purge = if dry_run { "would purge" } else { "purged" };
    println!(
        "holds: {} ended, {purge} {}, failed {}",
        h.due, h.purged, h.failed
    );
    if report.rules.iter().any(|r| r.error.is_some()) || h.failed > 0 {
        return Err(Failure(
            "some rules or holds failed (see above); fix and run again".into(),
        ));
    }
    Ok(())
}

pub fn erasures(p: &Portal, command: ErasuresCommand) -> Result<(), Failure> {
    let ErasuresCommand::Replay { since, apply } = command;
    let since = parse_time("--since", &since)?;
    let (plan, report) = if apply {
        let (plan, report) = replay::apply(p, since, &actor())?;
        (plan, Some(report))
    } else {
        (replay::plan(p, since)?, None)
    };
    println!("ledger entries since {since}: {}", plan.entries);
    for (identifier, n) in &plan.found {
        println!("found again: {n} {identifier} value(s) of erased subjects");
    }
    for s in &plan.skipped {
        println!(
            "skipped: {} {} value(s): {}",
            s.values, s.identifier, s.reason
        );
    }
    let planned = plan.plan.as_ref().filter(|pl| {
        pl.stores
            .iter()
            .any(|s| s.steps.iter().any(|st| st.rows != Some(0)))
    });
    let Some(pl) = planned else {
        println!("nothing to erase again");
        return Ok(());
    };
    println!("plan:\n{pl}");
    match report {
        None => println!("nothing changed: run again with --apply to erase what is planned"),
        Some(r) => {
            for (object, rows) in &r.erased {
                println!("erased again: {object}: {rows} row(s)");
            }
            if r.erased.is_empty() {
                println!("erased again: nothing but records kept under a hold");
            }
        }
    }
    Ok(())
}
