/**
 * Writes the reference data of a new shop (catalog, venue, clients) in bulk. Used only to set a shop up;
 * day-to-day changes go through each module's services.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Kysely cannot narrow a generic table name here */
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

type Row<T extends keyof Database> = Insertable<Database[T]>;

export async function insertReturningIds<
  T extends 'department_groups' | 'departments' | 'variation_groups' | 'products' | 'variation_choices',
>(db: Executor, table: T, rows: Row<T>[]): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) {
    // One row at a time keeps the id order certain on every engine.
    const r = (await db
      .insertInto(table as any)
      .values(row as any)
      .returning('id')
      .executeTakeFirstOrThrow()) as { id: number };
    ids.push(r.id);
  }
  return ids;
}

export async function insertAll<T extends keyof Database>(
  db: Executor,
  table: T,
  rows: Row<T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto(table as any)
      .values(rows.slice(i, i + 200) as any)
      .execute();
  }
}

export async function setShopHours(db: Executor, shopId: number, closeHour: number, defaultVatBp: number) {
  await db
    .updateTable('shops')
    .set({ close_hour: closeHour, default_vat_bp: defaultVatBp })
    .where('id', '=', shopId)
    .execute();
}

export async function idsOf(
  db: Executor,
  table: 'products' | 'clients' | 'users' | 'cashboxes',
  shopId: number,
) {
  return (await db.selectFrom(table).select('id').where('shop_id', '=', shopId).orderBy('id').execute()).map(
    (r) => r.id,
  );
}

export function paymentMethodFlags(db: Executor, shopId: number) {
  return db
    .selectFrom('payment_methods')
    .select(['id', 'is_refund'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
}
