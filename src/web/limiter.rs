//! Keyed rate limits (governor) whose memory stays bounded: idle keys are pruned on a timer
//! ([`prune_every`], started with the server), and a limiter never holds more than
//! `security.rate_limit_max_keys` keys.
//!
//! A full limiter refuses (429) until the next prune rather than forgetting keys or letting
//! requests through unlimited: a limiter is full only when someone sends more distinct
//! addresses within one quota window than any real population would, and admitting or
//! resetting keys then would hand them exactly what the limit is there to stop.

use std::hash::Hash;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};

/// Why a key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Over this key's quota: it may try again after this long.
    Over(Duration),
    /// The limiter holds its maximum of keys: nothing is admitted until the next prune.
    Full,
}

/// A keyed rate limiter with a cap on its keys, on governor's default clock or an injected
/// one (tests move a `FakeRelativeClock` instead of sleeping).
pub struct KeyedLimit<K: Hash + Eq + Clone, C: Clock = DefaultClock> {
    name: &'static str,
    limiter: RateLimiter<K, DashMapStateStore<K>, C, NoOpMiddleware<C::Instant>>,
    clock: C,
    max_keys: usize,
}

impl<K: Hash + Eq + Clone> KeyedLimit<K> {
    pub fn new(name: &'static str, quota: Quota, max_keys: usize) -> Self {
        Self::with_clock(name, quota, max_keys, DefaultClock::default())
    }
}

impl<K: Hash + Eq + Clone, C: Clock + Clone> KeyedLimit<K, C> {
    pub fn with_clock(name: &'static str, quota: Quota, max_keys: usize, clock: C) -> Self {
        Self {
            name,
            limiter: RateLimiter::dashmap_with_clock(quota, clock.clone()),
            clock,
            max_keys: max_keys.max(1),
        }
    }

    /// Counts one event for `key`.
    pub fn check(&self, key: &K) -> Result<(), Refused> {
        if self.limiter.len() >= self.max_keys {
            return Err(Refused::Full);
        }
        self.limiter
            .check_key(key)
            .map_err(|not_until| Refused::Over(not_until.wait_time_from(self.clock.now())))
    }

    /// Forgets every key whose quota has refilled (its state is that of a new key), gives
    /// the memory back, and returns how many keys are left.
    pub fn prune(&self) -> usize {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
        let left = self.limiter.len();
        if left >= self.max_keys {
            tracing::warn!(
                limiter = self.name,
                keys = left,
                "rate limiter full (security.rate_limit_max_keys): new clients are refused until keys expire"
            );
        }
        left
    }

    /// Keys held now.
    pub fn len(&self) -> usize {
        self.limiter.len()
    }

    pub fn is_empty(&self) -> bool {
        self.limiter.is_empty()
    }

    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// Runs `prune` every `period` on a blocking thread (pruning a large limiter takes a while),
/// forever; the server aborts it when it stops.
pub async fn prune_every<F>(period: Duration, prune: F)
where
    F: Fn() + Clone + Send + 'static,
{
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await; // the first tick is immediate: nothing to prune yet
    loop {
        tick.tick().await;
        let prune = prune.clone();
        if tokio::task::spawn_blocking(prune).await.is_err() {
            tracing::error!("pruning the rate limiters panicked");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};
    use std::num::NonZeroU32;
    use std::sync::Arc;

    use governor::clock::FakeRelativeClock;

    use super::*;

    fn per_minute(n: u32) -> Quota {
        Quota::per_minute(NonZeroU32::new(n).unwrap())
    }

    fn ip(i: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from(i))
    }

    #[test]
    fn a_million_keys_are_forgotten_once_their_window_has_passed() {
        let clock = FakeRelativeClock::default();
        let limit = KeyedLimit::with_clock("test", per_minute(20), 2_000_000, clock.clone());
        for i in 0..1_000_000 {
            assert_eq!(limit.check(&ip(i)), Ok(()));
        }
        // One client uses its whole budget now and again just before the prune.
        for _ in 0..20 {
            limit.check(&ip(u32::MAX)).unwrap();
        }
        assert_eq!(limit.len(), 1_000_001);
        assert_eq!(limit.prune(), 1_000_001, "nothing is idle yet");
        clock.advance(Duration::from_secs(90));
        for _ in 0..20 {
            let _ = limit.check(&ip(u32::MAX));
        }
        assert_eq!(limit.prune(), 1, "only the busy client is left");
        assert!(matches!(limit.check(&ip(u32::MAX)), Err(Refused::Over(_))));
        clock.advance(Duration::from_secs(90));
        assert_eq!(limit.prune(), 0);
        assert!(limit.is_empty());
        // A key that comes back starts afresh.
        assert_eq!(limit.check(&ip(7)), Ok(()));
    }

    #[test]
    fn a_full_limiter_refuses_until_keys_expire_and_are_pruned() {
        let clock = FakeRelativeClock::default();
        let limit = KeyedLimit::with_clock("test", per_minute(5), 10, clock.clone());
        for i in 0..10 {
            limit.check(&ip(i)).unwrap();
        }
        assert_eq!(limit.check(&ip(10)), Err(Refused::Full));
        assert_eq!(limit.check(&ip(0)), Err(Refused::Full));
        assert_eq!(limit.len(), 10, "a refused key is not stored");
        assert_eq!(limit.prune(), 10, "still in their window");
        assert_eq!(limit.check(&ip(10)), Err(Refused::Full));
        clock.advance(Duration::from_secs(120));
        assert_eq!(limit.prune(), 0);
        assert_eq!(limit.check(&ip(10)), Ok(()));
    }

    #[test]
    fn over_the_quota_says_how_long_to_wait() {
        let clock = FakeRelativeClock::default();
        let limit = KeyedLimit::with_clock("test", per_minute(2), 10, clock);
        limit.check(&ip(1)).unwrap();
        limit.check(&ip(1)).unwrap();
        assert_eq!(
            limit.check(&ip(1)),
            Err(Refused::Over(Duration::from_secs(30)))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_timer_prunes_without_anyone_asking() {
        let clock = FakeRelativeClock::default();
        let limit = Arc::new(KeyedLimit::with_clock(
            "test",
            per_minute(20),
            1_000,
            clock.clone(),
        ));
        let pruned = Arc::clone(&limit);
        let task = tokio::spawn(prune_every(Duration::from_secs(60), move || {
            pruned.prune();
        }));
        for i in 0..500 {
            limit.check(&ip(i)).unwrap();
        }
        clock.advance(Duration::from_secs(90));
        // The runtime's clock is paused: each sleep moves it on at once (never while a
        // blocking task runs). The first tick after the start comes at 60 s.
        let start = tokio::time::Instant::now();
        for _ in 0..59 {
            tokio::time::sleep(Duration::from_secs(1)).await;
            assert_eq!(limit.len(), 500, "pruned before its time");
        }
        while !limit.is_empty() && start.elapsed() < Duration::from_secs(120) {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        assert!(limit.is_empty(), "not pruned by {:?}", start.elapsed());
        assert!(start.elapsed() <= Duration::from_secs(61));
        task.abort();
    }
}
