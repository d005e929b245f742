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
            require_approval: vec!["erasure".into(), "rectification".into()],
            erasure_wait_days: 0,
            verification_ttl_hours: 24,
            record_retention_months: 24,
            default_jurisdiction: "gdpr".into(),
            holidays: Vec::new(),
            status_link_days_after_close: 30,
        }
    }
}

/// A value an operator has not filled in: empty, or a `...` / `…` left from an example.
fn placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.contains("...") || v.contains('…')
}

impl Art15 {
    /// The keys of `[art15]` every access archive needs that still hold their defaults or
    /// placeholders: `controller`, `purposes`, `complaints`.
    pub fn placeholders(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if placeholder(&self.controller) {
            out.push("controller");
        }
        if self.purposes.is_empty() || self.purposes.iter().any(|p| placeholder(p)) {
            out.push("purposes");
        }
        if placeholder(&self.complaints) {
            out.push("complaints");
        }
        out
    }

    /// The operator's warning (at `serve`, `worker` and `datamap check`) while
    /// [`Art15::placeholders`] finds any: every access archive would ship them.
    pub fn placeholder_warning(&self) -> Option<String> {
        let keys = self.placeholders();
        if keys.is_empty() {
            return None;
        }
        let named: Vec<String> = keys.iter().map(|k| format!("art15.{k}")).collect();
        Some(format!(
            "[art15] is not filled in ({} empty or a placeholder): the README.html of every \
             access archive would name the controller as \"the company that runs this portal\", \
             list no purposes and name no supervisory authority. Set them in the configuration \
             (docs/self-hosting/configuration.md, art15.*).",
            named.join(", ")
        ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn art15_defaults_and_placeholders_are_named_and_filled_values_are_quiet() {
        let mut a = Art15::default();
        assert_eq!(a.placeholders(), ["controller", "purposes", "complaints"]);
        let w = a.placeholder_warning().unwrap();
        assert!(
            w.contains("art15.controller, art15.purposes, art15.complaints"),
            "{w}"
        );
        a.controller = "Example GmbH, privacy@example.com".into();
        a.purposes = vec!["...".into()];
        a.complaints = "The supervisory authority of …".into();
        assert_eq!(a.placeholders(), ["purposes", "complaints"]);
        a.purposes = vec!["Running your account".into()];
        a.complaints = "Berliner Beauftragte für Datenschutz, www.datenschutz-berlin.de".into();
        assert_eq!(a.placeholders(), Vec::<&str>::new());
        assert_eq!(a.placeholder_warning(), None);
    }
}
