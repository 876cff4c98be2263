import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/domain/errors.js';
import {
  allocateProportionally,
  formatCents,
  fromCents,
  percentOf,
  roundHalfAwayFromZero,
  toCents,
  vatFromTtc,
} from '../../src/domain/money.js';

/** Runs `fn` and returns the InputError it throws (fails the test otherwise). */
function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('InputError', () => {
  it('carries the field, the message and the details', () => {
    const error = new InputError('items[2].quantity', 'quantity must be positive; give 1 or more', {
      min: 1,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InputError');
    expect(error.field).toBe('items[2].quantity');
    expect(error.message).toBe('quantity must be positive; give 1 or more');
    expect(error.details).toEqual({ min: 1 });
  });
});

describe('toCents', () => {
  it('converts euros to cents without float noise', () => {
    expect(toCents(2.5, 'price')).toBe(250);
    expect(toCents(1.15, 'price')).toBe(115);
    expect(toCents(19.99, 'price')).toBe(1999);
    expect(toCents(0.1, 'price')).toBe(10);
    expect(toCents(4.35, 'price')).toBe(435);
    expect(toCents(1005, 'price')).toBe(100500);
    expect(toCents(-3.2, 'price')).toBe(-320);
    expect(toCents(1e3, 'price')).toBe(100000);
    expect(Object.is(toCents(-0, 'price'), 0)).toBe(true);
  });

  it('rejects more than two decimals with a helpful message', () => {
    const error = inputErrorOf(() => toCents(1.234, 'items[0].price'));
    expect(error.field).toBe('items[0].price');
    expect(error.message).toBe(
      '1.234 has more than two decimals; give the amount in euros with at most two decimals, e.g. 2.50',
    );
    expect(() => toCents(0.1 + 0.2, 'price')).toThrow(InputError);
    expect(() => toCents(1e-7, 'price')).toThrow(/more than two decimals/);
  });

  it('rejects non-finite and huge values', () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      expect(inputErrorOf(() => toCents(value, 'amount')).field).toBe('amount');
    }
    expect(() => toCents(1e21, 'amount')).toThrow(/too large/);
  });

  it('round-trips fromCents for integer cents in a wide range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), (cents) => {
        expect(toCents(fromCents(cents), 'x')).toBe(cents);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every value with three decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).filter((n) => n % 10 !== 0),
        (thousandths) => {
          expect(() => toCents(thousandths / 1000, 'x')).toThrow(InputError);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('fromCents and formatCents', () => {
  it('gives major units', () => {
    expect(fromCents(250)).toBe(2.5);
    expect(fromCents(-5)).toBe(-0.05);
    expect(fromCents(1999)).toBe(19.99);
    expect(Object.is(fromCents(-0), 0)).toBe(true);
    expect(() => fromCents(2.5)).toThrow(RangeError);
  });

  it('formats with two decimals', () => {
    expect(formatCents(250)).toBe('2.50');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-1205)).toBe('-12.05');
    expect(formatCents(0)).toBe('0.00');
  });
});

describe('roundHalfAwayFromZero', () => {
  it('rounds halves away from zero', () => {
    expect(roundHalfAwayFromZero(5, 2)).toBe(3);
    expect(roundHalfAwayFromZero(-5, 2)).toBe(-3);
    expect(roundHalfAwayFromZero(5, -2)).toBe(-3);
    expect(roundHalfAwayFromZero(-5, -2)).toBe(3);
    expect(roundHalfAwayFromZero(4, 3)).toBe(1);
    expect(roundHalfAwayFromZero(5, 3)).toBe(2);
    expect(roundHalfAwayFromZero(1, 3)).toBe(0);
    expect(Object.is(roundHalfAwayFromZero(-1, 3), 0)).toBe(true);
    expect(roundHalfAwayFromZero(10n ** 20n + 1n, 10n ** 18n)).toBe(100);
  });

  it('refuses non-integers and zero denominators', () => {
    expect(() => roundHalfAwayFromZero(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(1, 0)).toThrow(RangeError);
  });

  it('is the nearest integer, ties away from zero, and symmetric', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        (n, d) => {
          const r = BigInt(roundHalfAwayFromZero(n, d));
          // |n/d - r| <= 1/2  <=>  |2n - 2rd| <= d
          const gap = 2n * n - 2n * r * d;
          expect(gap <= d && gap >= -d).toBe(true);
          if (gap === d || gap === -d) expect(r * n >= 0n).toBe(true); // tie: same sign as n
          expect(roundHalfAwayFromZero(-n, d)).toBe(-Number(r) || 0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('vatFromTtc and percentOf', () => {
  it('extracts the VAT of a VAT-included amount', () => {
    expect(vatFromTtc(680, 1000)).toBe(62); // 61.818…
    expect(vatFromTtc(1000, 550)).toBe(52); // 52.13…
    expect(vatFromTtc(1000, 2000)).toBe(167); // 166.67
    expect(vatFromTtc(1200, 2000)).toBe(200);
    expect(vatFromTtc(405, 2000)).toBe(68); // 67.5 -> 68
    expect(vatFromTtc(-405, 2000)).toBe(-68);
    expect(vatFromTtc(1234, 0)).toBe(0);
  });

  it('is symmetric for credit notes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10000 }),
        (ttc, rate) => {
          expect(vatFromTtc(-ttc, rate)).toBe(-vatFromTtc(ttc, rate) || 0);
        },
      ),
    );
  });

  it('takes percentages in basis points', () => {
    expect(percentOf(1000, 1000)).toBe(100);
    expect(percentOf(5, 1000)).toBe(1); // 0.5 -> 1
    expect(percentOf(-5, 1000)).toBe(-1);
    expect(percentOf(999, 1500)).toBe(150); // 149.85
    expect(percentOf(999, 10000)).toBe(999);
  });
});

describe('allocateProportionally', () => {
  it('splits with the largest remainder, ties to the lower index', () => {
    expect(allocateProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProportionally(1, [1, 1])).toEqual([1, 0]);
    expect(allocateProportionally(100, [1000, 500])).toEqual([67, 33]);
    expect(allocateProportionally(7, [0, 5, 0])).toEqual([0, 7, 0]);
    expect(allocateProportionally(10, [1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(allocateProportionally(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateProportionally(100, [-1, -1, -1])).toEqual([34, 33, 33]);
    expect(allocateProportionally(-100, [-1, -1, -1])).toEqual([-34, -33, -33]);
  });

  it('splits evenly when all weights are zero', () => {
    expect(allocateProportionally(10, [0, 0, 0])).toEqual([4, 3, 3]);
    expect(allocateProportionally(-11, [0, 0, 0])).toEqual([-4, -4, -3]);
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0]);
  });

  it('handles empty weights only for a zero total', () => {
    expect(allocateProportionally(0, [])).toEqual([]);
    expect(() => allocateProportionally(5, [])).toThrow(RangeError);
  });

  const weightsArb = fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 12 });
  const totalArb = fc.integer({ min: -(10 ** 9), max: 10 ** 9 });

  it('sums exactly and keeps each share within 1 of the exact proportion', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const shares = allocateProportionally(total, weights);
        expect(shares).toHaveLength(weights.length);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = BigInt(weights.reduce((a, b) => a + b, 0));
        shares.forEach((share, i) => {
          expect(Number.isInteger(share)).toBe(true);
          if (sum === 0n) return;
          // |share - total × w / sum| < 1  <=>  |share × sum - total × w| < sum
          const gap = BigInt(share) * sum - BigInt(total) * BigInt(weights[i] ?? 0);
          expect(gap < sum && gap > -sum).toBe(true);
          if (total >= 0) expect(share).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('is exactly mirrored when the total is negated, whatever the sign of the weights', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const shares = allocateProportionally(total, weights);
        const negated = shares.map((s) => -s || 0);
        expect(allocateProportionally(-total, weights)).toEqual(negated);
        // Negating every weight keeps the proportions (a credit note negates both the total and the weights).
        expect(
          allocateProportionally(
            total,
            weights.map((w) => -w || 0),
          ),
        ).toEqual(shares);
        expect(
          allocateProportionally(
            -total,
            weights.map((w) => -w || 0),
          ),
        ).toEqual(negated);
      }),
    );
  });

  it('also sums exactly with mixed-sign weights', () => {
    fc.assert(
      fc.property(
        totalArb,
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1 }),
        (total, weights) => {
          const shares = allocateProportionally(total, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        },
      ),
    );
  });
});
