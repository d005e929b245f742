-- Support API (issue 7): issued and revoked API tokens (by jti; the token itself is never
-- stored), idempotency keys of POST /api/v1/requests, and indexes for the API's filters and
-- keyset pagination (newest first, by id).
CREATE TABLE api_tokens (
    jti TEXT PRIMARY KEY,
    sub TEXT,
    scope TEXT,
    issued_at TIMESTAMP,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE TABLE api_idempotency (
    sub TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (sub, idem_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);

CREATE INDEX requests_ticket_ref ON requests (ticket_ref, id);
CREATE INDEX requests_email_id ON requests (email, id);
CREATE INDEX requests_status_id ON requests (status, id);
CREATE INDEX requests_kind_id ON requests (kind, id);
