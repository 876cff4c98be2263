/**
 * Sales use cases: record a sale, read orders; editing is sales.edit.ts, refunds sales.refund.ts. Each
 * write is one transaction: an error leaves nothing written.
 */
import { inTransaction, nowIso, type Ctx } from '../shared/context.js';
import { InputError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { paymentMode, UNPAID } from '../../domain/order-lifecycle.js';
import { discountColumns } from '../../domain/order-totals.js';
import { businessDayOf, businessDayRange, parseDateBound, toShopIso } from '../../domain/time.js';
import { createClient, requireClient } from '../customers/customers.service.js';
import { currentShop, shopClock, type Shop } from '../shops/shops.service.js';
import { COUNTER, ON_SITE, RELAY_POINT } from '../venue/venue.schemas.js';
import { priceItems, toId, totalsOf } from './sales.pricing.js';
import type { ListOrdersInput, SaleCreateInput } from './sales.schemas.js';
import { rememberKey, replayedOrder } from './sales.idempotency.js';
import { orderSummaries, orderView, requireOrder } from './sales.view.js';
import * as venue from '../venue/venue.service.js';
import * as repo from './sales.repository.js';
import { orderDiscount, lineRows, validate, pay, header, optionalRef, paymentCode } from './sales.steps.js';
export { editOrder } from './sales.edit.js';

export async function createSale(ctx: Ctx, input: SaleCreateInput) {
  // The order is read back after the commit: the transaction holds the shop's numbering lock, and
  // reading the view inside it would make every other sale of the shop wait for those reads too.
  const done = await inTransaction(ctx, async (tx) => {
    const replay = await replayedOrder(tx, 'sale', input.idempotencyKey, input);
    if (replay !== undefined) return { orderId: replay, extra: { replayed: true } };

    const shop = await currentShop(tx);
    const mode = paymentMode((await paymentCode(tx, input.payment)) ?? UNPAID);
    if (input.paymentAmount !== undefined && typeof mode !== 'number') {
      throw new InputError(
        'paymentAmount',
        'paymentAmount needs payment set to a payment method id ({{list:payments_modes}}).',
      );
    }
    const deliveryMethod = input.deliveryMethod ?? (input.idtable !== undefined ? ON_SITE : COUNTER);
    await venue.requireDeliveryMethod(tx, deliveryMethod, 'deliveryMethod');
    const h = await header(tx, shop, input);
    const cashboxId = await optionalRef(tx, 'cashboxes', input.idcaisse, 'idcaisse');
    const userId = await optionalRef(tx, 'users', input.idUser, 'idUser');
    const relayPointId = await optionalRef(tx, 'relay_points', input.relayPointId, 'relayPointId');
    const deliveryManId = await optionalRef(tx, 'delivery_men', input.deliveryManId, 'deliveryManId');
    if (deliveryMethod === RELAY_POINT && relayPointId === null)
      throw new InputError(
        'relayPointId',
        'A relay point sale (deliveryMethod 5) needs relayPointId ({{list:relay_points}}).',
      );
    let clientId: number | null = null;
    if (input.idClient !== undefined)
      clientId = (await requireClient(tx, toId(input.idClient, 'idClient'), 'idClient')).id;

    const items = [...(input.items ?? []), ...(input.itemsList ?? [])];
    const lines = await priceItems(tx, items, deliveryMethod === ON_SITE, shop.defaultVatBp);
    const discount = await orderDiscount(tx, input);
    const totals = totalsOf(lines, discount);
    const method =
      typeof mode === 'number' ? await venue.requirePaymentMethod(tx, mode, 'payment', 'payment') : undefined;
    if (clientId === null && input.client) clientId = await createClient(tx, input.client, 'client');

    const now = nowIso(tx);
    const orderId = await repo.insertOrder(tx.db, {
      shop_id: tx.shopId,
      number: null,
      status: 'quote',
      delivery_method: deliveryMethod,
      table_id: h.table_id ?? null,
      covers: h.covers ?? null,
      pager: h.pager ?? null,
      cashbox_id: cashboxId,
      user_id: userId,
      client_id: clientId,
      relay_point_id: relayPointId,
      delivery_man_id: deliveryManId,
      public_comment: h.public_comment ?? null,
      private_comment: h.private_comment ?? null,
      fulfilment: 'pending',
      delivery_time: h.delivery_time ?? null,
      currency: shop.currency,
      subtotal: totals.subtotal,
      discount_kind: discountColumns(discount).kind,
      discount_value: discountColumns(discount).value,
      discount_total: totals.orderDiscount,
      total: totals.total,
      paid: 0,
      refund_of: null,
      created_at: now,
      validated_at: null,
      updated_at: now,
    });
    const written = await repo.insertLines(tx.db, lineRows(tx, orderId, lines, totals));
    const warnings: string[] = [];
    let order: repo.OrderRow | undefined;
    const payments: repo.PaymentRow[] = [];
    if (mode !== 'quote') {
      const v = await validate(tx, shop, orderId, written);
      warnings.push(...v.warnings);
      order = v.order;
    }
    if (typeof mode === 'number' && order) {
      // a new order: no credit note yet, and the method was checked above
      const p = await pay(tx, shop, order, mode, input.paymentAmount, { method, creditNotes: [] });
      warnings.push(...p.warnings);
      if (p.payment) payments.push(p.payment);
      order = p.order;
    }
    await rememberKey(tx, 'sale', input.idempotencyKey, input, orderId);
    // what was written is what the view shows (a quote is read back: nothing above returned its row)
    const rows = order && {
      order,
      lines: written,
      payments,
      methodNames: method && new Map([[method.id, method.name]]),
    };
    return { orderId, extra: { warnings }, shop, rows };
  });
  if ('rows' in done && done.rows) return orderView(ctx, done.orderId, done.extra, done.shop, done.rows);
  return orderView(ctx, done.orderId, done.extra, 'shop' in done ? done.shop : undefined);
}

export async function orderDetail(
  ctx: Ctx,
  ref: { orderId?: number | undefined; orderNumber?: number | undefined },
) {
  const o = await requireOrder(ctx, ref);
  return orderView(ctx, o.id);
}

function period(shop: Shop, now: Date, from?: string, to?: string) {
  const clock = shopClock(shop);
  const today = businessDayRange(businessDayOf(now, clock), clock);
  const start = from === undefined ? today.from : parseDateBound(from, 'from', clock, 'from_date_ISO8601');
  const end =
    to !== undefined
      ? parseDateBound(to, 'to', clock, 'to_date_ISO8601')
      : businessDayRange(businessDayOf(start, clock), clock).to;
  if (end.getTime() <= start.getTime()) {
    throw new InputError(
      'to_date_ISO8601',
      `The period ends (${toShopIso(end, clock)}) before it starts (${toShopIso(start, clock)}): swap the dates, or give a to date after the from date.`,
    );
  }
  return { start, end, clock };
}

export async function listOrders(ctx: Ctx, input: ListOrdersInput) {
  const shop = await currentShop(ctx);
  const { start, end, clock } = period(shop, ctx.clock(), input.from_date_ISO8601, input.to_date_ISO8601);
  const page = await repo.pageOrders(
    ctx.db,
    ctx.shopId,
    {
      validatedOnly: input.validatedOrders,
      from: start.toISOString(),
      to: end.toISOString(),
      deliveryMethod: input.filterDeliveryMethod,
    },
    input,
  );
  return {
    period: { from: toShopIso(start, clock), to: toShopIso(end, clock), timeZone: shop.timeZone },
    currency: shop.currency,
    summary: { orders: page.total, total: fromCents(page.sumTotal), paid: fromCents(page.sumPaid) },
    total: page.total,
    count: page.items.length,
    nextCursor: page.nextCursor,
    items: await orderSummaries(ctx, shop, page.items),
  };
}

export async function listPendingOrders(
  ctx: Ctx,
  input: { filterDeliveryMethod?: number | undefined; limit: number; cursor?: string | undefined },
) {
  const shop = await currentShop(ctx);
  const page = await repo.pageOrders(
    ctx.db,
    ctx.shopId,
    { validatedOnly: true, pendingOnly: true, deliveryMethod: input.filterDeliveryMethod },
    input,
  );
  return {
    total: page.total,
    count: page.items.length,
    nextCursor: page.nextCursor,
    items: await orderSummaries(ctx, shop, page.items),
  };
}
