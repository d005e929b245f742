//! `dsr-portal token issue|revoke`: support API tokens.

use clap::Subcommand;

use super::Failure;
use crate::auth::{parse_scopes, parse_ttl};
use crate::db::api_tokens::Revoked;
use crate::portal::Portal;
use crate::service::api::{issue_token, revoke_token};

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Mint an HS256 token (needs api.jwt_secret); prints only the token.
    Issue {
        /// Who uses it (the audit log's actor becomes api:<sub>).
        #[arg(long)]
        sub: String,
        /// Space-separated: requests:read requests:write requests:verify
        #[arg(long)]
        scope: String,
        /// Lifetime: 30d, 12h, 90m, 2w (at most 366d).
        #[arg(long, default_value = "30d")]
        ttl: String,
    },
    /// Refuse a token from now on, by its jti.
    Revoke { jti: String },
}

pub fn run(p: &Portal, command: TokenCommand, actor: &str) -> Result<(), Failure> {
    match command {
        TokenCommand::Issue { sub, scope, ttl } => {
            let scopes = parse_scopes(&scope).map_err(|e| Failure(format!("--scope: {e}")))?;
            let ttl = parse_ttl(&ttl)?;
            let minted = issue_token(p, &sub, &scopes, ttl, actor)?;
            println!("{}", minted.token);
            Ok(())
        }
        TokenCommand::Revoke { jti } => {
            match revoke_token(p, &jti, actor)? {
                Revoked::Issued => println!("revoked {}", jti.trim()),
                Revoked::Foreign => println!(
                    "revoked {} (not issued by this portal; refused from now on)",
                    jti.trim()
                ),
                Revoked::Already => println!("{} was already revoked", jti.trim()),
            }
            Ok(())
        }
    }
}
