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
import { consentPage, csrfToken, csrfValid, languageOf, loginPage, PAGE_HEADERS } from './pages.js';
import { INTERACTION_PATH, OAUTH_ROUTES, OAUTH_SCOPES, resourceOf } from './provider.js';

export interface OAuthDeps {
  db: Db;
  provider: Provider;
  publicUrl: string;
  /** signs the pages' CSRF tokens */
  secret: string;
  limiter: LoginLimiter;
  registrations: (address: string) => Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
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

  // The authorization server itself: oidc-provider answers on the raw node request and response.
  const callback = provider.callback();
  const handOver = async (c: Context) => {
    const { incoming, outgoing } = c.env as HttpBindings;
    outgoing.setHeader('X-Request-Id', String(c.get('requestId') ?? ''));
    await callback(incoming, outgoing);
    return RESPONSE_ALREADY_SENT;
  };
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
    }
    return handOver(c);
  });

  const steps = new (databaseAdapter(db))('LoginStep');
  const page = (html: string, status = 200) => new Response(html, { status, headers: PAGE_HEADERS });

  async function interaction(c: Context) {
    const { incoming, outgoing } = c.env as HttpBindings;
    const details = await provider.interactionDetails(incoming, outgoing);
    if (details.uid !== c.req.param('uid')) throw new Error('interaction mismatch');
    const client = await provider.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? String(details.params.client_id);
    const lang = languageOf(c.req.header('accept-language'));
    return { details, clientName, lang, uid: details.uid };
  }

  async function consentFor(c: Context, accountId: number, i: Awaited<ReturnType<typeof interaction>>) {
    const account = await findAccount(db, String(accountId));
    const requested = String(i.details.params.scope ?? '')
      .split(' ')
      .filter((s) => (OAUTH_SCOPES as readonly string[]).includes(s));
    return page(
      consentPage({
        lang: i.lang,
        action: `${INTERACTION_PATH}/${i.uid}/consent`,
        csrf: csrfToken(deps.secret, i.uid, 'consent'),
        clientName: i.clientName,
        redirectUri: String(i.details.params.redirect_uri ?? ''),
        email: account.email,
        shops: account.shops.map((m) => ({ id: m.shopId, name: m.shopName, scopes: ROLE_SCOPES[m.role] })),
        scopes: requested.length > 0 ? requested : [...OAUTH_SCOPES],
      }),
    );
  }

  const tooBig = (c: Context) => Number(c.req.header('content-length') ?? '0') > 16 * 1024;

  /** who is approving: the login of this interaction, or — asked for consent only — the session's */
  async function approver(i: Awaited<ReturnType<typeof interaction>>): Promise<number | undefined> {
    const step = Number((await steps.find(i.uid))?.accountId);
    if (step > 0) return step;
    if (i.details.prompt.name === 'consent') return parseSubject(i.details.session?.accountId)?.accountId;
    return undefined;
  }

  app.get(`${INTERACTION_PATH}/:uid`, async (c) => {
    const i = await interaction(c);
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
  });

  app.post(`${INTERACTION_PATH}/:uid/login`, async (c) => {
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
    const account = await authenticateAccount(db, email, password);
    if (!account) {
      await deps.limiter.failed(email, address);
      deps.logger.warn({ address, client: i.clientName }, 'oauth login failed');
      return again('wrong', 401);
    }
    await deps.limiter.succeeded(email, address);
    await steps.upsert(i.uid, { accountId: String(account.id) }, 900);
    deps.logger.info({ account: account.id, client: i.clientName }, 'oauth login');
    return c.redirect(`${INTERACTION_PATH}/${i.uid}`, 303);
  });

  app.post(`${INTERACTION_PATH}/:uid/consent`, async (c) => {
    if (tooBig(c)) return c.text('Request too large', 413);
    const i = await interaction(c);
    const form = await c.req.parseBody({ all: true });
    if (!csrfValid(deps.secret, i.uid, 'consent', form.csrf))
      return c.text('Forbidden: the form has expired; start again from the app.', 403);
    const accountId = await approver(i);
    if (!accountId) return c.redirect(`${INTERACTION_PATH}/${i.uid}`, 303);
    const { incoming, outgoing } = c.env as HttpBindings;
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
    deps.logger.info(
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
  });
}
