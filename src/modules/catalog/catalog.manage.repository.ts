/** Writes of the catalog's management use cases, and the lookups they check with. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { VatRatesTable } from '../../db/schema.js';

export type VatRow = Selectable<VatRatesTable>;

export const vatById = (db: Executor, shopId: number, id: number) =>
  db
    .selectFrom('vat_rates')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();

export const vatByRate = (db: Executor, shopId: number, bp: number) =>
  db
    .selectFrom('vat_rates')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('rate_bp', '=', bp)
    .executeTakeFirst();

export async function insertVat(db: Executor, row: Insertable<VatRatesTable>): Promise<number> {
  const r = await db.insertInto('vat_rates').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
export async function updateVat(db: Executor, shopId: number, id: number, set: Updateable<VatRatesTable>) {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('vat_rates').set(set).where('shop_id', '=', shopId).where('id', '=', id).execute();
}
export async function deleteVat(db: Executor, shopId: number, id: number) {
  await db.deleteFrom('vat_rates').where('shop_id', '=', shopId).where('id', '=', id).execute();
}

/** Active products and departments whose rate is `bp`. */
export async function catalogUsesOfRate(db: Executor, shopId: number, bp: number): Promise<number> {
  const n = sql<number>`count(*)`.as('n');
  const products = await db
    .selectFrom('products')
    .select(n)
    .where('shop_id', '=', shopId)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('vat_takeaway_bp', '=', bp), eb('vat_eat_in_bp', '=', bp)]))
    .executeTakeFirst();
  const departments = await db
    .selectFrom('departments')
    .select(n)
    .where('shop_id', '=', shopId)
    .where('archived_at', 'is', null)
    .where('vat_bp', '=', bp)
    .executeTakeFirst();
  return Number(products?.n ?? 0) + Number(departments?.n ?? 0);
}
