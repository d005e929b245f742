//! A manual store's step, for either kind of request: an erasure waits for what the owner
//! answered; an export also takes the files they returned.

use super::ServiceError;
use crate::db::requests;
use crate::domain::Kind;
use crate::export::manual::Incoming;
use crate::portal::Portal;

/// Records a manual store's answer (`note`, and for an export the `files`) and lets the
/// request's work go on. Nothing changes when it is refused.
pub fn complete(
    p: &Portal,
    request_id: &str,
    store: &str,
    note: &str,
    files: Vec<Incoming>,
    actor: &str,
) -> Result<(), ServiceError> {
    let note = note.trim();
    let r = {
        let mut conn = p.conn()?;
        requests::get(&mut conn, request_id)?.ok_or(ServiceError::NotFound("request"))?
    };
    if r.kind == Kind::Access {
        return crate::export::manual::complete_step(p, &r, store, note, files, actor);
    }
    if !files.is_empty() {
        return Err(ServiceError::Invalid(
            "an erasure's step takes what the owner answered, not files".into(),
        ));
    }
    if note.is_empty() {
        return Err(ServiceError::Invalid(
            "say what the store's owner answered".into(),
        ));
    }
    crate::erasure::request::complete_step(p, request_id, store, note, actor)
}
