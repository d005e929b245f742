ALTER TABLE erasures DROP COLUMN subject_ids;
DROP TABLE hold_subjects;
