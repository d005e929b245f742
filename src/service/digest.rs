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
/// there is none); each account's copy marks the requests assigned to it ("assigned to
/// you"). Nothing is sent when nothing is overdue or due soon.
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
    let line = |r: &register::RegisterRow, me: Option<&str>| messages::DigestLine {
        id: r.id.clone(),
        kind: r.kind.clone(),
        status: match (&r.assignee, me) {
            (Some(a), Some(me)) if a == me => {
                format!("{}, assigned to you", r.status.replace('_', " "))
            }
            _ => r.status.replace('_', " "),
        },
        due: r.register_due.to_string(),
        days_left: days_left(r.register_due, today),
        link: p.link(&format!("/admin/requests/{}", r.id)),
    };
    let (overdue, soon): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r.register_due < today);
    let message = |me: Option<&str>| {
        Message::DpoDigest(messages::DpoDigest {
            day: day.to_owned(),
            overdue: overdue.iter().map(|r| line(r, me)).collect(),
            due_soon: soon.iter().map(|r| line(r, me)).collect(),
            register_link: p.link("/admin"),
        })
    };
    let brand = crate::config::Brand::of(&p.config.portal);
    // (account id, address) of every DPO.
    let mut to: Vec<(Option<String>, String)> = admins::all(&mut conn)?
        .into_iter()
        .filter(|a| a.role == Role::Dpo.as_str())
        .map(|a| (Some(a.id), a.email))
        .collect();
    if to.is_empty() {
        to.push((None, p.config.mail.dpo_address.clone()));
    }
    let n = to.len();
    let mails = to
        .iter()
        .map(|(me, addr)| {
            let m = message(me.as_deref());
            Ok((
                addr,
                m.name(),
                m.render(&brand, &p.i18n, crate::i18n::Lang::EN)?,
            ))
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    write_tx(&mut conn, |c| {
        for (addr, name, rendered) in &mails {
            outbox::enqueue(c, None, name, addr, rendered, p.config.jobs.max_attempts)?;
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
