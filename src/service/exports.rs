//! Handing the subject their archive.

use std::io::Read;

use serde_json::json;

use super::requests::live_token;
use super::{Gone, ServiceError};
use crate::db::exports::{self, ExportRow};
use crate::db::{audit, write_tx};
use crate::domain::token::Purpose;
use crate::portal::Portal;

/// Opens the archive behind a download link (a reader of the plain zip), counts and
/// audits the download.
pub fn start_download(
    p: &Portal,
    plain: &str,
) -> Result<(ExportRow, Box<dyn Read + Send>), ServiceError> {
    let mut conn = p.conn()?;
    let t = live_token(&mut conn, plain, Purpose::Download, p.now())?;
    let e = exports::get(&mut conn, &t.request_id)?.ok_or(ServiceError::NotFound("archive"))?;
    if e.deleted_at.is_some() || e.expires_at < p.now() {
        return Err(ServiceError::Gone(Gone::Expired));
    }
    let file = crate::export::open_archive(p, &e.location)
        .map_err(|err| ServiceError::Internal(format!("archive {}: {err}", e.location)))?;
    write_tx(&mut conn, |c| {
        exports::count_download(c, &e.request_id)?;
        audit::append(
            c,
            "subject",
            "downloaded",
            Some(&e.request_id),
            &json!({"download": e.downloads + 1}),
        )
    })?;
    Ok((e, file))
}
