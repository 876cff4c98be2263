/** Editing an order: a quote's lines, its validation, payments, table and covers, comments, status. */
import { inTransaction, nowIso, type Ctx } from '../shared/context.js';
import { InputError, isInputError, WrongStateError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { discountFromColumns, paymentMode } from '../../domain/order-lifecycle.js';
import { discountColumns } from '../../domain/order-totals.js';
import { requireClient } from '../customers/customers.service.js';
import { currentShop } from '../shops/shops.service.js';
import { ON_SITE } from '../venue/venue.schemas.js';
import { changingValidatedOrder } from './sales.events.js';
import { priceItems, toDiscount, toId, totalsOf, type PricedLine } from './sales.pricing.js';
import type { OrderEditInput } from './sales.schemas.js';
import { FULFILMENT } from './sales.schemas.js';
import { rememberKey, replayedOrder } from './sales.idempotency.js';
import { orderView, requireOrder } from './sales.view.js';
import * as venue from '../venue/venue.service.js';
import * as repo from './sales.repository.js';
import { header, lineRows, pay, paymentCode, validate } from './sales.steps.js';

const QUOTE_ONLY = ['items', 'deliveryMethod', 'discount', 'idClient'] as const;

export async function editOrder(ctx: Ctx, input: OrderEditInput) {
  return inTransaction(ctx, async (tx) => {
    // The order's row is locked first: what is due, whether it is still a quote, its table and covers
    // are read after any concurrent edit or refund of it has committed (db/locks.ts). The idempotency
    // key is looked up after the lock, so that a retry waiting on it replays the first call's result.
    let order = await requireOrder(tx, input, true);
    const replay = await replayedOrder(tx, 'edit', input.idempotencyKey, input);
    if (replay !== undefined) return orderView(tx, replay, { replayed: true });
    const shop = await currentShop(tx);
    const ref = order.number ?? order.id;

    const quoteField = QUOTE_ONLY.find((f) => input[f] !== undefined);
    if (quoteField && order.status !== 'quote') {
      throw new WrongStateError(
        quoteField,
        `Order ${ref} is validated: its lines and amounts never change. To correct it, refund it ({{refund}}) and record a new sale.`,
      );
    }
    const payment = await paymentCode(tx, input.payment);
    if (input.paymentAmount !== undefined && (payment === undefined || payment < 0)) {
      throw new InputError(
        'paymentAmount',
        'paymentAmount needs payment set to a payment method id ({{list:payments_modes}}).',
      );
    }
    const mode = payment === undefined ? undefined : paymentMode(payment);
    if (mode === 'quote' && order.status !== 'quote')
      throw new WrongStateError('payment', `Order ${ref} is validated; it cannot go back to a quote.`);
    if (order.refund_of !== null && mode !== undefined)
      throw new WrongStateError('payment', `Order ${ref} is a credit note; it takes no payment.`);

    const now = nowIso(tx);
    if (quoteField) {
      const deliveryMethod = input.deliveryMethod ?? order.delivery_method;
      await venue.requireDeliveryMethod(tx, deliveryMethod, 'deliveryMethod');
      let lines: PricedLine[];
      if (input.items) {
        lines = await priceItems(tx, input.items, deliveryMethod === ON_SITE, shop.defaultVatBp);
      } else {
        // the quote's own lines, at their quoted prices and, unless the order moves between eating in
        // and taking away (which decides the rate), at their quoted VAT rates
        const stored = await repo.linesOf(tx.db, tx.shopId, [order.id]);
        lines = await stillSold(tx, order, stored, deliveryMethod === ON_SITE, shop.defaultVatBp);
        if ((deliveryMethod === ON_SITE) === (order.delivery_method === ON_SITE))
          lines = lines.map((l, i) => ({ ...l, vatBp: stored[i]!.vat_bp }));
      }
      const discount = input.discount
        ? toDiscount(input.discount, 'discount')
        : discountFromColumns(order.discount_kind, order.discount_value);
      const totals = totalsOf(lines, discount);
      const clientId =
        input.idClient === undefined
          ? order.client_id
          : (await requireClient(tx, toId(input.idClient, 'idClient'), 'idClient')).id;
      await repo.deleteLines(tx.db, tx.shopId, order.id);
      await repo.insertLines(tx.db, lineRows(tx, order.id, lines, totals));
      await repo.updateOrder(tx.db, tx.shopId, order.id, {
        delivery_method: deliveryMethod,
        client_id: clientId,
        subtotal: totals.subtotal,
        discount_kind: discountColumns(discount).kind,
        discount_value: discountColumns(discount).value,
        discount_total: totals.orderDiscount,
        total: totals.total,
        updated_at: now,
      });
    }
    const h = await header(tx, shop, input);
    const status =
      input.status === undefined ? {} : { fulfilment: input.status satisfies (typeof FULFILMENT)[number] };
    if (Object.keys(h).length > 0 || input.status !== undefined) {
      const update = () => repo.updateOrder(tx.db, tx.shopId, order.id, { ...h, ...status, updated_at: now });
      // The reports count a validated order under its table and covers: move it along with them, and
      // its credit notes, which count under the original's table.
      if (order.status === 'validated' && ('table_id' in h || 'covers' in h)) {
        // the credit notes' rows are locked before the shop's (the order of locks, db/locks.ts)
        const notes = 'table_id' in h ? await repo.creditNotesOf(tx.db, tx.shopId, order.id, true) : [];
        await changingValidatedOrder(tx, order.id, update);
        for (const note of notes)
          await changingValidatedOrder(tx, note.id, () =>
            repo.updateOrder(tx.db, tx.shopId, note.id, { table_id: h.table_id ?? null, updated_at: now }),
          );
      } else await update();
    }
    let warnings: string[] = [];
    if (mode !== undefined && mode !== 'quote' && order.status === 'quote') {
      // A quote keeps its prices, but sells only what is still sold: a product archived or a choice
      // made unavailable since it was quoted is refused as in a new sale (the lines priced
      // again for the check only; what was quoted is what is validated).
      if (!quoteField) {
        const stored = await repo.linesOf(tx.db, tx.shopId, [order.id]);
        await stillSold(tx, order, stored, order.delivery_method === ON_SITE, shop.defaultVatBp);
      }
      await stillThere(tx, order, input);
      warnings = (await validate(tx, shop, order.id)).warnings;
    }
    if (typeof mode === 'number') {
      order = await requireOrder(tx, { orderId: order.id });
      warnings.push(...(await pay(tx, shop, order, mode, input.paymentAmount)).warnings);
    }
    await rememberKey(tx, 'edit', input.idempotencyKey, input, order.id);
    return orderView(tx, order.id, { warnings }, shop);
  });
}

/**
 * The quote's stored lines priced again (at their quoted prices): a product archived, or a choice made
 * unavailable, since it was quoted is refused, naming the quote's line rather than fields never sent.
 */
async function stillSold(
  tx: Ctx,
  order: repo.OrderRow,
  stored: repo.LineRow[],
  onSite: boolean,
  defaultVatBp: number,
): Promise<PricedLine[]> {
  try {
    return await priceItems(tx, stored.map(storedAsItem), onSite, defaultVatBp);
  } catch (error) {
    if (!isInputError(error)) throw error;
    const i = Number(/^items\[(\d+)\]/.exec(error.field)?.[1] ?? -1);
    const line = stored[i];
    throw new WrongStateError(
      'items',
      `Quote ${order.id} can no longer be recorded as it is${line ? `: its line ${i + 1} ("${line.title}")` : ''}. ${error.message} Give the quote's items again (items) without it, or bring it back first.`,
    );
  }
}

/** The client, table, cashbox, user, relay point and delivery person the quote names, if not replaced: still there. */
async function stillThere(tx: Ctx, order: repo.OrderRow, input: OrderEditInput) {
  if (order.client_id !== null && input.idClient === undefined)
    await requireClient(tx, order.client_id, 'idClient');
  if (order.table_id !== null && input.idtable === undefined) {
    const number = (await venue.tableNumbers(tx, [order.table_id])).get(order.table_id);
    if (number !== undefined) await venue.requireTable(tx, number, 'idtable');
  }
  const refs = [
    ['cashboxes', order.cashbox_id, 'idcaisse'],
    ['users', order.user_id, 'idUser'],
    ['relay_points', order.relay_point_id, 'relayPointId'],
    ['delivery_men', order.delivery_man_id, 'deliveryManId'],
  ] as const;
  for (const [table, id, field] of refs) if (id !== null) await venue.requireRef(tx, table, id, field);
}

/** A stored quote line as an item, to reprice it (e.g. after a change of delivery method). */
function storedAsItem(l: repo.LineRow) {
  const price = fromCents(l.unit_price);
  const discount = l.discount > 0 ? { discount: { amount: fromCents(l.discount) } } : {};
  if (l.kind === 'catalog' && l.product_id !== null) {
    const variations = JSON.parse(l.variations) as { id: number }[];
    return {
      type: 'catalog' as const,
      productId: l.product_id,
      quantity: l.quantity,
      titleOverride: l.title,
      priceOverride: price,
      declinaisons: variations.map((v) => v.id),
      ...discount,
    };
  }
  if (l.kind === 'dept' && l.department_id !== null)
    return {
      type: 'dept' as const,
      departmentId: l.department_id,
      quantity: l.quantity,
      price,
      title: l.title,
      ...discount,
    };
  return { type: 'free' as const, quantity: l.quantity, price, title: l.title, ...discount };
}
