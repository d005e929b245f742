CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    email TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    ticket_ref TEXT,
    received_at TIMESTAMP NOT NULL,
    verify_by TIMESTAMP NOT NULL,
    verified_at TIMESTAMP,
    due_on DATE,
    extended_due_on DATE,
    extension_reason TEXT,
    reminder_sent_at TIMESTAMP,
    completed_at TIMESTAMP,
    closed_reason TEXT,
    updated_at TIMESTAMP NOT NULL
);
-- At most one open request per address and kind (DESIGN §2: a second one re-sends a link).
CREATE UNIQUE INDEX requests_one_open ON requests (email, kind)
    WHERE status NOT IN ('completed', 'expired', 'cancelled', 'rejected');
CREATE INDEX requests_email ON requests (email);
CREATE INDEX requests_status_due ON requests (status, due_on);
CREATE INDEX requests_received ON requests (received_at);

CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    used_at TIMESTAMP
);
CREATE INDEX tokens_request ON tokens (request_id);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    request_id TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_request ON audit_log (request_id, seq);

-- The head of the audit chain: one row, updated in the same transaction as every append.
-- Locking it serializes appends, and a truncated log no longer matches it.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at TIMESTAMP NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX jobs_claim ON jobs (status, run_at);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    request_id TEXT REFERENCES requests (id) ON DELETE SET NULL,
    message TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT,
    body_html TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_request ON outbox (request_id);
