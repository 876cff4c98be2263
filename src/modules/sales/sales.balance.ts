/**
 * The client balance: "did Mrs Dupont pay for her order?" — the client named by id or in the user's words,
 * what they ordered over a period, what they paid, and every order with something still due. What is
 * due on an order is the sales view's own rule (dueOf), credit notes included, in cents to the end.
 */
import type { Ctx } from '../shared/context.js';
import { InputError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { parseDateBound, toShopIso, type ShopClock } from '../../domain/time.js';
import { clientName } from '../customers/customers.service.js';
import { resolveClient } from '../customers/customers.find.js';
import { currentShop, shopClock } from '../shops/shops.service.js';
import type { ClientBalance, ClientBalanceInput, UnpaidOrder } from './sales.balance.schemas.js';
import * as balanceRepo from './sales.balance.repository.js';
import * as repo from './sales.repository.js';
import { dueOf, paymentStatus } from './sales.view.js';

function periodOf(input: ClientBalanceInput, clock: ShopClock) {
  const from = input.from === undefined ? undefined : parseDateBound(input.from, 'from', clock, 'from');
  const to = input.to === undefined ? undefined : parseDateBound(input.to, 'to', clock, 'to');
  if (from && to && to.getTime() <= from.getTime())
    throw new InputError(
      'to',
      `The period ends (${toShopIso(to, clock)}) before it starts (${toShopIso(from, clock)}): swap the dates, or give a to after the from.`,
    );
  const fromIso = from === undefined ? null : toShopIso(from, clock);
  const toIso = to === undefined ? null : toShopIso(to, clock);
  const label =
    fromIso === null && toIso === null
      ? 'all time'
      : fromIso === null
        ? `until ${toIso}`
        : toIso === null
          ? `since ${fromIso}`
          : `from ${fromIso} to ${toIso}`;
  return {
    query: { from: from?.toISOString(), to: to?.toISOString() },
    view: { from: fromIso, to: toIso, label },
  };
}

export async function clientBalance(ctx: Ctx, input: ClientBalanceInput): Promise<ClientBalance> {
  const shop = await currentShop(ctx);
  const clock = shopClock(shop);
  const period = periodOf(input, clock);
  const client = await resolveClient(ctx, input);
  const computedAt = toShopIso(ctx.clock(), clock);
  const [sales, last] = await Promise.all([
    balanceRepo.clientSales(ctx.db, ctx.shopId, client.id, period.query),
    balanceRepo.lastSaleAt(ctx.db, ctx.shopId, client.id),
  ]);
  // the credit notes issued against those sales, whatever their own date
  const notes = await repo.creditNotesOfMany(
    ctx.db,
    ctx.shopId,
    sales.map((o) => o.id),
  );
  const notesOf = new Map<number, balanceRepo.BalanceOrderRow[]>();
  for (const n of notes) {
    if (n.refund_of === null) continue;
    notesOf.set(n.refund_of, [...(notesOf.get(n.refund_of) ?? []), n]);
  }
  let ordered = 0;
  let refundedAll = 0;
  let paidAll = 0;
  let dueAll = 0;
  const unpaid: UnpaidOrder[] = [];
  for (const o of sales) {
    const its = notesOf.get(o.id) ?? [];
    const refunded = -its.reduce((s, c) => s + c.total, 0);
    const paid = o.paid + its.reduce((s, c) => s + c.paid, 0); // a credit note's paid is what was paid back (negative)
    const due = dueOf(o, its);
    ordered += o.total - refunded;
    refundedAll += refunded;
    paidAll += paid;
    dueAll += due;
    if (due > 0) {
      const status = paymentStatus(o, due);
      unpaid.push({
        id: o.id,
        number: o.number,
        date: toShopIso(new Date(o.validated_at ?? o.created_at), clock),
        total: fromCents(o.total),
        refunded: fromCents(refunded),
        paid: fromCents(paid),
        due: fromCents(due),
        paymentStatus: status === 'partially_paid' ? 'partially_paid' : 'unpaid',
      });
    }
  }
  return {
    client: {
      id: client.id,
      name: clientName(client),
      email: client.email,
      phone: client.phone,
      address: client.address,
      zip: client.zip,
      city: client.city,
      country: client.country,
    },
    currency: shop.currency,
    period: { ...period.view, timeZone: shop.timeZone },
    computedAt,
    orderCount: sales.length,
    creditNoteCount: notes.length,
    totalOrdered: fromCents(ordered),
    totalRefunded: fromCents(refundedAll),
    totalPaid: fromCents(paidAll),
    totalDue: fromCents(dueAll),
    unpaidCount: unpaid.length,
    unpaidOrders: unpaid,
    lastOrderAt: last === null ? null : toShopIso(new Date(last), clock),
  };
}
