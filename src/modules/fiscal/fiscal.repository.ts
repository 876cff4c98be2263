/**
 * SQL of the fiscal chain: its own tables (the shop's key, the records) and, as the read model of the
 * sales ledger it vouches for (docs/ARCHITECTURE.md), the orders, lines and payments it records.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { reuseCompiled, reuseInsert } from '../../db/dialect.js';
import type { FiscalRecordsTable, LineRow, OrderRow, PaymentRow } from './fiscal.types.js';

export type RecordRow = Selectable<FiscalRecordsTable>;

/** The shop's key and the last record of `chain` (seq and hash; null when the chain is empty). */
export async function keyAndHead(db: Executor, shopId: number, chain: string) {
  const rows = await reuseCompiled(
    db,
    'fiscal-key-head',
    () =>
      db
        .selectFrom('fiscal_keys as k')
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('fiscal_records')
              .select(['seq', 'hash'])
              .where('shop_id', '=', shopId)
              .where('chain', '=', chain)
              .orderBy('seq', 'desc')
              .limit(1)
              .as('r'),
          (join) => join.onTrue(),
        )
        .select(['k.private_key', 'k.public_key', 'r.seq', 'r.hash'])
        .where('k.shop_id', '=', shopId),
    [shopId, chain, 1, shopId],
  );
  return rows[0];
}

/** The last record of `chain` (read by every sale, compiled once). */
export async function headOf(db: Executor, shopId: number, chain: string) {
  const rows = await reuseCompiled(
    db,
    'fiscal-head',
    () =>
      db
        .selectFrom('fiscal_records')
        .select(['seq', 'hash'])
        .where('shop_id', '=', shopId)
        .where('chain', '=', chain)
        .orderBy('seq', 'desc')
        .limit(1),
    [shopId, chain, 1],
  );
  return rows[0];
}

export async function insertKey(
  db: Executor,
  row: { shop_id: number; algorithm: string; public_key: string; private_key: string; created_at: string },
): Promise<void> {
  await db
    .insertInto('fiscal_keys')
    .values(row)
    .onConflict((oc) => oc.column('shop_id').doNothing())
    .execute();
}

const STARTED = 'fiscal_chains_started';

/**
 * Whether this database's chains were started: migration 012 says 0 when orders were recorded before
 * it (their history is chained once, at the first start), 1 when there was nothing to chain.
 */
export async function chainsStarted(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', STARTED).executeTakeFirst();
  return row?.value !== '0';
}
export async function markChainsStarted(db: Executor): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: STARTED, value: '1' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' }))
    .execute();
}
export async function hasRecordedOrders(db: Executor, shopId: number): Promise<boolean> {
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('shop_id', '=', shopId)
    .where((eb) => eb.or([eb('number', 'is not', null), eb('status', '<>', 'quote')]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function shopsWithKeys(db: Executor): Promise<number[]> {
  return (await db.selectFrom('fiscal_keys').select('shop_id').execute()).map((r) => r.shop_id);
}

export function publicKeyOf(db: Executor, shopId: number) {
  return db
    .selectFrom('fiscal_keys')
    .select(['algorithm', 'public_key', 'private_key', 'created_at'])
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
}

export async function insertRecords(db: Executor, rows: Insertable<FiscalRecordsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await reuseInsert(db, 'fiscal-records', rows, () => db.insertInto('fiscal_records').values(rows));
}

/** A page of `chain`'s records, from position `after` on. */
export function recordsAfter(db: Executor, shopId: number, chain: string, after: number, limit: number) {
  return db
    .selectFrom('fiscal_records')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('chain', '=', chain)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function chainsOf(db: Executor, shopId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('fiscal_records')
    .select('chain')
    .distinct()
    .where('shop_id', '=', shopId)
    .execute();
  return rows.map((r) => r.chain);
}

// — the sales ledger, read —

export function ordersByIds(db: Executor, shopId: number, ids: number[]): Promise<OrderRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', 'in', ids).execute();
}

export function linesOfOrders(db: Executor, shopId: number, ids: number[]): Promise<LineRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', ids)
    .orderBy('order_id')
    .orderBy('position')
    .execute();
}

export function paymentsOfOrders(db: Executor, shopId: number, ids: number[]): Promise<PaymentRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('payments')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', ids)
    .orderBy('id')
    .execute();
}

/** Validated orders (and credit notes) in no record of the chain, in number order, `limit` at a time. */
export function ordersNotChained(
  db: Executor,
  shopId: number,
  afterNumber: number,
  limit: number,
  withUnnumbered = false,
) {
  return db
    .selectFrom('orders as o')
    .selectAll('o')
    .where('o.shop_id', '=', shopId)
    .where((eb) =>
      eb.or([
        eb('o.number', '>', afterNumber),
        ...(withUnnumbered ? [eb.and([eb('o.number', 'is', null), eb('o.status', '<>', 'quote')])] : []),
      ]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('fiscal_records as f')
            .select('f.seq')
            .where('f.shop_id', '=', shopId)
            .whereRef('f.order_id', '=', 'o.id')
            .where('f.kind', '<>', 'payment'),
        ),
      ),
    )
    .orderBy('o.number')
    .limit(limit)
    .execute();
}

/** The payments recorded by a record of their own (added after their order). */
export async function paymentsWithRecords(db: Executor, shopId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('fiscal_records')
    .select('payment_id')
    .where('shop_id', '=', shopId)
    .where('payment_id', 'is not', null)
    .execute();
  return rows.map((r) => Number(r.payment_id));
}

export function numbersOf(db: Executor, shopId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('orders')
    .select(['id', 'number'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
}
