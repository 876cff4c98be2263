import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/domain/errors.js';
import {
  computeOrderTotals,
  type Discount,
  type LineInput,
  type OrderTotals,
} from '../../src/domain/order-totals.js';

const coffee = (quantity = 1): LineInput => ({ unitPrice: 250, quantity, vatBp: 1000 });
const croissant: LineInput = { unitPrice: 180, quantity: 1, vatBp: 1000 };
const sandwich: LineInput = { unitPrice: 650, quantity: 1, vatBp: 550 };
const beer: LineInput = { unitPrice: 450, quantity: 1, vatBp: 2000 };

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).field;
  }
  throw new Error('expected an InputError');
}

describe('computeOrderTotals: hand-computed examples', () => {
  it('two coffees and a croissant at 10 %', () => {
    expect(computeOrderTotals([coffee(2), croissant])).toEqual({
      lines: [
        { gross: 500, discount: 0, total: 500, vatBp: 1000 },
        { gross: 180, discount: 0, total: 180, vatBp: 1000 },
      ],
      subtotal: 680,
      orderDiscount: 0,
      total: 680,
      vat: [{ rateBp: 1000, ttc: 680, vat: 62, ht: 618 }], // 61.818… -> 62
      vatTotal: 62,
      htTotal: 618,
      lineNets: [500, 180],
    });
  });

  it('one item at 5.5 %', () => {
    const totals = computeOrderTotals([{ unitPrice: 1000, quantity: 1, vatBp: 550 }]);
    expect(totals.vat).toEqual([{ rateBp: 550, ttc: 1000, vat: 52, ht: 948 }]); // 52.13…
  });

  it('mixed rates, sorted by rate', () => {
    const totals = computeOrderTotals([coffee(2), beer, sandwich]);
    expect(totals.total).toBe(1600);
    expect(totals.vat).toEqual([
      { rateBp: 550, ttc: 650, vat: 34, ht: 616 }, // 33.886…
      { rateBp: 1000, ttc: 500, vat: 45, ht: 455 }, // 45.45…
      { rateBp: 2000, ttc: 450, vat: 75, ht: 375 },
    ]);
    expect(totals.vatTotal).toBe(154);
    expect(totals.htTotal).toBe(1446);
  });

  it('spreads a percent order discount over the rates', () => {
    const totals = computeOrderTotals([coffee(2), beer, sandwich], { kind: 'percent', valueBp: 1000 });
    expect(totals.subtotal).toBe(1600);
    expect(totals.orderDiscount).toBe(160); // shares 65 / 50 / 45
    expect(totals.total).toBe(1440);
    expect(totals.vat).toEqual([
      { rateBp: 550, ttc: 585, vat: 30, ht: 555 }, // 30.498…
      { rateBp: 1000, ttc: 450, vat: 41, ht: 409 }, // 40.909…
      { rateBp: 2000, ttc: 405, vat: 68, ht: 337 }, // 67.5 -> 68
    ]);
    expect(totals.lineNets).toEqual([450, 405, 585]);
  });

  it('gives the leftover cent of an amount discount to the largest remainder', () => {
    const totals = computeOrderTotals(
      [
        { unitPrice: 1000, quantity: 1, vatBp: 1000 },
        { unitPrice: 500, quantity: 1, vatBp: 2000 },
      ],
      { kind: 'amount', cents: 100 },
    );
    // 66.67 / 33.33 -> 67 / 33
    expect(totals.vat).toEqual([
      { rateBp: 1000, ttc: 933, vat: 85, ht: 848 },
      { rateBp: 2000, ttc: 467, vat: 78, ht: 389 },
    ]);
    expect(totals.total).toBe(1400);
  });

  it('spreads a rate share over its lines', () => {
    const totals = computeOrderTotals([coffee(1), croissant, coffee(2)], { kind: 'amount', cents: 100 });
    // 100 over 250 / 180 / 500 (sum 930): 26.88 / 19.35 / 53.76 -> 27 / 19 / 54
    expect(totals.lineNets).toEqual([223, 161, 446]);
    expect(totals.vat[0]?.ttc).toBe(830);
  });

  it('applies line discounts per line', () => {
    const totals = computeOrderTotals([
      { ...coffee(2), discount: { kind: 'percent', valueBp: 1000 } },
      { ...croissant, discount: { kind: 'amount', cents: 30 } },
      { unitPrice: 333, quantity: 3, vatBp: 2000, discount: { kind: 'percent', valueBp: 1500 } },
    ]);
    expect(totals.lines).toEqual([
      { gross: 500, discount: 50, total: 450, vatBp: 1000 },
      { gross: 180, discount: 30, total: 150, vatBp: 1000 },
      { gross: 999, discount: 150, total: 849, vatBp: 2000 }, // 149.85 -> 150
    ]);
    expect(totals.subtotal).toBe(1449);
  });

  it('allows 100 % and whole-amount discounts', () => {
    const totals = computeOrderTotals(
      [{ ...croissant, discount: { kind: 'percent', valueBp: 10000 } }, coffee()],
      {
        kind: 'amount',
        cents: 250,
      },
    );
    expect(totals.total).toBe(0);
    expect(totals.vat).toEqual([{ rateBp: 1000, ttc: 0, vat: 0, ht: 0 }]);
  });

  it('handles an empty order, a zero rate and a free line', () => {
    expect(computeOrderTotals([], { kind: 'percent', valueBp: 1000 })).toMatchObject({ total: 0, vat: [] });
    const totals = computeOrderTotals([
      { unitPrice: 800, quantity: 1, vatBp: 0 },
      { unitPrice: 0, quantity: 1, vatBp: 2000 },
    ]);
    expect(totals.vat).toEqual([
      { rateBp: 0, ttc: 800, vat: 0, ht: 800 },
      { rateBp: 2000, ttc: 0, vat: 0, ht: 0 },
    ]);
  });

  it('computes a credit note with negative amounts', () => {
    const totals = computeOrderTotals([{ unitPrice: 1000, quantity: -1, vatBp: 550 }], {
      kind: 'amount',
      cents: 100,
    });
    expect(totals).toMatchObject({ subtotal: -1000, orderDiscount: -100, total: -900 });
    expect(totals.vat).toEqual([{ rateBp: 550, ttc: -900, vat: -47, ht: -853 }]); // 46.92…
  });
});

describe('computeOrderTotals: discount errors', () => {
  it('rejects a line discount larger than the line', () => {
    expect(
      fieldOf(() =>
        computeOrderTotals([coffee(), { ...croissant, discount: { kind: 'amount', cents: 181 } }]),
      ),
    ).toBe('items[1].discount');
    expect(() => computeOrderTotals([{ ...croissant, discount: { kind: 'amount', cents: 181 } }])).toThrow(
      'a discount of 1.81 would exceed the amount it applies to (1.80); give at most 1.80',
    );
    expect(
      fieldOf(() => computeOrderTotals([{ ...coffee(), discount: { kind: 'percent', valueBp: 10001 } }])),
    ).toBe('items[0].discount');
  });

  it('rejects negative or malformed discounts', () => {
    expect(
      fieldOf(() => computeOrderTotals([{ ...coffee(), discount: { kind: 'amount', cents: -1 } }])),
    ).toBe('items[0].discount');
    expect(fieldOf(() => computeOrderTotals([coffee()], { kind: 'percent', valueBp: -5 }))).toBe('discount');
    expect(fieldOf(() => computeOrderTotals([coffee()], { kind: 'percent', valueBp: 2.5 }))).toBe('discount');
    const unknown = { kind: 'free' } as unknown as Discount;
    expect(fieldOf(() => computeOrderTotals([coffee()], unknown))).toBe('discount');
  });

  it('rejects an order discount larger than the subtotal', () => {
    expect(fieldOf(() => computeOrderTotals([coffee(), croissant], { kind: 'amount', cents: 431 }))).toBe(
      'discount',
    );
    expect(fieldOf(() => computeOrderTotals([], { kind: 'amount', cents: 1 }))).toBe('discount');
    expect(fieldOf(() => computeOrderTotals([coffee()], { kind: 'percent', valueBp: 10100 }))).toBe(
      'discount',
    );
  });

  it('refuses non-integer amounts as programming errors', () => {
    expect(() => computeOrderTotals([{ unitPrice: 2.5, quantity: 1, vatBp: 1000 }])).toThrow(RangeError);
  });
});

// ---- Properties -------------------------------------------------------------------------------------

const RATES = [0, 210, 550, 850, 1000, 2000];

/** A discount described relative to the amount it applies to, so that it is always valid. */
const discountSpecArb = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('percent' as const), bp: fc.integer({ min: 0, max: 10000 }) }),
    fc.record({ kind: fc.constant('amount' as const), bp: fc.integer({ min: 0, max: 10000 }) }),
  ),
  { nil: undefined },
);
type DiscountSpec = { kind: 'percent' | 'amount'; bp: number } | undefined;

function toDiscount(spec: DiscountSpec, base: number): Discount | undefined {
  if (!spec) return undefined;
  if (spec.kind === 'percent') return { kind: 'percent', valueBp: spec.bp };
  return { kind: 'amount', cents: Math.floor((Math.abs(base) * spec.bp) / 10000) };
}

const orderArb = fc
  .record({
    lines: fc.array(
      fc.record({
        unitPrice: fc.integer({ min: 0, max: 100_000 }),
        quantity: fc.integer({ min: 1, max: 50 }),
        vatBp: fc.oneof(fc.constantFrom(...RATES), fc.integer({ min: 0, max: 5000 })),
        discount: discountSpecArb,
      }),
      { maxLength: 10 },
    ),
    orderDiscount: discountSpecArb,
  })
  .map(({ lines, orderDiscount }) => {
    const inputs: LineInput[] = lines.map((l) => ({
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      vatBp: l.vatBp,
      discount: toDiscount(l.discount, l.unitPrice * l.quantity),
    }));
    const subtotal = computeOrderTotals(inputs).subtotal;
    return { lines: inputs, orderDiscount: toDiscount(orderDiscount, subtotal) };
  });

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const neg = (n: number) => (n === 0 ? 0 : -n);

function negated(t: OrderTotals): OrderTotals {
  return {
    lines: t.lines.map((l) => ({
      gross: neg(l.gross),
      discount: neg(l.discount),
      total: neg(l.total),
      vatBp: l.vatBp,
    })),
    subtotal: neg(t.subtotal),
    orderDiscount: neg(t.orderDiscount),
    total: neg(t.total),
    vat: t.vat.map((v) => ({ rateBp: v.rateBp, ttc: neg(v.ttc), vat: neg(v.vat), ht: neg(v.ht) })),
    vatTotal: neg(t.vatTotal),
    htTotal: neg(t.htTotal),
    lineNets: t.lineNets.map(neg),
  };
}

describe('computeOrderTotals: properties', () => {
  it('VAT breakdown adds up exactly', () => {
    fc.assert(
      fc.property(orderArb, ({ lines, orderDiscount }) => {
        const t = computeOrderTotals(lines, orderDiscount);
        expect(sum(t.vat.map((v) => v.ttc))).toBe(t.total);
        for (const v of t.vat) expect(v.ht + v.vat).toBe(v.ttc);
        expect(t.vatTotal + t.htTotal).toBe(t.total);
        expect(t.vatTotal).toBe(sum(t.vat.map((v) => v.vat)));
        expect(t.htTotal).toBe(sum(t.vat.map((v) => v.ht)));
        expect(t.vat.map((v) => v.rateBp)).toEqual(
          [...new Set(lines.map((l) => l.vatBp))].sort((a, b) => a - b),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('totals are consistent and discounts stay within their base', () => {
    fc.assert(
      fc.property(orderArb, ({ lines, orderDiscount }) => {
        const t = computeOrderTotals(lines, orderDiscount);
        t.lines.forEach((l, i) => {
          expect(l.gross).toBe((lines[i]?.unitPrice ?? 0) * (lines[i]?.quantity ?? 0));
          expect(l.total).toBe(l.gross - l.discount);
          expect(l.discount).toBeGreaterThanOrEqual(0);
          expect(l.discount).toBeLessThanOrEqual(l.gross);
        });
        expect(t.subtotal).toBe(sum(t.lines.map((l) => l.total)));
        expect(t.total).toBe(t.subtotal - t.orderDiscount);
        expect(t.orderDiscount).toBeGreaterThanOrEqual(0);
        expect(t.orderDiscount).toBeLessThanOrEqual(t.subtotal);
        // Each rate's ttc is within 1 cent of its exact share of the discounted total.
        for (const v of t.vat) {
          const before = sum(t.lines.filter((l) => l.vatBp === v.rateBp).map((l) => l.total));
          if (t.subtotal > 0) expect(Math.abs(v.ttc - (before * t.total) / t.subtotal)).toBeLessThan(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('line nets add up per rate and stay within their line', () => {
    fc.assert(
      fc.property(orderArb, ({ lines, orderDiscount }) => {
        const t = computeOrderTotals(lines, orderDiscount);
        expect(sum(t.lineNets)).toBe(t.total);
        for (const v of t.vat) {
          expect(sum(t.lineNets.filter((_, i) => t.lines[i]?.vatBp === v.rateBp))).toBe(v.ttc);
        }
        t.lineNets.forEach((net, i) => {
          expect(net).toBeGreaterThanOrEqual(0);
          expect(net).toBeLessThanOrEqual(t.lines[i]?.total ?? 0);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('a credit note mirroring an order has exactly the negated totals', () => {
    fc.assert(
      fc.property(orderArb, ({ lines, orderDiscount }) => {
        const order = computeOrderTotals(lines, orderDiscount);
        const creditNote = computeOrderTotals(
          lines.map((l) => ({ ...l, quantity: -l.quantity })),
          orderDiscount,
        );
        expect(creditNote).toEqual(negated(order));
      }),
      { numRuns: 500 },
    );
  });
});
