//! The worker loop: claim a job, run it under `catch_unwind`, complete it or back off;
//! between jobs, the periodic sweep.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::db::{self, jobs::Claimed};
use crate::jobs::{Job, backoff, send_email, webhook};
use crate::portal::Portal;
use crate::service::maintenance;
use crate::workflow::JobError;

/// Worker threads of one process.
pub struct Workers {
    portal: Portal,
    threads: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Starts `portal.config.jobs.concurrency` threads (the first also runs the sweep) and
    /// the audit sealer.
    pub fn spawn(portal: &Portal) -> std::io::Result<Self> {
        let host = hostname();
        let pid = std::process::id();
        match take_over_orphans(portal, &host) {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                jobs = n,
                "took over the jobs of a worker that died on this host"
            ),
            Err(e) => tracing::warn!(error = %e, "cannot look for jobs of a dead worker"),
        }
        let mut threads = Vec::new();
        for n in 0..portal.config.jobs.concurrency {
            let p = portal.clone();
            let id = format!("{host}:{pid}:{n}");
            threads.push(
                std::thread::Builder::new()
                    .name(format!("dsr-worker-{n}"))
                    .spawn(move || run_loop(&p, &id, n == 0))?,
            );
        }
        let p = portal.clone();
        threads.push(
            std::thread::Builder::new()
                .name("dsr-audit-sealer".into())
                .spawn(move || seal_loop(&p))?,
        );
        tracing::info!(threads = threads.len(), "worker started");
        Ok(Self {
            portal: portal.clone(),
            threads,
        })
    }

    /// Asks the threads to stop after their current job and waits for them.
    pub fn stop(self) {
        self.portal.wake.stop();
        for t in self.threads {
            let _ = t.join();
        }
    }
}

/// Jobs that a worker process on this host held when it died (a crash, `kill -9`, a
/// reboot): their leases end now instead of when they run out, so the work resumes at
/// once. A holder that is still alive, or on another host, keeps its jobs (its lease is
/// renewed while it works). Needs `/proc` to tell a live process from a dead one; without
/// it nothing is taken over early.
fn take_over_orphans(p: &Portal, host: &str) -> Result<usize, crate::db::DbError> {
    if !std::path::Path::new("/proc/self").exists() {
        return Ok(0);
    }
    let own = std::process::id();
    let mut conn = p.conn()?;
    let orphans: Vec<i64> = db::jobs::holders(&mut conn)?
        .into_iter()
        .filter(|(_, holder)| holder.as_deref().is_some_and(|h| dead_here(h, host, own)))
        .map(|(id, _)| id)
        .collect();
    if orphans.is_empty() {
        return Ok(0);
    }
    Ok(db::jobs::end_leases(&mut conn, &orphans)?)
}

/// Whether `holder` (`host:pid:thread`) names a process of this host, not this one, that no
/// longer runs.
fn dead_here(holder: &str, host: &str, own: u32) -> bool {
    let mut parts = holder.rsplitn(3, ':');
    let (_thread, pid, h) = (parts.next(), parts.next(), parts.next());
    let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    h == Some(host) && pid != own && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Renews the leases of jobs `ids` every third of a lease until `stop` says they ended, so
/// a long job (a big export, a slow store) keeps them while its process lives and loses
/// them soon after the process dies.
fn keep_lease(
    p: &Portal,
    ids: &[i64],
    worker_id: &str,
    lease: time::Duration,
    stop: &std::sync::mpsc::Receiver<()>,
) {
    let every = Duration::from_secs_f64((lease.as_seconds_f64() / 3.0).max(0.2));
    while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stop.recv_timeout(every) {
        if let Ok(mut conn) = p.conn() {
            let _ = db::jobs::heartbeat(&mut conn, ids, worker_id, lease);
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

fn run_loop(p: &Portal, id: &str, sweeps: bool) {
    let poll = Duration::from_millis(p.config.jobs.poll_interval_ms);
    let sweep_every = Duration::from_secs(p.config.jobs.sweep_interval_seconds);
    let mut next_sweep = Instant::now();
    while !p.wake.stopped() {
        if sweeps && Instant::now() >= next_sweep {
            match maintenance::sweep(p) {
                Ok(r) if r.expired + r.reminded > 0 => {
                    tracing::info!(expired = r.expired, reminded = r.reminded, "sweep");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "sweep failed"),
            }
            next_sweep = Instant::now() + sweep_every;
        }
        match run_one(p, id) {
            Ok(true) => continue,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "cannot claim a job"),
        }
        let until_sweep = next_sweep.saturating_duration_since(Instant::now());
        if p.wake
            .wait(if sweeps { poll.min(until_sweep) } else { poll })
        {
            break;
        }
    }
}

/// Seals new audit entries every `jobs.audit_seal_interval_ms`, apart from the job threads
/// so a long job never delays it. Every worker process runs one; the sealer's lock lets one
/// at a time work, and whichever holds it next resumes from the chain's head.
fn seal_loop(p: &Portal) {
    let every = Duration::from_millis(p.config.jobs.audit_seal_interval_ms);
    while !p.wake.stopped() {
        let sealed = p
            .conn()
            .and_then(|mut conn| Ok(db::audit::seal(&mut conn, false)?));
        match sealed {
            Ok(s) if s.broken => tracing::error!(
                "the audit chain's newest sealed entry is missing or altered: nothing more is \
                 sealed until it is repaired (run `dsr-portal audit verify`)"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot seal the audit log"),
        }
        // Wakes for new jobs don't shorten the interval: one seal covers many writes.
        let until = Instant::now() + every;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            if p.wake.wait(left) {
                return;
            }
        }
    }
}

/// Claims and runs one job, or a batch of mail jobs. Returns whether there was one.
pub fn run_one(p: &Portal, worker_id: &str) -> Result<bool, crate::db::DbError> {
    let lease = time::Duration::seconds(i64::try_from(p.config.jobs.lease_seconds).unwrap_or(30));
    let mut conn = p.conn()?;
    let Some(job) = db::jobs::claim(&mut conn, worker_id, lease)? else {
        return Ok(false);
    };
    let mut batch = vec![job];
    if batch[0].kind == Job::SEND_EMAIL {
        let kind = Job::SEND_EMAIL;
        match db::jobs::claim_more(&mut conn, worker_id, lease, kind, send_email::BATCH - 1) {
            Ok(more) => batch.extend(more),
            // The one claimed job still runs.
            Err(e) => tracing::warn!(error = %e, "cannot claim more mail jobs"),
        }
    }
    drop(conn);
    let started = Instant::now();
    let ids: Vec<i64> = batch.iter().map(|j| j.id).collect();
    let outcomes = std::thread::scope(|s| {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let ids = &ids;
        s.spawn(move || keep_lease(p, ids, worker_id, lease, &stopped));
        let outcomes = run_claimed(p, &batch, worker_id, lease);
        drop(stop);
        outcomes
    });
    finish(p, &batch, outcomes, started.elapsed())?;
    Ok(true)
}

/// Runs claimed jobs (one, or a batch of mail jobs); the outcome of each, in order. A panic
/// is a failure to retry.
fn run_claimed(
    p: &Portal,
    batch: &[Claimed],
    worker_id: &str,
    lease: time::Duration,
) -> Vec<Result<(), JobError>> {
    let mut outcomes: Vec<Option<Result<(), JobError>>> = batch
        .iter()
        .map(|job| {
            (job.attempts > job.max_attempts).then(|| {
                Err(JobError::permanent(
                    "lease expired too often (the job keeps killing its worker?)",
                ))
            })
        })
        .collect();
    let run = catch_unwind(AssertUnwindSafe(|| match batch {
        [job] if job.kind != Job::SEND_EMAIL => {
            if outcomes[0].is_none() {
                outcomes[0] = Some(execute(p, job, worker_id, lease));
            }
        }
        _ => {
            let mut mails = Vec::new();
            for (n, job) in batch.iter().enumerate() {
                if outcomes[n].is_some() {
                    continue;
                }
                match serde_json::from_str::<Job>(&job.payload) {
                    Ok(Job::SendEmail { outbox_id }) => mails.push((n, outbox_id)),
                    Ok(other) => {
                        outcomes[n] = Some(Err(JobError::permanent(format!(
                            "bad payload for {}: a {} job",
                            job.kind,
                            other.kind()
                        ))));
                    }
                    Err(e) => {
                        outcomes[n] = Some(Err(JobError::permanent(format!(
                            "bad payload for {}: {e}",
                            job.kind
                        ))));
                    }
                }
            }
            let ids: Vec<&str> = mails.iter().map(|(_, id)| id.as_str()).collect();
            for ((n, _), outcome) in mails.iter().zip(send_email::run(p, &ids)) {
                outcomes[*n] = Some(outcome);
            }
        }
    }));
    let panicked = run.is_err();
    outcomes
        .into_iter()
        .map(|o| match o {
            Some(outcome) => outcome,
            None if panicked => Err(JobError::retry("the job panicked")),
            None => Err(JobError::retry("the job did not run")),
        })
        .collect()
}

/// Records the outcomes: finished jobs leave the queue in one statement, failed ones are
/// retried with backoff or fail for good.
fn finish(
    p: &Portal,
    batch: &[Claimed],
    outcomes: Vec<Result<(), JobError>>,
    elapsed: Duration,
) -> Result<(), crate::db::DbError> {
    let mut conn = p.conn()?;
    let done: Vec<i64> = batch
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| o.is_ok())
        .map(|(j, _)| j.id)
        .collect();
    if !done.is_empty() {
        db::jobs::complete(&mut conn, &done)?;
    }
    // A batch's time is shared by its jobs.
    #[allow(clippy::cast_precision_loss)]
    let each = elapsed.as_secs_f64() / batch.len() as f64;
    for (job, outcome) in batch.iter().zip(outcomes) {
        match outcome {
            Ok(()) => {
                metrics::counter!("dsr_jobs_completed_total", "kind" => job.kind.clone())
                    .increment(1);
                metrics::histogram!("dsr_job_duration_seconds", "kind" => job.kind.clone())
                    .record(each);
            }
            Err(e) => fail(p, &mut conn, job, &e)?,
        }
    }
    Ok(())
}

/// A failed job: retried after its backoff, or failed for good after its last attempt (or
/// when retrying can't help).
fn fail(
    p: &Portal,
    conn: &mut crate::db::DbConn,
    job: &Claimed,
    e: &JobError,
) -> Result<(), crate::db::DbError> {
    let retry_at = (!e.permanent && job.attempts < job.max_attempts).then(|| {
        let c = &p.config.jobs;
        let delay = backoff(job.attempts, c.backoff_base_ms, c.backoff_max_seconds);
        db::now() + delay
    });
    if retry_at.is_none() {
        tracing::error!(job = job.id, kind = %job.kind, attempts = job.attempts, error = %e.message, "job failed for good");
        metrics::counter!("dsr_jobs_failed_total", "kind" => job.kind.clone()).increment(1);
    } else {
        tracing::warn!(job = job.id, kind = %job.kind, attempts = job.attempts, error = %e.message, "job failed; will retry");
    }
    db::jobs::fail(conn, job.id, &e.message, retry_at)?;
    Ok(())
}

fn execute(
    p: &Portal,
    job: &Claimed,
    worker_id: &str,
    lease: time::Duration,
) -> Result<(), JobError> {
    let parsed: Job = serde_json::from_str(&job.payload)
        .map_err(|e| JobError::permanent(format!("bad payload for {}: {e}", job.kind)))?;
    // Long jobs extend their lease as they make progress.
    let heartbeat = || {
        if let Ok(mut conn) = p.conn() {
            let _ = db::jobs::heartbeat(&mut conn, &[job.id], worker_id, lease);
        }
    };
    match parsed {
        Job::SendEmail { .. } => Err(JobError::permanent("mail jobs run in batches")),
        Job::Export { request_id } => {
            let attempt = crate::workflow::Attempt {
                number: job.attempts,
                max: job.max_attempts,
            };
            crate::export::run(p, &request_id, attempt, &heartbeat)
        }
        Job::Erase { request_id } => {
            let attempt = crate::workflow::Attempt {
                number: job.attempts,
                max: job.max_attempts,
            };
            crate::erasure::request::run(p, &request_id, attempt, &heartbeat)
        }
        Job::Apply { request_id } => {
            let attempt = crate::workflow::Attempt {
                number: job.attempts,
                max: job.max_attempts,
            };
            crate::rights::apply::run(p, &request_id, attempt, &heartbeat)
        }
        Job::Lift { request_id } => crate::rights::lift::run(p, &request_id, &heartbeat),
        Job::WebhookEvent { event } => webhook::fan_out(p, &event),
        Job::DpoDigest { day } => crate::service::digest::send(p, &day)
            .map(|_| ())
            .map_err(JobError::retry),
        Job::DeliverWebhook {
            url,
            event_id,
            request_id,
            body,
        } => webhook::deliver(
            p,
            &webhook::Delivery {
                url: &url,
                event_id: &event_id,
                request_id: &request_id,
                body: &body,
            },
            job.attempts,
            job.max_attempts,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::dead_here;

    #[test]
    fn only_a_dead_process_of_this_host_is_an_orphan() {
        let own = std::process::id();
        // A pid that can't exist (Linux pids stay below 2^22).
        assert!(dead_here("box:99999999:0", "box", own));
        assert!(!dead_here("other:99999999:0", "box", own), "another host");
        assert!(
            !dead_here(&format!("box:{own}:1"), "box", own),
            "this process"
        );
        assert!(!dead_here("box:1:0", "box", own), "a live process (init)");
        assert!(!dead_here("garbage", "box", own));
        assert!(
            dead_here("my:host:99999999:3", "my:host", own),
            "a host name with colons"
        );
    }
}
