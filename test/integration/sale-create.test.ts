/** sale_create: every way to give lines, VAT, discounts, payment modes, clients, times and stock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fails, ok, startInProcess, type Harness } from '../helpers.js';

interface Line {
  id: number;
  kind: string;
  productId: number | null;
  departmentId: number | null;
  title: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  total: number;
  vatRate: number;
  variations: { id: number; name: string; priceDelta: number }[];
}
interface Order {
  id: number;
  number: number | null;
  status: string;
  paymentStatus: string;
  deliveryMethod: { id: number; name: string };
  client: { id: number; name: string | null } | null;
  deliveryTime: string | null;
  lines: Line[];
  subtotal: number;
  discount: number;
  total: number;
  totalHT: number;
  totalVAT: number;
  vat: { rate: number; ht: number; vat: number; ttc: number }[];
  paid: number;
  due: number;
  warnings: string[];
}
interface Product {
  id: number;
  title: string;
  price: number;
  stock: number | null;
  barcode: string | null;
  variationGroups: {
    id: number;
    name: string;
    choices: { id: number; name: string; priceDelta: number }[];
  }[];
}

const cents = (x: number) => Math.round(x * 100);

describe('sale_create', () => {
  let h: Harness;
  let products: Product[];
  let depts: { id: number; name: string; vat: number }[];
  let card: number;
  const pid = (title: string): number => {
    const p = products.find((x) => x.title === title);
    if (!p) throw new Error(`no product ${title}`);
    return p.id;
  };
  const deptId = (name: string): number => {
    const d = depts.find((x) => x.name === name);
    if (!d) throw new Error(`no department ${name}`);
    return d.id;
  };
  const sale = (args: Record<string, unknown>) => ok<Order>(h.client, 'sale_create', args);
  const stockOf = async (id: number) =>
    (await ok<{ items: Product[] }>(h.client, 'data_list_products', { limit: 500 })).items.find(
      (p) => p.id === id,
    )?.stock;

  beforeAll(async () => {
    h = await startInProcess({ clock: () => new Date('2026-11-21T14:00:00Z') });
    products = (await ok<{ items: Product[] }>(h.client, 'data_list_products', { limit: 500 })).items;
    depts = (
      await ok<{ items: { id: number; name: string; vat: number }[] }>(h.client, 'data_list_departments')
    ).items;
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    card = modes.items.find((m) => m.type === 'card' && !m.refund)?.id ?? -99;
  });
  afterAll(() => h.close());

  it('records catalog lines by productId', async () => {
    const o = await sale({ items: [{ productId: pid('Café'), quantity: 3 }] });
    // 3 × 2.50 = 7.50 TTC at 10 %: VAT = round(750 × 10 / 110) = round(68.18) = 68 cents, HT 6.82.
    expect(o).toMatchObject({ status: 'validated', total: 7.5, totalVAT: 0.68, totalHT: 6.82 });
    expect(o.lines).toHaveLength(1);
    expect(o.lines[0]).toMatchObject({ productId: pid('Café'), title: 'Café', quantity: 3, unitPrice: 2.5 });
  });

  it('accepts productId as a numeric string (Kash)', async () => {
    const o = await sale({
      items: [{ productId: String(pid('Croissant')), quantity: 1 }],
      deliveryMethod: 0,
    });
    expect(o.lines[0]).toMatchObject({ productId: pid('Croissant'), unitPrice: 1.8 });
  });

  it('resolves productName ignoring accents and case', async () => {
    const o = await sale({ items: [{ productName: 'CAFE CREME', quantity: 2 }] });
    // 2 × 3.80 = 7.60
    expect(o.lines[0]).toMatchObject({ productId: pid('Café crème'), title: 'Café crème', quantity: 2 });
    expect(o.total).toBe(7.6);
  });

  it('fails on an ambiguous name and lists the candidates with their ids and prices', async () => {
    const msg = await fails(h.client, 'sale_create', { items: [{ productName: 'crois' }] });
    expect(msg).toContain('productName');
    expect(msg).toContain(`${pid('Croissant')} "Croissant" (1.80)`);
    expect(msg).toContain(`${pid('Croissant aux amandes')} "Croissant aux amandes" (3.20)`);

    const msg2 = await fails(h.client, 'sale_create', { items: [{ productName: 'café c' }] });
    expect(msg2).toContain(`${pid('Café crème')} "Café crème" (3.80)`);
    expect(msg2).toContain(`${pid('Café')} "Café" (2.50)`);
  });

  const legacy = () => [
    `${pid('Café')}_2`,
    `${pid('Café')}_1_Grand café_3.5`,
    `-${deptId('Viennoiseries')}_4.5_Divers boulangerie`,
    'Free_2_Bouchon',
  ];
  // 2 × 2.50 + 3.50 + 4.50 + 2.00 = 15.00.
  // 10 % (cafés + free line at the shop default 10 %): 10.50 → VAT round(1050 × 10 / 110) = round(95.45) = 95, HT 9.55
  // 5.5 % (Viennoiseries department): 4.50 → VAT round(450 × 5.5 / 105.5) = round(23.46) = 23, HT 4.27
  const legacyExpected = {
    total: 15,
    totalVAT: 1.18,
    totalHT: 13.82,
    vat: [
      { rate: 5.5, ht: 4.27, vat: 0.23, ttc: 4.5 },
      { rate: 10, ht: 9.55, vat: 0.95, ttc: 10.5 },
    ],
  };

  it('parses Kash legacy strings in items', async () => {
    const o = await sale({ items: legacy() });
    expect(o).toMatchObject(legacyExpected);
    expect(o.lines.map((l) => [l.kind, l.title, l.quantity, l.unitPrice, l.vatRate])).toEqual([
      ['catalog', 'Café', 2, 2.5, 10],
      ['catalog', 'Grand café', 1, 3.5, 10],
      ['dept', 'Divers boulangerie', 1, 4.5, 5.5],
      ['free', 'Bouchon', 1, 2, 10],
    ]);
    expect(o.lines[2]?.departmentId).toBe(deptId('Viennoiseries'));
  });

  it('parses Kash legacy strings in itemsList', async () => {
    const o = await sale({ itemsList: legacy() });
    expect(o).toMatchObject(legacyExpected);
    expect(o.lines).toHaveLength(4);
  });

  it('adds the price deltas of declinaisons (object and legacy forms)', async () => {
    const p = products.find((x) => x.variationGroups.length >= 2);
    expect(p).toBeDefined();
    if (!p) return;
    // pick, in each of two groups, the choice with the largest delta
    const picks = p.variationGroups
      .slice(0, 2)
      .map((g) => g.choices.reduce((a, b) => (b.priceDelta > a.priceDelta ? b : a)));
    const unit = cents(p.price) + picks.reduce((s, c) => s + cents(c.priceDelta), 0);
    expect(unit).toBeGreaterThan(cents(p.price)); // the demo has a paying choice (e.g. Grand +1.50)

    const o = await sale({ items: [{ productId: p.id, quantity: 2, declinaisons: picks.map((c) => c.id) }] });
    expect(cents(o.lines[0]?.unitPrice ?? 0)).toBe(unit);
    expect(cents(o.total)).toBe(2 * unit);
    expect(o.lines[0]?.variations.map((v) => v.id).sort()).toEqual(picks.map((c) => c.id).sort());

    const o2 = await sale({ items: [`${p.id}_2___${picks.map((c) => c.id).join('_')}`] });
    expect(cents(o2.total)).toBe(2 * unit);
    expect(o2.lines[0]?.variations).toHaveLength(2);
  });

  it('uses the eat-in VAT on site and the takeaway VAT otherwise (Croissant)', async () => {
    const onSite = await sale({ items: [{ productName: 'Croissant', quantity: 2 }], deliveryMethod: 2 });
    // 2 × 1.80 = 3.60 at 10 %: VAT round(360 × 10 / 110) = round(32.73) = 33, HT 3.27
    expect(onSite).toMatchObject({ total: 3.6, totalVAT: 0.33, totalHT: 3.27, deliveryMethod: { id: 2 } });
    expect(onSite.vat).toEqual([{ rate: 10, ht: 3.27, vat: 0.33, ttc: 3.6 }]);

    const takeaway = await sale({ items: [{ productName: 'Croissant', quantity: 2 }], deliveryMethod: 0 });
    // 3.60 at 5.5 %: VAT round(360 × 5.5 / 105.5) = round(18.77) = 19, HT 3.41
    expect(takeaway).toMatchObject({ total: 3.6, totalVAT: 0.19, totalHT: 3.41, deliveryMethod: { id: 0 } });
    expect(takeaway.vat).toEqual([{ rate: 5.5, ht: 3.41, vat: 0.19, ttc: 3.6 }]);

    // a table implies on site
    const table = await sale({ items: [{ productName: 'Croissant' }], idtable: 3 });
    expect(table.deliveryMethod.id).toBe(2);
    expect(table.lines[0]?.vatRate).toBe(10);
  });

  it('gives a VAT breakdown per rate that adds up (three rates)', async () => {
    const o = await sale({
      deliveryMethod: 0,
      items: [
        { productName: 'Croissant', quantity: 3 }, // 5.40 at 5.5 %
        { productName: 'Café', quantity: 1 }, // 2.50 at 10 %
        { type: 'dept', departmentId: deptId('Bières'), price: 5, title: 'Pression' }, // 5.00 at 20 %
      ],
    });
    // 5.5 %: 540 → VAT round(540 × 5.5 / 105.5) = round(28.15) = 28, HT 5.12
    // 10 %: 250 → VAT round(22.73) = 23, HT 2.27
    // 20 %: 500 → VAT round(83.33) = 83, HT 4.17
    expect(o.vat).toEqual([
      { rate: 5.5, ht: 5.12, vat: 0.28, ttc: 5.4 },
      { rate: 10, ht: 2.27, vat: 0.23, ttc: 2.5 },
      { rate: 20, ht: 4.17, vat: 0.83, ttc: 5 },
    ]);
    expect(o.total).toBe(12.9);
    expect(o.totalVAT).toBe(1.34);
    expect(o.totalHT).toBe(11.56);
    for (const r of o.vat) expect(cents(r.ht) + cents(r.vat)).toBe(cents(r.ttc));
    expect(o.vat.reduce((s, r) => s + cents(r.ttc), 0)).toBe(cents(o.total));
    expect(o.vat.reduce((s, r) => s + cents(r.vat), 0)).toBe(cents(o.totalVAT));
    expect(o.vat.reduce((s, r) => s + cents(r.ht), 0)).toBe(cents(o.totalHT));
  });

  it('applies line discounts in percent and amount to the cent', async () => {
    const o = await sale({
      deliveryMethod: 2,
      items: [
        { productName: 'Croissant', quantity: 2, discount: { percent: 10 } }, // 3.60 − 0.36 = 3.24
        { productName: 'Café', quantity: 1, discount: { amount: 0.5 } }, // 2.50 − 0.50 = 2.00
      ],
    });
    expect(o.lines.map((l) => [l.discount, l.total])).toEqual([
      [0.36, 3.24],
      [0.5, 2],
    ]);
    // 5.24 at 10 %: VAT round(524 × 10 / 110) = round(47.64) = 48, HT 4.76
    expect(o).toMatchObject({ subtotal: 5.24, discount: 0, total: 5.24, totalVAT: 0.48, totalHT: 4.76 });
  });

  it('applies an order discount in percent and in amount to the cent', async () => {
    const pct = await sale({ items: [{ productName: 'Café', quantity: 4 }], discount: { percent: 10 } });
    // 10.00 − 10 % = 9.00; VAT round(900 × 10 / 110) = round(81.82) = 82, HT 8.18
    expect(pct).toMatchObject({ subtotal: 10, discount: 1, total: 9, totalVAT: 0.82, totalHT: 8.18 });

    const amt = await sale({ items: [{ productName: 'Café', quantity: 2 }], discount: { amount: 1.25 } });
    // 5.00 − 1.25 = 3.75; VAT round(375 × 10 / 110) = round(34.09) = 34, HT 3.41
    expect(amt).toMatchObject({ subtotal: 5, discount: 1.25, total: 3.75, totalVAT: 0.34, totalHT: 3.41 });
    expect(amt.vat).toEqual([{ rate: 10, ht: 3.41, vat: 0.34, ttc: 3.75 }]);
  });

  it('spreads an order discount over several VAT rates and still adds up', async () => {
    const o = await sale({
      deliveryMethod: 0,
      items: [
        { productName: 'Croissant', quantity: 5 }, // 9.00 at 5.5 %
        { productName: 'Café', quantity: 4 }, // 10.00 at 10 %
      ],
      discount: { amount: 1.9 },
    });
    // 19.00 − 1.90 = 17.10
    expect(o).toMatchObject({ subtotal: 19, discount: 1.9, total: 17.1 });
    expect(o.vat.map((r) => r.rate)).toEqual([5.5, 10]);
    expect(o.vat.reduce((s, r) => s + cents(r.ttc), 0)).toBe(1710);
    for (const r of o.vat) expect(cents(r.ht) + cents(r.vat)).toBe(cents(r.ttc));
    // proportional spread: 9/19 × 1.90 = 0.90 off the 5.5 % part, 1.00 off the 10 % part
    expect(o.vat).toEqual([
      // 8.10 at 5.5 %: VAT round(810 × 5.5 / 105.5) = round(42.23) = 42
      { rate: 5.5, ht: 7.68, vat: 0.42, ttc: 8.1 },
      // 9.00 at 10 %: VAT round(81.82) = 82
      { rate: 10, ht: 8.18, vat: 0.82, ttc: 9 },
    ]);
  });

  it('records a quote with payment -2: no number, status quote', async () => {
    const o = await sale({ items: [{ productName: 'Café' }], payment: -2 });
    expect(o).toMatchObject({ number: null, status: 'quote', paymentStatus: 'quote', paid: 0 });
  });

  it('records a validated unpaid order with payment -1: all of it due', async () => {
    const o = await sale({ items: [{ productName: 'Café', quantity: 2 }], payment: -1 });
    expect(o).toMatchObject({ status: 'validated', paymentStatus: 'unpaid', total: 5, paid: 0, due: 5 });
    expect(o.number).toBeGreaterThan(0);
  });

  it('records a paid order and a partial payment', async () => {
    const paid = await sale({ items: [{ productName: 'Café', quantity: 2 }], payment: card });
    expect(paid).toMatchObject({ paymentStatus: 'paid', paid: 5, due: 0 });

    const partial = await sale({
      items: [{ productName: 'Café', quantity: 2 }],
      payment: card,
      paymentAmount: 1.2,
    });
    // 5.00 − 1.20 = 3.80 still due
    expect(partial).toMatchObject({ paymentStatus: 'partially_paid', total: 5, paid: 1.2, due: 3.8 });
  });

  it('creates an inline client, visible in data_list_clients', async () => {
    const before = await ok<{ total: number }>(h.client, 'data_list_clients');
    const o = await sale({
      items: [{ productName: 'Café' }],
      client: { firstname: 'Zoé', lastname: 'Testeur', email: 'zoe.testeur@example.com' },
    });
    expect(o.client?.id).toBeGreaterThan(0);
    expect(o.client?.name).toContain('Testeur');
    const after = await ok<{
      total: number;
      items: { id: number; firstname: string; lastname: string; email: string }[];
    }>(h.client, 'data_list_clients', { limit: 500 });
    expect(after.total).toBe(before.total + 1);
    expect(after.items.find((c) => c.id === o.client?.id)).toMatchObject({
      firstname: 'Zoé',
      lastname: 'Testeur',
      email: 'zoe.testeur@example.com',
    });
  });

  it("returns deliveryTime in the shop's time zone", async () => {
    const o = await sale({
      items: [{ productName: 'Café' }],
      deliveryMethod: 0,
      deliveryTime: '2026-11-21T18:15',
    });
    // Paris is UTC+1 in November
    expect(o.deliveryTime).toBe('2026-11-21T18:15:00+01:00');
    const summer = await sale({
      items: [{ productName: 'Café' }],
      deliveryMethod: 0,
      deliveryTime: '2026-07-01T10:00:00Z',
    });
    // UTC+2 in July: 10:00Z = 12:00 in Paris
    expect(summer.deliveryTime).toBe('2026-07-01T12:00:00+02:00');
  });

  it('takes validated sales out of stock, not quotes', async () => {
    const id = pid('Croissant aux amandes');
    const start = await stockOf(id);
    expect(typeof start).toBe('number');
    const s0 = start ?? 0;
    await sale({ items: [{ productId: id, quantity: 2 }], payment: -2 });
    expect(await stockOf(id)).toBe(s0);
    await sale({ items: [{ productId: id, quantity: 3 }], payment: -1 });
    expect(await stockOf(id)).toBe(s0 - 3);
    await sale({ items: [`${id}_1`], payment: card });
    expect(await stockOf(id)).toBe(s0 - 4);
  });
});
