// A real OpenID Connect provider on the loopback address, for the tests and the demo only.
//
// It runs panva's oidc-provider (an OpenID Certified implementation) with one confidential client,
// PKCE (S256) required, no consent screen and a plain sign-in page of its own. The accounts and
// their claims come from a JSON file, so a test decides exactly what the provider vouches for:
// `email_verified` true, false or absent, and Entra-shaped tokens (`tid`, `oid`,
// `preferred_username`, no `email`). It never calls another host.
//
//   node tools/oidc-provider.mjs --port 9000 --client-id upskill --client-secret s3cret \
//     --redirect-uri http://127.0.0.1:8000/accounts/oidc/loopback/login/callback/ \
//     --accounts tests/fixtures/oidc_accounts.json [--any-email]
//
// Every option also reads an environment variable (OIDC_LOOPBACK_PORT, OIDC_CLIENT_ID,
// OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS comma-separated, OIDC_LOOPBACK_ACCOUNTS). With
// --any-email, a sign-in name that is not in the accounts file but looks like an email address
// signs in as that address with `email_verified: true` (for trying the demo's staff records).
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: options } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.OIDC_LOOPBACK_PORT || '9000' },
    'client-id': { type: 'string', default: process.env.OIDC_CLIENT_ID || 'upskill-loopback' },
    'client-secret': { type: 'string', default: process.env.OIDC_CLIENT_SECRET || 'loopback-only-secret' },
    'redirect-uri': { type: 'string', multiple: true, default: (process.env.OIDC_REDIRECT_URIS || '').split(',').filter(Boolean) },
    accounts: { type: 'string', default: process.env.OIDC_LOOPBACK_ACCOUNTS || '' },
    'any-email': { type: 'boolean', default: false },
  },
});

if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
  throw new Error('The loopback provider only listens on a loopback address.');
}
if (options['redirect-uri'].length === 0) {
  throw new Error('Give at least one --redirect-uri (or OIDC_REDIRECT_URIS).');
}

const accounts = options.accounts ? JSON.parse(readFileSync(options.accounts, 'utf8')) : {};
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function accountClaims(login) {
  if (Object.hasOwn(accounts, login)) {
    return { sub: login, ...accounts[login] };
  }
  if (options['any-email'] && EMAIL.test(login)) {
    const email = login.toLowerCase();
    const sub = crypto.createHash('sha256').update(email).digest('hex').slice(0, 24);
    return { sub, email, email_verified: true, name: email.split('@')[0] };
  }
  return null;
}

const issuer = `http://${options.host}:${options.port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: options['client-id'],
      client_secret: options['client-secret'],
      redirect_uris: options['redirect-uri'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  pkce: { required: () => true },
  // Claims by scope; the Entra-shaped ones ride on `openid`, as Entra puts them in every ID token.
  claims: {
    openid: ['sub', 'tid', 'oid', 'idp', 'xms_edov'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  },
  // Put the scopes' claims in the ID token too, as Entra does, not only behind the userinfo endpoint.
  conformIdTokenClaims: false,
  cookies: { keys: ['loopback-provider-cookie-key-not-a-secret'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const claims = accountClaims(id);
    if (!claims) return undefined;
    return { accountId: id, claims: async () => claims };
  },
  // No consent screen: the single client is first-party, so grant what it asks for.
  async loadExistingGrant(ctx) {
    const clientId = ctx.oidc.client.clientId;
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    ctx.oidc.session.grantIdFor(clientId, grant.jti);
    return grant;
  },
});
provider.on('server_error', (ctx, error) => console.error('oidc-provider server error:', error));

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function signInPage(uid, error = '') {
  const names = Object.keys(accounts).map((name) => `<li><code>${escapeHtml(name)}</code></li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loopback identity provider: sign in</title></head>
<body>
<main>
<h1>Loopback identity provider</h1>
<p>A test provider running on this machine. Choose an account to sign in as.</p>
${error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}">
  <label for="login">Account</label>
  <input id="login" name="login" autocomplete="off" required>
  <button type="submit">Continue</button>
</form>
${names ? `<p>Accounts:</p><ul>${names}</ul>` : ''}
${options['any-email'] ? '<p>Or type any email address: it is sent as verified.</p>' : ''}
</main>
</body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function send(res, status, html) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, 'Wrong interaction.');
  if (req.method === 'GET') return send(res, 200, signInPage(uid));
  const login = (await readForm(req)).get('login')?.trim() || '';
  if (!accountClaims(login)) return send(res, 200, signInPage(uid, `No account called "${login}".`));
  return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
const server = http.createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url, issuer).pathname);
  if (!match) return handle(req, res);
  try {
    return await interaction(req, res, match[1]);
  } catch (error) {
    console.error(error);
    return send(res, 400, `Sign-in could not continue: ${escapeHtml(error.message)}`);
  }
});
server.listen(Number(options.port), options.host, () => {
  console.log(`Loopback OpenID Connect provider at ${issuer} (client ${options['client-id']})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
