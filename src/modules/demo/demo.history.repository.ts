/**
 * The queries of the history generator: what it reads of a shop (catalog, venue, clients), and the bulk
 * writes (ids and order numbers taken in the writing transaction, multi-row inserts of fixed sizes so
 * the prepared statements are reused).
 */
import { CompiledQuery, sql } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { Executor } from '../../db/database.js';

export async function findShopRow(db: Executor, shopId: number) {
  return db.selectFrom('shops').selectAll().where('id', '=', shopId).executeTakeFirst();
}

export async function shopNames(db: Executor) {
  return db.selectFrom('shops').select(['id', 'name']).orderBy('id').execute();
}

/** Everything a history is made of, read from the shop, each list in id order. */
export async function readShopReference(db: Executor, shopId: number) {
  const products = await db
    .selectFrom('products as p')
    .leftJoin('departments as d', 'd.id', 'p.department_id')
    .leftJoin('department_groups as g', 'g.id', 'd.group_id')
    .select([
      'p.id',
      'p.title',
      'p.price',
      'p.vat_takeaway_bp',
      'p.vat_eat_in_bp',
      'p.department_id',
      'd.name as department',
      'g.name as department_group',
    ])
    .where('p.shop_id', '=', shopId)
    .where('p.active', '=', 1)
    .orderBy('p.id')
    .execute();
  const choices = await db
    .selectFrom('product_variation_groups as pg')
    .innerJoin('variation_choices as c', 'c.group_id', 'pg.group_id')
    .select([
      'pg.product_id',
      'pg.group_id',
      'pg.position as group_position',
      'c.id',
      'c.name',
      'c.price_delta',
    ])
    .where('pg.shop_id', '=', shopId)
    .orderBy('pg.product_id')
    .orderBy('pg.position')
    .orderBy('pg.group_id')
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
  const tables = await db
    .selectFrom('dining_tables')
    .select(['id', 'seats', 'floor'])
    .where('shop_id', '=', shopId)
    .orderBy('number')
    .execute();
  const clients = await db
    .selectFrom('clients')
    .select(['id', 'address', 'zip'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const users = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const cashboxes = await db
    .selectFrom('cashboxes')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const paymentMethods = await db
    .selectFrom('payment_methods')
    .select(['id', 'type', 'is_refund'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const deliveryMethods = await db
    .selectFrom('delivery_methods')
    .select('code')
    .where('shop_id', '=', shopId)
    .where('enabled', '=', 1)
    .orderBy('code')
    .execute();
  const relayPoints = await db
    .selectFrom('relay_points')
    .select('id')
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const deliveryMen = await db
    .selectFrom('delivery_men')
    .select('id')
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const discounts = await db
    .selectFrom('discounts')
    .select(['id', 'name', 'kind', 'value'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const zones = await db
    .selectFrom('delivery_zones')
    .select(['postcodes', 'fee'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  return {
    products,
    choices,
    tables,
    clients,
    users,
    cashboxes,
    paymentMethods,
    deliveryMethods: deliveryMethods.map((m) => m.code),
    relayPoints: relayPoints.map((r) => r.id),
    deliveryMen: deliveryMen.map((r) => r.id),
    discounts,
    zones,
  };
}
export type ShopReference = Awaited<ReturnType<typeof readShopReference>>;

/**
 * `count` new ids for `table`, ascending, inside the writing transaction: on PostgreSQL taken from the
 * table's identity sequence (so later inserts by the service never collide), on SQLite after the
 * largest id (the transaction holds the write lock).
 */
export async function reserveIds(
  db: Executor,
  table: 'orders' | 'order_lines' | 'payments',
  count: number,
): Promise<number[]> {
  if (count === 0) return [];
  if (isPostgres(db)) {
    const r = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id
      from generate_series(1, ${count})`.execute(db);
    return r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
  }
  const r = await sql<{ m: number | null }>`select max(id) as m from ${sql.table(table)}`.execute(db);
  const first = Number(r.rows[0]?.m ?? 0) + 1;
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Takes `count` gap-free order numbers of the shop (locking its row) and returns the first. */
export async function takeOrderNumbers(db: Executor, shopId: number, count: number): Promise<number> {
  const r = await db
    .updateTable('shops')
    .set((eb) => ({ last_order_number: eb('last_order_number', '+', count) }))
    .where('id', '=', shopId)
    .returning('last_order_number')
    .executeTakeFirstOrThrow();
  return r.last_order_number - count + 1;
}

/** Rows per insert statement: within SQLite's 32766 and PostgreSQL's 65535 bound values. */
const MAX_ROWS = 1000;
const MAX_VALUES = 30_000;

/**
 * Inserts `rows` (each a list of values in the order of `columns`) with multi-row statements of a few
 * fixed sizes (full chunks, then the remainder split in powers of two), so that the database layer's
 * prepared statements, cached by SQL text, are reused. The SQL text comes from Kysely for the engine.
 */
export class BulkWriter {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly table: 'orders' | 'order_lines' | 'payments' | 'clients',
    private readonly columns: readonly string[],
  ) {}

  private text(db: Executor, rows: number): string {
    const key = `${isPostgres(db) ? 'pg' : 'sqlite'}:${rows}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      const template = Object.fromEntries(this.columns.map((c) => [c, 0]));
      const compiled = db
        .insertInto(this.table)
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a template row of placeholders
        .values(Array.from({ length: rows }, () => template) as any)
        .compile();
      if (compiled.parameters.length !== rows * this.columns.length)
        throw new Error(`unexpected insert template for ${this.table}`);
      text = compiled.sql;
      this.texts.set(key, text);
    }
    return text;
  }

  async insert(db: Executor, rows: readonly unknown[][]): Promise<void> {
    const full = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_VALUES / this.columns.length)));
    let at = 0;
    while (at < rows.length) {
      const left = rows.length - at;
      const size = left >= full ? full : 2 ** Math.floor(Math.log2(left));
      const params: unknown[] = [];
      for (let i = at; i < at + size; i++) for (const v of rows[i] ?? []) params.push(v);
      await db.executeQuery(CompiledQuery.raw(this.text(db, size), params));
      at += size;
    }
  }
}

/**
 * Refreshes the query planner's statistics after a bulk load. Without them SQLite may walk a million
 * orders through an index on (shop, client) in client order — random reads — where a plain scan is
 * several times faster (the report rebuild that follows is the first to feel it).
 */
export async function analyzeTables(db: Executor): Promise<void> {
  if (isPostgres(db)) await sql`analyze orders, order_lines, payments`.execute(db);
  else await sql`analyze`.execute(db);
}
