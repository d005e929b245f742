DROP INDEX requests_assignee;
ALTER TABLE requests DROP COLUMN assignee;
ALTER TABLE requests DROP COLUMN channel;
ALTER TABLE requests DROP COLUMN rejection_ground;
DROP INDEX request_progress_state;
DROP INDEX requests_short_ref;
ALTER TABLE requests DROP COLUMN short_ref;
