/**
 * Reports: where each validated order falls in its shop's week (business day, weekday, clock hour), the
 * VAT of each line, the business day of each payment, and the `report_daily` summary rows. Only the
 * shapes: existing orders are filled in after the migrations (see the end of `up`).
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './helpers.js';

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

  // The backfill of what existing orders add to the reports is not done here: it would run today's
  // report code inside a migration frozen in time. A database that already holds orders is marked as
  // needing it; the versioned step that runs after the migrations (modules/reports/reports.upgrade.ts)
  // fills it in with the code of its day.
  const anyOrder = await db.selectFrom('orders').select('id').limit(1).executeTakeFirst();
  if (anyOrder)
    await db.insertInto('settings').values({ key: 'reports_facts_version', value: '0' }).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', 'reports_facts_version').execute();
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
