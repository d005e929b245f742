//! The DPO desk's rules, free of HTTP and SQL: accounts and roles, passwords (argon2id, and
//! the cap on how many are checked at once), TOTP
//! with replay refusal, sessions with idle and absolute expiry, lockout, the register's
//! filters and badges, the yearly report's aggregation, and who single sign-on lets in.

pub mod accounts;
pub mod actions;
pub mod grounds;
pub mod intake;
pub mod lockout;
pub mod passwords;
pub mod queue;
pub mod register;
pub mod report;
pub mod session;
pub mod sso;
pub mod timeline;
pub mod totp;

pub use accounts::Role;
