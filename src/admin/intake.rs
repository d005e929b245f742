//! A request the DPO records on the desk because it came another way (ICO: a request by
//! phone, letter or email is valid): the channel it came by, the day it was received (the
//! clock runs from it), whether the subject still confirms by email or the DPO already
//! verified who they are (then with a reason, audited), and for a correction, restriction or
//! objection what the subject asked for (as the portal's form asks it).

use std::collections::BTreeMap;

use time::Date;

use crate::domain::rights::{Details, Ground, Scope};
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

/// The kinds the desk records: all of them.
pub const KINDS: [Kind; 5] = Kind::ALL;

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
    /// A restriction's reason (a [`Ground`]).
    pub ground: String,
    /// What an objection is against (a [`Scope`]).
    pub scope: String,
    /// The subject's own words: why a value is wrong, the grounds of an objection.
    pub words: String,
    /// Every other field: a correction's `change.<field>` values.
    #[serde(flatten)]
    pub rest: BTreeMap<String, String>,
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
    /// What a correction, restriction or objection asks (empty for access and erasure);
    /// the fields of a correction are checked against the data map by the service.
    pub details: Details,
}

fn text(s: &str, max: usize) -> Option<String> {
    Some(s.trim().chars().take(max).collect::<String>()).filter(|t| !t.is_empty())
}

impl IntakeForm {
    /// The corrected value typed for `field` (`change.<field>`).
    pub fn change(&self, field: &str) -> &str {
        self.rest
            .get(&format!("change.{field}"))
            .map_or("", String::as_str)
    }

    /// What the chosen kind asks, from its own fields only (the others are ignored).
    fn details(&self, kind: Kind) -> Result<Details, &'static str> {
        let mut d = Details::default();
        match kind {
            Kind::Access | Kind::Erasure => return Ok(d),
            Kind::Rectification => {
                d.changes = self
                    .rest
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix("change.")?, v.trim())))
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
                if d.changes.is_empty() {
                    return Err("Correction: give the corrected value of at least one field");
                }
            }
            Kind::Restriction => {
                let ground = self.ground.parse::<Ground>();
                d.ground = Some(ground.map_err(|_| "Restriction: pick the subject's reason")?);
            }
            Kind::Objection => {
                let scope = self.scope.parse::<Scope>();
                let scope = scope.map_err(|_| "Objection: pick what the subject objects to")?;
                if scope == Scope::Other && self.words.trim().is_empty() {
                    return Err(
                        "Objection: write down the subject's grounds relating to their situation",
                    );
                }
                d.scope = Some(scope);
            }
        }
        d.note = text(&self.words, 2_000);
        Ok(d)
    }

    /// Checks the form; the error says, in words, what to fix.
    pub fn check(&self, today: Date) -> Result<Intake, String> {
        let email = EmailAddress::parse(&self.email).map_err(|e| format!("Email address: {e}"))?;
        let kind = self
            .kind
            .parse::<Kind>()
            .ok()
            .filter(|k| KINDS.contains(k))
            .ok_or("Kind: pick what the subject asks for")?;
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
        let details = self.details(kind)?;
        Ok(Intake {
            email,
            kind,
            channel,
            received,
            note: text(&self.note, 2_000),
            verified,
            details,
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
                "ground" => f.ground = v,
                "scope" => f.scope = v,
                "words" => f.words = v,
                other => {
                    f.rest.insert(other.to_owned(), v);
                }
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
            ("kind", "complaint", "Kind"),
            ("kind", "rectification", "Correction"),
            ("kind", "restriction", "Restriction"),
            ("kind", "objection", "Objection"),
            ("channel", "pigeon", "Channel"),
            ("received", "2026-12-08", "future"),
            ("received", "01/12/2026", "YYYY-MM-DD"),
            ("identity", "verified", "how you verified"),
        ] {
            let e = form(&[(k, v)]).check(today).unwrap_err();
            assert!(e.contains(says), "{k}={v}: {e}");
        }
    }

    #[test]
    fn each_kind_takes_its_own_details_and_only_those() {
        let today = date!(2026 - 12 - 07);
        let all = [
            ("change.phone", "+44 20 7946 0000"),
            ("change.name", "  "),
            ("ground", "legal_claims"),
            ("scope", "other"),
            ("words", "I moved house"),
        ];
        let with = |kind: &str| {
            let mut pairs = all.to_vec();
            pairs.push(("kind", kind));
            form(&pairs).check(today).unwrap().details
        };
        let fix = with("rectification");
        assert_eq!(fix.changes.len(), 1, "a blank field is no change");
        assert_eq!(fix.changes["phone"], "+44 20 7946 0000");
        assert_eq!((fix.ground, fix.scope), (None, None));
        assert_eq!(fix.note.as_deref(), Some("I moved house"));
        let stop = with("restriction");
        assert_eq!(stop.ground, Some(Ground::LegalClaims));
        assert!(stop.changes.is_empty() && stop.scope.is_none());
        let object = with("objection");
        assert_eq!(object.scope, Some(Scope::Other));
        assert!(
            with("erasure").is_empty(),
            "access and erasure carry nothing"
        );
        let e = form(&[("kind", "objection"), ("scope", "other")])
            .check(today)
            .unwrap_err();
        assert!(e.contains("grounds"), "{e}");
        let ok = form(&[("kind", "objection"), ("scope", "direct_marketing")]).check(today);
        assert!(ok.is_ok(), "direct marketing needs no grounds");
    }
}
