//! Archives in an S3-compatible bucket (`export.storage = "s3"`), through `object_store`.
//!
//! The export writes through a blocking [`Write`]; this module buffers one part
//! (`export.s3.part_size`) and uploads it while the next one fills, so at most two parts are
//! in memory whatever the archive's size. An archive smaller than one part is one PUT; a
//! larger one is a multipart upload that only [`S3Upload::commit`] completes, and that is
//! aborted on failure: no partial object ever becomes visible. The upload's id is kept in a
//! small marker object (`<prefix>/.tmp-<request id>`) while it is open, so the next attempt
//! after a killed worker aborts the orphaned upload. Credentials come from the `AWS_*`
//! environment (keys, session token, web identity, container or instance credentials).

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path;
use object_store::{BackoffConfig, MultipartId, ObjectStoreExt, PutPayload, RetryConfig};
use tokio::runtime::{Handle, Runtime};
use tokio::task::JoinHandle;

use crate::config;

/// The bucket, with a small runtime of its own for `object_store`'s async client, so the
/// blocking export job and the download route use it the same way.
pub struct S3Storage {
    store: Arc<AmazonS3>,
    bucket: String,
    prefix: Option<String>,
    part_size: usize,
    rt: Option<Runtime>,
}

impl std::fmt::Debug for S3Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Storage")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("part_size", &self.part_size)
            .finish_non_exhaustive()
    }
}

impl Drop for S3Storage {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics inside async code: let it wind down alone.
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

fn io_err(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => {
            io::Error::new(io::ErrorKind::NotFound, "archive not found in the bucket")
        }
        e => io::Error::other(format!("object store: {e}")),
    }
}

impl S3Storage {
    /// Builds the client from `export.s3` and the `AWS_*` variables of `env`.
    pub fn new(
        cfg: &config::S3,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, String> {
        let mut b = AmazonS3Builder::new();
        for (k, v) in env {
            if k.starts_with("AWS_")
                && let Ok(key) = k.to_ascii_lowercase().parse::<AmazonS3ConfigKey>()
            {
                b = b.with_config(key, v);
            }
        }
        b = b.with_bucket_name(&cfg.bucket);
        if !cfg.region.is_empty() {
            b = b.with_region(&cfg.region);
        }
        if !cfg.endpoint.is_empty() {
            b = b
                .with_endpoint(&cfg.endpoint)
                .with_allow_http(cfg.endpoint.starts_with("http://"));
        }
        // A store that is down fails the attempt within a minute; the job queue retries it.
        b = b.with_retry(RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: 3,
            retry_timeout: Duration::from_secs(60),
        });
        let store = b.build().map_err(|e| format!("export.s3: {e}"))?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("dsr-s3")
            .enable_all()
            .build()
            .map_err(|e| format!("export.s3: starting the client: {e}"))?;
        let prefix = cfg.prefix.trim_matches('/');
        Ok(Self {
            store: Arc::new(store),
            bucket: cfg.bucket.clone(),
            prefix: (!prefix.is_empty()).then(|| prefix.to_owned()),
            part_size: cfg.part_size,
            rt: Some(rt),
        })
    }

    fn handle(&self) -> io::Result<Handle> {
        self.rt
            .as_ref()
            .map(|rt| rt.handle().clone())
            .ok_or_else(|| io::Error::other("the S3 client is shut down"))
    }

    /// The object key of `name` under the prefix.
    fn path(&self, name: &str) -> Path {
        match &self.prefix {
            Some(p) => Path::from(format!("{p}/{name}")),
            None => Path::from(name),
        }
    }

    /// Starts an upload of the object `name`, aborting one a killed attempt with the same
    /// `key` left open.
    pub fn begin(&self, key: &str, name: String) -> io::Result<S3Upload> {
        let rt = self.handle()?;
        self.abort_stale(key, &name)?;
        Ok(S3Upload {
            store: self.store.clone(),
            rt,
            path: self.path(&name),
            marker: self.marker(key),
            name,
            part_size: self.part_size,
            buf: Vec::new(),
            multipart: None,
            parts: Vec::new(),
            in_flight: None,
            done: false,
            failed: false,
        })
    }

    fn marker(&self, key: &str) -> Path {
        self.path(&format!(".tmp-{key}"))
    }

    /// Aborts the multipart upload of `name` that a killed attempt with this `key` left
    /// open (its marker names it), and removes the marker.
    pub fn abort_stale(&self, key: &str, name: &str) -> io::Result<()> {
        let rt = self.handle()?;
        let store = self.store.clone();
        let (m, p) = (self.marker(key), self.path(name));
        rt.block_on(async move {
            let stale = match store.get(&m).await {
                Ok(r) => r.bytes().await.map_err(io_err)?,
                Err(object_store::Error::NotFound { .. }) => return Ok(()),
                Err(e) => return Err(io_err(e)),
            };
            let id = String::from_utf8_lossy(&stale).into_owned();
            match store.abort_multipart(&p, &id).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => tracing::warn!(error = %e, "aborting a stale multipart upload"),
            }
            store.delete(&m).await.map_err(io_err)
        })
    }

    /// Streams a published archive.
    pub fn open(&self, name: &str) -> io::Result<S3Reader> {
        let rt = self.handle()?;
        let store = self.store.clone();
        let path = self.path(name);
        let got = rt
            .block_on(async move { store.get(&path).await })
            .map_err(io_err)?;
        Ok(S3Reader {
            rt,
            stream: got.into_stream(),
            current: Bytes::new(),
        })
    }

    pub fn delete(&self, name: &str) -> io::Result<()> {
        let store = self.store.clone();
        let path = self.path(name);
        match self
            .handle()?
            .block_on(async move { store.delete(&path).await })
        {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(io_err(e)),
        }
    }
}

/// An archive on its way into the bucket (see the module documentation).
pub struct S3Upload {
    store: Arc<AmazonS3>,
    rt: Handle,
    path: Path,
    marker: Path,
    name: String,
    part_size: usize,
    buf: Vec<u8>,
    multipart: Option<MultipartId>,
    parts: Vec<PartId>,
    in_flight: Option<JoinHandle<object_store::Result<PartId>>>,
    /// Committed or aborted.
    done: bool,
    /// A part failed: the upload takes no more data.
    failed: bool,
}

impl S3Upload {
    /// Waits for the part being uploaded, if any.
    fn settle(&mut self) -> io::Result<()> {
        if let Some(h) = self.in_flight.take() {
            let part = self
                .rt
                .block_on(h)
                .map_err(|e| io::Error::other(format!("part upload: {e}")))?
                .map_err(io_err)?;
            self.parts.push(part);
        }
        Ok(())
    }

    /// Sends the buffered part; the next one fills while it travels.
    fn send_part(&mut self) -> io::Result<()> {
        let id = match &self.multipart {
            Some(id) => id.clone(),
            None => {
                let (store, path, marker) =
                    (self.store.clone(), self.path.clone(), self.marker.clone());
                let id = self.rt.block_on(async move {
                    let id = store.create_multipart(&path).await?;
                    store
                        .put(&marker, PutPayload::from(id.clone().into_bytes()))
                        .await?;
                    Ok::<_, object_store::Error>(id)
                });
                let id = id.map_err(io_err)?;
                self.multipart = Some(id.clone());
                id
            }
        };
        self.settle()?;
        let data = std::mem::replace(&mut self.buf, Vec::with_capacity(self.part_size));
        let (store, path, index) = (self.store.clone(), self.path.clone(), self.parts.len());
        self.in_flight = Some(self.rt.spawn(async move {
            store
                .put_part(&path, &id, index, PutPayload::from(data))
                .await
        }));
        Ok(())
    }

    /// Publishes the archive under its name; returns the name.
    pub fn commit(&mut self) -> io::Result<String> {
        if self.done {
            return Err(io::Error::other("the upload is finished"));
        }
        let result = self.finish();
        if result.is_err() {
            self.abort();
        }
        self.done = true;
        result.map(|()| self.name.clone())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.failed {
            return Err(io::Error::other("a part of the upload failed"));
        }
        let Some(id) = self.multipart.clone() else {
            // Smaller than one part: a single PUT, atomic too.
            let (store, path) = (self.store.clone(), self.path.clone());
            let data = std::mem::take(&mut self.buf);
            return self
                .rt
                .block_on(async move { store.put(&path, PutPayload::from(data)).await })
                .map(|_| ())
                .map_err(io_err);
        };
        if !self.buf.is_empty() {
            self.send_part()?;
        }
        self.settle()?;
        let (store, path, marker) = (self.store.clone(), self.path.clone(), self.marker.clone());
        let parts = std::mem::take(&mut self.parts);
        self.rt
            .block_on(async move {
                store.complete_multipart(&path, &id, parts).await?;
                store.delete(&marker).await
            })
            .map_err(io_err)?;
        self.multipart = None;
        Ok(())
    }

    /// Throws the upload away (best effort: the next attempt retries what fails here).
    pub fn abort(&mut self) {
        if self.done {
            return;
        }
        self.done = true;
        self.buf = Vec::new();
        if let Some(h) = self.in_flight.take() {
            let _ = self.rt.block_on(h);
        }
        let Some(id) = self.multipart.take() else {
            return;
        };
        let (store, path, marker) = (self.store.clone(), self.path.clone(), self.marker.clone());
        let aborted = self.rt.block_on(async move {
            store.abort_multipart(&path, &id).await?;
            store.delete(&marker).await
        });
        if let Err(e) = aborted {
            tracing::warn!(error = %e, "aborting a multipart upload");
        }
    }
}

impl Write for S3Upload {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.failed {
            // The error was returned already and commit refuses a failed upload: swallow what
            // the zip writer's drop still flushes, rather than have it print a second error.
            return Ok(data.len());
        }
        if self.done {
            return Err(io::Error::other("the upload is finished"));
        }
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(self.part_size);
        }
        let n = data.len().min(self.part_size - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == self.part_size {
            self.send_part().inspect_err(|_| self.failed = true)?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A published archive, read as it arrives from the bucket.
pub struct S3Reader {
    rt: Handle,
    stream: BoxStream<'static, object_store::Result<Bytes>>,
    current: Bytes,
}

impl Read for S3Reader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.rt.block_on(self.stream.next()) {
                None => return Ok(0),
                Some(Ok(b)) => self.current = b,
                Some(Err(e)) => return Err(io_err(e)),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current = self.current.slice(n..);
        Ok(n)
    }
}
