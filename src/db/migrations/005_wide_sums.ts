/**
 * Sums that grow without a bound of their own take 64 bits on PostgreSQL, as every integer does on
 * SQLite: the report summary rows add up a day's orders (each at most €10,000,000, domain/limits.ts),
 * and a product's stock goes down with every sale until it is restocked. PostgreSQL's `integer` stops at
 * 2^31 − 1 cents (€21,474,836.47): one large sale made every later sale of its day fail. Frozen in time:
 * it widens the measure columns the table has when it runs.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './helpers.js';

/** The measure columns of the summary rows: every integer column but the key's. */
async function measureColumns(db: AnyDb, type: 'integer' | 'bigint'): Promise<string[]> {
  const r = await sql<{ name: string }>`select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = 'report_daily' and data_type = ${type}
      and column_name not in ('shop_id', 'key', 'weekday', 'vat_bp')
    order by ordinal_position`.execute(db);
  return r.rows.map((row) => row.name);
}

export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return; // SQLite's integers are 64-bit already
  const columns = (await measureColumns(db, 'integer')).map(
    (m) => sql`alter column ${sql.ref(m)} type bigint`,
  );
  await sql`alter table report_daily ${sql.join(columns, sql`, `)}`.execute(db);
  await sql`alter table products alter column stock type bigint, alter column stock_alert type bigint`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  const columns = (await measureColumns(db, 'bigint')).map(
    (m) => sql`alter column ${sql.ref(m)} type integer`,
  );
  await sql`alter table report_daily ${sql.join(columns, sql`, `)}`.execute(db);
  await sql`alter table products alter column stock type integer, alter column stock_alert type integer`.execute(
    db,
  );
}
