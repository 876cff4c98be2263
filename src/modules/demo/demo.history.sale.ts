/**
 * One generated sale as the sales service would have recorded it: a basket that fits the time of day
 * and the way it is served, totals and line VAT from the domain, payments (at once, split, with a meal
 * voucher, partly later, or never), and now and then credit notes that refund all of it or some lines.
 * Events that happen on a later day (a tab settled, a refund) are put in that day's schedule.
 */
import { lineVats } from '../../domain/line-vat.js';
import {
  computeOrderTotals,
  discountColumns,
  type Discount,
  type LineInput,
} from '../../domain/order-totals.js';
import type { ShopClock } from '../../domain/time.js';
import { amountToPayBack, creditLineAmounts } from '../../domain/order-lifecycle.js';
import { drawHour, instantOf, type HistoryDay, type ShopMoments } from './demo.history.calendar.js';
import {
  COLLECTION,
  COUNTER,
  DELIVERY,
  Daypart,
  daypartOf,
  ON_SITE,
  RELAY_POINT,
  TAKEAWAY,
  type Category,
  type PaymentMethod,
  type Product,
  type Venue,
} from './demo.history.venue.js';

const MINUTE = 60_000;

export interface GenLine {
  /** set when written */
  id: number;
  kind: 'catalog' | 'free';
  productId: number | null;
  departmentId: number | null;
  title: string;
  quantity: number;
  unitPrice: number;
  variations: string;
  discount: number;
  total: number;
  net: number;
  vatBp: number;
  vat: number;
  refundOf: GenLine | null;
}

export interface GenOrder {
  /** set when written */
  id: number;
  number: number;
  /** order of creation, to break ties between equal instants */
  seq: number;
  method: number;
  tableId: number | null;
  covers: number | null;
  cashboxId: number | null;
  userId: number | null;
  clientId: number | null;
  relayPointId: number | null;
  deliveryManId: number | null;
  publicComment: string | null;
  fulfilment: 'served' | 'delivered';
  deliveryTime: string | null;
  subtotal: number;
  discountKind: string | null;
  discountValue: number | null;
  discountTotal: number;
  total: number;
  paid: number;
  refundOf: GenOrder | null;
  /** a credit note's reason; without one it reads "Avoir sur la commande <number>", as a refund writes */
  reason: string | null;
  createdAt: number;
  validatedAt: number;
  updatedAt: number;
  lines: GenLine[];
}

export interface GenPayment {
  id: number;
  seq: number;
  order: GenOrder;
  methodId: number;
  amount: number;
  at: number;
}

/** A line before totals: what was ordered, at which price and rate. */
interface DraftLine extends LineInput {
  kind: 'catalog' | 'free';
  productId: number | null;
  departmentId: number | null;
  title: string;
  variations: string;
}

/** What happens on one day besides its own sales. */
export interface DayEvents {
  orders: GenOrder[];
  payments: GenPayment[];
}

type Recipe = [Category, number][];
const BREAKFAST: Recipe = [
  ['hot', 0.92],
  ['bakery', 0.6],
  ['soft', 0.08],
];
const LUNCH: Recipe = [
  ['starter', 0.18],
  ['main', 0.85],
  ['dessert', 0.22],
  ['soft', 0.25],
  ['wine', 0.18],
  ['beer', 0.06],
  ['hot', 0.3],
];
const MENU: Recipe = [
  ['menu', 1],
  ['soft', 0.3],
  ['wine', 0.15],
  ['hot', 0.3],
];
const SNACK: Recipe = [
  ['hot', 0.55],
  ['soft', 0.35],
  ['dessert', 0.3],
  ['beer', 0.15],
  ['bakery', 0.12],
];
const DINNER: Recipe = [
  ['aperitif', 0.18],
  ['starter', 0.25],
  ['main', 0.85],
  ['dessert', 0.25],
  ['wine', 0.4],
  ['beer', 0.12],
  ['soft', 0.12],
  ['hot', 0.15],
];
const DRINKS: Recipe = [
  ['beer', 0.45],
  ['wine', 0.3],
  ['aperitif', 0.35],
  ['soft', 0.15],
];
const AWAY: Recipe = [
  ['main', 0.9],
  ['starter', 0.15],
  ['dessert', 0.3],
  ['soft', 0.45],
  ['wine', 0.08],
];
const COFFEE: Recipe = [
  ['hot', 1],
  ['bakery', 0.15],
];

const TABLE = 0;
const QUICK = 1;
const AWAY_MODE = 2;
type Mode = typeof TABLE | typeof QUICK | typeof AWAY_MODE;

function recipe(daypart: Daypart, mode: Mode, r: number): Recipe {
  switch (daypart) {
    case Daypart.Breakfast:
      return BREAKFAST;
    case Daypart.Lunch:
      if (mode === TABLE) return r < 0.3 ? MENU : LUNCH;
      if (mode === QUICK) return r < 0.5 ? COFFEE : AWAY;
      return r < 0.2 ? MENU : AWAY;
    case Daypart.Afternoon:
      return mode === QUICK && r < 0.6 ? COFFEE : SNACK;
    case Daypart.Evening:
      if (mode === TABLE) return r < 0.35 ? DRINKS : DINNER;
      return mode === QUICK ? DRINKS : AWAY;
    default:
      return DRINKS;
  }
}

// Minutes at the table before the bill, per daypart: [min, spread].
const STAY: [number, number][] = [
  [10, 25],
  [35, 50],
  [20, 40],
  [60, 70],
  [30, 60],
];
const VOUCHERS = [900, 1000, 1100, 1200, 1300];
const DELIVERY_NOTES = [
  'Sonner à l’interphone',
  'Code porte 4512B',
  '3e étage sans ascenseur',
  'Laisser au gardien',
];
const REFUND_REASONS: (string | null)[] = [
  'Erreur de commande',
  'Plat renvoyé en cuisine',
  'Client mécontent',
  'Produit manquant',
  null,
  null,
];

export class SaleMaker {
  private seq = 0;
  /** events of later days, by day index */
  readonly schedule = new Map<number, DayEvents>();
  private readonly variationText = new Map<string, string>();

  constructor(
    private readonly venue: Venue,
    private readonly days: readonly HistoryDay[],
    private readonly clock: ShopClock,
    private readonly moments: ShopMoments,
    private readonly rand: () => number,
    private readonly defaultVatBp: number,
  ) {}

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
    const { rand, venue } = this;
    const hour = drawHour(day, rand);
    const validatedAt = instantOf(day, hour, Math.floor(rand() * 3_600_000), this.clock, this.moments);
    const daypart = daypartOf(hour);
    const method = venue.deliveryMethod(daypart, rand());
    const mode: Mode =
      method === ON_SITE
        ? TABLE
        : method === COUNTER ||
            (method === TAKEAWAY && (daypart === Daypart.Breakfast || daypart === Daypart.Afternoon))
          ? QUICK
          : AWAY_MODE;

    let covers: number | null = null;
    let table: ReturnType<Venue['table']>;
    if (method === ON_SITE) {
      covers = this.covers(daypart);
      const summer = day.month >= 5 && day.month <= 9;
      table = venue.table(summer, rand());
      if (table && table.seats < covers) table = venue.table(summer, rand()) ?? table;
    }
    const guests =
      covers ??
      (mode === QUICK
        ? rand() < 0.85
          ? 1
          : 2
        : rand() < 0.5
          ? 1
          : rand() < 0.7
            ? 2
            : 3 + Math.floor(rand() * 2));

    const clientChance =
      method === DELIVERY || method === RELAY_POINT
        ? 1
        : method === COLLECTION
          ? 0.8
          : method === TAKEAWAY
            ? 0.2
            : method === ON_SITE
              ? 0.15
              : 0.08;
    const client =
      rand() < clientChance ? venue.client(day.weekday, daypart, method === DELIVERY, rand()) : undefined;

    const lines = this.basket(daypart, mode, guests, method === ON_SITE);
    if (method === DELIVERY && client?.zip) {
      const fee = venue.zoneFee.get(client.zip);
      if (fee !== undefined && fee > 0) lines.push(this.freeLine('Frais de livraison', fee));
    }
    const discount = this.orderDiscount(lines, hour, client?.id);
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

    const [stayMin, staySpread] = STAY[daypart] ?? [0, 0];
    const waited =
      method === ON_SITE
        ? stayMin + rand() * staySpread
        : method === COUNTER
          ? rand() * 3
          : method === TAKEAWAY
            ? 2 + rand() * 8
            : 0;
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

    const terrace = table?.terrace ?? false;
    const order: GenOrder = {
      id: 0,
      number: 0,
      seq: this.seq++,
      method,
      tableId: table?.id ?? null,
      covers,
      cashboxId: venue.cashbox(terrace, rand()),
      userId: venue.user(daypart, mode, rand()),
      clientId: client?.id ?? null,
      relayPointId:
        method === RELAY_POINT
          ? (venue.relayPoints[Math.floor(rand() * venue.relayPoints.length)] ?? null)
          : null,
      deliveryManId:
        method === DELIVERY && venue.deliveryMen.length > 0
          ? (venue.deliveryMen[Math.floor(rand() * venue.deliveryMen.length)] ?? null)
          : null,
      publicComment:
        method === DELIVERY && rand() < 0.05
          ? (DELIVERY_NOTES[Math.floor(rand() * DELIVERY_NOTES.length)] ?? null)
          : null,
      fulfilment: method === ON_SITE || method === COUNTER ? 'served' : 'delivered',
      deliveryTime: deliveryTime === null ? null : new Date(deliveryTime).toISOString(),
      subtotal: totals.subtotal,
      discountKind: discountColumns(discount).kind,
      discountValue: discountColumns(discount).value,
      discountTotal: totals.orderDiscount,
      total: totals.total,
      paid: 0,
      refundOf: null,
      reason: null,
      createdAt,
      validatedAt,
      updatedAt: Math.max(validatedAt, Math.min(fulfilledAt, this.windowEnd - 1)),
      lines: genLines,
    };
    const lunch = daypart === Daypart.Lunch && day.weekday <= 6;
    const { now, deferred } = this.payments(order, day, lunch);
    for (const p of [...now, ...deferred]) {
      order.paid += p.amount;
      order.updatedAt = Math.max(order.updatedAt, p.at);
    }
    if (deferred.length === 0 && rand() < 0.015) this.refunds(order, now, day);
    return { order, payments: now };
  }

  private covers(daypart: Daypart): number {
    const r = this.rand();
    if (daypart === Daypart.Breakfast || daypart === Daypart.Afternoon)
      return r < 0.6 ? 1 : r < 0.9 ? 2 : 3 + Math.floor(this.rand() * 2);
    if (daypart === Daypart.Night) return 1 + Math.floor(r * 4);
    return r < 0.22 ? 1 : r < 0.7 ? 2 : r < 0.8 ? 3 : r < 0.93 ? 4 : 5 + Math.floor(this.rand() * 4);
  }

  private basket(daypart: Daypart, mode: Mode, guests: number, onSite: boolean): DraftLine[] {
    const { rand, venue } = this;
    const chosen = new Map<number, { product: Product; quantity: number }>();
    const add = (product: Product | undefined, quantity = 1) => {
      if (!product) return;
      const line = chosen.get(product.id);
      if (line) line.quantity += quantity;
      else chosen.set(product.id, { product, quantity });
    };
    for (let g = 0; g < guests; g++) {
      const dishes = recipe(daypart, mode, rand());
      for (const [category, chance] of dishes)
        if (rand() < chance) add(venue.product(category, rand()), dishes === DRINKS && rand() < 0.3 ? 2 : 1);
    }
    // A catalog without recognisable kinds (or a basket left empty): a few of its best sellers.
    if (chosen.size === 0)
      for (let n = 1 + Math.floor(rand() * Math.min(4, guests + 2)); n > 0; n--)
        add(venue.anyProduct(rand()), rand() < 0.25 ? 2 : 1);
    return [...chosen.values()].map(({ product, quantity }) => this.catalogLine(product, quantity, onSite));
  }

  private catalogLine(product: Product, quantity: number, onSite: boolean): DraftLine {
    const { rand } = this;
    const picked = product.groups.flatMap((choices) =>
      rand() < 0.6 ? [choices[rand() < 0.5 ? 0 : Math.floor(rand() * choices.length)] ?? choices[0]!] : [],
    );
    const key = picked.map((c) => c.id).join(',');
    let variations = this.variationText.get(key);
    if (variations === undefined) {
      variations = JSON.stringify(picked.map((c) => ({ id: c.id, name: c.name, priceDelta: c.priceDelta })));
      this.variationText.set(key, variations);
    }
    const unitPrice = product.price + picked.reduce((s, c) => s + c.priceDelta, 0);
    return {
      kind: 'catalog',
      productId: product.id,
      departmentId: product.departmentId,
      title: product.title,
      quantity,
      unitPrice,
      variations,
      vatBp: onSite ? product.vatEatInBp : product.vatTakeawayBp,
      discount: this.lineDiscount(unitPrice * quantity),
    };
  }

  private freeLine(title: string, unitPrice: number): DraftLine {
    return {
      kind: 'free',
      productId: null,
      departmentId: null,
      title,
      quantity: 1,
      unitPrice,
      variations: '[]',
      vatBp: this.defaultVatBp,
    };
  }

  private lineDiscount(gross: number): Discount | undefined {
    const { rand } = this;
    if (rand() >= 0.015 || gross <= 0) return undefined;
    if (rand() < 0.6) return { kind: 'percent', valueBp: [1000, 2000, 5000][Math.floor(rand() * 3)] ?? 1000 };
    const cents = [50, 100, 150, 200][Math.floor(rand() * 4)] ?? 50;
    return cents < gross ? { kind: 'amount', cents } : undefined;
  }

  private orderDiscount(
    lines: LineInput[],
    hour: number,
    clientId: number | undefined,
  ): Discount | undefined {
    const { rand, venue } = this;
    const r = rand();
    const of = (use: string) => venue.discounts.find((d) => d.use === use);
    const as = (d: { kind: 'percent' | 'amount'; value: number } | undefined): Discount | undefined =>
      d === undefined
        ? undefined
        : d.kind === 'percent'
          ? { kind: 'percent', valueBp: d.value }
          : { kind: 'amount', cents: d.value };
    if (clientId !== undefined && venue.isRegular(clientId) && r < 0.25) return as(of('loyalty'));
    if ((hour === 17 || hour === 18) && r < 0.15) return as(of('happy'));
    if (r < 0.003) return as(of('staff'));
    if (r < 0.008) {
      const gesture = of('gesture');
      if (!gesture) return undefined;
      const subtotal = computeOrderTotals(lines).subtotal;
      return subtotal > 2 * gesture.value ? as(gesture) : undefined;
    }
    if (venue.discounts.length === 0 && r < 0.015) return { kind: 'percent', valueBp: 1000 };
    return undefined;
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
