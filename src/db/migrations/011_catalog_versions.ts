/**
 * A version number of each shop's catalog, bumped by the database itself on every write to the tables
 * the catalog's lists read (products, their departments, groups, VAT rates, variations and discounts):
 * a node keeps a list it answered until the version moves, and no write can forget to move it — a
 * management tool, an import, a sale taking stock, another node, a SQL client. The version lives in its
 * own row per shop (not in `shops`); on PostgreSQL the triggers run at the commit, so that its row is
 * the last lock a transaction takes (docs/ARCHITECTURE.md, "Locks"), once per shop and transaction;
 * SQLite writes one at a time. A version is a count that never goes below the time in milliseconds.
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

/**
 * The next version: one more, and never less than the time in milliseconds, so that a version never
 * comes back — after a backup is restored, or the table made again, the next write jumps past every
 * version a node may have kept an answer under.
 */
const NEXT_SQLITE = `max(version + 1, cast((julianday('now') - 2440587.5) * 86400000 as integer))`;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('catalog_versions')
    .addColumn('shop_id', 'integer', (c) => c.primaryKey().references('shops.id'))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into catalog_versions (shop_id, version) select id, 0 from shops`.execute(db);
  if (isPostgres(db)) {
    // Once per shop and transaction (a transaction-local setting remembers it): a bulk write of ten
    // thousand rows would otherwise update the one version row ten thousand times at its commit. As
    // its definer, with the search path of the migration: a write by another role, or under another
    // search path (a restore), still finds the table and may move it.
    await sql`create function bump_catalog_version(shop integer) returns void
      language plpgsql security definer set search_path from current as $$
      begin
        if shop is null or current_setting('comptoir.catalog_bumped_' || shop, true) = '1' then return; end if;
        perform set_config('comptoir.catalog_bumped_' || shop, '1', true);
        insert into catalog_versions (shop_id, version)
          values (shop, (extract(epoch from clock_timestamp()) * 1000)::bigint)
          on conflict (shop_id) do update set version = greatest(
            catalog_versions.version + 1, (extract(epoch from clock_timestamp()) * 1000)::bigint);
      end $$`.execute(db);
    await sql`create function catalog_row_written() returns trigger
      language plpgsql security definer set search_path from current as $$
      begin
        if tg_op <> 'INSERT' then perform bump_catalog_version(old.shop_id); end if;
        if tg_op <> 'DELETE' then perform bump_catalog_version(new.shop_id); end if;
        return null;
      end $$`.execute(db);
    // a truncate writes no row: every shop moves
    await sql`create function catalog_truncated() returns trigger
      language plpgsql security definer set search_path from current as $$
      begin
        perform bump_catalog_version(id) from shops;
        return null;
      end $$`.execute(db);
    // deferred to the commit: a transaction takes the version's row lock after every other lock it
    // takes, so that no two transactions each hold what the other waits for
    for (const table of CATALOG_TABLES) {
      await sql`create constraint trigger ${sql.raw(`${table}_catalog_version`)}
        after insert or update or delete on ${sql.table(table)}
        deferrable initially deferred
        for each row execute function catalog_row_written()`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_catalog_truncate`)}
        after truncate on ${sql.table(table)}
        for each statement execute function catalog_truncated()`.execute(db);
    }
    return;
  }
  const bump = (row: 'old' | 'new') =>
    sql.raw(`insert into catalog_versions (shop_id, version)
      select ${row}.shop_id, cast((julianday('now') - 2440587.5) * 86400000 as integer) where true
      on conflict (shop_id) do update set version = ${NEXT_SQLITE};`);
  for (const table of CATALOG_TABLES)
    for (const [op, OP] of Object.entries(OPS)) {
      // an update that moves a row to another shop moves both shops
      const body =
        op === 'delete'
          ? bump('old')
          : op === 'insert'
            ? bump('new')
            : sql`${bump('new')} ${sql.raw(`insert into catalog_versions (shop_id, version)
                select old.shop_id, 0 where old.shop_id is not new.shop_id
                on conflict (shop_id) do update set version = ${NEXT_SQLITE};`)}`;
      await sql`create trigger ${sql.raw(`${table}_catalog_version_${op}`)} after ${sql.raw(OP)} on ${sql.table(table)}
        begin ${body} end`.execute(db);
    }
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    for (const table of CATALOG_TABLES) {
      await sql`drop trigger if exists ${sql.raw(`${table}_catalog_version`)} on ${sql.table(table)}`.execute(
        db,
      );
      await sql`drop trigger if exists ${sql.raw(`${table}_catalog_truncate`)} on ${sql.table(table)}`.execute(
        db,
      );
    }
    await sql`drop function if exists catalog_row_written()`.execute(db);
    await sql`drop function if exists catalog_truncated()`.execute(db);
    await sql`drop function if exists bump_catalog_version(integer)`.execute(db);
  } else {
    for (const table of CATALOG_TABLES)
      for (const op of Object.keys(OPS))
        await sql`drop trigger if exists ${sql.raw(`${table}_catalog_version_${op}`)}`.execute(db);
  }
  await db.schema.dropTable('catalog_versions').execute();
}
