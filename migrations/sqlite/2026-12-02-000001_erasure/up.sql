-- Erasure (DESIGN §3): runs, their per-store steps, legal holds, the ledger, rule schedules.

-- When a scheduled erasure (policy.erasure_wait_days) may start.
ALTER TABLE requests ADD COLUMN run_after TIMESTAMP;
CREATE INDEX requests_run_after ON requests (status, run_after);

-- One run of the erasure engine: for one request, a batch of a retention rule, or a replay.
-- `identifiers` holds the subjects' resolved identifiers only while the run is open (a crash
-- must not lose what was derived from rows already deleted); it is cleared when it closes.
CREATE TABLE erasures (
    id TEXT PRIMARY KEY,
    request_id TEXT UNIQUE REFERENCES requests (id) ON DELETE SET NULL,
    source TEXT NOT NULL,
    subjects INTEGER NOT NULL,
    identifiers TEXT,
    state TEXT NOT NULL,
    error TEXT,
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX erasures_state ON erasures (state, created_at);

-- One store of a run, in execution order: pending, done, waiting (a manual task) or failed.
CREATE TABLE erasure_steps (
    erasure_id TEXT NOT NULL REFERENCES erasures (id) ON DELETE CASCADE,
    store TEXT NOT NULL,
    position INTEGER NOT NULL,
    state TEXT NOT NULL,
    outcome TEXT,
    error TEXT,
    note TEXT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (erasure_id, store)
);

-- Records kept under a legal hold (GDPR Art. 17(3)), purged by the retention run after `until`.
CREATE TABLE holds (
    id TEXT PRIMARY KEY,
    erasure_id TEXT NOT NULL,
    request_id TEXT,
    store TEXT NOT NULL,
    object TEXT NOT NULL,
    row_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    held_from DATE,
    until DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    released_at TIMESTAMP,
    outcome TEXT
);
CREATE UNIQUE INDEX holds_row ON holds (store, object, row_key);
CREATE INDEX holds_due ON holds (released_at, until);
CREATE INDEX holds_request ON holds (request_id);

-- What every erasure did, with the subjects' identifiers only as keyed hashes (HMAC-SHA256):
-- enough to recognise a subject restored from a backup, not to name one.
CREATE TABLE erasure_ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    erasure_id TEXT NOT NULL,
    request_id TEXT,
    source TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    subjects INTEGER NOT NULL,
    identifiers TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX erasure_ledger_at ON erasure_ledger (at);

-- When each retention rule last ran (the worker runs them on their schedule).
CREATE TABLE retention_runs (
    rule TEXT PRIMARY KEY,
    last_run_at TIMESTAMP NOT NULL,
    report TEXT NOT NULL
);
