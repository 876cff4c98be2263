/**
 * Sales use cases: record a sale, edit an order (validate, pay, move, comment), read orders. Each write is
 * one transaction: an error leaves nothing written.
 */
import { inTransaction, nowIso, type Ctx } from '../shared/context.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { MAX_COVERS, MAX_ID } from '../../domain/limits.js';
import { fromCents, toCents } from '../../domain/money.js';
import { discountFromColumns, paymentMode, UNPAID } from '../../domain/order-lifecycle.js';
import { discountColumns, type Discount } from '../../domain/order-totals.js';
import {
  businessDayOf,
  businessDayRange,
  parseDateBound,
  parseLocalDateTime,
  paymentDay,
  toShopIso,
  validationMoment,
} from '../../domain/time.js';
import * as catalog from '../catalog/catalog.service.js';
import { createClient, requireClient } from '../customers/customers.service.js';
import { currentShop, nextOrderNumber, shopClock, type Shop } from '../shops/shops.service.js';
import * as venue from '../venue/venue.service.js';
import { COUNTER, ON_SITE, RELAY_POINT } from '../venue/venue.schemas.js';
import { lineVats } from '../../domain/line-vat.js';
import { changingValidatedOrder, tell } from './sales.events.js';
import { priceItems, toDiscount, toId, totalsOf, type PricedLine } from './sales.pricing.js';
import * as repo from './sales.repository.js';
import type { ListOrdersInput, OrderEditInput, SaleCreateInput } from './sales.schemas.js';
import { FULFILMENT } from './sales.schemas.js';
import { rememberKey, replayedOrder } from './sales.idempotency.js';
import { dueOf, orderSummaries, orderView, requireOrder } from './sales.view.js';

function toCount(value: number | string, field: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(field, `"${value}" is not valid: give a whole number from ${min} to ${max}.`);
  return n;
}

async function orderDiscount(
  ctx: Ctx,
  input: Pick<SaleCreateInput, 'discount' | 'discountId'>,
): Promise<Discount | undefined> {
  if (input.discount && input.discountId !== undefined)
    throw new InputError('discountId', 'Give either discount or discountId, not both.');
  if (input.discount) return toDiscount(input.discount, 'discount');
  if (input.discountId === undefined) return undefined;
  const d = await catalog.findDiscount(ctx, toId(input.discountId, 'discountId'));
  if (!d)
    throw new NotFoundError(
      'discountId',
      `No discount has id ${input.discountId} in this shop. Call {{list:discounts}} for the ids.`,
    );
  return d.kind === 'percent' ? { kind: 'percent', valueBp: d.value } : { kind: 'amount', cents: d.value };
}

function lineRows(ctx: Ctx, orderId: number, lines: PricedLine[], totals: ReturnType<typeof totalsOf>) {
  const vats = lineVats(lines.map((l, i) => ({ net: totals.lineNets[i] ?? 0, vatBp: l.vatBp })));
  return lines.map((l, i) => ({
    shop_id: ctx.shopId,
    order_id: orderId,
    position: i + 1,
    kind: l.kind,
    product_id: l.productId,
    department_id: l.departmentId,
    title: l.title,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    variations: JSON.stringify(l.variations),
    discount: totals.lines[i]?.discount ?? 0,
    total: totals.lines[i]?.total ?? 0,
    net_total: totals.lineNets[i] ?? 0,
    vat_bp: l.vatBp,
    vat: vats[i] ?? 0,
    refund_of_line: null,
  }));
}

/**
 * Gives a quote or a new order its number, adds it to the reports and takes its products out of stock.
 * Returns stock warnings.
 */
async function validate(ctx: Ctx, shop: Shop, orderId: number): Promise<string[]> {
  const number = await nextOrderNumber(ctx);
  const at = ctx.clock();
  const now = at.toISOString();
  await repo.updateOrder(ctx.db, ctx.shopId, orderId, {
    status: 'validated',
    number,
    validated_at: now,
    updated_at: now,
    ...validationMoment(at, shopClock(shop)),
  });
  await tell('orderValidated', ctx, orderId);
  const lines = await repo.linesOf(ctx.db, ctx.shopId, [orderId]);
  return catalog.takeFromStock(
    ctx,
    lines.flatMap((l) => (l.product_id === null ? [] : [{ productId: l.product_id, quantity: l.quantity }])),
  );
}

/**
 * Records a payment of `amount` cents (default: all that is due) with method `methodId`. Returns what to
 * tell the user (nothing was due, so nothing was recorded).
 */
async function pay(
  ctx: Ctx,
  shop: Shop,
  order: repo.OrderRow,
  methodId: number,
  amount: number | undefined,
): Promise<string[]> {
  const method = await venue.requirePaymentMethod(ctx, methodId, 'payment', 'payment');
  if (method.is_refund === 1)
    throw new InputError(
      'payment',
      `"${method.name}" is a refund method; to pay money back use {{refund}}. Pick a payment method from {{list:payments_modes}}.`,
    );
  const due = dueOf(order, await repo.creditNotesOf(ctx.db, ctx.shopId, order.id));
  if (due === 0) {
    if (amount !== undefined)
      throw new WrongStateError(
        'paymentAmount',
        `Order ${order.number ?? order.id} has nothing left to pay.`,
      );
    return [`Order ${order.number ?? order.id} has nothing left to pay: no payment was recorded.`];
  }
  const cents = amount === undefined ? due : toCents(amount, 'paymentAmount');
  if (cents <= 0) throw new InputError('paymentAmount', 'paymentAmount must be positive.');
  if (cents > due) {
    throw new InputError(
      'paymentAmount',
      `paymentAmount ${fromCents(cents)} is more than the ${fromCents(due)} ${order.currency} left to pay; give at most ${fromCents(due)} (change given back is not recorded).`,
    );
  }
  const at = ctx.clock();
  const now = at.toISOString();
  const payment = {
    shop_id: ctx.shopId,
    order_id: order.id,
    method_id: method.id,
    amount: cents,
    created_at: now,
    ...paymentDay(at, shopClock(shop)),
  };
  await repo.insertPayment(ctx.db, payment);
  await tell('paymentRecorded', ctx, payment);
  await repo.addPaid(ctx.db, ctx.shopId, order.id, cents, now);
  return [];
}

interface Header {
  table_id?: number | null;
  covers?: number | null;
  pager?: string | null;
  delivery_time?: string | null;
  public_comment?: string | null;
  private_comment?: string | null;
}

/** The non-fiscal fields of an order, checked against the shop. */
async function header(
  ctx: Ctx,
  shop: Shop,
  input: Partial<
    Pick<
      SaleCreateInput,
      'idtable' | 'numcouverts' | 'pagerNum' | 'deliveryTime' | 'publicComment' | 'privateComment'
    >
  >,
): Promise<Header> {
  const h: Header = {};
  if (input.idtable !== undefined)
    h.table_id = (await venue.requireTable(ctx, toCount(input.idtable, 'idtable', 1, MAX_ID), 'idtable')).id;
  if (input.numcouverts !== undefined) h.covers = toCount(input.numcouverts, 'numcouverts', 0, MAX_COVERS);
  if (input.pagerNum !== undefined) h.pager = String(input.pagerNum);
  if (input.deliveryTime !== undefined)
    h.delivery_time = parseLocalDateTime(input.deliveryTime, shopClock(shop), 'deliveryTime').toISOString();
  if (input.publicComment !== undefined) h.public_comment = input.publicComment;
  if (input.privateComment !== undefined) h.private_comment = input.privateComment;
  return h;
}

async function optionalRef(
  ctx: Ctx,
  table: Parameters<typeof venue.requireRef>[1],
  value: number | string | undefined,
  field: string,
) {
  if (value === undefined) return null;
  const id = toId(value, field);
  await venue.requireRef(ctx, table, id, field);
  return id;
}

export async function createSale(ctx: Ctx, input: SaleCreateInput) {
  // The order is read back after the commit: the transaction holds the shop's numbering lock, and
  // reading the view inside it would make every other sale of the shop wait for those reads too.
  const done = await inTransaction(ctx, async (tx) => {
    const replay = await replayedOrder(tx, 'sale', input.idempotencyKey, input);
    if (replay !== undefined) return { orderId: replay, extra: { replayed: true } };

    const shop = await currentShop(tx);
    const mode = paymentMode(input.payment ?? UNPAID);
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
    if (typeof mode === 'number') await venue.requirePaymentMethod(tx, mode, 'payment', 'payment');
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
    await repo.insertLines(tx.db, lineRows(tx, orderId, lines, totals));
    let warnings: string[] = [];
    if (mode !== 'quote') warnings = await validate(tx, shop, orderId);
    if (typeof mode === 'number') {
      const order = await requireOrder(tx, { orderId });
      warnings.push(...(await pay(tx, shop, order, mode, input.paymentAmount)));
    }
    await rememberKey(tx, 'sale', input.idempotencyKey, input, orderId);
    return { orderId, extra: { warnings }, shop };
  });
  return orderView(ctx, done.orderId, done.extra, 'shop' in done ? done.shop : undefined);
}

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
    if (input.paymentAmount !== undefined && (input.payment === undefined || input.payment < 0)) {
      throw new InputError(
        'paymentAmount',
        'paymentAmount needs payment set to a payment method id ({{list:payments_modes}}).',
      );
    }
    const mode = input.payment === undefined ? undefined : paymentMode(input.payment);
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
        const stored = await repo.linesOf(tx.db, tx.shopId, [order.id]);
        lines = await priceItems(tx, stored.map(storedAsItem), deliveryMethod === ON_SITE, shop.defaultVatBp);
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
    if (mode !== undefined && mode !== 'quote' && order.status === 'quote')
      warnings = await validate(tx, shop, order.id);
    if (typeof mode === 'number') {
      order = await requireOrder(tx, { orderId: order.id });
      warnings.push(...(await pay(tx, shop, order, mode, input.paymentAmount)));
    }
    await rememberKey(tx, 'edit', input.idempotencyKey, input, order.id);
    return orderView(tx, order.id, { warnings }, shop);
  });
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
