/**
 * Cross-checks every report tool against an independent recomputation from the order rows
 * (test/report-oracle.ts), on data generated with fast-check and recorded through the real tools at
 * chosen instants: sales of every kind (catalog, department and free lines, variations, discounts,
 * tables and covers, clients, users, cashboxes), quotes validated later, partial payments, credit notes
 * paid back or not, tables and covers changed after validation, retried idempotent sales — across
 * several weeks, around the DST changes of the shop's time zone, and at night before the close hour.
 *
 * Every report figure must equal the recomputation to the cent. The defects this suite found are
 * fixed; each keeps the test that showed it.
 *
 * COMPTOIR_REPORTS_SEED=<n> replays the data of another seed (the default seeds are fixed).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEASURES, rebuildFacts } from '../../src/modules/reports/reports.facts.js';
import { GROUPINGS as REPORT_GROUPINGS } from '../../src/modules/reports/reports.schemas.js';
import { fails, ok, startInProcess, type Harness } from '../helpers.js';
import * as o from '../report-oracle.js';

// ---------------------------------------------------------------------------------------------------
// The shops
// ---------------------------------------------------------------------------------------------------

interface ShopCase {
  name: string;
  timeZone: string;
  closeHour: number;
  /** the instant reports are asked at (every order is recorded before it) */
  now: string;
  /** where sales fall, UTC instants */
  windows: { from: string; to: string; weight: number }[];
  /** instants around which sales cluster (DST changes) */
  special: string[];
  /** instants with a sale each (the 01:30 sale of a shop closing at 2, the repeated hour, …) */
  fixed: string[];
  sales: number;
  seed: number;
}

const CASES: ShopCase[] = [
  {
    // DST: 2025-10-26, 2026-03-29 (02:00 CET -> 03:00 CEST), 2026-10-25 (03:00 CEST -> 02:00 CET)
    name: 'Europe/Paris, closing at 2',
    timeZone: 'Europe/Paris',
    closeHour: 2,
    now: '2026-11-05T00:30:00Z', // 01:30 on 5 November: still the business day of 4 November
    windows: [
      { from: '2025-10-20T00:00:00Z', to: '2025-11-08T00:00:00Z', weight: 1 },
      { from: '2026-03-16T00:00:00Z', to: '2026-04-08T00:00:00Z', weight: 3 },
      { from: '2026-10-12T00:00:00Z', to: '2026-11-05T00:30:00Z', weight: 5 },
    ],
    special: ['2025-10-26T01:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-11-04T00:00:00Z'],
    fixed: [
      '2026-10-24T23:30:00Z', // 01:30 CEST on 25 October: business day 24 October
      '2026-10-25T00:30:00Z', // 02:30 CEST, first time round: 25 October
      '2026-10-25T01:30:00Z', // 02:30 CET, second time round: 25 October
      '2026-10-25T00:59:00Z',
      '2026-03-29T00:30:00Z', // 01:30 CET on 29 March: 28 March
      '2026-03-29T00:59:00Z', // 01:59 CET: 28 March
      '2026-03-29T01:00:00Z', // 03:00 CEST (02:00 skipped): 29 March
      '2026-11-04T00:30:00Z', // 01:30 on 4 November: 3 November
      '2026-11-05T00:29:00Z', // 01:29 on 5 November: today (4 November)
      '2026-11-04T01:00:00Z', // 02:00 on 4 November: 4 November
    ],
    sales: 170,
    seed: 20261105,
  },
  {
    // DST: 2026-03-08 (02:00 EST -> 03:00 EDT), 2026-11-01 (02:00 EDT -> 01:00 EST)
    name: 'America/New_York, closing at 3',
    timeZone: 'America/New_York',
    closeHour: 3,
    now: '2026-11-12T20:00:00Z',
    windows: [
      { from: '2025-11-01T00:00:00Z', to: '2025-11-15T00:00:00Z', weight: 1 },
      { from: '2026-02-25T00:00:00Z', to: '2026-03-20T00:00:00Z', weight: 2 },
      { from: '2026-10-20T00:00:00Z', to: '2026-11-12T20:00:00Z', weight: 3 },
    ],
    special: ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
    fixed: [
      '2026-11-01T05:30:00Z', // 01:30 EDT: 31 October
      '2026-11-01T06:30:00Z', // 01:30 EST (second time round): 31 October
      '2026-11-01T07:30:00Z', // 02:30 EST: 31 October
      '2026-11-01T08:00:00Z', // 03:00 EST: 1 November
      '2026-03-08T06:59:00Z', // 01:59 EST: 7 March
      '2026-03-08T07:00:00Z', // 03:00 EDT: 8 March
    ],
    sales: 90,
    seed: 20261112,
  },
  {
    name: 'Asia/Kolkata, calendar days',
    timeZone: 'Asia/Kolkata',
    closeHour: 0,
    now: '2026-06-10T12:00:00Z',
    windows: [
      { from: '2025-05-25T00:00:00Z', to: '2025-06-12T00:00:00Z', weight: 1 },
      { from: '2026-05-01T00:00:00Z', to: '2026-06-10T12:00:00Z', weight: 3 },
    ],
    special: ['2026-06-09T18:30:00Z'],
    fixed: ['2026-06-09T18:29:00Z', '2026-06-09T18:30:00Z', '2026-05-31T18:30:00Z'],
    sales: 50,
    seed: 20260610,
  },
];

const seedOf = (c: ShopCase) =>
  process.env.COMPTOIR_REPORTS_SEED ? Number(process.env.COMPTOIR_REPORTS_SEED) : c.seed;

// ---------------------------------------------------------------------------------------------------
// Generated activity
// ---------------------------------------------------------------------------------------------------

type LineDiscount = { percent: number } | { amountRatio: number } | null;
type ItemSpec =
  | {
      kind: 'catalog';
      p: number;
      q: number;
      variant: number;
      override: number | null;
      disc: LineDiscount;
      legacy: boolean;
    }
  | { kind: 'dept'; d: number; price: number; q: number; disc: LineDiscount }
  | { kind: 'free'; price: number; q: number; disc: LineDiscount };
type PaymentSpec =
  | { kind: 'quote' }
  | { kind: 'unpaid' }
  | { kind: 'full'; m: number }
  | { kind: 'partial'; m: number; percent: number };
type FollowKind = 'pay' | 'payPartial' | 'refundAll' | 'refundPartial' | 'retable' | 'editQuote' | 'validate';
interface FollowSpec {
  after: number; // minutes after the previous step
  kind: FollowKind;
  r: number[];
}
interface SaleSpec {
  at: number;
  delivery: 0 | 1 | 2 | 4;
  table: number | null;
  covers: number | null;
  client: number | null; // -1: a new client created with the sale
  user: number | null;
  cashbox: number | null;
  items: ItemSpec[];
  discount: { percent: number } | { amountRatio: number } | { id: number } | null;
  payment: PaymentSpec;
  retry: boolean;
  follow: FollowSpec[];
}

function instantArb(c: ShopCase): fc.Arbitrary<number> {
  const now = Date.parse(c.now);
  const window = fc.oneof(
    ...c.windows.map((w) => ({
      weight: w.weight,
      arbitrary: fc.integer({ min: Date.parse(w.from), max: Math.min(Date.parse(w.to), now) - 1 }),
    })),
  );
  // a night sale: between midnight and 03:00 local, on a day of the windows
  const night = fc.tuple(window, fc.integer({ min: 0, max: 179 })).map(([ms, minutes]) => {
    const t = DateTime.fromMillis(ms, { zone: c.timeZone });
    return DateTime.fromObject(
      { year: t.year, month: t.month, day: t.day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
      { zone: c.timeZone },
    ).toMillis();
  });
  const special = fc
    .tuple(fc.constantFrom(...c.special), fc.integer({ min: -150, max: 150 }))
    .map(([s, minutes]) => Date.parse(s) + minutes * 60_000);
  return fc
    .oneof(
      { weight: 6, arbitrary: window },
      { weight: 2, arbitrary: night },
      { weight: 1, arbitrary: special },
    )
    .filter((ms) => ms < now);
}

const lineDiscountArb: fc.Arbitrary<LineDiscount> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(5, 10, 12.5, 33.33, 50).map((percent) => ({ percent })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 50 }).map((amountRatio) => ({ amountRatio })) },
);

const itemArb: fc.Arbitrary<ItemSpec> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('catalog' as const),
      p: fc.nat(),
      q: fc.integer({ min: 1, max: 4 }),
      variant: fc.nat(),
      override: fc.option(fc.integer({ min: 50, max: 2500 }), { freq: 8 }),
      disc: lineDiscountArb,
      legacy: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('dept' as const),
      d: fc.nat(),
      price: fc.integer({ min: 50, max: 3000 }),
      q: fc.integer({ min: 1, max: 3 }),
      disc: lineDiscountArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('free' as const),
      price: fc.integer({ min: 50, max: 3000 }),
      q: fc.integer({ min: 1, max: 2 }),
      disc: lineDiscountArb,
    }),
  },
);

const followArb: fc.Arbitrary<FollowSpec> = fc.record({
  after: fc.oneof(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 240, max: 60 * 24 * 6 })),
  kind: fc.constantFrom<FollowKind>(
    'pay',
    'payPartial',
    'payPartial',
    'refundAll',
    'refundPartial',
    'refundPartial',
    'retable',
    'editQuote',
    'validate',
    'validate',
  ),
  r: fc.array(fc.nat(1000), { minLength: 6, maxLength: 6 }),
});

function saleArb(c: ShopCase): fc.Arbitrary<SaleSpec> {
  const idx = fc.nat();
  return fc.record({
    at: instantArb(c),
    delivery: fc.constantFrom<0 | 1 | 2 | 4>(0, 1, 2, 2, 4, 4),
    table: fc.option(idx, { freq: 3 }),
    covers: fc.option(fc.integer({ min: 0, max: 8 }), { freq: 3 }),
    client: fc.option(fc.oneof({ weight: 12, arbitrary: idx }, { weight: 1, arbitrary: fc.constant(-1) }), {
      freq: 2,
    }),
    user: fc.option(idx, { freq: 3 }),
    cashbox: fc.option(idx, { freq: 4 }),
    items: fc.array(itemArb, { minLength: 1, maxLength: 5 }),
    discount: fc.oneof(
      { weight: 8, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(10, 15, 20).map((percent) => ({ percent })) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((amountRatio) => ({ amountRatio })) },
      { weight: 1, arbitrary: idx.map((id) => ({ id })) },
    ),
    payment: fc.oneof<fc.WeightedArbitrary<PaymentSpec>[]>(
      { weight: 2, arbitrary: fc.constant({ kind: 'quote' as const }) },
      { weight: 3, arbitrary: fc.constant({ kind: 'unpaid' as const }) },
      { weight: 8, arbitrary: idx.map((m) => ({ kind: 'full' as const, m })) },
      {
        weight: 2,
        arbitrary: fc
          .record({ m: idx, percent: fc.integer({ min: 5, max: 90 }) })
          .map((x) => ({ kind: 'partial' as const, ...x })),
      },
    ),
    retry: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    follow: fc.array(followArb, { maxLength: 3 }),
  });
}

interface Env {
  products: { id: number; title: string; price: number; groups: { id: number; delta: number }[][] }[];
  departments: number[];
  clients: number[];
  users: number[];
  cashboxes: number[];
  tables: number[];
  payMethods: number[];
  refundMethods: number[];
  discounts: { id: number; kind: string; value: number }[];
}

const pick = <T>(list: T[], i: number): T => {
  const v = list[i % list.length];
  if (v === undefined) throw new Error('empty list');
  return v;
};
const money = (cents: number) => cents / 100;
const cents = (units: number) => Math.round(units * 100);
const ceilPercent = (amount: number, bp: number) => Math.ceil((amount * bp) / 10000);

/** The sale_create arguments of a generated sale, with a lower bound of its total (cents). */
function saleArgs(s: SaleSpec, env: Env, seq: number): { args: Record<string, unknown>; atLeast: number } {
  let subtotal = 0;
  const items: unknown[] = s.items.map((it) => {
    let unit: number;
    let base: Record<string, unknown>;
    if (it.kind === 'catalog') {
      const p = pick(env.products, it.p);
      const declinaisons: number[] = [];
      let delta = 0;
      p.groups.forEach((choices, g) => {
        const k = Math.floor(it.variant / (g + 1)) % (choices.length + 1);
        const c = choices[k];
        if (c) {
          declinaisons.push(c.id);
          delta += c.delta;
        }
      });
      unit = it.override ?? p.price + delta;
      if (it.legacy && it.disc === null)
        return `${p.id}_${it.q}__${it.override === null ? '' : money(it.override)}${declinaisons.map((d) => `_${d}`).join('')}`;
      base = {
        productId: it.variant % 5 === 0 ? String(p.id) : p.id,
        quantity: it.q,
        ...(it.override === null ? {} : { priceOverride: money(it.override) }),
        ...(declinaisons.length > 0 ? { declinaisons } : {}),
      };
    } else if (it.kind === 'dept') {
      unit = it.price;
      base = {
        type: 'dept',
        departmentId: pick(env.departments, it.d),
        price: money(it.price),
        quantity: it.q,
      };
    } else {
      unit = it.price;
      base = { type: 'free', price: money(it.price), title: 'Divers', quantity: it.q };
    }
    const gross = unit * it.q;
    let off = 0;
    if (it.disc && 'percent' in it.disc) {
      off = ceilPercent(gross, Math.round(it.disc.percent * 100));
      base.discount = { percent: it.disc.percent };
    } else if (it.disc && gross >= 2) {
      off = Math.max(1, Math.floor((gross * it.disc.amountRatio) / 100));
      base.discount = { amount: money(off) };
    }
    subtotal += gross - off;
    return base;
  });
  let atLeast = subtotal;
  const discount: Record<string, unknown> = {};
  if (s.discount && 'percent' in s.discount) {
    discount.discount = { percent: s.discount.percent };
    atLeast -= ceilPercent(subtotal, s.discount.percent * 100);
  } else if (s.discount && 'amountRatio' in s.discount && subtotal >= 2) {
    const off = Math.max(1, Math.floor((subtotal * s.discount.amountRatio) / 100));
    discount.discount = { amount: money(off) };
    atLeast -= off;
  } else if (s.discount && 'id' in s.discount) {
    const d = pick(env.discounts, s.discount.id);
    const off = d.kind === 'percent' ? ceilPercent(subtotal, d.value) : d.value;
    if (off <= subtotal) {
      discount.discountId = d.id;
      atLeast -= off;
    }
  }
  const args: Record<string, unknown> = { items, deliveryMethod: s.delivery, ...discount };
  if (s.delivery === 2 || s.table !== null) args.idtable = pick(env.tables, s.table ?? seq);
  if (s.delivery === 2 || s.covers !== null) args.numcouverts = s.covers ?? 2;
  if (s.client === -1) args.client = { firstname: `Client${seq}`, lastname: 'Généré' };
  else if (s.client !== null) args.idClient = pick(env.clients, s.client);
  if (s.user !== null) args.idUser = pick(env.users, s.user);
  if (s.cashbox !== null) args.idcaisse = pick(env.cashboxes, s.cashbox);
  const p = s.payment;
  if (p.kind === 'quote') args.payment = -2;
  else if (p.kind === 'unpaid') args.payment = -1;
  else {
    args.payment = pick(env.payMethods, p.m);
    if (p.kind === 'partial' && atLeast >= 2)
      args.paymentAmount = money(Math.max(1, Math.floor((atLeast * p.percent) / 100)));
  }
  if (s.retry) args.idempotencyKey = `sale-${seq}`;
  return { args, atLeast };
}

interface Detail {
  id: number;
  status: 'quote' | 'validated';
  kind: 'sale' | 'credit_note';
  total: number;
  due: number;
  lines: { id: number; quantity: number; refundedQuantity: number }[];
}

/** Runs a follow-up step on an order, when it applies to the order as it is now. */
async function followUp(h: Harness, env: Env, orderId: number, f: FollowSpec): Promise<void> {
  const d = await ok<Detail>(h.client, 'order_detail', { orderId });
  if (d.kind !== 'sale') return;
  const [r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0] = f.r;
  switch (f.kind) {
    case 'pay':
    case 'payPartial':
    case 'validate': {
      if (f.kind === 'validate' && d.status !== 'quote') return;
      const due = cents(d.status === 'quote' ? d.total : d.due);
      if (f.kind === 'validate' && r0 % 3 === 0) {
        await ok(h.client, 'order_edit', { orderId, payment: -1 });
        return;
      }
      if (due <= 0) return;
      const args: Record<string, unknown> = { orderId, payment: pick(env.payMethods, r1) };
      if ((f.kind === 'payPartial' || r0 % 3 === 1) && due >= 2)
        args.paymentAmount = money(Math.max(1, Math.floor((due * (5 + (r2 % 90))) / 100)));
      await ok(h.client, 'order_edit', args);
      return;
    }
    case 'refundAll':
    case 'refundPartial': {
      if (d.status !== 'validated') return;
      const left = d.lines.filter((l) => l.quantity > l.refundedQuantity);
      if (left.length === 0) return;
      const args: Record<string, unknown> = { orderId, reason: 'test' };
      if (f.kind === 'refundPartial') {
        const chosen = left.filter((_, i) => (r0 >> i) % 2 === 1 || i === r1 % left.length);
        args.lines = chosen.map((l, i) => ({
          lineId: l.id,
          quantity: 1 + ((r2 + i) % (l.quantity - l.refundedQuantity)),
        }));
      }
      if (r3 % 3 === 0) args.payment = pick(env.refundMethods, r4);
      await ok(h.client, 'order_refund', args);
      return;
    }
    case 'retable': {
      const args: Record<string, unknown> = { orderId };
      if (r0 % 3 !== 1) args.idtable = pick(env.tables, r1);
      if (r0 % 3 !== 0) args.numcouverts = r2 % 7;
      await ok(h.client, 'order_edit', args);
      return;
    }
    case 'editQuote': {
      if (d.status !== 'quote') return;
      const args: Record<string, unknown> = { orderId };
      if (r0 % 3 === 0) args.deliveryMethod = pick([0, 1, 2, 4], r1);
      else if (r0 % 3 === 1) args.discount = { percent: 5 + (r2 % 20) };
      else args.idClient = pick(env.clients, r3);
      if (r5 % 2 === 0) args.publicComment = 'edited';
      await ok(h.client, 'order_edit', args);
      return;
    }
  }
}

async function loadEnv(h: Harness): Promise<Env> {
  const shop = h.shopId;
  const products = await h.db
    .selectFrom('products')
    .select(['id', 'title', 'price'])
    .where('shop_id', '=', shop)
    .orderBy('id')
    .execute();
  const links = await h.db
    .selectFrom('product_variation_groups')
    .select(['product_id', 'group_id'])
    .where('shop_id', '=', shop)
    .orderBy('position')
    .execute();
  const choices = await h.db
    .selectFrom('variation_choices')
    .select(['id', 'group_id', 'price_delta'])
    .where('shop_id', '=', shop)
    .orderBy('position')
    .execute();
  const ids = async (table: 'departments' | 'clients' | 'users' | 'cashboxes' | 'discounts') =>
    (await h.db.selectFrom(table).select('id').where('shop_id', '=', shop).orderBy('id').execute()).map(
      (r) => r.id,
    );
  const methods = await h.db
    .selectFrom('payment_methods')
    .select(['id', 'is_refund'])
    .where('shop_id', '=', shop)
    .orderBy('id')
    .execute();
  const tables = await h.db
    .selectFrom('dining_tables')
    .select('number')
    .where('shop_id', '=', shop)
    .orderBy('number')
    .execute();
  const discounts = await h.db
    .selectFrom('discounts')
    .select(['id', 'kind', 'value'])
    .where('shop_id', '=', shop)
    .orderBy('id')
    .execute();
  return {
    products: products.map((p) => ({
      id: p.id,
      title: p.title,
      price: p.price,
      groups: links
        .filter((l) => l.product_id === p.id)
        .map((l) =>
          choices.filter((c) => c.group_id === l.group_id).map((c) => ({ id: c.id, delta: c.price_delta })),
        ),
    })),
    departments: await ids('departments'),
    clients: await ids('clients'),
    users: await ids('users'),
    cashboxes: await ids('cashboxes'),
    // a handful of tables: busy tables make the table figures worth checking; 101-103 were added
    // after the others, so their ids are not their numbers
    tables: tables.map((t) => t.number).filter((n) => n % 9 === 1 || n > 100),
    payMethods: methods.filter((m) => m.is_refund === 0).map((m) => m.id),
    refundMethods: methods.filter((m) => m.is_refund === 1).map((m) => m.id),
    discounts,
  };
}

/** Records the generated activity at its instants; returns how many tool calls were made. */
async function record(h: Harness, env: Env, sales: SaleSpec[], setNow: (ms: number) => void, nowMs: number) {
  type Event = { at: number; seq: number; sale: number; step: number };
  const events: Event[] = [];
  let seq = 0;
  sales.forEach((s, i) => {
    events.push({ at: s.at, seq: seq++, sale: i, step: -1 });
    let at = s.at;
    s.follow.forEach((f, k) => {
      at += f.after * 60_000;
      if (at < nowMs) events.push({ at, seq: seq++, sale: i, step: k });
    });
  });
  events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const orderIds = new Map<number, number>();
  for (const e of events) {
    setNow(e.at);
    const s = sales[e.sale];
    if (!s) continue;
    if (e.step === -1) {
      const { args } = saleArgs(s, env, e.sale);
      const order = await ok<{ id: number; replayed: boolean }>(h.client, 'sale_create', args);
      orderIds.set(e.sale, order.id);
      if (s.retry) {
        const again = await ok<{ id: number; replayed: boolean }>(h.client, 'sale_create', args);
        expect(again).toMatchObject({ id: order.id, replayed: true });
      }
    } else {
      const id = orderIds.get(e.sale);
      const f = s.follow[e.step];
      if (id !== undefined && f) await followUp(h, env, id, f);
    }
  }
  return events.length;
}

// ---------------------------------------------------------------------------------------------------
// Questions: the same question as report arguments and as an oracle query
// ---------------------------------------------------------------------------------------------------

interface Question {
  period?: string;
  days?: number;
  from?: string;
  to?: string;
  deliveryMethod?: number | number[];
  paymentMethod?: number | number[];
  departmentId?: number | number[];
  departmentGroupId?: number | number[];
  productId?: number | number[];
  clientId?: number | number[];
  userId?: number | number[];
  table?: number | number[];
  cashboxId?: number | number[];
  weekday?: number | string | (number | string)[];
  fromHour?: number;
  toHour?: number;
  groupBy?: o.Grouping;
  limit?: number;
  sort?: string;
  order?: string;
}

type Measures = Record<string, number>;
interface GroupOut {
  key: string | number;
  label: string;
  [measure: string]: unknown;
}
interface Rate {
  rate: number;
  ht: number;
  vat: number;
  ttc: number;
}
interface PeriodOut {
  label: string;
  fromDay: string;
  toDay: string;
  from: string;
  to: string;
  timeZone: string;
  closeHour: number;
}
interface SummaryOut {
  period: PeriodOut;
  source: 'summary' | 'orders';
  totals: Measures;
  vatRates: Rate[];
  groupBy: string | null;
  groupCount: number;
  groups: GroupOut[];
  others: (Measures & { groups: number }) | null;
  unassigned: Measures | null;
}

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const list = (v: number | number[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Where the shop is and what it knows, once the activity is recorded. */
interface World {
  c: ShopCase;
  h: Harness;
  env: Env;
  ledger: o.Ledger;
  clock: o.Clock;
  today: string;
  /** what order_detail says is due, per sale */
  due: Map<number, number>;
}

function toQuery(w: World, q: Question): o.Query {
  const out: o.Query = {};
  if (q.from !== undefined) {
    const to = q.to ?? w.today;
    // whole days reaching past today stop at today (docs/REPORTS.md), one wholly ahead stays as asked
    if (q.from.length === 10 && to.length === 10)
      out.days = { from: q.from, to: q.from <= w.today && to > w.today ? w.today : to };
    else
      out.instants = {
        from: o.wallToInstant(
          q.from.length === 10 ? `${q.from}T${hh(w.clock.closeHour)}:00` : q.from,
          w.clock,
        ),
        to: o.wallToInstant(
          to.length === 10 ? `${o.addDays(to, 1)}T${hh(w.clock.closeHour)}:00` : to,
          w.clock,
        ),
      };
  } else out.days = o.presetDays(q.period ?? 'today', w.today, q.days);
  const set = (
    k: 'delivery' | 'payment' | 'department' | 'group' | 'product' | 'client' | 'user' | 'table' | 'cashbox',
    v: number | number[] | undefined,
  ) => {
    const l = list(v);
    if (l) out[k] = l;
  };
  set('delivery', q.deliveryMethod);
  set('payment', q.paymentMethod);
  set('department', q.departmentId);
  set('group', q.departmentGroupId);
  set('product', q.productId);
  set('client', q.clientId);
  set('user', q.userId);
  set('table', q.table);
  set('cashbox', q.cashboxId);
  if (q.weekday !== undefined)
    out.weekday = (Array.isArray(q.weekday) ? q.weekday : [q.weekday]).map((d) =>
      typeof d === 'number' ? d : WEEKDAY_NAMES.indexOf(d) + 1,
    );
  if (q.fromHour !== undefined || q.toHour !== undefined) out.hours = o.hoursBetween(q.fromHour, q.toHour);
  return out;
}

const hh = (n: number) => String(n).padStart(2, '0');
const MEASURE_KEYS = [
  'orders',
  'sales',
  'refundCount',
  'refunds',
  'revenue',
  'revenueHT',
  'vat',
  'discounts',
  'averageTicket',
  'covers',
  'revenuePerCover',
  'items',
  'itemsRefunded',
];
const COVERS = ['covers', 'revenuePerCover'];
/** Measures that add up over groups of lines (an order counts in several such groups). */
const AMOUNTS = ['sales', 'refunds', 'revenue', 'revenueHT', 'vat', 'discounts', 'items', 'itemsRefunded'];
/** Measures that add up over groups of orders. */
const ADDITIVE = [...AMOUNTS, 'orders', 'refundCount', 'covers'];

function measuresOf(
  x: Record<string, unknown>,
  opts: { payments?: boolean; covers?: boolean } = {},
): Measures {
  const keys = [...MEASURE_KEYS, ...(opts.payments ? ['payments', 'received'] : [])].filter(
    (k) => opts.covers !== false || !COVERS.includes(k),
  );
  return Object.fromEntries(keys.map((k) => [k, x[k] as number]));
}
function expected(acc: o.Acc, opts: { payments?: boolean; covers?: boolean } = {}): Measures {
  return measuresOf(o.measuresOut(acc, opts.payments) as Measures, opts);
}

const lineFiltered = (q: Question) =>
  q.productId !== undefined || q.departmentId !== undefined || q.departmentGroupId !== undefined;

async function summary(w: World, q: Question): Promise<SummaryOut> {
  return ok<SummaryOut>(w.h.client, 'report_summary', { ...q });
}

/** Asks report_summary `q` and checks every figure against the oracle. */
async function checkSummary(w: World, q: Question, what: string): Promise<SummaryOut> {
  const r = await summary(w, q);
  const label = `${w.c.name}: ${what} ${JSON.stringify(q)}`;
  const query = toQuery(w, q);
  const covers = !lineFiltered(q);
  const totals = o.totals(w.ledger, query);
  expect(measuresOf(r.totals, { covers }), `${label}: totals`).toEqual(expected(totals, { covers }));
  expect(r.vatRates, `${label}: vatRates`).toEqual(o.ratesOut(totals));
  if (query.days)
    expect([r.period.fromDay, r.period.toDay], `${label}: period`).toEqual([query.days.from, query.days.to]);
  if (q.groupBy) checkGroups(w, q, r, label);
  return r;
}

/** Sort value of a group, as the tools rank them. */
function rankOf(g: Record<string, unknown>, sort: string | undefined): number {
  switch (sort) {
    case 'orders':
    case 'items':
    case 'covers':
    case 'averageTicket':
      return Number(g[sort]);
    default:
      return cents(Number(g.revenue ?? 0)) + cents(Number(g.received ?? 0));
  }
}

const TIME: o.Grouping[] = ['day', 'week', 'month', 'weekday', 'hour'];

function checkGroups(w: World, q: Question, r: SummaryOut, label: string): void {
  const by = q.groupBy;
  if (!by) return;
  const limit = q.limit ?? 50;
  const payments = by === 'payment_method';
  const lineLevel = o.LINE_GROUPINGS.includes(by);
  const covers = !lineLevel && !lineFiltered(q);
  const opts = { payments, covers };
  const { groups, unassigned } = o.groups(w.ledger, toQuery(w, q), by);
  // tables are matched by name here: their keys are checked by a test of their own
  const join = (g: { key: string | number; label: string }) => (by === 'table' ? g.label : String(g.key));
  const oracle = new Map(groups.map((g) => [join(g), g]));
  expect(r.groupBy, label).toBe(by);
  // Empty table groups left behind by a table change have a test of their own ([reports bug] below):
  // here they are set aside, and the counts of table groups are only bounded.
  const empty = (g: GroupOut) =>
    by === 'table' && !oracle.has(join(g)) && MEASURE_KEYS.every((k) => g[k] === 0);
  const shown = r.groups.filter((g) => !empty(g));
  if (by === 'table') {
    expect(r.groupCount, `${label}: groupCount`).toBeGreaterThanOrEqual(groups.length);
    expect(shown.length, `${label}: listed groups`).toBeLessThanOrEqual(Math.min(limit, groups.length));
  } else {
    expect(r.groupCount, `${label}: groupCount`).toBe(groups.length);
    expect(r.groups.length, `${label}: listed groups`).toBe(Math.min(limit, groups.length));
  }
  const listed = new Set<string>();
  for (const g of shown) {
    const e = oracle.get(join(g));
    expect(e, `${label}: group ${g.key} (${g.label}) is not in the order rows`).toBeDefined();
    if (!e) continue;
    listed.add(join(g));
    expect(measuresOf(g, opts), `${label}: group ${g.key} (${g.label})`).toEqual(expected(e.acc, opts));
    expect(g.label, `${label}: label of group ${g.key}`).toBe(e.label);
  }
  const rest = groups.filter((g) => !listed.has(join(g)));
  if (rest.length === 0) {
    if (by !== 'table' || r.others !== null) expect(r.others, `${label}: others`).toBeNull();
  } else {
    const acc = o.emptyAcc();
    for (const g of rest) o.mergeInto(acc, g.acc);
    if (by === 'table')
      expect(r.others?.groups, `${label}: others.groups`).toBeGreaterThanOrEqual(rest.length);
    else expect(r.others?.groups, `${label}: others.groups`).toBe(rest.length);
    expect(measuresOf(r.others ?? {}, opts), `${label}: others`).toEqual(expected(acc, opts));
  }
  if (unassigned)
    expect(measuresOf(r.unassigned ?? {}, opts), `${label}: unassigned`).toEqual(expected(unassigned, opts));
  else if (by === 'table' && r.unassigned && MEASURE_KEYS.every((k) => r.unassigned?.[k] === 0)) {
    // an empty "no table" left behind by a table change: see the [reports bug] test below
  } else expect(r.unassigned, `${label}: unassigned`).toBeNull();

  // ranking: chronological for time groupings by default, else by the measure, the best first
  const sort = q.sort ?? (TIME.includes(by) ? 'label' : 'revenue');
  const desc = (q.order ?? (sort === 'label' ? 'asc' : 'desc')) === 'desc';
  if (sort !== 'label') {
    const values = shown.map((g) => rankOf(g, sort));
    for (let i = 1; i < values.length; i++)
      expect(
        desc ? values[i - 1]! >= values[i]! : values[i - 1]! <= values[i]!,
        `${label}: ranking ${values}`,
      ).toBe(true);
    // (line groupings carry no covers: see the covers test)
    if (rest.length > 0 && values.length > 0 && (covers || sort !== 'covers')) {
      const restValues = rest.map((g) => rankOf(o.measuresOut(g.acc, payments) as Measures, sort));
      const edge = values[values.length - 1]!;
      expect(
        restValues.every((v) => (desc ? v <= edge : v >= edge)),
        `${label}: a group in others ranks before a listed one`,
      ).toBe(true);
    }
  } else if (TIME.includes(by)) {
    const keys = shown.map((g) => g.key);
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(keys, `${label}: chronological`).toEqual(desc ? sorted.reverse() : sorted);
  }

  // groups, others and unassigned add up to the totals
  if (!payments) {
    const keys = lineLevel || lineFiltered(q) ? AMOUNTS : ADDITIVE;
    const parts = [...r.groups, ...(r.others ? [r.others] : []), ...(r.unassigned ? [r.unassigned] : [])];
    for (const k of keys) {
      const sum = parts.reduce((s, g) => s + cents(Number(g[k] ?? 0)), 0);
      expect(sum, `${label}: groups add up to the total ${k}`).toBe(cents(r.totals[k] ?? 0));
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------

const PRESETS: Question[] = [
  { period: 'today' },
  { period: 'yesterday' },
  { period: 'this_week' },
  { period: 'last_week' },
  { period: 'this_month' },
  { period: 'last_month' },
  { period: 'this_year' },
  { period: 'last_year' },
  { period: 'last_days', days: 1 },
  { period: 'last_days', days: 10 },
  { period: 'last_days', days: 45 },
];

const GROUPINGS: o.Grouping[] = [...REPORT_GROUPINGS];

for (const c of CASES) {
  describe(`reports against the order rows — ${c.name} (seed ${seedOf(c)})`, () => {
    const w = {} as World;
    let nowMs = Date.parse(c.windows[0]?.from ?? c.now) - 86_400_000;

    beforeAll(async () => {
      const h = await startInProcess({ clock: () => new Date(nowMs) });
      await h.db
        .updateTable('shops')
        .set({ time_zone: c.timeZone, close_hour: c.closeHour })
        .where('id', '=', h.shopId)
        .execute();
      await h.db
        .insertInto('dining_tables')
        .values(
          [101, 102, 103].map((n) => ({
            shop_id: h.shopId,
            number: n,
            name: `Table ${n}`,
            seats: 4,
            floor: 'Jardin',
          })),
        )
        .execute();
      const env = await loadEnv(h);
      const now = Date.parse(c.now);
      const [generated] = fc.sample(fc.array(saleArb(c), { minLength: c.sales, maxLength: c.sales }), {
        seed: seedOf(c),
        numRuns: 1,
      });
      const [pinned] = fc.sample(
        fc.array(saleArb(c), { minLength: c.fixed.length, maxLength: c.fixed.length }),
        {
          seed: seedOf(c) + 1,
          numRuns: 1,
        },
      );
      const sales = [
        ...(generated ?? []),
        ...(pinned ?? []).map((s, i) => ({
          ...s,
          at: Date.parse(c.fixed[i] ?? c.now),
          payment: s.payment.kind === 'quote' ? ({ kind: 'unpaid' } as const) : s.payment,
        })),
      ];
      await record(h, env, sales, (ms) => (nowMs = ms), now);
      nowMs = now;
      const clock = { timeZone: c.timeZone, closeHour: c.closeHour };
      const ledger = await o.loadLedger(h.db, h.shopId, clock);
      const due = new Map<number, number>();
      for (const order of ledger.orders.filter((x) => !x.credit))
        due.set(
          order.id,
          cents((await ok<{ due: number }>(h.client, 'order_detail', { orderId: order.id })).due),
        );
      Object.assign(w, { c, h, env, ledger, clock, today: o.businessDay(now, clock), due });
    }, 120_000);
    afterAll(() => w.h?.close());

    it('records a varied activity (sanity of the generated data)', async () => {
      const sales = w.ledger.orders.filter((x) => !x.credit);
      const credits = w.ledger.orders.filter((x) => x.credit);
      expect(sales.length).toBeGreaterThan(c.sales * 0.7);
      expect(credits.length).toBeGreaterThan(3);
      expect(new Set(sales.map((x) => x.delivery))).toEqual(new Set([0, 1, 2, 4]));
      expect(sales.some((x) => x.table > 100)).toBe(true);
      expect(w.ledger.payments.some((p) => p.amount < 0)).toBe(true);
      // night sales before the close hour belong to the day before
      if (c.closeHour > 0) expect(sales.some((x) => x.hour < c.closeHour)).toBe(true);
      for (const f of c.fixed) expect(w.ledger.orders.some((x) => x.at === Date.parse(f))).toBe(true);
      // payments made on another business day than the sale, quotes validated on another day than
      // they were written, refunds paid back and not, partial payments
      const later = w.ledger.payments.filter((p) => p.day !== w.ledger.byId.get(p.orderId)?.day);
      expect(later.length).toBeGreaterThan(0);
      const quotes = await w.h.db
        .selectFrom('orders')
        .select(['created_at', 'validated_at'])
        .where('shop_id', '=', w.h.shopId)
        .execute();
      const validatedLater = quotes.filter(
        (q) =>
          q.validated_at !== null &&
          o.businessDay(Date.parse(q.created_at), w.clock) !==
            o.businessDay(Date.parse(q.validated_at), w.clock),
      );
      if (c.sales >= 90) expect(validatedLater.length).toBeGreaterThan(1);
      expect(quotes.some((q) => q.validated_at === null)).toBe(true);
      expect(credits.some((x) => w.ledger.payments.some((p) => p.orderId === x.id))).toBe(true);
      expect(credits.some((x) => !w.ledger.payments.some((p) => p.orderId === x.id))).toBe(true);
      expect([...w.due.values()].some((d) => d > 0)).toBe(true);
    });

    it('presets: totals and VAT rates of every preset equal the order rows', async () => {
      for (const q of PRESETS) {
        const r = await checkSummary(w, q, 'preset');
        expect(r.source).toBe('summary');
        expect(r.period.timeZone).toBe(c.timeZone);
        expect(r.period.closeHour).toBe(c.closeHour);
      }
    });

    it('from/to: whole business days and exact local times', async () => {
      const days = [...new Set(w.ledger.orders.map((x) => x.day))].sort();
      const questions: Question[] = [
        { from: days[0], to: days[days.length - 1] },
        { from: days[0], to: days[0] },
        { from: days[Math.floor(days.length / 2)], to: w.today },
        { from: days[3] },
      ];
      for (const q of questions) expect((await checkSummary(w, q, 'from/to days')).source).toBe('summary');
      // exact times: around the sales at the pinned instants (DST, night), and at random sales
      const instants = [
        ...c.fixed.map((f) => Date.parse(f)),
        ...w.ledger.orders.filter((_, i) => i % 37 === 0).map((x) => x.at),
      ];
      for (const at of instants) {
        const q = {
          from: o.localWall(at - 47 * 60_000, w.clock),
          to: o.localWall(at + 61 * 60_000, w.clock),
        };
        if (q.from >= q.to) continue;
        expect((await checkSummary(w, q, 'from/to times')).source).toBe('orders');
      }
      // bounds in a repeated or skipped hour, read in the shop's zone
      for (const q of BOUNDS[c.timeZone] ?? []) await checkSummary(w, q, 'DST bounds');
    });

    it('every groupBy: each group, others and unassigned equal the order rows and add up to the totals', async () => {
      const periods: Question[] = [
        { period: 'this_year' },
        { period: 'last_month' },
        { from: '2025-01-01', to: w.today },
      ];
      for (const p of periods)
        for (const groupBy of GROUPINGS) {
          await checkSummary(w, { ...p, groupBy }, 'groupBy');
          await checkSummary(w, { ...p, groupBy, limit: 3 }, 'groupBy, limit 3');
        }
      // short periods: a payment made days after its sale counts on the day it was made
      const short: Question[] = [{ period: 'yesterday' }, { period: 'last_week' }, { period: 'this_week' }];
      for (const day of busyDays(w, 12))
        short.push({ from: day, to: day }, { from: day, to: o.addDays(day, 2) });
      for (const p of short)
        for (const groupBy of ['payment_method', 'hour', 'client', 'product', 'table'] as o.Grouping[])
          await checkSummary(w, { ...p, groupBy }, 'groupBy, short period');
    });

    it('sorting by every measure keeps the best groups listed and the rest in others', async () => {
      for (const groupBy of ['client', 'product', 'hour', 'day', 'delivery_method'] as o.Grouping[])
        for (const sort of ['revenue', 'orders', 'items', 'covers', 'averageTicket'])
          for (const order of ['desc', 'asc'])
            await checkSummary(w, { period: 'this_year', groupBy, sort, order, limit: 4 }, 'sort');
    });

    it('filters, alone and combined: equal the order rows, from the summary rows when one dimension carries them', async () => {
      const e = w.env;
      const single: [Question, 'summary' | 'orders'][] = [
        [{ weekday: 2 }, 'summary'],
        [{ weekday: ['saturday', 'sunday'] }, 'summary'],
        [{ deliveryMethod: 0 }, 'summary'],
        [{ deliveryMethod: [1, 2] }, 'summary'],
        // (client rows carry no split per VAT rate: a client filter reads the client's orders)
        [{ clientId: e.clients.slice(0, 3) }, 'orders'],
        [{ userId: e.users[1] }, 'summary'],
        [{ cashboxId: e.cashboxes[0] }, 'summary'],
        [{ table: [e.tables[0] ?? 1, 101, 102] }, 'summary'],
        [{ fromHour: 18 }, 'summary'],
        [{ toHour: 3 }, 'summary'],
        [{ fromHour: 22, toHour: 2 }, 'summary'],
        [{ fromHour: 11, toHour: 15 }, 'summary'],
        [{ productId: topProduct(w) }, 'summary'],
        [{ departmentId: e.departments[0] }, 'summary'],
        [{ departmentGroupId: groupIds(w)[0] }, 'summary'],
        [{ productId: [topProduct(w), e.products[1]?.id ?? 2] }, 'orders'],
        [{ departmentId: e.departments.slice(0, 3) }, 'orders'],
        [{ paymentMethod: e.payMethods[0] }, 'orders'],
        [{ paymentMethod: [e.payMethods[1] ?? 2, e.refundMethods[0] ?? 7] }, 'orders'],
        [{ deliveryMethod: 2, clientId: e.clients.slice(0, 5) }, 'orders'],
        [{ deliveryMethod: [0, 4], fromHour: 7, toHour: 12 }, 'orders'],
        [{ cashboxId: e.cashboxes[1], weekday: [5, 6], userId: e.users.slice(0, 3) }, 'orders'],
        [{ productId: topProduct(w), deliveryMethod: 2 }, 'orders'],
        [{ departmentGroupId: groupIds(w), table: e.tables.slice(0, 4) }, 'orders'],
        [{ weekday: 'friday', paymentMethod: e.payMethods.slice(0, 2), fromHour: 12 }, 'orders'],
      ];
      for (const period of [
        { period: 'this_year' },
        { period: 'last_month' },
        { period: 'last_year' },
      ] as Question[])
        for (const [f, source] of single) {
          const r = await checkSummary(w, { ...period, ...f }, 'filter');
          expect(r.source, `${JSON.stringify(f)}: source`).toBe(source);
        }
      // filters with groupings
      for (const [f, groupBy] of [
        [{ deliveryMethod: 2 }, 'table'],
        [{ deliveryMethod: 2 }, 'day'],
        [{ clientId: e.clients.slice(0, 4) }, 'client'],
        [{ weekday: [1, 3] }, 'hour'],
        [{ fromHour: 10, toHour: 14 }, 'hour'],
        [{ productId: topProduct(w) }, 'product'],
        [{ departmentGroupId: groupIds(w)[1] }, 'department'],
        [{ deliveryMethod: [0, 1] }, 'payment_method'],
        [{ weekday: 6 }, 'payment_method'],
        [{ cashboxId: e.cashboxes[0] }, 'payment_method'],
        [{ paymentMethod: e.payMethods[1] }, 'client'],
        [{ userId: e.users.slice(0, 2), deliveryMethod: 2 }, 'week'],
        [{ productId: e.products.slice(0, 12).map((p) => p.id) }, 'department_group'],
      ] as [Question, o.Grouping][])
        await checkSummary(w, { period: 'this_year', ...f, groupBy, limit: 5 }, 'filter + groupBy');
    });

    it('the same question from the summary rows and from the order rows gives the same numbers', async () => {
      const e = w.env;
      const ch = hh(c.closeHour);
      const periods = [
        { from: o.presetDays('last_month', w.today).from, to: o.presetDays('last_month', w.today).to },
        { from: o.presetDays('this_year', w.today).from, to: w.today },
      ];
      const questions: Question[] = [
        {},
        { deliveryMethod: 0 },
        { deliveryMethod: [2, 4] },
        { weekday: [6, 7] },
        { weekday: 2, groupBy: 'client' },
        { table: [e.tables[1] ?? 10, 101] },
        { fromHour: 0, toHour: 4 },
        { cashboxId: e.cashboxes[1] },
        { deliveryMethod: 2, groupBy: 'day' },
        { deliveryMethod: 1, groupBy: 'weekday' },
        { groupBy: 'hour' },
        { groupBy: 'client' },
        { groupBy: 'payment_method' },
        { groupBy: 'product', limit: 10 },
        { groupBy: 'department_group' },
        { deliveryMethod: 0, groupBy: 'day' },
      ];
      for (const p of periods)
        for (const q of questions) {
          const byDays = await checkSummary(w, { ...p, ...q }, 'day-aligned');
          const byTimes = await checkSummary(
            w,
            { ...q, from: `${p.from}T${ch}:00`, to: `${o.addDays(p.to, 1)}T${ch}:00` },
            'the same instants',
          );
          expect(byDays.source).toBe('summary');
          expect(byTimes.source).toBe('orders');
          const same = (r: SummaryOut) => ({
            ...r,
            source: undefined,
            computedAt: undefined,
            period: { ...r.period, label: undefined },
          });
          expect(same(byTimes), JSON.stringify(q)).toEqual(same(byDays));
        }
    });

    it('report_compare: previous and year_before are report_summary of the compared period, changes computed right', async () => {
      const cases: [Question, 'previous' | 'year_before', o.Days][] = [];
      const unit = (p: string) =>
        (
          ({
            this_week: 'week',
            last_week: 'week',
            this_month: 'month',
            last_month: 'month',
            this_year: 'year',
            last_year: 'year',
          }) as Record<string, 'week' | 'month' | 'year'>
        )[p] ?? 'day';
      for (const q of PRESETS) {
        const days = o.presetDays(q.period ?? 'today', w.today, q.days);
        cases.push([q, 'previous', o.previousDays(days, unit(q.period ?? 'today'))]);
        cases.push([q, 'year_before', o.yearBeforeDays(days, unit(q.period ?? 'today'))]);
      }
      const from = o.addDays(w.today, -20);
      cases.push([
        { from, to: o.addDays(w.today, -6) },
        'previous',
        o.previousDays({ from, to: o.addDays(w.today, -6) }, 'day'),
      ]);
      cases.push([
        { period: 'this_year', deliveryMethod: 0 },
        'year_before',
        o.yearBeforeDays(o.presetDays('this_year', w.today)),
      ]);
      cases.push([
        { period: 'this_month', clientId: w.env.clients.slice(0, 5) },
        'previous',
        o.previousDays(o.presetDays('this_month', w.today), 'month'),
      ]);
      cases.push([
        { period: 'last_days', days: 30, productId: topProduct(w) },
        'previous',
        o.previousDays(o.presetDays('last_days', w.today, 30), 'day'),
      ]);
      for (const [q, compareWith, before] of cases) {
        const label = `${c.name}: compare ${JSON.stringify(q)} with ${compareWith}`;
        const r = await ok<{
          period: PeriodOut;
          comparedWith: PeriodOut;
          current: Measures;
          previous: Measures;
          change: Record<string, number | null>;
        }>(w.h.client, 'report_compare', { ...q, compareWith });
        expect([r.comparedWith.fromDay, r.comparedWith.toDay], `${label}: compared period`).toEqual([
          before.from,
          before.to,
        ]);
        const covers = !lineFiltered(q);
        const now = o.totals(w.ledger, toQuery(w, q));
        const { period: _p, days: _d, from: _f, to: _t, ...filters } = q;
        const was = o.totals(w.ledger, toQuery(w, { ...filters, from: before.from, to: before.to }));
        expect(measuresOf(r.current, { covers }), `${label}: current`).toEqual(expected(now, { covers }));
        expect(measuresOf(r.previous, { covers }), `${label}: previous`).toEqual(expected(was, { covers }));
        const direct = await summary(w, { ...filters, from: before.from, to: before.to });
        expect(r.previous, `${label}: previous = report_summary of the compared period`).toEqual(
          direct.totals,
        );
        expect(r.change, `${label}: change`).toEqual(changeOf(now, was));
      }
      // per group, for groupings matched by key
      for (const groupBy of ['client', 'delivery_method', 'weekday', 'hour', 'product'] as o.Grouping[]) {
        const q: Question = { period: 'this_month', groupBy };
        const r = await ok<{
          groups: {
            key: string | number;
            current: Measures;
            previous: Measures;
            change: Record<string, number | null>;
          }[];
        }>(w.h.client, 'report_compare', { ...q, compareWith: 'previous' });
        const before = o.previousDays(o.presetDays('this_month', w.today), 'month');
        const a = o.groups(w.ledger, toQuery(w, q), groupBy).groups;
        const b = o.groups(
          w.ledger,
          toQuery(w, { groupBy, from: before.from, to: before.to }),
          groupBy,
        ).groups;
        const keys = new Set([...a, ...b].map((g) => g.key));
        expect(r.groups.length, `${groupBy}: groups of either period`).toBe(Math.min(50, keys.size));
        const covers = !o.LINE_GROUPINGS.includes(groupBy);
        for (const g of r.groups) {
          const now = a.find((x) => x.key === g.key)?.acc ?? o.emptyAcc();
          const was = b.find((x) => x.key === g.key)?.acc ?? o.emptyAcc();
          expect(measuresOf(g.current, { covers }), `${groupBy} ${g.key}: current`).toEqual(
            expected(now, { covers }),
          );
          expect(measuresOf(g.previous, { covers }), `${groupBy} ${g.key}: previous`).toEqual(
            expected(was, { covers }),
          );
          expect(g.change, `${groupBy} ${g.key}: change`).toEqual(changeOf(now, was));
        }
      }
    });

    it('report_cash: money by payment method, cash expected, sales and unpaid of the period', async () => {
      const periods: Question[] = [
        { period: 'today' },
        { period: 'yesterday' },
        { period: 'this_week' },
        { period: 'last_month' },
        { period: 'this_year' },
        { from: o.addDays(w.today, -9), to: o.addDays(w.today, -2) },
        { from: `${o.addDays(w.today, -3)}T18:00`, to: `${o.addDays(w.today, -1)}T11:30` },
        ...busyDays(w, 10).map((day) => ({ from: day, to: day })),
      ];
      for (const p of periods)
        for (const cashboxId of [undefined, ...w.env.cashboxes]) {
          const q: Question = cashboxId === undefined ? p : { ...p, cashboxId };
          const label = `${c.name}: report_cash ${JSON.stringify(q)}`;
          const r = await ok<{
            payments: {
              methodId: number;
              method: string;
              type: string;
              payments: number;
              received: number;
            }[];
            totalReceived: number;
            cashExpected: number;
            tickets: number;
            covers: number;
            averageTicket: number;
            sales: number;
            refundCount: number;
            refunds: number;
            revenue: number;
            revenueHT: number;
            vat: number;
            vatRates: Rate[];
            unpaid: number;
            cashbox: { id: number; name: string } | null;
          }>(w.h.client, 'report_cash', { ...q });
          const query = toQuery(w, q);
          const byMethod = o.cashByMethod(w.ledger, query);
          expect(
            Object.fromEntries(
              r.payments.map((m) => [
                m.methodId,
                { payments: m.payments, received: cents(m.received), type: m.type },
              ]),
            ),
            `${label}: payments`,
          ).toEqual(
            Object.fromEntries(
              [...byMethod].map(([id, m]) => [
                id,
                { payments: m.payments, received: m.received, type: w.ledger.methodType.get(id) },
              ]),
            ),
          );
          const all = [...byMethod.values()].reduce((s, m) => s + m.received, 0);
          const cash = [...byMethod]
            .filter(([id]) => w.ledger.methodType.get(id) === 'cash')
            .reduce((s, [, m]) => s + m.received, 0);
          expect(cents(r.totalReceived), `${label}: totalReceived`).toBe(all);
          expect(cents(r.cashExpected), `${label}: cashExpected`).toBe(cash);
          const t = o.measuresOut(o.totals(w.ledger, query));
          expect(
            {
              tickets: r.tickets,
              covers: r.covers,
              averageTicket: r.averageTicket,
              sales: r.sales,
              refundCount: r.refundCount,
              refunds: r.refunds,
              revenue: r.revenue,
              revenueHT: r.revenueHT,
              vat: r.vat,
            },
            `${label}: figures`,
          ).toEqual({
            tickets: t.orders,
            covers: t.covers,
            averageTicket: t.averageTicket,
            sales: t.sales,
            refundCount: t.refundCount,
            refunds: t.refunds,
            revenue: t.revenue,
            revenueHT: t.revenueHT,
            vat: t.vat,
          });
          expect(r.vatRates, `${label}: vatRates`).toEqual(o.ratesOut(o.totals(w.ledger, query)));
          const unpaid = o
            .selected(w.ledger, query)
            .filter((s) => !s.order.credit)
            .reduce((s, x) => s + (w.due.get(x.order.id) ?? NaN), 0);
          expect(cents(r.unpaid), `${label}: unpaid`).toBe(unpaid);
          expect(r.cashbox?.id, `${label}: cashbox`).toBe(cashboxId);
        }
    });

    it('report_get: a day, a month and a year with their splits', async () => {
      const fixedDays = c.fixed.map((f) => o.businessDay(Date.parse(f), w.clock));
      const asked: [string, string | undefined, o.Days][] = [
        ['d', undefined, { from: w.today, to: w.today }],
        ...fixedDays.map((d): [string, string, o.Days] => ['day', d, { from: d, to: d }]),
        ['m', undefined, o.presetDays('this_month', w.today)],
        ['m', o.presetDays('last_month', w.today).from.slice(0, 7), o.presetDays('last_month', w.today)],
        ['month', `${fixedDays[0] ?? w.today}`, monthOf(fixedDays[0] ?? w.today, w.today)],
        ['y', undefined, o.presetDays('this_year', w.today)],
        ['y', o.presetDays('last_year', w.today).from.slice(0, 4), o.presetDays('last_year', w.today)],
      ];
      for (const [type, date, days] of asked) {
        const label = `${c.name}: report_get ${type} ${date}`;
        const r = await ok<{
          type: string;
          period: PeriodOut;
          totals: Measures;
          vatRates: Rate[];
          byTime: GroupOut[];
          byPaymentMethod: GroupOut[];
          byDeliveryMethod: GroupOut[];
          byDepartment: GroupOut[];
          unpaid: number;
        }>(w.h.client, 'report_get', { type, ...(date === undefined ? {} : { date }) });
        expect([r.period.fromDay, r.period.toDay], `${label}: period`).toEqual([days.from, days.to]);
        const q: o.Query = { days };
        const t = o.totals(w.ledger, q);
        expect(measuresOf(r.totals), `${label}: totals`).toEqual(expected(t));
        expect(r.vatRates, `${label}: vatRates`).toEqual(o.ratesOut(t));
        const time: o.Grouping = type[0] === 'd' ? 'hour' : type[0] === 'm' ? 'day' : 'month';
        const splits: [GroupOut[], o.Grouping][] = [
          [r.byTime, time],
          [r.byPaymentMethod, 'payment_method'],
          [r.byDeliveryMethod, 'delivery_method'],
          [r.byDepartment, 'department'],
        ];
        for (const [rows, by] of splits) {
          const opts = { payments: by === 'payment_method', covers: by !== 'department' };
          const want = o.groups(w.ledger, q, by).groups;
          expect(rows.map((g) => String(g.key)).sort(), `${label}: ${by} keys`).toEqual(
            want.map((g) => String(g.key)).sort(),
          );
          for (const g of rows) {
            const e = want.find((x) => String(x.key) === String(g.key));
            expect(measuresOf(g, opts), `${label}: ${by} ${g.key}`).toEqual(
              e ? expected(e.acc, opts) : undefined,
            );
          }
        }
        expect(
          r.byTime.map((g) => g.key),
          `${label}: byTime in order`,
        ).toEqual([...r.byTime.map((g) => g.key)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        const unpaid = o
          .selected(w.ledger, q)
          .filter((s) => !s.order.credit)
          .reduce((s, x) => s + (w.due.get(x.order.id) ?? NaN), 0);
        expect(cents(r.unpaid), `${label}: unpaid`).toBe(unpaid);
      }
    });

    it('random questions (fast-check): every figure equals the order rows', async () => {
      await fc.assert(
        fc.asyncProperty(questionArb(w), async (q) => {
          await checkSummary(w, q, 'random');
        }),
        { numRuns: 100, seed: seedOf(c), endOnFailure: true },
      );
    });

    // [reports bug] The table grouping's keys are the tables' internal ids, while everywhere else on
    // the MCP surface (data_list_tables, idtable, the `table` filter of the same tool) a table is its
    // number. Tables 101-103 were created after tables 1-90, so their ids (91-93) are not their
    // numbers: the group of table 101 comes back with key 91, and feeding that key to `table` fails.
    it('[reports bug] table groups are keyed by table number, the key the table filter takes', async () => {
      const r = await summary(w, { period: 'this_year', groupBy: 'table', limit: 1000 });
      const { groups } = o.groups(w.ledger, toQuery(w, { period: 'this_year' }), 'table');
      const sales = r.groups.filter((g) => g.orders !== 0 || g.refundCount !== 0); // (see the next test)
      expect(sales.map((g) => `${g.label}: key ${g.key}`).sort()).toEqual(
        groups.map((g) => `${g.label}: key ${g.key}`).sort(),
      );
      for (const g of r.groups.filter((x) => x.label.endsWith('101'))) {
        const filtered = await summary(w, { period: 'this_year', table: Number(g.key) });
        expect(measuresOf(filtered.totals)).toEqual(measuresOf(g));
      }
    });

    // [reports bug] Moving a validated order to another table (order_edit idtable) takes its facts
    // out of the old table's summary rows and adds them to the new table's, but the old rows stay
    // with all their measures at 0: report_summary groupBy table then lists the old table as a group
    // with no sale at all (and counts it in groupCount), for any period answered from the summary rows
    // — the same question asked with exact times (from the order rows) has no such group.
    it('[reports bug] a validated order moved to another table leaves no empty table group behind', async () => {
      const ch = hh(c.closeHour);
      const days = [...new Set(w.ledger.orders.map((x) => x.day))].sort();
      const found: string[] = [];
      for (const day of days) {
        const byDays = await summary(w, { from: day, to: day, groupBy: 'table', limit: 1000 });
        const byTimes = await summary(w, {
          from: `${day}T${ch}:00`,
          to: `${o.addDays(day, 1)}T${ch}:00`,
          groupBy: 'table',
          limit: 1000,
        });
        const none = [
          ...byDays.groups,
          ...(byDays.unassigned ? [{ key: 0, label: 'unassigned', ...byDays.unassigned } as GroupOut] : []),
        ].filter((g) => g.orders === 0 && g.refundCount === 0);
        if (none.length > 0 || byDays.groupCount !== byTimes.groupCount)
          found.push(
            `${day}: ${none.map((g) => g.label).join(', ')} (groupCount ${byDays.groupCount} vs ${byTimes.groupCount})`,
          );
      }
      expect(found).toEqual([]);
    });

    // [reports bug] A product/department filter counts the covers of the matching orders when the
    // answer comes from the order rows, and none when it comes from the summary rows (line dimensions
    // carry no covers): the same question gets two answers depending on the period's shape.
    it('[reports bug] covers with a product filter do not depend on where the answer comes from', async () => {
      const ch = hh(c.closeHour);
      const month = o.presetDays('last_month', w.today);
      for (const productId of [topProduct(w)]) {
        const byDays = await summary(w, { from: month.from, to: month.to, productId });
        const byTimes = await summary(w, {
          from: `${month.from}T${ch}:00`,
          to: `${o.addDays(month.to, 1)}T${ch}:00`,
          productId,
        });
        expect([byDays.source, byTimes.source]).toEqual(['summary', 'orders']);
        expect(byDays.totals.orders).toBeGreaterThan(0);
        expect(measuresOf(byDays.totals)).toEqual(measuresOf(byTimes.totals));
      }
    });

    // [reports bug] report_compare documents "time groupings are matched by position: 1st day with
    // 1st day", but it pairs the n-th group *that has sales* of each period: as soon as one period has
    // a day (week, month) without sales, every later group is compared with the wrong day.
    it('[reports bug] report_compare matches time groups by their place in the period', async () => {
      for (const [q, compareWith, unitOf] of [
        [{ period: 'this_year', groupBy: 'month' }, 'year_before', 'month'],
        [{ period: 'last_month', groupBy: 'day' }, 'previous', 'day'],
        [{ period: 'last_week', groupBy: 'day' }, 'previous', 'day'],
      ] as [Question, 'previous' | 'year_before', 'day' | 'month'][]) {
        const r = await ok<{
          period: PeriodOut;
          comparedWith: PeriodOut;
          groups: { key: string; previous: Measures }[];
        }>(w.h.client, 'report_compare', { ...q, compareWith });
        for (const g of r.groups) {
          const days =
            unitOf === 'day'
              ? (() => {
                  const d = o.addDays(r.comparedWith.fromDay, o.dayCount(r.period.fromDay, g.key) - 1);
                  return { from: d, to: d };
                })()
              : monthOf(`${Number(g.key.slice(0, 4)) - 1}${g.key.slice(4)}-01`, r.comparedWith.toDay);
          // (a day past the end of the compared period has no counterpart: nothing to compare with)
          const was = days.from > r.comparedWith.toDay ? o.emptyAcc() : o.totals(w.ledger, { days });
          expect(
            measuresOf(g.previous),
            `${JSON.stringify(q)} group ${g.key} compared with ${days.from}..${days.to}`,
          ).toEqual(expected(was));
        }
      }
    });

    // [reports bug] fromHour 0 with toHour 24 (both in their documented ranges) is the whole day, but
    // it is refused: "fromHour and toHour are the same hour" (hoursOf compares 0 with 24 % 24).
    it.runIf(c === CASES[0])('[reports bug] fromHour 0 to toHour 24 is the whole day', async () => {
      const r = await summary(w, { period: 'this_year', fromHour: 0, toHour: 24 });
      expect(measuresOf(r.totals)).toEqual(expected(o.totals(w.ledger, toQuery(w, { period: 'this_year' }))));
      expect(
        await fails(w.h.client, 'report_summary', { period: 'this_year', fromHour: 5, toHour: 5 }),
      ).toMatch(/toHour/);
    });

    // [reports bug] sort "label" is meant to order the groups by their label, but for non-time
    // groupings it orders them by key (sortValue returns the numeric key whenever the key is a
    // number: `TIME_GROUPS.length > 0` is always true), i.e. by product or client id.
    it('[reports bug] sort label orders products and clients by name', async () => {
      for (const groupBy of ['product', 'client', 'department'] as o.Grouping[]) {
        const r = await summary(w, {
          period: 'this_year',
          groupBy,
          sort: 'label',
          order: 'asc',
          limit: 1000,
        });
        const labels = r.groups.map((g) => g.label);
        const byCodeUnits = [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const byLocale = [...labels].sort((a, b) => a.localeCompare(b, 'fr'));
        expect([byCodeUnits, byLocale], `${groupBy} sorted by label`).toContainEqual(labels);
      }
    });

    it('report_daily, kept up to date sale by sale, equals a rebuild from the order rows', async () => {
      const snapshot = async () =>
        (await w.h.db.selectFrom('report_daily').selectAll().where('shop_id', '=', w.h.shopId).execute())
          .filter((row) => MEASURES.some((k) => Number(row[k]) !== 0))
          .map((row) =>
            JSON.stringify(
              Object.fromEntries(
                Object.entries(row).map(([k, v]) => [
                  k,
                  typeof v === 'string' && k !== 'dim' && k !== 'day' ? Number(v) : v,
                ]),
              ),
            ),
          )
          .sort();
      const kept = await snapshot();
      expect(kept.length).toBeGreaterThan(100);
      await rebuildFacts(w.h.db, w.h.shopId);
      expect(await snapshot()).toEqual(kept);
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Helpers of the tests
// ---------------------------------------------------------------------------------------------------

/** Bounds in a repeated or a skipped hour of each zone, read as the shop's local time. */
const BOUNDS: Record<string, Question[]> = {
  'Europe/Paris': [
    { from: '2026-10-25T02:30', to: '2026-10-25T03:00' },
    { from: '2026-10-25T02:00', to: '2026-10-25T02:45' },
    { from: '2026-10-24T23:00', to: '2026-10-25T02:31' },
    { from: '2026-03-29T02:30', to: '2026-03-29T04:00' },
    { from: '2026-03-29T01:00', to: '2026-03-29T02:00' },
    { from: '2026-03-28T02:00', to: '2026-03-29T02:00', groupBy: 'hour' },
    { from: '2026-10-25T02:00', to: '2026-10-26T02:00', groupBy: 'hour' },
  ],
  'America/New_York': [
    { from: '2026-11-01T01:30', to: '2026-11-01T02:00' },
    { from: '2026-11-01T01:00', to: '2026-11-01T03:00', groupBy: 'hour' },
    { from: '2026-03-08T02:30', to: '2026-03-08T03:30' },
    { from: '2026-10-31T03:00', to: '2026-11-01T03:00', groupBy: 'hour' },
  ],
  'Asia/Kolkata': [{ from: '2026-06-09T23:30', to: '2026-06-10T00:30', groupBy: 'hour' }],
};

function monthOf(day: string, today: string): o.Days {
  const from = `${day.slice(0, 7)}-01`;
  const end = DateTime.fromISO(from, { zone: 'utc' }).endOf('month').toISODate() ?? from;
  return { from, to: end < today ? end : today };
}

function topProduct(w: World): number {
  const count = new Map<number, number>();
  for (const x of w.ledger.orders)
    for (const l of x.lines) if (l.product > 0) count.set(l.product, (count.get(l.product) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
}

/** `n` days spread over the days with sales, among them the days with a payment for an earlier sale. */
function busyDays(w: World, n: number): string[] {
  const late = w.ledger.payments.filter((p) => p.day !== w.ledger.byId.get(p.orderId)?.day).map((p) => p.day);
  const days = [...new Set([...late, ...w.ledger.orders.map((x) => x.day)])].sort();
  const step = Math.max(1, Math.floor(days.length / n));
  return [...new Set([...late.slice(0, n / 2), ...days.filter((_, i) => i % step === 0)])].slice(0, n);
}

function groupIds(w: World): number[] {
  return [...(w.ledger.names.department_group?.keys() ?? [])].sort((a, b) => a - b);
}

/** The change block of report_compare, from the oracle's cents. */
function changeOf(now: o.Acc, was: o.Acc) {
  const pct = (a: number, b: number) => (b === 0 ? null : Math.round(((a - b) / Math.abs(b)) * 10000) / 100);
  const revenue = (a: o.Acc) => a.ttc - a.refundTtc;
  const ticket = (a: o.Acc) => cents(o.measuresOut(a).averageTicket);
  return {
    revenue: (revenue(now) - revenue(was)) / 100,
    revenuePercent: pct(revenue(now), revenue(was)),
    orders: now.orders - was.orders,
    ordersPercent: pct(now.orders, was.orders),
    averageTicket: (ticket(now) - ticket(was)) / 100,
    averageTicketPercent: pct(ticket(now), ticket(was)),
  };
}

/** A random question: a period (preset, days or exact times), up to three filters, maybe a grouping. */
function questionArb(w: World): fc.Arbitrary<Question> {
  const e = w.env;
  const days = [...new Set(w.ledger.orders.map((x) => x.day))].sort();
  const instants = w.ledger.orders.map((x) => x.at);
  const some = <T>(values: T[]) =>
    fc.subarray(values, { minLength: 1, maxLength: Math.min(3, values.length) });
  const period = fc.oneof(
    fc.constantFrom(...PRESETS),
    fc
      .tuple(fc.constantFrom(...days), fc.constantFrom(...days))
      .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
    fc
      .tuple(
        fc.constantFrom(...instants),
        fc.integer({ min: -600, max: 600 }),
        fc.integer({ min: 1, max: 60 * 24 * 20 }),
      )
      .map(([at, shift, length]) => ({
        from: o.localWall(at + shift * 60_000, w.clock),
        to: o.localWall(at + (shift + length) * 60_000, w.clock),
      }))
      .filter((p) => p.from < p.to),
  );
  const values: Record<string, fc.Arbitrary<unknown>> = {
    deliveryMethod: some([0, 1, 2, 4]),
    paymentMethod: some([...e.payMethods, ...e.refundMethods]),
    departmentId: some(e.departments),
    departmentGroupId: some(groupIds(w)),
    productId: some(e.products.slice(0, 25).map((p) => p.id)),
    clientId: some(e.clients),
    userId: some(e.users),
    table: some(e.tables),
    cashboxId: some(e.cashboxes),
    weekday: fc.subarray([1, 2, 3, 4, 5, 6, 7, 'tuesday', 'sunday'], { minLength: 1, maxLength: 3 }),
    fromHour: fc.integer({ min: 0, max: 23 }),
    toHour: fc.integer({ min: 1, max: 23 }),
  };
  const filters = fc
    .subarray(Object.keys(values), { maxLength: 3 })
    .chain((keys) =>
      fc.record(Object.fromEntries(keys.map((k) => [k, values[k] ?? fc.constant(undefined)]))),
    );
  return fc
    .tuple(
      period,
      filters,
      fc.option(fc.constantFrom(...GROUPINGS), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    )
    .map(([p, f, groupBy, limit]) => {
      const q: Question = { ...p, ...(f as Partial<Question>) };
      if (groupBy) q.groupBy = groupBy;
      if (limit) q.limit = limit;
      return q;
    })
    .filter((q) => {
      if (q.fromHour !== undefined && q.toHour !== undefined && q.fromHour === q.toHour) return false;
      // payments are not lines: line filters do not apply to the money received
      return !(q.groupBy === 'payment_method' && lineFiltered(q));
    });
}
