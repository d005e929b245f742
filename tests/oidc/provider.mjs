// A real OpenID Connect provider (the npm package oidc-provider) for the desk's single sign-on
// tests. tests/common/oidc.rs starts one per test:
//
//   PORT=… CLIENT='{"client_id":…,"client_secret":…,"redirect_uris":[…]}'
//   ACCOUNTS='{"alice@example.com":{"email":"alice@example.com","email_verified":true,"dsr_role":"dpo"}}'
//   node provider.mjs
//
// It prints `ready <issuer>` once it listens. There is no login form: the account is the
// `login_hint` of the authorization request, else DEFAULT_ACCOUNT (an unknown one is answered
// `access_denied`), and consent is granted for what was asked. Everything else (discovery, JWKS, PKCE, the code
// exchange, signing, `state` and `nonce`) is the provider's own.
//
// To prove the portal refuses a bad ID token, `GET /__test/tamper/<mode>` makes the token
// endpoint rewrite the ID token it returns from then on:
//   forged    - the same claims, signed by a key the provider never published (same `kid`)
//   unsigned  - the same claims with `alg: none`
//   wrong_aud - signed by the provider's real key, but issued to another client
//   expired   - signed by the provider's real key, expired an hour ago
//   nonce     - signed by the provider's real key, with another nonce
//   hs256     - HS256 with the client secret as the key (a shared-secret signature)
//   rotated   - signed by a new key, which the JWKS publishes from then on (a key rotation)
//   none      - back to honest tokens
// and `POST /__test/account/<id>` (a JSON body) replaces an account's claims, as a change
// at the provider would (a group removed, an address changed).

import http from 'node:http';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 0);
const client = JSON.parse(process.env.CLIENT);
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');
const issuer = `http://127.0.0.1:${port}`;

async function rsaKey(kid) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

const realJwk = await rsaKey('test-key-1');
const rogueJwk = await rsaKey('test-key-1');
const nextJwk = await rsaKey('test-key-2');
const publicPart = ({ d, p, q, dp, dq, qi, ...pub }) => pub;
let tamper = 'none';

const provider = new Provider(issuer, {
  clients: [
    {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...client,
    },
  ],
  jwks: { keys: [realJwk] },
  cookies: { keys: ['dsr-portal-test-provider'] },
  claims: {
    openid: ['sub', 'dsr_role'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // The desk reads the claims from the ID token, as most providers send them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    if (!accounts[sub]) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...accounts[sub] }) };
  },
});

async function resign(idToken) {
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  switch (tamper) {
    case 'forged':
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: rogueJwk.kid })
        .sign(await importJWK(rogueJwk, 'RS256'));
    case 'unsigned': {
      const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${part({ alg: 'none' })}.${part(claims)}.`;
    }
    case 'wrong_aud':
      return new SignJWT({ ...claims, aud: 'another-application' })
        .setProtectedHeader({ alg: 'RS256', kid: realJwk.kid })
        .sign(await importJWK(realJwk, 'RS256'));
    case 'nonce':
      return new SignJWT({ ...claims, nonce: 'another-sign-in' })
        .setProtectedHeader({ alg: 'RS256', kid: realJwk.kid })
        .sign(await importJWK(realJwk, 'RS256'));
    case 'rotated':
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: nextJwk.kid })
        .sign(await importJWK(nextJwk, 'RS256'));
    case 'hs256':
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(client.client_secret));
    case 'expired':
      return new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
        .setProtectedHeader({ alg: 'RS256', kid: realJwk.kid })
        .sign(await importJWK(realJwk, 'RS256'));
    default:
      return idToken;
  }
}

provider.use(async (ctx, next) => {
  const mode = ctx.path.match(/^\/__test\/tamper\/(\w+)$/);
  if (mode) {
    tamper = mode[1];
    ctx.body = { tamper };
    return;
  }
  const account = ctx.path.match(/^\/__test\/account\/(.+)$/);
  if (account && ctx.method === 'POST') {
    let body = '';
    for await (const chunk of ctx.req) body += chunk;
    accounts[decodeURIComponent(account[1])] = JSON.parse(body);
    ctx.body = { ok: true };
    return;
  }
  if (ctx.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const accountId = details.params.login_hint || process.env.DEFAULT_ACCOUNT;
    let result;
    if (!accountId || !accounts[accountId]) {
      result = { error: 'access_denied', error_description: 'no such account' };
    } else {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      result = { login: { accountId }, consent: { grantId: await grant.save() } };
    }
    ctx.redirect(
      await provider.interactionResult(ctx.req, ctx.res, result, {
        mergeWithLastSubmission: false,
      }),
    );
    return;
  }
  await next();
  if (ctx.path === '/jwks' && tamper === 'rotated') {
    ctx.body = { keys: [...ctx.body.keys, publicPart(nextJwk)] };
  }
  if (ctx.path === '/token' && ctx.body && ctx.body.id_token && tamper !== 'none') {
    ctx.body = { ...ctx.body, id_token: await resign(ctx.body.id_token) };
  }
});

const server = http.createServer(provider.callback());
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
