//! The `lift` job: resets a restriction's flags in every store (and tells the partners),
//! but only once the email telling the subject has been handed to the mail server — Art.
//! 18(3) asks that they hear of it before it is lifted. Until then the job waits (it is
//! retried with backoff). Resetting a flag twice changes nothing, so a retry is safe.

use serde_json::json;

use super::{context, partners};
use crate::datamap::rights::Flag;
use crate::datamap::{DataMap, StoreType};
use crate::db::{audit, outbox, requests, write_tx};
use crate::domain::Kind;
use crate::error::ServiceError;
use crate::portal::Portal;
use crate::stores;
use crate::workflow::JobError;

/// The outbox name of the email that must go first.
pub const NOTICE: &str = "restriction_lifting";

pub fn run(p: &Portal, request_id: &str, heartbeat: &dyn Fn()) -> Result<(), JobError> {
    let mut conn = p.conn().map_err(JobError::retry)?;
    let Some(r) = requests::get(&mut conn, request_id).map_err(JobError::retry)? else {
        return Err(JobError::permanent(format!(
            "request {request_id} does not exist"
        )));
    };
    if r.kind != Kind::Restriction || r.lifted_at.is_none() {
        return Err(JobError::permanent(format!(
            "request {request_id} is not a restriction being lifted"
        )));
    }
    if !outbox::all_sent(&mut conn, &r.id, NOTICE).map_err(JobError::retry)? {
        return Err(JobError::retry(
            "waiting until the subject's notice is sent (Art. 18(3)) before lifting",
        ));
    }
    let map = DataMap::from_config(&p.config).map_err(JobError::retry)?;
    let opened = stores::open_all(&map).map_err(JobError::retry)?;
    let ids = stores::resolve(&map, &opened, &r.email).map_err(JobError::retry)?;
    let ctx = context(&r.details());
    let reason = r.lift_reason.clone().unwrap_or_default();
    let mut lifted = Vec::new();
    let mut tasks = Vec::new();
    for (def, store) in map.store.iter().zip(&opened) {
        if def.kind == StoreType::Manual {
            let contact = def.contact.clone().unwrap_or_default();
            tasks.push((contact, partners::task(&r, def, &map, &ids, Some(&reason))));
            continue;
        }
        let outcomes = store
            .flag(&ids, Flag::Restrict, false, &ctx)
            .map_err(JobError::retry)?;
        let rows: u64 = outcomes.iter().map(|o| o.rows).sum();
        if !outcomes.is_empty() {
            lifted.push(json!({"store": def.name, "rows": rows}));
        }
        heartbeat();
    }
    write_tx(&mut conn, |c| -> Result<(), ServiceError> {
        for (contact, task) in tasks {
            super::partners::send(p, c, &r.id, &contact, task)?;
        }
        audit::append(
            c,
            "system",
            "restriction_lifted",
            Some(&r.id),
            &json!({"stores": lifted}),
        )?;
        Ok(())
    })
    .map_err(JobError::retry)?;
    p.wake.notify();
    Ok(())
}
