//! A request the DPO records on the desk because it came another way (ICO: a request by
//! phone, letter or email is valid): the channel it came by, the day it was received (the
//! clock runs from it), and whether the subject still confirms by email or the DPO already
//! verified who they are (then with a reason, audited).

use time::Date;

use crate::domain::{EmailAddress, Kind};

/// The channels the desk records, with their names on the desk (`web` and `api` are the
/// portal's own).
pub const CHANNELS: [(&str, &str); 5] = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("in_person", "In person"),
    ("other", "Other"),
];

/// A channel's name on the desk (`web`: the portal's form, `api`: the support API).
pub fn channel_label(channel: &str) -> &'static str {
    match channel {
        "web" => "Portal form",
        "api" => "Support API",
        c => CHANNELS
            .iter()
            .find(|(v, _)| *v == c)
            .map_or("Other", |(_, l)| *l),
    }
}

/// The kinds the desk records (the others carry what only the subject's form asks for).
pub const KINDS: [Kind; 2] = [Kind::Access, Kind::Erasure];

/// The record form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct IntakeForm {
    pub csrf: String,
    pub email: String,
    pub kind: String,
    pub channel: String,
    pub received: String,
    pub note: String,
    /// `link` (the subject confirms by email) or `verified`.
    pub identity: String,
    pub reason: String,
}

/// A checked record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub email: EmailAddress,
    pub kind: Kind,
    pub channel: &'static str,
    pub received: Date,
    pub note: Option<String>,
    /// The reason the DPO gives for having verified the subject's identity already.
    pub verified: Option<String>,
}

fn text(s: &str, max: usize) -> Option<String> {
    Some(s.trim().chars().take(max).collect::<String>()).filter(|t| !t.is_empty())
}

impl IntakeForm {
    /// Checks the form; the error says, in words, what to fix.
    pub fn check(&self, today: Date) -> Result<Intake, String> {
        let email = EmailAddress::parse(&self.email).map_err(|e| format!("Email address: {e}"))?;
        let kind = self
            .kind
            .parse::<Kind>()
            .ok()
            .filter(|k| KINDS.contains(k))
            .ok_or("Kind: pick access or erasure")?;
        let channel = CHANNELS
            .iter()
            .find(|(c, _)| *c == self.channel.trim())
            .map(|(c, _)| *c)
            .ok_or("Channel: pick how the request came")?;
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let received = Date::parse(self.received.trim(), format)
            .map_err(|_| "Date received: give it as YYYY-MM-DD".to_owned())?;
        if received > today {
            return Err("Date received: it cannot be in the future".into());
        }
        if (today - received).whole_days() > 366 {
            return Err("Date received: more than a year ago; check the date".into());
        }
        let verified = match self.identity.as_str() {
            "link" | "" => None,
            "verified" => Some(text(&self.reason, 2_000).ok_or(
                "Identity: say how you verified who the subject is (it goes into the audit log)",
            )?),
            _ => return Err("Identity: pick one".into()),
        };
        Ok(Intake {
            email,
            kind,
            channel,
            received,
            note: text(&self.note, 2_000),
            verified,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form(pairs: &[(&str, &str)]) -> IntakeForm {
        let mut f = IntakeForm {
            email: "ana@example.com".into(),
            kind: "erasure".into(),
            channel: "phone".into(),
            received: "2026-12-01".into(),
            identity: "link".into(),
            ..IntakeForm::default()
        };
        for (k, v) in pairs {
            let v = (*v).to_owned();
            match *k {
                "email" => f.email = v,
                "kind" => f.kind = v,
                "channel" => f.channel = v,
                "received" => f.received = v,
                "identity" => f.identity = v,
                "reason" => f.reason = v,
                _ => unreachable!(),
            }
        }
        f
    }

    #[test]
    fn checks_each_field_in_words() {
        let today = date!(2026 - 12 - 07);
        let ok = form(&[]).check(today).unwrap();
        assert_eq!(
            (ok.channel, ok.received, ok.verified),
            ("phone", date!(2026 - 12 - 01), None)
        );
        let v = form(&[
            ("identity", "verified"),
            ("reason", "Called back on the account's number"),
        ])
        .check(today)
        .unwrap();
        assert_eq!(
            v.verified.as_deref(),
            Some("Called back on the account's number")
        );
        for (k, v, says) in [
            ("email", "nope", "Email address"),
            ("kind", "rectification", "Kind"),
            ("channel", "pigeon", "Channel"),
            ("received", "2026-12-08", "future"),
            ("received", "01/12/2026", "YYYY-MM-DD"),
            ("identity", "verified", "how you verified"),
        ] {
            let e = form(&[(k, v)]).check(today).unwrap_err();
            assert!(e.contains(says), "{k}={v}: {e}");
        }
    }
}
