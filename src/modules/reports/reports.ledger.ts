/**
 * The reports as a listener of sales (modules/sales/sales.events.ts): inside the sale's transaction, an
 * order validated or a credit note issued adds its facts to the summary rows, a payment adds the money
 * received, a validated order's table or covers changing takes its facts out and puts them back.
 *
 * Every write of a shop's summary rows happens under the shop's row lock (taken here; a validation
 * holds it already for the numbering), so that `comptoir reports rebuild`, which takes it too, never
 * interleaves with one.
 */
import type { SalesListener } from '../sales/sales.events.js';
import { lockShop } from '../shops/shops.service.js';
import { applyOrderFacts, applyPaymentFacts } from './reports.facts.js';

export const reportsListener: SalesListener = {
  async orderValidated(ctx, orderId, written) {
    await lockShop(ctx);
    await applyOrderFacts(ctx.db, orderId, 1, written);
  },
  async creditNoteIssued(ctx, creditNoteId) {
    await lockShop(ctx);
    await applyOrderFacts(ctx.db, creditNoteId, 1);
  },
  async paymentRecorded(ctx, payment) {
    await lockShop(ctx);
    await applyPaymentFacts(ctx.db, payment);
  },
  async validatedOrderChanging(ctx, orderId) {
    await lockShop(ctx);
    await applyOrderFacts(ctx.db, orderId, -1);
  },
  async validatedOrderChanged(ctx, orderId) {
    await applyOrderFacts(ctx.db, orderId, 1);
  },
};
