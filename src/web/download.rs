//! `GET /download/{token}`: the archive, decrypted as it streams (`export::open_archive`),
//! with its length.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_ENCODING};
use actix_web::{HttpResponse, web};

use super::WebState;
use super::error::PageError;
use crate::service::exports::start_download;

pub async fn download(
    state: web::Data<WebState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let p = state.portal.clone();
    let (export, mut reader) = web::block(move || start_download(&p, &token)).await??;
    let stream = super::body::from_blocking("archive", move |w| {
        std::io::copy(&mut reader, w).map(|_| ())
    });
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
