-- The audit log no longer serialises writers on the chain head. A business transaction
-- appends its entry unsealed (seq, prev_hash and hash NULL); a sealer gives entries their
-- place in the chain later, in id order. SQLite has one writer at a time, so ids are
-- committed in order and txid (PostgreSQL's transaction id) stays NULL here.
CREATE TABLE audit_log_sealed (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seq BIGINT,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    request_id TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT,
    hash TEXT,
    txid BIGINT
);
INSERT INTO audit_log_sealed (id, seq, at, actor, event, request_id, detail, prev_hash, hash, txid)
    SELECT seq, seq, at, actor, event, request_id, detail, prev_hash, hash, NULL FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_sealed RENAME TO audit_log;
-- One place in the chain per entry: an entry can't be sealed twice, nor two at one place.
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_request ON audit_log (request_id, id);
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE seq IS NULL;
