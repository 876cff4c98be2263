/**
 * "Does the history name this?" — asked before a management delete, answered by the modules that keep
 * history (sales: orders, lines, payments), registered by the composition root (app/listeners.ts) so
 * that the catalog or the venue need not know the sales module. A row that history names is archived,
 * never deleted.
 */
import type { Ctx } from './context.js';

export type Referenced =
  | 'product'
  | 'department'
  | 'vat_rate' // by rate, in basis points: order lines keep the rate, not the row
  | 'client'
  | 'table'
  | 'user'
  | 'cashbox'
  | 'payment_method'
  | 'relay_point'
  | 'delivery_man';

export interface Reference {
  kind: Referenced;
  id: number;
}

/** How many recorded orders (quotes included) name the thing. */
export type ReferenceCheck = (ctx: Ctx, ref: Reference) => Promise<number>;

const checks: ReferenceCheck[] = [];

export function checkReferencesWith(check: ReferenceCheck): void {
  if (!checks.includes(check)) checks.push(check);
}

/** Orders that name the thing. Refuses to answer when no history keeper is registered: a delete must never guess. */
export async function ordersNaming(ctx: Ctx, ref: Reference): Promise<number> {
  if (checks.length === 0) throw new Error('no reference check is registered (import app/listeners.js)');
  let n = 0;
  for (const c of checks) n += await c(ctx, ref);
  return n;
}
