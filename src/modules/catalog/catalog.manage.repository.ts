/** Writes of the catalog's management use cases, and the lookups they check with. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { contains } from '../../db/like.js';
import type { Database, StockMovementsTable, VatRatesTable } from '../../db/schema.js';

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

// ---- generic: rows of a catalog table by id, all of a shop, writes ------------------------------------

type Managed = 'departments' | 'department_groups' | 'variation_groups' | 'variation_choices' | 'discounts';

export const rowById = <T extends Managed | 'products'>(db: Executor, table: T, shopId: number, id: number) =>
  db
    .selectFrom(table as 'departments')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<Selectable<Database[T]> | undefined>;

/** Every row of a (small) catalog table of a shop, archived ones too: for name resolution. */
export const allRows = <T extends Managed>(db: Executor, table: T, shopId: number) =>
  db
    .selectFrom(table as 'departments')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute() as Promise<Selectable<Database[T]>[]>;

export async function insertRow<T extends Managed | 'products'>(
  db: Executor,
  table: T,
  row: Insertable<Database[T]>,
): Promise<number> {
  const r = await db
    .insertInto(table as 'departments')
    .values(row as Insertable<Database['departments']>)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
export async function updateRow<T extends Managed | 'products'>(
  db: Executor,
  table: T,
  shopId: number,
  id: number,
  set: Updateable<Database[T]>,
) {
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable(table as 'departments')
    .set(set as Updateable<Database['departments']>)
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .execute();
}
export async function deleteRow(db: Executor, table: Managed | 'products', shopId: number, id: number) {
  await db
    .deleteFrom(table as 'departments')
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .execute();
}

// ---- what names a row -------------------------------------------------------------------------------

export interface NamedProduct {
  id: number;
  title: string;
  active: number;
}
/** Products (archived too) of a department, with a discount, or with a variation group. */
export function productsWith(
  db: Executor,
  shopId: number,
  by: { departmentId?: number; discountId?: number; groupId?: number },
): Promise<NamedProduct[]> {
  let q = db
    .selectFrom('products as p')
    .select(['p.id', 'p.title', 'p.active'])
    .where('p.shop_id', '=', shopId);
  if (by.departmentId !== undefined) q = q.where('p.department_id', '=', by.departmentId);
  if (by.discountId !== undefined) q = q.where('p.discount_id', '=', by.discountId);
  if (by.groupId !== undefined)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('product_variation_groups as pvg')
          .select('pvg.product_id')
          .whereRef('pvg.product_id', '=', 'p.id')
          .where('pvg.group_id', '=', by.groupId!),
      ),
    );
  return q.orderBy('p.id').execute();
}

export function departmentsOfGroup(db: Executor, shopId: number, groupId: number) {
  return db
    .selectFrom('departments')
    .select(['id', 'name', 'archived_at'])
    .where('shop_id', '=', shopId)
    .where('group_id', '=', groupId)
    .orderBy('id')
    .execute();
}

/** Products whose normalized title is `normalized` (search_text starts with it: title, then short title). */
export function productsTitled(db: Executor, shopId: number, normalized: string) {
  return db
    .selectFrom('products')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(contains('search_text', normalized))
    .orderBy('id')
    .execute();
}

export async function stockMovementsOf(db: Executor, shopId: number, productId: number): Promise<number> {
  const r = await db
    .selectFrom('stock_movements')
    .select(sql<number>`count(*)`.as('n'))
    .where('shop_id', '=', shopId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
export async function insertStockMovement(db: Executor, row: Insertable<StockMovementsTable>) {
  await db.insertInto('stock_movements').values(row).execute();
}

// ---- a product's variation slots (product_variation_groups.position = Kash's slot 0-4) ---------------

export function slotsOf(db: Executor, shopId: number, productId: number) {
  return db
    .selectFrom('product_variation_groups')
    .select(['group_id', 'position'])
    .where('shop_id', '=', shopId)
    .where('product_id', '=', productId)
    .orderBy('position')
    .execute();
}
/** Sets a product's slots: `slots[k]` is the group of slot k, 0 for an empty slot. */
export async function setSlots(db: Executor, shopId: number, productId: number, slots: number[]) {
  await db
    .deleteFrom('product_variation_groups')
    .where('shop_id', '=', shopId)
    .where('product_id', '=', productId)
    .execute();
  const rows = slots.flatMap((g, position) =>
    g === 0 ? [] : [{ shop_id: shopId, product_id: productId, group_id: g, position }],
  );
  if (rows.length > 0) await db.insertInto('product_variation_groups').values(rows).execute();
}
/** Takes a variation group off the given products. */
export async function unassignGroup(db: Executor, shopId: number, groupId: number, productIds: number[]) {
  if (productIds.length === 0) return;
  await db
    .deleteFrom('product_variation_groups')
    .where('shop_id', '=', shopId)
    .where('group_id', '=', groupId)
    .where('product_id', 'in', productIds)
    .execute();
}
export async function deleteChoicesOf(db: Executor, shopId: number, groupId: number) {
  await db
    .deleteFrom('variation_choices')
    .where('shop_id', '=', shopId)
    .where('group_id', '=', groupId)
    .execute();
}

export const allVatRates = (db: Executor, shopId: number) =>
  db.selectFrom('vat_rates').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();
