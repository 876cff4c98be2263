/**
 * One generated sale as the sales service would have recorded it: a basket that fits the time of day
 * and the way it is served, totals and line VAT from the domain, payments (at once, split, with a meal
 * voucher, partly later, or never), and now and then credit notes that refund all of it or some lines.
 * Events that happen on a later day (a tab settled, a refund) are put in that day's schedule.
 */
import { lineVats } from '../../domain/line-vat.js';
import { computeOrderTotals, discountColumns } from '../../domain/order-totals.js';
import type { ShopClock } from '../../domain/time.js';
import { amountToPayBack, creditLineAmounts } from '../../domain/order-lifecycle.js';
import { drawHour, instantOf, type HistoryDay, type ShopMoments } from './demo.history.calendar.js';
import {
  AWAY_MODE,
  Baskets,
  DELIVERY_NOTES,
  MINUTE,
  QUICK,
  REFUND_REASONS,
  STAY,
  TABLE,
  VOUCHERS,
  type DayEvents,
  type GenLine,
  type GenOrder,
  type GenPayment,
  type Mode,
} from './demo.history.basket.js';

export type { DayEvents, GenLine, GenOrder, GenPayment } from './demo.history.basket.js';
import {
  COLLECTION,
  COUNTER,
  DELIVERY,
  Daypart,
  daypartOf,
  ON_SITE,
  RELAY_POINT,
  TAKEAWAY,
  type PaymentMethod,
  type Venue,
} from './demo.history.venue.js';

/** How a sale is served: at a table, quickly at the counter (and morning or afternoon takeaways), or to take away. */
function modeOf(method: number, daypart: Daypart): Mode {
  if (method === ON_SITE) return TABLE;
  const quickTakeaway =
    method === TAKEAWAY && (daypart === Daypart.Breakfast || daypart === Daypart.Afternoon);
  return method === COUNTER || quickTakeaway ? QUICK : AWAY_MODE;
}

/** How likely a sale is to name its client: always for deliveries, rarely at the counter. */
function clientChance(method: number): number {
  if (method === DELIVERY || method === RELAY_POINT) return 1;
  if (method === COLLECTION) return 0.8;
  if (method === TAKEAWAY) return 0.2;
  return method === ON_SITE ? 0.15 : 0.08;
}

export class SaleMaker {
  private seq = 0;
  /** events of later days, by day index */
  readonly schedule = new Map<number, DayEvents>();

  constructor(
    private readonly venue: Venue,
    private readonly days: readonly HistoryDay[],
    private readonly clock: ShopClock,
    private readonly moments: ShopMoments,
    private readonly rand: () => number,
    defaultVatBp: number,
  ) {
    this.baskets = new Baskets(venue, rand, defaultVatBp);
  }
  private readonly baskets: Baskets;

  private get windowEnd(): number {
    return this.days[this.days.length - 1]?.to ?? 0;
  }

  private later(dayIndex: number): DayEvents {
    let events = this.schedule.get(dayIndex);
    if (!events) {
      events = { orders: [], payments: [] };
      this.schedule.set(dayIndex, events);
    }
    return events;
  }

  /** The index of the day an instant falls in, from `start` on (undefined past the window). */
  private dayIndexOf(at: number, start: number): number | undefined {
    for (let i = start; i < this.days.length; i++) if (at < (this.days[i]?.to ?? 0)) return i;
    return undefined;
  }

  /** A moment on a later day at one of its usual hours. */
  private laterMoment(day: HistoryDay, minDays: number, spread: number): [number, number] | undefined {
    const index = day.index + minDays + Math.floor(this.rand() * spread);
    const later = this.days[index];
    if (!later) return undefined;
    const hour = drawHour(later, this.rand);
    return [index, instantOf(later, hour, Math.floor(this.rand() * 3_600_000), this.clock, this.moments)];
  }

  /** One sale of `day` with the payments made at once; later events go to the schedule. */
  sale(day: HistoryDay): { order: GenOrder; payments: GenPayment[] } {
    // The draws happen in this order, whatever the steps: a seed gives the same history.
    const { rand, venue } = this;
    const hour = drawHour(day, rand);
    const validatedAt = instantOf(day, hour, Math.floor(rand() * 3_600_000), this.clock, this.moments);
    const daypart = daypartOf(hour);
    const method = venue.deliveryMethod(daypart, rand());
    const mode = modeOf(method, daypart);
    const { covers, table } = this.seating(day, daypart, method);
    const guests = covers ?? this.partySize(mode);
    const client =
      rand() < clientChance(method)
        ? venue.client(day.weekday, daypart, method === DELIVERY, rand())
        : undefined;
    const priced = this.priced(daypart, mode, guests, method, hour, client);
    const times = this.times(daypart, method, validatedAt);
    const order = this.order(
      method,
      daypart,
      mode,
      table,
      covers,
      client?.id ?? null,
      priced,
      times,
      validatedAt,
    );
    const lunch = daypart === Daypart.Lunch && day.weekday <= 6;
    const { now, deferred } = this.payments(order, day, lunch);
    for (const p of [...now, ...deferred]) {
      order.paid += p.amount;
      order.updatedAt = Math.max(order.updatedAt, p.at);
    }
    if (deferred.length === 0 && rand() < 0.015) this.refunds(order, now, day);
    return { order, payments: now };
  }

  /** On site: the covers and a table that seats them (on the terrace in summer, when it can). */
  private seating(day: HistoryDay, daypart: Daypart, method: number) {
    if (method !== ON_SITE) return { covers: null, table: undefined };
    const { rand, venue } = this;
    const covers = this.baskets.covers(daypart);
    const summer = day.month >= 5 && day.month <= 9;
    let table = venue.table(summer, rand());
    if (table && table.seats < covers) table = venue.table(summer, rand()) ?? table;
    return { covers, table };
  }

  /** How many people a sale away from the tables feeds. */
  private partySize(mode: Mode): number {
    const { rand } = this;
    if (mode === QUICK) return rand() < 0.85 ? 1 : 2;
    if (rand() < 0.5) return 1;
    return rand() < 0.7 ? 2 : 3 + Math.floor(rand() * 2);
  }

  /** The basket, a delivery fee, the order discount, and the lines with their totals and VAT. */
  private priced(
    daypart: Daypart,
    mode: Mode,
    guests: number,
    method: number,
    hour: number,
    client: { id: number; zip?: string | null } | undefined,
  ) {
    const lines = this.baskets.basket(daypart, mode, guests, method === ON_SITE);
    if (method === DELIVERY && client?.zip) {
      const fee = this.venue.zoneFee.get(client.zip);
      if (fee !== undefined && fee > 0) lines.push(this.baskets.freeLine('Frais de livraison', fee));
    }
    const discount = this.baskets.orderDiscount(lines, hour, client?.id);
    const totals = computeOrderTotals(lines, discount);
    const vats = lineVats(lines.map((l, i) => ({ net: totals.lineNets[i] ?? 0, vatBp: l.vatBp })));
    const genLines = lines.map((l, i): GenLine => ({
      id: 0,
      kind: l.kind,
      productId: l.productId,
      departmentId: l.departmentId,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      variations: l.variations,
      discount: totals.lines[i]?.discount ?? 0,
      total: totals.lines[i]?.total ?? 0,
      net: totals.lineNets[i] ?? 0,
      vatBp: l.vatBp,
      vat: vats[i] ?? 0,
      refundOf: null,
    }));
    return { discount, totals, lines: genLines };
  }

  /** When the order was opened, when it is due out (deliveries, collections, relay points), when handed over. */
  private times(daypart: Daypart, method: number, validatedAt: number) {
    const { rand } = this;
    const [stayMin, staySpread] = STAY[daypart] ?? [0, 0];
    let waited = 0;
    if (method === ON_SITE) waited = stayMin + rand() * staySpread;
    else if (method === COUNTER) waited = rand() * 3;
    else if (method === TAKEAWAY) waited = 2 + rand() * 8;
    const createdAt = validatedAt - Math.floor(waited * MINUTE);
    let deliveryTime: number | null = null;
    if (method === DELIVERY) deliveryTime = roundUp(validatedAt + (30 + rand() * 30) * MINUTE, 5);
    else if (method === COLLECTION) deliveryTime = roundUp(validatedAt + (15 + rand() * 15) * MINUTE, 5);
    else if (method === RELAY_POINT) deliveryTime = roundUp(validatedAt + (120 + rand() * 180) * MINUTE, 15);
    if (deliveryTime !== null)
      deliveryTime = Math.min(deliveryTime, Math.floor((this.windowEnd - MINUTE) / MINUTE) * MINUTE);
    const fulfilledAt =
      deliveryTime ??
      (method === TAKEAWAY ? validatedAt + Math.floor((2 + rand() * 6) * MINUTE) : validatedAt);
    return { createdAt, deliveryTime, fulfilledAt };
  }

  /** The order row: who took it, where, for whom, its amounts (nothing paid yet). */
  private order(
    method: number,
    daypart: Daypart,
    mode: Mode,
    table: ReturnType<Venue['table']>,
    covers: number | null,
    clientId: number | null,
    priced: ReturnType<SaleMaker['priced']>,
    times: ReturnType<SaleMaker['times']>,
    validatedAt: number,
  ): GenOrder {
    const { rand, venue } = this;
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] ?? null;
    const cashboxId = venue.cashbox(table?.terrace ?? false, rand());
    const userId = venue.user(daypart, mode, rand());
    const relayPointId = method === RELAY_POINT ? pick(venue.relayPoints) : null;
    const deliveryManId =
      method === DELIVERY && venue.deliveryMen.length > 0 ? pick(venue.deliveryMen) : null;
    const publicComment = method === DELIVERY && rand() < 0.05 ? pick(DELIVERY_NOTES) : null;
    const { totals, discount } = priced;
    return {
      id: 0,
      number: 0,
      seq: this.seq++,
      method,
      tableId: table?.id ?? null,
      covers,
      cashboxId,
      userId,
      clientId,
      relayPointId,
      deliveryManId,
      publicComment,
      fulfilment: method === ON_SITE || method === COUNTER ? 'served' : 'delivered',
      deliveryTime: times.deliveryTime === null ? null : new Date(times.deliveryTime).toISOString(),
      subtotal: totals.subtotal,
      discountKind: discountColumns(discount).kind,
      discountValue: discountColumns(discount).value,
      discountTotal: totals.orderDiscount,
      total: totals.total,
      paid: 0,
      refundOf: null,
      reason: null,
      createdAt: times.createdAt,
      validatedAt,
      updatedAt: Math.max(validatedAt, Math.min(times.fulfilledAt, this.windowEnd - 1)),
      lines: priced.lines,
    };
  }

  private payment(order: GenOrder, method: PaymentMethod, amount: number, at: number): GenPayment {
    return { id: 0, seq: this.seq++, order, methodId: method.id, amount, at };
  }

  /** Payments made at once, and those settled on a later day (already scheduled). */
  private payments(order: GenOrder, day: HistoryDay, lunch: boolean) {
    const { rand, venue } = this;
    const now: GenPayment[] = [];
    const deferred: GenPayment[] = [];
    const at = order.validatedAt;
    const total = order.total;
    if (total <= 0) return { now, deferred };
    const r = rand();
    if (r < 0.05) return { now, deferred }; // never paid
    if (r < 0.075) {
      // A tab: part (or nothing) now, the rest on a later visit; past the window it stays due.
      const first = r < 0.06 ? 0 : Math.max(1, Math.floor((total * (0.3 + rand() * 0.4)) / 10) * 10);
      if (first > 0 && first < total)
        now.push(this.payment(order, venue.payMethod(lunch, rand()), first, at));
      const settled = r < 0.072 ? this.laterMoment(day, 1, 10) : undefined;
      const rest = total - now.reduce((s, p) => s + p.amount, 0);
      if (settled && rest > 0) {
        const p = this.payment(order, venue.payMethod(false, rand()), rest, settled[1]);
        deferred.push(p);
        this.later(settled[0]).payments.push(p);
      }
      return { now, deferred };
    }
    const method = venue.payMethod(lunch, rand());
    if (method.type === 'meal_voucher') {
      const voucher = Math.min(total, VOUCHERS[Math.floor(rand() * VOUCHERS.length)] ?? 1000);
      now.push(this.payment(order, method, voucher, at));
      if (voucher < total) now.push(this.payment(order, venue.payMethod(false, rand()), total - voucher, at));
      return { now, deferred };
    }
    if ((order.covers ?? 0) >= 2 && rand() < 0.12) {
      const parts = 2 + Math.floor(rand() * (Math.min(order.covers ?? 2, 4) - 1));
      const share = Math.floor(total / parts);
      for (let k = 0; k < parts; k++) {
        const amount = k === 0 ? total - share * (parts - 1) : share;
        if (amount > 0)
          now.push(this.payment(order, k === 0 ? method : venue.payMethod(false, rand()), amount, at));
      }
      return { now, deferred };
    }
    now.push(this.payment(order, method, total, at));
    return { now, deferred };
  }

  /** One credit note (sometimes a second one later) on `original`, as sales.refund writes them. */
  private refunds(original: GenOrder, paidWith: GenPayment[], day: HistoryDay) {
    const { rand } = this;
    const refunded = new Map<GenLine, number>();
    const notes: GenOrder[] = [];
    let when: [number, number] | undefined;
    if (rand() < 0.6) {
      const at = original.validatedAt + Math.floor((3 + rand() * 37) * MINUTE);
      const index = this.dayIndexOf(at, day.index);
      when = index === undefined ? undefined : [index, at];
    } else when = this.laterMoment(day, 1, 7);
    for (let n = 0; n < 2 && when; n++) {
      const full = n === 0 && rand() < 0.55;
      const left = original.lines
        .map((line) => ({ line, left: line.quantity - (refunded.get(line) ?? 0) }))
        .filter((x) => x.left > 0);
      if (left.length === 0) break;
      let picked = full
        ? left.map((x) => ({ ...x, q: x.left }))
        : left.filter(() => rand() < 0.5).map((x) => ({ ...x, q: 1 + Math.floor(rand() * x.left) }));
      if (picked.length === 0) {
        const x = left[Math.floor(rand() * left.length)]!;
        picked = [{ ...x, q: 1 }];
      }
      this.creditNote(original, paidWith, notes, picked, refunded, when);
      if (full || rand() >= 0.2) break;
      const next = this.laterMoment(this.days[when[0]]!, 0, 4);
      when = next && next[1] > when[1] ? next : undefined;
    }
  }

  private creditNote(
    original: GenOrder,
    paidWith: GenPayment[],
    notes: GenOrder[],
    picked: { line: GenLine; q: number }[],
    refunded: Map<GenLine, number>,
    [dayIndex, at]: [number, number],
  ) {
    const { rand, venue } = this;
    const lines = picked.map(({ line, q }): GenLine => {
      const before = refunded.get(line) ?? 0;
      refunded.set(line, before + q);
      const amounts = creditLineAmounts(line, before, q);
      return {
        id: 0,
        kind: line.kind,
        productId: line.productId,
        departmentId: line.departmentId,
        title: line.title,
        quantity: amounts.quantity,
        unitPrice: line.unitPrice,
        variations: line.variations,
        discount: amounts.discount,
        total: amounts.total,
        net: amounts.net,
        vatBp: line.vatBp,
        vat: 0,
        refundOf: line,
      };
    });
    const vats = lineVats(lines.map((l) => ({ net: l.net, vatBp: l.vatBp })));
    lines.forEach((l, i) => (l.vat = vats[i] ?? 0));
    const creditTotal = lines.reduce((s, l) => s + l.net, 0);
    const creditSubtotal = lines.reduce((s, l) => s + l.total, 0);
    // Pay back only what was paid beyond what the order is still worth (the lifecycle's rule).
    const payBack = amountToPayBack(original, notes, creditTotal);
    const note: GenOrder = {
      ...original,
      seq: this.seq++,
      covers: null,
      relayPointId: null,
      deliveryManId: null,
      publicComment: null,
      reason: REFUND_REASONS[Math.floor(rand() * REFUND_REASONS.length)] ?? null,
      fulfilment: 'delivered',
      deliveryTime: null,
      subtotal: creditSubtotal,
      discountKind: null,
      discountValue: null,
      discountTotal: creditSubtotal - creditTotal,
      total: creditTotal,
      paid: -payBack,
      refundOf: original,
      createdAt: at,
      validatedAt: at,
      updatedAt: at,
      lines,
    };
    notes.push(note);
    const events = this.later(dayIndex);
    events.orders.push(note);
    if (payBack > 0) {
      const type = venue.payMethods.find((m) => m.id === paidWith[0]?.methodId)?.type;
      const method =
        venue.refundMethods.find((m) => m.type === type) ??
        venue.refundMethods[0] ??
        venue.payMethods.find((m) => m.id === paidWith[0]?.methodId) ??
        (venue.payMethods[0] as PaymentMethod);
      events.payments.push(this.payment(note, method, -payBack, at));
    }
  }
}

function roundUp(ms: number, minutes: number): number {
  const step = minutes * MINUTE;
  return Math.ceil(ms / step) * step;
}
