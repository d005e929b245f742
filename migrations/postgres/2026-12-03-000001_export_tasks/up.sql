-- Manual stores in an export (DESIGN §3): the owner of a store with no API is emailed a task;
-- the export waits until a DPO records their answer, with the files they returned.

-- One task per (access request, manual store): waiting, then done with the owner's answer.
CREATE TABLE export_tasks (
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    store TEXT NOT NULL,
    state TEXT NOT NULL,
    note TEXT,
    sent_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    completed_by TEXT,
    PRIMARY KEY (request_id, store)
);

-- The files a DPO attached to a task: encrypted in the export storage until the archive is
-- built (then copied into it as <store>/<name>) and deleted once the request is closed.
-- A row is written before its upload starts and `recorded_at` set when the answer is
-- recorded, so an upload that never got recorded (a crash, a refusal) is found and removed.
CREATE TABLE export_attachments (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    store TEXT NOT NULL,
    name TEXT NOT NULL,
    location TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    recorded_at TIMESTAMP,
    deleted_at TIMESTAMP
);
CREATE INDEX export_attachments_request ON export_attachments (request_id, store);
CREATE INDEX export_attachments_live ON export_attachments (deleted_at, recorded_at);
