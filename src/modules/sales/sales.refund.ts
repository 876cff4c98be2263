/**
 * Corrections: a validated order is refunded (all of it or some lines) by a credit note, a new validated
 * order with negative lines that reference the original's. The original is never rewritten.
 */
import { inTransaction, type Ctx } from '../shared/context.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { lineVats } from '../../domain/line-vat.js';
import { amountToPayBack, creditLineAmounts } from '../../domain/order-lifecycle.js';
import { paymentDay, validationMoment } from '../../domain/time.js';
import { tell } from './sales.events.js';
import { currentShop, lockedClock, nextOrderNumber } from '../shops/shops.service.js';
import { putBackInStock } from '../catalog/catalog.stock.js';
import * as venue from '../venue/venue.service.js';
import * as repo from './sales.repository.js';
import type { OrderRefundInput } from './sales.schemas.js';
import { rememberKey, replayedOrder } from './sales.idempotency.js';
import { orderView, requireOrder } from './sales.view.js';

export async function refundOrder(ctx: Ctx, input: OrderRefundInput) {
  return inTransaction(ctx, async (tx) => {
    // The original's row is locked first, so that what was refunded and paid back is read after any
    // concurrent refund or payment of it has committed (db/locks.ts); then the idempotency key, so that
    // a retry that waited on the lock replays the first call's credit note.
    const original = await requireOrder(tx, input, true);
    const replay = await replayedOrder(tx, 'refund', input.idempotencyKey, input);
    if (replay !== undefined) return orderView(tx, replay, { replayed: true });
    const shop = await currentShop(tx);
    const ref = original.number ?? original.id;
    if (original.status !== 'validated')
      throw new WrongStateError(
        'orderId',
        `Order ${ref} is a quote: nothing was sold, so there is nothing to refund. Edit or leave the quote instead.`,
      );
    if (original.refund_of !== null)
      throw new WrongStateError(
        'orderId',
        `Order ${ref} is itself a credit note; refund the original order ${original.refund_of} instead.`,
      );

    const lines = await repo.linesOf(tx.db, tx.shopId, [original.id]);
    const already = await repo.refundedQuantities(
      tx.db,
      tx.shopId,
      lines.map((l) => l.id),
    );
    const wanted = input.lines ?? lines.map((l) => ({ lineId: l.id, quantity: undefined }));
    // Each line once: what is left to refund is checked per entry, so two entries of one line would
    // each be checked against the same units (and refund them twice).
    const seen = new Map<number, number>();
    wanted.forEach((w, i) => {
      const first = seen.get(w.lineId);
      if (first !== undefined)
        throw new InputError(
          `lines[${i}].lineId`,
          `Line ${w.lineId} is already named in lines[${first}]: name each line once, with the total quantity to refund.`,
        );
      seen.set(w.lineId, i);
    });
    const picked = wanted
      .map((w, i) => {
        const line = lines.find((l) => l.id === w.lineId);
        if (!line)
          throw new NotFoundError(
            `lines[${i}].lineId`,
            `Order ${ref} has no line ${w.lineId}; its lines are ${lines.map((l) => `${l.id} (${l.title})`).join(', ')}.`,
          );
        const left = line.quantity - (already.get(line.id) ?? 0);
        const q = w.quantity ?? left;
        if (!Number.isInteger(q) || q < 0)
          throw new InputError(`lines[${i}].quantity`, 'quantity must be a positive whole number.');
        if (q > left)
          throw new InputError(
            `lines[${i}].quantity`,
            `Line ${line.id} (${line.title}) has ${left} unit(s) left to refund; you asked for ${q}.`,
          );
        return { line, q, before: already.get(line.id) ?? 0 };
      })
      .filter((p) => p.q > 0);
    if (picked.length === 0)
      throw new WrongStateError(
        input.lines ? 'lines' : 'orderId',
        `Order ${ref} has nothing left to refund.`,
      );

    const creditLines = picked.map(({ line, q, before }, i) => {
      const amounts = creditLineAmounts(
        { unitPrice: line.unit_price, quantity: line.quantity, total: line.total, net: line.net_total },
        before,
        q,
      );
      return {
        shop_id: tx.shopId,
        order_id: 0,
        position: i + 1,
        kind: line.kind,
        product_id: line.product_id,
        department_id: line.department_id,
        title: line.title,
        quantity: amounts.quantity,
        unit_price: line.unit_price,
        variations: line.variations,
        discount: amounts.discount,
        total: amounts.total,
        net_total: amounts.net,
        vat_bp: line.vat_bp,
        refund_of_line: line.id,
      };
    });
    const vats = lineVats(creditLines.map((l) => ({ net: l.net_total, vatBp: l.vat_bp })));
    const creditTotal = creditLines.reduce((s, l) => s + l.net_total, 0);
    const creditSubtotal = creditLines.reduce((s, l) => s + l.total, 0);

    // Pay back only what the customer paid beyond what the order is still worth after this refund.
    const notes = await repo.creditNotesOf(tx.db, tx.shopId, original.id);
    const payBack = amountToPayBack(original, notes, creditTotal);

    let methodId: number | null = null;
    if (payBack > 0) methodId = await refundMethod(tx, original.id, input.payment);

    const at = tx.clock();
    const now = at.toISOString();
    const number = await nextOrderNumber(tx);
    const clock = await lockedClock(tx); // as stored under the shop's lock ({{change_shop}} may have changed it)
    const creditId = await repo.insertOrder(tx.db, {
      shop_id: tx.shopId,
      number,
      status: 'validated',
      delivery_method: original.delivery_method,
      table_id: original.table_id,
      covers: null,
      pager: null,
      cashbox_id: original.cashbox_id,
      user_id: original.user_id,
      client_id: original.client_id,
      relay_point_id: null,
      delivery_man_id: null,
      public_comment: input.reason ?? `Avoir sur la commande ${ref}`,
      private_comment: null,
      fulfilment: 'delivered',
      delivery_time: null,
      currency: original.currency,
      subtotal: creditSubtotal,
      discount_kind: null,
      discount_value: null,
      discount_total: creditSubtotal - creditTotal,
      total: creditTotal,
      paid: -payBack,
      refund_of: original.id,
      created_at: now,
      validated_at: now,
      updated_at: now,
      ...validationMoment(at, clock),
    });
    await repo.insertLines(
      tx.db,
      creditLines.map((l, i) => ({ ...l, order_id: creditId, vat: vats[i] ?? 0 })),
    );
    await tell('creditNoteIssued', tx, creditId, original.id);
    if (input.restock)
      await putBackInStock(
        tx,
        creditLines.flatMap((l) =>
          l.product_id === null ? [] : [{ productId: l.product_id, quantity: -l.quantity }],
        ),
        creditId,
      );
    if (methodId !== null) {
      const payment = {
        shop_id: tx.shopId,
        order_id: creditId,
        method_id: methodId,
        amount: -payBack,
        created_at: now,
        ...paymentDay(at, clock),
      };
      const recorded = await repo.insertPayment(tx.db, payment);
      await tell('paymentRecorded', tx, { ...payment, id: recorded.id });
    }
    await rememberKey(tx, 'refund', input.idempotencyKey, input, creditId);
    const warnings =
      payBack > 0
        ? [`Pay ${fromCents(payBack)} ${original.currency} back to the customer.`]
        : [
            'Nothing was paid on this part of the order, so nothing is paid back: the credit note cancels what was due.',
          ];
    return orderView(tx, creditId, { warnings }, shop);
  });
}

/** The method that pays the money back: the one asked for, or the refund method of the original payment's type. */
async function refundMethod(ctx: Ctx, originalId: number, asked: number | undefined): Promise<number> {
  if (asked !== undefined) return (await venue.requirePaymentMethod(ctx, asked, 'payment', 'refund')).id;
  const methods = await venue.paymentMethods(ctx);
  const paidWith = (await repo.paymentsOf(ctx.db, ctx.shopId, originalId))[0];
  const type = methods.find((m) => m.id === paidWith?.method_id)?.type;
  const live = methods.filter((m) => m.is_refund === 1 && m.archived_at === null);
  const refund = live.find((m) => m.type === type) ?? live[0];
  if (!refund)
    throw new NotFoundError(
      'payment',
      'This shop has no refund payment method: pass payment, the id of the method used to pay the money back ({{list:payments_modes}}).',
    );
  return refund.id;
}
