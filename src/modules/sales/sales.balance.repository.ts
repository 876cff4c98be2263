/** The orders client_balance reads: a client's validated sales, their credit notes, the last sale. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { OrdersTable } from '../../db/schema.js';

export type BalanceOrderRow = Selectable<OrdersTable>;

export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

/** A client's validated sales (credit notes excluded) validated in the period, oldest first. */
export function clientSales(
  db: Executor,
  shopId: number,
  clientId: number,
  period: Period,
): Promise<BalanceOrderRow[]> {
  let q = db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('client_id', '=', clientId)
    .where('status', '=', 'validated')
    .where('refund_of', 'is', null);
  if (period.from !== undefined) q = q.where('validated_at', '>=', period.from);
  if (period.to !== undefined) q = q.where('validated_at', '<', period.to);
  return q.orderBy('validated_at').orderBy('id').execute();
}

/** The credit notes issued against the sales that {@link clientSales} returns (whatever their own date). */
export function creditNotesOfClientSales(
  db: Executor,
  shopId: number,
  clientId: number,
  period: Period,
): Promise<BalanceOrderRow[]> {
  let q = db
    .selectFrom('orders as c')
    .innerJoin('orders as o', (j) => j.onRef('o.id', '=', 'c.refund_of').onRef('o.shop_id', '=', 'c.shop_id'))
    .selectAll('c')
    .where('c.shop_id', '=', shopId)
    .where('o.client_id', '=', clientId)
    .where('o.status', '=', 'validated')
    .where('o.refund_of', 'is', null);
  if (period.from !== undefined) q = q.where('o.validated_at', '>=', period.from);
  if (period.to !== undefined) q = q.where('o.validated_at', '<', period.to);
  return q.orderBy('c.id').execute();
}

/** When the client's latest validated sale was validated (UTC ISO), or null. */
export async function lastSaleAt(db: Executor, shopId: number, clientId: number): Promise<string | null> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.max('validated_at').as('at'))
    .where('shop_id', '=', shopId)
    .where('client_id', '=', clientId)
    .where('status', '=', 'validated')
    .where('refund_of', 'is', null)
    .executeTakeFirst();
  return row?.at ?? null;
}
