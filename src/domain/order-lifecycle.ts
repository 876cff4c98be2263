/**
 * The rules of an order's life, pure: how Kash's `payment` argument reads (quote, validated unpaid, or
 * paid with a method), what a customer still owes once payments and credit notes count, the payment
 * status shown, how a credit note takes its share of a line refunded in several steps, and how much of
 * it is paid back. The sales use cases, their views and the demo history all use these.
 *
 * Amounts are integer cents; a credit note's total and paid are negative (its paid is what was paid
 * back).
 */
import { InputError } from './errors.js';
import type { Discount } from './order-totals.js';

/** Kash's `payment`: -2 records a quote, -1 a validated unpaid order, a method id a paid one. */
export const QUOTE = -2;
export const UNPAID = -1;
export type PaymentMode = 'quote' | 'unpaid' | number;

export function paymentMode(value: number): PaymentMode {
  if (value === QUOTE) return 'quote';
  if (value === UNPAID) return 'unpaid';
  if (Number.isInteger(value) && value > 0) return value;
  throw new InputError(
    'payment',
    `${value} is not a payment: use -2 for a quote, -1 for validated and unpaid, or a payment method id from {{list:payments_modes}}.`,
  );
}

/** What the money of an order is: a quote, a sale or a credit note, its total and what was paid. */
export interface OrderMoney {
  quote: boolean;
  creditNote: boolean;
  total: number;
  paid: number;
}
/** A credit note of an order: its (negative) total and what was paid back (negative). */
export interface NoteMoney {
  total: number;
  paid: number;
}

/** What the customer still owes on a sale, once its credit notes count; 0 for a quote or a credit note. */
export function amountDue(o: OrderMoney, notes: readonly NoteMoney[]): number {
  if (o.quote || o.creditNote) return 0;
  const refunded = -notes.reduce((s, c) => s + c.total, 0);
  const paidBack = -notes.reduce((s, c) => s + c.paid, 0);
  return Math.max(0, o.total - refunded - (o.paid - paidBack));
}

export type PaymentStatus = 'quote' | 'unpaid' | 'partially_paid' | 'paid';

/** The payment status shown for an order, from what is due. */
export function paymentStatusOf(o: Pick<OrderMoney, 'quote' | 'paid'>, due: number): PaymentStatus {
  if (o.quote) return 'quote';
  if (due === 0) return 'paid';
  return o.paid !== 0 ? 'partially_paid' : 'unpaid';
}

/**
 * Cents of `amount` (a line's total over `whole` units) for `part` more units after `before` units were
 * refunded: refunding every unit, in any steps, sums exactly to `amount`.
 */
export function unitsShare(amount: number, whole: number, before: number, part: number): number {
  const upTo = (q: number) => Math.round((amount * q) / whole);
  return upTo(before + part) - upTo(before);
}

/** The amounts of a credit-note line refunding `q` units of a line, `before` units refunded already. */
export function creditLineAmounts(
  line: { unitPrice: number; quantity: number; total: number; net: number },
  before: number,
  q: number,
): { quantity: number; discount: number; total: number; net: number } {
  const net = unitsShare(line.net, line.quantity, before, q);
  const total = unitsShare(line.total, line.quantity, before, q);
  // 0 - x, not -x: a zero amount stays 0, never -0
  return { quantity: 0 - q, discount: 0 - (line.unitPrice * q - total), total: 0 - total, net: 0 - net };
}

/**
 * What a new credit note of `creditTotal` (negative) pays back: only what the customer paid beyond what
 * the order is still worth after it, and never more than the note itself.
 */
export function amountToPayBack(
  original: NoteMoney,
  notes: readonly NoteMoney[],
  creditTotal: number,
): number {
  const refundedBefore = -notes.reduce((s, c) => s + c.total, 0);
  const paidBackBefore = -notes.reduce((s, c) => s + c.paid, 0);
  const stillWorth = original.total - refundedBefore + creditTotal;
  return Math.max(0, Math.min(-creditTotal, original.paid - paidBackBefore - stillWorth));
}

/** An order discount from its stored columns (the inverse of order-totals' discountColumns). */
export function discountFromColumns(kind: string | null, value: number | null): Discount | undefined {
  if (kind === 'percent' && value !== null) return { kind: 'percent', valueBp: value };
  if (kind === 'amount' && value !== null) return { kind: 'amount', cents: value };
  return undefined;
}
