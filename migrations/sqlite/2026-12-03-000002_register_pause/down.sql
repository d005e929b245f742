DROP INDEX requests_register_jurisdiction;
DROP INDEX requests_register_kind;
DROP INDEX requests_register_status;
DROP INDEX requests_register;
ALTER TABLE requests DROP COLUMN register_due;
ALTER TABLE requests DROP COLUMN paused_on;
ALTER TABLE requests ADD COLUMN register_due DATE GENERATED ALWAYS AS (
    COALESCE(
        CASE WHEN status IN ('verified', 'awaiting_approval', 'scheduled', 'processing', 'failed')
             THEN COALESCE(extended_due_on, due_on) END,
        '9999-12-31')
) VIRTUAL;
CREATE INDEX requests_register ON requests (register_due, id DESC);
CREATE INDEX requests_register_status ON requests (status, register_due, id DESC);
CREATE INDEX requests_register_kind ON requests (kind, register_due, id DESC);
CREATE INDEX requests_register_jurisdiction ON requests (jurisdiction, register_due, id DESC);
