/**
 * The reports' listener of the shop's clock (modules/shops/shops.events.ts, registered by
 * app/listeners.ts): when the time zone or the close hour changes, every validated order and payment is
 * placed in its business day again and the summary rows are rebuilt, in the change's transaction, so a
 * report after it agrees with a full rebuild. The orders are placed before the shop's row is locked
 * (the order of locks), and once more under it with the clock as stored: that catches an order
 * validated in between, and a concurrent change of the other half of the clock.
 */
import type { ShopListener } from '../shops/shops.events.js';
import { currentShop, lockShop, shopClock } from '../shops/shops.service.js';
import { rebuildFacts } from './reports.facts.js';
import { placeInShopWeek } from './reports.rebuild.js';

export const reportsClockListener: ShopListener = {
  async clockChanging(ctx, clock) {
    await placeInShopWeek(ctx.db, ctx.shopId, clock);
  },
  async clockChanged(ctx) {
    await lockShop(ctx);
    await placeInShopWeek(ctx.db, ctx.shopId, shopClock(await currentShop(ctx)));
    await rebuildFacts(ctx.db, ctx.shopId);
  },
};
