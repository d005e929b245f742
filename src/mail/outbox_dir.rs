//! The folder the `file` and `log` transports write `.eml` files into (`mail.outbox_dir`):
//! what to tell the operator at start, and the sweep that removes sent files after a while.
//! Each file holds a message's links, and each link acts for its subject (confirm a request,
//! follow it, download the archive), so they must not pile up.

use std::io;
use std::path::Path;
use std::time::SystemTime;

use crate::config::{Mail, MailTransport};

/// The warning a process that sends mail logs at start when messages, links included, go
/// to files or to the log; `None` for SMTP.
pub fn startup_warning(mail: &Mail) -> Option<String> {
    let dir = mail.outbox_dir.display();
    let hours = mail.outbox_keep_hours;
    match mail.transport {
        MailTransport::Smtp => None,
        MailTransport::Log => Some(format!(
            "mail.transport = \"log\": every email is written to this log and to {dir}/ (kept \
             {hours} h), with its links, and each link acts for its subject (confirms a request, \
             shows it, downloads the archive). For local use only: anyone who reads the log or \
             the folder can use them. Set mail.transport = \"smtp\" in production."
        )),
        MailTransport::File => Some(format!(
            "mail.transport = \"file\": every email is written to {dir}/ (kept {hours} h), with \
             its links, and each link acts for its subject. For local use only: set \
             mail.transport = \"smtp\" in production."
        )),
    }
}

/// Deletes the `.eml` files in `dir` last modified before `before` (mails long sent: the
/// outbox table has forgotten them, the files would keep their links forever). Other files
/// are left alone; a missing folder is nothing to do. Returns how many were deleted.
pub fn sweep(dir: &Path, before: SystemTime) -> io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        other => other?,
    };
    let mut deleted = 0;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        let meta = entry.metadata()?;
        if !meta.is_file() || meta.modified()? >= before {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => deleted += 1,
            // Another worker's sweep was first.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_log_and_file_transports_warn_and_smtp_does_not() {
        let mut mail = Mail::default();
        let w = startup_warning(&mail).expect("log is the default");
        assert!(
            w.contains("mail.transport = \"log\"") && w.contains("var/outbox"),
            "{w}"
        );
        assert!(w.contains("links"), "{w}");
        mail.transport = MailTransport::File;
        assert!(startup_warning(&mail).is_some());
        mail.transport = MailTransport::Smtp;
        assert_eq!(startup_warning(&mail), None);
    }

    #[test]
    fn old_eml_files_go_the_rest_stays() {
        let dir = tempfile::tempdir().unwrap();
        let now = SystemTime::now();
        let day = Duration::from_secs(24 * 3600);
        let file = |name: &str, age: Duration| {
            let path = dir.path().join(name);
            File::create(&path)
                .unwrap()
                .set_modified(now - age)
                .unwrap();
            path
        };
        let old = file("old.eml", day + Duration::from_secs(60));
        let fresh = file("fresh.eml", day - Duration::from_secs(60));
        let other = file("notes.txt", 10 * day);
        assert_eq!(sweep(dir.path(), now - day).unwrap(), 1);
        assert!(!old.exists() && fresh.exists() && other.exists());
        assert_eq!(sweep(&dir.path().join("missing"), now).unwrap(), 0);
    }
}
