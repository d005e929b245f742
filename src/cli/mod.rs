//! The `dsr-portal` command line (DESIGN §6). Every command exits non-zero with a one-line
//! reason on failure.

mod admin;
mod datamap;
mod erasure;
mod requests;
mod texts;
mod token;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::Application;
use crate::config::Config;
use crate::db::audit::Verification;
use crate::domain::{Calendar, Jurisdiction, deadline};
use crate::jobs::worker::Workers;
use crate::portal::Portal;

#[derive(Debug, Parser)]
#[command(
    name = "dsr-portal",
    version,
    about = "Self-hosted GDPR data-subject request portal"
)]
pub struct Cli {
    /// Configuration file (default: ./dsr-portal.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Web server, and (by default) an in-process job worker.
    Serve {
        /// Run no worker in this process (run `dsr-portal worker` elsewhere).
        #[arg(long)]
        no_worker: bool,
    },
    /// Job worker only.
    Worker,
    /// Run pending migrations.
    Migrate,
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Look at and act on requests (for operators without the dashboard).
    Requests {
        #[command(subcommand)]
        command: requests::RequestsCommand,
    },
    /// The subject's texts in each language, with the company's overrides.
    Texts {
        #[command(subcommand)]
        command: TextsCommand,
    },
    /// The data map.
    Datamap {
        #[command(subcommand)]
        command: DatamapCommand,
    },
    /// Retention rules and legal holds.
    Retention {
        #[command(subcommand)]
        command: erasure::RetentionCommand,
    },
    /// The erasure ledger.
    Erasures {
        #[command(subcommand)]
        command: erasure::ErasuresCommand,
    },
    /// Create (or reset) the demo company store the built-in data map points at.
    Demo,
    /// DPO desk accounts.
    Admin {
        #[command(subcommand)]
        command: admin::AdminCommand,
    },
    /// Support API tokens.
    Token {
        #[command(subcommand)]
        command: token::TokenCommand,
    },
    /// Print the legal due dates of a request received on a date.
    Deadline {
        #[arg(long, default_value = "gdpr")]
        jurisdiction: String,
        /// YYYY-MM-DD
        #[arg(long)]
        received: String,
        /// The kind of request: a CCPA opt-out (`objection`) has its own due date.
        #[arg(long, default_value = "access")]
        kind: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DatamapCommand {
    /// Validate the map, reach every store, check every name against the live schema.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum TextsCommand {
    /// List keys missing or unused in each language and in the overrides; exit non-zero on a
    /// missing key (or a text using a value it is never given).
    Check,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain; exit non-zero naming the first broken entry.
    Verify,
}

/// A failed command: its one-line reason.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let server = matches!(
        cli.command,
        None | Some(Command::Serve { .. } | Command::Worker)
    );
    init_logging(if server { "info" } else { "warn" });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(reason)) => {
            eprintln!("dsr-portal: {}", reason.lines().next().unwrap_or("failed"));
            ExitCode::FAILURE
        }
    }
}

fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn run(cli: Cli) -> Result<(), Failure> {
    let config = || Config::load(cli.config.as_deref());
    // With no subcommand, serve (so `cargo run --release` runs the portal).
    match cli.command.unwrap_or(Command::Serve { no_worker: false }) {
        Command::Serve { no_worker } => serve(Portal::open(config()?)?, !no_worker),
        Command::Worker => worker(Portal::open(config()?)?),
        Command::Migrate => {
            // Opening the portal runs pending migrations.
            let p = Portal::open(config()?)?;
            let target = p.config.db_target()?;
            println!("database {} is up to date", target.display());
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let p = Portal::open(config()?)?;
            let mut conn = p.conn()?;
            match crate::db::audit::verify(&mut conn)? {
                Verification::Intact {
                    entries,
                    unsealed: 0,
                } => {
                    println!("audit chain intact: {entries} entries");
                    Ok(())
                }
                Verification::Intact { entries, unsealed } => {
                    println!(
                        "audit chain intact: {entries} entries; {unsealed} newer entries \
                         not sealed yet (a transaction that began before them is still open)"
                    );
                    Ok(())
                }
                Verification::Broken(e) => Err(Failure(format!("audit chain broken: {e}"))),
            }
        }
        Command::Datamap {
            command: DatamapCommand::Check,
        } => datamap::check(&config()?),
        Command::Texts {
            command: TextsCommand::Check,
        } => texts::check(&config()?),
        Command::Demo => {
            let path = crate::demo::create(std::path::Path::new(crate::demo::DEMO_STORE))
                .map_err(Failure)?;
            println!(
                "demo store ready at {} (try ada@example.com)",
                path.display()
            );
            Ok(())
        }
        Command::Requests { command } => requests::run(&Portal::open(config()?)?, command),
        Command::Retention { command } => erasure::retention(&Portal::open(config()?)?, command),
        Command::Erasures { command } => erasure::erasures(&Portal::open(config()?)?, command),
        Command::Admin { command } => {
            admin::run(&Portal::open(config()?)?, command, &requests::actor())
        }
        Command::Token { command } => {
            token::run(&Portal::open(config()?)?, command, &requests::actor())
        }
        Command::Deadline {
            jurisdiction,
            received,
            kind,
        } => {
            let c = config()?;
            let j: Jurisdiction = jurisdiction.parse()?;
            let kind: crate::domain::Kind =
                kind.parse().map_err(|e| Failure(format!("--kind: {e}")))?;
            let format = time::macros::format_description!("[year]-[month]-[day]");
            let received = time::Date::parse(&received, format).map_err(|_| {
                Failure(format!("--received {received:?} is not a YYYY-MM-DD date"))
            })?;
            let cal: Calendar = c.calendar()?;
            let d = deadline::compute_for(kind, j, received, None, &[], &cal)?;
            println!("due: {}", d.due);
            if d.extendable() {
                println!("extended_due: {}", d.extended_due);
            } else {
                println!("extended_due: none (no extension allowed)");
            }
            if let Some(ack) = d.acknowledge_by {
                println!("acknowledge_by: {ack}");
            }
            Ok(())
        }
    }
}

fn serve(portal: Portal, with_worker: bool) -> Result<(), Failure> {
    if portal.config.datamap.path.is_empty() && crate::demo::ensure().map_err(Failure)? {
        tracing::info!(
            "created the demo company store {} for the built-in data map",
            crate::demo::DEMO_STORE
        );
    }
    warn_at_start(&portal);
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(portal.clone(), with_worker)?;
        tracing::info!(
            "dsr-portal listening on {} (public URL {}), database {}, mail {:?}{}",
            portal.config.server.bind,
            portal.config.public_url(),
            portal.config.db_target()?.display(),
            portal.config.mail.transport,
            if with_worker { ", with worker" } else { "" }
        );
        app.run_until_stopped().await?;
        Ok(())
    })
}

/// Says loudly when mail (and the links in it) goes to the log or to files, while `[art15]`
/// would put placeholders into every access archive, and when `[portal]` leaves subjects
/// without a company name or an address to write to.
fn warn_at_start(portal: &Portal) {
    if let Some(warning) = crate::mail::outbox_dir::startup_warning(&portal.config.mail) {
        tracing::warn!("{warning}");
    }
    for warning in portal.config.portal.warnings() {
        tracing::warn!("{warning}");
    }
    if let Some(warning) = portal.config.art15.placeholder_warning() {
        tracing::warn!("{warning}");
    }
}

fn worker(portal: Portal) -> Result<(), Failure> {
    warn_at_start(&portal);
    let workers = Workers::spawn(&portal)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(shutdown_signal());
    tracing::info!("stopping worker");
    workers.stop();
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
