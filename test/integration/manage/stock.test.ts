/**
 * stock_adjust, stock_count, stock_movements, stock_low through the MCP client; the movements sales and
 * refunds record; a shop's stock tools never reaching another shop; and 20 concurrent adjustments with
 * 20 concurrent sales of one product ending exact (on PostgreSQL from two nodes).
 */
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.js';
import { buildServer } from '../../../src/mcp/server.js';
import { createDemoShop } from '../../../src/modules/demo/demo.service.js';
import { call, fails, ok, startInProcess, type Harness } from '../../helpers.js';

const onPostgres = Boolean(process.env.COMPTOIR_TEST_DB);

interface Adjusted {
  productId: number;
  product: string;
  quantity: number;
  stock: number;
  stockAlert: number | null;
  movementId: number;
  replayed: boolean;
  warnings: string[];
}
interface Counted {
  items: { productId: number; product: string; before: number; counted: number; difference: number }[];
  changed: number;
  replayed: boolean;
  warnings: string[];
}
interface Movement {
  id: number;
  productId: number;
  product: string;
  kind: string;
  reason: string | null;
  note: string | null;
  quantity: number;
  stock: number;
  orderId: number | null;
  actor: string;
  at: string;
}
interface List<T> {
  total: number;
  count: number;
  nextCursor: string | null;
  items: T[];
}
interface Order {
  id: number;
  lines: { id: number; productId: number | null; quantity: number }[];
}

describe('stock', () => {
  let h: Harness;
  let node2: Harness | undefined;
  let cash: number;
  const productId = async (name: string) =>
    (
      await ok<{ items: { id: number; title: string }[] }>(h.client, 'product_search', { query: name })
    ).items.find((p) => p.title === name)!.id;
  const level = async (id: number) =>
    (await h.db.selectFrom('products').select('stock').where('id', '=', id).executeTakeFirstOrThrow()).stock;
  const movements = (args: Record<string, unknown> = {}) =>
    ok<List<Movement>>(h.client, 'stock_movements', args);
  const movementCount = async () =>
    Number(
      (
        await h.db
          .selectFrom('stock_movements')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await startInProcess();
    if (onPostgres) node2 = await startInProcess({ dbFile: h.dbFile });
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    cash = modes.items.find((m) => m.type === 'cash' && !m.refund)!.id;
  });
  afterAll(async () => {
    await node2?.close();
    await h.close();
  });

  it('adjusts a level by a delta with its reason, once per idempotency key, journaled', async () => {
    const coca = await productId('Coca-Cola 33cl');
    const start = (await level(coca))!;
    const args = {
      productName: 'coca',
      quantity: 48,
      reason: 'delivery',
      note: 'BL 4512',
      idempotencyKey: 'd1',
    };
    const r = await ok<Adjusted>(h.client, 'stock_adjust', args);
    expect(r).toMatchObject({
      productId: coca,
      product: 'Coca-Cola 33cl',
      quantity: 48,
      stock: start + 48,
      replayed: false,
    });
    expect(await ok<Adjusted>(h.client, 'stock_adjust', args)).toMatchObject({
      movementId: r.movementId,
      replayed: true,
    });
    expect(await level(coca)).toBe(start + 48);
    expect(await fails(h.client, 'stock_adjust', { ...args, quantity: 24 })).toMatch(
      /idempotencyKey.*already used/s,
    );

    const waste = await ok<Adjusted>(h.client, 'stock_adjust', {
      productId: coca,
      quantity: -3,
      reason: 'breakage',
    });
    expect(waste.stock).toBe(start + 45);
    const list = await movements({ productId: coca });
    expect(
      list.items.map((m) => [m.kind, m.reason, m.note, m.quantity, m.stock, m.actor, m.orderId]),
    ).toEqual([
      ['adjustment', 'delivery', 'BL 4512', 48, start + 48, 'test', null],
      ['adjustment', 'breakage', null, -3, start + 45, 'test', null],
    ]);
    const journal = await ok<
      List<{ entityId: number; via: string; before: unknown; after: { stock: number } }>
    >(h.client, 'audit_list', { entity: 'stock', entityId: coca });
    expect(journal.items.map((j) => [j.via, j.before, j.after.stock])).toEqual([
      ['stock_adjust', { stock: start }, start + 48],
      ['stock_adjust', { stock: start + 48 }, start + 45],
    ]);
  });

  it('refuses a bad adjustment, naming the field and the fix, and writes nothing', async () => {
    const before = await movementCount();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ productName: 'Café', quantity: 5, reason: 'delivery' }, /productName.*no stock tracking.*plu_edit/s],
      [{ productName: 'Coca', quantity: 0, reason: 'delivery' }, /quantity cannot be 0/],
      [{ productName: 'Coca', quantity: 1_000_001, reason: 'delivery' }, /quantity/],
      [{ productName: 'Coca', quantity: 1.5, reason: 'delivery' }, /quantity/],
      [{ productName: 'Coca', quantity: 2, reason: 'gift' }, /reason/],
      [{ productName: 'Coca', quantity: 2 }, /reason/],
      [{ productId: 999999, quantity: 2, reason: 'delivery' }, /productId.*No product has id 999999/s],
      [{ productId: 1, productName: 'Coca', quantity: 2, reason: 'delivery' }, /not both/],
      [{ quantity: 2, reason: 'delivery' }, /productId.*Name the product/s],
      [
        { productName: 'Coca-Cola', quantity: 2, reason: 'delivery' },
        /matches 2 products.*Coca-Cola 33cl.*Coca-Cola Zero/s,
      ],
      [
        { productName: 'Licorne', quantity: 2, reason: 'delivery' },
        /No product is named "Licorne".*product_search/s,
      ],
      [{ productName: 'Coca', quantity: 2, reason: 'other', note: 'x'.repeat(501) }, /note/],
    ];
    for (const [args, message] of cases) {
      const r = await call(h.client, 'stock_adjust', args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(r.content[0]!.text).toMatch(message);
    }
    expect(await movementCount()).toBe(before);
  });

  it('says when a level goes below zero, and counts an inventory with its differences', async () => {
    const croissant = await productId('Croissant');
    const coca = await productId('Coca-Cola 33cl');
    const start = (await level(croissant))!;
    const under = await ok<Adjusted>(h.client, 'stock_adjust', {
      productName: 'Croissant',
      quantity: -(start + 2),
      reason: 'waste',
    });
    expect(under.stock).toBe(-2);
    expect(under.warnings.join(' ')).toMatch(/below zero.*stock_count/);

    const cocaBefore = (await level(coca))!;
    const args = {
      items: [
        { productName: 'Croissant', counted: 0 },
        { productId: String(coca), counted: 50 },
      ],
      note: 'inventaire de novembre',
      idempotencyKey: 'c1',
    };
    const r = await ok<Counted>(h.client, 'stock_count', args);
    expect(r).toMatchObject({
      changed: 2,
      replayed: false,
      items: [
        { productId: croissant, before: -2, counted: 0, difference: 2 },
        { productId: coca, before: cocaBefore, counted: 50, difference: 50 - cocaBefore },
      ],
    });
    expect(r.warnings).toContain('"Croissant" is out of stock.');
    expect((await ok<Counted>(h.client, 'stock_count', args)).replayed).toBe(true);
    expect(await level(croissant)).toBe(0);
    const counts = await movements({ kind: 'count' });
    expect(counts.items.map((m) => [m.productId, m.quantity, m.stock, m.note, m.reason])).toEqual(
      expect.arrayContaining([
        [croissant, 2, 0, 'inventaire de novembre', null],
        [coca, 50 - cocaBefore, 50, 'inventaire de novembre', null],
      ]),
    );
    expect(counts.total).toBe(2);
    // counted again with no difference: recorded (when it was counted), nothing changed
    expect(
      (await ok<Counted>(h.client, 'stock_count', { items: [{ productId: coca, counted: 50 }] })).changed,
    ).toBe(0);
  });

  it('refuses a count that names a product twice, an untracked one or a bad number: all or nothing', async () => {
    const before = await movementCount();
    const croissant = await productId('Croissant');
    const levelBefore = await level(croissant);
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        {
          items: [
            { productName: 'Croissant', counted: 3 },
            { productName: 'Coca', counted: 1 },
            { productId: croissant, counted: 4 },
          ],
        },
        /items\[2\]\.productId.*already counted in items\[0\]/s,
      ],
      [
        {
          items: [
            { productName: 'Croissant', counted: 3 },
            { productName: 'Café', counted: 1 },
          ],
        },
        /items\[1\]\.productName.*no stock tracking/s,
      ],
      [{ items: [{ productName: 'Croissant', counted: -1 }] }, /items\[0\]\.counted/],
      [{ items: [] }, /items/],
      [{ items: Array.from({ length: 501 }, () => ({ productName: 'Croissant', counted: 1 })) }, /items/],
      [
        {
          items: [
            { productName: 'Croissant', counted: 3 },
            { productId: 'x', counted: 1 },
          ],
        },
        /items\[1\]\.productId/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await call(h.client, 'stock_count', args);
      expect(r.isError, JSON.stringify(args).slice(0, 200)).toBe(true);
      expect(r.content[0]!.text).toMatch(message);
    }
    expect(await movementCount()).toBe(before);
    expect(await level(croissant)).toBe(levelBefore);
  });

  it('lists what is running low: out of stock, and at or under the alert level', async () => {
    const croissant = await productId('Croissant');
    const coca = await productId('Coca-Cola 33cl');
    await ok(h.client, 'stock_count', {
      items: [
        { productId: croissant, counted: 0 },
        { productId: coca, counted: 12 },
      ],
    });
    const low = await ok<
      List<{ id: number; title: string; stock: number; stockAlert: number; status: string }>
    >(h.client, 'stock_low', { limit: 500 });
    expect(low.items.find((p) => p.id === croissant)).toMatchObject({ stock: 0, status: 'out' });
    expect(low.items.find((p) => p.id === coca)).toMatchObject({ stock: 12, stockAlert: 12, status: 'low' });
    expect(low.items.every((p) => p.stock <= 0 || p.stock <= p.stockAlert)).toBe(true);
    await ok(h.client, 'stock_adjust', { productId: coca, quantity: 1, reason: 'correction' });
    const after = await ok<List<{ id: number }>>(h.client, 'stock_low', { limit: 500 });
    expect(after.items.map((p) => p.id)).not.toContain(coca);
    expect(after.total).toBe(low.total - 1);
    const csv = await call(h.client, 'stock_low', { format: 'csv' });
    expect(csv.content[0]!.text).toMatch(/Croissant/);
  });

  it('records a sale movement per tracked product with its order and actor, and a refund puts units back only when asked', async () => {
    const coca = await productId('Coca-Cola 33cl');
    await ok(h.client, 'stock_count', { items: [{ productId: coca, counted: 100 }] });
    const sale = await ok<Order>(h.client, 'sale_create', {
      payment: cash,
      items: [{ productId: coca, quantity: 2 }, { productName: 'Café' }, { productId: coca, quantity: 3 }],
    });
    expect(await level(coca)).toBe(95);
    const sold = await movements({ productId: coca, kind: 'sale' });
    expect(sold.items.at(-1)).toMatchObject({
      kind: 'sale',
      quantity: -5,
      stock: 95,
      orderId: sale.id,
      actor: 'test',
    });

    const [first, , third] = sale.lines;
    // the default: a refund leaves the stock as it is
    const note = await ok<{ id: number }>(h.client, 'order_refund', {
      orderId: sale.id,
      lines: [{ lineId: first!.id, quantity: 1 }],
    });
    expect(await level(coca)).toBe(95);
    expect((await movements({ productId: coca, kind: 'refund' })).total).toBe(0);
    const back = await ok<{ id: number }>(h.client, 'order_refund', {
      orderId: sale.id,
      lines: [
        { lineId: first!.id, quantity: 1 },
        { lineId: third!.id, quantity: 2 },
      ],
      restock: true,
    });
    expect(back.id).not.toBe(note.id);
    expect(await level(coca)).toBe(98);
    const refunds = await movements({ productId: coca, kind: 'refund' });
    expect(refunds.items.map((m) => [m.quantity, m.stock, m.orderId])).toEqual([[3, 98, back.id]]);
    const journal = await ok<List<{ via: string; after: { orderId?: number } }>>(h.client, 'audit_list', {
      entity: 'stock',
      via: 'order_refund',
    });
    expect(journal.items.map((j) => j.after.orderId)).toEqual([back.id]);
  });

  it('pages the movements and filters them by product, kind and time', async () => {
    const coca = await productId('Coca-Cola 33cl');
    const all = await movements({ productName: 'Coca', limit: 500 });
    expect(all.total).toBeGreaterThan(4);
    expect(all.items.every((m) => m.productId === coca && m.product === 'Coca-Cola 33cl')).toBe(true);
    // each movement's level is the one before plus its change
    for (let i = 1; i < all.items.length; i++) {
      const m = all.items[i]!;
      if (m.kind !== 'count') expect(m.stock).toBe(all.items[i - 1]!.stock + m.quantity);
    }
    const first = await movements({ productId: coca, limit: 2 });
    expect(first.count).toBe(2);
    const next = await movements({ productId: coca, limit: 2, cursor: first.nextCursor });
    expect(next.items[0]!.id).toBeGreaterThan(first.items[1]!.id);
    expect(await fails(h.client, 'stock_movements', { cursor: 'bogus' })).toMatch(/cursor/);
    const at = all.items[2]!.at;
    expect((await movements({ productId: coca, until: '2000-01-01' })).total).toBe(0);
    expect((await movements({ productId: coca, since: at, limit: 500 })).items.every((m) => m.at >= at)).toBe(
      true,
    );
    expect(await fails(h.client, 'stock_movements', { since: 'yesterday' })).toMatch(/since.*ISO 8601/s);
    expect(await fails(h.client, 'stock_movements', { kind: 'theft' })).toMatch(/kind/);
    expect((await movements({ limit: 500 })).total).toBe(await movementCount());
  });

  it(`keeps the level exact under 20 concurrent adjustments and 20 concurrent sales (${onPostgres ? 'two nodes' : 'one node'})`, async () => {
    const croissant = await productId('Croissant');
    await ok(h.client, 'stock_count', { items: [{ productId: croissant, counted: 1000 }] });
    const client = (i: number) => (node2 && i % 2 ? node2 : h).client;
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        ok(client(i), 'stock_adjust', {
          productId: croissant,
          quantity: 10,
          reason: 'delivery',
          idempotencyKey: `par-${i}`,
        }),
      ),
      // the same key again from the other node: one adjustment
      ...Array.from({ length: 5 }, (_, i) =>
        ok(client(i + 1), 'stock_adjust', {
          productId: croissant,
          quantity: 10,
          reason: 'delivery',
          idempotencyKey: `par-${i}`,
        }),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        ok(client(i + 1), 'sale_create', { items: [{ productId: croissant, quantity: 3 }], payment: cash }),
      ),
    ]);
    expect(await level(croissant)).toBe(1000 + 20 * 10 - 20 * 3);
    const list = await movements({ productId: croissant, limit: 500 });
    const since = list.items.findLastIndex((m) => m.kind === 'count');
    const after = list.items.slice(since + 1);
    expect(after.filter((m) => m.kind === 'adjustment')).toHaveLength(20);
    expect(after.filter((m) => m.kind === 'sale')).toHaveLength(20);
    // the movements chain: each level is the last one plus its change, in the order they were written
    let stock = 1000;
    for (const m of after) {
      stock += m.quantity;
      expect(m.stock).toBe(stock);
    }
    expect(stock).toBe(1140);
  });

  it("never reaches another shop's stock or settings", async () => {
    const logger = createLogger('silent');
    const other = await createDemoShop(h.db, logger, new Date(), { name: 'Shop B' });
    const server = buildServer(
      { db: h.db, logger },
      { shopId: other, scopes: ['read', 'sell', 'admin'], actor: 'b' },
    );
    const [ct, st] = InMemoryTransport.createLinkedPair();
    await server.connect(st);
    const b = new Client({ name: 'shop-b', version: '1.0.0' });
    await b.connect(ct);
    try {
      const coca = await productId('Coca-Cola 33cl');
      const cocaA = await level(coca);
      const movesA = (await movements({ limit: 1 })).total;
      const movesB = (await ok<List<Movement>>(b, 'stock_movements', { limit: 1 })).total;
      // shop A's product ids are unknown in shop B
      expect(await fails(b, 'stock_adjust', { productId: coca, quantity: 5, reason: 'delivery' })).toMatch(
        /No product has id/,
      );
      expect(await fails(b, 'stock_count', { items: [{ productId: coca, counted: 5 }] })).toMatch(
        /No product has id/,
      );
      expect(await fails(b, 'stock_movements', { productId: coca })).toMatch(/No product has id/);
      // the same key in shop B makes B's own adjustment
      const mine = await ok<Adjusted>(b, 'stock_adjust', {
        productName: 'coca',
        quantity: 48,
        reason: 'delivery',
        note: 'BL 4512',
        idempotencyKey: 'd1',
      });
      expect(mine.replayed).toBe(false);
      expect(mine.productId).not.toBe(coca);
      expect(await level(coca)).toBe(cocaA);
      const listB = await ok<List<Movement>>(b, 'stock_movements', { limit: 500 });
      expect(listB.total).toBe(movesB + 1);
      expect(listB.items.at(-1)!.productId).toBe(mine.productId);
      const productsA = new Set(
        (await ok<List<{ id: number }>>(h.client, 'data_list_products', { limit: 500 })).items.map(
          (p) => p.id,
        ),
      );
      expect(listB.items.filter((m) => productsA.has(m.productId))).toEqual([]);
      expect((await movements({ limit: 1 })).total).toBe(movesA);
      expect((await ok<List<{ id: number }>>(b, 'stock_low')).items.map((p) => p.id)).not.toContain(
        await productId('Croissant'),
      );
      await ok(b, 'shop_edit', { name: 'Shop B renamed', closeHour: 4 });
      expect(await ok<{ name: string; closeHour: number }>(h.client, 'shop_show')).not.toMatchObject({
        name: 'Shop B renamed',
      });
      expect((await ok<{ id: number }>(b, 'shop_show')).id).toBe(other);
      const journalA = await ok<List<{ actor: string }>>(h.client, 'audit_list', { limit: 500 });
      expect(journalA.items.map((j) => j.actor)).not.toContain('b');
    } finally {
      await b.close();
      await server.close();
    }
  });

  it("warns in a sale's answer of each tracked product it takes to or under its alert level", async () => {
    const coca = await productId('Coca-Cola 33cl');
    const zero = await productId('Coca-Cola Zero 33cl');
    await ok(h.client, 'stock_count', {
      items: [
        { productId: coca, counted: 5 },
        { productId: zero, counted: 40 },
      ],
    });
    await ok(h.client, 'plu_edit', { id: coca, stockAlert: 3 });
    await ok(h.client, 'plu_edit', { id: zero, stockAlert: 3 });
    const sale = (quantity: number) =>
      ok<{ warnings: string[] }>(h.client, 'sale_create', {
        items: [
          { productId: zero, quantity: 1 },
          { productId: coca, quantity },
          { productName: 'Café' }, // not tracked
        ],
        payment: cash,
      });
    expect((await sale(1)).warnings).toEqual([]); // 4 left, over the alert level
    expect((await sale(1)).warnings).toEqual(['Stock of "Coca-Cola 33cl" is low: 3 left (alert level 3).']);
    expect((await sale(4)).warnings).toEqual(['Stock of "Coca-Cola 33cl" is low: -1 left (alert level 3).']);
    expect(await level(coca)).toBe(-1);
    expect(await level(zero)).toBe(37);
    // the same product twice in one sale: one update of its level, one movement, one warning
    const twice = await ok<{ id: number; warnings: string[] }>(h.client, 'sale_create', {
      items: [
        { productId: coca, quantity: 1 },
        { productId: coca, quantity: 1 },
      ],
      payment: cash,
    });
    expect(twice.warnings).toEqual(['Stock of "Coca-Cola 33cl" is low: -3 left (alert level 3).']);
    expect(await level(coca)).toBe(-3);
    const moved = await movements({ productId: coca, kind: 'sale', limit: 500 });
    expect(moved.items.filter((m) => m.orderId === twice.id).map((m) => [m.quantity, m.stock])).toEqual([
      [-2, -3],
    ]);
  });
});
