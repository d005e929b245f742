-- A request whose clock is stopped (UK pause) is not overdue and not due soon while it stays
-- stopped: its due date moves when the clock restarts. `paused_on` mirrors the open pause so
-- the register's sort key can see it; such requests sort after every running one.
ALTER TABLE requests ADD COLUMN paused_on DATE;
UPDATE requests SET paused_on = p.paused_on
  FROM request_pauses p WHERE p.request_id = requests.id AND p.resumed_on IS NULL;

ALTER TABLE requests DROP COLUMN register_due;
ALTER TABLE requests ADD COLUMN register_due DATE GENERATED ALWAYS AS (
    CASE
        WHEN status NOT IN ('verified', 'awaiting_approval', 'scheduled', 'processing', 'failed')
            THEN DATE '9999-12-31'
        WHEN paused_on IS NOT NULL THEN DATE '9999-12-30'
        ELSE COALESCE(extended_due_on, due_on, DATE '9999-12-31')
    END
) STORED;
CREATE INDEX requests_register ON requests (register_due, id DESC);
CREATE INDEX requests_register_status ON requests (status, register_due, id DESC);
CREATE INDEX requests_register_kind ON requests (kind, register_due, id DESC);
CREATE INDEX requests_register_jurisdiction ON requests (jurisdiction, register_due, id DESC);
