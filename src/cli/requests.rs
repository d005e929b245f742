//! `dsr-portal requests …`

use clap::Subcommand;

use super::Failure;
use crate::db::requests::Filter;
use crate::domain::State;
use crate::domain::format::{fmt_date, fmt_time};
use crate::export::manual::Incoming;
use crate::portal::Portal;
use crate::service::requests::{StaffAction, staff_action};
use crate::service::{desk, manual_steps};

#[derive(Debug, Subcommand)]
pub enum RequestsCommand {
    /// The register: open requests by due date, then the rest.
    List {
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
    /// One request with its timeline (and its holds).
    Show {
        id: String,
        /// Also print the erasure plan: per store and table, what erasure does and to how
        /// many rows (reads the stores; changes nothing).
        #[arg(long)]
        plan: bool,
    },
    Approve {
        id: String,
    },
    Reject {
        id: String,
        #[arg(long)]
        reason: String,
    },
    Cancel {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    Retry {
        id: String,
    },
    /// Lift a restriction in force (Art. 18(3)): the subject is emailed the reason first,
    /// and the stores' flags are reset once that email has gone.
    Lift {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Restrictions in force (completed, not lifted).
    Restrictions,
    /// Record a `manual` store's answer: its owner did what the task asked.
    CompleteStep {
        id: String,
        /// The manual store's name in the data map.
        store: String,
        /// What the owner answered (what was erased, what was kept and why; for an export,
        /// optional when files are attached).
        #[arg(long, default_value = "")]
        note: String,
        /// A file the owner returned, for an export (repeat for several); it goes into the
        /// archive as `<store>/<file name>`.
        #[arg(long = "file", value_name = "PATH")]
        files: Vec<std::path::PathBuf>,
    },
}

pub(super) fn actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "operator".into());
    format!("cli:{user}")
}

pub fn run(p: &Portal, command: RequestsCommand) -> Result<(), Failure> {
    let act = |id: &str, action: StaffAction| -> Result<(), Failure> {
        let r = staff_action(p, id, &action, &actor())?;
        println!("{} {}: now {}", action.name(), r.id, r.status);
        Ok(())
    };
    match command {
        RequestsCommand::List {
            status,
            kind,
            email,
            limit,
        } => list(p, status, kind, email, limit),
        RequestsCommand::Show { id, plan } => show(p, &id, plan),
        RequestsCommand::Approve { id } => act(&id, StaffAction::Approve),
        RequestsCommand::Reject { id, reason } => act(
            &id,
            StaffAction::Reject {
                reason,
                ground: None,
            },
        ),
        RequestsCommand::Cancel { id, reason } => act(&id, StaffAction::Cancel { reason }),
        RequestsCommand::Retry { id } => act(&id, StaffAction::Retry),
        RequestsCommand::Lift { id, reason } => act(&id, StaffAction::Lift { reason }),
        RequestsCommand::Restrictions => restrictions(p),
        RequestsCommand::CompleteStep {
            id,
            store,
            note,
            files,
        } => complete_step(p, &id, &store, &note, &files),
    }
}

/// The register, as a table.
fn list(
    p: &Portal,
    status: Option<String>,
    kind: Option<String>,
    email: Option<String>,
    limit: i64,
) -> Result<(), Failure> {
    if let Some(s) = &status {
        s.parse::<State>()?;
    }
    if let Some(k) = &kind {
        k.parse::<crate::domain::Kind>()?;
    }
    let f = Filter {
        status,
        kind,
        email: email.map(|e| e.trim().to_lowercase()),
        limit: Some(limit),
    };
    let rows = desk::list_requests(p, &f)?;
    let today = p.today();
    println!(
        "{:<36}  {:<7}  {:<17}  {:<5}  {:<16}  {:<10}  {:>9}",
        "ID", "KIND", "STATUS", "JUR", "RECEIVED", "DUE", "DAYS_LEFT"
    );
    for r in rows {
        let left = r
            .days_left(today)
            .map_or_else(|| "-".into(), |d| d.to_string());
        println!(
            "{:<36}  {:<7}  {:<17}  {:<5}  {:<16}  {:<10}  {:>9}",
            r.id,
            r.kind,
            r.status,
            r.jurisdiction,
            fmt_time(r.received_at).trim_end_matches(" UTC"),
            fmt_date(r.effective_due()),
            left
        );
    }
    Ok(())
}

/// Restrictions in force, newest first: id, address, since.
fn restrictions(p: &Portal) -> Result<(), Failure> {
    for r in desk::restrictions_in_force(p)? {
        println!(
            "{}  {}  since {}",
            r.id,
            r.email,
            r.completed_at.map_or_else(|| "-".into(), fmt_time)
        );
    }
    Ok(())
}

/// One request with its progress, holds and timeline; the read is audited, as the desk's.
fn show(p: &Portal, id: &str, plan: bool) -> Result<(), Failure> {
    let v = desk::read_request(p, &actor(), id).map_err(|e| match e {
        crate::error::ServiceError::NotFound(_) => Failure(format!("request {id} not found")),
        other => other.into(),
    })?;
    let r = &v.request;
    println!("id:            {}", r.id);
    println!("kind:          {}", r.kind);
    println!("status:        {}", r.status);
    println!("email:         {}", r.email);
    println!("jurisdiction:  {}", r.jurisdiction);
    println!("ticket_ref:    {}", r.ticket_ref.as_deref().unwrap_or("-"));
    println!("received_at:   {}", fmt_time(r.received_at));
    println!(
        "verified_at:   {}",
        r.verified_at.map_or_else(|| "-".into(), fmt_time)
    );
    println!("due:           {}", fmt_date(r.due_on));
    println!("extended_due:  {}", fmt_date(r.extended_due_on));
    if let Some(reason) = &r.closed_reason {
        println!("reason:        {reason}");
    }
    let details = r.details();
    if let Some(g) = details.ground {
        println!("ground:        {g}");
    }
    if let Some(scope) = details.scope {
        println!("scope:         {scope}");
    }
    if !details.changes.is_empty() {
        let fields: Vec<&str> = details.changes.keys().map(String::as_str).collect();
        println!("fields:        {}", fields.join(", "));
    }
    if r.restriction_in_force() {
        println!("restriction:   in force");
    } else if let Some(at) = r.lifted_at {
        println!(
            "lifted_at:     {} ({})",
            fmt_time(at),
            r.lift_reason.as_deref().unwrap_or("")
        );
    }
    if !v.progress.is_empty() {
        println!("progress:");
        for s in &v.progress {
            let error = s
                .error
                .as_ref()
                .map(|e| format!("  {e}"))
                .unwrap_or_default();
            println!(
                "  {:<16} {:<8} {:>10} rows{error}",
                s.store, s.state, s.rows
            );
        }
    }
    if !v.holds.is_empty() {
        println!("holds:");
        for h in &v.holds {
            let state = h
                .outcome
                .as_ref()
                .map_or_else(|| "held".to_owned(), |o| format!("ended ({o})"));
            println!(
                "  {}/{} {}  until {}  {state}  {}",
                h.store, h.object, h.row_key, h.until, h.reason
            );
        }
    }
    if plan {
        let plan = desk::erasure_plan(p, &actor(), &r.id)?;
        println!("erasure plan (in order; rows now):");
        print!("{plan}");
    }
    println!("timeline:");
    for e in &v.timeline {
        println!(
            "  {}  {:<16} {:<14} {}",
            fmt_time(e.at),
            e.event,
            e.actor,
            e.detail
        );
    }
    Ok(())
}

/// A manual store's owner answered (files for an export).
fn complete_step(
    p: &Portal,
    id: &str,
    store: &str,
    note: &str,
    files: &[std::path::PathBuf],
) -> Result<(), Failure> {
    let incoming = files
        .iter()
        .map(|path| {
            let file = std::fs::File::open(path)
                .map_err(|e| Failure(format!("--file {}: {e}", path.display())))?;
            Ok(Incoming {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                content: Box::new(file),
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    manual_steps::complete(p, id, store, note, incoming, &actor())?;
    println!(
        "step {store} of {id}: done ({} file(s) attached)",
        files.len()
    );
    Ok(())
}
