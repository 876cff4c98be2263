/**
 * The fiscal ledger against what a fresh-context review tried (issue 16): each test fails without its
 * fix. Hidden sales, a chain rebuilt from tampered rows by the verifier itself, closures re-signed with
 * the key in the database, the guards bypassed, a clock change into a closed day, history out of day
 * order, a broken heads file, one shop's broken closure. Both databases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openMigrated } from '../../src/app/bootstrap.js';
import { createLogger } from '../../src/app/logger.js';
import type { Db } from '../../src/db/database.js';
import { isPostgres } from '../../src/db/dialect.js';
import { migrateTo } from '../../src/db/migrate.js';
import { canonicalJson, recordHash } from '../../src/modules/fiscal/fiscal.canonical.js';
import { closeDueEverywhere } from '../../src/modules/fiscal/fiscal.closures.js';
import { keepHeadsApart } from '../../src/modules/fiscal/fiscal.heads.js';
import { signHash } from '../../src/modules/fiscal/fiscal.keys.js';
import type { LedgerVerification } from '../../src/modules/fiscal/fiscal.schemas.js';
import { verifyLedger } from '../../src/modules/fiscal/fiscal.service.js';
import type { Ctx } from '../../src/modules/shared/context.js';
import { call, ok, startInProcess, tempDir, type Harness } from '../helpers.js';

const onPostgres = Boolean(process.env.COMPTOIR_TEST_DB);
const logger = createLogger('silent');

async function dropGuards(db: Db): Promise<void> {
  if (isPostgres(db)) {
    for (const t of ['fiscal_records_kept', 'fiscal_records_not_truncated'])
      await sql`drop trigger ${sql.raw(t)} on fiscal_records`.execute(db);
    for (const t of ['fiscal_keys_kept', 'fiscal_keys_not_truncated'])
      await sql`drop trigger ${sql.raw(t)} on fiscal_keys`.execute(db);
  } else
    for (const t of [
      'fiscal_records_no_update',
      'fiscal_records_no_delete',
      'fiscal_records_no_replace',
      'fiscal_keys_no_update',
      'fiscal_keys_no_delete',
      'fiscal_keys_no_replace',
    ])
      await sql`drop trigger ${sql.raw(t)}`.execute(db);
}

const ctxOf =
  (db: Db, clock: () => Date) =>
  (shopId: number): Ctx => ({ shopId, actor: 't', scopes: ['read', 'sell', 'admin'], db, clock, logger });

describe(`the fiscal ledger under attack (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let h: Harness | undefined;
  let other: Db | undefined;
  let now = new Date('2026-11-30T10:00:00Z');
  const clock = () => now;
  const start = async () => (h = await startInProcess({ clock }));
  const sale = (args: Record<string, unknown> = {}) =>
    ok<{ id: number; number: number }>(h!.client, 'sale_create', {
      payment: 2,
      items: [{ productName: 'Café' }],
      ...args,
    });
  const verify = () => ok<LedgerVerification>(h!.client, 'ledger_verify');
  afterEach(async () => {
    await other?.destroy();
    other = undefined;
    await h?.close();
    h = undefined;
    now = new Date('2026-11-30T10:00:00Z');
  });

  it('names a sale hidden as a quote, and a sale added without a number', async () => {
    await start();
    const s = await sale();
    await sql`update orders set status = 'quote' where id = ${s.id}`.execute(h!.db);
    expect((await verify()).problems[0]).toMatchObject({
      record: `sale ${s.number}`,
      problem: 'row_changed',
      detail: expect.stringContaining('status: recorded validated, now quote'),
    });
    await sql`update orders set status = 'validated' where id = ${s.id}`.execute(h!.db);
    const quote = await ok<{ id: number }>(h!.client, 'sale_create', {
      payment: -2,
      items: [{ productName: 'Café' }],
    });
    await sql`update orders set status = 'validated' where id = ${quote.id}`.execute(h!.db);
    expect((await verify()).problems).toEqual([
      expect.objectContaining({ problem: 'unrecorded', detail: expect.stringContaining('no number') }),
    ]);
  });

  it('never chains again a shop whose key and records were removed: the verification names them', async () => {
    await start();
    const s = await sale();
    await dropGuards(h!.db);
    await sql`update order_lines set unit_price = 1 where order_id = ${s.id}`.execute(h!.db);
    await sql`delete from fiscal_records`.execute(h!.db);
    await sql`delete from fiscal_keys`.execute(h!.db);
    // what every command does at its start (ledger verify included)
    other = await openMigrated({ db: h!.dbFile, sqliteSynchronous: 'normal' });
    const v = await verifyLedger(ctxOf(other, clock)(h!.shopId));
    expect(v.problems.map((p) => p.problem)).toEqual(['no_key', 'unrecorded']);
    expect(await other.selectFrom('fiscal_keys').selectAll().execute()).toEqual([]); // none was made
  });

  it('names closures re-signed with the key of the database: the ticket they closed on, their numbers and grand totals', async () => {
    await start();
    await sale();
    await sale();
    now = new Date('2026-12-01T10:00:00Z');
    await closeDueEverywhere(h!.db, ctxOf(h!.db, clock));
    expect((await verify()).problems).toEqual([]);
    await dropGuards(h!.db);
    const key = await h!.db.selectFrom('fiscal_keys').select('private_key').executeTakeFirstOrThrow();
    // the attacker rewrites the tickets' chain from record 1 with another title, and signs it again
    const tickets = await h!.db
      .selectFrom('fiscal_records')
      .selectAll()
      .where('chain', '=', 'ticket')
      .orderBy('seq')
      .execute();
    let prev = '0'.repeat(64);
    for (const r of tickets) {
      const content = r.content.replace('"title":"Café"', '"title":"Eau"');
      const hash = recordHash('ticket', r.seq, prev, content);
      await sql`update fiscal_records set content = ${content}, prev_hash = ${prev}, hash = ${hash}, signature = ${signHash(key.private_key, hash)} where chain = 'ticket' and seq = ${r.seq}`.execute(
        h!.db,
      );
      prev = hash;
    }
    await sql`update order_lines set title = 'Eau'`.execute(h!.db);
    const v = await verify();
    expect(v.problems.map((p) => [p.chain, p.problem])).toContainEqual(['closure', 'closure_mismatch']);
    expect(v.problems.find((p) => p.chain === 'closure')!.detail).toContain('the tickets were written again');
    // and a Z's grand total re-signed
    const z = await h!.db
      .selectFrom('fiscal_records')
      .selectAll()
      .where('chain', '=', 'closure')
      .where('kind', '=', 'day')
      .executeTakeFirstOrThrow();
    const c = JSON.parse(z.content) as { grandTotal: { perpetual: number }; number: number };
    c.grandTotal.perpetual = 99_999_900;
    c.number = 7;
    const content = canonicalJson(c as never);
    const hash = recordHash('closure', z.seq, z.prev_hash, content);
    await sql`update fiscal_records set content = ${content}, hash = ${hash}, signature = ${signHash(key.private_key, hash)} where chain = 'closure' and seq = ${z.seq}`.execute(
      h!.db,
    );
    const w = await verify();
    const details = w.problems
      .filter((p) => p.chain === 'closure')
      .map((p) => p.detail)
      .join(' ');
    expect(details).toContain('grand totals that do not add up');
    expect(details).toContain('numbered Z 7');
  });

  it('names a public key that does not read, without crashing', async () => {
    await start();
    await sale();
    await dropGuards(h!.db);
    await sql`update fiscal_keys set public_key = 'BBBB'`.execute(h!.db);
    const v = await verify();
    expect(v.problems[0]).toMatchObject({ problem: 'key_changed' });
    expect(v.publicKey).toBeNull();
  });

  it('refuses INSERT OR REPLACE and TRUNCATE of the records while the guards stand', async () => {
    await start();
    await sale();
    if (isPostgres(h!.db)) {
      await expect(sql`truncate fiscal_records`.execute(h!.db)).rejects.toThrow(/never changed/);
      await expect(sql`truncate fiscal_keys cascade`.execute(h!.db)).rejects.toThrow(/never changed/);
    } else {
      await expect(
        sql`insert or replace into fiscal_records select * from fiscal_records where seq = 1`.execute(h!.db),
      ).rejects.toThrow(/never changed/);
      await expect(
        sql`insert or replace into fiscal_keys select * from fiscal_keys`.execute(h!.db),
      ).rejects.toThrow(/never changed/);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('refuses a new clock that would place now in a closed business day', async () => {
    await start();
    await sale();
    now = new Date('2026-12-01T03:00:00Z'); // after the 2 a.m. close of 30 November
    await closeDueEverywhere(h!.db, ctxOf(h!.db, clock));
    const r = await call(h!.client, 'shop_edit', { closeHour: 12 });
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(/closeHour.*business day 2026-11-30, which is closed/s);
    expect((await ok<{ closeHour: number }>(h!.client, 'shop_show')).closeHour).toBe(2);
    expect((await call(h!.client, 'shop_edit', { closeHour: 1 })).isError).toBeFalsy(); // keeps 1 December open
  });

  it('lets a clock change follow an owner closing early, and places a sale of a closed day in the first open day', async () => {
    await start();
    await sale();
    expect((await ok<{ made: unknown[] }>(h!.client, 'day_close')).made).toHaveLength(1);
    // the rest of 30 November follows in another Z: the close hour may still change today
    expect((await call(h!.client, 'shop_edit', { closeHour: 3 })).isError).toBeFalsy();
    now = new Date('2026-12-02T01:00:00Z'); // 2 a.m. in Paris: still 1 December's business day
    await sale();
    now = new Date('2026-12-02T04:00:00Z');
    await closeDueEverywhere(h!.db, ctxOf(h!.db, clock)); // closes 1 December (and November)
    now = new Date('2026-11-30T11:00:00Z'); // a clock that went back
    await sale();
    now = new Date('2026-12-03T05:00:00Z');
    await closeDueEverywhere(h!.db, ctxOf(h!.db, clock));
    const zs = await h!.db
      .selectFrom('fiscal_records')
      .select('content')
      .where('chain', '=', 'closure')
      .where('kind', '=', 'day')
      .orderBy('seq')
      .execute();
    expect(zs.map((z) => (JSON.parse(z.content) as { period: string }).period)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect((await verify()).problems).toEqual([]);
  });

  it("closes an upgraded database's history day by day, a later payment in the day it was made", async () => {
    await start();
    now = new Date('2026-11-10T10:00:00Z');
    const tab = await ok<{ id: number }>(h!.client, 'sale_create', {
      payment: -1,
      items: [{ productName: 'Café' }],
    });
    now = new Date('2026-11-11T10:00:00Z');
    await sale({ items: [{ productName: 'Croissant', quantity: 3 }] });
    now = new Date('2026-11-12T10:00:00Z');
    await ok(h!.client, 'order_edit', { orderId: tab.id, payment: 2 });
    await sale({ items: [{ productName: 'Café', quantity: 2 }] });
    const file = h!.dbFile;
    await migrateTo(h!.db, '011_catalog_versions');
    await h!.close();
    h = undefined;
    other = await openMigrated({ db: file, sqliteSynchronous: 'normal' });
    now = new Date('2026-11-13T10:00:00Z');
    await closeDueEverywhere(other, ctxOf(other, clock));
    const zs = await other
      .selectFrom('fiscal_records')
      .select('content')
      .where('chain', '=', 'closure')
      .where('kind', '=', 'day')
      .orderBy('seq')
      .execute();
    const days = zs.map(
      (z) => JSON.parse(z.content) as { period: string; counts: { sales: number; payments: number } },
    );
    expect(days.map((d) => [d.period, d.counts.sales, d.counts.payments])).toEqual([
      ['2026-11-10', 1, 0],
      ['2026-11-11', 1, 1],
      ['2026-11-12', 1, 2],
    ]);
  });

  it('reports a heads file that cannot be read, and one of another key, without stopping the server', async () => {
    await start();
    const heads = path.join(tempDir(), 'heads.json');
    fs.writeFileSync(heads, '{"format":');
    keepHeadsApart(h!.db, heads);
    await sale();
    await new Promise((r) => setTimeout(r, 400)); // the write every 200 ms: it must not throw
    expect((await verify()).problems[0]).toMatchObject({ problem: 'heads_unreadable' });
    expect(fs.readFileSync(heads, 'utf8')).toBe('{"format":'); // kept as evidence
    fs.writeFileSync(
      heads,
      JSON.stringify({
        format: 'comptoir-fiscal-heads-2',
        shops: { [h!.shopId]: { key: '0123456789abcdef', chains: { ticket: { seq: 90, hash: 'x' } } } },
      }),
    );
    const v = await verify();
    expect(v.problems.map((p) => p.problem)).toEqual(['heads_other_key']);
    expect(v.problems[0]!.detail).toContain('move that file aside');
  });

  it("closes every other shop when one shop's closures cannot be made", async () => {
    await start();
    await sale();
    const { createEmptyShop } = await import('../../src/modules/demo/demo.service.js');
    const shopB = await createEmptyShop(h!.db, 'B', now);
    await ok(h!.client, 'sale_create', { payment: 2, items: [{ productName: 'Café' }] }); // shop 1 again
    const { createSale } = await import('../../src/modules/sales/sales.service.js');
    await createSale(ctxOf(h!.db, clock)(shopB), {
      payment: -1,
      items: [{ type: 'free', price: 3, title: 'Thé' }],
    } as never);
    // shop 1's key made unusable (the first shop is closed first)
    await dropGuards(h!.db);
    await sql`update fiscal_keys set private_key = 'AAAA' where shop_id = ${h!.shopId}`.execute(h!.db);
    other = await openMigrated({ db: h!.dbFile, sqliteSynchronous: 'normal' }); // no key kept in memory
    now = new Date('2026-12-01T10:00:00Z');
    const failed: number[] = [];
    expect(await closeDueEverywhere(other, ctxOf(other, clock), (shop) => failed.push(shop))).toBe(2); // B's Z and month
    expect(failed).toEqual([h!.shopId]);
    const zB = await other
      .selectFrom('fiscal_records')
      .select('kind')
      .where('shop_id', '=', shopB)
      .where('chain', '=', 'closure')
      .execute();
    expect(zB.map((z) => z.kind)).toEqual(['day', 'month']);
  });
});
