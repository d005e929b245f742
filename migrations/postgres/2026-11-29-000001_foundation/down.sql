DROP TABLE outbox; DROP TABLE jobs; DROP TABLE audit_head; DROP TABLE audit_log; DROP TABLE tokens; DROP TABLE requests;
