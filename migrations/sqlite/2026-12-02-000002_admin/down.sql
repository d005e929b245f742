DROP INDEX requests_register_jurisdiction;
DROP INDEX requests_register_kind;
DROP INDEX requests_register_status;
DROP INDEX requests_register;
ALTER TABLE requests DROP COLUMN register_due;
DROP TABLE admin_digests;
DROP TABLE request_pauses;
DROP TABLE admin_sessions;
DROP TABLE admins;
