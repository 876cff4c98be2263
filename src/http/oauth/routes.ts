/**
 * OAuth on the HTTP server, when COMPTOIR_PUBLIC_URL is set: the protected resource metadata of /mcp
 * (RFC 9728), the authorization server's endpoints (oidc-provider, under /oauth and /.well-known), the
 * login and consent pages, and the check of an access token on every /mcp request.
 */
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, Hono } from 'hono';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import { redirectUriProblem } from '../../domain/redirect-uri.js';
import {
  activeRole,
  authenticate as authenticateAccount,
  findAccount,
  ROLE_SCOPES,
  type Role,
} from '../../modules/accounts/accounts.service.js';
import type { Principal } from '../../modules/keys/keys.service.js';
import type { Scope } from '../../modules/shared/context.js';
import { databaseAdapter } from './adapter.js';
import type { LoginLimiter } from './login-limit.js';
import {
  consentPage,
  csrfToken,
  csrfValid,
  expiredPage,
  languageOf,
  loginPage,
  PAGE_HEADERS,
  type Lang,
} from './pages.js';
import { INTERACTION_PATH, OAUTH_ROUTES, OAUTH_SCOPES, resourceOf } from './provider.js';

export interface OAuthDeps {
  db: Db;
  provider: Provider;
  publicUrl: string;
  /** signs the pages' CSRF tokens */
  secret: string;
  limiter: LoginLimiter;
  registrations: (address: string) => Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  /** every OAuth request, per address */
  requests: (address: string) => Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  logger: Logger;
  clientAddress: (c: Context) => string;
}

/** What the challenge of a 401 adds when OAuth is on: where to find how to get a token. */
export function oauthChallenge(publicUrl: string): string {
  const metadata = new URL('/.well-known/oauth-protected-resource/mcp', publicUrl).href;
  return `resource_metadata="${metadata}", scope="${OAUTH_SCOPES.join(' ')}"`;
}

/** An account of one shop: the subject of a grant is "<account id>.<shop id>". */
const subject = (accountId: number, shopId: number) => `${accountId}.${shopId}`;
function parseSubject(sub: unknown): { accountId: number; shopId: number } | undefined {
  const m = typeof sub === 'string' ? /^(\d+)\.(\d+)$/.exec(sub) : null;
  return m ? { accountId: Number(m[1]), shopId: Number(m[2]) } : undefined;
}

/** The principal of a valid access token for this server's /mcp, or undefined. */
export async function authenticateAccessToken(
  deps: Pick<OAuthDeps, 'db' | 'provider' | 'publicUrl'>,
  token: string,
): Promise<Principal | undefined> {
  if (token.length > 512) return undefined;
  const at = await deps.provider.AccessToken.find(token);
  if (!at || at.isExpired || !at.clientId) return undefined;
  const resource = resourceOf(deps.publicUrl);
  const aud = (at as unknown as { aud?: string | string[] }).aud;
  if (!(aud === resource || (Array.isArray(aud) && aud.includes(resource)))) return undefined;
  const who = parseSubject(at.accountId);
  if (!who) return undefined;
  const role = await activeRole(deps.db, who.accountId, who.shopId);
  if (!role) return undefined;
  const scopes = String(at.scope ?? '')
    .split(' ')
    .filter((s): s is Scope => (ROLE_SCOPES[role] as readonly string[]).includes(s));
  const client = await deps.provider.Client.find(at.clientId);
  return {
    keyId: 0,
    shopId: who.shopId,
    scopes,
    name: client?.clientName ?? at.clientId,
    owner: `app:${at.grantId}`,
  };
}

/** The flow a page belongs to is over, or not this browser's. */
class Expired extends Error {
  constructor(readonly lang: Lang) {
    super('interaction expired');
  }
}

/** Control, bidi and zero-width characters out of a name a client gives itself. */
const clean = (text: string) =>
  // eslint-disable-next-line no-control-regex -- they are what is removed
  text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');

function semaphore(size: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((r) => waiting.push(r));
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

type AnyHono = Hono<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- mounted on the app's own env

export function mountOAuth(app: AnyHono, deps: OAuthDeps): void {
  const { provider, db } = deps;
  const resource = resourceOf(deps.publicUrl);
  const issuer = new URL(deps.publicUrl).origin;
  const metadata = {
    resource,
    authorization_servers: [issuer],
    scopes_supported: [...OAUTH_SCOPES],
    bearer_methods_supported: ['header'],
    resource_name: 'Comptoir',
  };
  app.get('/.well-known/oauth-protected-resource', (c) => c.json(metadata));
  app.get('/.well-known/oauth-protected-resource/mcp', (c) => c.json(metadata));

  // The authorization server itself: oidc-provider answers on the raw node request and response. Its
  // URLs (metadata, redirects) and cookies' Secure flag come from the public URL, whatever the client's
  // Host or X-Forwarded-* say: they are overwritten here, on every request it sees.
  const callback = provider.callback();
  const publicUrl = new URL(deps.publicUrl);
  const pin = (c: Context) => {
    const { incoming } = c.env as HttpBindings;
    incoming.headers['x-forwarded-host'] = publicUrl.host;
    incoming.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
    delete incoming.headers['x-forwarded-port'];
    delete incoming.headers.forwarded;
    return c.env as HttpBindings;
  };
  const handOver = async (c: Context) => {
    const { incoming, outgoing } = pin(c);
    outgoing.setHeader('X-Request-Id', String(c.get('requestId') ?? ''));
    await callback(incoming, outgoing);
    return RESPONSE_ALREADY_SENT;
  };
  // Every OAuth request spends the address's budget (an authorization request writes a row)
  const limited = async (c: Context) => {
    const spent = await deps.requests(deps.clientAddress(c));
    return spent.ok
      ? undefined
      : c.json(
          {
            error: 'too_many_requests',
            error_description: `Too many requests from this address; retry in ${spent.retryAfterSeconds} s.`,
          },
          429,
          { 'Retry-After': String(spent.retryAfterSeconds) },
        );
  };
  app.use('/oauth/*', async (c, next) => (await limited(c)) ?? next());
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])
    app.get(path, handOver);
  app.all('/oauth/*', async (c, next) => {
    if (c.req.path.startsWith(`${INTERACTION_PATH}/`)) return next();
    if (c.req.path === OAUTH_ROUTES.registration && c.req.method === 'POST') {
      const spent = await deps.registrations(deps.clientAddress(c));
      if (!spent.ok)
        return c.json(
          {
            error: 'too_many_requests',
            error_description: `Too many client registrations from this address; retry in ${spent.retryAfterSeconds} s.`,
          },
          429,
          { 'Retry-After': String(spent.retryAfterSeconds) },
        );
      // OAuth 2.1: a redirect URI is https, or http on this machine (a native app's loopback); read
      // here, then handed to the provider as the parsed body
      if (Number(c.req.header('content-length') ?? '0') > 64 * 1024)
        return c.json(
          { error: 'invalid_client_metadata', error_description: 'the registration is over 64 KB' },
          413,
        );
      const body = (await c.req.json().catch(() => undefined)) as { redirect_uris?: unknown } | undefined;
      if (!body || typeof body !== 'object')
        return c.json(
          { error: 'invalid_client_metadata', error_description: 'the registration must be a JSON object' },
          400,
        );
      const uris: unknown[] = Array.isArray(body.redirect_uris) ? body.redirect_uris : [];
      const bad = uris.find((u) => typeof u !== 'string' || redirectUriProblem(u) !== undefined);
      if (bad !== undefined || uris.length > 10)
        return c.json(
          {
            error: 'invalid_redirect_uri',
            error_description:
              uris.length > 10
                ? 'at most 10 redirect URIs'
                : `${String(bad).slice(0, 100)}: a redirect URI must be https://, or http:// on 127.0.0.1, [::1] or localhost, without a #fragment`,
          },
          400,
        );
      (pin(c).incoming as unknown as { body: unknown }).body = body;
    }
    return handOver(c);
  });

  const steps = new (databaseAdapter(db))('LoginStep');
  const page = (html: string, status = 200) => new Response(html, { status, headers: PAGE_HEADERS });

  async function interaction(c: Context) {
    const { incoming, outgoing } = pin(c);
    const lang = languageOf(c.req.header('accept-language'));
    const details = await provider.interactionDetails(incoming, outgoing).catch(() => undefined);
    // a page left open, Back after approving, a link from elsewhere: the flow is over or not this browser's
    if (!details || details.uid !== c.req.param('uid')) throw new Expired(lang);
    const clientId = String(details.params.client_id);
    const client = await provider.Client.find(clientId);
    // a name is only what the client says of itself: a metadata document's host is shown beside it
    const named = clean(client?.clientName ?? clientId).slice(0, 100);
    const clientName = /^https:\/\//.test(clientId) ? `${named} (${new URL(clientId).host})` : named;
    return { details, clientName, lang, uid: details.uid };
  }
  const guard =
    (handler: (c: Context) => Promise<Response>) =>
    async (c: Context): Promise<Response> => {
      try {
        return await handler(c);
      } catch (error) {
        if (!(error instanceof Expired)) throw error;
        return page(expiredPage(error.lang), 400);
      }
    };
  // at most a few password checks at once on a node (each takes 32 MiB and a few tens of ms)
  const checking = semaphore(4);

  async function consentFor(c: Context, accountId: number, i: Awaited<ReturnType<typeof interaction>>) {
    const account = await findAccount(db, String(accountId));
    const requested = resourceScopes(i);
    return page(
      consentPage({
        lang: i.lang,
        action: `${INTERACTION_PATH}/${i.uid}/consent`,
        csrf: csrfToken(deps.secret, i.uid, 'consent'),
        clientName: i.clientName,
        redirectUri: String(i.details.params.redirect_uri ?? ''),
        email: account.email,
        shops: account.shops.map((m) => ({ id: m.shopId, name: m.shopName, scopes: ROLE_SCOPES[m.role] })),
        scopes: requested,
      }),
    );
  }

  const tooBig = (c: Context) => Number(c.req.header('content-length') ?? '0') > 16 * 1024;

  /**
   * Who is approving: the password typed in this very flow. A browser's earlier login is never enough
   * to give an app access (a password reset, a borrowed laptop): every approval asks for the password.
   */
  async function approver(i: Awaited<ReturnType<typeof interaction>>): Promise<number | undefined> {
    const step = Number((await steps.find(i.uid))?.accountId);
    return step > 0 ? step : undefined;
  }

  /** the rights on the shop the client asked for (read, sell, admin) */
  const resourceScopes = (i: Awaited<ReturnType<typeof interaction>>) =>
    String(i.details.params.scope ?? '')
      .split(' ')
      .filter((s) => (OAUTH_SCOPES as readonly string[]).includes(s));

  app.get(
    `${INTERACTION_PATH}/:uid`,
    guard(async (c) => {
      const i = await interaction(c);
      if (resourceScopes(i).length === 0) {
        // nothing to consent to: a token without read, sell or admin could do nothing
        const { incoming, outgoing } = pin(c);
        const url = await provider.interactionResult(incoming, outgoing, {
          error: 'invalid_scope',
          error_description: `ask for one or more of the scopes ${OAUTH_SCOPES.join(', ')}`,
        });
        return c.redirect(url, 303);
      }
      const step = await approver(i);
      if (step) return consentFor(c, step, i);
      return page(
        loginPage({
          lang: i.lang,
          action: `${INTERACTION_PATH}/${i.uid}/login`,
          csrf: csrfToken(deps.secret, i.uid, 'login'),
          clientName: i.clientName,
        }),
      );
    }),
  );

  app.post(
    `${INTERACTION_PATH}/:uid/login`,
    guard(async (c) => {
      if (tooBig(c)) return c.text('Request too large', 413);
      const i = await interaction(c);
      const form = await c.req.parseBody();
      if (!csrfValid(deps.secret, i.uid, 'login', form.csrf))
        return c.text('Forbidden: the form has expired; start again from the app.', 403);
      const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
      const password = typeof form.password === 'string' ? form.password : '';
      const address = deps.clientAddress(c);
      const again = (error: 'wrong' | 'slow', status: number) =>
        page(
          loginPage({
            lang: i.lang,
            action: `${INTERACTION_PATH}/${i.uid}/login`,
            csrf: csrfToken(deps.secret, i.uid, 'login'),
            clientName: i.clientName,
            email,
            error,
          }),
          status,
        );
      const allowed = await deps.limiter.before(email, address);
      if (!allowed.ok) return again('slow', 429);
      const account = await checking(() => authenticateAccount(db, email, password));
      if (!account) {
        await deps.limiter.failed(email);
        ((c.get('log') as Logger | undefined) ?? deps.logger).warn(
          { address, client: i.clientName },
          'oauth login failed',
        );
        return again('wrong', 401);
      }
      await deps.limiter.succeeded(email, address);
      await steps.upsert(i.uid, { accountId: String(account.id) }, 900);
      ((c.get('log') as Logger | undefined) ?? deps.logger).info(
        { account: account.id, client: i.clientName },
        'oauth login',
      );
      return c.redirect(`${INTERACTION_PATH}/${i.uid}`, 303);
    }),
  );

  app.post(
    `${INTERACTION_PATH}/:uid/consent`,
    guard(async (c) => {
      if (tooBig(c)) return c.text('Request too large', 413);
      const i = await interaction(c);
      const form = await c.req.parseBody({ all: true });
      if (!csrfValid(deps.secret, i.uid, 'consent', form.csrf))
        return c.text('Forbidden: the form has expired; start again from the app.', 403);
      const accountId = await approver(i);
      if (!accountId) return c.redirect(`${INTERACTION_PATH}/${i.uid}`, 303);
      const { incoming, outgoing } = pin(c);
      if (form.decision !== 'approve') {
        await steps.destroy(i.uid);
        const url = await provider.interactionResult(incoming, outgoing, {
          error: 'access_denied',
          error_description: 'The shop owner denied the request.',
        });
        return c.redirect(url, 303);
      }
      const shopId = Number(form.shop);
      const role: Role | undefined = Number.isInteger(shopId)
        ? await activeRole(db, accountId, shopId)
        : undefined;
      if (!role) return c.text('Forbidden: this account may not approve apps for that shop.', 403);
      const chosen = ([] as unknown[])
        .concat(form.scope ?? [])
        .filter(
          (s): s is string => typeof s === 'string' && (ROLE_SCOPES[role] as readonly string[]).includes(s),
        );
      if (chosen.length === 0) return consentFor(c, accountId, i);
      const grant = new provider.Grant({
        accountId: subject(accountId, shopId),
        clientId: String(i.details.params.client_id),
      });
      // what the client asked of OpenID's own scopes (offline_access: a refresh token) comes with the grant
      const oidcScopes = String(i.details.params.scope ?? '')
        .split(' ')
        .filter((s) => s === 'openid' || s === 'offline_access');
      // the resource's scopes are known to the provider as its own too: granted and refused on both sides
      grant.addOIDCScope([...oidcScopes, ...chosen].join(' '));
      grant.addResourceScope(resource, chosen.join(' '));
      // what was asked and not ticked (or not allowed to this role) is refused, not asked again
      const refused = OAUTH_SCOPES.filter((s) => !chosen.includes(s));
      if (refused.length > 0) {
        grant.rejectResourceScope(resource, refused.join(' '));
        grant.rejectOIDCScope(refused.join(' '));
      }
      const grantId = await grant.save();
      await steps.destroy(i.uid);
      ((c.get('log') as Logger | undefined) ?? deps.logger).info(
        { account: accountId, shop: shopId, client: i.clientName, scopes: chosen, grant: grantId },
        'oauth app approved',
      );
      const url = await provider.interactionResult(
        incoming,
        outgoing,
        { login: { accountId: subject(accountId, shopId) }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      return c.redirect(url, 303);
    }),
  );
}
