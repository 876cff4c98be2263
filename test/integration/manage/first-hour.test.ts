/**
 * The owner's first hour, by tool calls only: an empty shop gets its details, departments, a variation
 * group, twenty products, tables, a card and a cash method; then the table-84 sale by product names, and
 * today's report. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startInProcess, type Harness } from '../../helpers.js';

interface Change {
  action: string;
  id: number;
  warnings: string[];
  item: Record<string, unknown> | null;
}

const PRODUCTS: [string, number, string, string[]?][] = [
  ['Café', 1.8, 'Boissons chaudes', ['Taille']],
  ['Café crème', 2.9, 'Boissons chaudes', ['Taille']],
  ['Chocolat chaud', 3.5, 'Boissons chaudes', ['Taille']],
  ['Thé', 2.8, 'Boissons chaudes'],
  ['Croissant', 1.3, 'Viennoiseries'],
  ['Pain au chocolat', 1.5, 'Viennoiseries'],
  ['Chausson aux pommes', 2.2, 'Viennoiseries'],
  ['Tarte aux pommes', 4.5, 'Desserts'],
  ['Crème brûlée', 5.5, 'Desserts'],
  ['Mousse au chocolat', 5, 'Desserts'],
  ['Croque-monsieur', 7.5, 'Plats'],
  ['Quiche lorraine', 8, 'Plats'],
  ['Salade niçoise', 11.5, 'Plats'],
  ['Omelette', 7, 'Plats'],
  ['Jus d’orange pressé', 4.2, 'Boissons fraîches'],
  ['Coca-Cola', 3.2, 'Boissons fraîches'],
  ['Eau minérale', 2.5, 'Boissons fraîches'],
  ['Limonade', 3, 'Boissons fraîches'],
  ['Verre de vin rouge', 5, 'Vins'],
  ['Kir', 4.5, 'Vins'],
];

describe("the owner's first hour", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  it('sets up an empty shop by talking, then records the table-84 sale by names and reports it', async () => {
    expect((await ok<{ total: number }>(h.client, 'data_list_products')).total).toBe(0);
    await ok(h.client, 'shop_edit', {
      name: 'Le Comptoir du Marché',
      address: '12 place Carnot',
      zip: '69002',
      city: 'Lyon',
    });

    for (const title of ['Boissons chaudes', 'Viennoiseries', 'Desserts', 'Plats', 'Boissons fraîches'])
      await ok(h.client, 'dept_add', { title, vat: 10, idempotencyKey: `dept-${title}` });
    await ok(h.client, 'dept_add', { title: 'Vins', vat: 20 });

    await ok(h.client, 'variation_add', { title: 'Taille' });
    await ok(h.client, 'variation_choice_add', { variation: 'Taille', title: 'Normal', deltaPrice: 0 });
    await ok(h.client, 'variation_choice_add', { variation: 'taille', title: 'Grand', deltaPrice: 0.5 });

    for (const [title, price, department, variations] of PRODUCTS) {
      const made = await ok<Change>(h.client, 'plu_add', {
        title,
        price,
        department,
        ...(variations ? { variations } : {}),
        idempotencyKey: `plu-${title}`,
      });
      expect(made.action).toBe('added');
    }
    expect((await ok<{ total: number }>(h.client, 'data_list_products')).total).toBe(20);

    await ok(h.client, 'table_add', { from: 80, to: 90, floor: 'Salle', seats: 4 });
    const card = await ok<Change>(h.client, 'payment_mode_add', {
      title: 'Carte bancaire',
      type: 'Credit_Card',
    });
    await ok(h.client, 'payment_mode_add', { title: 'Espèces', type: 'Cash' });

    const order = await ok<{
      id: number;
      total: number;
      table: { number: number } | number | null;
      lines: { title: string; quantity: number; total: number; vatRate: number }[];
      due: number;
    }>(h.client, 'sale_create', {
      items: [{ productName: 'café', quantity: 2, declinaisons: ['Grand'] }, { productName: 'croissant' }],
      idtable: 84,
      payment: card.id,
      idempotencyKey: 'table-84',
    });
    expect(order.lines.map((l) => [l.title, l.quantity, l.total, l.vatRate])).toEqual([
      [expect.stringContaining('Café'), 2, 4.6, 10],
      ['Croissant', 1, 1.3, 10],
    ]);
    expect(order.total).toBe(5.9);
    expect(order.due).toBe(0);

    const today = await ok<{ totals: { revenue: number; orders: number; vat: number } }>(
      h.client,
      'report_summary',
      {},
    );
    expect(today.totals).toMatchObject({ revenue: 5.9, orders: 1, vat: 0.54 });
    const cash = await ok<{ byMethod?: unknown; totalReceived: number }>(h.client, 'report_cash', {});
    expect(cash.totalReceived).toBe(5.9);
    const journal = await ok<{ total: number }>(h.client, 'audit_list', { limit: 1 });
    expect(journal.total).toBeGreaterThanOrEqual(1 + 6 + 3 + 20 + 11 + 2);
  });
});
