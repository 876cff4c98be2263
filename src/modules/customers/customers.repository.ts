import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { pageOf, type PageRequest } from '../../db/pagination.js';
import type { ClientsTable } from '../../db/schema.js';

export type ClientRow = Selectable<ClientsTable>;

export function pageClients(db: Executor, shopId: number, page: PageRequest) {
  return pageOf<ClientRow>(db, 'clients', shopId, page);
}
export function findClient(db: Executor, shopId: number, id: number) {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();
}
export function clientsByIds(db: Executor, shopId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('clients').selectAll().where('shop_id', '=', shopId).where('id', 'in', ids).execute();
}
export async function insertClient(db: Executor, row: Insertable<ClientsTable>): Promise<number> {
  return (await db.insertInto('clients').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Clients' names (first and last) by id, for other modules' labels. */
export const clientNames = (db: Executor, shopId: number, ids: number[]) =>
  db
    .selectFrom('clients')
    .select(['id', sql<string>`trim(coalesce(firstname, '') || ' ' || coalesce(lastname, ''))`.as('name')])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
