/** The orders a client balance reads: a client's validated sales, their credit notes, the last sale. */
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
