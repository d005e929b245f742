//! `GET /download/{token}`: the archive, decrypted as it streams, with its length.

use std::io::{BufReader, Read};

use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_ENCODING};
use actix_web::{HttpResponse, web};

use super::WebState;
use super::error::PageError;
use crate::service::exports::start_download;
use crate::storage::crypto::DecryptingReader;

pub async fn download(
    state: web::Data<WebState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let p = state.portal.clone();
    let (export, file) = web::block(move || start_download(&p, &token)).await??;
    let key = state.portal.archive_key.clone();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<web::Bytes, std::io::Error>>(4);
    actix_web::rt::task::spawn_blocking(move || {
        let mut reader = match DecryptingReader::new(BufReader::new(file), &key) {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        };
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if tx
                        .blocking_send(Ok(web::Bytes::copy_from_slice(&buf[..n])))
                        .is_err()
                    {
                        break; // the client went away
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "archive does not decrypt");
                    let _ = tx.blocking_send(Err(e));
                    break;
                }
            }
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let size = u64::try_from(export.size).unwrap_or(0);
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"dsr-export-{}.zip\"",
                export.request_id
            ),
        ))
        .insert_header((CONTENT_ENCODING, "identity"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .no_chunking(size)
        .streaming(stream))
}
