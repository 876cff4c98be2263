/**
 * Report use cases: report_summary, report_compare, report_get (Kash), report_cash. Periods are read in
 * the shop's time zone and business days; figures are exact sums of the recorded orders.
 */
import type { Ctx } from '../shared/context.js';
import { InputError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { addDays } from '../../domain/time.js';
import {
  addMonths,
  daysBetween,
  daysInMonth,
  presetPeriod,
  shiftPeriod,
  upTo,
  weekStart,
  yearAfterDay,
  yearBefore,
  type DayPeriod,
  type Preset,
} from '../../domain/periods.js';
import {
  businessDayOf,
  businessDayRange,
  parseDateBound,
  toShopIso,
  type ShopClock,
} from '../../domain/time.js';
import { currentShop, shopClock, type Shop } from '../shops/shops.service.js';
import * as venue from '../venue/venue.service.js';
import {
  emptyAcc,
  mergeAcc,
  nameGroups,
  summarize,
  timeKey,
  type Acc,
  type Group,
} from './reports.engine.js';
import { existingIds, labelsOf } from './reports.names.js';
import { unpaidOf, type Filters, type Range } from './reports.query.js';
import {
  WEEKDAYS,
  type CompareInput,
  type Grouping,
  type MeasuresOut,
  type SummaryInput,
} from './reports.schemas.js';

const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

export interface Period extends Range {
  dayAligned: boolean;
  label: string;
  days: DayPeriod;
}

function rangeOf(p: DayPeriod, clock: ShopClock, label: string): Period {
  return {
    fromDay: p.from,
    toDay: p.to,
    from: businessDayRange(p.from, clock).from.toISOString(),
    to: businessDayRange(p.to, clock).to.toISOString(),
    dayAligned: true,
    label: `${label} (${p.from === p.to ? p.from : `${p.from} to ${p.to}`})`,
    days: p,
  };
}

interface PeriodArgs {
  period?: Preset | undefined;
  days?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The names of the from/to fields, for the messages (report_compare's compareFrom/compareTo). */
interface Fields {
  from: string;
  to: string;
}

const LAST_DAY = '9998-12-31';

/** The period asked for: a preset, or from/to (whole business days, or exact times). */
function resolvePeriod(
  args: PeriodArgs,
  clock: ShopClock,
  now: Date,
  fields: Fields = { from: 'from', to: 'to' },
): Period {
  const today = businessDayOf(now, clock);
  if (args.from === undefined && args.to === undefined) {
    const preset = args.period ?? 'today';
    if (args.days !== undefined && preset !== 'last_days')
      throw new InputError('days', 'days goes with period "last_days" (e.g. period last_days, days 30).');
    return rangeOf(upTo(presetPeriod(preset, today, args.days ?? 7), today), clock, preset);
  }
  if (args.from === undefined)
    throw new InputError(
      fields.from,
      `Give ${fields.from} with ${fields.to} (e.g. ${fields.from} 2026-11-01, ${fields.to} 2026-11-15), or use period.`,
    );
  if (args.days !== undefined)
    throw new InputError('days', `days goes with period "last_days", not with ${fields.from}/${fields.to}.`);
  if (args.period !== undefined && args.period !== 'today')
    throw new InputError('period', `Give either period or ${fields.from}/${fields.to}, not both.`);
  const toText = args.to ?? today;
  for (const [field, text] of [
    [fields.from, args.from],
    [fields.to, toText],
  ] as const)
    if (text.trim().slice(0, 10) > LAST_DAY)
      throw new InputError(field, `${text} is too far away: give a date before 9999.`);
  if (DATE_ONLY.test(args.from) && DATE_ONLY.test(toText)) {
    const fromDay = args.from.trim();
    const toDay = toText.trim();
    parseDateBound(fromDay, 'from', clock, fields.from);
    parseDateBound(toDay, 'to', clock, fields.to);
    if (toDay < fromDay)
      throw new InputError(
        fields.to,
        `${fields.to} (${toDay}) is before ${fields.from} (${fromDay}): give the last day of the period, included.`,
      );
    const p: DayPeriod = { from: fromDay, to: toDay, unit: 'day', length: daysBetween(fromDay, toDay) + 1 };
    // like the presets, a period reaching past today stops at today (one wholly ahead stays as asked)
    const asked =
      fromDay <= today && toDay > today ? { ...upTo(p, today), length: daysBetween(fromDay, today) + 1 } : p;
    return rangeOf(asked, clock, 'from/to');
  }
  const start = parseDateBound(args.from, 'from', clock, fields.from);
  const end = parseDateBound(toText, 'to', clock, fields.to);
  if (end <= start)
    throw new InputError(
      fields.to,
      `The period ends (${toShopIso(end, clock)}) before it starts (${toShopIso(start, clock)}): give a ${fields.to} after ${fields.from}.`,
    );
  const fromDay = businessDayOf(start, clock);
  const toDay = businessDayOf(new Date(end.getTime() - 1), clock);
  return {
    fromDay,
    toDay,
    from: start.toISOString(),
    to: end.toISOString(),
    dayAligned: false,
    label: `from ${toShopIso(start, clock)} to ${toShopIso(end, clock)}`,
    days: { from: fromDay, to: toDay, unit: 'day', length: daysBetween(fromDay, toDay) + 1 },
  };
}

const many = (v: number | number[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Hours from `from` (included) to `to` (excluded), across midnight when to <= from. */
function hoursOf(from: number | undefined, to: number | undefined): number[] | undefined {
  if (from === undefined && to === undefined) return undefined;
  const start = from ?? 0;
  const end = to ?? 24;
  if (from !== undefined && to !== undefined && start === end % 24 && !(start === 0 && end === 24))
    throw new InputError(
      'toHour',
      'fromHour and toHour are the same hour: give a range, e.g. fromHour 18, toHour 22.',
    );
  const hours: number[] = [];
  for (let h = start; h !== end % 24 || hours.length === 0; h = (h + 1) % 24) {
    hours.push(h);
    if (hours.length === 24) break;
  }
  return hours;
}

const ID_FILTERS = [
  ['productId', 'product', 'products', 'data_list_products or product_search'],
  ['departmentId', 'department', 'departments', 'data_list_departments'],
  ['departmentGroupId', 'group', 'department groups', 'data_list_department_groups'],
  ['clientId', 'client', 'clients', 'data_list_clients or client_balance'],
  ['userId', 'user', 'users', 'data_list_users'],
  ['cashboxId', 'cashbox', 'cashboxes', 'data_list_cashboxes'],
  ['paymentMethod', 'payment', 'payment methods', 'data_list_payments_modes'],
] as const;

/** The filters of a report, checked against the shop (table numbers become table ids). */
async function toFilters(ctx: Ctx, input: Partial<SummaryInput>): Promise<Filters> {
  const f: Filters = {};
  const set = (k: keyof Filters, v: number[] | undefined) => {
    if (v !== undefined) f[k] = [...new Set(v)];
  };
  set('delivery', many(input.deliveryMethod));
  for (const [field, key, what, tool] of ID_FILTERS) {
    const ids = many(input[field]);
    if (ids === undefined) continue;
    // 0 stands for none (no client, a free line, …), as in the groups' keys
    const known = await existingIds(
      ctx,
      key,
      ids.filter((id) => id !== 0),
    );
    const unknown = ids.filter((id) => id !== 0 && !known.has(id));
    if (unknown.length > 0)
      throw new InputError(
        field,
        `No ${what} with id ${unknown.join(', ')} in this shop: call ${tool} for the ids.`,
      );
    set(key, ids);
  }
  const tables = many(input.table);
  if (tables)
    set('table', await Promise.all(tables.map(async (n) => (await venue.requireTable(ctx, n, 'table')).id)));
  const weekdays =
    input.weekday === undefined ? undefined : Array.isArray(input.weekday) ? input.weekday : [input.weekday];
  if (weekdays)
    set(
      'weekday',
      weekdays.map((w) => {
        if (typeof w === 'number') return w;
        const n = (WEEKDAYS as readonly string[]).indexOf(w.trim().toLowerCase()) + 1;
        if (n === 0)
          throw new InputError(
            'weekday',
            `"${w}" is not a weekday: use 1-7 (1 = monday) or ${WEEKDAYS.join(', ')}.`,
          );
        return n;
      }),
    );
  set('hour', hoursOf(input.fromHour, input.toHour));
  return f;
}

const avg = (sum: number, n: number) => (n === 0 ? 0 : Math.round(sum / n));

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

function vatRatesOf(acc: Acc) {
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

function sortGroups(groups: Group[], grouping: Grouping, sort?: string, order?: 'asc' | 'desc'): Group[] {
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

function periodOut(p: Period, shop: Shop) {
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

function meta(ctx: Ctx, shop: Shop, source: 'summary' | 'orders', input: Partial<SummaryInput>) {
  return {
    currency: shop.currency,
    computedAt: toShopIso(ctx.clock(), shopClock(shop)),
    complete: true as const,
    source,
    filters: filtersOut(input),
  };
}

export async function reportSummary(ctx: Ctx, input: SummaryInput) {
  const shop = await currentShop(ctx);
  const period = resolvePeriod(input, shopClock(shop), ctx.clock());
  const filters = await toFilters(ctx, input);
  // names are looked up for the listed groups only, unless the groups are sorted by name
  const s = await summarize(ctx, period, filters, input.groupBy, input.sort === 'label');
  const payments = input.groupBy === 'payment_method';
  const sorted = input.groupBy ? sortGroups(s.groups, input.groupBy, input.sort, input.order) : [];
  const listed = sorted.slice(0, input.limit);
  await nameGroups(ctx, s.dim ?? null, listed);
  const rest = sorted.slice(input.limit);
  let others = null;
  if (rest.length > 0) {
    const acc = emptyAcc();
    for (const g of rest) mergeAcc(acc, g.acc);
    others = { groups: rest.length, ...measuresOf(acc, payments) };
  }
  return {
    period: periodOut(period, shop),
    ...meta(ctx, shop, s.source, input),
    totals: measuresOf(s.totals),
    vatRates: vatRatesOf(s.totals),
    groupBy: input.groupBy ?? null,
    groupCount: sorted.length,
    groups: listed.map((g) => ({ key: g.key, label: g.label, ...measuresOf(g.acc, payments) })),
    others,
    unassigned: s.unassigned ? measuresOf(s.unassigned, payments) : null,
  };
}

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

function comparedPeriod(input: CompareInput, current: Period, clock: ShopClock, now: Date): Period {
  if (input.compareWith === 'custom') {
    if (input.compareFrom === undefined || input.compareTo === undefined)
      throw new InputError(
        input.compareFrom === undefined ? 'compareFrom' : 'compareTo',
        'compareWith custom needs compareFrom and compareTo (YYYY-MM-DD).',
      );
    return resolvePeriod({ from: input.compareFrom, to: input.compareTo }, clock, now, {
      from: 'compareFrom',
      to: 'compareTo',
    });
  }
  if (!current.dayAligned)
    throw new InputError(
      'from',
      'To compare with the previous period or the year before, give whole business days (YYYY-MM-DD) or a preset period.',
    );
  const p = input.compareWith === 'year_before' ? yearBefore(current.days) : shiftPeriod(current.days, -1);
  return rangeOf(
    p,
    clock,
    input.compareWith === 'year_before' ? 'the same days a year before' : 'the period before',
  );
}

/** Where a time group falls in its period: 0 for the first day (week, month), 1 for the next, … */
function placeOf(grouping: 'day' | 'week' | 'month', p: Period, key: string): number {
  if (grouping === 'day') return daysBetween(p.fromDay, key);
  if (grouping === 'week') return daysBetween(weekStart(p.fromDay), key) / 7;
  const month = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return month(key) - month(p.fromDay);
}

/** The first day of the group at `place` in the period. */
function dayAt(grouping: 'day' | 'week' | 'month', p: Period, place: number): string {
  if (grouping === 'day') return addDays(p.fromDay, place);
  if (grouping === 'week') return addDays(weekStart(p.fromDay), 7 * place);
  return addMonths(`${p.fromDay.slice(0, 7)}-01`, place);
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
  await nameGroups(ctx, a.dim ?? b.dim ?? null, listed);
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

/** The Kash report: a business day, a month or a year, with the usual splits. */
export async function reportGet(ctx: Ctx, input: { type: string; date?: string | undefined }) {
  const shop = await currentShop(ctx);
  const clock = shopClock(shop);
  const today = businessDayOf(ctx.clock(), clock);
  const type = input.type[0] as 'd' | 'm' | 'y';
  const date = (input.date ?? today).trim();
  const pattern = { d: /^\d{4}-\d{2}-\d{2}$/, m: /^\d{4}-\d{2}(-\d{2})?$/, y: /^\d{4}(-\d{2}(-\d{2})?)?$/ }[
    type
  ];
  if (!pattern.test(date))
    throw new InputError(
      'date',
      `"${input.date}" does not name a ${{ d: 'day (YYYY-MM-DD)', m: 'month (YYYY-MM)', y: 'year (YYYY)' }[type]}.`,
    );
  const y = Number(date.slice(0, 4));
  const m = type === 'y' ? 1 : Number(date.slice(5, 7));
  if (date.length >= 7 && (Number(date.slice(5, 7)) < 1 || Number(date.slice(5, 7)) > 12))
    throw new InputError('date', `"${date}" has no month ${date.slice(5, 7)}: months are 01 to 12.`);
  if (date.length === 10) parseDateBound(date, 'from', clock, 'date'); // a day that exists
  const pad = (n: number) => String(n).padStart(2, '0');
  const days: DayPeriod =
    type === 'd'
      ? { from: date, to: date, unit: 'day', length: 1 }
      : type === 'm'
        ? {
            from: `${y}-${pad(m)}-01`,
            to: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}`,
            unit: 'month',
            length: 1,
          }
        : { from: `${y}-01-01`, to: `${y}-12-31`, unit: 'year', length: 1 };
  const period = rangeOf(
    days.from > today ? days : upTo(days, today),
    clock,
    { d: 'day', m: 'month', y: 'year' }[type],
  );
  const split = async (g: Grouping) => {
    const s = await summarize(ctx, period, {}, g);
    return {
      s,
      rows: sortGroups(s.groups, g).map((x) => ({
        key: x.key,
        label: x.label,
        ...measuresOf(x.acc, g === 'payment_method'),
      })),
    };
  };
  const byTime = await split(type === 'd' ? 'hour' : type === 'm' ? 'day' : 'month');
  const totals = byTime.s.totals;
  return {
    type,
    period: periodOut(period, shop),
    ...meta(ctx, shop, byTime.s.source, {}),
    totals: measuresOf(totals),
    vatRates: vatRatesOf(totals),
    byTime: byTime.rows,
    byPaymentMethod: (await split('payment_method')).rows,
    byDeliveryMethod: (await split('delivery_method')).rows,
    byDepartment: (await split('department')).rows,
    unpaid: fromCents(await unpaidOf(ctx.db, ctx.shopId, period, {})),
  };
}

/** The cash register report (X report) of a period, for the shop or one cashbox. Reads only. */
export async function reportCash(ctx: Ctx, input: PeriodArgs & { cashboxId?: number | undefined }) {
  const shop = await currentShop(ctx);
  const period = resolvePeriod(input, shopClock(shop), ctx.clock());
  let cashbox: { id: number; name: string } | null = null;
  if (input.cashboxId !== undefined) {
    await venue.requireRef(ctx, 'cashboxes', input.cashboxId, 'cashboxId');
    const names = await labelsOf(ctx, 'cashbox', [input.cashboxId]);
    cashbox = { id: input.cashboxId, name: names.get(input.cashboxId) ?? `#${input.cashboxId}` };
  }
  const filters: Filters = cashbox ? { cashbox: [cashbox.id] } : {};
  const byMethod = await summarize(ctx, period, filters, 'payment_method');
  const methods = new Map((await venue.paymentMethods(ctx)).map((m) => [m.id, m]));
  const payments = sortGroups(byMethod.groups, 'payment_method').map((g) => ({
    methodId: Number(g.key),
    method: g.label,
    type: methods.get(Number(g.key))?.type ?? 'other',
    payments: g.acc.m.payments,
    received: fromCents(g.acc.m.paid),
  }));
  const t = measuresOf(byMethod.totals);
  const cash = byMethod.groups
    .filter((g) => methods.get(Number(g.key))?.type === 'cash')
    .reduce((s, g) => s + g.acc.m.paid, 0);
  return {
    period: periodOut(period, shop),
    ...meta(ctx, shop, byMethod.source, cashbox ? { cashboxId: cashbox.id } : {}),
    cashbox,
    payments,
    totalReceived: fromCents(byMethod.groups.reduce((s, g) => s + g.acc.m.paid, 0)),
    cashExpected: fromCents(cash),
    tickets: t.orders,
    covers: t.covers,
    averageTicket: t.averageTicket,
    sales: t.sales,
    refundCount: t.refundCount,
    refunds: t.refunds,
    revenue: t.revenue,
    revenueHT: t.revenueHT,
    vat: t.vat,
    vatRates: vatRatesOf(byMethod.totals),
    unpaid: fromCents(await unpaidOf(ctx.db, ctx.shopId, period, filters)),
  };
}
