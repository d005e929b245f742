//! The domain: what a request is and how it may change, free of HTTP and SQL.

pub mod audit;
pub mod csv_cell;
pub mod deadline;
pub mod email;
pub mod format;
pub mod held;
pub mod ledger_key;
pub mod mac;
pub mod reference;
pub mod request;
pub mod rights;
pub mod token;
pub mod webhook;
pub mod work;

pub use deadline::{Calendar, Deadlines, Jurisdiction};
pub use email::EmailAddress;
pub use request::{Action, Kind, State, TransitionError};
pub use rights::{Details, Ground, Scope};
