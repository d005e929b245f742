//! `dsr-portal requests …`

use clap::Subcommand;

use super::Failure;
use crate::db::{self, audit, requests::Filter};
use crate::domain::format::{fmt_date, fmt_time};
use crate::domain::{State, deadline};
use crate::export::manual::Incoming;
use crate::portal::Portal;
use crate::service::manual_steps;
use crate::service::requests::{StaffAction, staff_action};

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
        } => {
            if let Some(s) = &status {
                s.parse::<State>()?;
            }
            if let Some(k) = &kind {
                k.parse::<crate::domain::Kind>()?;
            }
            let mut conn = p.conn()?;
            let f = Filter {
                status,
                kind,
                email: email.map(|e| e.trim().to_lowercase()),
                limit: Some(limit),
            };
            let rows = db::requests::list(&mut conn, &f)?;
            let today = db::now().date();
            println!(
                "{:<36}  {:<7}  {:<17}  {:<5}  {:<16}  {:<10}  {:>9}",
                "ID", "KIND", "STATUS", "JUR", "RECEIVED", "DUE", "DAYS_LEFT"
            );
            for r in rows {
                let due = r.effective_due();
                let left = due
                    .filter(|_| r.state().clock_running())
                    .map_or_else(|| "-".into(), |d| deadline::days_left(d, today).to_string());
                println!(
                    "{:<36}  {:<7}  {:<17}  {:<5}  {:<16}  {:<10}  {:>9}",
                    r.id,
                    r.kind,
                    r.status,
                    r.jurisdiction,
                    fmt_time(r.received_at).trim_end_matches(" UTC"),
                    fmt_date(due),
                    left
                );
            }
            Ok(())
        }
        RequestsCommand::Show { id, plan } => {
            let mut conn = p.conn()?;
            let r = db::requests::get(&mut conn, &id)?
                .ok_or_else(|| Failure(format!("request {id} not found")))?;
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
            let progress = db::exports::progress_of(&mut conn, &r.id)?;
            if !progress.is_empty() {
                println!("progress:");
                for s in progress {
                    let error = s.error.map(|e| format!("  {e}")).unwrap_or_default();
                    println!(
                        "  {:<16} {:<8} {:>10} rows{error}",
                        s.store, s.state, s.rows
                    );
                }
            }
            let holds = db::erasures::holds_of_request(&mut conn, &r.id)?;
            if !holds.is_empty() {
                println!("holds:");
                for h in holds {
                    let state = h
                        .outcome
                        .map_or_else(|| "held".to_owned(), |o| format!("ended ({o})"));
                    println!(
                        "  {}/{} {}  until {}  {state}  {}",
                        h.store, h.object, h.row_key, h.until, h.reason
                    );
                }
            }
            if plan {
                print_plan(p, &r)?;
            }
            println!("timeline:");
            for e in audit::for_request(&mut conn, &r.id)? {
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
        RequestsCommand::Approve { id } => act(&id, StaffAction::Approve),
        RequestsCommand::Reject { id, reason } => act(&id, StaffAction::Reject { reason }),
        RequestsCommand::Cancel { id, reason } => act(&id, StaffAction::Cancel { reason }),
        RequestsCommand::Retry { id } => act(&id, StaffAction::Retry),
        RequestsCommand::CompleteStep {
            id,
            store,
            note,
            files,
        } => {
            let n = files.len();
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
            manual_steps::complete(p, &id, &store, &note, incoming, &actor())?;
            println!("step {store} of {id}: done ({n} file(s) attached)");
            Ok(())
        }
    }
}

/// The erasure plan of a request's subject, counted now; the read is audited.
fn print_plan(p: &Portal, r: &crate::db::requests::RequestRow) -> Result<(), Failure> {
    let engine = crate::erasure::Engine::open(p)?;
    let mut conn = p.conn()?;
    // A run already started keeps the identifiers it resolved (rows may be gone since).
    let stored = db::erasures::for_request(&mut conn, &r.id)?
        .and_then(|run| run.identifiers)
        .and_then(|t| serde_json::from_str(&t).ok());
    let ids = match stored {
        Some(ids) => ids,
        None => {
            let mut seeds = crate::stores::Identifiers::default();
            seeds.insert(crate::datamap::EMAIL, r.email.clone());
            engine.resolve(seeds)?
        }
    };
    let plan = engine.plan(&ids)?;
    audit::append(
        &mut conn,
        &actor(),
        "plan_viewed",
        Some(&r.id),
        &serde_json::json!({"stores": plan.stores.len()}),
    )?;
    println!("erasure plan (in order; rows now):");
    print!("{plan}");
    Ok(())
}
