/**
 * The facts behind every report, in one place: what a validated order (or a payment) adds to each
 * report dimension. The same SQL feeds three uses:
 *
 * - kept up to date: `applyOrderFacts` / `applyPaymentFacts` upsert one order's or one payment's facts
 *   into `report_daily`, in the transaction that validates the order or records the payment;
 * - rebuilt: `rebuildFacts` recomputes a shop's `report_daily` from the order rows (migration, demo
 *   history, `comptoir reports rebuild`);
 * - read live: reports whose filters the summary rows cannot answer aggregate the same facts straight
 *   from the order rows of the period (`factsQuery`).
 *
 * Each order counts once per dimension: rows with `vat_bp` -1 carry the counts (orders, covers,
 * credit notes), the other rows the amounts of one VAT rate. Credit notes (orders with `refund_of`)
 * count as refunds on the day they were issued, under the original's client, table, user, ….
 */
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { reuseCompiled as reuse } from '../../db/dialect.js';
import type { Executor } from '../../db/database.js';
import type { OrderLinesTable, OrdersTable, ReportDailyTable } from '../../db/schema.js';

/** What the facts read of an order and its lines (a use case that has just written them passes them). */
export interface FactSource {
  order: Pick<
    Selectable<OrdersTable>,
    | 'shop_id'
    | 'status'
    | 'business_day'
    | 'weekday'
    | 'hour'
    | 'delivery_method'
    | 'user_id'
    | 'table_id'
    | 'cashbox_id'
    | 'client_id'
    | 'covers'
    | 'total'
    | 'refund_of'
  >;
  lines: Pick<
    Selectable<OrderLinesTable>,
    'product_id' | 'department_id' | 'quantity' | 'unit_price' | 'net_total' | 'vat' | 'vat_bp'
  >[];
}

/** Dimensions of an order as a whole. */
const ORDER_DIMS = {
  all: sql`0`,
  hour: sql`o.hour`,
  delivery: sql`o.delivery_method`,
  user: sql`coalesce(o.user_id, 0)`,
  table: sql`coalesce(o.table_id, 0)`,
  cashbox: sql`coalesce(o.cashbox_id, 0)`,
  client: sql`coalesce(o.client_id, 0)`,
} as const;
/** Dimensions of order lines. */
const LINE_DIMS = {
  product: sql`coalesce(l.product_id, 0)`,
  department: sql`coalesce(l.department_id, 0)`,
  group: sql`coalesce(d.group_id, 0)`,
} as const;
export type OrderDim = keyof typeof ORDER_DIMS;
export type LineDim = keyof typeof LINE_DIMS;
/** `payment` is the money received per payment method, on the day it was received. */
export type Dim = OrderDim | LineDim | 'payment';
const DIMS: readonly Dim[] = [
  ...(Object.keys(ORDER_DIMS) as OrderDim[]),
  ...(Object.keys(LINE_DIMS) as LineDim[]),
  'payment',
];

export const MEASURES = [
  'orders',
  'covers',
  'covers_ttc',
  'refunds',
  'items',
  'refund_items',
  'ttc',
  'vat',
  'discounts',
  'refund_ttc',
  'refund_vat',
  'payments',
  'paid',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Measures = Record<Measure, number>;

const SALE = sql`o.refund_of is null`;
const CREDIT = sql`o.refund_of is not null`;

function measures(values: Partial<Record<Measure, RawBuilder<unknown>>>, sign: number): RawBuilder<unknown> {
  return sql.join(
    MEASURES.map((m) => {
      const v = values[m];
      return v ? sql`${sql.lit(sign)} * ${v} as ${sql.ref(m)}` : sql`0 as ${sql.ref(m)}`;
    }),
  );
}

/** Conditions on the orders (alias `o`) and, for amounts, on the lines (alias `l`). */
export interface FactScope {
  orders: RawBuilder<unknown>;
  /** extra condition on lines (e.g. a product filter); the order counts then need an order with such a line */
  lines?: RawBuilder<unknown> | undefined;
  /** condition on payments (alias `p`) */
  payments?: RawBuilder<unknown> | undefined;
}

const SUM = (when: RawBuilder<unknown>, what: RawBuilder<unknown>) =>
  sql`sum(case when ${when} then ${what} else 0 end)`;

function lineAmounts(sign: number) {
  return measures(
    {
      items: SUM(SALE, sql`l.quantity`),
      refund_items: SUM(CREDIT, sql`-l.quantity`),
      ttc: SUM(SALE, sql`l.net_total`),
      vat: SUM(SALE, sql`l.vat`),
      discounts: SUM(SALE, sql`l.unit_price * l.quantity - l.net_total`),
      refund_ttc: SUM(CREDIT, sql`-l.net_total`),
      refund_vat: SUM(CREDIT, sql`-l.vat`),
    },
    sign,
  );
}

/** The counts of orders (alias o): sales, covers, credit notes. */
function orderCounts(scope: FactScope): Partial<Record<Measure, RawBuilder<unknown>>> {
  return {
    orders: SUM(SALE, sql`1`),
    // covers belong to whole orders: with only some lines kept, they are not counted (as for the line
    // dimensions)
    ...(scope.lines
      ? {}
      : {
          covers: SUM(SALE, sql`coalesce(o.covers, 0)`),
          covers_ttc: SUM(sql`${SALE} and o.covers > 0`, sql`o.total`),
        }),
    refunds: SUM(CREDIT, sql`1`),
  };
}

/**
 * Dimensions of many keys a day (clients) keep one row per key and day, amounts of every rate together:
 * four times fewer rows to read for "best customers on Tuesdays". Their groups give revenue, HT and VAT
 * but no split per rate, and a filter on them is answered from the order rows.
 */
export const MERGED_DIMS: ReadonlySet<Dim> = new Set<Dim>(['client']);

/** One row per key and day, counts and amounts of every rate together (see MERGED_DIMS). */
function mergedOrderFacts(dim: OrderDim, scope: FactScope, sign: number): RawBuilder<unknown> {
  const key = ORDER_DIMS[dim];
  // the lines of each order in scope, added up (orders with no line kept are left out when lines are filtered)
  const lines = sql`(select l.order_id, sum(l.quantity) as q, sum(l.net_total) as net, sum(l.vat) as vat,
      sum(l.unit_price * l.quantity) as gross
    from order_lines l join orders o on o.id = l.order_id
    where ${scope.orders} ${scope.lines ? sql`and ${scope.lines}` : sql``}
    group by l.order_id) la`;
  const v = (c: string) => sql`coalesce(la.${sql.ref(c)}, 0)`;
  return sql`select o.shop_id, ${sql.lit(dim)} as dim, ${key} as key, o.business_day as day, o.weekday, -1 as vat_bp,
      ${measures(
        {
          ...orderCounts(scope),
          items: SUM(SALE, v('q')),
          refund_items: SUM(CREDIT, sql`-${v('q')}`),
          ttc: SUM(SALE, v('net')),
          vat: SUM(SALE, v('vat')),
          discounts: SUM(SALE, sql`${v('gross')} - ${v('net')}`),
          refund_ttc: SUM(CREDIT, sql`-${v('net')}`),
          refund_vat: SUM(CREDIT, sql`-${v('vat')}`),
        },
        sign,
      )}
    from orders o ${scope.lines ? sql`join` : sql`left join`} ${lines} on la.order_id = o.id
    where ${scope.orders}
    group by o.shop_id, ${key}, o.business_day, o.weekday`;
}

function orderFacts(dim: OrderDim, scope: FactScope, sign: number): RawBuilder<unknown> {
  if (MERGED_DIMS.has(dim)) return mergedOrderFacts(dim, scope, sign);
  const key = ORDER_DIMS[dim];
  // (a constant in GROUP BY would read as a column position)
  const byKey = dim === 'all' ? sql`` : sql`, ${key}`;
  const hasLine = scope.lines
    ? sql`and exists (select 1 from order_lines l where l.order_id = o.id and ${scope.lines})`
    : sql``;
  const counts = sql`select o.shop_id, ${sql.lit(dim)} as dim, ${key} as key, o.business_day as day, o.weekday, -1 as vat_bp,
      ${measures(
        {
          ...orderCounts(scope),
        },
        sign,
      )}
    from orders o where ${scope.orders} ${hasLine}
    group by o.shop_id ${byKey}, o.business_day, o.weekday`;
  const amounts = sql`select o.shop_id, ${sql.lit(dim)} as dim, ${key} as key, o.business_day as day, o.weekday, l.vat_bp,
      ${lineAmounts(sign)}
    from order_lines l join orders o on o.id = l.order_id
    where ${scope.orders} ${scope.lines ? sql`and ${scope.lines}` : sql``}
    group by o.shop_id ${byKey}, o.business_day, o.weekday, l.vat_bp`;
  return sql`${counts} union all ${amounts}`;
}

function lineFacts(dim: LineDim, scope: FactScope, sign: number): RawBuilder<unknown> {
  const key = LINE_DIMS[dim];
  const from = sql`from order_lines l join orders o on o.id = l.order_id left join departments d on d.id = l.department_id
    where ${scope.orders} ${scope.lines ? sql`and ${scope.lines}` : sql``}`;
  const counts = sql`select o.shop_id, ${sql.lit(dim)} as dim, ${key} as key, o.business_day as day, o.weekday, -1 as vat_bp,
      ${measures(
        {
          orders: sql`count(distinct case when ${SALE} then o.id end)`,
          refunds: sql`count(distinct case when ${CREDIT} then o.id end)`,
        },
        sign,
      )}
    ${from} group by o.shop_id, ${key}, o.business_day, o.weekday`;
  const amounts = sql`select o.shop_id, ${sql.lit(dim)} as dim, ${key} as key, o.business_day as day, o.weekday, l.vat_bp,
      ${lineAmounts(sign)}
    ${from} group by o.shop_id, ${key}, o.business_day, o.weekday, l.vat_bp`;
  return sql`${counts} union all ${amounts}`;
}

function paymentFacts(scope: FactScope, sign: number): RawBuilder<unknown> {
  return sql`select p.shop_id, 'payment' as dim, p.method_id as key, p.business_day as day, p.weekday, -1 as vat_bp,
      ${measures({ payments: sql`count(*)`, paid: sql`sum(p.amount)` }, sign)}
    from payments p join orders o on o.id = p.order_id
    where ${scope.payments ?? sql`true`} and ${scope.orders}
    group by p.shop_id, p.method_id, p.business_day, p.weekday`;
}

/** The facts of `dims` within `scope`, one row per (shop, dim, key, day, weekday, vat_bp). */
export function factsQuery(dims: readonly Dim[], scope: FactScope, sign = 1): RawBuilder<unknown> {
  return sql.join(
    dims.map((dim) =>
      dim === 'payment'
        ? paymentFacts(scope, sign)
        : dim in ORDER_DIMS
          ? orderFacts(dim as OrderDim, scope, sign)
          : lineFacts(dim as LineDim, scope, sign),
    ),
    sql` union all `,
  );
}

const COLUMNS = sql.join(
  ['shop_id', 'dim', 'key', 'day', 'weekday', 'vat_bp', ...MEASURES].map((c) => sql.ref(c)),
);
const ADD = sql.join(
  MEASURES.map((m) => sql`${sql.ref(m)} = report_daily.${sql.ref(m)} + excluded.${sql.ref(m)}`),
);

async function upsert(db: Executor, facts: RawBuilder<unknown>): Promise<void> {
  await sql`insert into report_daily (${COLUMNS})
    select * from (${facts}) f where true
    on conflict (shop_id, dim, weekday, day, key, vat_bp) do update set ${ADD}`.execute(db);
}

const VALIDATED = sql`o.status = 'validated'`;

type FactRow = ReportDailyTable;
const zeros = (): Measures => Object.fromEntries(MEASURES.map((m) => [m, 0])) as Measures;

/** An order's facts as stored: its row and its lines with their department's group. */
async function readFacts(db: Executor, orderId: number) {
  const [o] = await reuse(
    db,
    'order',
    () =>
      db
        .selectFrom('orders')
        .select([
          'shop_id',
          'status',
          'business_day',
          'weekday',
          'hour',
          'delivery_method',
          'user_id',
          'table_id',
          'cashbox_id',
          'client_id',
          'covers',
          'total',
          'refund_of',
        ])
        .where('id', '=', orderId),
    [orderId],
  );
  if (!o) return { order: undefined, lines: [] };
  const lines = await reuse(
    db,
    'lines',
    () =>
      db
        .selectFrom('order_lines as l')
        .leftJoin('departments as d', 'd.id', 'l.department_id')
        .select([
          'l.product_id',
          'l.department_id',
          'd.group_id',
          'l.quantity',
          'l.unit_price',
          'l.net_total',
          'l.vat',
          'l.vat_bp',
        ])
        .where('l.order_id', '=', orderId),
    [orderId],
  );
  return { order: o, lines };
}

/** The lines of `known` with their department's group (the one thing they lack), read at once. */
async function withGroups(db: Executor, known: FactSource) {
  const ids = [...new Set(known.lines.flatMap((l) => (l.department_id === null ? [] : [l.department_id])))];
  const groups =
    ids.length === 0
      ? []
      : await reuse(
          db,
          `department-groups:${ids.length}`,
          () =>
            db
              .selectFrom('departments')
              .select(['id', 'group_id'])
              .where('shop_id', '=', known.order.shop_id)
              .where('id', 'in', ids),
          [known.order.shop_id, ...ids],
        );
  const groupOf = new Map(groups.map((g) => [g.id, g.group_id]));
  return known.lines.map((l) => ({
    ...l,
    group_id: l.department_id === null ? null : (groupOf.get(l.department_id) ?? null),
  }));
}

/**
 * The facts of one validated order, computed here from its rows: the same sums as `factsQuery` gives for
 * it (tests hold the two to each other), without running the twenty sub-queries of the SQL form on the
 * hot path of every sale.
 */
async function orderFactRows(
  db: Executor,
  orderId: number,
  sign: 1 | -1,
  known?: FactSource,
): Promise<FactRow[]> {
  const { order: o, lines } = known
    ? { ...known, lines: await withGroups(db, known) }
    : await readFacts(db, orderId);
  if (!o || o.status !== 'validated' || o.business_day === null || o.weekday === null || o.hour === null)
    return [];
  const groupOf = new Map<number, number>();
  for (const l of lines) if (l.department_id !== null) groupOf.set(l.department_id, l.group_id ?? 0);
  const credit = o.refund_of !== null;
  const rows = new Map<string, FactRow>();
  const row = (dim: string, key: number, vatBp: number): FactRow => {
    const id = `${dim}:${key}:${vatBp}`;
    let r = rows.get(id);
    if (!r) {
      r = {
        shop_id: o.shop_id,
        dim,
        key,
        day: o.business_day!,
        weekday: o.weekday!,
        vat_bp: vatBp,
        ...zeros(),
      };
      rows.set(id, r);
    }
    return r;
  };
  const add = (r: FactRow, m: Measure, v: number) => {
    r[m] += sign * v;
  };
  const addLine = (r: FactRow, l: (typeof lines)[number]) => {
    if (credit) {
      add(r, 'refund_items', -l.quantity);
      add(r, 'refund_ttc', -l.net_total);
      add(r, 'refund_vat', -l.vat);
    } else {
      add(r, 'items', l.quantity);
      add(r, 'ttc', l.net_total);
      add(r, 'vat', l.vat);
      add(r, 'discounts', l.unit_price * l.quantity - l.net_total);
    }
  };
  const orderKeys: [OrderDim, number][] = [
    ['all', 0],
    ['hour', o.hour],
    ['delivery', o.delivery_method],
    ['user', o.user_id ?? 0],
    ['table', o.table_id ?? 0],
    ['cashbox', o.cashbox_id ?? 0],
    ['client', o.client_id ?? 0],
  ];
  for (const [dim, key] of orderKeys) {
    const counts = row(dim, key, -1);
    if (credit) add(counts, 'refunds', 1);
    else {
      add(counts, 'orders', 1);
      add(counts, 'covers', o.covers ?? 0);
      if ((o.covers ?? 0) > 0) add(counts, 'covers_ttc', o.total);
    }
    for (const l of lines) addLine(row(dim, key, MERGED_DIMS.has(dim) ? -1 : l.vat_bp), l);
  }
  for (const l of lines) {
    const department = l.department_id ?? 0;
    const keys: [LineDim, number][] = [
      ['product', l.product_id ?? 0],
      ['department', department],
      ['group', groupOf.get(department) ?? 0],
    ];
    for (const [dim, key] of keys) {
      const counts = row(dim, key, -1);
      // an order counts once per key, however many of its lines share it
      if (counts[credit ? 'refunds' : 'orders'] === 0) add(counts, credit ? 'refunds' : 'orders', 1);
      addLine(row(dim, key, l.vat_bp), l);
    }
  }
  return [...rows.values()];
}

const FACT_COLUMNS = ['shop_id', 'dim', 'key', 'day', 'weekday', 'vat_bp', ...MEASURES] as const;

/**
 * Adds rows to the summary rows. They are written in key order, so that two transactions touching some
 * of the same rows (two orders of a day whose table changes, say) lock them in the same order and
 * cannot deadlock on PostgreSQL.
 */
async function upsertRows(db: Executor, unordered: FactRow[]): Promise<void> {
  if (unordered.length === 0) return;
  const rows = [...unordered].sort(
    (a, b) =>
      (a.dim < b.dim ? -1 : a.dim > b.dim ? 1 : 0) ||
      a.weekday - b.weekday ||
      (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) ||
      a.key - b.key ||
      a.vat_bp - b.vat_bp,
  );
  await reuse(
    db,
    `upsert:${rows.length}`,
    () =>
      db
        .insertInto('report_daily')
        .values(rows.map((r) => Object.fromEntries(FACT_COLUMNS.map((c) => [c, r[c]])) as unknown as FactRow))
        .onConflict((oc) =>
          oc
            .columns(['shop_id', 'dim', 'weekday', 'day', 'key', 'vat_bp'])
            .doUpdateSet((eb) =>
              Object.fromEntries(
                MEASURES.map((m) => [m, eb(`report_daily.${m}`, '+', eb.ref(`excluded.${m}`))]),
              ),
            ),
        ),
    rows.flatMap((r) => FACT_COLUMNS.map((c) => r[c])),
  );
}

/**
 * Adds (sign 1) or takes away (sign -1) a validated order's facts. Call it once the order is validated
 * with its lines; take away then add again around a change of what the facts read (table, covers).
 */
export async function applyOrderFacts(
  db: Executor,
  orderId: number,
  sign: 1 | -1 = 1,
  known?: FactSource,
): Promise<void> {
  await upsertRows(db, await orderFactRows(db, orderId, sign, known));
}

/** A payment as the money received counts it. */
export interface PaymentFact {
  shop_id: number;
  method_id: number;
  amount: number;
  business_day: string;
  weekday: number;
}

/** Adds a payment (or a refund paid back, a negative amount) to the money received. */
export async function applyPaymentFacts(db: Executor, p: PaymentFact): Promise<void> {
  const r: FactRow = {
    shop_id: p.shop_id,
    dim: 'payment',
    key: p.method_id,
    day: p.business_day,
    weekday: p.weekday,
    vat_bp: -1,
    ...zeros(),
    payments: 1,
    paid: p.amount,
  };
  await upsertRows(db, [r]);
}

/** Recomputes a shop's summary rows from its orders and payments. */
export async function rebuildFacts(db: Executor, shopId: number): Promise<void> {
  await db.deleteFrom('report_daily').where('shop_id', '=', shopId).execute();
  await upsert(
    db,
    factsQuery(DIMS, {
      orders: sql`${VALIDATED} and o.shop_id = ${shopId}`,
      payments: sql`p.shop_id = ${shopId}`,
    }),
  );
}
