DROP INDEX admins_oidc_subject;
ALTER TABLE admins DROP COLUMN role_from;
ALTER TABLE admins DROP COLUMN oidc_subject;
DROP TABLE sso_logins;
