/**
 * What the sales use cases tell the rest of the shop, inside their transaction: the listeners run in the
 * use case's transaction (ctx.db), so what they write (the report summary rows today; the fiscal chain
 * and webhooks' outbox later) is committed with the sale or not at all. Sales knows no listener: the
 * composition root registers them (app/listeners.ts). A listener that locks rows follows the order of
 * locks of docs/ARCHITECTURE.md: it runs after the use case has locked the order rows it reads.
 */
import type { Ctx } from '../shared/context.js';
import type { LineRow, OrderRow } from './sales.repository.js';

/** A payment as recorded (amount negative when money was paid back). */
export interface RecordedPayment {
  /** the payment's row */
  id: number;
  shop_id: number;
  order_id: number;
  method_id: number;
  amount: number;
  created_at: string;
  business_day: string;
  weekday: number;
}

/** An order's rows as the use case has just written them: a listener need not read them back. */
export interface WrittenRows {
  order: OrderRow;
  lines: LineRow[];
}

export interface SalesListener {
  /** An order was validated (numbered), its lines written; `written`: its rows, when the use case has them. */
  orderValidated?(ctx: Ctx, orderId: number, written?: WrittenRows): Promise<void>;
  /** A credit note was issued against `originalId`, its lines written. */
  creditNoteIssued?(ctx: Ctx, creditNoteId: number, originalId: number): Promise<void>;
  /** A payment was recorded (or money paid back on a credit note). */
  paymentRecorded?(ctx: Ctx, payment: RecordedPayment): Promise<void>;
  /** A validated order's table or covers are about to change (the order still holds the old ones). */
  validatedOrderChanging?(ctx: Ctx, orderId: number): Promise<void>;
  /** … and have changed. */
  validatedOrderChanged?(ctx: Ctx, orderId: number): Promise<void>;
}

const listeners: SalesListener[] = [];

/** Registers a listener once (the composition root calls this at start-up). */
export function listenToSales(listener: SalesListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

/** Removes a listener (bench/db.bench.ts measures a sale without the fiscal chain this way). */
export function stopListeningToSales(listener: SalesListener): void {
  const at = listeners.indexOf(listener);
  if (at >= 0) listeners.splice(at, 1);
}

type Event = keyof SalesListener;
type Args<E extends Event> = Parameters<NonNullable<SalesListener[E]>>;

/** Tells every listener, in the order they were registered, and waits for each. */
export async function tell<E extends Event>(event: E, ...args: Args<E>): Promise<void> {
  for (const l of listeners) {
    const handler = l[event] as ((...a: Args<E>) => Promise<void>) | undefined;
    if (handler) await handler.apply(l, args);
  }
}

/** Runs a change of a validated order's table or covers, told before and after. */
export async function changingValidatedOrder(ctx: Ctx, orderId: number, change: () => Promise<void>) {
  await tell('validatedOrderChanging', ctx, orderId);
  await change();
  await tell('validatedOrderChanged', ctx, orderId);
}
