//! The `redis` connector: key patterns with `{identifier}` placeholders, found with SCAN
//! (never KEYS). Identifier values are glob-escaped, so one subject's pattern can never match
//! another subject's keys.

use std::collections::BTreeSet;
use std::time::Duration;

use base64::Engine;
use redis::{Connection, RedisResult, Value as RedisValue};
use serde_json::{Value, json};

use super::{ErrorKind, Identifiers, Located, Outcome, RecordSink, Store, StoreError};
use crate::datamap::{EMAIL, KeysDef, Problem, StoreDef, StoreType};

const TIMEOUT: Duration = Duration::from_secs(5);

pub struct RedisStore {
    name: String,
    client: redis::Client,
    keys: Vec<KeysDef>,
}

/// Escapes the glob metacharacters of Redis MATCH (`* ? [ ] \`) in a literal value.
pub fn glob_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An address as a MATCH pattern that ignores case: each letter a class of both its cases
/// (`[dD][aA]…`), the rest escaped, so `Session:Dave@Example.com` is found for
/// `dave@example.com`.
pub fn glob_any_case(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 4);
    for c in value.chars() {
        let (lower, upper) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
        if lower != upper {
            out.extend(['[', lower, upper, ']']);
        } else {
            out.push_str(&glob_escape(&c.to_string()));
        }
    }
    out
}

/// Every concrete MATCH pattern for a key pattern: each placeholder replaced by each of its
/// identifier's values (escaped; an address in any case), the glob parts of the pattern
/// kept. Values the keys list in `ignore` are left out.
pub fn expand(pattern: &str, ids: &Identifiers, ignore: &[String]) -> Vec<String> {
    let mut partial = vec![String::new()];
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start + 1..].find('}') else {
            break;
        };
        let literal = &rest[..start];
        let name = &rest[start + 1..start + 1 + len];
        let values: Vec<String> = ids
            .values(name)
            .into_iter()
            .filter(|v| !ignore.iter().any(|i| i == v))
            .map(|v| {
                if name == EMAIL {
                    glob_any_case(v)
                } else {
                    glob_escape(v)
                }
            })
            .collect();
        partial = partial
            .iter()
            .flat_map(|p| values.iter().map(move |v| format!("{p}{literal}{v}")))
            .collect();
        rest = &rest[start + len + 2..];
    }
    partial.into_iter().map(|p| format!("{p}{rest}")).collect()
}

fn text_or_base64(bytes: Vec<u8>) -> Value {
    match String::from_utf8(bytes) {
        Ok(s) => Value::String(s),
        Err(e) => {
            json!({ "base64": base64::engine::general_purpose::STANDARD.encode(e.into_bytes()) })
        }
    }
}

fn key_text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec())
        .unwrap_or_else(|_| base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// A score as a JSON number with Redis's own digits (`inf` stays a string).
fn score(s: &str) -> Value {
    serde_json::from_str::<Value>(s)
        .ok()
        .filter(Value::is_number)
        .unwrap_or_else(|| Value::String(s.to_owned()))
}

fn stream_entries(v: RedisValue) -> Value {
    let RedisValue::Array(entries) = v else {
        return Value::Array(Vec::new());
    };
    let mut out = Vec::new();
    for e in entries {
        let RedisValue::Array(mut parts) = e else {
            continue;
        };
        if parts.len() != 2 {
            continue;
        }
        let fields = parts.pop();
        let id = parts.pop();
        let id = match id {
            Some(RedisValue::BulkString(b)) => key_text(&b),
            _ => String::new(),
        };
        let mut obj = serde_json::Map::new();
        if let Some(RedisValue::Array(kv)) = fields {
            for pair in kv.chunks(2) {
                if let [RedisValue::BulkString(k), RedisValue::BulkString(v)] = pair {
                    obj.insert(key_text(k), text_or_base64(v.clone()));
                }
            }
        }
        out.push(json!({ "id": id, "fields": obj }));
    }
    Value::Array(out)
}

impl RedisStore {
    pub fn open(def: &StoreDef) -> Result<Self, StoreError> {
        let url = def
            .resolve_url()
            .map_err(|p| StoreError::new(&def.name, ErrorKind::Config(p.message)))?;
        let client = redis::Client::open(url).map_err(|e| {
            StoreError::new(&def.name, ErrorKind::Config(format!("bad Redis URL: {e}")))
        })?;
        Ok(Self {
            name: def.name.clone(),
            client,
            keys: def.keys.clone(),
        })
    }

    fn err(&self, e: redis::RedisError) -> StoreError {
        let kind = if e.is_timeout() {
            ErrorKind::Timeout(e.to_string())
        } else if e.is_connection_refusal() || e.is_io_error() {
            ErrorKind::Unreachable(e.to_string())
        } else {
            ErrorKind::Query(e.to_string())
        };
        StoreError::new(&self.name, kind)
    }

    fn conn(&self) -> Result<Connection, StoreError> {
        let con = self
            .client
            .get_connection_with_timeout(TIMEOUT)
            .map_err(|e| self.err(e))?;
        con.set_read_timeout(Some(TIMEOUT))
            .map_err(|e| self.err(e))?;
        con.set_write_timeout(Some(TIMEOUT))
            .map_err(|e| self.err(e))?;
        Ok(con)
    }

    /// The subject's keys, sorted.
    fn find(
        &self,
        con: &mut Connection,
        ids: &Identifiers,
    ) -> Result<BTreeSet<Vec<u8>>, StoreError> {
        let mut found = BTreeSet::new();
        for k in &self.keys {
            for pattern in expand(&k.pattern, ids, &k.ignore) {
                let mut cursor: u64 = 0;
                loop {
                    let (next, keys): (u64, Vec<Vec<u8>>) = redis::cmd("SCAN")
                        .arg(cursor)
                        .arg("MATCH")
                        .arg(&pattern)
                        .arg("COUNT")
                        .arg(1000)
                        .query(con)
                        .map_err(|e| self.err(e))?;
                    found.extend(keys);
                    if next == 0 {
                        break;
                    }
                    cursor = next;
                }
            }
        }
        Ok(found)
    }

    /// Reads a batch of keys in two pipelined round trips (types, then values and TTLs), so
    /// thousands of keys don't cost thousands of round trips.
    fn read_batch(&self, con: &mut Connection, keys: &[Vec<u8>]) -> RedisResult<Vec<Value>> {
        let mut types = redis::pipe();
        for key in keys {
            types.cmd("TYPE").arg(key);
        }
        let kinds: Vec<String> = types.query(con)?;
        let mut reads = redis::pipe();
        for (key, kind) in keys.iter().zip(&kinds) {
            match kind.as_str() {
                "string" => reads.cmd("GET").arg(key),
                "hash" => reads.cmd("HGETALL").arg(key),
                "list" => reads.cmd("LRANGE").arg(key).arg(0).arg(-1),
                "set" => reads.cmd("SMEMBERS").arg(key),
                "zset" => reads
                    .cmd("ZRANGE")
                    .arg(key)
                    .arg(0)
                    .arg(-1)
                    .arg("WITHSCORES"),
                "stream" => reads.cmd("XRANGE").arg(key).arg("-").arg("+"),
                _ => reads.cmd("EXISTS").arg(key),
            };
            reads.cmd("TTL").arg(key);
        }
        let raw: Vec<RedisValue> = reads.query(con)?;
        let mut out = Vec::with_capacity(keys.len());
        for ((key, kind), pair) in keys.iter().zip(&kinds).zip(raw.chunks(2)) {
            let [v, ttl] = pair else { continue };
            if kind == "none" {
                continue; // expired or deleted since SCAN
            }
            let value = decode(kind, v.clone())?;
            let ttl: i64 = redis::from_redis_value_ref(ttl)?;
            out.push(json!({
                "key": key_text(key),
                "type": kind,
                "ttl": if ttl >= 0 { Value::from(ttl) } else { Value::Null },
                "value": value,
            }));
        }
        Ok(out)
    }
}

/// One key's value as JSON, by its Redis type.
fn decode(kind: &str, v: RedisValue) -> RedisResult<Value> {
    Ok(match kind {
        "string" => text_or_base64(redis::from_redis_value(v)?),
        "hash" => {
            let pairs: Vec<(Vec<u8>, Vec<u8>)> = redis::from_redis_value(v)?;
            Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (key_text(&k), text_or_base64(v)))
                    .collect(),
            )
        }
        "list" => {
            let items: Vec<Vec<u8>> = redis::from_redis_value(v)?;
            Value::Array(items.into_iter().map(text_or_base64).collect())
        }
        "set" => {
            let mut items: Vec<Vec<u8>> = redis::from_redis_value(v)?;
            items.sort();
            Value::Array(items.into_iter().map(text_or_base64).collect())
        }
        "zset" => {
            let items: Vec<(Vec<u8>, String)> = redis::from_redis_value(v)?;
            Value::Array(
                items
                    .into_iter()
                    .map(|(m, s)| json!([text_or_base64(m), score(&s)]))
                    .collect(),
            )
        }
        "stream" => stream_entries(v),
        other => Value::String(format!("(unsupported type {other})")),
    })
}

impl Store for RedisStore {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> StoreType {
        StoreType::Redis
    }

    fn check(&self) -> Result<Vec<Problem>, StoreError> {
        let mut con = self.conn()?;
        let _: String = redis::cmd("PING")
            .query(&mut con)
            .map_err(|e| self.err(e))?;
        Ok(Vec::new())
    }

    fn locate(&self, ids: &Identifiers) -> Result<Vec<Located>, StoreError> {
        let mut con = self.conn()?;
        let keys = self.find(&mut con, ids)?;
        Ok(vec![Located {
            object: "keys".into(),
            rows: keys.len() as u64,
        }])
    }

    fn export(&self, ids: &Identifiers, sink: &mut dyn RecordSink) -> Result<(), StoreError> {
        let mut con = self.conn()?;
        let keys = self.find(&mut con, ids)?;
        let sink_err = |e: String| StoreError::new(&self.name, ErrorKind::Sink(e));
        sink.begin("keys").map_err(sink_err)?;
        let keys: Vec<Vec<u8>> = keys.into_iter().collect();
        for batch in keys.chunks(500) {
            for record in self.read_batch(&mut con, batch).map_err(|e| self.err(e))? {
                sink.record(&record.to_string()).map_err(sink_err)?;
            }
        }
        sink.end().map_err(sink_err)
    }

    fn erase(&self, ids: &Identifiers) -> Result<Vec<Outcome>, StoreError> {
        let mut con = self.conn()?;
        let keys: Vec<Vec<u8>> = self.find(&mut con, ids)?.into_iter().collect();
        let mut removed = 0u64;
        for batch in keys.chunks(500) {
            let n: u64 = redis::cmd("UNLINK")
                .arg(batch)
                .query(&mut con)
                .map_err(|e| self.err(e))?;
            removed += n;
        }
        Ok(vec![Outcome {
            object: "keys".into(),
            action: "delete",
            rows: removed,
            retained: Vec::new(),
        }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_characters_in_values_are_escaped() {
        assert_eq!(glob_escape(r"a*b?[c]\d"), r"a\*b\?\[c\]\\d");
        let mut ids = Identifiers::default();
        ids.insert("user_id", "1*".into());
        ids.insert("user_id", "2".into());
        ids.insert("org", "x".into());
        assert_eq!(
            expand("s:{user_id}:{org}:*", &ids, &[]),
            [r"s:1\*:x:*", "s:2:x:*"]
        );
        assert_eq!(
            expand("s:{user_id}:{org}:*", &ids, &["2".into()]),
            [r"s:1\*:x:*"]
        );
        assert!(expand("s:{missing}:*", &ids, &[]).is_empty());
        ids.insert(EMAIL, "Ad*@x.io".into());
        assert_eq!(
            expand("m:{email}", &ids, &[]),
            [r"m:[aA][dD]\*@[xX].[iI][oO]"]
        );
    }
}
