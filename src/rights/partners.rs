//! The task a `manual` store's owner gets for a rectification, restriction, objection or the
//! lifting of a restriction: the people concerned, the corrected values (the owner needs
//! them to correct anything), the ground or scope.

use crate::datamap::{DataMap, EMAIL, StoreDef};
use crate::db::requests::RequestRow;
use crate::domain::{Details, Kind};
use crate::mail::messages::RightsTask;
use crate::stores::Identifiers;

/// Queues a task for a `manual` store's owner (in English, as every staff email), in the
/// caller's transaction.
pub fn send(
    p: &crate::portal::Portal,
    c: &mut crate::db::DbConn,
    request_id: &str,
    contact: &str,
    task: RightsTask,
) -> Result<(), crate::error::ServiceError> {
    crate::workflow::queue_mail(
        p,
        c,
        Some(request_id),
        contact,
        &crate::mail::Message::RightsTask(task),
        crate::i18n::Lang::EN,
    )
}

/// The task for `def`'s owner; `lifting` with the DPO's reason for lifting a restriction.
pub fn task(
    r: &RequestRow,
    def: &StoreDef,
    map: &DataMap,
    ids: &Identifiers,
    lifting: Option<&str>,
) -> RightsTask {
    let details = r.details();
    let action = match (r.kind, lifting) {
        (_, Some(_)) => "lift the restriction of processing of",
        (Kind::Rectification, _) => "correct the personal data of",
        (Kind::Restriction, _) => "restrict the processing of the personal data of",
        (Kind::Objection, _) => "stop processing, as they objected to, the personal data of",
        _ => "handle the request of",
    };
    RightsTask {
        action: action.into(),
        store: def.name.clone(),
        reference: r.id.clone(),
        subjects: ids.values(EMAIL).into_iter().map(str::to_owned).collect(),
        changes: changes(map, &details),
        context: context(&details, lifting),
        instructions: def.instructions.clone().unwrap_or_default(),
    }
}

fn changes(map: &DataMap, details: &Details) -> Vec<String> {
    details
        .changes
        .iter()
        .map(|(field, value)| {
            let label = map.field_label(field).unwrap_or_else(|| field.clone());
            format!("{label}: {value}")
        })
        .collect()
}

fn context(details: &Details, lifting: Option<&str>) -> String {
    if let Some(reason) = lifting {
        return format!("Why it is lifted: {reason}");
    }
    let mut out = Vec::new();
    if let Some(g) = details.ground {
        out.push(format!("Ground (GDPR Art. 18(1)): {}.", g.describe()));
    }
    if let Some(s) = details.scope {
        out.push(match s {
            crate::domain::Scope::DirectMarketing => {
                "They object to direct marketing (GDPR Art. 21(3); under CCPA, to the sale or sharing of their data): this is absolute.".to_owned()
            }
            crate::domain::Scope::Other => {
                "They object to processing on grounds relating to their situation (GDPR Art. 21(1)); we have accepted the objection.".to_owned()
            }
        });
    }
    out.join(" ")
}
