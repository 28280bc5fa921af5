// A real OAuth 2.0 / OpenID Connect provider (oidc-provider) on 127.0.0.1 for mpop's tests.
//
// oidc-provider does all of the protocol: discovery, the device authorization grant
// (RFC 8628), the authorization code grant with PKCE (RFC 7636) and loopback redirects
// (RFC 8252), refresh with rotation, introspection and revocation. This script only
// configures it and adds a few /test/ endpoints that play the user's part, so no human
// is needed:
//
//   POST /test/device   user_code=CODE [deny=1]  enter the code at the provider's /device
//                                                page, sign in and consent (or abort)
//   POST /test/browser  url=AUTHORIZATION_URL [deny=1]
//                                                open the URL, sign in and consent (or
//                                                cancel), then follow the redirect to the
//                                                client's loopback listener
//   POST /test/clock    advance=SECONDS          move the provider's clock forward
//
// The user agent behind them is a small cookie-keeping HTTP client that fills in the
// provider's own HTML forms (devInteractions: any login and password are accepted).
//
// Usage: node server.js --port-file FILE [--port N] [--tls-cert FILE --tls-key FILE]
//                       [--access-token-ttl SECONDS] [--device-code-ttl SECONDS]
//                       [--interval SECONDS]
// Once it listens it writes its port to FILE (atomically); it serves until killed.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

import { playUser } from './user_agent.js';

export const kClientId = 'mpop-test';
export const kTestUser = 'test-user';
// The mail server's own client: it only introspects tokens (RFC 7662), with HTTP Basic
// authentication, as Dovecot's oauth2 passdb does with credentials in its introspection_url.
export const kIntrospectionClient = { id: 'dovecot', secret: 'dovecot-secret' };

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'port-file': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'access-token-ttl': { type: 'string', default: '3600' },
    'device-code-ttl': { type: 'string', default: '600' },
    interval: { type: 'string', default: '5' },
  },
});

// The provider's clock: Date.now() shifted by what /test/clock added, so a test can let
// tokens expire "hours later" without waiting.
let clockOffsetMs = 0;
const realNow = Date.now;
Date.now = () => realNow() + clockOffsetMs;

function makeProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: kClientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: [
          'urn:ietf:params:oauth:grant-type:device_code',
          'authorization_code',
          'refresh_token',
        ],
        response_types: ['code'],
        // RFC 8252 section 7.3: for a native client any port on the loopback address matches.
        redirect_uris: ['http://127.0.0.1/'],
      },
      {
        client_id: kIntrospectionClient.id,
        client_secret: kIntrospectionClient.secret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    cookies: { keys: ['mpop-test-cookie-key'] },
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      introspection: {
        enabled: true,
        // Any client may introspect any token: the test's own checks use the public client.
        allowedPolicy: async () => true,
      },
      revocation: { enabled: true },
    },
    // Every grant of the test client gets a refresh token, rotated on each use.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@example.test` }),
    }),
    ttl: {
      AccessToken: Number(args['access-token-ttl']),
      DeviceCode: Number(args['device-code-ttl']),
      RefreshToken: 30 * 24 * 3600,
      Grant: 30 * 24 * 3600,
      Interaction: 3600,
      Session: 24 * 3600,
    },
    pkce: { required: () => true },
  });
  // oidc-provider's default polling interval for the device flow is 5 s; tests want less.
  provider.on('server_error', (_ctx, err) => console.error('server_error', err));
  return provider;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

function reply(res, status, object) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(object));
}

async function handleTest(req, res, issuer) {
  const path = new URL(req.url, issuer).pathname;
  if (req.method !== 'POST') return reply(res, 405, { error: 'POST only' });
  const form = await readForm(req);
  const deny = form.get('deny') === '1';
  if (path === '/test/device') {
    const start = new URL('/device', issuer);
    const result = await playUser(start, { issuer, deny, userCode: form.get('user_code') ?? '' });
    return reply(res, 200, result);
  }
  if (path === '/test/browser') {
    const result = await playUser(new URL(form.get('url') ?? '', issuer), { issuer, deny });
    return reply(res, 200, result);
  }
  if (path === '/test/clock') {
    clockOffsetMs += Number(form.get('advance') ?? '0') * 1000;
    return reply(res, 200, { offset: clockOffsetMs / 1000 });
  }
  return reply(res, 404, { error: `no test endpoint ${path}` });
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

async function main() {
  const tls = args['tls-cert'] !== undefined;
  let handler = null;
  const route = (req, res) => handler(req, res);
  const server = tls
    ? https.createServer(
      { cert: readFileSync(args['tls-cert']), key: readFileSync(args['tls-key']) },
      route,
    )
    : http.createServer(route);
  // Listen first so that port 0 works: the issuer URL needs the port the kernel picked.
  const port = await listen(server, Number(args.port));
  const issuer = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const provider = makeProvider(issuer);
  const providerCallback = provider.callback();
  const interval = Number(args.interval);
  handler = (req, res) => {
    if (req.url.startsWith('/test/')) {
      handleTest(req, res, issuer).catch((err) => reply(res, 500, { error: String(err) }));
      return;
    }
    providerCallback(req, res);
  };
  provider.use(async (ctx, next) => {
    await next();
    // RFC 8628 section 3.2: "interval" tells the client how long to wait between polls.
    if (ctx.path === '/device/auth' && ctx.status === 200 && ctx.body) {
      ctx.body = { ...ctx.body, interval };
    }
  });
  if (args['port-file']) {
    writeFileSync(`${args['port-file']}.tmp`, `${port}\n`);
    renameSync(`${args['port-file']}.tmp`, args['port-file']);
  }
  console.log(`oauth2 test server listening on ${issuer}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
