DROP INDEX requests_kind_id;
DROP INDEX requests_status_id;
DROP INDEX requests_email_id;
DROP INDEX requests_ticket_ref;
DROP TABLE api_idempotency;
DROP TABLE api_tokens;
