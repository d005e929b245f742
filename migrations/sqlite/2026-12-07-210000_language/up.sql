-- The subject's language (i18n.languages), kept with the request: its emails and archive
-- speak it. Requests from before this column speak English, as they did.
ALTER TABLE requests ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
