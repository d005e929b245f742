//! `POST /admin/requests/{id}/complete-step`: a manual store's answer. An erasure's form is
//! plain (`csrf`, `store`, `reason` = what the owner answered); an export's is
//! `multipart/form-data` and also carries the files the owner returned (`file`, any number,
//! after the text fields, so the CSRF token and the role are checked before a byte of a file
//! is read). Each file is encrypted with the archive key as it arrives (into an anonymous
//! temporary file): nothing the owner returned is written in the clear.

use std::fs::File;
use std::io::{Seek, Write};

use actix_multipart::Multipart;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, HttpResponse, dev, web};
use futures_util::StreamExt;
use serde::Deserialize;

use super::request::{gate, perform};
use super::{AdminError, Signed};
use crate::error::ServiceError;
use crate::export::manual::{Incoming, MAX_FILES};
use crate::service::desk::Staff;
use crate::service::manual_steps;
use crate::storage::crypto::{DecryptingReader, EncryptingWriter};
use crate::web::WebState;

const ACTION: &str = "complete-step";
/// Longest text field (the note is cut to 2,000 characters).
const MAX_TEXT: usize = 16 * 1024;
/// Text fields a form may carry (csrf, store, reason).
const MAX_TEXT_FIELDS: usize = 8;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepFields {
    csrf: String,
    store: String,
    /// What the owner answered.
    reason: String,
}

/// A file as it arrived, encrypted in an anonymous temporary file.
struct Spooled {
    name: String,
    file: File,
}

pub async fn complete_step(
    req: HttpRequest,
    state: web::Data<WebState>,
    Signed(staff): Signed,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let id = id.into_inner();
    if uuid::Uuid::parse_str(&id).is_err() {
        return Err(AdminError::NotFound);
    }
    let multipart = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (fields, spooled) = if multipart {
        let parts = Multipart::new(req.headers(), payload);
        read_multipart(&req, &state, &staff, &id, parts).await?
    } else {
        let mut payload: dev::Payload = payload.into_inner();
        let form = web::Form::<StepFields>::from_request(&req, &mut payload)
            .await
            .map_err(|e| AdminError::BadRequest(format!("The form did not arrive whole: {e}")))?
            .into_inner();
        gate(&req, &state, &staff, &form.csrf, &id, ACTION).await?;
        (form, Vec::new())
    };
    let key = state.portal.archive_key.clone();
    let rid = id.clone();
    perform(&state, &staff, &id, ACTION, move |p, actor| {
        let files = spooled
            .into_iter()
            .map(|s| {
                let content = DecryptingReader::new(s.file, &key)
                    .map_err(|e| ServiceError::Internal(format!("reading an upload: {e}")))?;
                Ok(Incoming {
                    name: s.name,
                    content: Box::new(content),
                })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        let note: String = fields.reason.trim().chars().take(2_000).collect();
        manual_steps::complete(p, &rid, fields.store.trim(), &note, files, actor)
    })
    .await
}

/// Reads the text fields, passes the [`gate`] at the first file (or at the end), then
/// spools each file, refusing the form past `admin.max_upload_mib` or [`MAX_FILES`].
async fn read_multipart(
    req: &HttpRequest,
    state: &WebState,
    staff: &Staff,
    id: &str,
    mut parts: Multipart,
) -> Result<(StepFields, Vec<Spooled>), AdminError> {
    let malformed = |e: actix_multipart::MultipartError| {
        AdminError::BadRequest(format!("The form did not arrive whole: {e}"))
    };
    let limit = u64::from(state.portal.config.admin.max_upload_mib) * 1024 * 1024;
    let mut fields = StepFields::default();
    let mut passed = false;
    let mut files = Vec::new();
    let mut total = 0u64;
    let mut text_fields = 0;
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(malformed)?;
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        if let Some(file_name) = file_name {
            if name != "file" {
                return Err(AdminError::BadRequest(format!(
                    "Unexpected file field {name:?}."
                )));
            }
            if !passed {
                gate(req, state, staff, &fields.csrf, id, ACTION).await?;
                passed = true;
            }
            let mut spool = Spool::start(&state.portal).await?;
            let mut size = 0u64;
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(malformed)?;
                size += chunk.len() as u64;
                total += chunk.len() as u64;
                if total > limit {
                    return Err(too_large(state));
                }
                spool.push(&chunk).await?;
            }
            // A file input left empty arrives as a nameless, empty part.
            if file_name.is_empty() && size == 0 {
                continue;
            }
            if files.len() == MAX_FILES {
                return Err(AdminError::BadRequest(format!(
                    "At most {MAX_FILES} files per step."
                )));
            }
            let file = spool.finish().await?;
            files.push(Spooled {
                name: file_name,
                file,
            });
            continue;
        }
        text_fields += 1;
        if text_fields > MAX_TEXT_FIELDS {
            return Err(AdminError::BadRequest("Too many fields.".into()));
        }
        let slot = match name.as_str() {
            "csrf" => &mut fields.csrf,
            "store" => &mut fields.store,
            "reason" => &mut fields.reason,
            other => {
                return Err(AdminError::BadRequest(format!(
                    "Unexpected field {other:?}."
                )));
            }
        };
        let bytes = match field.bytes(MAX_TEXT).await {
            Ok(Ok(b)) => b,
            Ok(Err(e)) => return Err(malformed(e)),
            Err(_) => {
                return Err(AdminError::BadRequest(format!(
                    "The field {name} is too long."
                )));
            }
        };
        total += bytes.len() as u64;
        if total > limit {
            return Err(too_large(state));
        }
        *slot = String::from_utf8(bytes.to_vec())
            .map_err(|_| AdminError::BadRequest(format!("The field {name} is not UTF-8 text.")))?;
    }
    if !passed {
        gate(req, state, staff, &fields.csrf, id, ACTION).await?;
    }
    Ok((fields, files))
}

fn too_large(state: &WebState) -> AdminError {
    AdminError::TooLarge(format!(
        "The files are larger than {} MiB together (admin.max_upload_mib).",
        state.portal.config.admin.max_upload_mib
    ))
}

/// Bytes of a file gathered before they are encrypted and written, off the event loop.
const SPOOL_BATCH: usize = 256 * 1024;

/// A file being encrypted into an anonymous temporary file; the writes run on the blocking
/// thread pool, a batch at a time.
struct Spool {
    /// None only while a batch is being written.
    out: Option<EncryptingWriter<File>>,
    buf: Vec<u8>,
}

impl Spool {
    async fn start(p: &crate::portal::Portal) -> Result<Self, AdminError> {
        let key = p.archive_key.clone();
        let out = web::block(move || EncryptingWriter::new(tempfile::tempfile()?, &key))
            .await?
            .map_err(spool_err)?;
        Ok(Self {
            out: Some(out),
            buf: Vec::with_capacity(SPOOL_BATCH),
        })
    }

    async fn push(&mut self, chunk: &[u8]) -> Result<(), AdminError> {
        self.buf.extend_from_slice(chunk);
        if self.buf.len() >= SPOOL_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), AdminError> {
        let batch = std::mem::take(&mut self.buf);
        // The writer moves to the blocking thread and back.
        let mut out = self.out.take().ok_or(AdminError::Internal)?;
        let out = web::block(move || out.write_all(&batch).map(|()| out))
            .await?
            .map_err(spool_err)?;
        self.out = Some(out);
        Ok(())
    }

    /// The encrypted file, rewound.
    async fn finish(mut self) -> Result<File, AdminError> {
        self.flush().await?;
        let out = self.out.take().ok_or(AdminError::Internal)?;
        web::block(move || {
            let mut file = out.finish()?;
            file.rewind()?;
            Ok(file)
        })
        .await?
        .map_err(spool_err)
    }
}

fn spool_err(e: std::io::Error) -> AdminError {
    tracing::error!(error = %e, "spooling an upload");
    AdminError::Internal
}
