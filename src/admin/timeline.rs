//! A request's timeline in sentences: each audit entry told as a person would say it
//! ("Approved by dpo@example.com", "Emailed the subject the download link"), its details
//! (everything the entry recorded, minus internal ids) kept for whoever opens them.

use serde_json::Value;

/// Who did it, in words.
pub fn who(actor: &str) -> String {
    match actor.split_once(':') {
        Some(("admin", email)) => email.to_owned(),
        Some(("cli", user)) => format!("{user} (command line)"),
        Some(("api", sub)) => format!("{sub} (support API)"),
        Some(("ip", ip)) => format!("a client at {ip}"),
        _ => match actor {
            "system" => "the portal".to_owned(),
            "subject" => "the subject".to_owned(),
            "retention" => "the retention engine".to_owned(),
            other => other.to_owned(),
        },
    }
}

fn text<'a>(d: &'a Value, key: &str) -> Option<&'a str> {
    d.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// What an email told, by its message name.
fn message(name: &str) -> Option<(&'static str, &'static str)> {
    // (to whom, what)
    Some(match name {
        "verify" => ("the subject", "the link to confirm their request"),
        "reminder" => ("the subject", "a reminder to confirm their request"),
        "confirmed" => ("the subject", "that their request is confirmed"),
        "existing" => ("the subject", "the link to their open request"),
        "rejected" => ("the subject", "the reason the request was declined"),
        "export_ready" => ("the subject", "the download link"),
        "export_failed" => ("the subject", "that the export is delayed"),
        "erasure_completed" => ("the subject", "that the erasure is done"),
        "extended" => ("the subject", "the extension and its reason"),
        "rights_completed" => ("the subject", "that the change is made"),
        "restriction_lifting" => ("the subject", "that the restriction will be lifted"),
        "manual_task" | "rights_task" => ("the partner", "the task"),
        _ => return None,
    })
}

/// The entry as one sentence.
pub fn sentence(event: &str, actor: &str, d: &Value) -> String {
    let by = who(actor);
    let store = text(d, "store").unwrap_or("a store");
    match event {
        "created" => match text(d, "channel") {
            Some(ch) => format!("Request received by {ch}, recorded by {by}."),
            None => format!("Request received from {by}."),
        },
        "recorded" => format!(
            "Recorded by {by}: received by {} on {}{}.",
            text(d, "channel")
                .unwrap_or("another channel")
                .replace('_', " "),
            text(d, "received_on").unwrap_or("the day given"),
            if d.get("identity_verified").and_then(Value::as_bool) == Some(true) {
                ", identity verified"
            } else {
                ""
            }
        ),
        "verify" => "The subject confirmed their email address.".into(),
        "verified_by_support" | "identity_verified" => {
            format!("{by} marked the subject's identity as verified.")
        }
        "await_approval" => "Waiting for approval.".into(),
        "approve" => format!("Approved by {by}."),
        "schedule" => "Scheduled: the erasure waits before it runs.".into(),
        "start" => match text(d, "action") {
            Some("start_now") => format!("Started early by {by}."),
            _ => "Work started.".into(),
        },
        "complete" => "Completed.".into(),
        "fail" => format!("Failed on {store}."),
        "retry" => format!("Retried by {by}."),
        "expire" => "Expired: the subject never confirmed.".into(),
        "cancel" => format!("Cancelled by {by}."),
        "reject" => format!("Rejected by {by}."),
        "extend" => match text(d, "extended_due") {
            Some(due) => format!("Deadline extended to {due} by {by}."),
            None => format!("Deadline extended by {by}."),
        },
        "pause" => format!("Clock stopped by {by}."),
        "resume" => format!("Clock restarted by {by}."),
        "lift" => format!("{by} lifted the restriction."),
        "restriction_lifted" => "The stores' restriction flags were reset.".into(),
        "email_sent" => match text(d, "message").and_then(message) {
            Some((to, what)) => format!("Emailed {to} {what}."),
            None => "Sent an email.".into(),
        },
        "manual_task_sent" => match text(d, "contact") {
            Some(c) => format!("Asked partner {store} ({c}) to act."),
            None => format!("Asked partner {store} to act."),
        },
        "manual_step_completed" => match text(d, "note") {
            Some(note) => format!("Partner {store} answered: {note}"),
            None => format!("Partner {store} answered (recorded by {by})."),
        },
        "partner_told" => format!("Told partner {store}."),
        "store_applied" => format!("Made the change in {store}."),
        "downloaded" => "The subject downloaded the archive.".into(),
        "archive_deleted" => "The archive was deleted: its time ran out.".into(),
        "link_resent" => "Sent the subject a fresh link.".into(),
        "reminded" => "Reminded the subject to confirm.".into(),
        "hold_ended" => format!(
            "A record kept in {store} was {} when its hold ended.",
            text(d, "outcome").unwrap_or("released")
        ),
        "plan_viewed" => format!("{by} looked at the erasure plan."),
        "assigned" => match text(d, "to") {
            Some(to) => format!("Assigned to {to} by {by}."),
            None => format!("Unassigned by {by}."),
        },
        "admin_action_refused" => format!(
            "{by} tried to {}; refused.",
            text(d, "action").unwrap_or("act")
        ),
        "admin_denied" => format!("{by} was refused."),
        "webhook_delivered" => "Told the webhook.".into(),
        "webhook_failed" => "The webhook could not be told.".into(),
        e if e.ends_with("_attempt_failed") => format!("An attempt on {store} failed; retrying."),
        other => {
            let mut s = other.replace('_', " ");
            if let Some(first) = s.get(..1) {
                s.replace_range(..1, &first.to_uppercase());
            }
            format!("{s} ({by}).")
        }
    }
}

/// The details worth showing on demand: every recorded field but internal ids, as
/// (name, value) pairs.
pub fn details(d: &Value) -> Vec<(String, String)> {
    match d {
        Value::Object(map) => map
            .iter()
            .filter(|(k, v)| {
                !v.is_null() && !matches!(k.as_str(), "outbox_id" | "erasure" | "hold")
            })
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.replace('_', " "), v)
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_read_as_sentences() {
        assert_eq!(
            sentence(
                "approve",
                "admin:dpo@example.com",
                &json!({"from": "awaiting_approval"})
            ),
            "Approved by dpo@example.com."
        );
        assert_eq!(
            sentence(
                "email_sent",
                "system",
                &json!({"message": "export_ready", "outbox_id": "x"})
            ),
            "Emailed the subject the download link."
        );
        assert_eq!(
            sentence(
                "manual_step_completed",
                "admin:dpo@example.com",
                &json!({"store": "newsletter", "note": "nothing held"})
            ),
            "Partner newsletter answered: nothing held"
        );
        assert_eq!(
            sentence("some_new_event", "system", &json!({})),
            "Some new event (the portal)."
        );
        assert_eq!(
            details(&json!({"outbox_id": "x", "message": "verify", "n": 2, "none": null})),
            vec![
                ("message".into(), "verify".into()),
                ("n".into(), "2".into())
            ]
        );
    }
}
