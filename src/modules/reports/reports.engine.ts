/**
 * Computes a summary: totals, VAT per rate and groups for a period and filters, from the summary rows
 * when they can answer and from the order rows otherwise. Amounts stay in cents here.
 */
import type { Ctx } from '../shared/context.js';
import { InputError } from '../../domain/errors.js';
import { isoWeekLabel, weekStart } from '../../domain/periods.js';
import { isoWeekday } from '../../domain/time.js';
import { tableNumbers } from '../venue/venue.service.js';
import { MEASURES, MERGED_DIMS, type Dim, type Measures } from './reports.facts.js';
import { labelsOf } from './reports.names.js';
import {
  aggregate,
  soldTitles,
  type FactRow,
  type Filters,
  type Range,
  type Source,
} from './reports.query.js';
import type { Grouping } from './reports.schemas.js';

export interface Acc {
  m: Measures;
  /** VAT rate (bp) -> [ttc, vat], net of refunds */
  rates: Map<number, [number, number]>;
}

export const emptyAcc = (): Acc => ({
  m: Object.fromEntries(MEASURES.map((k) => [k, 0])) as Measures,
  rates: new Map(),
});

function addInto(acc: Acc, row: Measures & { vat_bp?: number }): void {
  for (const k of MEASURES) acc.m[k] += row[k];
  if (row.vat_bp !== undefined && row.vat_bp >= 0) {
    const r = acc.rates.get(row.vat_bp) ?? [0, 0];
    r[0] += row.ttc - row.refund_ttc;
    r[1] += row.vat - row.refund_vat;
    acc.rates.set(row.vat_bp, r);
  }
}

/** True when nothing at all was counted (e.g. a table whose only order moved to another table). */
function isEmpty(acc: Acc): boolean {
  return (
    MEASURES.every((k) => acc.m[k] === 0) && [...acc.rates.values()].every(([t, v]) => t === 0 && v === 0)
  );
}

export function mergeAcc(into: Acc, from: Acc): void {
  for (const k of MEASURES) into.m[k] += from.m[k];
  for (const [bp, [ttc, vat]] of from.rates) {
    const r = into.rates.get(bp) ?? [0, 0];
    r[0] += ttc;
    r[1] += vat;
    into.rates.set(bp, r);
  }
}

const TIME: readonly Grouping[] = ['day', 'week', 'month', 'weekday'];
const GROUP_DIM: Record<Grouping, Dim | null> = {
  day: null,
  week: null,
  month: null,
  weekday: null,
  hour: 'hour',
  product: 'product',
  department: 'department',
  department_group: 'group',
  client: 'client',
  delivery_method: 'delivery',
  payment_method: 'payment',
  user: 'user',
  table: 'table',
  cashbox: 'cashbox',
};
/** Dimensions whose key 0 means "none" (no client, a free line without product, …). */
const NONE_IS_ZERO = new Set<Dim>(['product', 'department', 'group', 'client', 'user', 'table', 'cashbox']);
const FILTER_DIM: Partial<Record<keyof Filters, Dim>> = {
  delivery: 'delivery',
  department: 'department',
  group: 'group',
  product: 'product',
  client: 'client',
  user: 'user',
  table: 'table',
  cashbox: 'cashbox',
  hour: 'hour',
};
const LINE_FILTERS = new Set<keyof Filters>(['product', 'department', 'group']);

export interface Plan {
  source: Source;
  totalsDim: Dim;
  keys?: number[] | undefined;
  groupsDim: Dim | null;
}

/** Where the answer comes from: the summary rows when one dimension can carry every filter and the grouping. */
function plan(filters: Filters, grouping: Grouping | undefined, dayAligned: boolean): Plan {
  const groupsDim = grouping ? (GROUP_DIM[grouping] ?? 'all') : null;
  const active = (Object.keys(filters) as (keyof Filters)[]).filter(
    (f) => f !== 'weekday' && filters[f] !== undefined,
  );
  const orders: Plan = { source: 'orders', totalsDim: 'all', groupsDim };
  if (!dayAligned || active.length > 1) return orders;
  if (active.length === 0) return { source: 'summary', totalsDim: 'all', groupsDim };
  const f = active[0]!;
  const dim = FILTER_DIM[f];
  const keys = filters[f]!;
  // An order counts once per key of a line dimension: with several keys, one order could count twice.
  // (merged dimensions have no amounts per VAT rate, which the totals need)
  if (!dim || MERGED_DIMS.has(dim) || (LINE_FILTERS.has(f) && keys.length > 1)) return orders;
  if (groupsDim !== null && groupsDim !== 'all' && groupsDim !== dim) return orders;
  return { source: 'summary', totalsDim: dim, keys, groupsDim: groupsDim === null ? null : dim };
}

export interface Group {
  key: string | number;
  label: string;
  acc: Acc;
  /** the id the group's name is looked up by (product, client, … id; the table's id, not its number) */
  id?: number;
}

export interface Summary {
  source: Source;
  /** the dimension of the groups (null for time groupings and none) */
  dim?: Dim | null;
  totals: Acc;
  groups: Group[];
  unassigned: Acc | null;
}

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function timeKey(grouping: Grouping, day: string): { key: string | number; label: string } {
  switch (grouping) {
    case 'week':
      return { key: weekStart(day), label: `${isoWeekLabel(day)} (from ${weekStart(day)})` };
    case 'month':
      return { key: day.slice(0, 7), label: day.slice(0, 7) };
    case 'weekday': {
      const w = isoWeekday(day);
      return { key: w, label: WEEKDAY_NAMES[w] ?? String(w) };
    }
    default:
      return { key: day, label: `${day} (${(WEEKDAY_NAMES[isoWeekday(day)] ?? '').slice(0, 3)})` };
  }
}

/** Rows added up per key; keys where everything cancels out (facts taken out again) are left out. */
function fold(rows: FactRow[], keyOf: (row: FactRow) => string | number): Map<string | number, Acc> {
  const out = new Map<string | number, Acc>();
  for (const row of rows) {
    const key = keyOf(row);
    let acc = out.get(key);
    if (!acc) out.set(key, (acc = emptyAcc()));
    addInto(acc, row);
  }
  for (const [key, acc] of out) if (isEmpty(acc)) out.delete(key);
  return out;
}

export async function summarize(
  ctx: Ctx,
  range: Range & { dayAligned: boolean },
  filters: Filters,
  grouping: Grouping | undefined,
  names = true,
): Promise<Summary> {
  if (grouping === 'payment_method' && (filters.product || filters.department || filters.group))
    throw new InputError(
      'groupBy',
      'Grouped by payment_method, the figures are whole payments, which are not split by product or department: drop productId/departmentId/departmentGroupId, or group by product instead.',
    );
  const p = plan(filters, grouping, range.dayAligned);
  const base = { source: p.source, range, filters, keys: p.keys };
  const totalRows = await aggregate(ctx.db, ctx.shopId, { ...base, dim: p.totalsDim, by: 'none' });
  const totals = fold(totalRows, () => 0).get(0) ?? emptyAcc();
  if (!grouping || p.groupsDim === null) return { source: p.source, totals, groups: [], unassigned: null };

  if (TIME.includes(grouping)) {
    const rows = await aggregate(ctx.db, ctx.shopId, { ...base, dim: p.totalsDim, by: 'day' });
    const labels = new Map<string | number, string>();
    const byKey = fold(rows, (row) => {
      const t = timeKey(grouping, String(row.k));
      labels.set(t.key, t.label);
      return t.key;
    });
    const groups = [...byKey].map(([key, acc]) => ({ key, label: labels.get(key) ?? String(key), acc }));
    return { source: p.source, totals, groups, unassigned: null };
  }

  const dim = p.groupsDim;
  const rows = await aggregate(ctx.db, ctx.shopId, {
    ...base,
    dim,
    keys: p.source === 'summary' ? p.keys : undefined,
    by: 'key',
  });
  const byKey = fold(rows, (row) => Number(row.k));
  let unassigned: Acc | null = null;
  if (NONE_IS_ZERO.has(dim)) {
    unassigned = byKey.get(0) ?? null;
    byKey.delete(0);
  }
  const ids = [...byKey.keys()] as number[];
  // tables are known by their number on the MCP surface (idtable, the table filter)
  const numbers = dim === 'table' ? await tableNumbers(ctx, ids) : undefined;
  const groups: Group[] = [...byKey].map(([key, acc]) => ({
    key: numbers?.get(Number(key)) ?? key,
    label: dim === 'hour' ? `${String(key).padStart(2, '0')}:00` : '',
    acc,
    id: Number(key),
  }));
  if (names && dim !== 'hour') await nameGroups(ctx, dim, groups, range);
  return { source: p.source, dim, totals, groups, unassigned };
}

/**
 * Gives groups of a dimension their names (a product's title, a client's name, …). Done for the groups
 * listed only: a year of clients is thousands of names, a top 10 needs ten.
 */
export async function nameGroups(
  ctx: Ctx,
  dim: Dim | null,
  groups: Group[],
  range?: Pick<Range, 'from' | 'to'>,
): Promise<void> {
  const pending = groups.filter((g) => g.label === '' && g.id !== undefined);
  if (!dim || pending.length === 0) return;
  const ids = pending.map((g) => g.id!);
  // a product is named as it was sold in the period; one not sold there (a credit note only), as it is now
  const sold = dim === 'product' && range ? await soldTitles(ctx.db, ctx.shopId, ids, range) : new Map();
  const names = await labelsOf(
    ctx,
    dim,
    ids.filter((id) => !sold.has(id)),
  );
  for (const g of pending) g.label = sold.get(g.id!) ?? names.get(g.id!) ?? `#${g.key}`;
}
