//! A cap on argon2 work running at once. Each check of a desk password costs argon2id's
//! memory (19 MiB) and a core for a while; without a cap, a burst of login posts would run
//! one per blocking thread (hundreds) and take the memory and every core with it. A
//! [`PasswordGate`] admits `admin.password_check_concurrency` checks at once (default: one
//! per core); the others wait their turn, first come first served, at most
//! `admin.password_check_wait_seconds`, and are then told the desk is busy (503).
//!
//! Checking a password on a request path needs a [`PasswordPermit`]: the type makes the
//! cap hold wherever argon2 runs for a request.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::accounts;
use crate::config::Admin;

/// Turns for argon2 checks, shared by every request of a process.
#[derive(Clone)]
pub struct PasswordGate(Arc<Inner>);

struct Inner {
    turns: Arc<Semaphore>,
    size: usize,
    wait: Duration,
    /// Checks running now, and the most that ever ran at once.
    running: AtomicUsize,
    peak: AtomicUsize,
}

/// No turn came within the wait: the desk is busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks at once")]
pub struct Busy;

/// A turn to check passwords; the next waiter gets it when this is dropped.
pub struct PasswordPermit {
    gate: PasswordGate,
    _turn: OwnedSemaphorePermit,
}

impl PasswordGate {
    /// `size` checks at once (at least one); a waiter gives up after `wait`.
    pub fn new(size: usize, wait: Duration) -> Self {
        let size = size.max(1);
        Self(Arc::new(Inner {
            turns: Arc::new(Semaphore::new(size)),
            size,
            wait,
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }))
    }

    /// From `admin.password_check_concurrency` (0: one per core) and
    /// `admin.password_check_wait_seconds`.
    pub fn from_config(admin: &Admin) -> Self {
        let size = match admin.password_check_concurrency {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => usize::try_from(n).unwrap_or(1),
        };
        Self::new(
            size,
            Duration::from_secs(u64::from(admin.password_check_wait_seconds)),
        )
    }

    /// Waits for a turn, first come first served, at most the configured wait.
    pub async fn enter(&self) -> Result<PasswordPermit, Busy> {
        let turn = tokio::time::timeout(self.0.wait, Arc::clone(&self.0.turns).acquire_owned())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        Ok(PasswordPermit {
            gate: self.clone(),
            _turn: turn,
        })
    }

    /// How many checks may run at once.
    pub fn size(&self) -> usize {
        self.0.size
    }

    /// The most checks that ever ran at once in this process.
    pub fn peak(&self) -> usize {
        self.0.peak.load(Ordering::SeqCst)
    }
}

impl PasswordPermit {
    /// [`accounts::verify_password`], counted.
    pub fn verify(&self, password: &str, hash: &str) -> bool {
        let _running = Running::start(&self.gate.0);
        accounts::verify_password(password, hash)
    }
}

/// One check running: counted in, and out when dropped.
struct Running<'a>(&'a Inner);

impl<'a> Running<'a> {
    fn start(inner: &'a Inner) -> Self {
        let now = inner.running.fetch_add(1, Ordering::SeqCst) + 1;
        inner.peak.fetch_max(now, Ordering::SeqCst);
        Self(inner)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn turns_are_capped_and_a_waiter_gives_up_after_the_wait() {
        let gate = PasswordGate::new(2, Duration::ZERO);
        let a = gate.enter().await.unwrap();
        let _b = gate.enter().await.unwrap();
        assert_eq!(gate.enter().await.err(), Some(Busy));
        drop(a);
        let c = gate.enter().await.unwrap();
        let hash = accounts::hash_password("correct horse battery").unwrap();
        assert!(c.verify("correct horse battery", &hash));
        assert!(!c.verify("wrong", &hash));
        assert_eq!(gate.peak(), 1);
        assert_eq!(gate.size(), 2);
    }

    #[test]
    fn zero_means_one_per_core() {
        let admin = Admin {
            password_check_concurrency: 0,
            ..Admin::default()
        };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(PasswordGate::from_config(&admin).size(), cores);
    }
}
