DROP TABLE export_attachments;
DROP TABLE export_tasks;
