//! Erasure (DESIGN §3): plans, the engine that executes them store by store (delete, null,
//! mask, retain under a legal hold, redact, call an eraser, email a task), the retention run
//! that erases subjects due under `[[retention]]` rules and purges ended holds, and the
//! ledger that lets erasures be replayed after a backup restore.

pub mod attribution;
pub mod engine;
pub mod holds;
pub mod ledger;
pub mod plan;
pub mod replay;
pub mod request;
pub mod retention;

pub use engine::{Engine, Finished, Origin, Report};
pub use plan::Plan;
