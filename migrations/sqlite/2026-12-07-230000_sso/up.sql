-- Desk single sign-on (OpenID Connect, issue 15): one row per sign-in begun and not yet
-- finished. Only the hash of its `state` is kept; the PKCE verifier and the nonce derive from
-- the state under the portal's key, so nothing here lets anyone finish a sign-in. The
-- callback deletes the row it uses: a state works once, and for ten minutes.
CREATE TABLE sso_logins (
    state_hash TEXT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL
);
-- The person an account is bound to at its identity provider (`<issuer> <sub>`), set at the
-- account's first single sign-on: later sign-ins must be that person, whatever email the
-- provider asserts (a reassigned address does not inherit the account).
ALTER TABLE admins ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX admins_oidc_subject ON admins (oidc_subject);
-- Who decides the account's role: `operator` (the CLI) or `claim` (the provider's role claim,
-- from the sign-in that first named one on: a sign-in whose claim names no desk role is then
-- refused, so removing someone from the provider's groups removes their desk access).
ALTER TABLE admins ADD COLUMN role_from TEXT NOT NULL DEFAULT 'operator';
