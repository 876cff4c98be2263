/**
 * The report tools on a small ledger whose figures are worked out by hand, their errors, and the demo
 * shop's history (which must never spill into today's business day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReports } from '../../src/modules/reports/reports.rebuild.js';
import { fails, ok, startInProcess, type Harness } from '../helpers.js';

interface Measures {
  orders: number;
  sales: number;
  refunds: number;
  refundCount: number;
  revenue: number;
  revenueHT: number;
  vat: number;
  averageTicket: number;
  covers: number;
  revenuePerCover: number;
  items: number;
  itemsRefunded: number;
}
interface Summary {
  source: string;
  complete: boolean;
  period: { fromDay: string; toDay: string; from: string; to: string };
  totals: Measures;
  vatRates: { rate: number; ht: number; vat: number; ttc: number }[];
  groups: (Measures & { key: string | number; label: string })[];
  unassigned: Measures | null;
}

describe('reports on a hand-checked week (Paris, business day closing at 2 a.m.)', () => {
  let h: Harness;
  let now = new Date('2026-11-17T11:00:00Z');
  beforeAll(async () => {
    h = await startInProcess({ clock: () => now });
    const card = 2; // demo: Carte bancaire
    // A: Tuesday 17, 12:00 Paris, on site table 84 for 2: 2 cafés + 1 croissant (10 %), paid by card = 6.80
    now = new Date('2026-11-17T11:00:00Z');
    const a = await ok<{ id: number; lines: { id: number; title: string }[] }>(h.client, 'sale_create', {
      idtable: 84,
      numcouverts: 2,
      payment: card,
      items: [
        { productName: 'Café', quantity: 2 },
        { productName: 'Croissant', quantity: 1 },
      ],
    });
    // B: Tuesday 17 at 01:30 Paris = business day Monday 16; takeaway croissant (5.5 %) for Marie Dupond, unpaid
    now = new Date('2026-11-17T00:30:00Z');
    await ok(h.client, 'sale_create', {
      deliveryMethod: 0,
      idClient: 1,
      payment: -1,
      items: [{ productName: 'Croissant', quantity: 1 }],
    });
    // Wednesday 18: A's croissant is refunded (credit note -1.80 at 10 %), paid back
    now = new Date('2026-11-18T10:00:00Z');
    const croissant = a.lines.find((l) => l.title === 'Croissant')!;
    await ok(h.client, 'order_refund', { orderId: a.id, lines: [{ lineId: croissant.id, quantity: 1 }] });
    now = new Date('2026-11-21T15:00:00Z'); // Saturday
  });
  afterAll(() => h.close());

  it('totals and VAT per rate of the week add up to the cent', async () => {
    const r = await ok<Summary>(h.client, 'report_summary', { period: 'this_week' });
    expect(r.period).toMatchObject({
      fromDay: '2026-11-16',
      toDay: '2026-11-21',
      from: '2026-11-16T02:00:00+01:00',
      to: '2026-11-22T02:00:00+01:00',
    });
    expect(r.complete).toBe(true);
    expect(r.source).toBe('summary');
    // sales 6.80 + 1.80; refund 1.80; VAT 10 %: round(680/11) = 62, refund round(180/11) = 16 → 46; 5.5 %: round(180×550/10550) = 9
    expect(r.totals).toMatchObject({
      orders: 2,
      sales: 8.6,
      refundCount: 1,
      refunds: 1.8,
      revenue: 6.8,
      vat: 0.55,
      revenueHT: 6.25,
      averageTicket: 4.3,
      covers: 2,
      revenuePerCover: 3.4,
      items: 4,
      itemsRefunded: 1,
    });
    expect(r.vatRates).toEqual([
      { rate: 5.5, ht: 1.71, vat: 0.09, ttc: 1.8 },
      { rate: 10, ht: 4.54, vat: 0.46, ttc: 5 },
    ]);
  });

  it('a 01:30 sale belongs to the business day before; a refund to the day it was made', async () => {
    const r = await ok<Summary>(h.client, 'report_summary', { period: 'this_week', groupBy: 'weekday' });
    expect(r.groups.map((g) => [g.label, g.orders, g.revenue])).toEqual([
      ['Monday', 1, 1.8],
      ['Tuesday', 1, 6.8],
      ['Wednesday', 0, -1.8],
    ]);
    const hours = await ok<Summary>(h.client, 'report_summary', { period: 'this_week', groupBy: 'hour' });
    expect(hours.groups.map((g) => g.label)).toEqual(['01:00', '11:00', '12:00']);
  });

  it('best customers: one call, walk-in orders apart, the same figures from the order rows', async () => {
    const args = { period: 'this_week', groupBy: 'client', weekday: 'monday' };
    const r = await ok<Summary>(h.client, 'report_summary', args);
    expect(r.groups).toEqual([
      expect.objectContaining({ key: 1, label: 'Marie Dupond', orders: 1, revenue: 1.8 }),
    ]);
    expect(r.unassigned).toBeNull();
    const week = await ok<Summary>(h.client, 'report_summary', { period: 'this_week', groupBy: 'client' });
    expect(week.unassigned).toMatchObject({ orders: 1, revenue: 5 });
    // The same question with exact times instead of whole days is answered from the order rows.
    const live = await ok<Summary>(h.client, 'report_summary', {
      groupBy: 'client',
      weekday: 'Monday', // (names in any case)
      from: '2026-11-16T02:00',
      to: '2026-11-22T02:00',
    });
    expect(live.source).toBe('orders');
    expect(live.groups).toEqual(r.groups);
  });

  it('takeaway only, compared with the week before', async () => {
    const r = await ok<{
      current: Measures;
      previous: Measures;
      change: { revenue: number; revenuePercent: null };
    }>(h.client, 'report_compare', { period: 'this_week', deliveryMethod: 0 });
    expect(r.current).toMatchObject({ orders: 1, revenue: 1.8 });
    expect(r.previous).toMatchObject({ orders: 0, revenue: 0 });
    expect(r.change).toMatchObject({ revenue: 1.8, revenuePercent: null });
  });

  it('compared by day: days matched by their place in the week, the rest added up in others', async () => {
    const r = await ok<{
      groups: { key: string; current: Measures; previous: Measures }[];
      groupCount: number;
      others: { groups: number; current: Measures; previous: Measures } | null;
    }>(h.client, 'report_compare', { period: 'this_week', groupBy: 'day', limit: 2 });
    // Monday and Tuesday listed (last week had no sales: zeros), Wednesday (the refund) in others
    expect(r.groups.map((g) => [g.key, g.current.revenue, g.previous.orders])).toEqual([
      ['2026-11-16', 1.8, 0],
      ['2026-11-17', 6.8, 0],
    ]);
    expect(r.groupCount).toBe(3);
    expect(r.others).toMatchObject({
      groups: 1,
      current: { revenue: -1.8, refundCount: 1 },
      previous: { orders: 0 },
    });
  });

  it('the cash report: money by method, unpaid sales', async () => {
    const r = await ok<{
      payments: { method: string; type: string; received: number }[];
      totalReceived: number;
      tickets: number;
      unpaid: number;
    }>(h.client, 'report_cash', { period: 'this_week' });
    expect(r.totalReceived).toBe(5);
    expect(r.payments.find((p) => p.type === 'card' && p.received > 0)?.received).toBe(6.8);
    expect(r.payments.reduce((s, p) => s + p.received * 100, 0)).toBe(500);
    expect(r.tickets).toBe(2);
    expect(r.unpaid).toBe(1.8);
  });

  it('covers changed on a validated order move in the reports too', async () => {
    const list = await ok<{ items: { id: number; covers: number | null }[] }>(h.client, 'data_list_orders', {
      from_date_ISO8601: '2026-11-17',
      to_date_ISO8601: '2026-11-17',
    });
    const a = list.items.find((o) => o.covers === 2)!;
    await ok(h.client, 'order_edit', { orderId: a.id, numcouverts: 4 });
    const r = await ok<Summary>(h.client, 'report_summary', { period: 'this_week' });
    expect(r.totals).toMatchObject({ covers: 4, revenuePerCover: 1.7 });
  });

  it("free lines, one method's money, days past today and a longer compared period", async () => {
    // 0 = none: free lines (no product) give the same answer from the summary and from the order rows
    const free = await ok<Summary>(h.client, 'report_summary', { period: 'this_week', productId: 0 });
    const freeLive = await ok<Summary>(h.client, 'report_summary', {
      productId: 0,
      from: '2026-11-16T02:00',
      to: '2026-11-22T02:00',
    });
    expect([free.source, freeLive.source]).toEqual(['summary', 'orders']);
    expect(freeLive.totals).toEqual(free.totals);
    // grouped by payment method with a method filter: that method's money only
    const card = await ok<{ groups: { key: number; received: number }[] }>(h.client, 'report_summary', {
      period: 'this_week',
      groupBy: 'payment_method',
      paymentMethod: 2,
    });
    expect(card.groups.map((g) => [g.key, g.received])).toEqual([[2, 6.8]]);
    // whole days reaching past today stop at today, like the presets
    const month = await ok<Summary>(h.client, 'report_summary', { from: '2026-11-01', to: '2026-11-30' });
    expect(month.period.toDay).toBe('2026-11-21');
    // compared with a longer period: its extra day is listed, not dropped
    const longer = await ok<{ groups: { label: string; previous: Measures }[] }>(h.client, 'report_compare', {
      from: '2026-11-16',
      to: '2026-11-17',
      compareWith: 'custom',
      compareFrom: '2026-11-16',
      compareTo: '2026-11-18',
      groupBy: 'day',
    });
    expect(longer.groups.map((g) => [g.label, g.previous.refundCount])).toEqual([
      ['2026-11-16 (Mon)', 0],
      ['2026-11-17 (Tue)', 0],
      ['2026-11-18 (Wed) (no counterpart: past the end of this period)', 1],
    ]);
  });

  it('explains bad input, naming the field', async () => {
    expect(await fails(h.client, 'report_summary', { clientId: 999999 })).toMatch(
      /clientId.*data_list_clients/,
    );
    expect(await fails(h.client, 'report_summary', { weekday: 'funday' })).toMatch(/weekday.*monday/);
    expect(
      (await ok<Summary>(h.client, 'report_summary', { period: 'this_week', weekday: 'TUESDAY' })).totals
        .orders,
    ).toBe(1);
    expect(
      await fails(h.client, 'report_summary', { from: '2026-11-01', to: '2026-11-02', days: 3 }),
    ).toMatch(/days/);
    expect(await fails(h.client, 'report_summary', { from: '2020-01-01', to: '9999-12-31' })).toMatch(
      /Invalid to/,
    );
    expect(await fails(h.client, 'report_get', { type: 'd', date: '2026-02-31' })).toMatch(/date/);
    expect(
      await fails(h.client, 'report_compare', {
        compareWith: 'custom',
        compareFrom: '2026-11-01',
        compareTo: '2026-11-31',
      }),
    ).toMatch(/compareTo/);
    expect(await fails(h.client, 'report_summary', { period: 'this_month', days: 3 })).toMatch(
      /days.*last_days/,
    );
    expect(await fails(h.client, 'report_summary', { from: '2026-11-10', to: '2026-11-01' })).toMatch(
      /to.*before from/,
    );
    expect(await fails(h.client, 'report_summary', { to: '2026-11-01' })).toMatch(/from/);
    expect(await fails(h.client, 'report_summary', { from: '2026-13-01', to: '2026-11-01' })).toMatch(/from/);
    expect(await fails(h.client, 'report_summary', { table: 999 })).toMatch(/table.*data_list_tables/);
    expect(await fails(h.client, 'report_summary', { fromHour: 18, toHour: 18 })).toMatch(/toHour/);
    expect(await fails(h.client, 'report_compare', { compareWith: 'custom' })).toMatch(/compareFrom/);
    expect(await fails(h.client, 'report_get', { type: 'm', date: '2026-13' })).toMatch(/date/);
    expect(await fails(h.client, 'report_cash', { cashboxId: 99 })).toMatch(/cashboxId/);
  });

  it('report_get: the month, split by day, in CSV', async () => {
    const r = await ok<{ totals: Measures; byTime: { key: string }[] }>(h.client, 'report_get', {
      type: 'm',
      date: '2026-11',
    });
    expect(r.totals.revenue).toBe(6.8);
    expect(r.byTime.map((d) => d.key)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18']);
    const csv = await h.client.callTool({
      name: 'report_get',
      arguments: { type: 'm', date: '2026-11', format: 'csv' },
    });
    const text = (csv.content as { text: string }[])[0]!.text;
    expect(text.split('\r\n')[0]).toMatch(/^"# Sales report \(m\), month \(2026-11-01 to 2026-11-21\), EUR/);
    expect(text).toContain('2026-11-17 (Tue)');
  });
});

describe('reports after a change of the shop clock, and a table moved after a refund', () => {
  it('a rebuild places orders in the new business days; credit notes follow their order to another table', async () => {
    let now = new Date('2026-11-17T00:30:00Z'); // 01:30 in Paris: the demo shop closes at 2
    const h = await startInProcess({ clock: () => now });
    try {
      const sale = await ok<{ id: number }>(h.client, 'sale_create', {
        idtable: 1,
        payment: -1,
        items: [{ productName: 'Café', quantity: 2 }],
      });
      now = new Date('2026-11-17T10:00:00Z');
      const lines = (await ok<{ lines: { id: number }[] }>(h.client, 'order_detail', { orderId: sale.id }))
        .lines;
      await ok(h.client, 'order_refund', {
        orderId: sale.id,
        lines: [{ lineId: lines[0]!.id, quantity: 1 }],
      });
      await ok(h.client, 'order_edit', { orderId: sale.id, idtable: 2 });
      const byTable = await ok<Summary>(h.client, 'report_summary', {
        period: 'this_week',
        groupBy: 'table',
      });
      expect(byTable.groups.map((g) => [g.key, g.orders, g.refundCount, g.revenue])).toEqual([
        [2, 1, 1, 2.5],
      ]);

      expect((await ok<Summary>(h.client, 'report_summary', { period: 'yesterday' })).totals.orders).toBe(1);
      // the shop now closes at midnight: 01:30 is the 17th, once the reports are rebuilt
      await h.db.updateTable('shops').set({ close_hour: 0 }).where('id', '=', h.shopId).execute();
      await rebuildReports(h.db, h.shopId);
      expect((await ok<Summary>(h.client, 'report_summary', { period: 'yesterday' })).totals.orders).toBe(0);
      const today = await ok<Summary>(h.client, 'report_summary', { period: 'today', groupBy: 'hour' });
      expect(today.groups.map((g) => [g.label, g.orders])).toEqual([
        ['01:00', 1],
        ['11:00', 0],
      ]);
    } finally {
      await h.close();
    }
  });
});

describe('the demo history', () => {
  it('stops before the current business day, even between midnight and the 2 a.m. close', async () => {
    // 01:30 in Paris on Saturday 21: the business day is still Friday 20, which began at 02:00 Friday.
    const now = new Date('2026-11-21T00:30:00Z');
    const h = await startInProcess({ clock: () => now, historyDays: 3 });
    try {
      const today = await ok<Summary>(h.client, 'report_summary', { period: 'today' });
      expect(today.period.fromDay).toBe('2026-11-20');
      expect(today.totals.orders).toBe(0);
      const before = await ok<Summary>(h.client, 'report_summary', { period: 'last_days', days: 4 });
      expect(before.totals.orders).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});
