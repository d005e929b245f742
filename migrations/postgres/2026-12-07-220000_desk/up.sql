-- The desk as a work queue (issue 15). `short_ref`: the short reference staff read and say
-- (`R-` + the last six hex digits of the id, whose bits are random in a UUIDv7), derived
-- from the id so it needs no writing, indexed so the register finds a request by it.
-- Several requests may share one; the register lists each of them.
ALTER TABLE requests ADD COLUMN short_ref TEXT GENERATED ALWAYS AS (upper(substr(id, 31, 6))) STORED;
CREATE INDEX requests_short_ref ON requests (short_ref);
-- The queue's "waiting on a partner": progress rows of manual stores whose owner has not
-- answered yet.
CREATE INDEX request_progress_state ON request_progress (state, request_id);
-- The ground a rejection gave (`art12_5`, `art17_3_b`, …; NULL: the DPO's own words only),
-- for the report's "rejected by ground".
ALTER TABLE requests ADD COLUMN rejection_ground TEXT;
-- How the request reached the company (CCPA §7101): `web` (the portal's form), `api`, or
-- what the DPO recorded on the desk (`email`, `phone`, `letter`, `in_person`, `other`).
ALTER TABLE requests ADD COLUMN channel TEXT NOT NULL DEFAULT 'web';
-- The desk account a request is assigned to (its "Mine" queue, its digest entries).
ALTER TABLE requests ADD COLUMN assignee TEXT REFERENCES admins (id) ON DELETE SET NULL;
CREATE INDEX requests_assignee ON requests (assignee, register_due, id DESC);
