import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { reuseCompiled, reuseInsert } from '../../db/dialect.js';
import { forUpdate } from '../../db/locks.js';
import { decodeCursor, encodeCursor } from '../../db/pagination.js';
import type { IdempotencyKeysTable, OrderLinesTable, OrdersTable, PaymentsTable } from '../../db/schema.js';

export type OrderRow = Selectable<OrdersTable>;
export type LineRow = Selectable<OrderLinesTable>;
export type PaymentRow = Selectable<PaymentsTable>;

// The statements of a sale are compiled once (db/dialect.ts reuseCompiled): a sale runs them all.

export async function insertOrder(db: Executor, row: Insertable<OrdersTable>): Promise<number> {
  const [written] = await reuseInsert(db, 'insert-order', [row], () =>
    db.insertInto('orders').values(row).returning('id'),
  );
  return written!.id;
}
export async function insertLines(db: Executor, rows: Insertable<OrderLinesTable>[]): Promise<LineRow[]> {
  if (rows.length === 0) return [];
  const written = await reuseInsert(db, 'insert-lines', rows, () =>
    db.insertInto('order_lines').values(rows).returningAll(),
  );
  // in the order of their position, as linesOf reads them (RETURNING promises no order)
  return written.sort((a, b) => a.position - b.position);
}
export async function deleteLines(db: Executor, shopId: number, orderId: number): Promise<void> {
  await db.deleteFrom('order_lines').where('shop_id', '=', shopId).where('order_id', '=', orderId).execute();
}
export async function insertPayment(db: Executor, row: Insertable<PaymentsTable>): Promise<PaymentRow> {
  const [written] = await reuseInsert(db, 'insert-payment', [row], () =>
    db.insertInto('payments').values(row).returningAll(),
  );
  return written!;
}
export async function updateOrder(
  db: Executor,
  shopId: number,
  id: number,
  set: Updateable<OrdersTable>,
): Promise<void> {
  await db.updateTable('orders').set(set).where('shop_id', '=', shopId).where('id', '=', id).execute();
}
/** The same, and the order's row as it is then. */
export async function updateOrderReturning(
  db: Executor,
  shopId: number,
  id: number,
  set: Updateable<OrdersTable>,
): Promise<OrderRow> {
  const [row] = await reuseCompiled(
    db,
    `update-order:${Object.keys(set).join(',')}`,
    () => db.updateTable('orders').set(set).where('shop_id', '=', shopId).where('id', '=', id).returningAll(),
    [...Object.values(set), shopId, id],
  );
  if (row === undefined) throw new Error(`order ${id} of shop ${shopId} is missing`);
  return row;
}
/** Adds `cents` to what the order was paid; returns its row as it is then. */
export async function addPaid(
  db: Executor,
  shopId: number,
  id: number,
  cents: number,
  now: string,
): Promise<OrderRow> {
  const [row] = await reuseCompiled(
    db,
    'add-paid',
    () =>
      db
        .updateTable('orders')
        .set((eb) => ({ paid: eb('paid', '+', cents), updated_at: now }))
        .where('shop_id', '=', shopId)
        .where('id', '=', id)
        .returningAll(),
    [cents, now, shopId, id],
  );
  if (row === undefined) throw new Error(`order ${id} of shop ${shopId} is missing`);
  return row;
}

/** An order by id or number; with `lock`, its row stays locked until the transaction ends (db/locks.ts). */
export function findOrder(db: Executor, shopId: number, ref: { id?: number; number?: number }, lock = false) {
  let q = db.selectFrom('orders').selectAll().where('shop_id', '=', shopId);
  q = ref.id !== undefined ? q.where('id', '=', ref.id) : q.where('number', '=', ref.number ?? -1);
  return (lock ? forUpdate(db, q) : q).executeTakeFirst();
}
export function linesOf(db: Executor, shopId: number, orderIds: number[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('position')
    .execute();
}
export function paymentsOf(db: Executor, shopId: number, orderId: number): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
}
export function creditNotesOf(db: Executor, shopId: number, orderId: number, lock = false) {
  const q = db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('refund_of', '=', orderId)
    .orderBy('id');
  return (lock ? forUpdate(db, q) : q).execute();
}
/** The credit notes of several orders. */
export function creditNotesOfMany(db: Executor, shopId: number, orderIds: number[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('refund_of', 'in', orderIds)
    .orderBy('id')
    .execute();
}
/** Units of each original line already refunded (credit-note lines carry negative quantities). */
export async function refundedQuantities(
  db: Executor,
  shopId: number,
  lineIds: number[],
): Promise<Map<number, number>> {
  if (lineIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('order_lines')
    .select(['refund_of_line', (eb) => eb.fn.sum<number | string>('quantity').as('q')])
    .where('shop_id', '=', shopId)
    .where('refund_of_line', 'in', lineIds)
    .groupBy('refund_of_line')
    .execute();
  return new Map(rows.map((r) => [Number(r.refund_of_line), -Number(r.q)]));
}

export interface OrderFilter {
  validatedOnly: boolean;
  from?: string;
  to?: string;
  deliveryMethod?: number | undefined;
  pendingOnly?: boolean;
}

function filtered(db: Executor, shopId: number, f: OrderFilter) {
  let q = db.selectFrom('orders').where('shop_id', '=', shopId);
  if (f.validatedOnly) q = q.where('status', '=', 'validated');
  if (f.from !== undefined) q = q.where(sql<string>`coalesce(validated_at, created_at)`, '>=', f.from);
  if (f.to !== undefined) q = q.where(sql<string>`coalesce(validated_at, created_at)`, '<', f.to);
  if (f.deliveryMethod !== undefined) q = q.where('delivery_method', '=', f.deliveryMethod);
  if (f.pendingOnly) q = q.where('fulfilment', 'in', ['pending', 'ready']).where('refund_of', 'is', null);
  return q;
}

/** A page of orders (ordered by id) and the totals over every matching order. */
export async function pageOrders(
  db: Executor,
  shopId: number,
  f: OrderFilter,
  page: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(page.cursor, 'orders');
  const rows = await filtered(db, shopId, f)
    .selectAll()
    .where('id', '>', after)
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const agg = await filtered(db, shopId, f)
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn
        .sum<number | string | null>(sql`case when status = 'validated' then total else 0 end`)
        .as('total'),
      eb.fn.sum<number | string | null>(sql`case when status = 'validated' then paid else 0 end`).as('paid'),
    ])
    .executeTakeFirstOrThrow();
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items,
    total: Number(agg.n),
    sumTotal: Number(agg.total ?? 0),
    sumPaid: Number(agg.paid ?? 0),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.id, 'orders') : null,
  };
}

export function itemCounts(db: Executor, shopId: number, orderIds: number[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('order_lines')
    .select(['order_id', (eb) => eb.fn.sum<number | string>('quantity').as('q')])
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', orderIds)
    .groupBy('order_id')
    .execute();
}

export async function findIdempotencyKey(db: Executor, shopId: number, operation: string, key: string) {
  const [row] = await reuseCompiled(
    db,
    'idempotency-key',
    () =>
      db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('shop_id', '=', shopId)
        .where('operation', '=', operation)
        .where('key', '=', key),
    [shopId, operation, key],
  );
  return row;
}
export async function insertIdempotencyKey(db: Executor, row: Insertable<IdempotencyKeysTable>) {
  await reuseInsert(db, 'insert-idempotency-key', [row], () => db.insertInto('idempotency_keys').values(row));
}
