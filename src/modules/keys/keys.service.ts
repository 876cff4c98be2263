/**
 * API keys for the HTTP server. A key is random (192 bits), shown once at creation and stored only as
 * its SHA-256 hash; it belongs to one shop and carries scopes. A revoked key is refused from the next
 * request on: every request looks the key up (one indexed read), nothing is cached.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from '../shared/context.js';
import type { Executor } from '../../db/database.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { allShops, noShopWithId } from '../shops/shops.service.js';
import {
  findKey,
  findKeyByHash,
  findRevokedIds,
  insertKey,
  listKeyRows,
  markRevoked,
  type ApiKeyRow,
} from './keys.repository.js';

export const SCOPES: readonly Scope[] = ['read', 'sell', 'admin'];
const KEY_PREFIX = 'cpt_';

export interface ApiKey {
  id: number;
  shopId: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  /** the tool sets served to this key; null: the server's default */
  toolsets: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

/** Who is calling: what an authenticated request carries into the MCP server. */
export interface Principal {
  /** the API key's id; 0 for an app connected with OAuth */
  keyId: number;
  shopId: number;
  scopes: Scope[];
  /** the tool sets to serve; undefined: the server's default */
  toolsets?: string[] | undefined;
  name: string;
  /** who holds the sessions: key:<id> for an API key, app:<grant id> for an OAuth app */
  owner?: string;
}

function toKey(r: ApiKeyRow): ApiKey {
  return {
    id: r.id,
    shopId: r.shop_id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes.split(',') as Scope[],
    toolsets: r.toolsets === null ? null : r.toolsets.split(','),
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Parses "read,sell" into scopes; every scope named must be known. */
export function parseScopes(text: string): Scope[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new InputError('scopes', `name at least one scope among ${SCOPES.join(', ')}`);
  const unknown = names.filter((n) => !SCOPES.includes(n as Scope));
  if (unknown.length > 0)
    throw new InputError(
      'scopes',
      `unknown scope ${unknown.join(', ')}; the scopes are ${SCOPES.join(', ')}`,
    );
  return SCOPES.filter((s) => names.includes(s));
}

export async function createKey(
  db: Executor,
  input: { shopId: number; scopes: Scope[]; name?: string; toolsets?: readonly string[] | undefined },
  now: Date,
): Promise<{ key: string; apiKey: ApiKey }> {
  const shops = await allShops(db);
  if (!shops.some((s) => s.id === input.shopId))
    throw new NotFoundError('shop', noShopWithId(input.shopId, shops));
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  const id = await insertKey(db, {
    shop_id: input.shopId,
    name: input.name?.trim() || `key for shop ${input.shopId}`,
    prefix: key.slice(0, KEY_PREFIX.length + 6),
    hash: hashKey(key),
    scopes: input.scopes.join(','),
    toolsets: input.toolsets?.join(',') ?? null,
    created_at: now.toISOString(),
    revoked_at: null,
  });
  const row = await findKey(db, id);
  return { key, apiKey: toKey(row!) };
}

export async function listKeys(db: Executor, shopId?: number): Promise<ApiKey[]> {
  return (await listKeyRows(db, shopId)).map(toKey);
}

export async function revokeKey(db: Executor, id: number, now: Date): Promise<ApiKey> {
  const row = await findKey(db, id);
  if (!row) throw new NotFoundError('id', `no API key has id ${id}; run "comptoir keys list" to see them`);
  if (row.revoked_at === null) await markRevoked(db, id, now.toISOString());
  return toKey((await findKey(db, id))!);
}

/** The principal of a presented key, or null when the key is unknown or revoked. */
export async function authenticateKey(db: Executor, key: string): Promise<Principal | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const row = await findKeyByHash(db, hashKey(key));
  if (!row || row.revoked_at !== null) return null;
  const k = toKey(row);
  return {
    keyId: k.id,
    shopId: k.shopId,
    scopes: k.scopes,
    name: k.name,
    ...(k.toolsets ? { toolsets: k.toolsets } : {}),
  };
}

/** Which of these keys have been revoked (to close the sessions they still hold open). */
export function revokedKeyIds(db: Executor, ids: number[]): Promise<number[]> {
  return findRevokedIds(db, ids);
}
