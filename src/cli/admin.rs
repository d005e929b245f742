//! `dsr-portal admin add --email <e> [--role dpo|viewer]`: the password comes on stdin (one
//! line); prints the `otpauth://` URI and a QR code for the authenticator app.
//! `admin list`, `admin remove --email <e>` (their sessions end at once) and
//! `admin unlock --email <e>` (after failed logins) manage the accounts.

use std::io::BufRead;

use clap::Subcommand;

use super::Failure;
use crate::admin::{Role, totp};
use crate::domain::format::fmt_time;
use crate::portal::Portal;
use crate::service::accounts;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a desk account (password on stdin); prints the TOTP URI and QR code. With
    /// --sso-only: no password and no code, the person logs in through single sign-on
    /// ([admin.oidc]) whatever their address's domain.
    Add {
        #[arg(long)]
        email: String,
        /// dpo (every action) or viewer (read only).
        #[arg(long, default_value = "dpo")]
        role: String,
        #[arg(long)]
        sso_only: bool,
    },
    /// Every account: email, role, created, last login, locked until.
    List,
    /// Remove an account; its sessions end at once.
    Remove {
        #[arg(long)]
        email: String,
    },
    /// Lift the lock that failed logins put on an account.
    Unlock {
        #[arg(long)]
        email: String,
    },
    /// Switch an account to single sign-on ([admin.oidc]): its password and TOTP secret are
    /// dropped and its sessions end.
    UseSso {
        #[arg(long)]
        email: String,
    },
}

/// The first line of stdin, without its line ending.
fn read_password() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure(format!("cannot read the password from stdin: {e}")))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err(Failure(
            "no password on stdin (pipe it in: printf '%s\\n' \"$PW\" | dsr-portal admin add ...)"
                .into(),
        ));
    }
    Ok(password)
}

pub fn run(p: &Portal, command: AdminCommand, actor: &str) -> Result<(), Failure> {
    match command {
        AdminCommand::Add {
            email,
            role,
            sso_only: true,
        } => {
            let role: Role = role.parse().map_err(|e| Failure(format!("--role: {e}")))?;
            if p.config.admin.oidc.is_none() {
                return Err(Failure(
                    "--sso-only needs single sign-on set up ([admin.oidc] in the configuration)"
                        .into(),
                ));
            }
            accounts::invite(p, &email, role, actor)?;
            println!(
                "account {} ({role}) created; it logs in through single sign-on only.",
                email.trim().to_lowercase()
            );
            Ok(())
        }
        AdminCommand::Add { email, role, .. } => {
            let role: Role = role.parse().map_err(|e| Failure(format!("--role: {e}")))?;
            let password = read_password()?;
            let uri = accounts::add(p, &email, role, &password, actor)?;
            println!("account {} ({role}) created.", email.trim().to_lowercase());
            println!("Scan the QR code, or enter this URI, in an authenticator app:");
            println!("{uri}");
            println!("{}", totp::terminal_qr(&uri).map_err(Failure)?);
            Ok(())
        }
        AdminCommand::List => {
            println!(
                "{:<36} {:<7} {:<8} {:<20} {:<20} locked until",
                "email", "role", "login", "created", "last login"
            );
            for a in accounts::list(p)? {
                println!(
                    "{:<36} {:<7} {:<8} {:<20} {:<20} {}",
                    a.email,
                    a.role,
                    if a.sso_only { "sso" } else { "password" },
                    fmt_time(a.created_at),
                    a.last_login_at.map(fmt_time).unwrap_or_else(|| "-".into()),
                    a.locked_until.map(fmt_time).unwrap_or_else(|| "-".into()),
                );
            }
            Ok(())
        }
        AdminCommand::Remove { email } => {
            accounts::remove(p, &email, actor)?;
            println!("account {} removed; its sessions ended.", email.trim());
            Ok(())
        }
        AdminCommand::UseSso { email } => {
            if p.config.admin.oidc.is_none() {
                return Err(Failure(
                    "use-sso needs single sign-on set up ([admin.oidc] in the configuration)"
                        .into(),
                ));
            }
            accounts::use_sso(p, &email, actor)?;
            println!(
                "account {} now signs in through single sign-on only; its sessions ended.",
                email.trim()
            );
            Ok(())
        }
        AdminCommand::Unlock { email } => {
            accounts::unlock(p, &email, actor)?;
            println!("account {} unlocked.", email.trim());
            Ok(())
        }
    }
}
