/**
 * The names behind the keys of each report dimension, asked of the module that owns them (reports
 * names no other module's table): group labels, and which filter ids exist in the shop.
 */
import * as catalog from '../catalog/catalog.service.js';
import * as customers from '../customers/customers.service.js';
import type { Ctx } from '../shared/context.js';
import * as venue from '../venue/venue.service.js';
import type { Dim } from './reports.facts.js';

type Lookup = (ctx: Ctx, ids: number[]) => Promise<Map<number, string>>;

const LOOKUPS: Record<Dim, Lookup | undefined> = {
  all: undefined,
  hour: undefined,
  product: catalog.productNames,
  department: catalog.departmentNames,
  group: catalog.departmentGroupNames,
  client: customers.clientNames,
  user: venue.userNames,
  table: venue.tableNames,
  cashbox: venue.cashboxNames,
  payment: venue.paymentMethodNames,
  delivery: venue.deliveryMethodNames,
};

/** Names of the keys of a dimension, for the group labels (0 is "none", except delivery code 0, takeaway). */
export async function labelsOf(ctx: Ctx, dim: Dim, keys: number[]): Promise<Map<number, string>> {
  const lookup = LOOKUPS[dim];
  const ids = dim === 'delivery' ? keys : keys.filter((k) => k > 0);
  if (!lookup || ids.length === 0) return new Map();
  return lookup(ctx, ids);
}

/** Which of `ids` are rows of the dimension in the shop. */
export async function existingIds(ctx: Ctx, dim: Dim, ids: number[]): Promise<Set<number>> {
  return new Set((await labelsOf(ctx, dim, ids)).keys());
}
