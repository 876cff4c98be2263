/** Writes of the venue's management use cases: one set of queries for every table it manages. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

export type ManagedTable =
  | 'payment_methods'
  | 'cashboxes'
  | 'users'
  | 'delivery_zones'
  | 'relay_points'
  | 'delivery_men'
  | 'dining_tables';
/** A row (what every managed table has spelled out: generic code cannot see it through `Database[T]`). */
export type RowOf<T extends ManagedTable> = Selectable<Database[T]> & {
  id: number;
  archived_at: string | null;
};
export type NewRow<T extends ManagedTable> = Insertable<Database[T]>;
export type RowChange<T extends ManagedTable> = Updateable<Database[T]>;

// Kysely cannot type a query over a union of tables; each one is written for one table and typed back.
type One = 'cashboxes';

/** The row whose `key` (id, or a table's number) is `value`. */
export function rowBy<T extends ManagedTable>(
  db: Executor,
  table: T,
  shopId: number,
  key: 'id' | 'number',
  value: number,
): Promise<RowOf<T> | undefined> {
  return db
    .selectFrom(table as One)
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(key as 'id', '=', value)
    .executeTakeFirst() as Promise<RowOf<T> | undefined>;
}

/** The names of the table's rows (archived ones included), for the duplicate check. */
export function namesOf(db: Executor, table: ManagedTable, shopId: number) {
  return db
    .selectFrom(table as One)
    .select(['id', 'name', 'archived_at'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
}

export async function insertRow<T extends ManagedTable>(
  db: Executor,
  table: T,
  row: NewRow<T>,
): Promise<number> {
  const r = await db
    .insertInto(table as One)
    .values(row as NewRow<One>)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertRows<T extends ManagedTable>(db: Executor, table: T, rows: NewRow<T>[]) {
  if (rows.length > 0)
    await db
      .insertInto(table as One)
      .values(rows as NewRow<One>[])
      .execute();
}

export async function updateRow<T extends ManagedTable>(
  db: Executor,
  table: T,
  shopId: number,
  id: number,
  set: RowChange<T>,
) {
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable(table as One)
    .set(set as RowChange<One>)
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .execute();
}

export async function deleteRow(db: Executor, table: ManagedTable, shopId: number, id: number) {
  await db
    .deleteFrom(table as One)
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .execute();
}

/** The shop's tables numbered `from` to `to` (archived ones included). */
export function tablesBetween(db: Executor, shopId: number, from: number, to: number) {
  return db
    .selectFrom('dining_tables')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('number', '>=', from)
    .where('number', '<=', to)
    .orderBy('number')
    .execute();
}
