//! `[policy]` (approvals, deadlines, the calendar) and `[art15]` (what an access request's
//! answer tells the subject about the processing).

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};
use crate::domain::{Calendar, Jurisdiction, Kind};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub require_approval: Vec<String>,
    pub erasure_wait_days: u32,
    pub verification_ttl_hours: u32,
    pub record_retention_months: u32,
    pub default_jurisdiction: String,
    /// ISO dates that are not working days.
    pub holidays: Vec<String>,
    /// A status link stops working this many days after its request closed.
    pub status_link_days_after_close: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Art15 {
    pub controller: String,
    pub purposes: Vec<String>,
    pub categories: Vec<String>,
    pub recipients: Vec<String>,
    pub retention: String,
    pub source: String,
    pub complaints: String,
    pub automated_decisions: String,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            require_approval: vec!["erasure".into()],
            erasure_wait_days: 0,
            verification_ttl_hours: 24,
            record_retention_months: 24,
            default_jurisdiction: "gdpr".into(),
            holidays: Vec::new(),
            status_link_days_after_close: 30,
        }
    }
}

impl Policy {
    pub fn jurisdiction(&self) -> Result<Jurisdiction, ConfigError> {
        self.default_jurisdiction
            .parse()
            .map_err(|e: crate::domain::deadline::DeadlineError| {
                invalid("policy.default_jurisdiction", e.to_string())
            })
    }

    pub fn calendar(&self) -> Result<Calendar, ConfigError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let days = self
            .holidays
            .iter()
            .map(|d| {
                time::Date::parse(d, format).map_err(|_| {
                    invalid("policy.holidays", format!("{d:?} is not a YYYY-MM-DD date"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Calendar::new(days))
    }

    pub fn needs_approval(&self, kind: Kind) -> bool {
        self.require_approval.iter().any(|k| k == kind.as_str())
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        for k in &self.require_approval {
            k.parse::<Kind>()
                .map_err(|e| invalid("policy.require_approval", e.to_string()))?;
        }
        self.jurisdiction()?;
        self.calendar()?;
        if self.verification_ttl_hours == 0 {
            return Err(invalid(
                "policy.verification_ttl_hours",
                "must be at least 1",
            ));
        }
        if !(1..=3650).contains(&self.status_link_days_after_close) {
            return Err(invalid(
                "policy.status_link_days_after_close",
                "must be between 1 and 3650",
            ));
        }
        Ok(())
    }
}
