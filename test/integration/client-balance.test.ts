/** client_balance through the MCP client: "did Mrs Dupont pay for her order?" */
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { buildServer } from '../../src/mcp/server.js';
import { createEmptyShop } from '../../src/modules/demo/demo.service.js';
import { call, fails, ok, startInProcess, type Harness } from '../helpers.js';

interface Unpaid {
  id: number;
  number: number | null;
  date: string;
  total: number;
  refunded: number;
  paid: number;
  due: number;
  paymentStatus: string;
}
interface Balance {
  client: {
    id: number;
    name: string | null;
    email: string | null;
    phone: string | null;
    city: string | null;
  };
  currency: string;
  period: { from: string | null; to: string | null; timeZone: string; label: string };
  computedAt: string;
  orderCount: number;
  creditNoteCount: number;
  totalOrdered: number;
  totalRefunded: number;
  totalPaid: number;
  totalDue: number;
  unpaidCount: number;
  unpaidOrders: Unpaid[];
  lastOrderAt: string | null;
}
interface Order {
  id: number;
  number: number;
  total: number;
  due: number;
  lines: { id: number; title: string }[];
  client: { id: number } | null;
}

describe('client_balance', () => {
  let h: Harness;
  let now = new Date('2026-11-10T10:00:00Z');
  const at = (iso: string) => {
    now = new Date(iso);
  };
  const clients = new Map<string, number>();
  let card = 0;
  let cash = 0;
  let jean = 0;
  const orders: Record<string, Order> = {};
  const sale = (args: Record<string, unknown>) => ok<Order>(h.client, 'sale_create', args);
  const balance = (args: Record<string, unknown>) => ok<Balance>(h.client, 'client_balance', args);

  beforeAll(async () => {
    h = await startInProcess({ clock: () => now });
    const list = await ok<{ items: { id: number; firstname: string; lastname: string }[] }>(
      h.client,
      'data_list_clients',
    );
    for (const c of list.items) clients.set(`${c.firstname} ${c.lastname}`, c.id);
    jean = clients.get('Jean Dupont') ?? 0;
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    card = modes.items.find((m) => m.type === 'card' && !m.refund)?.id ?? -1;
    cash = modes.items.find((m) => m.type === 'cash' && !m.refund)?.id ?? -1;

    // A: 2 × 2.50, unpaid
    at('2026-11-10T10:00:00Z');
    orders.A = await sale({ idClient: jean, items: [{ productName: 'Café', quantity: 2 }] });
    // B: 1.80, paid by card
    at('2026-11-12T10:00:00Z');
    orders.B = await sale({ idClient: jean, items: [{ productName: 'Croissant' }], payment: card });
    // C: 3 × 2.50 = 7.50, 2.00 paid in cash
    at('2026-11-15T10:00:00Z');
    orders.C = await sale({
      idClient: String(jean),
      items: [{ productName: 'Café', quantity: 3 }],
      payment: cash,
      paymentAmount: 2,
    });
    // D: 2.50 paid by card, then refunded in full (2.50 paid back)
    at('2026-11-18T10:00:00Z');
    orders.D = await sale({ idClient: jean, items: [{ productName: 'Café' }], payment: card });
    await ok(h.client, 'order_refund', { orderId: orders.D.id });
    // E: 2 × 2.50 + 1.80 = 6.80 unpaid, one café refunded (cancelled): 4.30 due. At 00:30 in Paris on
    // the 21st, which is still the business day of the 20th (the shop closes at 2).
    at('2026-11-20T23:30:00Z');
    orders.E = await sale({
      idClient: jean,
      items: [
        { productName: 'Café', quantity: 2 },
        { productName: 'Croissant', quantity: 1 },
      ],
    });
    const cafeLine = orders.E.lines.find((l) => l.title === 'Café');
    await ok(h.client, 'order_refund', {
      orderId: orders.E.id,
      lines: [{ lineId: cafeLine?.id, quantity: 1 }],
    });
    // F: 1.80 of which 1.00 paid, then refunded in full: the 1.00 is paid back, nothing is due
    at('2026-11-21T10:00:00Z');
    orders.F = await sale({
      idClient: jean,
      items: [{ productName: 'Croissant' }],
      payment: cash,
      paymentAmount: 1,
    });
    await ok(h.client, 'order_refund', { orderId: orders.F.id });
    // neither a quote nor another client's order counts
    await sale({ idClient: jean, items: [{ productName: 'Café', quantity: 10 }], payment: -2 });
    await sale({ idClient: clients.get('Marie Dupond'), items: [{ productName: 'Café', quantity: 4 }] });
    at('2026-11-21T14:00:00Z'); // 15:00 in Paris
  });
  afterAll(() => h.close());

  it('by id: totals to the cent, partial payments, credit notes, every unpaid order', async () => {
    const b = await balance({ clientId: jean });
    expect(b.client).toMatchObject({
      id: jean,
      name: 'Jean Dupont',
      email: 'jean.dupont@example.com',
      phone: '06 39 98 45 12',
      city: 'Paris',
    });
    expect(b.currency).toBe('EUR');
    expect(b.period).toEqual({ from: null, to: null, timeZone: 'Europe/Paris', label: 'all time' });
    expect(b.computedAt).toBe('2026-11-21T15:00:00+01:00');
    // ordered 5.00 + 1.80 + 7.50 + 0 + 4.30 + 0 = 18.60; paid 1.80 + 2.00 = 3.80; due 18.60 − 3.80
    expect(b).toMatchObject({
      orderCount: 6,
      creditNoteCount: 3,
      totalOrdered: 18.6,
      totalRefunded: 6.8,
      totalPaid: 3.8,
      totalDue: 14.8,
      unpaidCount: 3,
      lastOrderAt: '2026-11-21T11:00:00+01:00',
    });
    expect(b.unpaidOrders).toEqual([
      {
        id: orders.A?.id,
        number: orders.A?.number,
        date: '2026-11-10T11:00:00+01:00',
        total: 5,
        refunded: 0,
        paid: 0,
        due: 5,
        paymentStatus: 'unpaid',
      },
      {
        id: orders.C?.id,
        number: orders.C?.number,
        date: '2026-11-15T11:00:00+01:00',
        total: 7.5,
        refunded: 0,
        paid: 2,
        due: 5.5,
        paymentStatus: 'partially_paid',
      },
      {
        id: orders.E?.id,
        number: orders.E?.number,
        date: '2026-11-21T00:30:00+01:00',
        total: 6.8,
        refunded: 2.5,
        paid: 0,
        due: 4.3,
        paymentStatus: 'unpaid',
      },
    ]);
    // the same amounts order_detail shows
    for (const u of b.unpaidOrders) {
      const d = await ok<{ due: number; paid: number }>(h.client, 'order_detail', { orderId: u.id });
      expect(d.due).toBe(u.due);
    }
    for (const o of [orders.B, orders.D, orders.F])
      expect((await ok<{ due: number }>(h.client, 'order_detail', { orderId: o?.id })).due).toBe(0);
    // a numeric string is an id too
    expect(await balance({ clientId: String(jean) })).toEqual(b);
  });

  it('by name, e-mail or phone, with titles and accents ignored', async () => {
    for (const clientName of [
      'Mme Dupont',
      'M. Dupont',
      'dupont',
      'Dupont Jean',
      'JEAN DUPONT',
      'jean.dupont@example.com',
      '06 39 98 45 12',
      '0639984512',
      '+33 6 39 98 45 12',
    ]) {
      const b = await balance({ clientName });
      expect(b.client.id, clientName).toBe(jean);
      expect(b.totalDue, clientName).toBe(14.8);
    }
    expect((await balance({ clientName: 'lefevre' })).client.name).toBe('Camille Lefèvre');
  });

  it('a period of business days', async () => {
    // the business day of the 20th runs to 02:00 on the 21st: order E (00:30 on the 21st) is in it
    const day = await balance({ clientId: jean, from: '2026-11-20', to: '2026-11-20' });
    expect(day.period).toMatchObject({
      from: '2026-11-20T02:00:00+01:00',
      to: '2026-11-21T02:00:00+01:00',
      label: 'from 2026-11-20T02:00:00+01:00 to 2026-11-21T02:00:00+01:00',
    });
    expect(day).toMatchObject({ orderCount: 1, totalOrdered: 4.3, totalDue: 4.3, creditNoteCount: 1 });
    expect(day.unpaidOrders.map((u) => u.id)).toEqual([orders.E?.id]);
    // the last order is the client's last, whatever the period
    expect(day.lastOrderAt).toBe('2026-11-21T11:00:00+01:00');

    const since = await balance({ clientId: jean, from: '2026-11-15' });
    expect(since.period.to).toBeNull();
    expect(since.period.label).toBe('since 2026-11-15T02:00:00+01:00');
    expect(since).toMatchObject({ orderCount: 4, totalOrdered: 11.8, totalPaid: 2, totalDue: 9.8 });

    const until = await balance({ clientId: jean, to: '2026-11-12' });
    expect(until).toMatchObject({ orderCount: 2, totalOrdered: 6.8, totalPaid: 1.8, totalDue: 5 });

    const hours = await balance({ clientId: jean, from: '2026-11-15T10:30', to: '2026-11-15T11:30' });
    expect(hours.orderCount).toBe(1);
    expect(hours.unpaidOrders[0]?.id).toBe(orders.C?.id);

    expect(
      await fails(h.client, 'client_balance', { clientId: jean, from: '2026-11-20', to: '2026-11-10' }),
    ).toMatch(/Invalid to: .*before it starts/);
    expect(await fails(h.client, 'client_balance', { clientId: jean, from: 'yesterday' })).toMatch(
      /Invalid from/,
    );
  });

  it('a name that matches several clients fails and lists them, nothing else', async () => {
    const r = await call(h.client, 'client_balance', { clientName: 'Dupon' });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toBeUndefined();
    const text = r.content.map((c) => c.text).join(' ');
    expect(text).toContain('Invalid clientName');
    expect(text).toContain('matches 2 clients');
    expect(text).toContain(`${clients.get('Marie Dupond')} Marie Dupond (Paris, 01 99 00 12 34)`);
    expect(text).toContain(`${jean} Jean Dupont (Paris, 06 39 98 45 12)`);
    expect(text).toContain('clientId');
    expect(text).not.toContain('totalDue');

    // two clients with the same name: their cities tell them apart
    const other = await sale({
      items: ['Free_3_Test'],
      client: { firstname: 'Sophie', lastname: 'Martin', city: 'Lyon', phone: '04 72 00 00 01' },
    });
    const twice = await fails(h.client, 'client_balance', { clientName: 'Mme Martin' });
    expect(twice).toContain('matches 2 clients');
    expect(twice).toContain(`${clients.get('Sophie Martin')} Sophie Martin (Paris, 06 39 98 21 07)`);
    expect(twice).toContain(`${other.client?.id} Sophie Martin (Lyon, 04 72 00 00 01)`);
    // the phone settles it
    expect((await balance({ clientName: '04 72 00 00 01' })).client.id).toBe(other.client?.id);
  });

  it('an unknown client says so and points to data_list_clients', async () => {
    const byName = await fails(h.client, 'client_balance', { clientName: 'Zorglub' });
    expect(byName).toMatch(/Invalid clientName: No client of this shop matches "Zorglub"/);
    expect(byName).toContain('data_list_clients');
    const byId = await fails(h.client, 'client_balance', { clientId: 99999 });
    expect(byId).toMatch(/Invalid clientId: No client has id 99999/);
    expect(byId).toContain('data_list_clients');
    expect(await fails(h.client, 'client_balance', { clientId: 'abc' })).toContain('Invalid clientId');
    expect(await fails(h.client, 'client_balance', {})).toMatch(/Invalid clientId: .*clientName/);
    expect(await fails(h.client, 'client_balance', { clientName: '  ' })).toContain('Invalid clientName');
  });

  it('a client without orders owes nothing', async () => {
    const b = await balance({ clientName: 'Nguyen' });
    expect(b).toMatchObject({
      orderCount: 0,
      totalOrdered: 0,
      totalPaid: 0,
      totalDue: 0,
      unpaidOrders: [],
      lastOrderAt: null,
    });
  });

  it('never sees another shop’s clients', async () => {
    const shopB = await createEmptyShop(h.db, 'Shop B', now);
    const server = buildServer(
      { db: h.db, logger: createLogger('silent'), clock: () => now },
      { shopId: shopB, scopes: ['read', 'sell'], actor: 'test-b' },
    );
    const [ct, st] = InMemoryTransport.createLinkedPair();
    await server.connect(st);
    const b = new Client({ name: 'shop-b', version: '1.0.0' });
    await b.connect(ct);
    try {
      const o = await ok<Order>(b, 'sale_create', {
        items: ['Free_12.5_Gâteau'],
        client: { firstname: 'Zoé', lastname: 'Fontaine', city: 'Nantes' },
      });
      const own = await ok<Balance>(b, 'client_balance', { clientName: 'Fontaine' });
      expect(own).toMatchObject({ orderCount: 1, totalDue: 12.5 });
      // shop A sees neither the client nor its order
      expect(await fails(h.client, 'client_balance', { clientName: 'Fontaine' })).toContain('No client');
      expect(await fails(h.client, 'client_balance', { clientId: o.client?.id })).toContain(
        'No client has id',
      );
      // and shop B does not see shop A's clients
      expect(await fails(b, 'client_balance', { clientName: 'Dupont' })).toContain('No client');
      expect(await fails(b, 'client_balance', { clientId: jean })).toContain('No client has id');
    } finally {
      await b.close();
      await server.close();
    }
  });

  it('csv and html: the unpaid orders as rows, the totals in a note', async () => {
    const r = await call(h.client, 'client_balance', { clientId: jean, format: 'csv' });
    const lines = (r.content[0]?.text ?? '').split('\r\n');
    expect(lines[0]).toBe('id,number,date,total,refunded,paid,due,paymentStatus');
    expect(lines[1]).toBe(`${orders.A?.id},${orders.A?.number},2026-11-10T11:00:00+01:00,5,0,0,5,unpaid`);
    expect(lines).toHaveLength(6); // header, 3 rows, note, and the empty string after the last CRLF
    expect(lines[4]).toMatch(
      /^"# Jean Dupont \(client \d+\), all time: 6 orders, ordered 18\.60 EUR, paid 3\.80, due 14\.80/,
    );
    expect((r.structuredContent as unknown as Balance).totalDue).toBe(14.8);

    const none = await call(h.client, 'client_balance', { clientName: 'Nguyen', format: 'csv' });
    expect(none.content[0]?.text?.split('\r\n')[0]).toBe(
      'id,number,date,total,refunded,paid,due,paymentStatus',
    );

    const html = await call(h.client, 'client_balance', { clientId: jean, format: 'html' });
    expect(html.content[0]?.text).toContain('<table><caption>Jean Dupont');
    expect(html.content[0]?.text).toContain('<td>partially_paid</td>');
  });
});
