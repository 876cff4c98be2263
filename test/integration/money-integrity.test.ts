/**
 * Money never leaves the shop twice, and no number a caller sends breaks the till: a refund names each
 * line once; concurrent refunds, payments, validations and table moves of one order serialize on its
 * row (on PostgreSQL over pooled connections, and from two nodes); amounts, quantities, ids, cursors and
 * texts are bounded (domain/limits.ts) with errors naming the field; sums past PostgreSQL's 32-bit
 * integers stay exact. Runs on both databases.
 */
import * as z from 'zod';
import { allTools } from '../../src/mcp/server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COVERS, MAX_ID, MAX_QUANTITY } from '../../src/domain/limits.js';
import { rebuildReports } from '../../src/modules/reports/reports.rebuild.js';
import { call, fails, keptAndRebuilt, ok, startInProcess, type Harness } from '../helpers.js';

interface Line {
  id: number;
  quantity: number;
  refundedQuantity: number;
}
interface Order {
  id: number;
  number: number | null;
  total: number;
  paid: number;
  due: number;
  refunded: number;
  lines: Line[];
  payments: { amount: number }[];
  creditNotes: { id: number; total: number }[];
  replayed: boolean;
}

const onPostgres = Boolean(process.env.COMPTOIR_TEST_DB);

/** The text of a tool call that must fail, whether the SDK refused the arguments or the tool did. */
async function refused(h: Harness, name: string, args: Record<string, unknown>): Promise<string> {
  const r = await call(h.client, name, args).catch((e: unknown) => ({
    isError: true,
    content: [{ type: 'text', text: String(e) }],
  }));
  const text = r.content.map((c) => c.text ?? '').join(' ');
  if (!r.isError) throw new Error(`${name} unexpectedly succeeded: ${text.slice(0, 200)}`);
  expect(text).not.toMatch(/internal error/i);
  return text;
}

async function summaryRowsMatchRebuild(h: Harness): Promise<void> {
  const [kept, rebuilt] = await keptAndRebuilt(h.db, h.shopId);
  expect(kept).toBe(rebuilt);
}

describe('money integrity', () => {
  let h: Harness;
  /** a second node: its own server and connection pool on the same database (PostgreSQL only) */
  let node2: Harness | undefined;
  let cash: number;
  let card: number;
  const both = (i: number) => (node2 && i % 2 ? node2 : h).client;

  beforeAll(async () => {
    h = await startInProcess();
    if (onPostgres) node2 = await startInProcess({ dbFile: h.dbFile });
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    cash = modes.items.find((m) => m.type === 'cash' && !m.refund)!.id;
    card = modes.items.find((m) => m.type === 'card' && !m.refund)!.id;
  });
  afterAll(async () => {
    await node2?.close();
    await h.close();
  });

  const sale = (args: Record<string, unknown>) => ok<Order>(h.client, 'sale_create', args);
  const detail = (orderId: number) => ok<Order>(h.client, 'order_detail', { orderId });
  const nextNumber = async () =>
    (await sale({ items: [{ type: 'free', price: 1, title: 'probe' }] })).number!;

  describe('a refund names each line once', () => {
    it('refuses the same line twice in one request and writes nothing', async () => {
      const o = await sale({ payment: cash, items: [{ productName: 'Café', quantity: 2 }] });
      const lineId = o.lines[0]!.id;
      const err = await fails(h.client, 'order_refund', {
        orderId: o.id,
        lines: Array.from({ length: 10 }, () => ({ lineId, quantity: 2 })),
      });
      expect(err).toContain('lines[1].lineId');
      expect(err).toContain('once');
      const after = await detail(o.id);
      expect(after.creditNotes).toEqual([]);
      expect(after.lines[0]!.refundedQuantity).toBe(0);
      // one entry with the whole quantity still works, and pays back what was paid, once
      const note = await ok<Order>(h.client, 'order_refund', {
        orderId: o.id,
        lines: [{ lineId, quantity: 2 }],
      });
      expect(note.total).toBe(-o.total);
      expect(note.paid).toBe(-o.total);
    });
  });

  describe(`concurrent writes on one order (${onPostgres ? 'two nodes' : 'one node'})`, () => {
    it('20 concurrent full refunds of a paid order make one credit note and pay back once', async () => {
      const o = await sale({
        payment: card,
        items: [{ productName: 'Café', quantity: 2 }, { productName: 'Croissant' }],
      });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => call(both(i), 'order_refund', { orderId: o.id })),
      );
      expect(results.filter((r) => !r.isError)).toHaveLength(1);
      for (const r of results.filter((x) => x.isError))
        expect(r.content[0]?.text).toContain('nothing left to refund');
      const after = await detail(o.id);
      expect(after.creditNotes).toHaveLength(1);
      expect(after.refunded).toBe(o.total);
      const note = await detail(after.creditNotes[0]!.id);
      expect(note.paid).toBe(-o.total);
    });

    it('20 concurrent one-unit refunds of a 5-unit line refund 5 units', async () => {
      const o = await sale({ payment: cash, items: [{ productName: 'Croissant', quantity: 5 }] });
      const lineId = o.lines[0]!.id;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(both(i), 'order_refund', { orderId: o.id, lines: [{ lineId, quantity: 1 }] }),
        ),
      );
      expect(results.filter((r) => !r.isError)).toHaveLength(5);
      const after = await detail(o.id);
      expect(after.lines[0]!.refundedQuantity).toBe(5);
      expect(after.creditNotes).toHaveLength(5);
      expect(after.refunded).toBe(o.total);
      const paidBack = (await Promise.all(after.creditNotes.map((c) => detail(c.id)))).reduce(
        (s, c) => s + c.paid,
        0,
      );
      expect(Math.round(paidBack * 100)).toBe(-Math.round(o.total * 100));
    });

    it('20 concurrent payments in full of an unpaid order record one payment', async () => {
      const o = await sale({ payment: -1, items: [{ type: 'free', price: 10, title: 'Menu' }] });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => call(both(i), 'order_edit', { orderId: o.id, payment: card })),
      );
      expect(results.filter((r) => r.isError)).toEqual([]);
      const after = await detail(o.id);
      expect(after.payments.map((p) => p.amount)).toEqual([10]);
      expect(after.paid).toBe(10);
      expect(after.due).toBe(0);
    });

    it('twenty €1 partial payments of a €10 order record ten', async () => {
      const o = await sale({ payment: -1, items: [{ type: 'free', price: 10, title: 'Menu' }] });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(both(i), 'order_edit', { orderId: o.id, payment: cash, paymentAmount: 1 }),
        ),
      );
      expect(results.filter((r) => !r.isError)).toHaveLength(10);
      const after = await detail(o.id);
      expect(after.payments).toHaveLength(10);
      expect(after.paid).toBe(10);
      expect(after.due).toBe(0);
    });

    it('20 concurrent validations of one quote give it one number, with no hole, counted once', async () => {
      const quote = await sale({
        payment: -2,
        idtable: 7,
        numcouverts: 4,
        items: [{ productName: 'Café', quantity: 3 }],
      });
      const before = await nextNumber();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => call(both(i), 'order_edit', { orderId: quote.id, payment: -1 })),
      );
      expect(results.filter((r) => r.isError)).toEqual([]);
      const validated = await detail(quote.id);
      expect(validated.number).toBe(before + 1);
      expect(await nextNumber()).toBe(before + 2);
      await summaryRowsMatchRebuild(h);
    });

    it('20 concurrent table and covers moves of a validated order keep the summary rows exact', async () => {
      const o = await sale({ payment: cash, idtable: 3, numcouverts: 2, items: [{ productName: 'Café' }] });
      await ok(h.client, 'order_refund', { orderId: o.id }); // its credit note moves with it
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(both(i), 'order_edit', { orderId: o.id, idtable: 10 + (i % 5), numcouverts: 1 + (i % 4) }),
        ),
      );
      expect(results.filter((r) => r.isError)).toEqual([]);
      await summaryRowsMatchRebuild(h);
    });

    it('a reports rebuild while the shop sells, takes payments and moves tables keeps the rows exact', async () => {
      const unpaid = await Promise.all(
        Array.from({ length: 6 }, () => sale({ payment: -1, idtable: 20, items: [{ productName: 'Café' }] })),
      );
      const rebuild = () => h.db.transaction().execute((tx) => rebuildReports(tx, h.shopId));
      await Promise.all([
        rebuild(),
        ...Array.from({ length: 12 }, (_, i) =>
          ok(both(i), 'sale_create', { payment: cash, items: [{ productName: 'Croissant' }] }),
        ),
        rebuild(),
        ...unpaid.map((o, i) => ok(both(i), 'order_edit', { orderId: o.id, payment: card })),
        ...unpaid.map((o, i) =>
          ok(both(i + 1), 'order_edit', { orderId: o.id, idtable: 21, numcouverts: 2 }),
        ),
        rebuild(),
      ]);
      await summaryRowsMatchRebuild(h);
    });

    it('takes a product named on several lines of one sale out of stock once per unit, sales at once', async () => {
      const products = await ok<{ items: { id: number }[] }>(h.client, 'data_list_products', { limit: 2 });
      const id = products.items[1]!.id;
      await h.db.updateTable('products').set({ stock: 500 }).where('id', '=', id).execute();
      const line = (quantity: number) => ({ productId: id, quantity });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ok(both(i), 'sale_create', { items: [line(1), line(2), line(1)], payment: cash }),
        ),
      );
      const row = await h.db
        .selectFrom('products')
        .select('stock')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.stock).toBe(500 - 20 * 4);
    });

    it('a retried refund that waited on the lock replays the credit note', async () => {
      const o = await sale({ payment: cash, items: [{ productName: 'Café', quantity: 2 }] });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ok<Order>(both(i), 'order_refund', { orderId: o.id, idempotencyKey: `refund-${o.id}` }),
        ),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect((await detail(o.id)).creditNotes).toHaveLength(1);
    });
  });

  describe('bounds (domain/limits.ts)', () => {
    it('takes orders at the largest amount, sums them past 2^31 cents, and keeps selling', async () => {
      const big = { type: 'free', price: 1_000_000, title: 'Yacht' };
      for (let i = 0; i < 3; i++) await sale({ payment: card, items: Array.from({ length: 10 }, () => big) }); // €10,000,000 each
      const after = await sale({ payment: cash, items: [{ productName: 'Café' }] });
      expect(after.number).not.toBeNull();
      const today = await ok<{ totals: { revenue: number } }>(h.client, 'report_summary', {});
      const orders = await ok<{ summary: { total: number } }>(h.client, 'data_list_orders', { limit: 1 });
      expect(today.totals.revenue).toBe(orders.summary.total);
      expect(today.totals.revenue).toBeGreaterThan(30_000_000);
      await summaryRowsMatchRebuild(h);
    });

    it('refuses a line, a unit price or an order past its bound, naming the field', async () => {
      expect(await refused(h, 'sale_create', { items: [{ type: 'free', price: 1_000_000.01 }] })).toContain(
        'items[0].price: A unit price is at most 1000000',
      );
      expect(
        await fails(h.client, 'sale_create', {
          items: [{ productName: 'Café' }, { type: 'free', price: 500_000, quantity: 3 }],
        }),
      ).toContain('items[1]');
      const eleven = Array.from({ length: 11 }, () => ({ type: 'free', price: 1_000_000 }));
      expect(await fails(h.client, 'sale_create', { items: eleven })).toMatch(/items.*largest order/);
      expect(await fails(h.client, 'sale_create', { itemsList: ['Free_1000000.01_x'] })).toContain(
        'items[0]',
      );
    });

    it('takes quantities and covers up to their bound and refuses one more', async () => {
      const o = await sale({
        numcouverts: MAX_COVERS,
        items: [{ type: 'free', price: 0.01, quantity: MAX_QUANTITY }],
      });
      expect(o.lines[0]!.quantity).toBe(MAX_QUANTITY);
      expect(
        await refused(h, 'sale_create', {
          items: [{ type: 'free', price: 0.01, quantity: MAX_QUANTITY + 1 }],
        }),
      ).toContain('quantity');
      expect(
        // 9007199254740993 arrives as 2^53: past the safe integers
        await refused(h, 'sale_create', { items: [{ productName: 'Café', quantity: 2 ** 53 }] }),
      ).toContain('quantity');
      expect(await refused(h, 'sale_create', { itemsList: [`1_${MAX_QUANTITY + 1}`] })).toContain('quantity');
      expect(
        await refused(h, 'sale_create', { numcouverts: MAX_COVERS + 1, items: [{ productName: 'Café' }] }),
      ).toContain('numcouverts');
    });

    it('answers ids up to 2^31 − 1 and refuses larger ones with a clear error', async () => {
      expect(await fails(h.client, 'order_detail', { orderId: MAX_ID })).toContain(
        `No order has id ${MAX_ID}`,
      );
      expect(await refused(h, 'order_detail', { orderId: MAX_ID + 1 })).toContain('orderId');
      expect(await refused(h, 'client_balance', { clientId: 99999999999 })).toContain('clientId');
      expect(await refused(h, 'client_balance', { clientId: '99999999999' })).toContain('clientId');
      expect(
        await refused(h, 'sale_create', { idClient: '99999999999', items: [{ productName: 'Café' }] }),
      ).toContain('idClient');
      expect(await refused(h, 'sale_create', { itemsList: ['99999999999_1'] })).toContain('items[0]');
      expect(
        await refused(h, 'sale_create', { deliveryMethod: MAX_ID + 1, items: [{ productName: 'Café' }] }),
      ).toContain('deliveryMethod');
      expect(await refused(h, 'report_summary', { productId: 99999999999 })).toContain('productId');
      const bigCursor = Buffer.from(JSON.stringify({ after: 99999999999 })).toString('base64url');
      expect(await refused(h, 'data_list_orders', { cursor: bigCursor })).toContain('cursor');
      expect(await refused(h, 'data_list_products', { cursor: bigCursor })).toContain('cursor');
      const negative = Buffer.from(JSON.stringify({ after: -5 })).toString('base64url');
      expect(await refused(h, 'data_list_products', { cursor: negative })).toContain('cursor');
      // a cursor names its list: one of the clients' list is not one of the orders'
      const clients = await ok<{ nextCursor: string }>(h.client, 'data_list_clients', { limit: 1 });
      expect(await refused(h, 'data_list_orders', { cursor: clients.nextCursor })).toContain('cursor');
      expect(
        (await ok<{ count: number }>(h.client, 'data_list_clients', { cursor: clients.nextCursor })).count,
      ).toBe(1 * Math.min(100, (await ok<{ total: number }>(h.client, 'data_list_clients')).total - 1));
    });

    it('refuses texts past their length with an error naming the field', async () => {
      const long = 'x'.repeat(60_000);
      expect(await refused(h, 'product_search', { query: long })).toContain('query');
      expect(await refused(h, 'sale_create', { items: [{ productName: long }] })).toContain('productName');
      expect(
        await refused(h, 'sale_create', { pagerNum: '9'.repeat(400_000), items: [{ productName: 'Café' }] }),
      ).toContain('pagerNum');
      expect(
        await refused(h, 'sale_create', {
          items: [{ type: 'free', price: 1, title: 'y'.repeat(1_000_000) }],
        }),
      ).toContain('title');
      expect(
        await refused(h, 'sale_create', { items: [{ productName: 'Café', titleOverride: 'y'.repeat(201) }] }),
      ).toContain('titleOverride');
      const o = await sale({ items: [{ productName: 'Café', titleOverride: 'y'.repeat(200) }] });
      expect(o.lines[0]).toBeDefined();
      // at the edges: a pager of 20 characters and an order of 500 lines, not one more
      const paged = await ok<{ pager: string }>(h.client, 'sale_create', {
        pagerNum: '9'.repeat(20),
        items: [{ productName: 'Café' }],
      });
      expect(paged.pager).toBe('9'.repeat(20));
      expect(
        await refused(h, 'sale_create', { pagerNum: '9'.repeat(21), items: [{ productName: 'Café' }] }),
      ).toContain('pagerNum');
      const line = { type: 'free', price: 0.1, title: 'x' };
      expect((await sale({ items: Array.from({ length: 500 }, () => line) })).lines).toHaveLength(500);
      expect(await refused(h, 'sale_create', { items: Array.from({ length: 501 }, () => line) })).toContain(
        'items',
      );
    });

    it('refuses a NUL character in any text, naming the field, and writes nothing', async () => {
      const before = (await ok<{ total: number }>(h.client, 'data_list_orders', { validatedOrders: false }))
        .total;
      const nul = 'a\u0000b';
      expect(
        await fails(h.client, 'sale_create', { items: [{ type: 'free', price: 1, title: nul }] }),
      ).toContain('items[0].title');
      expect(await fails(h.client, 'sale_create', { itemsList: [`Free_1_${nul}`] })).toContain(
        'itemsList[0]',
      );
      expect(
        await fails(h.client, 'sale_create', { items: [{ productName: 'Café' }], publicComment: nul }),
      ).toContain('publicComment');
      expect(
        await fails(h.client, 'sale_create', { items: [{ productName: 'Café' }], client: { lastname: nul } }),
      ).toContain('client.lastname');
      expect(
        await fails(h.client, 'sale_create', { items: [{ productName: 'Café' }], idempotencyKey: nul }),
      ).toContain('idempotencyKey');
      expect(await fails(h.client, 'product_search', { query: '\u0000' })).toContain('query');
      expect(await fails(h.client, 'client_balance', { clientName: nul })).toContain('clientName');
      const o = await sale({ payment: cash, items: [{ productName: 'Café' }] });
      expect(await fails(h.client, 'order_refund', { orderId: o.id, reason: nul })).toContain('reason');
      expect(await fails(h.client, 'order_edit', { orderId: o.id, pagerNum: nul })).toContain('pagerNum');
      expect((await detail(o.id)).creditNotes).toEqual([]);
      expect(
        (await ok<{ total: number }>(h.client, 'data_list_orders', { validatedOrders: false })).total,
      ).toBe(before + 1);
    });

    it('refuses a broken character (a lone surrogate) in a text, and takes a whole emoji', async () => {
      expect(
        await fails(h.client, 'sale_create', { items: [{ type: 'free', price: 1, title: '\uDC00abc' }] }),
      ).toContain('items[0].title');
      expect(await fails(h.client, 'product_search', { query: 'caf\uD83D' })).toContain('query');
      const o = await sale({ items: [{ type: 'free', price: 1, title: 'Gâteau 🎂' }] });
      expect((await detail(o.id)).lines[0]).toMatchObject({ title: 'Gâteau 🎂' });
    });

    it('takes LIKE wildcards in names as they are written', async () => {
      expect((await ok<{ count: number }>(h.client, 'product_search', { query: '%' })).count).toBe(0);
      expect((await ok<{ count: number }>(h.client, 'product_search', { query: 'caf_' })).count).toBe(0);
      expect(await fails(h.client, 'sale_create', { items: [{ productName: '%' }] })).toContain(
        'No product is named',
      );
      expect(await fails(h.client, 'client_balance', { clientName: '%' })).toContain('No client');
      expect(
        (await ok<{ count: number }>(h.client, 'product_search', { query: 'caf' })).count,
      ).toBeGreaterThan(0);
    });

    it('bounds the titles of legacy item strings like those of objects', async () => {
      expect(await fails(h.client, 'sale_create', { itemsList: [`Free_1_${'y'.repeat(201)}`] })).toContain(
        'items[0].title',
      );
      expect(await fails(h.client, 'sale_create', { itemsList: [`1_1_${'y'.repeat(201)}`] })).toContain(
        'items[0].titleOverride',
      );
      const o = await sale({ itemsList: [`Free_1_${'y'.repeat(200)}`] });
      expect(o.lines[0]).toBeDefined();
    });

    it('refuses orderId and orderNumber together (they could name two orders)', async () => {
      const a = await sale({ payment: cash, items: [{ productName: 'Café' }] });
      const b = await sale({ payment: cash, items: [{ type: 'free', price: 500, title: 'Banquet' }] });
      expect(await fails(h.client, 'order_refund', { orderId: a.id, orderNumber: b.number })).toContain(
        'orderNumber',
      );
      expect(
        await fails(h.client, 'order_edit', { orderId: a.id, orderNumber: b.number, idtable: 3 }),
      ).toContain('not both');
      expect((await detail(a.id)).creditNotes).toEqual([]);
      expect((await detail(b.id)).creditNotes).toEqual([]);
    });

    it('says so when a payment finds nothing left to pay', async () => {
      const o = await sale({ payment: cash, items: [{ productName: 'Café' }] });
      const again = await ok<Order & { warnings: string[] }>(h.client, 'order_edit', {
        orderId: o.id,
        payment: card,
      });
      expect(again.warnings.join(' ')).toContain('nothing left to pay');
      expect(again.payments).toHaveLength(1);
    });

    it('takes dates from 1900 to 9998 and refuses others, naming the field', async () => {
      expect(
        await fails(h.client, 'data_list_orders', {
          from_date_ISO8601: '2026-01-01',
          to_date_ISO8601: '9999-12-31',
        }),
      ).toContain('to_date_ISO8601');
      expect(
        await fails(h.client, 'sale_create', {
          items: [{ productName: 'Café' }],
          deliveryTime: '0000-01-01T00:00',
        }),
      ).toContain('deliveryTime');
      expect(await fails(h.client, 'report_get', { type: 'y', date: '9999' })).toContain('date');
      expect(await fails(h.client, 'deliveries_schedule', { from: '1899-12-31' })).toContain('from');
      // the range is the instant's: a time the server shows is taken back as it is
      expect(
        await fails(h.client, 'sale_create', {
          items: [{ productName: 'Café' }],
          payment: -2,
          deliveryTime: '9998-12-31T23:30-05:00',
        }),
      ).toContain('deliveryTime');
      const late = await ok<{ id: number; deliveryTime: string }>(h.client, 'sale_create', {
        items: [{ productName: 'Café' }],
        payment: -2,
        deliveryTime: '9998-12-31T23:30+01:00',
      });
      const again = await ok<{ deliveryTime: string }>(h.client, 'order_edit', {
        orderId: late.id,
        deliveryTime: late.deliveryTime,
      });
      expect(again.deliveryTime).toBe(late.deliveryTime);
      const forged = Buffer.from(JSON.stringify({ at: 'garbage', id: 1 })).toString('base64url');
      expect(await refused(h, 'deliveries_schedule', { cursor: forged })).toContain('cursor');
      const old = await ok<{ total: number }>(h.client, 'data_list_orders', {
        from_date_ISO8601: '1900-01-01',
        to_date_ISO8601: '1900-01-02',
      });
      expect(old.total).toBe(0);
    });

    it('keeps a product selling when its stock passes what 32 bits hold', async () => {
      const products = await ok<{ items: { id: number }[] }>(h.client, 'data_list_products', { limit: 1 });
      const id = products.items[0]!.id;
      await h.db.updateTable('products').set({ stock: -2_147_483_000 }).where('id', '=', id).execute();
      await sale({ items: [{ productId: id, quantity: 1000 }] });
      const row = await h.db
        .selectFrom('products')
        .select('stock')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.stock).toBe(-2_147_484_000);
    });
  });
});

describe('every input of every tool is bounded', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess();
  });
  afterAll(() => h.close());

  it('bounds every text by a maximum length and every integer within 32 bits', () => {
    // the schemas the server checks calls with (tools/list shows a lean form without storage bounds,
    // mcp/listing.ts; docs/TOOLS.md documents these)
    const tools = allTools.map((t) => ({
      name: t.name,
      inputSchema: z.toJSONSchema(t.input, { io: 'input' }),
    }));
    const unbounded: string[] = [];
    const walk = (s: Record<string, unknown> | undefined, path: string) => {
      if (!s) return;
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>))
        walk(v, `${path}.${k}`);
      if (s.items) walk(s.items as Record<string, unknown>, `${path}[]`);
      for (const alt of [...((s.anyOf ?? []) as []), ...((s.oneOf ?? []) as [])]) walk(alt, path);
      if (s.type === 'string' && !s.enum && typeof s.maxLength !== 'number') unbounded.push(`${path}: text`);
      if (s.type === 'integer' || s.type === 'number') {
        const [min, max] = [s.minimum, s.maximum] as [number | undefined, number | undefined];
        if (min === undefined || max === undefined || min < -MAX_ID || max > MAX_ID)
          unbounded.push(`${path}: ${String(s.type)} [${min}, ${max}]`);
      }
      if (s.type === 'array' && typeof s.maxItems !== 'number') unbounded.push(`${path}: array`);
    };
    for (const t of tools) walk(t.inputSchema as Record<string, unknown>, t.name);
    expect(tools.length).toBeGreaterThan(20);
    expect(unbounded).toEqual([]);
  });
});
