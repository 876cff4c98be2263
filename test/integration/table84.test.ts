/** The acceptance scenario, as a user's assistant would run it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startInProcess, type Harness } from '../helpers.js';

describe('the table-84 sale', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess();
  });
  afterAll(() => h.close());

  const sale = (cardId: number) => ({
    idtable: 84,
    numcouverts: 2,
    payment: cardId,
    items: [
      { productName: 'cafés', quantity: 2 },
      { productName: 'Croissant', quantity: 1 },
    ],
    idempotencyKey: 'table-84-1',
  });

  it('records 2 cafés and a croissant by name, paid by card, shows it today, and never twice', async () => {
    const methods = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    const card = methods.items.find((m) => m.type === 'card' && !m.refund);
    expect(card).toBeDefined();
    const order = await ok<Record<string, unknown>>(h.client, 'sale_create', sale(card?.id ?? 0));
    // 2 × 2.50 + 1.80 = 6.80 TTC, all at 10 % on site: VAT = round(680 × 1000 / 11000) = 62 cents, HT 6.18.
    expect(order).toMatchObject({
      status: 'validated',
      number: 1,
      table: 84,
      covers: 2,
      total: 6.8,
      totalVAT: 0.62,
      totalHT: 6.18,
      vat: [{ rate: 10, ht: 6.18, vat: 0.62, ttc: 6.8 }],
      paid: 6.8,
      due: 0,
      paymentStatus: 'paid',
      replayed: false,
    });
    expect((order.lines as { title: string; quantity: number }[]).map((l) => [l.title, l.quantity])).toEqual([
      ['Café', 2],
      ['Croissant', 1],
    ]);

    const today = await ok<{ total: number; items: { id: number }[]; summary: { total: number } }>(
      h.client,
      'data_list_orders',
    );
    expect(today.total).toBe(1);
    expect(today.items[0]?.id).toBe(order.id);
    expect(today.summary.total).toBe(6.8);

    const again = await ok<Record<string, unknown>>(h.client, 'sale_create', sale(card?.id ?? 0));
    expect(again).toMatchObject({ id: order.id, number: 1, replayed: true });
    expect((await ok<{ total: number }>(h.client, 'data_list_orders')).total).toBe(1);
  });
});
