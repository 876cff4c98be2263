/**
 * Many sales at once on one shop (on PostgreSQL: over several pooled connections): gap-free numbers
 * with no duplicate and no deadlock, no stock decrement lost, and report summary rows that match a rebuild.
 * Runs on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptAndRebuilt, ok, startInProcess, type Harness } from '../helpers.js';

interface Order {
  id: number;
  number: number;
  replayed: boolean;
}

describe('concurrent sales on one shop', () => {
  let h: Harness;
  let productId: number;
  beforeAll(async () => {
    h = await startInProcess();
    const products = await ok<{ items: { id: number; title: string }[] }>(h.client, 'data_list_products', {
      limit: 5,
    });
    productId = products.items[0]!.id;
    await h.db.updateTable('products').set({ stock: 1000 }).where('id', '=', productId).execute();
  });
  afterAll(() => h.close());

  it('gives 60 concurrent sales the numbers 1..60 and takes every unit out of stock', async () => {
    const sales = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        ok<Order>(h.client, 'sale_create', {
          items: [{ productId, quantity: 1 + (i % 3) }],
          idempotencyKey: `burst-${i}`,
        }),
      ),
    );
    expect(sales.map((s) => s.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    expect(new Set(sales.map((s) => s.id)).size).toBe(60);
    const sold = Array.from({ length: 60 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
    const row = await h.db
      .selectFrom('products')
      .select('stock')
      .where('id', '=', productId)
      .executeTakeFirstOrThrow();
    expect(row.stock).toBe(1000 - sold);
  });

  it('records one order for 10 concurrent calls with the same key, while others sell too', async () => {
    const before = (await ok<{ total: number }>(h.client, 'data_list_orders')).total;
    const same = { items: [{ productId, quantity: 1 }], idempotencyKey: 'same-key' };
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => ok<Order>(h.client, 'sale_create', same)),
      ...Array.from({ length: 10 }, (_, i) =>
        ok<Order>(h.client, 'sale_create', {
          items: [{ productId, quantity: 1 }],
          idempotencyKey: `other-${i}`,
        }),
      ),
    ]);
    const sameIds = new Set(results.slice(0, 10).map((r) => r.id));
    expect(sameIds.size).toBe(1);
    expect(results.slice(0, 10).filter((r) => !r.replayed)).toHaveLength(1);
    expect((await ok<{ total: number }>(h.client, 'data_list_orders')).total).toBe(before + 11);
    const numbers = results.map((r) => r.number);
    expect(new Set(numbers).size).toBe(11);
  });

  it('keeps the report summary rows exact through concurrent sales, refunds and table changes', async () => {
    const sold = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ok<Order>(h.client, 'sale_create', {
          idtable: 1 + (i % 4),
          numcouverts: 2,
          items: [
            { productId, quantity: 1 },
            { productName: i % 2 ? 'Croissant' : 'Café', quantity: 1 },
          ],
          idempotencyKey: `mixed-${i}`,
        }),
      ),
    );
    // at once: refunds of some, new tables and covers for others (both move summary rows), more sales
    await Promise.all([
      ...sold.slice(0, 4).map((o) => ok(h.client, 'order_refund', { orderId: o.id })),
      ...sold
        .slice(4, 10)
        .map((o, i) => ok(h.client, 'order_edit', { orderId: o.id, idtable: 5 + (i % 3), numcouverts: 3 })),
      ...Array.from({ length: 6 }, (_, i) =>
        ok(h.client, 'sale_create', { items: [{ productId, quantity: 1 }], idempotencyKey: `late-${i}` }),
      ),
    ]);
    const [kept, rebuilt] = await keptAndRebuilt(h.db, h.shopId);
    expect(kept).toBe(rebuilt);
    const today = await ok<{ totals: { orders: number; refundCount: number } }>(
      h.client,
      'report_summary',
      {},
    );
    expect(today.totals).toMatchObject({ orders: 60 + 11 + 12 + 6, refundCount: 4 });
  });
});
