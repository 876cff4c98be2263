/**
 * The fiscal chain (issue 16, docs/FISCAL.md): each shop's signing key, and its records — every
 * validated order and credit note, every payment added later, the events of its technical journal —
 * each holding the canonical text of what it records, the hash of the record before it in its chain
 * and its own, and its signature. Records are appended, never changed: triggers refuse an update or a
 * delete (a SQL client must drop them first, and `ledger_verify` then names what was touched).
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './helpers.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('fiscal_keys')
    .addColumn('shop_id', 'integer', (c) => c.primaryKey().references('shops.id'))
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Keyed by place (no row id: one B-tree, on SQLite the table itself, written once per sale)
  const records = db.schema
    .createTable('fiscal_records')
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('order_id', 'integer')
    .addColumn('payment_id', 'integer')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fiscal_records_pk', ['shop_id', 'chain', 'seq']);
  await (isPostgres(db) ? records : records.modifyEnd(sql`without rowid`)).execute();
  await db.schema
    .createIndex('fiscal_records_order')
    .on('fiscal_records')
    .columns(['shop_id', 'order_id'])
    .execute();
  // Orders recorded before this migration are chained once by the first start (fiscal.chain.ts
  // startEveryChain): 0 says it has yet to run; a database without orders has nothing to chain.
  const orders = await sql<{ n: number }>`select count(*) as n from orders`.execute(db);
  await sql`insert into settings (key, value) values ('fiscal_chains_started', ${Number(orders.rows[0]?.n ?? 0) > 0 ? '0' : '1'})`.execute(
    db,
  );
  if (isPostgres(db)) {
    await sql`create function fiscal_record_kept() returns trigger language plpgsql as $$
      begin raise exception 'fiscal records are never changed or deleted (docs/FISCAL.md)'; end $$`.execute(
      db,
    );
    await sql`create trigger fiscal_records_kept before update or delete on fiscal_records
      for each row execute function fiscal_record_kept()`.execute(db);
    await sql`create trigger fiscal_keys_kept before update or delete on fiscal_keys
      for each row execute function fiscal_record_kept()`.execute(db);
    // a truncate fires no row trigger
    for (const table of ['fiscal_records', 'fiscal_keys'])
      await sql`create trigger ${sql.raw(`${table}_not_truncated`)} before truncate on ${sql.table(table)}
        for each statement execute function fiscal_record_kept()`.execute(db);
  } else {
    for (const table of ['fiscal_records', 'fiscal_keys'])
      for (const op of ['update', 'delete'])
        await sql`create trigger ${sql.raw(`${table}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(table)}
          begin select raise(abort, 'fiscal records are never changed or deleted (docs/FISCAL.md)'); end`.execute(
          db,
        );
    // INSERT OR REPLACE deletes the row it replaces without a delete trigger: refused before it
    await sql`create trigger fiscal_records_no_replace before insert on fiscal_records
      when exists (select 1 from fiscal_records where shop_id = new.shop_id and chain = new.chain and seq = new.seq)
      begin select raise(abort, 'fiscal records are never changed or deleted (docs/FISCAL.md)'); end`.execute(
      db,
    );
    await sql`create trigger fiscal_keys_no_replace before insert on fiscal_keys
      when exists (select 1 from fiscal_keys where shop_id = new.shop_id)
      begin select raise(abort, 'fiscal records are never changed or deleted (docs/FISCAL.md)'); end`.execute(
      db,
    );
  }
}

export async function down(db: AnyDb): Promise<void> {
  await sql`delete from settings where key = 'fiscal_chains_started'`.execute(db);
  await db.schema.dropTable('fiscal_records').execute();
  await db.schema.dropTable('fiscal_keys').execute();
  if (isPostgres(db)) await sql`drop function fiscal_record_kept()`.execute(db);
}
