import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ApiKeysTable } from '../../db/schema.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export async function insertKey(db: Executor, row: Insertable<ApiKeysTable>): Promise<number> {
  const r = await db.insertInto('api_keys').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function findKeyByHash(db: Executor, hash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
}

export function findKey(db: Executor, id: number): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listKeyRows(db: Executor, shopId?: number): Promise<ApiKeyRow[]> {
  let q = db.selectFrom('api_keys').selectAll().orderBy('id');
  if (shopId !== undefined) q = q.where('shop_id', '=', shopId);
  return q.execute();
}

export async function markRevoked(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).execute();
}

export async function findRevokedIds(db: Executor, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('api_keys')
    .select('id')
    .where('id', 'in', ids)
    .where('revoked_at', 'is not', null)
    .execute();
  return rows.map((r) => r.id);
}
