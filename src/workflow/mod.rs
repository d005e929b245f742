//! The request workflow the job bodies and the use cases share: checked transitions (with
//! the work and webhook events they start), queueing mail, and the bookkeeping of work jobs.
//! It sits above the portal's storage and below the job bodies (`export`, `erasure`) and the
//! use cases (`service`), which all move requests the same way through it.

pub mod mail;
pub mod transition;
pub mod work;

pub use mail::{lang_of, queue_mail};
pub use transition::{ERASE_ATTEMPTS, EXPORT_ATTEMPTS, enqueue_work, status_changed, transition};
pub use work::{
    Attempt, Failure, JobError, Mail, attempt_failed, fail_request, finish, processing_request,
};
