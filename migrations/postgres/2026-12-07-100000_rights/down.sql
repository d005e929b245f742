DROP INDEX requests_restrictions;
ALTER TABLE requests DROP COLUMN lift_reason;
ALTER TABLE requests DROP COLUMN lifted_at;
ALTER TABLE requests DROP COLUMN details;
