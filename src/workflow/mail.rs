//! Queueing a message: rendered now, sent by the outbox's job, in the caller's transaction.

use crate::config::Brand;
use crate::db::{DbConn, outbox};
use crate::error::ServiceError;
use crate::i18n::Lang;
use crate::mail::Message;
use crate::portal::Portal;

/// Renders a message in `lang` and queues it for `to` in the caller's transaction
/// (`request_id`: the request it is about, if any). Messages to the privacy team and to
/// store owners are in English whatever `lang` is.
pub fn queue_mail(
    p: &Portal,
    c: &mut DbConn,
    request_id: Option<&str>,
    to: &str,
    m: &Message,
    lang: Lang,
) -> Result<(), ServiceError> {
    let lang = if m.to_staff() { Lang::EN } else { lang };
    let rendered = m.render(&Brand::of(&p.config.portal), &p.i18n, lang)?;
    outbox::enqueue(
        c,
        request_id,
        m.name(),
        to,
        &rendered,
        p.config.jobs.max_attempts,
    )?;
    Ok(())
}

/// The language a request's emails speak: its own, if still offered, else the default.
pub fn lang_of(p: &Portal, r: &crate::db::requests::RequestRow) -> Lang {
    p.i18n.pick(&r.language)
}
