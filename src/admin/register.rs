//! The register's query (`GET /admin` and `GET /admin/register.csv`): the filters as typed in
//! the URL, checked into a [`Filter`], and the badges a row gets.

use serde::Deserialize;
use time::Date;

use crate::domain::deadline::days_left;
use crate::domain::{EmailAddress, Jurisdiction, Kind, State, reference};

/// Days ahead that count as "due soon" (badge, digest).
pub const DUE_SOON_DAYS: i64 = 7;
/// The sort key of requests whose clock does not run (see the migration's `register_due`).
pub const NO_DUE: Date = time::macros::date!(9999 - 12 - 31);
/// The sort key of requests whose clock is stopped (a UK pause): after every running one.
pub const STOPPED: Date = time::macros::date!(9999 - 12 - 30);
/// The largest `due_within` accepted.
const MAX_DUE_WITHIN: u32 = 3660;
/// The deepest page accepted.
const MAX_PAGE: u32 = 100_000;

/// The query as it comes (every field optional text; an empty field is no filter).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RawQuery {
    pub status: String,
    pub kind: String,
    pub jurisdiction: String,
    pub overdue: String,
    pub due_within: String,
    /// Exact email address, or a short reference (`R-7A2F9C`).
    pub q: String,
    pub ticket: String,
    /// Received on or after (YYYY-MM-DD).
    pub from: String,
    /// Received on or before (YYYY-MM-DD).
    pub to: String,
    pub page: String,
    /// `1`: closed requests too (without it the register lists open ones only, unless the
    /// status filter names a closed state).
    pub closed: String,
    /// `all`: the register without any filter (the desk opens on the queue otherwise).
    pub view: String,
}

impl RawQuery {
    /// Whether the register is asked for (any filter, a page, or `view=all`); without any,
    /// `GET /admin` shows the "Needs you" queue.
    pub fn wants_register(&self) -> bool {
        self.view.trim() == "all"
            || [
                &self.status,
                &self.kind,
                &self.jurisdiction,
                &self.overdue,
                &self.due_within,
                &self.q,
                &self.ticket,
                &self.from,
                &self.to,
                &self.page,
                &self.closed,
            ]
            .iter()
            .any(|v| !v.trim().is_empty())
    }
}

/// The register's name for a state (the filter's option, the badge).
pub fn state_label(s: State) -> &'static str {
    match s {
        State::Unverified => "Not yet confirmed",
        State::Verified => "Confirmed",
        State::AwaitingApproval => "Awaiting approval",
        State::Scheduled => "Scheduled",
        State::Processing => "In progress",
        State::Completed => "Completed",
        State::Failed => "Failed",
        State::Expired => "Expired (never confirmed)",
        State::Cancelled => "Cancelled",
        State::Rejected => "Rejected",
    }
}

/// The register's name for a kind.
pub fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Access => "Access (copy of data)",
        Kind::Erasure => "Erasure",
        Kind::Rectification => "Rectification",
        Kind::Restriction => "Restriction",
        Kind::Objection => "Objection",
    }
}

/// The register's name for a jurisdiction.
pub fn jurisdiction_label(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::Gdpr => "EU GDPR",
        Jurisdiction::Uk => "UK GDPR",
        Jurisdiction::Ccpa => "California (CCPA)",
    }
}

/// Checked filters; every field set narrows the register (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: Option<State>,
    pub kind: Option<Kind>,
    pub jurisdiction: Option<Jurisdiction>,
    /// Only requests past their due date whose clock runs.
    pub overdue: bool,
    /// Only requests whose clock runs and that are due within this many days (overdue ones
    /// included).
    pub due_within: Option<u32>,
    pub email: Option<String>,
    /// A short reference's six digits ([`crate::domain::reference`]).
    pub reference: Option<String>,
    pub ticket_ref: Option<String>,
    pub received_from: Option<Date>,
    pub received_to: Option<Date>,
    /// Closed requests too (a status filter overrides it).
    pub closed: bool,
    /// 1-based.
    pub page: u32,
}

fn date(field: &str, value: &str) -> Result<Option<Date>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(value, format)
        .map(Some)
        .map_err(|_| format!("{field}: {value:?} is not a YYYY-MM-DD date"))
}

fn non_empty(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

impl Filter {
    /// Checks the typed query. Errors name the field.
    pub fn parse(raw: &RawQuery) -> Result<Self, String> {
        let status = non_empty(&raw.status)
            .map(str::parse::<State>)
            .transpose()
            .map_err(|e| e.to_string())?;
        let kind = non_empty(&raw.kind)
            .map(str::parse::<Kind>)
            .transpose()
            .map_err(|e| e.to_string())?;
        let jurisdiction = non_empty(&raw.jurisdiction)
            .map(str::parse::<Jurisdiction>)
            .transpose()
            .map_err(|e| e.to_string())?;
        let overdue = match raw.overdue.trim() {
            "" | "0" | "false" | "no" => false,
            "1" | "true" | "on" | "yes" => true,
            other => return Err(format!("overdue: {other:?} is not yes or no")),
        };
        let due_within = non_empty(&raw.due_within)
            .map(|s| {
                s.parse::<u32>()
                    .ok()
                    .filter(|n| *n <= MAX_DUE_WITHIN)
                    .ok_or_else(|| {
                        format!("due_within: {s:?} is not a number of days (0-{MAX_DUE_WITHIN})")
                    })
            })
            .transpose()?;
        let reference = non_empty(&raw.q).and_then(reference::parse);
        let email = match non_empty(&raw.q) {
            Some(q) if reference.is_none() => Some(
                EmailAddress::parse(q)
                    .map(|e| e.as_str().to_owned())
                    .map_err(|e| {
                        format!("q: {e} (search by exact address or by reference, like R-7A2F9C)")
                    })?,
            ),
            _ => None,
        };
        let closed = match raw.closed.trim() {
            "" | "0" => false,
            "1" | "on" => true,
            other => return Err(format!("closed: {other:?} is not 1 or 0")),
        };
        let ticket_ref = non_empty(&raw.ticket).map(|t| t.chars().take(200).collect());
        let received_from = date("from", raw.from.trim())?;
        let received_to = date("to", raw.to.trim())?;
        let page = match non_empty(&raw.page) {
            None => 1,
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_PAGE).contains(n))
                .ok_or_else(|| format!("page: {p:?} is not a page number"))?,
        };
        Ok(Self {
            status,
            kind,
            jurisdiction,
            overdue,
            due_within,
            email,
            reference,
            ticket_ref,
            received_from,
            received_to,
            closed,
            page,
        })
    }

    /// The query string of these filters (without `page`), for links and the CSV download.
    pub fn query_string(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if let Some(s) = self.status {
            parts.push(("status", s.as_str().into()));
        }
        if let Some(k) = self.kind {
            parts.push(("kind", k.as_str().into()));
        }
        if let Some(j) = self.jurisdiction {
            parts.push(("jurisdiction", j.as_str().into()));
        }
        if self.overdue {
            parts.push(("overdue", "1".into()));
        }
        if let Some(n) = self.due_within {
            parts.push(("due_within", n.to_string()));
        }
        if let Some(e) = &self.email {
            parts.push(("q", e.clone()));
        }
        if let Some(r) = &self.reference {
            parts.push(("q", format!("R-{r}")));
        }
        if let Some(t) = &self.ticket_ref {
            parts.push(("ticket", t.clone()));
        }
        if let Some(d) = self.received_from {
            parts.push(("from", d.to_string()));
        }
        if let Some(d) = self.received_to {
            parts.push(("to", d.to_string()));
        }
        if self.closed {
            parts.push(("closed", "1".into()));
        }
        if parts.is_empty() {
            parts.push(("view", "all".into()));
        }
        parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The filters as an audit detail (no email address: the log never holds one).
    pub fn audit_detail(&self) -> serde_json::Value {
        serde_json::json!({
            "status": self.status.map(State::as_str),
            "kind": self.kind.map(Kind::as_str),
            "jurisdiction": self.jurisdiction.map(Jurisdiction::as_str),
            "overdue": self.overdue,
            "due_within": self.due_within,
            "by_email": self.email.is_some(),
            "reference": self.reference,
            "closed": self.closed,
            "ticket_ref": self.ticket_ref,
            "from": self.received_from.map(|d| d.to_string()),
            "to": self.received_to.map(|d| d.to_string()),
        })
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How urgent a row looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Badge {
    Overdue,
    DueSoon,
    Stopped,
    None,
}

impl Badge {
    /// From the row's sort key (its due date while the clock runs, [`STOPPED`] while it is
    /// stopped, else [`NO_DUE`]).
    pub fn of(register_due: Date, today: Date) -> Self {
        if register_due == STOPPED {
            Badge::Stopped
        } else if register_due == NO_DUE {
            Badge::None
        } else if register_due < today {
            Badge::Overdue
        } else if days_left(register_due, today) <= DUE_SOON_DAYS {
            Badge::DueSoon
        } else {
            Badge::None
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Badge::Overdue => "overdue",
            Badge::DueSoon => "due soon",
            Badge::Stopped => "clock stopped",
            Badge::None => "",
        }
    }
}

/// Days left while the clock runs (negative when overdue).
pub fn days_left_of(register_due: Date, today: Date) -> Option<i64> {
    (register_due < STOPPED).then(|| days_left(register_due, today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn raw(pairs: &[(&str, &str)]) -> RawQuery {
        let mut r = RawQuery::default();
        for (k, v) in pairs {
            let v = (*v).to_owned();
            match *k {
                "status" => r.status = v,
                "kind" => r.kind = v,
                "jurisdiction" => r.jurisdiction = v,
                "overdue" => r.overdue = v,
                "due_within" => r.due_within = v,
                "q" => r.q = v,
                "ticket" => r.ticket = v,
                "from" => r.from = v,
                "to" => r.to = v,
                "page" => r.page = v,
                "closed" => r.closed = v,
                _ => unreachable!(),
            }
        }
        r
    }

    #[test]
    fn parses_and_round_trips() {
        let f = Filter::parse(&raw(&[
            ("status", "awaiting_approval"),
            ("kind", "erasure"),
            ("overdue", "on"),
            ("due_within", "7"),
            ("q", " Ana@Example.com "),
            ("ticket", "ZD 1"),
            ("from", "2026-01-01"),
            ("page", "3"),
        ]))
        .unwrap();
        assert_eq!(f.status, Some(State::AwaitingApproval));
        assert_eq!(f.email.as_deref(), Some("ana@example.com"));
        assert_eq!(f.page, 3);
        let q = f.query_string();
        assert_eq!(
            q,
            "status=awaiting_approval&kind=erasure&overdue=1&due_within=7&q=ana%40example.com&ticket=ZD%201&from=2026-01-01"
        );
        assert_eq!(Filter::parse(&RawQuery::default()).unwrap().page, 1);
        let by_ref = Filter::parse(&raw(&[("q", "r-7a2f9c"), ("closed", "1")])).unwrap();
        assert_eq!(by_ref.reference.as_deref(), Some("7A2F9C"));
        assert_eq!(by_ref.email, None);
        assert_eq!(by_ref.query_string(), "q=R-7A2F9C&closed=1");
        assert_eq!(Filter::default().query_string(), "view=all");
        assert!(!RawQuery::default().wants_register());
        assert!(raw(&[("page", "2")]).wants_register());
    }

    #[test]
    fn bad_values_name_their_field() {
        for (k, v) in [
            ("status", "done"),
            ("kind", "delete"),
            ("jurisdiction", "eu"),
            ("overdue", "maybe"),
            ("due_within", "-1"),
            ("q", "not-an-address"),
            ("from", "01/02/2026"),
            ("page", "0"),
            ("closed", "maybe"),
        ] {
            let e = Filter::parse(&raw(&[(k, v)])).unwrap_err();
            assert!(e.contains(k) || e.contains("unknown"), "{k}: {e}");
        }
    }

    #[test]
    fn badges() {
        let today = date!(2026 - 12 - 02);
        assert_eq!(Badge::of(date!(2026 - 12 - 01), today), Badge::Overdue);
        assert_eq!(Badge::of(today, today), Badge::DueSoon);
        assert_eq!(Badge::of(date!(2026 - 12 - 09), today), Badge::DueSoon);
        assert_eq!(Badge::of(date!(2026 - 12 - 10), today), Badge::None);
        assert_eq!(Badge::of(NO_DUE, today), Badge::None);
        assert_eq!(days_left_of(NO_DUE, today), None);
        assert_eq!(Badge::of(STOPPED, today), Badge::Stopped);
        assert_eq!(days_left_of(STOPPED, today), None);
        assert_eq!(days_left_of(date!(2026 - 11 - 30), today), Some(-2));
    }
}
