/** The comparison of a period with the one before, a year before, or another. */
import type { Ctx } from '../shared/context.js';
import { fromCents } from '../../domain/money.js';
import {
  comparedPeriod,
  dayAt,
  daysBetween,
  placeOf,
  resolvePeriod,
  yearAfterDay,
  type Period,
} from '../../domain/periods.js';
import { currentShop, shopClock } from '../shops/shops.service.js';
import {
  emptyAcc,
  mergeAcc,
  nameGroups,
  summarize,
  type Acc,
  type Group,
  timeKey,
} from './reports.engine.js';
import { type CompareInput, type Grouping } from './reports.schemas.js';
import { toFilters } from './reports.filters.js';
import { avg, measuresOf, sortGroups, periodOut, meta } from './reports.present.js';

const pct = (now: number, before: number) =>
  before === 0 ? null : Math.round(((now - before) / Math.abs(before)) * 10000) / 100;

function changeOf(now: Acc, before: Acc) {
  const r = (a: Acc) => a.m.ttc - a.m.refund_ttc;
  const t = (a: Acc) => avg(a.m.ttc, a.m.orders);
  return {
    revenue: fromCents(r(now) - r(before)),
    revenuePercent: pct(r(now), r(before)),
    orders: now.m.orders - before.m.orders,
    ordersPercent: pct(now.m.orders, before.m.orders),
    averageTicket: fromCents(t(now) - t(before)),
    averageTicketPercent: pct(t(now), t(before)),
  };
}

/**
 * The groups of two periods side by side: days, weeks and months by their place in the period (the
 * 1st day with the 1st day, …, a day without sales being a day of zeros), the rest by key.
 */
function comparePairs(
  grouping: Grouping,
  current: Period,
  before: Period,
  now: Group[],
  then: Group[],
  yearBeforeDays: boolean,
): (Group & { was: Acc })[] {
  if (grouping === 'day' || grouping === 'week' || grouping === 'month') {
    // a year before, days pair by date (the 10 March with the 10 March, leap years or not)
    const placeBefore = (key: string) =>
      grouping === 'day' && yearBeforeDays
        ? daysBetween(current.fromDay, yearAfterDay(key, current.days.unit))
        : placeOf(grouping, before, key);
    const a = new Map(now.map((g) => [placeOf(grouping, current, String(g.key)), g]));
    const b = new Map<number, Acc>();
    for (const g of then) {
      const n = placeBefore(String(g.key));
      const acc = b.get(n) ?? emptyAcc();
      mergeAcc(acc, g.acc);
      b.set(n, acc);
    }
    const places = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
    return places.map((n) => {
      const day = dayAt(grouping, current, n);
      const beyond = day > current.toDay ? ' (no counterpart: past the end of this period)' : '';
      const g = a.get(n) ?? { ...timeKey(grouping, day), acc: emptyAcc() };
      return { ...g, label: `${g.label}${beyond}`, was: b.get(n) ?? emptyAcc() };
    });
  }
  const keys = new Set(now.map((g) => g.key));
  return [
    ...now.map((g) => ({ ...g, was: then.find((x) => x.key === g.key)?.acc ?? emptyAcc() })),
    ...then.filter((g) => !keys.has(g.key)).map((g) => ({ ...g, acc: emptyAcc(), was: g.acc })),
  ];
}

export async function reportCompare(ctx: Ctx, input: CompareInput) {
  const shop = await currentShop(ctx);
  const clock = shopClock(shop);
  const period = resolvePeriod(input, clock, ctx.clock());
  const before = comparedPeriod(input, period, clock, ctx.clock());
  const filters = await toFilters(ctx, input);
  const byName = input.sort === 'label';
  const [a, b] = [
    await summarize(ctx, period, filters, input.groupBy, byName),
    await summarize(ctx, before, filters, input.groupBy, byName),
  ];
  const payments = input.groupBy === 'payment_method';
  const pairs = input.groupBy
    ? comparePairs(input.groupBy, period, before, a.groups, b.groups, input.compareWith === 'year_before')
    : [];
  const sorted = input.groupBy ? sortGroups(pairs, input.groupBy, input.sort, input.order) : [];
  const was = new Map(pairs.map((p) => [p.key, p.was]));
  const out = (g: Group, previous: Acc) => ({
    key: g.key,
    label: g.label,
    current: measuresOf(g.acc, payments),
    previous: measuresOf(previous, payments),
    change: changeOf(g.acc, previous),
  });
  const listed = sorted.slice(0, input.limit);
  await nameGroups(ctx, a.dim ?? b.dim ?? null, listed, {
    from: before.from < period.from ? before.from : period.from,
    to: before.to > period.to ? before.to : period.to,
  });
  const groups = listed.map((g) => out(g, was.get(g.key) ?? emptyAcc()));
  const rest = sorted.slice(input.limit);
  let others = null;
  if (rest.length > 0) {
    const now = emptyAcc();
    const then = emptyAcc();
    for (const g of rest) {
      mergeAcc(now, g.acc);
      mergeAcc(then, was.get(g.key) ?? emptyAcc());
    }
    const { key: _key, label: _label, ...sums } = out({ key: 'others', label: 'others', acc: now }, then);
    others = { groups: rest.length, ...sums };
  }
  return {
    period: periodOut(period, shop),
    comparedWith: periodOut(before, shop),
    ...meta(ctx, shop, a.source === 'orders' || b.source === 'orders' ? 'orders' : 'summary', input),
    current: measuresOf(a.totals),
    previous: measuresOf(b.totals),
    change: changeOf(a.totals, b.totals),
    groupBy: input.groupBy ?? null,
    groups,
    groupCount: sorted.length,
    others,
  };
}
