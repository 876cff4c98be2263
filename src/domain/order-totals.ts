/**
 * Order totals and VAT breakdown.
 *
 * Prices are VAT-included (TTC), in integer cents; VAT rates are basis points. The VAT is computed
 * once per rate on the rate's TTC sum (not per line), after the order discount has been spread over
 * the rates, so that the receipt's per-rate lines always add up exactly to the order total.
 *
 * Credit notes are orders whose lines have negative quantities: every amount, discount and VAT figure
 * is then the exact negation of the corresponding sale.
 */
import { InputError } from './errors.js';
import { allocateProportionally, formatCents, percentOf, vatFromTtc } from './money.js';

/** A discount: a percentage in basis points (1000 = 10 %) or a fixed amount in cents. */
export type Discount = { kind: 'percent'; valueBp: number } | { kind: 'amount'; cents: number };

/** How an order discount is stored: its kind, and its value in basis points (percent) or cents (amount). */
export function discountColumns(d: Discount | undefined): {
  kind: Discount['kind'] | null;
  value: number | null;
} {
  if (!d) return { kind: null, value: null };
  return { kind: d.kind, value: d.kind === 'percent' ? d.valueBp : d.cents };
}

/**
 * One order line. `unitPrice` is in cents, VAT included (negative only for credit-note lines);
 * `quantity` is a non-zero integer (positive for sales, negative for credit notes); `vatBp` is the VAT
 * rate in basis points; `discount` applies to the whole line (not per unit).
 */
export interface LineInput {
  unitPrice: number;
  quantity: number;
  vatBp: number;
  discount?: Discount;
}

/** Totals of one line: `gross = unitPrice × quantity`, `discount` = cents taken off, `total = gross - discount`. */
export interface LineTotals {
  gross: number;
  discount: number;
  total: number;
  vatBp: number;
}

/** VAT breakdown for one rate: `ttc = ht + vat`. */
export interface VatLine {
  rateBp: number;
  ttc: number;
  vat: number;
  ht: number;
}

/** Totals of an order. See {@link computeOrderTotals}. */
export interface OrderTotals {
  /** Same order as the input lines. */
  lines: LineTotals[];
  /** Sum of line totals (after line discounts). */
  subtotal: number;
  /** Cents taken off by the order discount. */
  orderDiscount: number;
  /** `subtotal - orderDiscount`. */
  total: number;
  /** One entry per rate present, sorted by rate; `sum(ttc) === total`, `ht + vat === ttc` for each. */
  vat: VatLine[];
  vatTotal: number;
  htTotal: number;
  /**
   * Each line's total after its share of the order discount (what the line really sold for), same
   * order as `lines`. A rate's discount share is spread over its lines in proportion to their totals,
   * so the `lineNets` of the lines of a rate sum exactly to that rate's `ttc` (and all sum to `total`).
   */
  lineNets: number[];
}

/** Turns -0 (e.g. 0 × -1) into 0, so that results compare equal with `Object.is`. */
function noNegativeZero(n: number): number {
  return n === 0 ? 0 : n;
}

function assertInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${field} must be a safe integer, got ${value}`);
}

/**
 * The cents a discount takes off `base` (same sign as `base`, so a credit note's discount is negated).
 * A discount can never exceed the amount it applies to.
 */
function discountAmount(base: number, discount: Discount | undefined, field: string): number {
  if (discount === undefined) return 0;
  const applies = `the amount it applies to (${formatCents(Math.abs(base))})`;
  if (discount.kind === 'percent') {
    const bp = discount.valueBp;
    if (!Number.isSafeInteger(bp) || bp < 0) {
      throw new InputError(
        field,
        `a percent discount must be a whole number of basis points between 0 and 10000 (1000 = 10 %), got ${bp}`,
      );
    }
    if (bp > 10000) {
      throw new InputError(field, `a ${bp / 100} % discount would exceed ${applies}; use at most 100 %`);
    }
    return percentOf(base, bp);
  }
  if (discount.kind === 'amount') {
    const cents = discount.cents;
    if (!Number.isSafeInteger(cents) || cents < 0) {
      throw new InputError(
        field,
        `an amount discount must be a whole number of cents, 0 or more, got ${cents}`,
      );
    }
    if (cents > Math.abs(base)) {
      throw new InputError(
        field,
        `a discount of ${formatCents(cents)} would exceed ${applies}; give at most ${formatCents(Math.abs(base))}`,
      );
    }
    return base < 0 ? noNegativeZero(-cents) : cents;
  }
  const kind = (discount as { kind?: unknown }).kind;
  throw new InputError(field, `unknown discount kind ${JSON.stringify(kind)}; use "percent" or "amount"`);
}

/** Totals of line `index`. */
export function computeLineTotals(line: LineInput, index: number): LineTotals {
  assertInteger(line.unitPrice, `items[${index}].unitPrice`);
  assertInteger(line.quantity, `items[${index}].quantity`);
  assertInteger(line.vatBp, `items[${index}].vatBp`);
  if (line.vatBp < 0) throw new RangeError(`items[${index}].vatBp must not be negative`);
  const gross = noNegativeZero(line.unitPrice * line.quantity);
  if (!Number.isSafeInteger(gross)) {
    throw new InputError(`items[${index}]`, `the line amount is too large; check the price and the quantity`);
  }
  const discount = discountAmount(gross, line.discount, `items[${index}].discount`);
  return { gross, discount, total: gross - discount, vatBp: line.vatBp };
}

/**
 * Computes line totals, the order discount and the VAT breakdown of an order.
 *
 * - Line discount: percent -> `percentOf(gross, bp)`; amount -> that many cents off the line.
 * - The order discount is computed on the subtotal and spread over the VAT rates in proportion to each
 *   rate's TTC sum ({@link allocateProportionally}), so per-rate TTC sums stay integer and add up
 *   exactly to the total.
 * - Per rate: `vat = vatFromTtc(ttc, rate)`, `ht = ttc - vat`.
 * - Within a rate, the rate's discount share is spread over its lines the same way (`lineNets`).
 *
 * @throws InputError(`items[i].discount` or `discount`) if a discount is invalid or exceeds the amount
 *   it applies to.
 */
export function computeOrderTotals(lines: LineInput[], orderDiscount?: Discount): OrderTotals {
  const lineTotals = lines.map((line, i) => computeLineTotals(line, i));
  const subtotal = lineTotals.reduce((sum, line) => sum + line.total, 0);
  const discount = discountAmount(subtotal, orderDiscount, 'discount');
  const total = subtotal - discount;

  const ttcByRate = new Map<number, number>();
  for (const line of lineTotals) ttcByRate.set(line.vatBp, (ttcByRate.get(line.vatBp) ?? 0) + line.total);
  const rates = [...ttcByRate.entries()].sort(([a], [b]) => a - b);
  const discountShares = allocateProportionally(
    discount,
    rates.map(([, ttc]) => ttc),
  );

  const lineNets = lineTotals.map((line) => line.total);
  const vat = rates.map(([rateBp, ttcBeforeDiscount], i): VatLine => {
    const share = discountShares[i] ?? 0;
    const indexes = lineTotals.flatMap((line, index) => (line.vatBp === rateBp ? [index] : []));
    const lineShares = allocateProportionally(
      share,
      indexes.map((index) => lineTotals[index]?.total ?? 0),
    );
    indexes.forEach((index, k) => {
      lineNets[index] = (lineNets[index] ?? 0) - (lineShares[k] ?? 0);
    });
    const ttc = ttcBeforeDiscount - share;
    const rateVat = vatFromTtc(ttc, rateBp);
    return { rateBp, ttc, vat: rateVat, ht: ttc - rateVat };
  });
  const vatTotal = vat.reduce((sum, line) => sum + line.vat, 0);
  return {
    lines: lineTotals,
    subtotal,
    orderDiscount: discount,
    total,
    vat,
    vatTotal,
    htTotal: total - vatTotal,
    lineNets,
  };
}
