/**
 * What a generated history is made of: its orders, lines and payments as the bulk writer takes them,
 * and the baskets a café serves at each time of day, for each way of serving (at a table, quickly at
 * the counter, to take away), with their line and order discounts.
 */
import { computeOrderTotals, type Discount, type LineInput } from '../../domain/order-totals.js';
import { Daypart, type Category, type Product, type Venue } from './demo.history.venue.js';

export const MINUTE = 60_000;

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
export interface DraftLine extends LineInput {
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

export type Recipe = [Category, number][];
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
export const DRINKS: Recipe = [
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

export const TABLE = 0;
export const QUICK = 1;
export const AWAY_MODE = 2;
export type Mode = typeof TABLE | typeof QUICK | typeof AWAY_MODE;

export function recipe(daypart: Daypart, mode: Mode, r: number): Recipe {
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
export const STAY: [number, number][] = [
  [10, 25],
  [35, 50],
  [20, 40],
  [60, 70],
  [30, 60],
];
export const VOUCHERS = [900, 1000, 1100, 1200, 1300];
export const DELIVERY_NOTES = [
  'Sonner à l’interphone',
  'Code porte 4512B',
  '3e étage sans ascenseur',
  'Laisser au gardien',
];
export const REFUND_REASONS: (string | null)[] = [
  'Erreur de commande',
  'Plat renvoyé en cuisine',
  'Client mécontent',
  'Produit manquant',
  null,
  null,
];

/** The baskets of the sales: what each guest takes at that time of day, line and order discounts. */
export class Baskets {
  private readonly variationText = new Map<string, string>();

  constructor(
    private readonly venue: Venue,
    private readonly rand: () => number,
    private readonly defaultVatBp: number,
  ) {}

  covers(daypart: Daypart): number {
    const r = this.rand();
    if (daypart === Daypart.Breakfast || daypart === Daypart.Afternoon)
      return r < 0.6 ? 1 : r < 0.9 ? 2 : 3 + Math.floor(this.rand() * 2);
    if (daypart === Daypart.Night) return 1 + Math.floor(r * 4);
    return r < 0.22 ? 1 : r < 0.7 ? 2 : r < 0.8 ? 3 : r < 0.93 ? 4 : 5 + Math.floor(this.rand() * 4);
  }

  basket(daypart: Daypart, mode: Mode, guests: number, onSite: boolean): DraftLine[] {
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

  catalogLine(product: Product, quantity: number, onSite: boolean): DraftLine {
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

  freeLine(title: string, unitPrice: number): DraftLine {
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

  lineDiscount(gross: number): Discount | undefined {
    const { rand } = this;
    if (rand() >= 0.015 || gross <= 0) return undefined;
    if (rand() < 0.6) return { kind: 'percent', valueBp: [1000, 2000, 5000][Math.floor(rand() * 3)] ?? 1000 };
    const cents = [50, 100, 150, 200][Math.floor(rand() * 4)] ?? 50;
    return cents < gross ? { kind: 'amount', cents } : undefined;
  }

  orderDiscount(lines: LineInput[], hour: number, clientId: number | undefined): Discount | undefined {
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
}
