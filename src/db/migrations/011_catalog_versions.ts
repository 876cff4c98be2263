/**
 * A version number of each shop's catalog, bumped by the database itself on every write to the tables
 * the catalog's lists read (products, their departments, groups, VAT rates, variations and discounts):
 * a node keeps a list it answered until the version moves, and no write can forget to move it — a
 * management tool, an import, a sale taking stock, another node, a SQL client. The version lives in its
 * own row per shop (not in `shops`); on PostgreSQL the triggers run at the commit, so that its row is
 * the last lock a transaction takes (docs/ARCHITECTURE.md, "Locks"); SQLite writes one at a time.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './helpers.js';

export const CATALOG_TABLES = [
  'products',
  'departments',
  'department_groups',
  'vat_rates',
  'variation_groups',
  'variation_choices',
  'product_variation_groups',
  'discounts',
] as const;

const OPS = { insert: 'INSERT', update: 'UPDATE', delete: 'DELETE' } as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('catalog_versions')
    .addColumn('shop_id', 'integer', (c) => c.primaryKey().references('shops.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into catalog_versions (shop_id, version) select id, 0 from shops`.execute(db);
  if (isPostgres(db)) {
    await sql`create function bump_catalog_version() returns trigger language plpgsql as $$
      begin
        insert into catalog_versions (shop_id, version)
          values (case when tg_op = 'DELETE' then old.shop_id else new.shop_id end, 1)
          on conflict (shop_id) do update set version = catalog_versions.version + 1;
        return null;
      end $$`.execute(db);
    // deferred to the commit: a transaction takes the version's row lock after every other lock it
    // takes (an import updating products one by one, a sale taking the stock of two products), so that
    // no two transactions each hold what the other waits for
    for (const table of CATALOG_TABLES)
      await sql`create constraint trigger ${sql.raw(`${table}_catalog_version`)}
        after insert or update or delete on ${sql.table(table)}
        deferrable initially deferred
        for each row execute function bump_catalog_version()`.execute(db);
    return;
  }
  for (const table of CATALOG_TABLES)
    for (const [op, OP] of Object.entries(OPS)) {
      const row = op === 'delete' ? 'old' : 'new';
      await sql`create trigger ${sql.raw(`${table}_catalog_version_${op}`)} after ${sql.raw(OP)} on ${sql.table(table)}
        begin
          insert into catalog_versions (shop_id, version) values (${sql.raw(row)}.shop_id, 1)
            on conflict (shop_id) do update set version = version + 1;
        end`.execute(db);
    }
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    for (const table of CATALOG_TABLES)
      await sql`drop trigger if exists ${sql.raw(`${table}_catalog_version`)} on ${sql.table(table)}`.execute(
        db,
      );
    await sql`drop function if exists bump_catalog_version()`.execute(db);
  } else {
    for (const table of CATALOG_TABLES)
      for (const op of Object.keys(OPS))
        await sql`drop trigger if exists ${sql.raw(`${table}_catalog_version_${op}`)}`.execute(db);
  }
  await db.schema.dropTable('catalog_versions').execute();
}
