import type { Executor } from '../../db/database.js';
import { isPostgres, reuseCompiled } from '../../db/dialect.js';
import { forUpdate } from '../../db/locks.js';
import type { ShopsTable } from '../../db/schema.js';
import type { Insertable, Selectable } from 'kysely';

export type ShopRow = Selectable<ShopsTable>;

export async function findShop(db: Executor, id: number): Promise<ShopRow | undefined> {
  // read on every call: compiled once (db/dialect.ts)
  const [row] = await reuseCompiled(
    db,
    'shop',
    () => db.selectFrom('shops').selectAll().where('id', '=', id),
    [id],
  );
  return row;
}

/** Locks the shop's row until the transaction ends (db/locks.ts); the numbering takes the same lock. */
export async function lockShopRow(db: Executor, id: number): Promise<void> {
  if (!isPostgres(db)) return; // SQLite's transactions begin IMMEDIATE: the file is locked already
  await forUpdate(db, db.selectFrom('shops').select('id').where('id', '=', id)).execute();
}

export function listShops(db: Executor): Promise<ShopRow[]> {
  return db.selectFrom('shops').selectAll().orderBy('id').execute();
}

export async function insertShop(db: Executor, row: Insertable<ShopsTable>): Promise<number> {
  const r = await db.insertInto('shops').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Takes the next gap-free order number of a shop; runs inside the validating transaction. */
/** The next order number, and the shop's clock as the same (locking) statement reads it. */
export async function takeNextOrderNumber(
  db: Executor,
  shopId: number,
): Promise<{ last_order_number: number; time_zone: string; close_hour: number }> {
  const [row] = await reuseCompiled(
    db,
    'next-order-number',
    () =>
      db
        .updateTable('shops')
        .set((eb) => ({ last_order_number: eb('last_order_number', '+', 1) }))
        .where('id', '=', shopId)
        .returning(['last_order_number', 'time_zone', 'close_hour']),
    [1, shopId],
  );
  if (!row) throw new Error(`shop ${shopId} does not exist`);
  return row;
}

export type ShopChanges = Partial<
  Pick<
    ShopRow,
    | 'name'
    | 'address'
    | 'zip'
    | 'city'
    | 'country'
    | 'phone'
    | 'email'
    | 'legal_form'
    | 'siret'
    | 'vat_number'
    | 'currency'
    | 'time_zone'
    | 'close_hour'
    | 'receipt_header'
    | 'receipt_footer'
    | 'default_vat_bp'
  >
>;

export async function updateShop(db: Executor, id: number, changes: ShopChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('shops').set(changes).where('id', '=', id).execute();
}
