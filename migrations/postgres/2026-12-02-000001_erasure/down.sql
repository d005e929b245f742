DROP TABLE retention_runs;
DROP TABLE erasure_ledger;
DROP TABLE holds;
DROP TABLE erasure_steps;
DROP TABLE erasures;
DROP INDEX requests_run_after;
ALTER TABLE requests DROP COLUMN run_after;
