/**
 * Queries of the delivery schedule: validated sales due out in a window, by scheduled time (the delivery
 * time when set, else the validation time). Read-only; every query is scoped by shop.
 */
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { OrderRow } from './sales.repository.js';

export interface ScheduleFilter {
  /** UTC ISO instants, [from, to) */
  from: string;
  to: string;
  methods: number[];
  statuses: string[];
}

export type ScheduledRow = OrderRow & { scheduled_at: string };

const scheduledAt = sql<string>`coalesce(o.delivery_time, o.validated_at)`;

/** Sales still worth something: no credit note, or credit notes that leave part of the order. */
const notCancelled = sql<SqlBool>`(not exists (select 1 from orders c where c.shop_id = o.shop_id and c.refund_of = o.id) or o.total + (select sum(c.total) from orders c where c.shop_id = o.shop_id and c.refund_of = o.id) > 0)`;

function scheduled(db: Executor, shopId: number, f: ScheduleFilter) {
  return (
    db
      .selectFrom('orders as o')
      .where('o.shop_id', '=', shopId)
      .where('o.status', '=', 'validated')
      .where('o.refund_of', 'is', null)
      // two ranges rather than one on coalesce(), so that each can use its (shop_id, time) index
      .where((eb) =>
        eb.or([
          eb.and([eb('o.delivery_time', '>=', f.from), eb('o.delivery_time', '<', f.to)]),
          eb.and([
            eb('o.delivery_time', 'is', null),
            eb('o.validated_at', '>=', f.from),
            eb('o.validated_at', '<', f.to),
          ]),
        ]),
      )
      .where('o.delivery_method', 'in', f.methods)
      .where('o.fulfilment', 'in', f.statuses)
      .where(notCancelled)
  );
}

/** A page of the window's orders by scheduled time then id, starting after `after`. */
export function pageScheduled(
  db: Executor,
  shopId: number,
  f: ScheduleFilter,
  limit: number,
  after: { at: string; id: number } | undefined,
): Promise<ScheduledRow[]> {
  let q = scheduled(db, shopId, f).selectAll('o').select(scheduledAt.as('scheduled_at'));
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb(scheduledAt, '>', after.at),
        eb.and([eb(scheduledAt, '=', after.at), eb('o.id', '>', after.id)]),
      ]),
    );
  return q.orderBy(scheduledAt).orderBy('o.id').limit(limit).execute();
}

/** How many of the window's orders there are per delivery method and fulfilment status. */
export async function countScheduled(
  db: Executor,
  shopId: number,
  f: ScheduleFilter,
): Promise<{ method: number; status: string; count: number }[]> {
  const rows = await scheduled(db, shopId, f)
    .select((eb) => ['o.delivery_method', 'o.fulfilment', eb.fn.countAll<number | string>().as('n')])
    .groupBy(['o.delivery_method', 'o.fulfilment'])
    .execute();
  return rows.map((r) => ({ method: r.delivery_method, status: r.fulfilment, count: Number(r.n) }));
}
