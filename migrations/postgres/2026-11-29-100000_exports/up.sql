-- One archive per access request: where it is (encrypted), how big the zip is, until when.
CREATE TABLE exports (
    request_id TEXT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
    location TEXT NOT NULL,
    size BIGINT NOT NULL,
    stores TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    downloads INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX exports_expiry ON exports (expires_at);

-- Per-store progress of the work on a request (export or erasure).
CREATE TABLE request_progress (
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    store TEXT NOT NULL,
    state TEXT NOT NULL,
    rows BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (request_id, store)
);
