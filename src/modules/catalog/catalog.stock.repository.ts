/** The stock levels of products and their movements (the catalog's own tables). */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { reuseCompiled, reuseInsert } from '../../db/dialect.js';
import { pageOf, type Page, type PageRequest } from '../../db/pagination.js';
import type { ProductsTable, StockMovementsTable } from '../../db/schema.js';

export type MovementRow = Selectable<StockMovementsTable>;
export type NewMovement = Insertable<StockMovementsTable>;

/**
 * Adds `delta` to a tracked product's stock: its new level, title and alert level (what a low-stock
 * warning says), or undefined if the product does not track stock. Compiled once: every sale runs it.
 */
export async function addToStock(
  db: Executor,
  shopId: number,
  productId: number,
  delta: number,
): Promise<{ stock: number; title: string; stockAlert: number | null } | undefined> {
  const [r] = await reuseCompiled(
    db,
    'add-to-stock',
    () =>
      db
        .updateTable('products')
        .set((eb) => ({ stock: eb('stock', '+', delta) }))
        .where('shop_id', '=', shopId)
        .where('id', '=', productId)
        .where('stock', 'is not', null)
        .returning(['stock', 'title', 'stock_alert']),
    [delta, shopId, productId],
  );
  return r === undefined || r.stock === null
    ? undefined
    : { stock: r.stock, title: r.title, stockAlert: r.stock_alert };
}

export async function setStock(db: Executor, shopId: number, productId: number, level: number) {
  await db
    .updateTable('products')
    .set({ stock: level })
    .where('shop_id', '=', shopId)
    .where('id', '=', productId)
    .execute();
}

/** Inserts movements; their ids in order. */
export async function insertMovements(db: Executor, rows: NewMovement[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const ids = await reuseInsert(db, 'insert-movements', rows, () =>
    db.insertInto('stock_movements').values(rows).returning('id'),
  );
  return ids.map((r) => r.id);
}

export interface MovementFilter {
  productId?: number | undefined;
  kind?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

export function pageMovements(
  db: Executor,
  shopId: number,
  page: PageRequest,
  f: MovementFilter,
): Promise<Page<MovementRow>> {
  const where = [
    ...(f.productId !== undefined ? [sql`product_id = ${f.productId}`] : []),
    ...(f.kind !== undefined ? [sql`kind = ${f.kind}`] : []),
    ...(f.since !== undefined ? [sql`at >= ${f.since}`] : []),
    ...(f.until !== undefined ? [sql`at < ${f.until}`] : []),
  ];
  return pageOf<MovementRow>(db, 'stock_movements', shopId, page, { where });
}

/** Products on sale whose stock is tracked and out (0 or less) or at or under its alert level. */
export function pageLowStock(
  db: Executor,
  shopId: number,
  page: PageRequest,
): Promise<Page<Selectable<ProductsTable>>> {
  return pageOf<Selectable<ProductsTable>>(db, 'products', shopId, page, {
    where: [
      sql`active = 1`,
      sql`archived_at is null`,
      sql`stock is not null`,
      sql`(stock <= 0 or (stock_alert is not null and stock <= stock_alert))`,
    ],
  });
}
