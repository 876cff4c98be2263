/**
 * The bounds of every number and text a caller can send. Each one fits both databases (PostgreSQL's
 * `integer` is 32-bit; SQLite's is 64-bit) and keeps every sum a report makes far inside JavaScript's
 * exact integers (2^53): the summary rows sum a day's orders in 64-bit columns, and a period's sum of
 * orders of at most MAX_ORDER_CENTS stays exact up to nine million such orders.
 * docs/ARCHITECTURE.md ("Bounds") lists them; the input schemas publish them to clients.
 */

/** Largest id, order number or table number: PostgreSQL's `integer`. */
export const MAX_ID = 2_147_483_647;
/** Units on one line (whole units). */
export const MAX_QUANTITY = 100_000;
/** Covers (guests) of one order. */
export const MAX_COVERS = 10_000;
/** Lines of one order. */
export const MAX_LINES = 500;
/** A unit price, a line amount or a line total, in cents: €1,000,000.00. */
export const MAX_LINE_CENTS = 100_000_000;
/** An order's total, in cents: €10,000,000.00 (a credit note is its mirror; payments never pass it). */
export const MAX_ORDER_CENTS = 1_000_000_000;

/** Longest texts, in characters. */
export const MAX_TEXT = {
  /** a product, client or line name, a product search, a title override */
  name: 200,
  /** a Kash legacy item string (`productId_quantity_title_price_…`) */
  legacyItem: 500,
  /** a comment printed on a receipt, an internal comment */
  comment: 1000,
  /** a refund's reason */
  reason: 500,
  /** a pager number, a numeric id sent as text, a weekday name */
  short: 20,
  /** a date or date-time (ISO 8601) */
  date: 40,
  /** a pagination cursor, an idempotency key */
  token: 200,
} as const;

/** An id from a number or a numeric string (Kash sends both): a whole number from 1 to MAX_ID, else undefined. */
export function idFrom(value: number | string): number | undefined {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_ID ? n : undefined;
}
