/**
 * "Paid by card": `payment` takes a method's name or type as well as its id, in sale_create, its alias
 * order_create and order_edit, resolved on the server among the shop's live methods that take payments;
 * several methods of a type, or none, are an error that lists them, and nothing is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fails, ok, startInProcess, type Harness } from '../helpers.js';

interface Order {
  id: number;
  status: string;
  total: number;
  paid: number;
  payments: { methodId: number; method: string; amount: number }[];
}
interface Method {
  id: number;
  name: string;
}

describe('payment by name or type', () => {
  let h: Harness;
  let methods: Method[];
  const id = (name: string) => methods.find((m) => m.name === name)!.id;
  const orders = async () =>
    Number(
      (
        await h.db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  beforeAll(async () => {
    h = await startInProcess();
    methods = (await ok<{ items: Method[] }>(h.client, 'data_list_payments_modes', {})).items;
  });
  afterAll(() => h.close());

  const paidWith = async (payment: unknown, tool = 'sale_create') =>
    (await ok<Order>(h.client, tool, { items: [{ productName: 'Croissant' }], payment })).payments[0]
      ?.methodId;

  it('takes the name, the type in Kash or French words, or the id as a number or text', async () => {
    expect(await paidWith('Carte bancaire')).toBe(id('Carte bancaire'));
    expect(await paidWith('carte BANCAIRE ')).toBe(id('Carte bancaire'));
    expect(await paidWith('card')).toBe(id('Carte bancaire'));
    expect(await paidWith('Credit_Card')).toBe(id('Carte bancaire'));
    expect(await paidWith('CB')).toBe(id('Carte bancaire'));
    expect(await paidWith('espèces')).toBe(id('Espèces'));
    expect(await paidWith('cash', 'order_create')).toBe(id('Espèces'));
    expect(await paidWith('Chèque vacances')).toBe(id('Chèque vacances'));
    expect(await paidWith(String(id('Virement')))).toBe(id('Virement'));
    expect(await paidWith(id('Chèque'))).toBe(id('Chèque'));
    const unpaid = await ok<Order>(h.client, 'sale_create', {
      items: [{ productName: 'Café' }],
      payment: '-1',
    });
    expect(unpaid).toMatchObject({ status: 'validated', paid: 0 });
  });

  it('pays a quote or an unpaid order by name through order_edit', async () => {
    const quote = await ok<Order>(h.client, 'sale_create', { items: [{ productName: 'Café' }], payment: -2 });
    const paid = await ok<Order>(h.client, 'order_edit', { orderId: quote.id, payment: 'carte' });
    expect(paid).toMatchObject({ status: 'validated', paid: paid.total });
    expect(paid.payments[0]?.methodId).toBe(id('Carte bancaire'));
  });

  it('lists the methods when a word names none or several, and records nothing', async () => {
    const before = await orders();
    expect(
      await fails(h.client, 'sale_create', { items: [{ productName: 'Café' }], payment: 'bitcoin' }),
    ).toMatch(
      /payment: No payment method of this shop is named or of type "bitcoin"; its methods are .*"Espèces"/,
    );
    // a word that only contains a type is no type: a gift card is not the bank card, a refund not cash
    for (const word of [
      'carte cadeau',
      'gift card',
      'chèque cadeau',
      'not cash',
      'cash refund',
      'Cash_Refund',
    ])
      expect(
        await fails(h.client, 'sale_create', { items: [{ productName: 'Café' }], payment: word }),
      ).toMatch(/No payment method of this shop is named or of type/);
    expect(await orders()).toBe(before);
    // a refund method never takes a payment: "Remboursement carte" is not a second card method
    await ok(h.client, 'payment_mode_add', { title: 'Carte sans contact', type: 'Credit_Card' });
    const msg = await fails(h.client, 'sale_create', { items: [{ productName: 'Café' }], payment: 'card' });
    expect(msg).toMatch(
      /payment: "card" matches 2 payment methods: \d+ "Carte bancaire"; \d+ "Carte sans contact"/,
    );
    expect(msg).not.toMatch(/Remboursement/);
    expect(await paidWith('carte sans contact')).toBeGreaterThan(0);
    const r = await call(h.client, 'sale_create', { items: [{ productName: 'Café' }], payment: '' });
    expect(r.isError).toBe(true);
    expect(await orders()).toBe(before + 1);
  });
});
