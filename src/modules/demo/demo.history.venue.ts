/**
 * The shop as the history generator sees it: its catalog sorted into kinds of products (hot drinks,
 * pastries, dishes, …) with a popularity each, its clients with their habits (regulars who come back on
 * their favourite day), staff shifts, tables by season, payment and delivery methods. Built once from
 * the shop's rows and a seeded random source, then only read.
 */
import { COUNTER, DELIVERY, DRIVE, ON_SITE, RELAY_POINT, TAKEAWAY } from '../venue/venue.schemas.js';
import { InputError } from '../../domain/errors.js';
import { normalizeText } from '../../domain/text.js';
import { pickCumulative } from './demo.history.calendar.js';
import type { ShopReference } from './demo.history.repository.js';

export const CATEGORIES = [
  'hot',
  'bakery',
  'dessert',
  'starter',
  'main',
  'menu',
  'soft',
  'beer',
  'wine',
  'aperitif',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

// Read on the department name first, then on its group's name.
const CATEGORY_WORDS: [Category, RegExp][] = [
  ['menu', /formule|menu/],
  ['bakery', /viennois|boulang|\bpains?\b/],
  ['dessert', /dessert|glace|patiss/],
  ['starter', /entree|starter/],
  ['main', /\bplats?\b|main|pizza|burger|sandwich/],
  ['hot', /cafe|\bthes?\b|infusion|chaud|coffee|\btea/],
  ['soft', /fraiche|soft|\bjus\b|soda|\beaux?\b/],
  ['beer', /biere|beer/],
  ['wine', /\bvins?\b|wine/],
  ['aperitif', /aperitif|spiritu|cocktail|alcool/],
];

function categoryOf(...names: (string | null)[]): Category {
  for (const name of names) {
    if (!name) continue;
    const text = normalizeText(name);
    for (const [category, words] of CATEGORY_WORDS) if (words.test(text)) return category;
  }
  return 'other';
}

/** Times of day with their own habits. */
export const Daypart = { Breakfast: 0, Lunch: 1, Afternoon: 2, Evening: 3, Night: 4 } as const;
export type Daypart = (typeof Daypart)[keyof typeof Daypart];
export const DAYPARTS = 5;
export function daypartOf(hour: number): Daypart {
  if (hour >= 6 && hour < 11) return Daypart.Breakfast;
  if (hour >= 11 && hour < 15) return Daypart.Lunch;
  if (hour >= 15 && hour < 18) return Daypart.Afternoon;
  if (hour >= 18 && hour < 23) return Daypart.Evening;
  return Daypart.Night;
}

/** Kash delivery method codes used by the history. */
export { COUNTER, DELIVERY, ON_SITE, RELAY_POINT, TAKEAWAY };
/** Click and collect: recorded with Kash's drive-through code. */
export const COLLECTION = DRIVE;
const METHODS = [ON_SITE, COUNTER, TAKEAWAY, DELIVERY, COLLECTION, RELAY_POINT];
// Weights of METHODS per daypart.
const METHOD_WEIGHTS: number[][] = [
  [45, 30, 25, 0, 0, 0],
  [55, 6, 15, 12, 7, 5],
  [55, 20, 20, 3, 2, 0],
  [62, 8, 8, 15, 5, 2],
  [70, 30, 0, 0, 0, 0],
];

export interface Product {
  id: number;
  title: string;
  price: number;
  vatTakeawayBp: number;
  vatEatInBp: number;
  departmentId: number | null;
  category: Category;
  /** variation groups in position order, each with its choices */
  groups: { id: number; name: string; priceDelta: number }[][];
}

export interface Client {
  id: number;
  zip: string | null;
}

export interface PaymentMethod {
  id: number;
  type: string;
}

export interface Discount {
  kind: 'percent' | 'amount';
  value: number;
  use: 'happy' | 'loyalty' | 'staff' | 'gesture' | 'other';
}

type Cum = number[];
const cumulate = (weights: readonly number[]): Cum => {
  let sum = 0;
  return weights.map((w) => (sum += w));
};
const total = (cum: Cum) => cum[cum.length - 1] ?? 0;

const PAYMENT_TYPE_WEIGHT: Record<string, number> = {
  card: 62,
  cash: 22,
  meal_voucher: 9,
  holiday_voucher: 2,
  check: 1.5,
  bank_transfer: 1,
};

export class Venue {
  readonly products: Product[];
  private readonly byCategory = new Map<Category, { products: Product[]; cum: Cum }>();
  private readonly allProducts: Cum;
  readonly clients: Client[];
  /** [weekday 1..7][daypart] → cumulative weights of all clients, then of clients with an address */
  private readonly clientCum: Cum[][] = [];
  private readonly addressCum: Cum[][] = [];
  private readonly addressClients: Client[];
  private readonly loyal = new Set<number>();
  private readonly users: number[];
  /** [daypart][mode: 0 table, 1 quick, 2 away] */
  private readonly userCum: Cum[][] = [];
  private readonly tables: { id: number; seats: number; terrace: boolean }[];
  private readonly tableCum: { summer: Cum; winter: Cum };
  private readonly cashboxes: number[];
  private readonly terraceCashbox: number | null;
  readonly payMethods: PaymentMethod[];
  private readonly payCum: { lunch: Cum; other: Cum };
  readonly refundMethods: PaymentMethod[];
  private readonly methodCum: Cum[];
  readonly relayPoints: number[];
  readonly deliveryMen: number[];
  readonly discounts: Discount[];
  readonly zoneFee: Map<string, number>;

  constructor(ref: ShopReference, rand: () => number, where: string) {
    const choices = new Map<number, Map<number, { id: number; name: string; priceDelta: number }[]>>();
    for (const c of ref.choices) {
      const groups =
        choices.get(c.product_id) ?? new Map<number, { id: number; name: string; priceDelta: number }[]>();
      const list = groups.get(c.group_id) ?? [];
      list.push({ id: c.id, name: c.name, priceDelta: c.price_delta });
      groups.set(c.group_id, list);
      choices.set(c.product_id, groups);
    }
    this.products = ref.products.map((p) => ({
      id: p.id,
      title: p.title,
      price: p.price,
      vatTakeawayBp: p.vat_takeaway_bp,
      vatEatInBp: p.vat_eat_in_bp,
      departmentId: p.department_id,
      category: categoryOf(p.department, p.department_group),
      groups: [...(choices.get(p.id)?.values() ?? [])],
    }));
    if (this.products.length === 0)
      throw new InputError('shop', `${where} has no active products; add some to its catalog first.`);
    // Popularity: within each kind, a few favourites sell much more than the rest (Zipf-like).
    const popularity = new Map<number, number>();
    for (const category of CATEGORIES) {
      const list = this.products.filter((p) => p.category === category);
      const order = list.map((p) => ({ p, r: rand() })).sort((a, b) => a.r - b.r);
      order.forEach(({ p }, rank) => popularity.set(p.id, 1 / (rank + 1) ** 0.8));
      if (list.length > 0)
        this.byCategory.set(category, {
          products: list,
          cum: cumulate(list.map((p) => popularity.get(p.id) ?? 1)),
        });
    }
    this.allProducts = cumulate(this.products.map((p) => popularity.get(p.id) ?? 1));

    this.clients = ref.clients.map((c) => ({ id: c.id, zip: c.zip }));
    const hasAddress = ref.clients.map((c) => Boolean(c.address));
    this.addressClients = this.clients.filter((_, i) => hasAddress[i]);
    // Regulars: one client in five comes often, more so on a favourite weekday and time of day.
    const habits = this.clients.map(() => {
      const regular = rand() < 0.2;
      const weight = regular ? 6 + rand() * 14 : 0.3 + rand() * 1.2;
      const weekday = regular ? 1 + Math.floor(rand() * 7) : 0;
      const daypart = Math.floor(rand() * DAYPARTS);
      return { regular, weight, weekday, daypart };
    });
    habits.forEach((h, i) => {
      if (h.regular) this.loyal.add(this.clients[i]?.id ?? 0);
    });
    for (let weekday = 0; weekday <= 7; weekday++) {
      const all: Cum[] = [];
      const withAddress: Cum[] = [];
      for (let daypart = 0; daypart < DAYPARTS; daypart++) {
        const w = habits.map(
          (h) => h.weight * (h.weekday === weekday ? 5 : 1) * (h.daypart === daypart ? 2 : 1),
        );
        all.push(cumulate(w));
        withAddress.push(cumulate(w.filter((_, i) => hasAddress[i])));
      }
      this.clientCum.push(all);
      this.addressCum.push(withAddress);
    }

    // Staff: waiters serve the tables, cashiers the counter; each works mostly mornings or evenings.
    this.users = ref.users.map((u) => u.id);
    const shifts = ref.users.map(() => (rand() < 0.5 ? 'morning' : 'evening'));
    for (let daypart = 0; daypart < DAYPARTS; daypart++) {
      const modes: Cum[] = [];
      for (let mode = 0; mode < 3; mode++) {
        modes.push(
          cumulate(
            ref.users.map((u, i) => {
              const role = normalizeText(u.role);
              const fit =
                mode === 0 ? (/waiter|serveu/.test(role) ? 3 : 1) : /cashier|caissi/.test(role) ? 3 : 1;
              const boss = /owner|gerant|patron/.test(role) ? 0.5 : 1;
              const onShift =
                daypart === Daypart.Afternoon ||
                (shifts[i] === 'morning') === (daypart === Daypart.Breakfast || daypart === Daypart.Lunch);
              return fit * boss * (onShift ? 3 : 1);
            }),
          ),
        );
      }
      this.userCum.push(modes);
    }

    this.tables = ref.tables.map((t) => ({
      id: t.id,
      seats: t.seats,
      terrace: /terras/.test(normalizeText(t.floor)),
    }));
    this.tableCum = {
      summer: cumulate(this.tables.map((t) => (t.terrace ? 2.5 : 1))),
      winter: cumulate(this.tables.map((t) => (t.terrace ? 0.3 : 1))),
    };
    this.cashboxes = ref.cashboxes.map((c) => c.id);
    this.terraceCashbox = ref.cashboxes.find((c) => /terras/.test(normalizeText(c.name)))?.id ?? null;

    this.payMethods = ref.paymentMethods
      .filter((m) => m.is_refund === 0)
      .map((m) => ({ id: m.id, type: m.type }));
    if (this.payMethods.length === 0)
      throw new InputError(
        'shop',
        `${where} has no payment method (other than refund methods); add one (e.g. cash or card) first.`,
      );
    this.refundMethods = ref.paymentMethods
      .filter((m) => m.is_refund === 1)
      .map((m) => ({ id: m.id, type: m.type }));
    const payWeight = (m: PaymentMethod, lunch: boolean) =>
      m.type === 'meal_voucher' && !lunch ? 0 : (PAYMENT_TYPE_WEIGHT[m.type] ?? 2);
    this.payCum = {
      lunch: cumulate(this.payMethods.map((m) => payWeight(m, true))),
      other: cumulate(this.payMethods.map((m) => payWeight(m, false))),
    };
    if (total(this.payCum.other) === 0) this.payCum.other = cumulate(this.payMethods.map(() => 1));

    this.relayPoints = ref.relayPoints;
    this.deliveryMen = ref.deliveryMen;
    const usable = (code: number) =>
      ref.deliveryMethods.includes(code) &&
      (code !== DELIVERY || this.addressClients.length > 0) &&
      (code !== RELAY_POINT || this.relayPoints.length > 0);
    const anyUsable = METHODS.filter(usable);
    if (anyUsable.length === 0)
      throw new InputError(
        'shop',
        `${where} has none of the delivery methods a history uses enabled (on site, counter, takeaway, delivery, collection, relay point); enable some first.`,
      );
    this.methodCum = METHOD_WEIGHTS.map((weights) => {
      const cum = cumulate(weights.map((w, i) => (usable(METHODS[i] ?? -1) ? w : 0)));
      return total(cum) > 0 ? cum : cumulate(METHODS.map((code) => (usable(code) ? 1 : 0)));
    });

    this.discounts = ref.discounts.flatMap((d): Discount[] => {
      if (d.kind !== 'percent' && d.kind !== 'amount') return [];
      const name = normalizeText(d.name);
      const use = /happy/.test(name)
        ? 'happy'
        : /fidel|loyal/.test(name)
          ? 'loyalty'
          : /personnel|staff|employe/.test(name)
            ? 'staff'
            : d.kind === 'amount'
              ? 'gesture'
              : 'other';
      return [{ kind: d.kind, value: d.value, use }];
    });
    this.zoneFee = new Map();
    for (const z of ref.zones)
      for (const code of z.postcodes.split(','))
        if (code.trim() && !this.zoneFee.has(code.trim())) this.zoneFee.set(code.trim(), z.fee);
  }

  product(category: Category, r: number): Product | undefined {
    const c = this.byCategory.get(category);
    return c ? c.products[pickCumulative(c.cum, r)] : undefined;
  }

  anyProduct(r: number): Product {
    return this.products[pickCumulative(this.allProducts, r)] ?? (this.products[0] as Product);
  }

  deliveryMethod(daypart: Daypart, r: number): number {
    return METHODS[pickCumulative(this.methodCum[daypart] ?? [], r)] ?? COUNTER;
  }

  client(weekday: number, daypart: Daypart, withAddress: boolean, r: number): Client | undefined {
    const list = withAddress ? this.addressClients : this.clients;
    const cum = (withAddress ? this.addressCum : this.clientCum)[weekday]?.[daypart] ?? [];
    return list.length === 0 || total(cum) === 0 ? undefined : list[pickCumulative(cum, r)];
  }

  isRegular(clientId: number): boolean {
    return this.loyal.has(clientId);
  }

  user(daypart: Daypart, mode: 0 | 1 | 2, r: number): number | null {
    return this.users.length === 0
      ? null
      : (this.users[pickCumulative(this.userCum[daypart]?.[mode] ?? [], r)] ?? null);
  }

  table(summer: boolean, r: number): { id: number; seats: number; terrace: boolean } | undefined {
    return this.tables.length === 0
      ? undefined
      : this.tables[pickCumulative(summer ? this.tableCum.summer : this.tableCum.winter, r)];
  }

  cashbox(terrace: boolean, r: number): number | null {
    if (this.cashboxes.length === 0) return null;
    if (terrace && this.terraceCashbox !== null) return this.terraceCashbox;
    return r < 0.9
      ? (this.cashboxes[0] ?? null)
      : (this.cashboxes[Math.floor(r * 100) % this.cashboxes.length] ?? null);
  }

  payMethod(lunch: boolean, r: number): PaymentMethod {
    const cum = lunch ? this.payCum.lunch : this.payCum.other;
    return this.payMethods[pickCumulative(cum, r)] ?? (this.payMethods[0] as PaymentMethod);
  }
}
