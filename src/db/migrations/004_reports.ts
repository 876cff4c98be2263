/**
 * Reports: where each validated order falls in its shop's week (business day, weekday, clock hour), the
 * VAT of each line, the business day of each payment, and the `report_daily` summary rows. Existing
 * orders and payments are filled in and the summary rows built from them.
 */
import { sql } from 'kysely';
import { lineVats } from '../../domain/line-vat.js';
import type { ShopClock } from '../../domain/time.js';
import type { Executor } from '../database.js';
import { rebuildFacts } from '../../modules/reports/reports.facts.js';
import { placeInShopWeek } from '../../modules/reports/reports.rebuild.js';
import { isPostgres, type AnyDb } from './helpers.js';

const BATCH = 1000;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('orders').addColumn('business_day', 'text').execute();
  await db.schema.alterTable('orders').addColumn('weekday', 'integer').execute();
  await db.schema.alterTable('orders').addColumn('hour', 'integer').execute();
  await db.schema
    .alterTable('order_lines')
    .addColumn('vat', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('payments')
    .addColumn('business_day', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('payments')
    .addColumn('weekday', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('payments_shop_day')
    .on('payments')
    .columns(['shop_id', 'business_day'])
    .execute();
  await db.schema
    .createIndex('orders_shop_delivery_time')
    .on('orders')
    .columns(['shop_id', 'delivery_time'])
    .execute();
  await db.schema.createIndex('orders_shop_client').on('orders').columns(['shop_id', 'client_id']).execute();

  let t = db.schema
    .createTable('report_daily')
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('key', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('vat_bp', 'integer', (c) => c.notNull());
  for (const m of [
    'orders',
    'covers',
    'covers_ttc',
    'refunds',
    'items',
    'refund_items',
    'ttc',
    'vat',
    'discounts',
    'refund_ttc',
    'refund_vat',
    'payments',
    'paid',
  ])
    t = t.addColumn(m, 'integer', (c) => c.notNull().defaultTo(0));
  // Weekday before day: "on Tuesdays" reads only the Tuesdays' rows; a report without a weekday filter
  // asks for the seven weekdays, seven ranges of days. On SQLite the rows are stored in key order
  // (without rowid), so a range of the key is a range of the table.
  t = t.addPrimaryKeyConstraint('report_daily_pk', ['shop_id', 'dim', 'weekday', 'day', 'key', 'vat_bp']);
  await (isPostgres(db) ? t : t.modifyEnd(sql`without rowid`)).execute();

  const shops = await db.selectFrom('shops').select(['id', 'time_zone', 'close_hour']).execute();
  for (const shop of shops) {
    const clock: ShopClock = { timeZone: shop.time_zone, closeHour: shop.close_hour };
    await backfillLineVat(db, shop.id);
    await placeInShopWeek(db as unknown as Executor, shop.id, clock);
    await rebuildFacts(db as unknown as Executor, shop.id);
  }
}

/** Each line's share of its order's VAT (domain/line-vat.ts), order by order. */
async function backfillLineVat(db: AnyDb, shopId: number): Promise<void> {
  for (let after = 0; ;) {
    const orders: { id: number }[] = await db
      .selectFrom('orders')
      .select('id')
      .where('shop_id', '=', shopId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (orders.length === 0) return;
    after = orders[orders.length - 1]!.id;
    const lines: { id: number; order_id: number; net_total: number; vat_bp: number }[] = await db
      .selectFrom('order_lines')
      .select(['id', 'order_id', 'net_total', 'vat_bp'])
      .where(
        'order_id',
        'in',
        orders.map((o) => o.id),
      )
      .orderBy('id')
      .execute();
    const byOrder = new Map<number, typeof lines>();
    for (const l of lines) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l]);
    for (const own of byOrder.values()) {
      const vats = lineVats(own.map((l) => ({ net: l.net_total, vatBp: l.vat_bp })));
      for (const [i, l] of own.entries())
        if (vats[i] !== 0)
          await db.updateTable('order_lines').set({ vat: vats[i] }).where('id', '=', l.id).execute();
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('report_daily').execute();
  await db.schema.dropIndex('orders_shop_client').execute();
  await db.schema.dropIndex('orders_shop_delivery_time').execute();
  await db.schema.dropIndex('payments_shop_day').execute();
  for (const [table, column] of [
    ['payments', 'weekday'],
    ['payments', 'business_day'],
    ['order_lines', 'vat'],
    ['orders', 'hour'],
    ['orders', 'weekday'],
    ['orders', 'business_day'],
  ] as const)
    await db.schema.alterTable(table).dropColumn(column).execute();
}
