/**
 * Migrations are frozen in time: a database made at version 003 (before the reports) with shops, orders,
 * refunds and payments upgrades to the latest — the migrations, then the versioned report step of
 * app/bootstrap.ts — and holds the same report data as one that recorded the same sales with the
 * reports in place. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigrated } from '../../src/app/bootstrap.js';
import { createLogger } from '../../src/app/logger.js';
import { migrateTo } from '../../src/db/migrate.js';
import type { Db } from '../../src/db/database.js';
import { FACTS_VERSION } from '../../src/modules/reports/reports.upgrade.js';
import { ok, startInProcess, summaryRows, type Harness } from '../helpers.js';

/** What the reports derive from the ledger, besides the summary rows. */
async function derived(db: Db) {
  return {
    orders: await db
      .selectFrom('orders')
      .select(['id', 'business_day', 'weekday', 'hour'])
      .orderBy('id')
      .execute(),
    lines: await db.selectFrom('order_lines').select(['id', 'vat']).orderBy('id').execute(),
    payments: await db
      .selectFrom('payments')
      .select(['id', 'business_day', 'weekday'])
      .orderBy('id')
      .execute(),
  };
}

describe('an upgrade from version 003', () => {
  let h: Harness;
  let upgraded: Db | undefined;
  beforeAll(async () => {
    h = await startInProcess({ historyDays: 4 });
  });
  afterAll(async () => {
    await upgraded?.destroy();
  });

  it('fills in the report data of existing orders as the sales themselves wrote it', async () => {
    const sale = await ok<{ id: number; lines: { id: number }[] }>(h.client, 'sale_create', {
      items: [{ productName: 'Café', quantity: 3 }, { productName: 'Croissant' }],
      idtable: 4,
      numcouverts: 2,
      payment: 2,
    });
    await ok(h.client, 'order_refund', {
      orderId: sale.id,
      lines: [{ lineId: sale.lines[0]!.id, quantity: 1 }],
    });
    const unpaid = await ok<{ id: number }>(h.client, 'sale_create', { items: [{ productName: 'Café' }] });
    await ok(h.client, 'order_edit', { orderId: unpaid.id, payment: 1, paymentAmount: 1 });
    const payments = await h.db.selectFrom('payments').select('id').execute();
    const refunds = await h.db.selectFrom('orders').select('id').where('refund_of', 'is not', null).execute();
    expect(payments.length).toBeGreaterThan(5);
    expect(refunds.length).toBeGreaterThan(0);
    const rows = await summaryRows(h.db, h.shopId);
    const before = await derived(h.db);

    await migrateTo(h.db, '003_shop_indexes');
    const tables = await h.db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain('report_daily');
    expect(tables.find((t) => t.name === 'order_lines')?.columns.map((c) => c.name)).not.toContain('vat');
    const location = h.dbFile;
    await h.close();

    upgraded = await openMigrated({ db: location, sqliteSynchronous: 'normal' });
    expect(await summaryRows(upgraded, h.shopId)).toBe(rows);
    expect(await derived(upgraded)).toEqual(before);
    const version = await upgraded
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'reports_facts_version')
      .executeTakeFirstOrThrow();
    expect(Number(version.value)).toBe(FACTS_VERSION);
  });

  it('chains the orders recorded before the fiscal chain existed, once, told by the initialisation event', async () => {
    const db = upgraded!;
    const validated = await db
      .selectFrom('orders')
      .select('id')
      .where('number', 'is not', null)
      .orderBy('id')
      .execute();
    const records = await db
      .selectFrom('fiscal_records')
      .select(['kind', 'order_id', 'content'])
      .where('chain', '=', 'ticket')
      .orderBy('seq')
      .execute();
    const orders = records.filter((r) => r.kind !== 'payment');
    expect(orders.map((r) => r.order_id).sort((a, b) => a! - b!)).toEqual(validated.map((o) => o.id));
    // in number order
    const numbers = orders.map((r) => (JSON.parse(r.content) as { number: number }).number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const events = await db
      .selectFrom('fiscal_records')
      .select(['kind', 'content'])
      .where('chain', '=', 'event')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['initialisation']);
    expect(JSON.parse(events[0]!.content)).toMatchObject({
      orders: validated.length,
      from: 1,
      to: numbers.at(-1),
    });
    const { verifyShop } = await import('../../src/modules/fiscal/fiscal.verify.js');
    const v = await verifyShop({
      shopId: h.shopId,
      actor: 't',
      scopes: ['read'],
      db,
      clock: () => new Date(),
      logger: createLogger('silent'),
    });
    expect(v.problems).toEqual([]);
    // a second start chains nothing again
    const { startEveryChain } = await import('../../src/modules/fiscal/fiscal.chain.js');
    expect(await startEveryChain(db)).toBe(0);
  });
});
