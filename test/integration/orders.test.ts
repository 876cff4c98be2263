/** order_edit, order_detail, the order lists and order_refund. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fails, ok, startInProcess, type Harness } from '../helpers.js';

interface Line {
  id: number;
  productId: number | null;
  title: string;
  quantity: number;
  total: number;
  refundOfLineId: number | null;
  refundedQuantity: number;
}
interface Order {
  id: number;
  number: number | null;
  status: string;
  kind: string;
  paymentStatus: string;
  fulfilment: string;
  pager: string | null;
  publicComment: string | null;
  privateComment: string | null;
  lines: Line[];
  total: number;
  totalVAT: number;
  paid: number;
  refunded: number;
  due: number;
  payments: { methodId: number; method: string; amount: number }[];
  refundOfOrderId: number | null;
  creditNotes: { id: number; number: number | null; total: number }[];
  replayed: boolean;
}
interface Summary {
  id: number;
  number: number | null;
  status: string;
  kind: string;
  deliveryMethod: { id: number; name: string };
  total: number;
  paid: number;
  paymentStatus: string;
  fulfilment: string;
}
interface OrderList {
  total: number;
  count: number;
  items: Summary[];
  period: { from: string; to: string; timeZone: string };
  summary: { orders: number; total: number; paid: number };
}

describe('orders', () => {
  let h: Harness;
  let card: number;
  let cash: number;
  let cardRefund: number;
  const sale = (args: Record<string, unknown>) => ok<Order>(h.client, 'sale_create', args);
  const edit = (args: Record<string, unknown>) => ok<Order>(h.client, 'order_edit', args);
  const detail = (orderId: number) => ok<Order>(h.client, 'order_detail', { orderId });
  const list = (args: Record<string, unknown> = {}) => ok<OrderList>(h.client, 'data_list_orders', args);

  beforeAll(async () => {
    // 15:00 in Paris on 2026-11-21
    h = await startInProcess({ clock: () => new Date('2026-11-21T14:00:00Z') });
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    card = modes.items.find((m) => m.type === 'card' && !m.refund)?.id ?? -1;
    cash = modes.items.find((m) => m.type === 'cash' && !m.refund)?.id ?? -1;
    cardRefund = modes.items.find((m) => m.type === 'card' && m.refund)?.id ?? -1;
  });
  afterAll(() => h.close());

  describe('order_edit', () => {
    it('validates a quote and numbers orders without gaps', async () => {
      const quote = await sale({ items: [{ productName: 'Café' }], payment: -2 });
      expect(quote.number).toBeNull();
      const a = await sale({ items: [{ productName: 'Café' }] });
      const n = a.number ?? 0;
      expect(n).toBeGreaterThan(0);
      const validated = await edit({ orderId: quote.id, payment: -1 });
      expect(validated).toMatchObject({
        id: quote.id,
        status: 'validated',
        paymentStatus: 'unpaid',
        number: n + 1,
      });
      const b = await sale({ items: [{ productName: 'Café' }] });
      expect(b.number).toBe(n + 2);
      const q2 = await sale({ items: [{ productName: 'Café' }], payment: -2 });
      const c = await sale({ items: [{ productName: 'Café' }] });
      expect(c.number).toBe(n + 3); // the quote took no number
      const paidQuote = await edit({ orderId: q2.id, payment: card });
      expect(paidQuote).toMatchObject({ number: n + 4, paymentStatus: 'paid', paid: 2.5, due: 0 });
    });

    it('replaces the lines of a quote', async () => {
      const quote = await sale({ items: [{ productName: 'Café' }], payment: -2 });
      const changed = await edit({ orderId: quote.id, items: [{ productName: 'Croissant', quantity: 2 }] });
      // 2 × 1.80 = 3.60
      expect(changed.status).toBe('quote');
      expect(changed.lines.map((l) => [l.title, l.quantity])).toEqual([['Croissant', 2]]);
      expect(changed.total).toBe(3.6);
    });

    it('takes a partial payment, then the rest', async () => {
      const o = await sale({ items: [{ productName: 'Café', quantity: 3 }], payment: -1 });
      // 3 × 2.50 = 7.50
      expect(o).toMatchObject({ total: 7.5, due: 7.5, paymentStatus: 'unpaid' });
      const p1 = await edit({ orderId: o.id, payment: cash, paymentAmount: 5 });
      expect(p1).toMatchObject({ paid: 5, due: 2.5, paymentStatus: 'partially_paid' });
      const p2 = await edit({ orderId: o.id, payment: card });
      expect(p2).toMatchObject({ paid: 7.5, due: 0, paymentStatus: 'paid' });
      expect(p2.payments.map((p) => [p.methodId, p.amount])).toEqual([
        [cash, 5],
        [card, 2.5],
      ]);
      // nothing left to pay
      const msg = await fails(h.client, 'order_edit', { orderId: o.id, payment: card, paymentAmount: 1 });
      expect(msg).toContain('paymentAmount');
    });

    it('changes status, pager and comments of a validated order, never its amounts', async () => {
      const o = await sale({ items: [{ productName: 'Café', quantity: 2 }], idtable: 5 });
      const e = await edit({
        orderId: o.id,
        status: 'ready',
        pagerNum: 12,
        publicComment: 'Merci !',
        privateComment: 'client pressé',
      });
      expect(e).toMatchObject({
        fulfilment: 'ready',
        pager: '12',
        publicComment: 'Merci !',
        privateComment: 'client pressé',
        total: 5,
        number: o.number,
      });
      const d = await detail(o.id);
      expect(d).toMatchObject({ fulfilment: 'ready', pager: '12', publicComment: 'Merci !', total: 5 });
    });
  });

  describe('order_detail', () => {
    it('finds an order by id and by number', async () => {
      const o = await sale({ items: [{ productName: 'Croissant aux amandes' }], payment: card });
      const byId = await detail(o.id);
      const byNumber = await ok<Order>(h.client, 'order_detail', { orderNumber: o.number });
      expect(byId).toMatchObject({ id: o.id, number: o.number, total: 3.2, paid: 3.2, due: 0 });
      expect(byNumber).toEqual(byId);
      expect(await fails(h.client, 'order_detail', { orderNumber: 9999 })).toContain('orderNumber');
    });
  });

  describe('lists', () => {
    let h2: Harness;
    let takeaway: Order;
    let onSite: Order;
    let quote: Order;
    const list2 = (args: Record<string, unknown> = {}) => ok<OrderList>(h2.client, 'data_list_orders', args);
    beforeAll(async () => {
      h2 = await startInProcess({ clock: () => new Date('2026-11-21T14:00:00Z') });
      takeaway = await ok<Order>(h2.client, 'sale_create', {
        items: [{ productName: 'Croissant', quantity: 2 }],
        deliveryMethod: 0,
        payment: card,
      });
      onSite = await ok<Order>(h2.client, 'sale_create', {
        items: [{ productName: 'Café', quantity: 3 }],
        idtable: 7,
        payment: -1,
      });
      quote = await ok<Order>(h2.client, 'sale_create', { items: [{ productName: 'Café' }], payment: -2 });
    });
    afterAll(() => h2.close());

    it("lists today's validated orders by default, with the summary of the period", async () => {
      const l = await list2();
      expect(l.items.map((i) => i.id).sort()).toEqual([takeaway.id, onSite.id].sort());
      expect(l.total).toBe(2);
      // 2 × 1.80 + 3 × 2.50 = 3.60 + 7.50 = 11.10, of which 3.60 paid
      expect(l.summary).toEqual({ orders: 2, total: 11.1, paid: 3.6 });
      expect(l.period.timeZone).toBe('Europe/Paris');
      // the business day starts at 02:00 (closeHour) local time
      expect(l.period.from).toBe('2026-11-21T02:00:00+01:00');
    });

    it('includes quotes with validatedOrders false', async () => {
      const l = await list2({ validatedOrders: false });
      expect(l.total).toBe(3);
      expect(l.items.find((i) => i.id === quote.id)).toMatchObject({ status: 'quote', number: null });
    });

    it('reads dates with and without time and offset', async () => {
      // orders were made at 14:00Z = 15:00 in Paris
      expect((await list2({ from_date_ISO8601: '2026-11-21' })).total).toBe(2);
      expect((await list2({ from_date_ISO8601: '2026-11-20' })).total).toBe(0);
      expect((await list2({ from_date_ISO8601: '2026-11-20', to_date_ISO8601: '2026-11-21' })).total).toBe(2);
      expect(
        (
          await list2({
            from_date_ISO8601: '2026-11-21T14:30:00+01:00',
            to_date_ISO8601: '2026-11-21T15:30:00+01:00',
          })
        ).total,
      ).toBe(2);
      expect(
        (await list2({ from_date_ISO8601: '2026-11-21T13:59:00Z', to_date_ISO8601: '2026-11-21T14:01:00Z' }))
          .total,
      ).toBe(2);
      // 15:30 Paris is after the sales
      expect(
        (
          await list2({
            from_date_ISO8601: '2026-11-21T15:30:00+01:00',
            to_date_ISO8601: '2026-11-21T18:00:00+01:00',
          })
        ).total,
      ).toBe(0);
      // without offset: shop time; 14:30 → 15:30 Paris includes them, 15:01 → 16:00 does not
      expect(
        (await list2({ from_date_ISO8601: '2026-11-21T14:30', to_date_ISO8601: '2026-11-21T15:30' })).total,
      ).toBe(2);
      expect(
        (await list2({ from_date_ISO8601: '2026-11-21T15:01', to_date_ISO8601: '2026-11-21T16:00' })).total,
      ).toBe(0);
    });

    it('filters by delivery method', async () => {
      const t = await list2({ filterDeliveryMethod: 0 });
      expect(t.items.map((i) => i.id)).toEqual([takeaway.id]);
      expect(t.summary.total).toBe(3.6);
      const s = await list2({ filterDeliveryMethod: 2 });
      expect(s.items.map((i) => [i.id, i.deliveryMethod])).toEqual([
        [onSite.id, { id: 2, name: 'Sur place (on site)' }],
      ]);
      expect((await list2({ filterDeliveryMethod: 1 })).total).toBe(0);
    });

    it('shows validated orders as pending until served', async () => {
      const pending = async () =>
        (await ok<{ total: number; items: Summary[] }>(h2.client, 'data_list_pending_orders')).items.map(
          (i) => i.id,
        );
      expect((await pending()).sort()).toEqual([takeaway.id, onSite.id].sort());
      await ok(h2.client, 'order_edit', { orderId: onSite.id, status: 'ready' });
      expect(await pending()).toContain(onSite.id);
      await ok(h2.client, 'order_edit', { orderId: onSite.id, status: 'served' });
      expect(await pending()).toEqual([takeaway.id]);
      await ok(h2.client, 'order_edit', { orderId: takeaway.id, status: 'delivered' });
      expect(await pending()).toEqual([]);
    });
  });

  describe('order_refund', () => {
    it('refunds a card-paid order in full with a credit note', async () => {
      const o = await sale({
        items: [{ productName: 'Café', quantity: 2 }, 'Free_1.5_Bouchon'],
        payment: card,
      });
      // 2 × 2.50 + 1.50 = 6.50
      expect(o).toMatchObject({ total: 6.5, paid: 6.5 });
      const cn = await ok<Order>(h.client, 'order_refund', { orderId: o.id, reason: 'erreur de saisie' });
      expect(cn).toMatchObject({
        kind: 'credit_note',
        status: 'validated',
        refundOfOrderId: o.id,
        total: -6.5,
        paid: -6.5,
        due: 0,
      });
      expect(cn.number).toBeGreaterThan(o.number ?? 0);
      // 6.50 at 10 %: VAT round(650 × 10 / 110) = round(59.09) = 59
      expect(cn.totalVAT).toBe(-0.59);
      expect(cn.payments.map((p) => [p.methodId, p.amount])).toEqual([[cardRefund, -6.5]]);
      expect(cn.lines.map((l) => [l.quantity, l.total])).toEqual([
        [-2, -5],
        [-1, -1.5],
      ]);
      expect(cn.lines.map((l) => l.refundOfLineId)).toEqual(o.lines.map((l) => l.id));

      const after = await detail(o.id);
      expect(after).toMatchObject({ total: 6.5, paid: 6.5, refunded: 6.5, due: 0 });
      expect(after.creditNotes).toEqual([{ id: cn.id, number: cn.number, total: -6.5 }]);
      expect(after.lines.map((l) => l.refundedQuantity)).toEqual([2, 1]);
      // nothing left
      expect(await fails(h.client, 'order_refund', { orderId: o.id })).toMatch(/nothing left/);
    });

    it('refunds some lines, and never more than was sold', async () => {
      const o = await sale({
        items: [
          { productName: 'Croissant', quantity: 3 },
          { productName: 'Café', quantity: 1 },
        ],
        deliveryMethod: 0,
        payment: cash,
      });
      const croissantLine = o.lines[0]?.id ?? -1;
      const cn = await ok<Order>(h.client, 'order_refund', {
        orderId: o.id,
        lines: [{ lineId: croissantLine, quantity: 2 }],
      });
      // 2 × 1.80 = 3.60 back
      expect(cn).toMatchObject({ total: -3.6, paid: -3.6 });
      expect(cn.lines).toHaveLength(1);
      const after = await detail(o.id);
      expect(after.lines[0]?.refundedQuantity).toBe(2);
      expect(after.refunded).toBe(3.6);

      const msg = await fails(h.client, 'order_refund', {
        orderId: o.id,
        lines: [{ lineId: croissantLine, quantity: 2 }],
      });
      expect(msg).toMatch(/quantity|lines/);
      expect((await detail(o.id)).creditNotes).toHaveLength(1);

      // the remaining croissant and the café: 1.80 + 2.50 = 4.30
      const rest = await ok<Order>(h.client, 'order_refund', { orderId: o.id });
      expect(rest.total).toBe(-4.3);
      expect((await detail(o.id)).refunded).toBe(7.9);
    });

    it('cancels an unpaid order without paying anything back', async () => {
      const o = await sale({ items: [{ productName: 'Café', quantity: 2 }], payment: -1 });
      const cn = await ok<Order>(h.client, 'order_refund', { orderId: o.id });
      expect(cn).toMatchObject({ total: -5, paid: 0, payments: [] });
      const after = await detail(o.id);
      expect(after).toMatchObject({ paid: 0, refunded: 5, due: 0, paymentStatus: 'paid' });
      // the lists say what order_detail says: nothing is due on a cancelled order
      const listed = (await list({ validatedOrders: true, limit: 500 })).items.find((i) => i.id === o.id);
      expect(listed?.paymentStatus).toBe(after.paymentStatus);
    });

    it('cannot refund a quote', async () => {
      const q = await sale({ items: [{ productName: 'Café' }], payment: -2 });
      expect(await fails(h.client, 'order_refund', { orderId: q.id })).toContain('orderId');
    });
  });

  it('counts credit notes negative in the day summary', async () => {
    const l = await list({ validatedOrders: true, limit: 500 });
    const sum = l.items.reduce((s, i) => s + Math.round(i.total * 100), 0);
    expect(Math.round(l.summary.total * 100)).toBe(sum);
    expect(l.items.some((i) => i.kind === 'credit_note' && i.total < 0)).toBe(true);
  });
});
