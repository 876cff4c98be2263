/**
 * Rebuilding a shop's reports from its ledger: where every validated order and every payment falls in
 * the shop's week (business day, weekday, clock hour — they depend on the shop's time zone and closing
 * hour), then the summary rows. For `comptoir reports rebuild` after an import or a change of the shop's
 * clock, and for migration 004.
 */
import type { Executor } from '../../db/database.js';
import { currentShop, lockShop, shopClock } from '../shops/shops.service.js';
import { shopMoment, type ShopClock } from '../../domain/time.js';
import { rebuildFacts } from './reports.facts.js';

const BATCH = 2000;

/** Ids grouped by the value computed for each, so that one update serves each distinct value. */
function byValue<T>(items: { id: number; value: T }[]): Map<string, { value: T; ids: number[] }> {
  const out = new Map<string, { value: T; ids: number[] }>();
  for (const { id, value } of items) {
    const k = JSON.stringify(value);
    const at = out.get(k);
    if (at) at.ids.push(id);
    else out.set(k, { value, ids: [id] });
  }
  return out;
}

/** Sets business day, weekday and hour on the shop's validated orders, and business day and weekday on its payments. */
export async function placeInShopWeek(db: Executor, shopId: number, clock: ShopClock): Promise<void> {
  for (let after = 0; ;) {
    const orders = await db
      .selectFrom('orders')
      .select(['id', 'validated_at'])
      .where('shop_id', '=', shopId)
      .where('id', '>', after)
      .where('validated_at', 'is not', null)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (orders.length === 0) break;
    after = orders[orders.length - 1]!.id;
    const moments = orders.map((o) => {
      const m = shopMoment(new Date(o.validated_at!), clock);
      return { id: o.id, value: { business_day: m.day, weekday: m.weekday, hour: m.hour } };
    });
    // Only the rows whose place changed are written (and so locked): with an unchanged clock, none.
    for (const { value, ids } of byValue(moments).values())
      await db
        .updateTable('orders')
        .set(value)
        .where('id', 'in', ids)
        .where((eb) =>
          eb.or([
            eb('business_day', 'is', null),
            eb('business_day', '!=', value.business_day),
            eb('weekday', 'is', null),
            eb('weekday', '!=', value.weekday),
            eb('hour', 'is', null),
            eb('hour', '!=', value.hour),
          ]),
        )
        .execute();
  }
  for (let after = 0; ;) {
    const payments = await db
      .selectFrom('payments')
      .select(['id', 'created_at'])
      .where('shop_id', '=', shopId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (payments.length === 0) break;
    after = payments[payments.length - 1]!.id;
    const days = payments.map((p) => {
      const m = shopMoment(new Date(p.created_at), clock);
      return { id: p.id, value: { business_day: m.day, weekday: m.weekday } };
    });
    for (const { value, ids } of byValue(days).values())
      await db
        .updateTable('payments')
        .set(value)
        .where('id', 'in', ids)
        .where((eb) =>
          eb.or([eb('business_day', '!=', value.business_day), eb('weekday', '!=', value.weekday)]),
        )
        .execute();
  }
}

/**
 * Recomputes a shop's reports from its orders and payments, with the shop's clock as it is now. Run it in
 * a transaction: the summary rows are rebuilt under the shop's row lock, under which every sale, payment
 * and move writes them, so a shop may go on selling while it runs (they wait for it). The orders are
 * placed in the week before that lock is taken: a use case locks order rows before the shop's, never
 * after (docs/ARCHITECTURE.md, "Locks").
 */
export async function rebuildReports(db: Executor, shopId: number): Promise<void> {
  const shop = await currentShop({ db, shopId });
  await placeInShopWeek(db, shopId, shopClock(shop));
  await lockShop({ db, shopId });
  await rebuildFacts(db, shopId);
}
