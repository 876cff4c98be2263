import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { pageOf, type PageRequest } from '../../db/pagination.js';
import type { ClientsTable } from '../../db/schema.js';

export type ClientRow = Selectable<ClientsTable>;

export function pageClients(db: Executor, shopId: number, page: PageRequest & { includeArchived?: boolean }) {
  return pageOf<ClientRow>(db, 'clients', shopId, page, {
    where: page.includeArchived ? [] : [sql`archived_at is null`],
  });
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

export async function updateClient(db: Executor, shopId: number, id: number, set: Updateable<ClientsTable>) {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('clients').set(set).where('shop_id', '=', shopId).where('id', '=', id).execute();
}
export async function deleteClient(db: Executor, shopId: number, id: number) {
  await db.deleteFrom('clients').where('shop_id', '=', shopId).where('id', '=', id).execute();
}

/** Clients whose e-mail is `email`, case ignored (ASCII on SQLite), archived ones included. */
export function clientsByEmail(db: Executor, shopId: number, email: string) {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(sql`lower(trim(email))`, '=', email.trim().toLowerCase())
    .orderBy('id')
    .limit(10)
    .execute();
}
