//! Use cases: each function takes the [`Portal`](crate::portal::Portal), owns its
//! transaction, and is called the same way by web handlers, the CLI and the worker.

pub mod accounts;
pub mod api;
pub mod clock;
pub mod corrections;
pub mod desk;
pub mod digest;
pub mod exports;
pub mod health;
pub mod maintenance;
pub mod manual_steps;
pub mod requests;
pub mod sso;
pub mod webhooks;

pub use crate::error::{Gone, ServiceError};
