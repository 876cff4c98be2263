import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startInProcess, type Harness } from '../helpers.js';

describe('the table-84 sale', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess();
  });
  afterAll(() => h.close());

  it('records 2 cafés and a croissant by name, paid by card, with the right total and VAT', async () => {
    const card = (await ok<{ items: { id: number; type: string; refund: boolean }[] }>(h.client, 'data_list_payments_modes')).items.find(
      (m) => m.type === 'card' && !m.refund,
    );
    const order = await ok<Record<string, unknown>>(h.client, 'sale_create', {
      idtable: 84,
      numcouverts: 2,
      payment: card?.id,
      items: [
        { productName: 'café', quantity: 2 },
        { productName: 'Croissant', quantity: 1 },
      ],
      idempotencyKey: 'table-84-1',
    });
    expect(order).toMatchObject({ status: 'validated', number: 1, table: 84, covers: 2, paymentStatus: 'paid', due: 0 });
    console.log(JSON.stringify(order, null, 1));
  });
});
