/**
 * Reads orders back as the tools show them: amounts in major units, times in the shop's zone, the VAT
 * breakdown from the stored line amounts, and what is still due once payments and credit notes count.
 */
import type { Ctx } from '../shared/context.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { amountDue, paymentStatusOf } from '../../domain/order-lifecycle.js';
import { fromCents, vatFromTtc } from '../../domain/money.js';
import { toShopIso } from '../../domain/time.js';
import { clientName, clientsByIds } from '../customers/customers.service.js';
import { currentShop, shopClock, type Shop } from '../shops/shops.service.js';
import { deliveryMethodName, paymentMethodNames, tableNumbers } from '../venue/venue.service.js';
import * as repo from './sales.repository.js';
import { FULFILMENT, type OrderSummary, type OrderView } from './sales.schemas.js';

type Fulfilment = (typeof FULFILMENT)[number];
const asFulfilment = (s: string): Fulfilment =>
  (FULFILMENT as readonly string[]).includes(s) ? (s as Fulfilment) : 'pending';

/** VAT per rate from line amounts (VAT included): HT + VAT = TTC for every rate. */
export function vatOf(lines: { net_total: number; vat_bp: number }[]) {
  const byRate = new Map<number, number>();
  for (const l of lines) byRate.set(l.vat_bp, (byRate.get(l.vat_bp) ?? 0) + l.net_total);
  return [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBp, ttc]) => {
      const vat = vatFromTtc(ttc, rateBp);
      return { rateBp, ttc, vat, ht: ttc - vat };
    });
}

/** An order row's money, as the order lifecycle reads it (domain/order-lifecycle.ts). */
const moneyOf = (o: Pick<repo.OrderRow, 'status' | 'refund_of' | 'total' | 'paid'>) => ({
  quote: o.status === 'quote',
  creditNote: o.refund_of !== null,
  total: o.total,
  paid: o.paid,
});

export function paymentStatus(
  o: Pick<repo.OrderRow, 'status' | 'refund_of' | 'total' | 'paid'>,
  due: number,
): OrderSummary['paymentStatus'] {
  return paymentStatusOf(moneyOf(o), due);
}

/** What the customer still owes on a sale, once its credit notes count (a credit note owes nothing). */
export function dueOf(o: repo.OrderRow, creditNotes: repo.OrderRow[]): number {
  return amountDue(moneyOf(o), creditNotes);
}

/** The order named by id or number, or an error naming the field; `lock` locks its row (db/locks.ts). */
export async function requireOrder(
  ctx: Ctx,
  ref: { orderId?: number | undefined; orderNumber?: number | undefined },
  lock = false,
) {
  if (ref.orderId !== undefined && ref.orderNumber !== undefined)
    throw new InputError(
      'orderNumber',
      'Give orderId or orderNumber, not both: they could name two different orders. orderNumber is the number printed on the receipt.',
    );
  if (ref.orderId === undefined && ref.orderNumber === undefined) {
    throw new InputError(
      'orderId',
      'Give orderId (or orderNumber, the number printed on the receipt). {{list:orders}} lists them.',
    );
  }
  const o = await repo.findOrder(
    ctx.db,
    ctx.shopId,
    ref.orderId !== undefined ? { id: ref.orderId } : { number: ref.orderNumber ?? 0 },
    lock,
  );
  if (!o) {
    const [field, v] =
      ref.orderId !== undefined ? ['orderId', ref.orderId] : ['orderNumber', ref.orderNumber];
    throw new NotFoundError(
      field,
      `No order has ${field === 'orderId' ? 'id' : 'number'} ${v} in this shop. Call {{list:orders}} to find it.`,
    );
  }
  return o;
}

/**
 * The rows of an order that its use case has just written, so that the view need not read them back: a
 * new order has no credit note and no line refunded yet.
 */
export interface WrittenOrder {
  order: repo.OrderRow;
  lines: repo.LineRow[];
  payments: repo.PaymentRow[];
  /** the names of the payments' methods (read back when not given) */
  methodNames?: Map<number, string> | undefined;
}

export async function orderView(
  ctx: Ctx,
  orderId: number,
  extra: { warnings?: string[]; replayed?: boolean } = {},
  shop?: Shop,
  written?: WrittenOrder,
): Promise<OrderView> {
  const s = shop ?? (await currentShop(ctx));
  const clock = shopClock(s);
  const o = written?.order ?? (await repo.findOrder(ctx.db, ctx.shopId, { id: orderId }));
  if (!o) throw new Error(`order ${orderId} vanished`);
  const [lines, payments, creditNotes] = written
    ? [written.lines, written.payments, [] as repo.OrderRow[]]
    : await Promise.all([
        repo.linesOf(ctx.db, ctx.shopId, [o.id]),
        repo.paymentsOf(ctx.db, ctx.shopId, o.id),
        repo.creditNotesOf(ctx.db, ctx.shopId, o.id),
      ]);
  const methodNames =
    written?.methodNames ??
    (await paymentMethodNames(
      ctx,
      payments.map((p) => p.method_id),
    ));
  const refundedQty = written
    ? new Map<number, number>()
    : await repo.refundedQuantities(
        ctx.db,
        ctx.shopId,
        lines.map((l) => l.id),
      );
  const clients = await clientsByIds(ctx, o.client_id === null ? [] : [o.client_id]);
  const tables = await tableNumbers(ctx, o.table_id === null ? [] : [o.table_id]);
  const vat = vatOf(lines);
  const due = dueOf(o, creditNotes);
  const vatTotal = vat.reduce((t, v) => t + v.vat, 0);
  return {
    id: o.id,
    number: o.number,
    status: o.status === 'quote' ? 'quote' : 'validated',
    kind: o.refund_of === null ? 'sale' : 'credit_note',
    paymentStatus:
      o.refund_of !== null
        ? o.paid === o.total
          ? 'paid'
          : o.paid === 0
            ? 'unpaid'
            : 'partially_paid'
        : paymentStatus(o, due),
    currency: o.currency,
    deliveryMethod: { id: o.delivery_method, name: deliveryMethodName(o.delivery_method) },
    table: o.table_id === null ? null : (tables.get(o.table_id) ?? null),
    covers: o.covers,
    pager: o.pager,
    cashboxId: o.cashbox_id,
    userId: o.user_id,
    client: o.client_id === null ? null : { id: o.client_id, name: clientName(clients.get(o.client_id)) },
    relayPointId: o.relay_point_id,
    deliveryManId: o.delivery_man_id,
    publicComment: o.public_comment,
    privateComment: o.private_comment,
    fulfilment: asFulfilment(o.fulfilment),
    deliveryTime: o.delivery_time === null ? null : toShopIso(new Date(o.delivery_time), clock),
    createdAt: toShopIso(new Date(o.created_at), clock),
    validatedAt: o.validated_at === null ? null : toShopIso(new Date(o.validated_at), clock),
    lines: lines.map((l) => ({
      id: l.id,
      kind: l.kind === 'dept' ? 'dept' : l.kind === 'free' ? 'free' : 'catalog',
      productId: l.product_id,
      departmentId: l.department_id,
      title: l.title,
      quantity: l.quantity,
      unitPrice: fromCents(l.unit_price),
      variations: (JSON.parse(l.variations) as { id: number; name: string; priceDelta: number }[]).map(
        (v) => ({ ...v, priceDelta: fromCents(v.priceDelta) }),
      ),
      discount: fromCents(l.discount),
      total: fromCents(l.total),
      vatRate: l.vat_bp / 100,
      refundOfLineId: l.refund_of_line,
      refundedQuantity: refundedQty.get(l.id) ?? 0,
    })),
    subtotal: fromCents(o.subtotal),
    discount: fromCents(o.discount_total),
    total: fromCents(o.total),
    totalHT: fromCents(o.total - vatTotal),
    totalVAT: fromCents(vatTotal),
    vat: vat.map((v) => ({
      rate: v.rateBp / 100,
      ht: fromCents(v.ht),
      vat: fromCents(v.vat),
      ttc: fromCents(v.ttc),
    })),
    paid: fromCents(o.paid),
    refunded: fromCents(-creditNotes.reduce((t, c) => t + c.total, 0)),
    due: fromCents(due),
    payments: payments.map((p) => ({
      id: p.id,
      methodId: p.method_id,
      method: methodNames.get(p.method_id) ?? '',
      amount: fromCents(p.amount),
      at: toShopIso(new Date(p.created_at), clock),
    })),
    refundOfOrderId: o.refund_of,
    creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, total: fromCents(c.total) })),
    warnings: extra.warnings ?? [],
    replayed: extra.replayed ?? false,
  };
}

/** One row per order for lists: no lines, the item count instead. */
export async function orderSummaries(ctx: Ctx, shop: Shop, rows: repo.OrderRow[]): Promise<OrderSummary[]> {
  const clock = shopClock(shop);
  const ids = rows.map((r) => r.id);
  const counts = new Map(
    (await repo.itemCounts(ctx.db, ctx.shopId, ids)).map((c) => [c.order_id, Number(c.q)]),
  );
  const clients = await clientsByIds(
    ctx,
    rows.flatMap((r) => (r.client_id === null ? [] : [r.client_id])),
  );
  const tables = await tableNumbers(
    ctx,
    rows.flatMap((r) => (r.table_id === null ? [] : [r.table_id])),
  );
  const notes = new Map<number, repo.OrderRow[]>();
  for (const c of await repo.creditNotesOfMany(ctx.db, ctx.shopId, ids)) {
    const of = notes.get(c.refund_of!) ?? [];
    of.push(c);
    notes.set(c.refund_of!, of);
  }
  return rows.map((r) => {
    const due = dueOf(r, notes.get(r.id) ?? []);
    return {
      id: r.id,
      number: r.number,
      status: r.status === 'quote' ? 'quote' : 'validated',
      kind: r.refund_of === null ? 'sale' : 'credit_note',
      date: toShopIso(new Date(r.validated_at ?? r.created_at), clock),
      deliveryMethod: { id: r.delivery_method, name: deliveryMethodName(r.delivery_method) },
      table: r.table_id === null ? null : (tables.get(r.table_id) ?? null),
      covers: r.covers,
      client: r.client_id === null ? null : clientName(clients.get(r.client_id)),
      itemCount: counts.get(r.id) ?? 0,
      total: fromCents(r.total),
      paid: fromCents(r.paid),
      paymentStatus: r.refund_of !== null ? 'paid' : paymentStatus(r, due),
      fulfilment: asFulfilment(r.fulfilment),
      deliveryTime: r.delivery_time === null ? null : toShopIso(new Date(r.delivery_time), clock),
    };
  });
}
