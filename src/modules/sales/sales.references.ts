/** What the sales ledger names: for the management deletes (shared/references.ts), which archive what it names. */
import { sql } from 'kysely';
import type { Ctx } from '../shared/context.js';
import type { Reference } from '../shared/references.js';

const ORDER_COLUMN = {
  client: 'client_id',
  table: 'table_id',
  user: 'user_id',
  cashbox: 'cashbox_id',
  relay_point: 'relay_point_id',
  delivery_man: 'delivery_man_id',
} as const;
const LINE_COLUMN = { product: 'product_id', department: 'department_id', vat_rate: 'vat_bp' } as const;

export async function salesReferences(ctx: Ctx, ref: Reference): Promise<number> {
  const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
  const n = sql<number>`count(*)`.as('n');
  if (ref.kind === 'payment_method')
    return count(
      ctx.db
        .selectFrom('payments')
        .select(n)
        .where('shop_id', '=', ctx.shopId)
        .where('method_id', '=', ref.id)
        .executeTakeFirst(),
    );
  if (ref.kind in LINE_COLUMN)
    return count(
      ctx.db
        .selectFrom('order_lines')
        .select(n)
        .where('shop_id', '=', ctx.shopId)
        .where(LINE_COLUMN[ref.kind as keyof typeof LINE_COLUMN], '=', ref.id)
        .executeTakeFirst(),
    );
  return count(
    ctx.db
      .selectFrom('orders')
      .select(n)
      .where('shop_id', '=', ctx.shopId)
      .where(ORDER_COLUMN[ref.kind as keyof typeof ORDER_COLUMN], '=', ref.id)
      .executeTakeFirst(),
  );
}
