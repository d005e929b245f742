-- Desk single sign-on (OpenID Connect, issue 15): one row per sign-in begun and not yet
-- finished. Only the hash of its `state` is kept; the PKCE verifier and the nonce derive from
-- the state under the portal's key, so nothing here lets anyone finish a sign-in. The
-- callback deletes the row it uses: a state works once, and for ten minutes.
CREATE TABLE sso_logins (
    state_hash TEXT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL
);
