//! `[security]`: the secret key, admin networks, proxies and rate limits.

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Security {
    /// The environment variable holding the key for sessions, CSRF and the ledger HMAC.
    pub secret_key_env: String,
    pub admin_allow_ips: Vec<String>,
    pub rate_per_ip_per_minute: u32,
    pub rate_per_address_per_hour: u32,
    /// Trust `X-Forwarded-For` for the client address (only behind your own proxy).
    pub trust_forwarded_for: bool,
    /// How many proxies of ours stand in front of the portal: the client address is the
    /// `X-Forwarded-For` entry this many places from the right.
    pub trusted_proxies: u32,
    /// How often idle keys are pruned from the rate limiters.
    pub rate_limit_prune_seconds: u64,
    /// Most keys (addresses, subjects) one rate limiter holds; when full it refuses new
    /// requests until the next prune.
    pub rate_limit_max_keys: u64,
}

impl Security {
    /// `rate_limit_max_keys` as a count.
    pub fn max_keys(&self) -> usize {
        usize::try_from(self.rate_limit_max_keys).unwrap_or(usize::MAX)
    }
}

impl Default for Security {
    fn default() -> Self {
        Self {
            secret_key_env: "DSR_SECRET_KEY".into(),
            admin_allow_ips: Vec::new(),
            rate_per_ip_per_minute: 20,
            rate_per_address_per_hour: 5,
            trust_forwarded_for: false,
            trusted_proxies: 1,
            rate_limit_prune_seconds: 60,
            rate_limit_max_keys: 1_000_000,
        }
    }
}

impl Security {
    /// `admin_allow_ips` parsed: CIDRs, or single addresses (a /32 or /128).
    pub fn admin_networks(&self) -> Result<Vec<ipnet::IpNet>, ConfigError> {
        self.admin_allow_ips
            .iter()
            .map(|s| {
                let s = s.trim();
                s.parse::<ipnet::IpNet>()
                    .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        invalid(
                            "security.admin_allow_ips",
                            format!("{s:?} is not a CIDR (such as 10.0.0.0/8) or an address"),
                        )
                    })
            })
            .collect()
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        self.admin_networks()?;
        if !(1..=16).contains(&self.trusted_proxies) {
            return Err(invalid(
                "security.trusted_proxies",
                "must be between 1 and 16 (the proxies of yours in front of the portal)",
            ));
        }
        if !(1..=3600).contains(&self.rate_limit_prune_seconds) {
            return Err(invalid(
                "security.rate_limit_prune_seconds",
                "must be between 1 and 3600",
            ));
        }
        if !(1_000..=100_000_000).contains(&self.rate_limit_max_keys) {
            return Err(invalid(
                "security.rate_limit_max_keys",
                "must be between 1000 and 100000000",
            ));
        }
        Ok(())
    }
}
