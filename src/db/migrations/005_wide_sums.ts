/**
 * Sums that grow without a bound of their own take 64 bits on PostgreSQL, as every integer does on
 * SQLite: the report summary rows add up a day's orders (each at most €10,000,000, domain/limits.ts),
 * and a product's stock goes down with every sale until it is restocked. PostgreSQL's `integer` stops at
 * 2^31 − 1 cents (€21,474,836.47): one large sale made every later sale of its day fail. Frozen in time:
 * the column list is this migration's own.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './helpers.js';

const REPORT_MEASURES = [
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
];

export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return; // SQLite's integers are 64-bit already
  const columns = REPORT_MEASURES.map((m) => sql`alter column ${sql.ref(m)} type bigint`);
  await sql`alter table report_daily ${sql.join(columns, sql`, `)}`.execute(db);
  await sql`alter table products alter column stock type bigint, alter column stock_alert type bigint`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  const columns = REPORT_MEASURES.map((m) => sql`alter column ${sql.ref(m)} type integer`);
  await sql`alter table report_daily ${sql.join(columns, sql`, `)}`.execute(db);
  await sql`alter table products alter column stock type integer, alter column stock_alert type integer`.execute(
    db,
  );
}
