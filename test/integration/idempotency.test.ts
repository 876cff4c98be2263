/** Idempotency keys: a retried sale or payment is recorded once, however it is retried. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startInProcess, type Harness } from '../helpers.js';

interface Order {
  id: number;
  number: number | null;
  total: number;
  paid: number;
  due: number;
  paymentStatus: string;
  payments: { id: number; amount: number }[];
  replayed: boolean;
}

describe('idempotency keys', () => {
  let h: Harness;
  let card: number;
  beforeAll(async () => {
    h = await startInProcess({ clock: () => new Date('2026-11-21T14:00:00Z') });
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    card = modes.items.find((m) => m.type === 'card' && !m.refund)?.id ?? -1;
  });
  afterAll(() => h.close());

  const listed = async () => {
    const l = await ok<{
      total: number;
      items: { id: number }[];
      summary: { orders: number; total: number };
    }>(h.client, 'data_list_orders', { validatedOrders: false });
    return l;
  };

  it('records a sale sent 5 times in a row once', async () => {
    const args = {
      items: [{ productName: 'Café', quantity: 2 }, 'Free_1_Bouchon'],
      payment: card,
      idempotencyKey: 'seq-5',
    };
    const results: Order[] = [];
    for (let i = 0; i < 5; i++) results.push(await ok<Order>(h.client, 'sale_create', args));
    const first = results[0];
    expect(first?.replayed).toBe(false);
    // 2 × 2.50 + 1.00 = 6.00, paid once
    expect(first).toMatchObject({ total: 6, paid: 6, due: 0 });
    expect(first?.payments).toHaveLength(1);
    for (const r of results.slice(1)) {
      expect(r).toMatchObject({ id: first?.id, number: first?.number, total: 6, paid: 6, replayed: true });
      expect(r.payments).toHaveLength(1);
    }
    const l = await listed();
    expect(l.total).toBe(1);
    expect(l.summary.total).toBe(6);
  });

  it('records a sale sent 20 times concurrently once', async () => {
    const args = {
      items: [{ productName: 'Croissant', quantity: 3 }],
      payment: card,
      idempotencyKey: 'conc-20',
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ok<Order>(h.client, 'sale_create', args)),
    );
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(new Set(results.map((r) => r.number)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.filter((r) => r.replayed)).toHaveLength(19);
    // 3 × 1.80 = 5.40, paid once
    for (const r of results) expect(r).toMatchObject({ total: 5.4, paid: 5.4, due: 0 });

    const l = await listed();
    expect(l.total).toBe(2); // this one and the one of the previous test
    expect(l.summary.total).toBe(11.4); // 6.00 + 5.40
    const detail = await ok<Order>(h.client, 'order_detail', { orderId: [...ids][0] });
    expect(detail.payments).toHaveLength(1);
  });

  it('a different key records another sale', async () => {
    const a = await ok<Order>(h.client, 'sale_create', { items: ['Free_1_A'], idempotencyKey: 'k-a' });
    const b = await ok<Order>(h.client, 'sale_create', { items: ['Free_1_A'], idempotencyKey: 'k-b' });
    expect(b.id).not.toBe(a.id);
    expect(b.replayed).toBe(false);
    expect((await listed()).total).toBe(4);
  });

  it('pays once for an order_edit payment sent twice with the same key', async () => {
    const o = await ok<Order>(h.client, 'sale_create', {
      items: [{ productName: 'Café', quantity: 2 }],
      payment: -1,
    });
    expect(o).toMatchObject({ total: 5, paid: 0, due: 5 });
    const pay = { orderId: o.id, payment: card, paymentAmount: 2, idempotencyKey: 'pay-once' };
    const first = await ok<Order>(h.client, 'order_edit', pay);
    const second = await ok<Order>(h.client, 'order_edit', pay);
    // 5.00 − 2.00 = 3.00 due, whatever the number of retries
    expect(first).toMatchObject({ paid: 2, due: 3, paymentStatus: 'partially_paid' });
    expect(second).toMatchObject({ id: o.id, paid: 2, due: 3, paymentStatus: 'partially_paid' });
    const detail = await ok<Order>(h.client, 'order_detail', { orderId: o.id });
    expect(detail.payments).toHaveLength(1);
    expect(detail).toMatchObject({ paid: 2, due: 3 });
  });

  it('pays once for an order_edit payment sent 10 times concurrently', async () => {
    const o = await ok<Order>(h.client, 'sale_create', {
      items: [{ productName: 'Café', quantity: 4 }],
      payment: -1,
    });
    const pay = { orderId: o.id, payment: card, paymentAmount: 4, idempotencyKey: 'pay-conc' };
    await Promise.all(Array.from({ length: 10 }, () => ok<Order>(h.client, 'order_edit', pay)));
    const detail = await ok<Order>(h.client, 'order_detail', { orderId: o.id });
    // 10.00 − 4.00 = 6.00 due
    expect(detail).toMatchObject({ paid: 4, due: 6 });
    expect(detail.payments).toHaveLength(1);
  });
});
