/**
 * shop_show / shop_edit through the MCP client: the shop's details and identifiers checked, the currency
 * fixed once an order is numbered, and a new clock (time zone, close hour) re-placing the past orders in
 * their business days with the reports rebuilt in the same call, agreeing with a full rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReports } from '../../../src/modules/reports/reports.rebuild.js';
import { call, fails, keptAndRebuilt, ok, startInProcess, type Harness } from '../../helpers.js';

interface Shop {
  id: number;
  name: string;
  address: string | null;
  zip: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  legalForm: string | null;
  siret: string | null;
  vatNumber: string | null;
  currency: string;
  timeZone: string;
  closeHour: number;
  receiptHeader: string | null;
  receiptFooter: string | null;
  hasOrders: boolean;
}
interface Change {
  action: string;
  id: number;
  replayed: boolean;
  warnings: string[];
  item: Shop;
}
interface Summary {
  period: { fromDay: string; toDay: string; timeZone: string; closeHour: number };
  totals: { orders: number; sales: number; revenue: number; vat: number; refunds: number };
  groups: { key: string | number; orders: number; revenue: number }[];
}

const NOW = new Date('2026-11-21T15:00:00Z'); // a Saturday afternoon in Paris

describe('the shop settings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty', clock: () => NOW });
  });
  afterAll(() => h.close());

  it('shows the shop and edits its details, journaled, with null clearing a text', async () => {
    const shown = await ok<Shop>(h.client, 'shop_show');
    expect(shown).toMatchObject({
      name: 'Test shop',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      hasOrders: false,
    });
    const r = await ok<Change>(h.client, 'shop_edit', {
      name: 'Café des Lilas',
      address: '12 rue des Lilas',
      zip: '69003',
      city: 'Lyon',
      country: 'France',
      phone: '04 78 00 00 00',
      email: 'contact@lilas.fr',
      legalForm: 'SARL',
      siret: '732 829 320 00074',
      vatNumber: 'fr 44 732829320',
      receiptHeader: 'Bienvenue !',
      receiptFooter: 'Merci, à bientôt',
    });
    expect(r).toMatchObject({
      action: 'updated',
      warnings: [],
      item: { name: 'Café des Lilas', siret: '73282932000074', vatNumber: 'FR44732829320', city: 'Lyon' },
    });
    const same = await ok<Change>(h.client, 'shop_edit', { city: 'Lyon' });
    expect(same.action).toBe('unchanged');
    const cleared = await ok<Change>(h.client, 'shop_edit', { receiptHeader: null, phone: '' });
    expect(cleared.item).toMatchObject({
      receiptHeader: null,
      phone: null,
      receiptFooter: 'Merci, à bientôt',
    });
    expect(await ok<Shop>(h.client, 'shop_show')).toEqual(cleared.item);
    const journal = await ok<{ items: { action: string; via: string; before: Shop; after: Shop }[] }>(
      h.client,
      'audit_list',
      { entity: 'shop' },
    );
    expect(journal.items.map((j) => `${j.action} ${j.via}`)).toEqual(['edit shop_edit', 'edit shop_edit']);
    expect(journal.items[0]!.before.name).toBe('Test shop');
    expect(journal.items[1]!.after.phone).toBeNull();
  });

  it('refuses bad identifiers and texts, naming the field, and writes nothing', async () => {
    const before = await ok<Shop>(h.client, 'shop_show');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ siret: '732 829 320 00075' }, /siret.*key does not match/s],
      [{ siret: '1234' }, /siret.*14 digits/s],
      [{ vatNumber: 'FR45732829320' }, /vatNumber.*key is 44/s],
      [{ vatNumber: 'FR12' }, /vatNumber.*French VAT number/s],
      [{ vatNumber: '12345' }, /vatNumber.*country code/s],
      [{ email: 'not an address' }, /email.*e-mail address/s],
      [{ currency: 'XYZ' }, /currency.*ISO 4217/s],
      [{ currency: 'JPY' }, /currency.*two decimals/s],
      [{ timeZone: 'Mars/Olympus' }, /timeZone.*IANA/s],
      [{ closeHour: 24 }, /closeHour/],
      [{ closeHour: 1.5 }, /closeHour/],
      [{ name: '  ' }, /name/],
      [{ receiptFooter: 'x'.repeat(1001) }, /receiptFooter/],
      [{ city: 'Lyon', siret: '999' }, /siret/],
    ];
    for (const [args, message] of cases) {
      const r = await call(h.client, 'shop_edit', args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(r.content[0]!.text).toMatch(message);
    }
    expect(await ok<Shop>(h.client, 'shop_show')).toEqual(before);
  });

  it('warns when the VAT number is not the SIRET one', async () => {
    const r = await ok<Change>(h.client, 'shop_edit', { vatNumber: 'FR40303265045' });
    expect(r.warnings.join(' ')).toMatch(/not the one of the SIRET's SIREN 732829320 \(FR44732829320\)/);
    await ok(h.client, 'shop_edit', { vatNumber: 'FR44732829320' });
  });

  it('changes the currency only until the first order is numbered', async () => {
    expect((await ok<Change>(h.client, 'shop_edit', { currency: 'chf' })).item.currency).toBe('CHF');
    expect((await ok<Change>(h.client, 'shop_edit', { currency: 'EUR' })).item.currency).toBe('EUR');
    await ok(h.client, 'sale_create', { items: [{ type: 'free', price: 2, title: 'Café' }] });
    expect((await ok<Shop>(h.client, 'shop_show')).hasOrders).toBe(true);
    expect(await fails(h.client, 'shop_edit', { currency: 'CHF' })).toMatch(
      /recorded 1 orders in EUR.*cannot change/,
    );
    // the same currency again is no change, so it is not refused
    expect((await ok<Change>(h.client, 'shop_edit', { currency: 'EUR' })).action).toBe('unchanged');
    expect((await ok<Shop>(h.client, 'shop_show')).currency).toBe('EUR');
  });
});

describe('a new clock for a shop with a history', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ clock: () => NOW, historyDays: 6 });
  });
  afterAll(() => h.close());

  const byDay = () =>
    ok<Summary>(h.client, 'report_summary', { period: 'last_days', days: 10, groupBy: 'day', limit: 50 });
  const pastDay = (day: string) => ok<Summary>(h.client, 'report_summary', { from: day, to: day });
  const orderDays = async () =>
    (
      await h.db
        .selectFrom('orders')
        .select(['id', 'business_day', 'validated_at'])
        .where('shop_id', '=', h.shopId)
        .where('validated_at', 'is not', null)
        .orderBy('id')
        .execute()
    ).map((o) => `${o.id} ${o.business_day}`);

  it('re-places every order in its business day and rebuilds the reports in the same call', async () => {
    const shop = await ok<Shop>(h.client, 'shop_show');
    expect(shop).toMatchObject({ timeZone: 'Europe/Paris', closeHour: 2, hasOrders: true });
    const days = await byDay();
    const total = days.totals;
    expect(total.orders).toBeGreaterThan(0);
    const day = String(days.groups.find((g) => g.orders > 0)!.key);
    const dayBefore = await pastDay(day);
    const placesBefore = await orderDays();

    // the shop moves to New York and closes at 5 a.m.: every order falls in another place of the week
    const r = await ok<Change>(h.client, 'shop_edit', { timeZone: 'America/New_York', closeHour: 5 });
    expect(r.item).toMatchObject({ timeZone: 'America/New_York', closeHour: 5 });
    expect(r.warnings.join(' ')).toMatch(/placed in its business day again and the reports were rebuilt/);
    const placesAfter = await orderDays();
    expect(placesAfter).not.toEqual(placesBefore);

    const dayAfter = await pastDay(day);
    expect(dayAfter.period).toMatchObject({ timeZone: 'America/New_York', closeHour: 5 });
    expect(dayAfter.totals).not.toEqual(dayBefore.totals);
    // the same orders, in other days: over the whole history, the same totals
    expect((await byDay()).totals).toEqual(total);

    // what the call left is what a full rebuild (placing and summing from the ledger) gives
    const kept = await byDay();
    const [rows, rebuilt] = await keptAndRebuilt(h.db, h.shopId);
    expect(rows).toBe(rebuilt);
    await rebuildReports(h.db, h.shopId);
    expect(await orderDays()).toEqual(placesAfter);
    expect(await byDay()).toEqual(kept);
    expect(await pastDay(day)).toEqual(dayAfter);
  });

  it('places a new sale with the new clock, and goes back exactly', async () => {
    const before = await byDay();
    await ok(h.client, 'sale_create', { items: [{ productName: 'Café', quantity: 1 }] });
    const o = await h.db
      .selectFrom('orders')
      .select(['business_day', 'hour'])
      .where('shop_id', '=', h.shopId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    // 15:00 UTC is 10:00 in New York: the business day of the 21st, at hour 10
    expect(o).toEqual({ business_day: '2026-11-21', hour: 10 });
    expect((await byDay()).totals.orders).toBe(before.totals.orders + 1);
    await ok(h.client, 'shop_edit', { timeZone: 'Europe/Paris', closeHour: 2 });
    const [rows, rebuilt] = await keptAndRebuilt(h.db, h.shopId);
    expect(rows).toBe(rebuilt);
    const journal = await ok<{ items: { before: Shop; after: Shop }[] }>(h.client, 'audit_list', {
      entity: 'shop',
    });
    expect(
      journal.items.map(
        (j) => `${j.before.timeZone} ${j.before.closeHour} → ${j.after.timeZone} ${j.after.closeHour}`,
      ),
    ).toEqual(['Europe/Paris 2 → America/New_York 5', 'America/New_York 5 → Europe/Paris 2']);
  });

  it('keeps the reports exact when sales run while the clock changes', async () => {
    const clocks = [
      { closeHour: 4 },
      { timeZone: 'Asia/Tokyo' },
      { closeHour: 0 },
      { timeZone: 'Europe/Paris', closeHour: 2 },
    ];
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    const cash = modes.items.find((m) => m.type === 'cash' && !m.refund)!.id;
    const unpaid = await Promise.all(
      Array.from({ length: 4 }, () =>
        ok<{ id: number }>(h.client, 'sale_create', { items: [{ productName: 'Café' }], payment: -1 }),
      ),
    );
    // sales (validated, paid), payments of earlier orders and refunds, while the clock changes four times
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) =>
        ok(h.client, 'sale_create', {
          items: [{ productName: 'Café', quantity: 1 }],
          payment: i % 2 ? cash : -1,
        }),
      ),
      ...unpaid.slice(0, 2).map((o) => ok(h.client, 'order_edit', { orderId: o.id, payment: cash })),
      ...unpaid.slice(2).map((o) => ok(h.client, 'order_refund', { orderId: o.id })),
      ...clocks.map((c) => ok(h.client, 'shop_edit', c)),
    ]);
    const shop = await ok<Shop>(h.client, 'shop_show');
    const paymentDays = async () =>
      (
        await h.db
          .selectFrom('payments')
          .select(['id', 'business_day'])
          .where('shop_id', '=', h.shopId)
          .orderBy('id')
          .execute()
      ).map((p) => `${p.id} ${p.business_day}`);
    const kept = await byDay();
    const placesKept = await orderDays();
    const paymentsKept = await paymentDays();
    const [rows, rebuilt] = await keptAndRebuilt(h.db, h.shopId);
    expect(rows).toBe(rebuilt);
    await rebuildReports(h.db, h.shopId);
    expect(await orderDays()).toEqual(placesKept);
    expect(await paymentDays()).toEqual(paymentsKept);
    expect(await byDay()).toEqual(kept);
    expect(shop.timeZone).toMatch(/Europe\/Paris|Asia\/Tokyo/);
  });
});
