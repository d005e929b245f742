//! The daily digest to DPOs: overdue requests and those due within 7 days. The worker's sweep
//! schedules it once a day (from `admin.digest_hour_utc`); a row per day in `admin_digests`,
//! written with the job, makes several workers schedule it once.

use serde_json::json;
use time::PrimitiveDateTime;

use super::ServiceError;
use super::requests::is_unique_violation;
use crate::admin::Role;
use crate::admin::register::DUE_SOON_DAYS;
use crate::db::jobs::{self, Job};
use crate::db::schema::admin_digests;
use crate::db::{self, admins, audit, outbox, register, write_tx};
use crate::domain::deadline::days_left;
use crate::mail::{Message, messages};
use crate::portal::Portal;

/// Most requests listed per section.
const MAX_LINES: i64 = 500;

/// Schedules today's digest when its hour has come and nobody scheduled it yet.
pub fn maybe_schedule(p: &Portal, now: PrimitiveDateTime) -> Result<bool, ServiceError> {
    use diesel::prelude::*;
    if now.hour() < p.config.admin.digest_hour_utc {
        return Ok(false);
    }
    let day = now.date();
    let mut conn = p.conn()?;
    let done: Option<time::Date> = admin_digests::table
        .find(day)
        .select(admin_digests::day)
        .first(&mut *conn)
        .optional()?;
    if done.is_some() {
        return Ok(false);
    }
    let scheduled = write_tx(&mut conn, |c| {
        diesel::insert_into(admin_digests::table)
            .values((
                admin_digests::day.eq(day),
                admin_digests::created_at.eq(db::now()),
            ))
            .execute(c)?;
        jobs::enqueue(
            c,
            &Job::DpoDigest {
                day: day.to_string(),
            },
            p.config.jobs.max_attempts,
        )?;
        Ok::<_, ServiceError>(())
    });
    match scheduled {
        Ok(()) => {
            p.wake.notify();
            Ok(true)
        }
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Builds and queues the digest for `day` to every DPO account (or `mail.dpo_address` when
/// there is none). Nothing is sent when nothing is overdue or due soon.
pub fn send(p: &Portal, day: &str) -> Result<usize, ServiceError> {
    let mut conn = p.conn()?;
    let today = p.today();
    let rows = register::due_by(
        &mut conn,
        today + time::Duration::days(DUE_SOON_DAYS),
        MAX_LINES * 2,
    )?;
    if rows.is_empty() {
        return Ok(0);
    }
    let line = |r: &register::RegisterRow| messages::DigestLine {
        id: r.id.clone(),
        kind: r.kind.clone(),
        status: r.status.replace('_', " "),
        due: r.register_due.to_string(),
        days_left: days_left(r.register_due, today),
        link: p.link(&format!("/admin/requests/{}", r.id)),
    };
    let (overdue, soon): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r.register_due < today);
    let m = Message::DpoDigest(messages::DpoDigest {
        day: day.to_owned(),
        overdue: overdue.into_iter().map(line).collect(),
        due_soon: soon.into_iter().map(line).collect(),
        register_link: p.link("/admin"),
    });
    let rendered = m.render(
        &crate::config::Brand::of(&p.config.portal),
        &p.i18n,
        crate::i18n::Lang::EN,
    )?;
    let mut to = admins::emails_with_role(&mut conn, Role::Dpo.as_str())?;
    if to.is_empty() {
        to.push(p.config.mail.dpo_address.clone());
    }
    let n = to.len();
    write_tx(&mut conn, |c| {
        for addr in &to {
            outbox::enqueue(
                c,
                None,
                m.name(),
                addr,
                &rendered,
                p.config.jobs.max_attempts,
            )?;
        }
        audit::append(
            c,
            "system",
            "dpo_digest",
            None,
            &json!({"day": day, "recipients": n, "listed": rows.len()}),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    p.wake.notify();
    Ok(n)
}
