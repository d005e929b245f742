//! Archives at rest: AES-256-GCM in 64 KiB chunks (the STREAM construction, so chunks can't
//! be reordered, dropped or truncated unnoticed), written and read as streams. A copied file
//! is useless without the key, which lives in the environment, never in the database.
//!
//! File layout: `DSRX\x01`, a 7-byte random nonce prefix, then each chunk's ciphertext + tag.

use std::io::{self, Read, Write};
use std::path::Path;

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::stream::{DecryptorBE32, EncryptorBE32};
use aes_gcm::aead::{KeyInit, generic_array::GenericArray};

const MAGIC: &[u8; 5] = b"DSRX\x01";
const NONCE: usize = 7;
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;

/// The 256-bit archive key.
#[derive(Clone)]
pub struct ArchiveKey([u8; 32]);

impl std::fmt::Debug for ArchiveKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ArchiveKey(***)")
    }
}

impl ArchiveKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// 64 hex characters.
    pub fn from_hex(hex_key: &str) -> Result<Self, String> {
        let bytes = hex::decode(hex_key.trim())
            .map_err(|_| "the archive key must be 64 hex characters".to_owned())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the archive key must be 64 hex characters (32 bytes)".to_owned())?;
        Ok(Self(bytes))
    }

    /// From the environment variable `env`, else a development key kept in `file`.
    pub fn load(env: &str, file: &Path) -> Result<Self, String> {
        if let Ok(v) = std::env::var(env) {
            return Self::from_hex(&v).map_err(|e| format!("${env}: {e}"));
        }
        if let Ok(v) = std::fs::read_to_string(file) {
            return Self::from_hex(&v).map_err(|e| format!("{}: {e}", file.display()));
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        crate::config::write_private(file, &hex::encode(bytes))
            .map_err(|e| format!("{}: {e}", file.display()))?;
        tracing::warn!(
            "${env} is not set: generated a development archive key in {} (set ${env} in production)",
            file.display()
        );
        Ok(Self(bytes))
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(GenericArray::from_slice(&self.0))
    }
}

/// Encrypts everything written to it; call [`EncryptingWriter::finish`] at the end.
pub struct EncryptingWriter<W: Write> {
    inner: W,
    enc: Option<EncryptorBE32<Aes256Gcm>>,
    buf: Vec<u8>,
}

impl<W: Write> EncryptingWriter<W> {
    pub fn new(mut inner: W, key: &ArchiveKey) -> io::Result<Self> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce).map_err(io::Error::other)?;
        inner.write_all(MAGIC)?;
        inner.write_all(&nonce)?;
        Ok(Self {
            inner,
            enc: Some(EncryptorBE32::from_aead(
                key.cipher(),
                GenericArray::from_slice(&nonce),
            )),
            buf: Vec::with_capacity(CHUNK),
        })
    }

    fn seal_full_chunks(&mut self) -> io::Result<()> {
        while self.buf.len() > CHUNK {
            let rest = self.buf.split_off(CHUNK);
            let enc = self
                .enc
                .as_mut()
                .ok_or_else(|| io::Error::other("writer finished"))?;
            let sealed = enc
                .encrypt_next(self.buf.as_slice())
                .map_err(|_| io::Error::other("encryption failed"))?;
            self.inner.write_all(&sealed)?;
            self.buf = rest;
        }
        Ok(())
    }

    /// Seals the last chunk and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.seal_full_chunks()?;
        let enc = self
            .enc
            .take()
            .ok_or_else(|| io::Error::other("writer finished"))?;
        let sealed = enc
            .encrypt_last(self.buf.as_slice())
            .map_err(|_| io::Error::other("encryption failed"))?;
        self.inner.write_all(&sealed)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for EncryptingWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        self.seal_full_chunks()?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Decrypts a stream written by [`EncryptingWriter`]; a wrong key or a modified file is an
/// error, never garbage.
pub struct DecryptingReader<R: Read> {
    inner: R,
    dec: Option<DecryptorBE32<Aes256Gcm>>,
    out: Vec<u8>,
    pos: usize,
    lookahead: Option<u8>,
}

impl<R: Read> DecryptingReader<R> {
    pub fn new(mut inner: R, key: &ArchiveKey) -> io::Result<Self> {
        let mut head = [0u8; 5 + NONCE];
        inner.read_exact(&mut head)?;
        if &head[..5] != MAGIC {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "not a dsr-portal archive",
            ));
        }
        let nonce = GenericArray::clone_from_slice(&head[5..]);
        Ok(Self {
            inner,
            dec: Some(DecryptorBE32::from_aead(key.cipher(), &nonce)),
            out: Vec::new(),
            pos: 0,
            lookahead: None,
        })
    }

    fn fill(&mut self) -> io::Result<()> {
        let Some(dec) = self.dec.as_mut() else {
            return Ok(());
        };
        let mut chunk = Vec::with_capacity(CHUNK + TAG);
        if let Some(b) = self.lookahead.take() {
            chunk.push(b);
        }
        let mut limited = (&mut self.inner).take((CHUNK + TAG - chunk.len()) as u64);
        limited.read_to_end(&mut chunk)?;
        let mut one = [0u8; 1];
        let more = self.inner.read(&mut one)? == 1;
        let bad = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "archive does not decrypt (wrong key, or the file was modified)",
            )
        };
        if more {
            self.lookahead = Some(one[0]);
            self.out = dec.decrypt_next(chunk.as_slice()).map_err(|_| bad())?;
        } else {
            let dec = self.dec.take().ok_or_else(bad)?;
            self.out = dec.decrypt_last(chunk.as_slice()).map_err(|_| bad())?;
        }
        self.pos = 0;
        Ok(())
    }
}

impl<R: Read> Read for DecryptingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.dec.is_none() {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(len: usize) {
        let key = ArchiveKey::from_bytes([7; 32]);
        let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let mut w = EncryptingWriter::new(Vec::new(), &key).unwrap();
        for part in data.chunks(10_000) {
            w.write_all(part).unwrap();
        }
        let sealed = w.finish().unwrap();
        assert_eq!(
            sealed.len(),
            12 + len + TAG * (len / CHUNK + 1)
                - if len.is_multiple_of(CHUNK) && len > 0 {
                    TAG
                } else {
                    0
                }
        );
        let mut plain = Vec::new();
        DecryptingReader::new(sealed.as_slice(), &key)
            .unwrap()
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, data, "len {len}");
    }

    #[test]
    fn round_trips_at_chunk_boundaries() {
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17] {
            roundtrip(len);
        }
    }

    #[test]
    fn a_wrong_key_a_flipped_bit_or_a_truncation_fail_cleanly() {
        let key = ArchiveKey::from_bytes([7; 32]);
        let mut w = EncryptingWriter::new(Vec::new(), &key).unwrap();
        w.write_all(&vec![1u8; 2 * CHUNK + 5]).unwrap();
        let sealed = w.finish().unwrap();
        let read = |bytes: &[u8], key: &ArchiveKey| {
            let mut out = Vec::new();
            DecryptingReader::new(bytes, key).and_then(|mut r| r.read_to_end(&mut out))
        };
        assert!(read(&sealed, &ArchiveKey::from_bytes([8; 32])).is_err());
        let mut flipped = sealed.clone();
        flipped[100] ^= 1;
        assert!(read(&flipped, &key).is_err());
        assert!(read(&sealed[..sealed.len() - (CHUNK / 2)], &key).is_err());
        assert!(
            read(&sealed[..12 + CHUNK + TAG], &key).is_err(),
            "dropping the last chunks is detected"
        );
        assert!(read(b"PK\x03\x04 not ours", &key).is_err());
        assert!(read(&sealed, &key).is_ok());
    }
}
