-- The other rights (DESIGN §2a): what a rectification, restriction or objection carries
-- beyond its kind (JSON: corrected values, ground, scope, the subject's note), and when a
-- restriction in force was lifted, by whom and why (Art. 18(3)).
ALTER TABLE requests ADD COLUMN details TEXT;
ALTER TABLE requests ADD COLUMN lifted_at TIMESTAMP;
ALTER TABLE requests ADD COLUMN lift_reason TEXT;
CREATE INDEX requests_restrictions ON requests (kind, status, lifted_at);
