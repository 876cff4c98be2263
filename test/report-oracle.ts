/**
 * An independent recomputation of the report figures, for the cross-check tests
 * (test/integration/reports-crosscheck.test.ts).
 *
 * It uses none of the reports code, nor what the sales code stores for the reports (orders.business_day,
 * weekday, hour, order_lines.vat, report_daily): it reads the raw rows (orders, order lines, payments,
 * and the names of what they refer to) with plain selects, works out business days, weekdays and hours
 * itself with luxon from `validated_at` / `created_at`, and computes the money per order:
 *
 * - sales TTC = the net_total of the lines of the validated orders that are not credit notes; refunds =
 *   the same for the credit notes, as a positive amount;
 * - VAT per rate and per order = vatFromTtc(the order's TTC of that rate), added up over the orders
 *   (credit notes negative);
 * - when only some lines of an order count (a product or department filter or grouping), each line's
 *   share of its order's VAT for its rate: the rate's VAT split over the rate's lines in proportion to
 *   their amounts, largest remainders first (ties: the earlier line), as documented in domain/line-vat.ts.
 *
 * Amounts are cents; `measuresOut` converts to the tools' currency units.
 */
import { DateTime } from 'luxon';
import type { Db } from '../src/db/database.js';
import { fromCents, vatFromTtc } from '../src/domain/money.js';

export interface Clock {
  timeZone: string;
  closeHour: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// ---------------------------------------------------------------------------------------------------
// Shop time
// ---------------------------------------------------------------------------------------------------

const utcDay = (day: string) => DateTime.fromISO(day, { zone: 'utc' });
const isoDay = (d: DateTime) => d.toISODate() ?? '';

/** The business day of an instant: its local date, the day before when the local hour is before the close hour. */
export function businessDay(ms: number, clock: Clock): string {
  const t = DateTime.fromMillis(ms, { zone: clock.timeZone });
  const date = DateTime.utc(t.year, t.month, t.day);
  return isoDay(t.hour < clock.closeHour ? date.minus({ days: 1 }) : date);
}

/** The hour the shop's clock shows. */
export function localHour(ms: number, clock: Clock): number {
  return DateTime.fromMillis(ms, { zone: clock.timeZone }).hour;
}

/** ISO weekday of a date, 1 = Monday. */
export function weekdayOf(day: string): number {
  return utcDay(day).weekday;
}

export function addDays(day: string, n: number): string {
  return isoDay(utcDay(day).plus({ days: n }));
}

export function dayCount(from: string, to: string): number {
  return Math.round(utcDay(to).diff(utcDay(from), 'days').days) + 1;
}

/**
 * The instant of a local wall time `YYYY-MM-DDTHH:mm` in the shop's zone: the earliest instant whose
 * local reading is at or after it (a repeated time is its first occurrence, a skipped time is the
 * instant the clocks jump). Found by walking minute by minute, which needs no time zone arithmetic.
 */
export function wallToInstant(local: string, clock: Clock): number {
  const wall = DateTime.fromISO(local, { zone: 'utc' }).toMillis();
  for (let t = wall - 15 * HOUR; t <= wall + 15 * HOUR; t += MINUTE) {
    const reading = t + DateTime.fromMillis(t, { zone: clock.timeZone }).offset * MINUTE;
    if (reading >= wall) return t;
  }
  throw new Error(`no instant for ${local} in ${clock.timeZone}`);
}

/** Local wall time of an instant, `YYYY-MM-DDTHH:mm`. */
export function localWall(ms: number, clock: Clock): string {
  return DateTime.fromMillis(ms, { zone: clock.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

// ---------------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------------

export interface Days {
  from: string;
  to: string;
}

/** The business days of a preset, `today` being the business day of now; stops at today. */
export function presetDays(preset: string, today: string, n = 7): Days {
  const t = utcDay(today);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'this_week':
      return { from: isoDay(t.startOf('week')), to: today };
    case 'last_week': {
      const monday = t.startOf('week').minus({ weeks: 1 });
      return { from: isoDay(monday), to: isoDay(monday.plus({ days: 6 })) };
    }
    case 'this_month':
      return { from: isoDay(t.startOf('month')), to: today };
    case 'last_month': {
      const m = t.startOf('month').minus({ months: 1 });
      return { from: isoDay(m), to: isoDay(m.endOf('month')) };
    }
    case 'this_year':
      return { from: isoDay(t.startOf('year')), to: today };
    case 'last_year': {
      const y = t.startOf('year').minus({ years: 1 });
      return { from: isoDay(y), to: isoDay(y.endOf('year')) };
    }
    case 'last_days':
      return { from: addDays(today, 1 - n), to: today };
    default:
      throw new Error(`unknown preset ${preset}`);
  }
}

/** The period a comparison with "previous" uses, for a period of `unit`s. */
export function previousDays(p: Days, unit: 'day' | 'week' | 'month' | 'year'): Days {
  if (unit === 'day') {
    const n = dayCount(p.from, p.to);
    return { from: addDays(p.from, -n), to: addDays(p.to, -n) };
  }
  if (unit === 'week') return { from: addDays(p.from, -7), to: addDays(p.to, -7) };
  const months = unit === 'year' ? 12 : 1;
  const to = utcDay(p.to);
  const endOfMonth = isoDay(to.endOf('month')) === p.to;
  return {
    from: isoDay(utcDay(p.from).minus({ months })),
    to: isoDay(endOfMonth ? to.startOf('month').minus({ months }).endOf('month') : to.minus({ months })),
  };
}

/**
 * The same days a year before: weeks move by 52 weeks (Monday stays Monday); month and year periods that
 * end on a month's last day end on that month's last day a year before; other dates move by a year.
 */
export function yearBeforeDays(p: Days, unit: 'day' | 'week' | 'month' | 'year' = 'day'): Days {
  if (unit === 'week')
    return {
      from: isoDay(utcDay(p.from).minus({ days: 364 })),
      to: isoDay(utcDay(p.to).minus({ days: 364 })),
    };
  const to = utcDay(p.to);
  const back = to.minus({ years: 1 });
  const monthEnd = unit !== 'day' && to.day === to.daysInMonth;
  return {
    from: isoDay(utcDay(p.from).minus({ years: 1 })),
    to: isoDay(monthEnd ? back.endOf('month') : back),
  };
}

// ---------------------------------------------------------------------------------------------------
// The ledger: validated orders, their lines and the payments, as the oracle sees them
// ---------------------------------------------------------------------------------------------------

export interface Line {
  position: number;
  product: number; // 0: none
  department: number; // 0: none
  group: number; // 0: none
  quantity: number;
  gross: number; // unit price × quantity
  net: number;
  vatBp: number;
  /** this line's share of its order's VAT for its rate */
  vat: number;
}

export interface Order {
  id: number;
  credit: boolean;
  refundOf: number | null;
  at: number;
  day: string;
  weekday: number;
  hour: number;
  delivery: number;
  client: number;
  user: number;
  cashbox: number;
  /** the table number, 0 for none */
  table: number;
  covers: number;
  total: number;
  methods: Set<number>;
  lines: Line[];
  /** per VAT rate: [TTC, VAT] of the whole order */
  rates: Map<number, [number, number]>;
}

export interface Payment {
  id: number;
  orderId: number;
  method: number;
  amount: number;
  at: number;
  day: string;
  weekday: number;
}

export interface Ledger {
  clock: Clock;
  orders: Order[];
  byId: Map<number, Order>;
  payments: Payment[];
  /** labels per dimension and key */
  names: Record<string, Map<number, string>>;
  methodType: Map<number, string>;
}

/** Splits `total` over `weights` (all of the sign of total) in proportion, largest remainders first. */
export function splitByWeights(total: number, weights: number[]): number[] {
  const sign = total < 0 ? -1 : 1;
  const amount = Math.abs(total);
  const ws = weights.map((w) => Math.abs(w));
  const sum = ws.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    if (amount !== 0) throw new Error('cannot split a non-zero amount over zero weights');
    return ws.map(() => 0);
  }
  const exact = ws.map((w) => BigInt(amount) * BigInt(w));
  const shares = exact.map((e) => e / BigInt(sum));
  const rest = exact.map((e, i) => e - (shares[i] ?? 0n) * BigInt(sum));
  let left = amount - Number(shares.reduce((a, b) => a + b, 0n));
  const order = rest.map((r, i) => ({ r, i })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (left === 0) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left--;
  }
  return shares.map((s) => (Number(s) === 0 ? 0 : sign * Number(s)));
}

export async function loadLedger(db: Db, shopId: number, clock: Clock): Promise<Ledger> {
  const [orders, lines, payments, departments, tables] = await Promise.all([
    db
      .selectFrom('orders')
      .select([
        'id',
        'status',
        'refund_of',
        'validated_at',
        'delivery_method',
        'client_id',
        'user_id',
        'cashbox_id',
        'table_id',
        'covers',
        'total',
      ])
      .where('shop_id', '=', shopId)
      .where('status', '=', 'validated')
      .execute(),
    db
      .selectFrom('order_lines')
      .select(['order_id', 'position', 'product_id', 'department_id', 'quantity', 'unit_price', 'net_total'])
      .select('vat_bp')
      .where('shop_id', '=', shopId)
      .orderBy('order_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('payments')
      .select(['id', 'order_id', 'method_id', 'amount', 'created_at'])
      .where('shop_id', '=', shopId)
      .execute(),
    db.selectFrom('departments').select(['id', 'name', 'group_id']).where('shop_id', '=', shopId).execute(),
    db.selectFrom('dining_tables').select(['id', 'number', 'name']).where('shop_id', '=', shopId).execute(),
  ]);
  const groupOf = new Map(departments.map((d) => [d.id, d.group_id ?? 0]));
  const tableNumber = new Map(tables.map((t) => [t.id, t.number]));
  const linesOf = new Map<number, typeof lines>();
  for (const l of lines) {
    const at = linesOf.get(l.order_id);
    if (at) at.push(l);
    else linesOf.set(l.order_id, [l]);
  }
  const methodsOf = new Map<number, Set<number>>();
  for (const p of payments) {
    const s = methodsOf.get(p.order_id) ?? new Set<number>();
    s.add(p.method_id);
    methodsOf.set(p.order_id, s);
  }

  const out: Order[] = orders.map((row) => {
    if (row.validated_at === null) throw new Error(`validated order ${row.id} has no validated_at`);
    const at = Date.parse(row.validated_at);
    const day = businessDay(at, clock);
    const raw = linesOf.get(row.id) ?? [];
    const rates = new Map<number, [number, number]>();
    for (const l of raw) {
      const r = rates.get(l.vat_bp) ?? [0, 0];
      r[0] += l.net_total;
      rates.set(l.vat_bp, r);
    }
    for (const [bp, r] of rates) r[1] = vatFromTtc(r[0], bp);
    const vats = new Array<number>(raw.length).fill(0);
    for (const [bp, [, vat]] of rates) {
      const idx = raw.flatMap((l, i) => (l.vat_bp === bp ? [i] : []));
      const shares = splitByWeights(
        vat,
        idx.map((i) => raw[i]?.net_total ?? 0),
      );
      idx.forEach((i, k) => (vats[i] = shares[k] ?? 0));
    }
    const total = raw.reduce((s, l) => s + l.net_total, 0);
    if (total !== row.total)
      throw new Error(`order ${row.id}: lines add up to ${total}, total is ${row.total}`);
    return {
      id: row.id,
      credit: row.refund_of !== null,
      refundOf: row.refund_of,
      at,
      day,
      weekday: weekdayOf(day),
      hour: localHour(at, clock),
      delivery: row.delivery_method,
      client: row.client_id ?? 0,
      user: row.user_id ?? 0,
      cashbox: row.cashbox_id ?? 0,
      table: row.table_id === null ? 0 : (tableNumber.get(row.table_id) ?? -1),
      covers: row.covers ?? 0,
      total,
      methods: methodsOf.get(row.id) ?? new Set(),
      lines: raw.map((l, i) => ({
        position: l.position,
        product: l.product_id ?? 0,
        department: l.department_id ?? 0,
        group: l.department_id === null ? 0 : (groupOf.get(l.department_id) ?? 0),
        quantity: l.quantity,
        gross: l.unit_price * l.quantity,
        net: l.net_total,
        vatBp: l.vat_bp,
        vat: vats[i] ?? 0,
      })),
      rates,
    };
  });

  const pays: Payment[] = payments.map((p) => {
    const at = Date.parse(p.created_at);
    const day = businessDay(at, clock);
    return {
      id: p.id,
      orderId: p.order_id,
      method: p.method_id,
      amount: p.amount,
      at,
      day,
      weekday: weekdayOf(day),
    };
  });

  const byId = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  const products = await db
    .selectFrom('products')
    .select(['id', 'title as name'])
    .where('shop_id', '=', shopId)
    .execute();
  const groups = await db
    .selectFrom('department_groups')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .execute();
  const users = await db.selectFrom('users').select(['id', 'name']).where('shop_id', '=', shopId).execute();
  const cashboxes = await db
    .selectFrom('cashboxes')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .execute();
  const clients = await db
    .selectFrom('clients')
    .select(['id', 'firstname', 'lastname'])
    .where('shop_id', '=', shopId)
    .execute();
  const delivery = await db
    .selectFrom('delivery_methods')
    .select(['code', 'name'])
    .where('shop_id', '=', shopId)
    .execute();
  const methods = await db
    .selectFrom('payment_methods')
    .select(['id', 'name', 'type'])
    .where('shop_id', '=', shopId)
    .execute();
  return {
    clock,
    orders: out,
    byId: new Map(out.map((x) => [x.id, x])),
    payments: pays,
    names: {
      product: byId(products),
      department: byId(departments),
      department_group: byId(groups),
      user: byId(users),
      cashbox: byId(cashboxes),
      payment_method: byId(methods),
      client: new Map(clients.map((c) => [c.id, `${c.firstname ?? ''} ${c.lastname ?? ''}`.trim()])),
      table: new Map(tables.map((t) => [t.number, t.name])),
      delivery_method: new Map(delivery.map((d) => [d.code, d.name])),
    },
    methodType: new Map(methods.map((m) => [m.id, m.type])),
  };
}

// ---------------------------------------------------------------------------------------------------
// Measures
// ---------------------------------------------------------------------------------------------------

export interface Acc {
  orders: number;
  covers: number;
  coversTtc: number;
  refunds: number;
  items: number;
  refundItems: number;
  ttc: number;
  vat: number;
  discounts: number;
  refundTtc: number;
  refundVat: number;
  payments: number;
  paid: number;
  rates: Map<number, [number, number]>;
}

export const emptyAcc = (): Acc => ({
  orders: 0,
  covers: 0,
  coversTtc: 0,
  refunds: 0,
  items: 0,
  refundItems: 0,
  ttc: 0,
  vat: 0,
  discounts: 0,
  refundTtc: 0,
  refundVat: 0,
  payments: 0,
  paid: 0,
  rates: new Map(),
});

const addRate = (acc: Acc, bp: number, ttc: number, vat: number) => {
  const r = acc.rates.get(bp) ?? [0, 0];
  r[0] += ttc;
  r[1] += vat;
  acc.rates.set(bp, r);
};

/** Adds an order to `acc`: all its lines (VAT per rate of the order) or some (the lines' VAT shares). */
function addOrder(acc: Acc, o: Order, lines: Line[] | 'all'): void {
  const ls = lines === 'all' ? o.lines : lines;
  const qty = ls.reduce((s, l) => s + l.quantity, 0);
  const net = ls.reduce((s, l) => s + l.net, 0);
  let vat = 0;
  if (lines === 'all') {
    for (const [bp, [ttc, v]] of o.rates) {
      vat += v;
      addRate(acc, bp, ttc, v);
    }
  } else {
    for (const l of ls) {
      vat += l.vat;
      addRate(acc, l.vatBp, l.net, l.vat);
    }
  }
  if (o.credit) {
    acc.refunds += 1;
    acc.refundItems -= qty;
    acc.refundTtc -= net;
    acc.refundVat -= vat;
  } else {
    acc.orders += 1;
    acc.covers += o.covers;
    if (o.covers > 0) acc.coversTtc += o.total;
    acc.items += qty;
    acc.ttc += net;
    acc.vat += vat;
    acc.discounts += ls.reduce((s, l) => s + l.gross - l.net, 0);
  }
}

export function mergeInto(into: Acc, from: Acc): void {
  for (const k of Object.keys(into) as (keyof Acc)[]) {
    if (k !== 'rates') into[k] += from[k];
  }
  for (const [bp, [ttc, vat]] of from.rates) addRate(into, bp, ttc, vat);
}

/** Half away from zero, for the averages (n > 0). */
const average = (sum: number, n: number) =>
  n === 0 ? 0 : Math.sign(sum) * Math.floor((2 * Math.abs(sum) + n) / (2 * n));

/** The measures as the report tools give them (currency units). */
export function measuresOut(a: Acc, payments = false) {
  const revenue = a.ttc - a.refundTtc;
  const vat = a.vat - a.refundVat;
  return {
    orders: a.orders,
    sales: fromCents(a.ttc),
    refundCount: a.refunds,
    refunds: fromCents(a.refundTtc),
    revenue: fromCents(revenue),
    revenueHT: fromCents(revenue - vat),
    vat: fromCents(vat),
    discounts: fromCents(a.discounts),
    averageTicket: fromCents(average(a.ttc, a.orders)),
    covers: a.covers,
    revenuePerCover: fromCents(average(a.coversTtc, a.covers)),
    items: a.items,
    itemsRefunded: a.refundItems,
    ...(payments ? { payments: a.payments, received: fromCents(a.paid) } : {}),
  };
}

export function ratesOut(a: Acc) {
  return [...a.rates]
    .filter(([, [ttc, vat]]) => ttc !== 0 || vat !== 0)
    .sort(([x], [y]) => x - y)
    .map(([bp, [ttc, vat]]) => ({
      rate: bp / 100,
      ht: fromCents(ttc - vat),
      vat: fromCents(vat),
      ttc: fromCents(ttc),
    }));
}

// ---------------------------------------------------------------------------------------------------
// Questions
// ---------------------------------------------------------------------------------------------------

export interface Query {
  /** business days, both included */
  days?: Days;
  /** instants, `to` excluded */
  instants?: { from: number; to: number };
  delivery?: number[];
  payment?: number[];
  department?: number[];
  group?: number[];
  product?: number[];
  client?: number[];
  user?: number[];
  /** table numbers */
  table?: number[];
  cashbox?: number[];
  weekday?: number[];
  hours?: number[];
}

const has = (list: number[] | undefined, v: number) => list === undefined || list.includes(v);

function inPeriod(q: Query, at: number, day: string): boolean {
  if (q.days && (day < q.days.from || day > q.days.to)) return false;
  if (q.instants && (at < q.instants.from || at >= q.instants.to)) return false;
  return true;
}

/** The order-level filters, without the period and the weekday. */
function orderMatches(q: Query, o: Order): boolean {
  return (
    has(q.delivery, o.delivery) &&
    has(q.client, o.client) &&
    has(q.user, o.user) &&
    has(q.table, o.table) &&
    has(q.cashbox, o.cashbox) &&
    has(q.hours, o.hour) &&
    (q.payment === undefined || q.payment.some((m) => o.methods.has(m)))
  );
}

const lineFiltered = (q: Query) =>
  q.product !== undefined || q.department !== undefined || q.group !== undefined;

function linesMatching(q: Query, o: Order): Line[] {
  return o.lines.filter(
    (l) => has(q.product, l.product) && has(q.department, l.department) && has(q.group, l.group),
  );
}

/** The orders of the question, with the lines that count. */
export function selected(l: Ledger, q: Query): { order: Order; lines: Line[] | 'all' }[] {
  const out: { order: Order; lines: Line[] | 'all' }[] = [];
  for (const o of l.orders) {
    if (!inPeriod(q, o.at, o.day) || !has(q.weekday, o.weekday) || !orderMatches(q, o)) continue;
    if (!lineFiltered(q)) out.push({ order: o, lines: 'all' });
    else {
      const lines = linesMatching(q, o);
      if (lines.length > 0) out.push({ order: o, lines });
    }
  }
  return out;
}

export function totals(l: Ledger, q: Query): Acc {
  const acc = emptyAcc();
  for (const s of selected(l, q)) addOrder(acc, s.order, s.lines);
  return acc;
}

export type Grouping =
  | 'day'
  | 'week'
  | 'month'
  | 'weekday'
  | 'hour'
  | 'product'
  | 'department'
  | 'department_group'
  | 'client'
  | 'delivery_method'
  | 'payment_method'
  | 'user'
  | 'table'
  | 'cashbox';

export const ORDER_GROUPINGS: Grouping[] = [
  'day',
  'week',
  'month',
  'weekday',
  'hour',
  'client',
  'delivery_method',
  'user',
  'table',
  'cashbox',
];
export const LINE_GROUPINGS: Grouping[] = ['product', 'department', 'department_group'];
/** Groupings whose key 0 means "none": reported apart, as `unassigned`. */
export const NONE_IS_ZERO: Grouping[] = [
  'product',
  'department',
  'department_group',
  'client',
  'user',
  'table',
  'cashbox',
];

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function timeKey(by: Grouping, day: string): { key: string | number; label: string } {
  const d = utcDay(day);
  switch (by) {
    case 'week': {
      const monday = isoDay(d.startOf('week'));
      return {
        key: monday,
        label: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')} (from ${monday})`,
      };
    }
    case 'month':
      return { key: day.slice(0, 7), label: day.slice(0, 7) };
    case 'weekday':
      return { key: d.weekday, label: WEEKDAYS[d.weekday] ?? '' };
    default:
      return { key: day, label: `${day} (${(WEEKDAYS[d.weekday] ?? '').slice(0, 3)})` };
  }
}

export interface OracleGroup {
  key: string | number;
  label: string;
  acc: Acc;
}

/** The groups of a question (unassigned: key 0 of a NONE_IS_ZERO grouping). */
export function groups(l: Ledger, q: Query, by: Grouping): { groups: OracleGroup[]; unassigned: Acc | null } {
  const map = new Map<string | number, OracleGroup>();
  const into = (key: string | number, label: () => string) => {
    let g = map.get(key);
    if (!g) map.set(key, (g = { key, label: label(), acc: emptyAcc() }));
    return g.acc;
  };
  if (by === 'payment_method') {
    for (const p of l.payments) {
      const o = l.byId.get(p.orderId);
      if (!o || !inPeriod(q, p.at, p.day) || !has(q.weekday, p.weekday) || !orderMatches(q, o)) continue;
      const acc = into(p.method, () => l.names.payment_method?.get(p.method) ?? `#${p.method}`);
      acc.payments += 1;
      acc.paid += p.amount;
    }
  } else {
    for (const { order: o, lines } of selected(l, q)) {
      if (LINE_GROUPINGS.includes(by)) {
        const field = by === 'department_group' ? 'group' : (by as 'product' | 'department');
        const ls = lines === 'all' ? o.lines : lines;
        const keys = [...new Set(ls.map((x) => x[field]))];
        for (const k of keys)
          addOrder(
            into(k, () => l.names[by]?.get(k) ?? `#${k}`),
            o,
            ls.filter((x) => x[field] === k),
          );
        continue;
      }
      let key: string | number;
      let label: () => string;
      if (['day', 'week', 'month', 'weekday'].includes(by)) {
        const t = timeKey(by, o.day);
        key = t.key;
        label = () => t.label;
      } else if (by === 'hour') {
        key = o.hour;
        label = () => `${String(o.hour).padStart(2, '0')}:00`;
      } else {
        const value = {
          client: o.client,
          delivery_method: o.delivery,
          user: o.user,
          table: o.table,
          cashbox: o.cashbox,
        }[by as 'client'];
        key = value;
        label = () => l.names[by]?.get(value) ?? `#${value}`;
      }
      addOrder(into(key, label), o, lines);
    }
  }
  let unassigned: Acc | null = null;
  if (NONE_IS_ZERO.includes(by) && map.has(0)) {
    unassigned = map.get(0)?.acc ?? null;
    map.delete(0);
  }
  return { groups: [...map.values()], unassigned };
}

/** Money received by payment method in the period, whatever the order. */
export function cashByMethod(l: Ledger, q: Query): Map<number, { payments: number; received: number }> {
  const out = new Map<number, { payments: number; received: number }>();
  for (const p of l.payments) {
    const o = l.byId.get(p.orderId);
    if (!o || !inPeriod(q, p.at, p.day) || !orderMatches(q, o)) continue;
    const m = out.get(p.method) ?? { payments: 0, received: 0 };
    m.payments += 1;
    m.received += p.amount;
    out.set(p.method, m);
  }
  return out;
}

/** The hours of a fromHour/toHour filter (toHour excluded, across midnight when it is before fromHour). */
export function hoursBetween(from: number | undefined, to: number | undefined): number[] {
  const f = from ?? 0;
  const t = to ?? 24;
  return Array.from({ length: 24 }, (_, h) => h).filter((h) => (f < t ? h >= f && h < t : h >= f || h < t));
}
