/**
 * The steps the sales use cases share, inside their transaction: an order's lines as rows, its
 * validation (number, reports, stock), a payment, the order's header fields checked against the shop.
 */
import { type Ctx } from '../shared/context.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { MAX_COVERS, MAX_ID } from '../../domain/limits.js';
import { fromCents, toCents } from '../../domain/money.js';
import { type Discount } from '../../domain/order-totals.js';
import { parseLocalDateTime, paymentDay, validationMoment } from '../../domain/time.js';
import { lockedClock, nextOrderNumber, shopClock, type Shop } from '../shops/shops.service.js';
import { lineVats } from '../../domain/line-vat.js';
import { tell } from './sales.events.js';
import { toDiscount, toId, totalsOf, type PricedLine } from './sales.pricing.js';
import type { SaleCreateInput } from './sales.schemas.js';
import { dueOf } from './sales.view.js';
import * as catalog from '../catalog/catalog.service.js';
import { paymentMethodNamed } from '../venue/venue.payment-modes.js';
import * as venue from '../venue/venue.service.js';
import * as repo from './sales.repository.js';

function toCount(value: number | string, field: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(field, `"${value}" is not valid: give a whole number from ${min} to ${max}.`);
  return n;
}

export async function orderDiscount(
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

export function lineRows(
  ctx: Ctx,
  orderId: number,
  lines: PricedLine[],
  totals: ReturnType<typeof totalsOf>,
) {
  const vats = lineVats(lines.map((l, i) => ({ net: totals.lineNets[i] ?? 0, vatBp: l.vatBp })));
  return lines.map((l, i) => ({
    shop_id: ctx.shopId,
    order_id: orderId,
    position: i + 1,
    kind: l.kind,
    product_id: l.productId,
    department_id: l.departmentId,
    title: l.title,
    product_title: l.productTitle ?? null,
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
 * Returns stock warnings and the order's row as it is then. `lines`: the order's lines when the caller
 * has just written them (else they are read; the listeners get them with the order's row either way).
 */
export async function validate(
  ctx: Ctx,
  shop: Shop,
  orderId: number,
  lines?: repo.LineRow[],
): Promise<{ warnings: string[]; order: repo.OrderRow }> {
  const number = await nextOrderNumber(ctx);
  const at = ctx.clock();
  const now = at.toISOString();
  const order = await repo.updateOrderReturning(ctx.db, ctx.shopId, orderId, {
    status: 'validated',
    number,
    validated_at: now,
    updated_at: now,
    ...validationMoment(at, await lockedClock(ctx)), // the clock as stored under the lock, not as read before
  });
  const sold = lines ?? (await repo.linesOf(ctx.db, ctx.shopId, [orderId]));
  await tell('orderValidated', ctx, orderId, { order, lines: sold });
  const warnings = await catalog.takeFromStock(
    ctx,
    sold.flatMap((l) => (l.product_id === null ? [] : [{ productId: l.product_id, quantity: l.quantity }])),
    orderId,
  );
  return { warnings, order };
}

/**
 * Records a payment of `amount` cents (default: all that is due) with method `methodId`. Returns what to
 * tell the user (nothing was due, so nothing was recorded), and the payment and the order's row as they
 * are then. `known`: what the caller has read already (the method, checked; the order's credit notes).
 */
export async function pay(
  ctx: Ctx,
  shop: Shop,
  order: repo.OrderRow,
  methodId: number,
  amount: number | undefined,
  known: { method?: PaymentMethod; creditNotes?: repo.OrderRow[] } = {},
): Promise<{ warnings: string[]; payment?: repo.PaymentRow; order: repo.OrderRow }> {
  const method = known.method ?? (await venue.requirePaymentMethod(ctx, methodId, 'payment', 'payment'));
  if (method.is_refund === 1)
    throw new InputError(
      'payment',
      `"${method.name}" is a refund method; to pay money back use {{refund}}. Pick a payment method from {{list:payments_modes}}.`,
    );
  const due = dueOf(order, known.creditNotes ?? (await repo.creditNotesOf(ctx.db, ctx.shopId, order.id)));
  if (due === 0) {
    if (amount !== undefined)
      throw new WrongStateError(
        'paymentAmount',
        `Order ${order.number ?? order.id} has nothing left to pay.`,
      );
    return {
      warnings: [`Order ${order.number ?? order.id} has nothing left to pay: no payment was recorded.`],
      order,
    };
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
    ...paymentDay(at, await lockedClock(ctx)),
  };
  const recorded = await repo.insertPayment(ctx.db, payment);
  await tell('paymentRecorded', ctx, { ...payment, id: recorded.id });
  return {
    warnings: [],
    payment: recorded,
    order: await repo.addPaid(ctx.db, ctx.shopId, order.id, cents, now),
  };
}

type PaymentMethod = Awaited<ReturnType<typeof venue.requirePaymentMethod>>;

interface Header {
  table_id?: number | null;
  covers?: number | null;
  pager?: string | null;
  delivery_time?: string | null;
  public_comment?: string | null;
  private_comment?: string | null;
}

/** `payment` as the code or method id it stands for: a numeric text read as its number, words as the method they name. */
export async function paymentCode(ctx: Ctx, value: number | string | undefined): Promise<number | undefined> {
  if (typeof value !== 'string') return value;
  if (/^\s*-?\d+\s*$/.test(value)) return Number(value);
  return paymentMethodNamed(ctx, value, 'payment');
}

/** The non-fiscal fields of an order, checked against the shop. */
export async function header(
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

export async function optionalRef(
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
