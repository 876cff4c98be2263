/**
 * The authorization server (oidc-provider, docs/decisions/0001-oauth-authorization-server.md): authorization code with PKCE
 * S256 only, resource indicators binding every token to this server's /mcp, opaque access tokens kept
 * in the database (so a revoked app is refused at its next request, on every node), refresh tokens
 * rotated (a reused one revokes its grant), revocation, dynamic client registration and client ID
 * metadata documents. Its signing key and cookie keys are made once and kept in the database, shared by
 * every node.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../../db/database.js';
import { databaseAdapter } from './adapter.js';

export const OAUTH_SCOPES = ['read', 'sell', 'admin'] as const;
/** Where the authorization server's endpoints live, under the issuer. */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  end_session: '/oauth/logout',
  userinfo: '/oauth/userinfo',
  introspection: '/oauth/introspect',
  pushed_authorization_request: '/oauth/par',
} as const;
export const INTERACTION_PATH = '/oauth/interaction';

export interface OAuthOptions {
  /** the public URL, e.g. https://pos.example.com (the issuer); /mcp under it is the resource */
  publicUrl: string;
  /** behind a reverse proxy: read the scheme and host from X-Forwarded-* */
  trustProxy: boolean;
  /** seconds */
  accessTokenTtl?: number;
}

async function sharedSecret<T>(db: Db, key: string, make: () => T): Promise<T> {
  const existing = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (existing) return JSON.parse(existing.value) as T;
  // Two nodes starting at once: the first insert wins, both read it back.
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(make()) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.value) as T;
}

/** Addresses a metadata document may not be fetched from: this machine, private and reserved ranges. */
const SPECIAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 3],
] as const) SPECIAL.addSubnet(net, prefix, 'ipv4'); // prettier-ignore
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const)
  SPECIAL.addSubnet(net, prefix, 'ipv6');

export async function publicHost(url: string): Promise<boolean> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true }).catch(() => []);
  return (
    addresses.length > 0 &&
    addresses.every((a) => !SPECIAL.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'))
  );
}

export function resourceOf(publicUrl: string): string {
  return new URL('/mcp', publicUrl).href;
}

export async function createProvider(
  db: Db,
  options: OAuthOptions,
): Promise<{ provider: Provider; secret: string }> {
  const resource = resourceOf(options.publicUrl);
  const issuer = new URL(options.publicUrl).origin;
  const jwk = await sharedSecret(db, 'oauth.signing_key', () => ({
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  }));
  const cookieKeys = await sharedSecret(db, 'oauth.cookie_keys', () => [
    randomBytes(32).toString('base64url'),
  ]);

  const configuration: Configuration = {
    adapter: databaseAdapter(db),
    jwks: { keys: [jwk as never] },
    cookies: { keys: cookieKeys, long: { signed: true }, short: { signed: true } },
    routes: OAUTH_ROUTES,
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    pkce: { required: () => true },
    // read, sell and admin are the resource's (getResourceServerInfo); listed here too so that a client
    // may register with them and ask for them
    scopes: ['openid', 'offline_access', ...OAUTH_SCOPES],
    claims: { openid: ['sub'] },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    features: {
      devInteractions: { enabled: false },
      // not served: nothing of them is tested, so nothing of them is advertised
      dPoP: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      // the library drops a connection to a special-use address only once it is open: a document whose
      // host is, or resolves to, one is refused before any connection (no probing of internal ports)
      clientIdMetadataDocument: {
        enabled: true,
        ack: 'draft-02',
        allowFetch: (_ctx: unknown, id: string) => publicHost(id),
      } as never,
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContextWithOIDC, indicator: string) => {
          if (indicator !== resource)
            throw new errors.InvalidTarget(`this server issues tokens for ${resource} only`);
          return {
            scope: OAUTH_SCOPES.join(' '),
            audience: resource,
            accessTokenTTL: options.accessTokenTtl ?? 3600,
            accessTokenFormat: 'opaque',
          };
        },
      },
    },
    // a refresh token to every client that may use one (MCP clients rarely ask for offline_access)
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AuthorizationCode: 60,
      Interaction: 900,
      Session: 3600,
      Grant: 90 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
      IdToken: 3600,
      AccessToken: options.accessTokenTtl ?? 3600,
    },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      ctx.set('X-Frame-Options', 'DENY');
      ctx.set('Cache-Control', 'no-store');
      const text = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
      ctx.body = `<!doctype html><meta charset="utf-8"><title>Comptoir</title><h1>${text(out.error)}</h1><p>${text(out.error_description)}</p>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  // The routes pin X-Forwarded-Host and -Proto to the public URL on every request they hand over, so the
  // provider builds every URL and cookie from it, never from what a client sent (see routes.ts).
  provider.proxy = true;
  return { provider, secret: cookieKeys[0]! };
}
