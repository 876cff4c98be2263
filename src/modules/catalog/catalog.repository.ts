import { sql, type Selectable } from 'kysely';
import { contains } from '../../db/like.js';
import type { Executor } from '../../db/database.js';
import { reuseCompiled } from '../../db/dialect.js';
import { pageOf, type Page, type PageRequest } from '../../db/pagination.js';
import type {
  DepartmentGroupsTable,
  DepartmentsTable,
  DiscountsTable,
  ProductsTable,
  VariationChoicesTable,
  VatRatesTable,
} from '../../db/schema.js';

export type ProductRow = Selectable<ProductsTable>;
export type DepartmentRow = Selectable<DepartmentsTable>;
export type DepartmentGroupRow = Selectable<DepartmentGroupsTable>;
export type VatRow = Selectable<VatRatesTable>;
export type DiscountRow = Selectable<DiscountsTable>;
export type VariationChoiceRow = Selectable<VariationChoicesTable> & { group_name: string };

/** A catalog list's page: archived rows left out unless `includeArchived`. */
export interface CatalogPage extends PageRequest {
  includeArchived?: boolean | undefined;
}
const unarchived = (page: CatalogPage) => ({ where: page.includeArchived ? [] : [sql`archived_at is null`] });

export function pageProducts(db: Executor, shopId: number, page: CatalogPage): Promise<Page<ProductRow>> {
  return pageOf<ProductRow>(db, 'products', shopId, page, {
    where: page.includeArchived ? [] : [sql`active = 1`],
  });
}

export function productsByIds(db: Executor, shopId: number, ids: number[]): Promise<ProductRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  // every sale reads its products: compiled once per number of ids (db/dialect.ts)
  return reuseCompiled(
    db,
    `products-by-ids:${ids.length}`,
    () => db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('id', 'in', ids),
    [shopId, ...ids],
  );
}

/** Active (or with `archived`, archived) products whose normalized search text contains every word. */
export function productsMatchingWords(
  db: Executor,
  shopId: number,
  words: string[],
  limit: number,
  archived = false,
): Promise<ProductRow[]> {
  let q = db
    .selectFrom('products')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('active', '=', archived ? 0 : 1);
  for (const w of words) q = q.where(contains('search_text', w));
  return q.orderBy('id').limit(limit).execute();
}

/** Products with a barcode: active ones, or all with `includeArchived`. */
export function productsByBarcode(
  db: Executor,
  shopId: number,
  barcode: string,
  includeArchived = false,
): Promise<ProductRow[]> {
  let q = db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('barcode', '=', barcode);
  if (!includeArchived) q = q.where('active', '=', 1);
  return q.orderBy('id').execute();
}

export function departmentsByIds(db: Executor, shopId: number, ids: number[]): Promise<DepartmentRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('departments')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
}

/** Variation groups of the given products, with their choices, in display order. */
export function variationChoicesOfProducts(db: Executor, shopId: number, productIds: number[]) {
  if (productIds.length === 0) return Promise.resolve([]);
  // every sale reads them: compiled once per number of products
  return reuseCompiled(
    db,
    `variation-choices:${productIds.length}`,
    () =>
      db
        .selectFrom('product_variation_groups as pvg')
        .innerJoin('variation_groups as g', 'g.id', 'pvg.group_id')
        // a group with no choice yet is listed too (with none)
        .leftJoin('variation_choices as c', (j) =>
          j.onRef('c.group_id', '=', 'g.id').on('c.archived_at', 'is', null),
        )
        .select([
          'pvg.product_id',
          'pvg.position as group_position',
          'g.id as group_id',
          'g.name as group_name',
          'c.id as choice_id',
          'c.name as choice_name',
          'c.price_delta',
          'c.unavailable',
        ])
        .where('pvg.shop_id', '=', shopId)
        .where('pvg.product_id', 'in', productIds)
        .where('g.archived_at', 'is', null)
        .orderBy('pvg.product_id')
        .orderBy('pvg.position')
        .orderBy('c.position')
        .orderBy('c.id'),
    [shopId, ...productIds],
  );
}

export function pageDepartments(db: Executor, shopId: number, page: CatalogPage) {
  return pageOf<DepartmentRow>(db, 'departments', shopId, page, unarchived(page));
}
export function pageDepartmentGroups(db: Executor, shopId: number, page: CatalogPage) {
  return pageOf<Selectable<DepartmentGroupsTable>>(db, 'department_groups', shopId, page, unarchived(page));
}
export function pageVatRates(db: Executor, shopId: number, page: CatalogPage) {
  return pageOf<Selectable<VatRatesTable>>(db, 'vat_rates', shopId, page, unarchived(page));
}
export function pageDiscounts(db: Executor, shopId: number, page: CatalogPage) {
  return pageOf<Selectable<DiscountsTable>>(db, 'discounts', shopId, page, unarchived(page));
}
export function pageVariationGroups(db: Executor, shopId: number, page: CatalogPage) {
  return pageOf<{ id: number; name: string }>(db, 'variation_groups', shopId, page, unarchived(page));
}
export function choicesOfGroups(db: Executor, shopId: number, groupIds: number[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('variation_choices')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('group_id', 'in', groupIds)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}
export function findDiscount(db: Executor, shopId: number, id: number) {
  return db
    .selectFrom('discounts')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Titles and names of products, departments and department groups by id (other modules' lookups). */
export const productTitles = (db: Executor, shopId: number, ids: number[]) =>
  db
    .selectFrom('products')
    .select(['id', 'title as name'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
export const departmentNames = (db: Executor, shopId: number, ids: number[]) =>
  db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
export const departmentGroupNames = (db: Executor, shopId: number, ids: number[]) =>
  db
    .selectFrom('department_groups')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();

/** The shop's catalog version (migration 011: triggers move it on every catalog write); 0 before any. */
export async function catalogVersion(db: Executor, shopId: number): Promise<number> {
  const [row] = await reuseCompiled(
    db,
    'catalog-version',
    () => db.selectFrom('catalog_versions').select('version').where('shop_id', '=', shopId),
    [shopId],
  );
  return row?.version ?? 0;
}
