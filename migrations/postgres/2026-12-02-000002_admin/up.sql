-- The DPO desk (issue 6): staff accounts (argon2id password + TOTP), their sessions (tokens
-- stored only as SHA-256 hashes), UK clock pauses, the daily digest marker, and the register's
-- sort key with the indexes that keep its pages fast at 100k requests.
CREATE TABLE admins (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- AES-256-GCM under a key derived from the portal's secret key: 'v1:' + base64.
    totp_secret TEXT NOT NULL,
    -- The last accepted TOTP time step: a code of this step or an earlier one is refused.
    totp_last_step BIGINT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

CREATE TABLE admin_sessions (
    token_hash TEXT PRIMARY KEY,
    admin_id TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
    -- 'password': the password was right, the TOTP code is pending; 'full': logged in.
    stage TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX admin_sessions_admin ON admin_sessions (admin_id);

-- UK GDPR: the clock stopped while the DPO waits for a clarification, [paused_on, resumed_on).
CREATE TABLE request_pauses (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    paused_on DATE NOT NULL,
    resumed_on DATE,
    reason TEXT NOT NULL
);
CREATE INDEX request_pauses_request ON request_pauses (request_id);

-- One row per day a DPO digest was scheduled, so several workers send it once.
CREATE TABLE admin_digests (
    day DATE PRIMARY KEY,
    created_at TIMESTAMP NOT NULL
);

-- The register's order: requests whose clock runs by their effective due date (so overdue
-- ones come first), then every other request (unverified, closed) newest first.
ALTER TABLE requests ADD COLUMN register_due DATE GENERATED ALWAYS AS (
    COALESCE(
        CASE WHEN status IN ('verified', 'awaiting_approval', 'scheduled', 'processing', 'failed')
             THEN COALESCE(extended_due_on, due_on) END,
        DATE '9999-12-31')
) STORED;
CREATE INDEX requests_register ON requests (register_due, id DESC);
CREATE INDEX requests_register_status ON requests (status, register_due, id DESC);
CREATE INDEX requests_register_kind ON requests (kind, register_due, id DESC);
CREATE INDEX requests_register_jurisdiction ON requests (jurisdiction, register_due, id DESC);
