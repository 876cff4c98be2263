/**
 * Connected apps: the grants an owner or their staff approved on the consent page (oauth_objects rows of
 * model Grant). Revoking one deletes it with every code and token it gave: the app's next request is
 * refused at once, on every node (each request looks its token up), and its open sessions are closed.
 */
import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { redirectUriProblem } from '../../domain/redirect-uri.js';
import { allShops } from '../shops/shops.service.js';

export interface ConnectedApp {
  /** app_<grant id>: never starts with "-" (a grant id may), so it can be typed after apps revoke */
  id: string;
  /** the grant's own id, as the audit journal's actor app:<grant> names it */
  grantId: string;
  client: string;
  clientId: string;
  shopId: number;
  shopName: string;
  accountId: number;
  email: string;
  scopes: string[];
  approvedAt: string;
  expiresAt: string | null;
}

interface GrantPayload {
  accountId?: string;
  clientId?: string;
  iat?: number;
  resources?: Record<string, string>;
}

export async function listApps(db: Executor, shopId?: number): Promise<ConnectedApp[]> {
  const rows = await db
    .selectFrom('oauth_objects')
    .select(['id', 'payload', 'expires_at'])
    .where('model', '=', 'Grant')
    .where((eb) =>
      eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', Math.floor(Date.now() / 1000))]),
    )
    .execute();
  const grants = rows.map((r) => ({ ...r, grant: JSON.parse(r.payload) as GrantPayload }));
  const clientIds = [...new Set(grants.map((g) => g.grant.clientId ?? ''))];
  const clients = new Map<string, string>();
  if (clientIds.length > 0)
    for (const c of await db
      .selectFrom('oauth_objects')
      .select(['id', 'payload'])
      .where('model', '=', 'Client')
      .where('id', 'in', clientIds)
      .execute())
      clients.set(c.id, String((JSON.parse(c.payload) as { client_name?: unknown }).client_name ?? c.id));
  const emails = new Map(
    (await db.selectFrom('accounts').select(['id', 'email']).execute()).map((a) => [a.id, a.email]),
  );
  const shops = new Map((await allShops(db)).map((s) => [s.id, s.name]));
  const apps: ConnectedApp[] = [];
  for (const { id, grant, expires_at } of grants) {
    const m = /^(\d+)\.(\d+)$/.exec(grant.accountId ?? '');
    if (!m) continue;
    const [accountId, shop] = [Number(m[1]), Number(m[2])];
    if (shopId !== undefined && shop !== shopId) continue;
    const clientId = grant.clientId ?? '';
    apps.push({
      id: `app_${id}`,
      grantId: id,
      client: clients.get(clientId) ?? clientId,
      clientId,
      shopId: shop,
      shopName: shops.get(shop) ?? '',
      accountId,
      email: emails.get(accountId) ?? '',
      scopes: [...new Set(Object.values(grant.resources ?? {}).flatMap((s) => s.split(' ')))].filter(Boolean),
      approvedAt: new Date((grant.iat ?? 0) * 1000).toISOString(),
      expiresAt: expires_at === null ? null : new Date(expires_at * 1000).toISOString(),
    });
  }
  return apps.sort((a, b) => a.approvedAt.localeCompare(b.approvedAt));
}

/** Revokes the app whose id is `id` (or starts with it, 8 characters at least). */
export async function revokeApp(db: Executor, id: string): Promise<ConnectedApp> {
  if (!id.startsWith('app_') || id.length < 12)
    throw new InputError('id', 'give the app id as apps list shows it (app_…, 12 characters at least)');
  const matches = (await listApps(db)).filter((a) => a.id === id || a.id.startsWith(id));
  if (matches.length === 0)
    throw new NotFoundError('id', `no connected app has id ${id.slice(0, 60)}; see comptoir apps list`);
  if (matches.length > 1)
    throw new InputError('id', `${id} starts ${matches.length} app ids; give more of it`);
  const app = matches[0]!;
  await db.deleteFrom('oauth_objects').where('grant_id', '=', app.grantId).execute();
  await db.deleteFrom('oauth_objects').where('model', '=', 'Grant').where('id', '=', app.grantId).execute();
  return app;
}

/**
 * A client registered by the owner (for a client that neither registers itself nor has a metadata
 * document): a public client with PKCE, its redirect URIs given exactly (https, or http on loopback).
 */
export async function registerClient(
  db: Executor,
  input: { name: string; redirectUris: string[] },
): Promise<{ clientId: string; name: string; redirectUris: string[] }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new InputError('name', 'give the app a name of 1 to 100 characters');
  if (input.redirectUris.length === 0)
    throw new InputError('redirect-uri', 'give at least one redirect URI, where the app receives the code');
  for (const uri of input.redirectUris) {
    const problem = redirectUriProblem(uri);
    if (problem === 'not a URL') throw new InputError('redirect-uri', `"${uri.slice(0, 100)}" is not a URL`);
    if (problem)
      throw new InputError(
        'redirect-uri',
        `"${uri.slice(0, 100)}" must be https:// (http:// only on loopback), without a #fragment`,
      );
  }
  const clientId = `cli_${randomBytes(16).toString('base64url')}`;
  const metadata = {
    client_id: clientId,
    client_name: name,
    redirect_uris: input.redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
  await db
    .insertInto('oauth_objects')
    .values({
      model: 'Client',
      id: clientId,
      payload: JSON.stringify(metadata),
      grant_id: null,
      uid: null,
      expires_at: null,
      consumed_at: null,
    })
    .execute();
  return { clientId, name, redirectUris: input.redirectUris };
}
