/**
 * What the sales use cases tell the reports, inside their transaction: an order was validated, a
 * payment recorded, a validated order's table or covers are about to change. Also where an instant
 * falls in the shop's week, stored on the order and the payment so reports can group by it.
 */
import type { Ctx } from '../shared/context.js';
import { shopMoment, type ShopClock } from '../../domain/time.js';
import { lockShop } from '../shops/shops.service.js';
import { applyOrderFacts, applyPaymentFacts, type PaymentFact } from './reports.facts.js';

// Every write of a shop's summary rows happens under the shop's row lock (taken here; a validation
// holds it already for the numbering), so that `comptoir reports rebuild`, which takes it too, never
// interleaves with one.

/** The order is validated and its lines written: add it to the summary rows. */
export async function orderValidated(ctx: Ctx, orderId: number): Promise<void> {
  await lockShop(ctx);
  await applyOrderFacts(ctx.db, orderId, 1);
}

/**
 * Runs `change` on a validated order with its summary facts taken out before and put back after, for a
 * change of what the facts read (table, covers).
 */
export async function changingValidatedOrder(ctx: Ctx, orderId: number, change: () => Promise<void>) {
  await lockShop(ctx);
  await applyOrderFacts(ctx.db, orderId, -1);
  await change();
  await applyOrderFacts(ctx.db, orderId, 1);
}

/** A payment was recorded: add it to the money received. */
export async function paymentRecorded(ctx: Ctx, payment: PaymentFact): Promise<void> {
  await lockShop(ctx);
  await applyPaymentFacts(ctx.db, payment);
}

/** The business day and weekday columns of a payment made at `at`. */
export function paymentDay(at: Date, clock: ShopClock): { business_day: string; weekday: number } {
  const m = shopMoment(at, clock);
  return { business_day: m.day, weekday: m.weekday };
}

/** The business day, weekday and hour columns of an order validated at `at`. */
export function validationMoment(
  at: Date,
  clock: ShopClock,
): { business_day: string; weekday: number; hour: number } {
  const m = shopMoment(at, clock);
  return { business_day: m.day, weekday: m.weekday, hour: m.hour };
}
