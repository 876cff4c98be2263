/**
 * The report queries: sums of facts, either from the summary rows (`report_daily`) or straight from
 * the order rows of the period when a filter needs them; and the names of what the groups are keyed by.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/database.js';
import { factsQuery, MEASURES, type Dim, type Measures } from './reports.facts.js';

/** What reads: a dimension of the summary rows, or the order rows. */
export type Source = 'summary' | 'orders';

/** Filters on the orders (ids, codes, hours, weekdays), each a list of accepted values. */
export interface Filters {
  delivery?: number[];
  payment?: number[];
  department?: number[];
  group?: number[];
  product?: number[];
  client?: number[];
  user?: number[];
  table?: number[];
  cashbox?: number[];
  hour?: number[];
  weekday?: number[];
}

import type { Range } from '../../domain/periods.js';

export type { Range };

export interface FactRow extends Measures {
  k: string | number | null;
  vat_bp: number;
}

const list = (values: number[]) => sql.join(values.map((v) => sql`${v}`));

/** Conditions of the order-level filters on the orders (alias o). */
function orderConditions(f: Filters): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (f.delivery) c.push(sql`o.delivery_method in (${list(f.delivery)})`);
  // (0 stands for none; without it, the plain column lets an index serve, e.g. a client's orders)
  const ref = (column: string, ids: number[]) =>
    ids.includes(0)
      ? sql`coalesce(o.${sql.ref(column)}, 0) in (${list(ids)})`
      : sql`o.${sql.ref(column)} in (${list(ids)})`;
  if (f.client) c.push(ref('client_id', f.client));
  if (f.user) c.push(ref('user_id', f.user));
  if (f.table) c.push(ref('table_id', f.table));
  if (f.cashbox) c.push(ref('cashbox_id', f.cashbox));
  if (f.hour) c.push(sql`o.hour in (${list(f.hour)})`);
  if (f.payment)
    c.push(
      sql`exists (select 1 from payments fp where fp.order_id = o.id and fp.method_id in (${list(f.payment)}))`,
    );
  return c;
}

function lineConditions(f: Filters): RawBuilder<unknown> | undefined {
  const c: RawBuilder<unknown>[] = [];
  // 0 stands for none, as on the summary rows: a free line (no product), no department, no group
  const ref = (column: string, ids: number[]) =>
    ids.includes(0)
      ? sql`coalesce(l.${sql.ref(column)}, 0) in (${list(ids)})`
      : sql`l.${sql.ref(column)} in (${list(ids)})`;
  if (f.product) c.push(ref('product_id', f.product));
  if (f.department) c.push(ref('department_id', f.department));
  if (f.group)
    c.push(
      sql`coalesce((select fd.group_id from departments fd where fd.id = l.department_id), 0) in (${list(f.group)})`,
    );
  return c.length > 0 ? sql.join(c, sql` and `) : undefined;
}

const and = (c: RawBuilder<unknown>[]) => (c.length > 0 ? sql.join(c, sql` and `) : sql`true`);

/** The facts of `dim` for the period and filters, computed from the order rows. */
function ordersSource(shopId: number, dim: Dim, range: Range, f: Filters): RawBuilder<unknown> {
  const filters = orderConditions(f);
  const validated = sql`o.shop_id = ${shopId} and o.status = 'validated'`;
  if (dim === 'payment') {
    // money is counted on the day it was received, whenever the order was validated
    return factsQuery(['payment'], {
      orders: and([validated, ...filters]),
      // (the business days let the (shop, day) index find the payments; the instants make it exact)
      payments: and([
        sql`p.shop_id = ${shopId}`,
        sql`p.business_day >= ${range.fromDay}`,
        sql`p.business_day <= ${range.toDay}`,
        sql`p.created_at >= ${range.from}`,
        sql`p.created_at < ${range.to}`,
        // grouped by payment method with a method filter: those methods' payments only
        ...(f.payment ? [sql`p.method_id in (${list(f.payment)})`] : []),
      ]),
      lines: lineConditions(f),
    });
  }
  const scope = and([
    validated,
    sql`o.validated_at >= ${range.from}`,
    sql`o.validated_at < ${range.to}`,
    ...filters,
  ]);
  return factsQuery([dim], { orders: scope, lines: lineConditions(f) });
}

export interface AggregateQuery {
  source: Source;
  dim: Dim;
  range: Range;
  filters: Filters;
  /** keys of `dim` to keep (summary source) */
  keys?: number[] | undefined;
  by: 'none' | 'day' | 'key';
}

/** Sums of the measures per VAT rate row kind (-1: counts) and per day or key. */
export async function aggregate(db: Executor, shopId: number, q: AggregateQuery): Promise<FactRow[]> {
  const where: RawBuilder<unknown>[] = [];
  let from: RawBuilder<unknown>;
  if (q.source === 'summary') {
    from = sql`report_daily`;
    where.push(sql`r.shop_id = ${shopId}`, sql`r.dim = ${q.dim}`);
    where.push(sql`r.day >= ${q.range.fromDay}`, sql`r.day <= ${q.range.toDay}`);
    if (q.keys) where.push(sql`r.key in (${list(q.keys)})`);
  } else {
    from = sql`(${ordersSource(shopId, q.dim, q.range, q.filters)})`;
  }
  // (on the summary rows, naming the seven weekdays lets the key's weekday-then-day order be used)
  const weekdays = q.filters.weekday ?? (q.source === 'summary' ? [1, 2, 3, 4, 5, 6, 7] : undefined);
  if (weekdays) where.push(sql`r.weekday in (${list(weekdays)})`);
  const k = q.by === 'day' ? sql`r.day` : q.by === 'key' ? sql`r.key` : sql`null`;
  const groupBy = q.by === 'none' ? sql`r.vat_bp` : sql`${k}, r.vat_bp`;
  const sums = sql.join(MEASURES.map((m) => sql`sum(r.${sql.ref(m)}) as ${sql.ref(m)}`));
  const result = await sql<Record<string, unknown>>`select ${k} as k, r.vat_bp, ${sums}
    from ${from} r where ${and(where)} group by ${groupBy}`.execute(db);
  return result.rows.map((row) => {
    const out = { k: row.k as string | number | null, vat_bp: Number(row.vat_bp) } as FactRow;
    for (const m of MEASURES) out[m] = Number(row[m] ?? 0);
    if (q.by === 'key') out.k = Number(row.k);
    return out;
  });
}

/** Sales of the period (validated, not credit notes) still unpaid now, after their credit notes. */
export async function unpaidOf(db: Executor, shopId: number, range: Range, f: Filters): Promise<number> {
  const due = sql`o.total - o.paid + coalesce((select sum(c.total - c.paid) from orders c where c.refund_of = o.id), 0)`;
  const scope = and([
    sql`o.shop_id = ${shopId}`,
    sql`o.status = 'validated'`,
    sql`o.refund_of is null`,
    sql`o.validated_at >= ${range.from}`,
    sql`o.validated_at < ${range.to}`,
    ...orderConditions(f),
  ]);
  const r = await sql<{ due: unknown }>`select sum(case when ${due} > 0 then ${due} else 0 end) as due
    from orders o where ${scope}`.execute(db);
  return Number(r.rows[0]?.due ?? 0);
}

/**
 * The title each product had when it was sold in a period (its latest there): a report of the past names
 * a product as it was then, whatever it is called now. Lines recorded before migration 008 have none.
 */
export async function soldTitles(
  db: Executor,
  shopId: number,
  productIds: number[],
  range: Pick<Range, 'from' | 'to'>,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (productIds.length === 0) return out;
  const rows = await sql<{ product_id: number; title: string }>`select l.product_id, l.product_title as title
    from order_lines l join orders o on o.id = l.order_id
    where l.shop_id = ${shopId} and o.shop_id = ${shopId} and l.product_title is not null
      and l.product_id in (${sql.join(productIds)}) and l.refund_of_line is null
      and o.validated_at >= ${range.from} and o.validated_at < ${range.to}
    group by l.product_id, l.product_title
    order by l.product_id, max(l.id) desc`.execute(db);
  for (const r of rows.rows) if (!out.has(r.product_id)) out.set(r.product_id, r.title);
  return out;
}
