//! The `apply` job of a rectification, restriction or objection: resolve the subject, make
//! the change in each store not yet done (recording each as done as it completes, so a
//! retry or a restart resumes after it), then complete the request with the email that
//! says what changed where and who else was told.

use serde_json::json;

use super::{context, flag_of, new_address, partners};
use crate::datamap::labels::Labels;
use crate::datamap::{DataMap, StoreType};
use crate::db::exports::{self, ProgressRow};
use crate::db::requests::{self, RequestRow};
use crate::db::{audit, write_tx};
use crate::i18n::{Arg, Catalogue};

use crate::domain::work::Step;
use crate::domain::{Action, Jurisdiction, Kind, Scope};
use crate::error::ServiceError;
use crate::mail::{Message, messages};
use crate::portal::Portal;
use crate::stores::{self, Identifiers, Store};
use crate::workflow::{
    Attempt, Failure, JobError, Mail, attempt_failed, finish, processing_request, queue_mail,
};

/// The `apply` job of one request.
pub fn run(
    p: &Portal,
    request_id: &str,
    attempt: Attempt,
    heartbeat: &dyn Fn(),
) -> Result<(), JobError> {
    let kind = {
        let mut conn = p.conn().map_err(JobError::retry)?;
        requests::get(&mut conn, request_id)
            .map_err(JobError::retry)?
            .map(|r| r.kind)
    };
    let Some(kind) = kind.filter(|k| k.changes_records()) else {
        return Err(JobError::permanent(format!(
            "request {request_id} is not a rectification, restriction or objection"
        )));
    };
    let Some(r) = processing_request(p, request_id, kind)? else {
        return Ok(()); // cancelled, or already done
    };
    let map = match DataMap::from_config(&p.config) {
        Ok(m) => m,
        Err(e) => {
            let event = format!("{kind}_attempt_failed");
            return attempt_failed(p, &r, "-", &format!("data map: {e}"), attempt, &event);
        }
    };
    match apply(p, &r, &map, heartbeat) {
        Ok(()) => complete(p, &r, &map).map_err(JobError::retry),
        Err(f) => {
            tracing::warn!(request = %r.id, store = %f.store, error = %f.message, attempt = attempt.number, "applying a request failed");
            let event = format!("{kind}_attempt_failed");
            attempt_failed(p, &r, &f.store, &f.message, attempt, &event)
        }
    }
}

/// Makes the change in every store not recorded done, in the map's order.
fn apply(p: &Portal, r: &RequestRow, map: &DataMap, heartbeat: &dyn Fn()) -> Result<(), Failure> {
    let opened = stores::open_all(map)?;
    let ids = stores::resolve(map, &opened, &r.email)?;
    let details = r.details();
    let mut conn = p.conn()?;
    let done: Vec<String> = exports::progress_of(&mut conn, &r.id)?
        .into_iter()
        .filter(|s| s.state == Step::Done)
        .map(|s| s.store)
        .collect();
    if done.is_empty()
        && let Some(address) = new_address(map, &details)
    {
        address_is_free(map, &opened, address)?;
    }
    for (def, store) in map.store.iter().zip(&opened) {
        if done.contains(&def.name) {
            continue;
        }
        if def.kind == StoreType::Manual {
            let task = partners::task(r, def, map, &ids, None);
            let contact = def.contact.clone().unwrap_or_default();
            write_tx(&mut conn, |c| -> Result<(), ServiceError> {
                partners::send(p, c, &r.id, &contact, task)?;
                exports::progress(c, &r.id, &def.name, Step::Done, 0, None)?;
                audit::append(
                    c,
                    "system",
                    "partner_told",
                    Some(&r.id),
                    &json!({"store": def.name}),
                )?;
                Ok(())
            })?;
            continue;
        }
        let outcomes = change(store.as_ref(), r.kind, &ids, &details)?;
        let rows: u64 = outcomes.iter().map(|o| o.rows).sum();
        let objects: Vec<serde_json::Value> = outcomes
            .iter()
            .map(|o| json!({"object": o.object, "action": o.action, "rows": o.rows}))
            .collect();
        write_tx(&mut conn, |c| -> Result<(), ServiceError> {
            exports::progress(
                c,
                &r.id,
                &def.name,
                Step::Done,
                i64::try_from(rows).unwrap_or(i64::MAX),
                None,
            )?;
            audit::append(
                c,
                "system",
                "store_applied",
                Some(&r.id),
                &json!({"store": def.name, "objects": objects}),
            )?;
            Ok(())
        })?;
        heartbeat();
    }
    Ok(())
}

/// One store's part of the request.
fn change(
    store: &dyn Store,
    kind: Kind,
    ids: &Identifiers,
    details: &crate::domain::Details,
) -> Result<Vec<crate::stores::Outcome>, Failure> {
    let outcomes = match flag_of(kind) {
        Some(flag) => store.flag(ids, flag, true, &context(details))?,
        None => store.rectify(ids, &details.changes)?,
    };
    Ok(outcomes)
}

/// A corrected address must not be one other records already carry: the subject's rows
/// would then be found with someone else's. The DPO resolves that by hand. Asked of the
/// stores that match exactly (SQL, Redis, Stripe); an `http` partner's answer to an address
/// says nothing certain about who has it, and a `manual` store can't be asked.
fn address_is_free(map: &DataMap, opened: &[Box<dyn Store>], address: &str) -> Result<(), Failure> {
    let ids = stores::resolve(map, opened, &address.to_lowercase())?;
    let exact = opened
        .iter()
        .filter(|s| !matches!(s.kind(), StoreType::Http | StoreType::Manual));
    for store in exact {
        if store.locate(&ids)?.iter().any(|l| l.rows > 0) {
            return Err(Failure::new(
                store.name(),
                "the corrected email address is already in other records here: resolve it by \
                 hand, then retry",
            ));
        }
    }
    Ok(())
}

/// Completes the request with the subject's email, in one transaction.
fn complete(p: &Portal, r: &RequestRow, map: &DataMap) -> Result<(), ServiceError> {
    let mut conn = p.conn()?;
    let progress = exports::progress_of(&mut conn, &r.id)?;
    drop(conn);
    let m = completion(
        p,
        p.i18n.texts(crate::workflow::lang_of(p, r)),
        r,
        map,
        &progress,
    );
    let details = r.details();
    let moved = new_address(map, &details).map(str::to_lowercase);
    let stores: Vec<serde_json::Value> = progress
        .iter()
        .map(|s| json!({"store": s.store, "rows": s.rows}))
        .collect();
    finish(
        p,
        &r.id,
        Action::Complete,
        json!({"stores": stores}),
        |c, current| {
            if let Some(address) = moved.as_deref().filter(|a| *a != current.email) {
                // The subject is known by the corrected address from now on; the old one is
                // told too (it may not be theirs any more, and a change should never be silent).
                queue_mail(
                    p,
                    c,
                    Some(&r.id),
                    address,
                    &Message::RightsCompleted(m.clone()),
                    crate::workflow::lang_of(p, current),
                )?;
            }
            Ok(Some(Mail {
                to: current.email.clone(),
                message: Message::RightsCompleted(m),
            }))
        },
    )
}

/// The completion email's content, in the names subjects see.
pub fn completion(
    p: &Portal,
    t: &Catalogue,
    r: &RequestRow,
    map: &DataMap,
    progress: &[ProgressRow],
) -> messages::RightsCompleted {
    let labels = Labels::of(map);
    let details = r.details();
    let places = progress
        .iter()
        .filter(|s| s.rows > 0)
        .map(|s| {
            t.text(
                "rights-place",
                &[
                    ("place", Arg::Str(labels.store(&s.store))),
                    ("count", Arg::from(s.rows)),
                ],
            )
        })
        .collect();
    let told = map.recipients(r.kind);
    messages::RightsCompleted {
        kind: r.kind.as_str().into(),
        fields: details
            .changes
            .keys()
            .map(|f| map.field_label(f).unwrap_or_else(|| f.clone()))
            .collect(),
        places,
        told,
        marketing: details.scope == Some(Scope::DirectMarketing),
        ccpa: r.kind == Kind::Objection && r.jurisdiction == Jurisdiction::Ccpa,
        complaints: p.config.art15.complaints.clone(),
    }
}
