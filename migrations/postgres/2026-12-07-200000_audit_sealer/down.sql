-- Back to one chain appended under the head's lock. Entries not sealed yet are dropped
-- with the columns that could not hold them: seal first (`dsr-portal audit verify`).
CREATE TABLE audit_log_locked (
    seq BIGINT PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    request_id TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_log_locked (seq, at, actor, event, request_id, detail, prev_hash, hash)
    SELECT seq, at, actor, event, request_id, detail, prev_hash, hash FROM audit_log
    WHERE seq IS NOT NULL;
DROP TABLE audit_log;
ALTER TABLE audit_log_locked RENAME TO audit_log;
ALTER INDEX audit_log_locked_pkey RENAME TO audit_log_pkey;
CREATE INDEX audit_log_request ON audit_log (request_id, seq);
