-- The audit log no longer serialises writers on the chain head. A business transaction
-- appends its entry unsealed (seq, prev_hash and hash NULL; id from a sequence; txid the
-- writing transaction's id); a sealer gives entries their place in the chain later, in
-- (txid, id) order, and only those whose transaction is older than every transaction still
-- open, so no committed entry can ever belong before one already sealed.
CREATE TABLE audit_log_sealed (
    id BIGSERIAL PRIMARY KEY,
    seq BIGINT,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    request_id TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT,
    hash TEXT,
    -- pg_current_xact_id() as a number (xid8 with its epoch, so it never wraps).
    txid BIGINT DEFAULT (pg_current_xact_id()::text::bigint)
);
INSERT INTO audit_log_sealed (id, seq, at, actor, event, request_id, detail, prev_hash, hash, txid)
    SELECT seq, seq, at, actor, event, request_id, detail, prev_hash, hash, NULL FROM audit_log;
SELECT setval('audit_log_sealed_id_seq', COALESCE((SELECT max(id) FROM audit_log_sealed), 0) + 1, false);
DROP TABLE audit_log;
ALTER TABLE audit_log_sealed RENAME TO audit_log;
ALTER SEQUENCE audit_log_sealed_id_seq RENAME TO audit_log_id_seq;
ALTER INDEX audit_log_sealed_pkey RENAME TO audit_log_pkey;
-- One place in the chain per entry: an entry can't be sealed twice, nor two at one place.
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_request ON audit_log (request_id, id);
-- What the sealer reads: the unsealed entries in chain order.
CREATE INDEX audit_log_unsealed ON audit_log (txid, id) WHERE seq IS NULL;
