//! `[portal]`: who runs the portal, named on every page, email and archive README.

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct PortalInfo {
    /// The company's name ("Example Ltd"). Empty: pages say "we" and name no one, and
    /// `serve` warns at start.
    pub company: String,
    /// Where a person can write instead of using the portal: an email address or a web page.
    pub contact: String,
}

impl PortalInfo {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        for (key, value) in [
            ("portal.company", &self.company),
            ("portal.contact", &self.contact),
        ] {
            if value.chars().count() > 200 {
                return Err(invalid(key, "is longer than 200 characters"));
            }
            if value.chars().any(char::is_control) {
                return Err(invalid(key, "holds a control character (a line break?)"));
            }
        }
        Ok(())
    }

    /// What start-up should warn about: an empty name or contact.
    pub fn warnings(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.company.trim().is_empty() {
            out.push("portal.company is empty: pages, emails and archives name no company");
        }
        if self.contact.trim().is_empty() {
            out.push("portal.contact is empty: people are given no address to write to");
        }
        out
    }

    /// The contact as a link target: `mailto:` for an address, the URL as it is.
    pub fn contact_href(&self) -> Option<String> {
        let c = self.contact.trim();
        if c.is_empty() {
            None
        } else if c.contains('@') && !c.contains("://") {
            Some(format!("mailto:{c}"))
        } else {
            Some(c.to_owned())
        }
    }
}

/// `[portal]` as people are shown it, on pages, in emails and in README.html: trimmed, with
/// the contact as a link target (empty when there is none).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Brand {
    pub company: String,
    pub contact: String,
    pub contact_href: String,
}

impl Brand {
    pub fn of(info: &PortalInfo) -> Self {
        Self {
            company: info.company.trim().to_owned(),
            contact: info.contact.trim().to_owned(),
            contact_href: info.contact_href().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_becomes_a_link_and_line_breaks_are_refused() {
        let mut p = PortalInfo {
            company: "Example Ltd".into(),
            contact: "privacy@example.com".into(),
        };
        assert!(p.validate().is_ok());
        assert!(p.warnings().is_empty());
        assert_eq!(p.contact_href().unwrap(), "mailto:privacy@example.com");
        p.contact = "https://example.com/privacy".into();
        assert_eq!(p.contact_href().unwrap(), "https://example.com/privacy");
        p.company = "Evil\r\nBcc: x".into();
        assert!(p.validate().is_err());
        assert_eq!(PortalInfo::default().warnings().len(), 2);
    }
}
