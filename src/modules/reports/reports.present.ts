/** How reports present their figures: measures in major units, VAT rates, sorted groups, the period and filters stated. */
import type { Ctx } from '../shared/context.js';
import { fromCents } from '../../domain/money.js';
import { toShopIso } from '../../domain/time.js';
import { shopClock, type Shop } from '../shops/shops.service.js';
import { type Acc, type Group } from './reports.engine.js';
import { type Grouping, type MeasuresOut, type SummaryInput } from './reports.schemas.js';
import type { Period } from '../../domain/periods.js';

export const avg = (sum: number, n: number) => (n === 0 ? 0 : Math.round(sum / n));

/** Measures in the currency unit. */
export function measuresOf(acc: Acc, payments = false): MeasuresOut {
  const m = acc.m;
  const revenue = m.ttc - m.refund_ttc;
  const vat = m.vat - m.refund_vat;
  return {
    orders: m.orders,
    sales: fromCents(m.ttc),
    refundCount: m.refunds,
    refunds: fromCents(m.refund_ttc),
    revenue: fromCents(revenue),
    revenueHT: fromCents(revenue - vat),
    vat: fromCents(vat),
    discounts: fromCents(m.discounts),
    averageTicket: fromCents(avg(m.ttc, m.orders)),
    covers: m.covers,
    revenuePerCover: fromCents(avg(m.covers_ttc, m.covers)),
    items: m.items,
    itemsRefunded: m.refund_items,
    ...(payments ? { payments: m.payments, received: fromCents(m.paid) } : {}),
  };
}

export function vatRatesOf(acc: Acc) {
  return [...acc.rates]
    .filter(([, [ttc, vat]]) => ttc !== 0 || vat !== 0)
    .sort(([a], [b]) => a - b)
    .map(([bp, [ttc, vat]]) => ({
      rate: bp / 100,
      ht: fromCents(ttc - vat),
      vat: fromCents(vat),
      ttc: fromCents(ttc),
    }));
}

const TIME_GROUPS: readonly Grouping[] = ['day', 'week', 'month', 'weekday', 'hour'];

function sortValue(g: Group, sort: string): number | string {
  const m = g.acc.m;
  switch (sort) {
    case 'orders':
      return m.orders;
    case 'items':
      return m.items;
    case 'covers':
      return m.covers;
    case 'averageTicket':
      return avg(m.ttc, m.orders);
    case 'label':
      return g.label;
    default:
      return m.ttc - m.refund_ttc + m.paid; // (payment groups: the money received)
  }
}

export function sortGroups(
  groups: Group[],
  grouping: Grouping,
  sort?: string,
  order?: 'asc' | 'desc',
): Group[] {
  const isTime = TIME_GROUPS.includes(grouping);
  const by = sort ?? (isTime ? 'label' : 'revenue');
  const dir = (order ?? (by === 'label' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
  const keyed = by === 'label' && isTime ? (g: Group) => g.key : (g: Group) => sortValue(g, by);
  return [...groups].sort((a, b) => {
    const x = keyed(a);
    const y = keyed(b);
    const c =
      typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y, 'fr') : x < y ? -1 : x > y ? 1 : 0;
    return c !== 0 ? c * dir : String(a.key) < String(b.key) ? -1 : 1;
  });
}

export function periodOut(p: Period, shop: Shop) {
  const clock = shopClock(shop);
  return {
    label: p.label,
    fromDay: p.fromDay,
    toDay: p.toDay,
    from: toShopIso(new Date(p.from), clock),
    to: toShopIso(new Date(p.to), clock),
    timeZone: shop.timeZone,
    closeHour: shop.closeHour,
  };
}

function filtersOut(input: Partial<SummaryInput>): Record<string, unknown> {
  const keys = [
    'deliveryMethod',
    'paymentMethod',
    'departmentId',
    'departmentGroupId',
    'productId',
    'clientId',
    'userId',
    'table',
    'cashboxId',
    'weekday',
    'fromHour',
    'toHour',
  ] as const;
  return Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
}

export function meta(ctx: Ctx, shop: Shop, source: 'summary' | 'orders', input: Partial<SummaryInput>) {
  return {
    currency: shop.currency,
    computedAt: toShopIso(ctx.clock(), shopClock(shop)),
    complete: true as const,
    source,
    filters: filtersOut(input),
  };
}
