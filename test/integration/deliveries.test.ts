/** deliveries_schedule through the MCP client: "how many orders must be delivered tonight?" */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fails, ok, startInProcess, type Harness } from '../helpers.js';

interface Row {
  id: number;
  number: number | null;
  scheduledAt: string;
  scheduled: boolean;
  deliveryMethod: number;
  deliveryMethodName: string;
  status: string;
  clientId: number | null;
  clientName: string | null;
  phone: string | null;
  relayPoint: string | null;
  address: string | null;
  total: number;
  due: number;
  items: string;
  comment: string | null;
}
interface Schedule {
  period: { window: string; from: string; to: string; timeZone: string };
  computedAt: string;
  filters: { deliveryMethods: number[]; statuses: string[] };
  total: number;
  byDeliveryMethod: { code: number; name: string; count: number }[];
  byStatus: { status: string; count: number }[];
  overdueCount: number | null;
  count: number;
  nextCursor: string | null;
  items: Row[];
}
interface Order {
  id: number;
  number: number;
  lines: { id: number; title: string }[];
}

describe('deliveries_schedule', () => {
  let h: Harness;
  let now = new Date('2026-11-20T17:00:00Z');
  const at = (iso: string) => {
    now = new Date(iso);
  };
  const o: Record<string, Order> = {};
  let jean = 0;
  let relay = 0;
  const sale = (args: Record<string, unknown>) => ok<Order>(h.client, 'sale_create', args);
  const schedule = (args: Record<string, unknown> = {}) =>
    ok<Schedule>(h.client, 'deliveries_schedule', args);
  const ids = (s: Schedule) => s.items.map((i) => i.id);

  beforeAll(async () => {
    // The demo shop is in Paris (UTC+1 in November) and its business day ends at 2 a.m.
    h = await startInProcess({ clock: () => now });
    const clients = await ok<{ items: { id: number; lastname: string }[] }>(h.client, 'data_list_clients');
    jean = clients.items.find((c) => c.lastname === 'Dupont')?.id ?? 0;
    relay = (await ok<{ items: { id: number }[] }>(h.client, 'data_list_relay_points')).items[0]?.id ?? 0;
    const card = (
      await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
        h.client,
        'data_list_payments_modes',
      )
    ).items.find((m) => m.type === 'card' && !m.refund)?.id;

    at('2026-11-19T12:00:00Z'); // yesterday's business day
    o.yesterday = await sale({ deliveryMethod: 1, items: [{ productName: 'Café' }] });

    at('2026-11-20T17:00:00Z'); // orders taken at 18:00 for later
    // tonight, after midnight but before the 2 a.m. close: still tonight
    o.late = await sale({
      deliveryMethod: 1,
      idClient: jean,
      deliveryTime: '2026-11-21T01:30',
      items: [
        { productName: 'Café', quantity: 2 },
        { productName: 'Croissant', quantity: 1 },
      ],
      publicComment: 'Code 1234B',
    });
    o.takeaway = await sale({
      deliveryMethod: 0,
      deliveryTime: '2026-11-20T23:00',
      items: [{ productName: 'Croissant', quantity: 3 }],
      payment: card,
    });
    await ok(h.client, 'order_edit', { orderId: o.takeaway.id, status: 'ready' });
    o.relay = await sale({
      deliveryMethod: 5,
      relayPointId: relay,
      deliveryTime: '2026-11-20T22:30:00+01:00',
      items: [{ productName: 'Café' }],
    });
    // after the close: the next business day
    o.tomorrow = await sale({
      deliveryMethod: 1,
      deliveryTime: '2026-11-21T02:30',
      items: ['Free_20_Plateau'],
    });
    // on site, at a table, in the window: not a delivery
    o.onSite = await sale({ idtable: 5, deliveryTime: '2026-11-20T23:30', items: [{ productName: 'Café' }] });
    // scheduled before now and not done yet: late
    o.overdue = await sale({
      deliveryMethod: 1,
      deliveryTime: '2026-11-20T21:00',
      items: [{ productName: 'Café' }],
    });
    // already delivered
    o.done = await sale({
      deliveryMethod: 1,
      deliveryTime: '2026-11-20T23:15',
      items: [{ productName: 'Café' }],
    });
    await ok(h.client, 'order_edit', { orderId: o.done.id, status: 'delivered' });
    // cancelled: fully refunded
    o.cancelled = await sale({
      deliveryMethod: 1,
      deliveryTime: '2026-11-20T23:45',
      items: [{ productName: 'Café' }],
    });
    await ok(h.client, 'order_refund', { orderId: o.cancelled.id });
    // partly refunded: one café less to deliver
    o.partial = await sale({
      deliveryMethod: 1,
      deliveryTime: '2026-11-21T00:15',
      items: [
        { productName: 'Café', quantity: 2 },
        { productName: 'Croissant', quantity: 1 },
      ],
    });
    const cafe = o.partial.lines.find((l) => l.title === 'Café');
    await ok(h.client, 'order_refund', { orderId: o.partial.id, lines: [{ lineId: cafe?.id, quantity: 1 }] });
    // a quote is not an order to deliver
    await sale({
      deliveryMethod: 1,
      deliveryTime: '2026-11-20T23:50',
      items: [{ productName: 'Café' }],
      payment: -2,
    });

    // a counter sale at 22:40 without a scheduled time: handed over at the counter, not a delivery
    at('2026-11-20T21:40:00Z');
    o.counter = await sale({ items: [{ productName: 'Café', quantity: 1 }] });

    at('2026-11-20T21:00:00Z'); // 22:00 in Paris
  });
  afterAll(() => h.close());

  it('tonight at 22:00: from now to the 2 a.m. close, sorted by scheduled time', async () => {
    const s = await schedule({ window: 'tonight' });
    expect(s.period).toEqual({
      window: 'tonight',
      from: '2026-11-20T22:00:00+01:00',
      to: '2026-11-21T02:00:00+01:00',
      timeZone: 'Europe/Paris',
    });
    expect(s.computedAt).toBe('2026-11-20T22:00:00+01:00');
    expect(s.filters).toEqual({ deliveryMethods: [0, 1, 3, 5, 6], statuses: ['pending', 'ready'] });
    expect(ids(s)).toEqual([o.relay?.id, o.takeaway?.id, o.partial?.id, o.late?.id]);
    expect(s.items.map((i) => i.scheduledAt)).toEqual([
      '2026-11-20T22:30:00+01:00',
      '2026-11-20T23:00:00+01:00',
      '2026-11-21T00:15:00+01:00',
      '2026-11-21T01:30:00+01:00',
    ]);
    expect(s).toMatchObject({ total: 4, count: 4, nextCursor: null, overdueCount: 1 });
    expect(s.byDeliveryMethod).toEqual([
      { code: 0, name: 'À emporter (takeaway)', count: 1 },
      { code: 1, name: 'Livraison (delivery)', count: 2 },
      { code: 3, name: 'Drive (drive-through)', count: 0 },
      { code: 5, name: 'Point relais (relay point)', count: 1 },
      { code: 6, name: 'Expédition (shipping)', count: 0 },
    ]);
    expect(s.byStatus).toEqual([
      { status: 'pending', count: 3 },
      { status: 'ready', count: 1 },
    ]);

    const late = s.items.find((i) => i.id === o.late?.id);
    expect(late).toEqual({
      id: o.late?.id,
      number: o.late?.number,
      scheduledAt: '2026-11-21T01:30:00+01:00',
      scheduled: true,
      deliveryMethod: 1,
      deliveryMethodName: 'Livraison (delivery)',
      status: 'pending',
      clientId: jean,
      clientName: 'Jean Dupont',
      phone: '06 39 98 45 12',
      relayPoint: null,
      address: '8 rue Oberkampf, 75011 Paris',
      total: 6.8,
      due: 6.8,
      items: '2× Café, 1× Croissant',
      comment: 'Code 1234B',
    });
    expect(s.items.find((i) => i.id === o.relay?.id)).toMatchObject({
      relayPoint: 'Relais Tabac des Halles',
      address: '15 rue Rambuteau, 75001 Paris',
      clientName: null,
      items: '1× Café',
      due: 2.5,
    });
    expect(s.items.find((i) => i.id === o.takeaway?.id)).toMatchObject({
      status: 'ready',
      total: 5.4,
      due: 0,
    });
    // counter sales (sale_create's default) are not deliveries unless asked for
    const counter = await schedule({ window: 'tonight', deliveryMethod: 4 });
    expect(counter.items.find((i) => i.id === o.counter?.id)).toMatchObject({
      scheduled: false,
      deliveryMethod: 4,
    });
    // 2 × 2.50 + 1.80 with one café refunded: 1 café and 1 croissant left, 4.30 due
    expect(s.items.find((i) => i.id === o.partial?.id)).toMatchObject({
      items: '1× Café, 1× Croissant',
      total: 6.8,
      due: 4.3,
    });
  });

  it('after midnight, before the close, tonight is still the same business night', async () => {
    at('2026-11-21T00:30:00Z'); // 01:30 in Paris
    try {
      const s = await schedule({ window: 'tonight' });
      expect(s.period.from).toBe('2026-11-21T01:30:00+01:00');
      expect(s.period.to).toBe('2026-11-21T02:00:00+01:00');
      expect(ids(s)).toEqual([o.late?.id]);
      // overdue: the orders of the night still not handed over
      expect(s.overdueCount).toBe(4);
    } finally {
      at('2026-11-20T21:00:00Z');
    }
  });

  it('today, tomorrow and explicit dates', async () => {
    const today = await schedule({ window: 'today' });
    expect(today.period).toMatchObject({
      from: '2026-11-20T02:00:00+01:00',
      to: '2026-11-21T02:00:00+01:00',
    });
    expect(ids(today)).toEqual([o.overdue?.id, ...ids(await schedule({ window: 'tonight' }))]);
    expect(today.overdueCount).toBeNull();
    // the default window is today
    expect(await schedule()).toEqual(today);

    const tomorrow = await schedule({ window: 'tomorrow' });
    expect(tomorrow.period).toMatchObject({
      from: '2026-11-21T02:00:00+01:00',
      to: '2026-11-22T02:00:00+01:00',
    });
    expect(ids(tomorrow)).toEqual([o.tomorrow?.id]);

    const custom = await schedule({ from: '2026-11-20T23:00', to: '2026-11-21T01:00' });
    expect(custom.period.window).toBe('custom');
    expect(ids(custom)).toEqual([o.takeaway?.id, o.partial?.id]);
    // a date alone is a whole business day
    expect(ids(await schedule({ from: '2026-11-19' }))).toEqual([o.yesterday?.id]);
    expect((await schedule({ from: '2026-11-19', to: '2026-11-21' })).total).toBe(7);

    expect(await fails(h.client, 'deliveries_schedule', { window: 'tonight', from: '2026-11-20' })).toMatch(
      /Invalid window: Give either window/,
    );
    expect(await fails(h.client, 'deliveries_schedule', { from: '2026-11-21', to: '2026-11-20' })).toMatch(
      /Invalid to: .*before it starts/,
    );
  });

  it('on-site orders only when asked; filters by method and status', async () => {
    expect(ids(await schedule({ window: 'tonight', deliveryMethod: 2 }))).toEqual([o.onSite?.id]);
    const some = await schedule({ window: 'tonight', deliveryMethod: [5, 1] });
    expect(some.filters.deliveryMethods).toEqual([1, 5]);
    expect(ids(some)).toEqual([o.relay?.id, o.partial?.id, o.late?.id]);
    expect(ids(await schedule({ window: 'tonight', status: 'delivered' }))).toEqual([o.done?.id]);
    expect(ids(await schedule({ window: 'tonight', status: ['ready'] }))).toEqual([o.takeaway?.id]);
    expect(await fails(h.client, 'deliveries_schedule', { deliveryMethod: 9 })).toMatch(
      /Invalid deliveryMethod: 9 is not a delivery method code/,
    );
  });

  it('pages by scheduled time without losing or repeating an order', async () => {
    const all = await schedule({ window: 'today' });
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page: Schedule = await schedule({ window: 'today', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(all.total);
      expect(page.count).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ids(all));
    expect(await fails(h.client, 'deliveries_schedule', { cursor: 'nope' })).toContain('Invalid cursor');
  });

  it('csv: one row per order, the counts in a note', async () => {
    const r = await call(h.client, 'deliveries_schedule', { window: 'tonight', format: 'csv' });
    expect(r.isError).toBeFalsy();
    const text = r.content[0]?.text ?? '';
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'id,number,scheduledAt,scheduled,deliveryMethod,deliveryMethodName,status,clientId,clientName,phone,relayPoint,address,total,due,items,comment',
    );
    expect(lines).toHaveLength(7); // header, 4 orders, note, '' after the last CRLF
    expect(text).toContain('"2× Café, 1× Croissant"');
    expect(text).toContain('"8 rue Oberkampf, 75011 Paris"');
    expect(lines[5]).toMatch(/^"# 4 orders from 2026-11-20T22:00:00\+01:00 to 2026-11-21T02:00:00\+01:00/);
    expect(lines[5]).toContain('overdue (scheduled earlier this business day, not done): 1');
    expect((r.structuredContent as unknown as Schedule).total).toBe(4);

    const empty = await call(h.client, 'deliveries_schedule', {
      window: 'tonight',
      deliveryMethod: 6,
      format: 'csv',
    });
    expect(empty.content[0]?.text?.split('\r\n')[0]).toMatch(/^id,number,scheduledAt,/);
    const html = await call(h.client, 'deliveries_schedule', { window: 'tonight', format: 'html' });
    expect(html.content[0]?.text).toContain('<td>2× Café, 1× Croissant</td>');
  });
});
