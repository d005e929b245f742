-- Whose records a hold keeps (DESIGN §3, holds): the keyed hash of each subject's address
-- (HMAC-SHA256 under the ledger key, lower-case address) whose identifiers reached the held
-- row. A hold with no row here was recorded before holds were attributed (or by a run that
-- could not tell its subjects apart): an access answer lists it as a retention run's.
CREATE TABLE hold_subjects (
    hold_id TEXT NOT NULL REFERENCES holds (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    PRIMARY KEY (hold_id, subject)
);
CREATE INDEX hold_subjects_subject ON hold_subjects (subject);

-- Each subject's identifiers of an open run, so its holds can be attributed (a crash resumes
-- with them); cleared with `identifiers` when the run closes.
ALTER TABLE erasures ADD COLUMN subject_ids TEXT;
