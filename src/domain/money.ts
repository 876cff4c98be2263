/**
 * Money arithmetic.
 *
 * Amounts are integer minor units (cents) everywhere in the domain; VAT rates and percentages are
 * integer basis points (550 = 5.5 %, 1000 = 10 %). Every rounding goes through
 * {@link roundHalfAwayFromZero}, which is computed exactly with BigInt, and is symmetric for negative
 * amounts so that a credit note is always the exact mirror of the sale it cancels.
 */
import { InputError } from './errors.js';

const EXAMPLE = 'e.g. 2.50';

/** Throws a RangeError (programming error) unless `value` is an integer number or a bigint. */
function toBigInt(value: bigint | number, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
  return BigInt(value);
}

/** Converts an exact bigint result back to a number, refusing to lose precision. */
function toSafeNumber(value: bigint, name: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} ${value} is outside the safe integer range`);
  return n;
}

/**
 * Converts decimal major units (euros) to integer cents: `2.5` -> `250`, `1.15` -> `115`, `19.99` -> `1999`.
 *
 * The conversion reads the shortest decimal representation of the number (what `String(value)`
 * prints) instead of multiplying floats, so `1.15` is exactly 115 cents and not 114.99999999999999.
 * Negative amounts are accepted (callers check the sign).
 *
 * @throws InputError(field) if the value is not a finite number, has more than two decimals
 *   (e.g. `1.234`), or is too large to be represented exactly.
 */
export function toCents(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(field, `${String(value)} is not a number; give the amount in euros, ${EXAMPLE}`);
  }
  // String() of a finite number is either plain ("-12.345") or exponential ("1.5e-7", "1e+21").
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`unexpected number representation ${String(value)}`);
  const [, sign, intDigits = '', fracDigits = '', exponent = '0'] = match;
  const decimals = fracDigits.length - Number(exponent);
  if (decimals > 2) {
    throw new InputError(
      field,
      `${String(value)} has more than two decimals; give the amount in euros with at most two decimals, ${EXAMPLE}`,
    );
  }
  const magnitude = BigInt(intDigits + fracDigits) * 10n ** BigInt(2 - decimals);
  const cents = Number(sign === '-' ? -magnitude : magnitude);
  if (!Number.isSafeInteger(cents)) {
    throw new InputError(
      field,
      `${String(value)} is too large; give a realistic amount in euros, ${EXAMPLE}`,
    );
  }
  return cents;
}

/**
 * Converts integer cents to decimal major units: `250` -> `2.5`.
 *
 * The result is the double closest to the exact decimal, so `toCents(fromCents(c)) === c` for every
 * |c| < 10^15 (fifteen significant digits always survive a round trip through a double).
 */
export function fromCents(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`);
  const units = cents / 100;
  return units === 0 ? 0 : units; // no -0
}

/** Formats integer cents as a plain decimal string with two decimals: `250` -> `"2.50"`, `-5` -> `"-0.05"`. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`);
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}${units}.${rest}`;
}

/**
 * Integer division `numerator / denominator` rounded half away from zero, computed exactly:
 * `(5, 2)` -> 3, `(-5, 2)` -> -3, `(4, 3)` -> 1. Number arguments must be integers.
 */
export function roundHalfAwayFromZero(numerator: bigint | number, denominator: bigint | number): number {
  const n = toBigInt(numerator, 'numerator');
  const d = toBigInt(denominator, 'denominator');
  if (d === 0n) throw new RangeError('denominator must not be zero');
  const negative = n < 0n !== d < 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  let quotient = absN / absD;
  if ((absN % absD) * 2n >= absD) quotient += 1n;
  return toSafeNumber(negative ? -quotient : quotient, 'result');
}

/**
 * VAT contained in a VAT-included (TTC) amount:
 * `round_half_away_from_zero(ttc × rateBp / (10000 + rateBp))`.
 * Symmetric for negative amounts (credit notes): `vatFromTtc(-x, r) === -vatFromTtc(x, r)`.
 */
export function vatFromTtc(ttcCents: number, rateBp: number): number {
  const rate = toBigInt(rateBp, 'rateBp');
  if (rate < 0n) throw new RangeError(`rateBp must not be negative, got ${rateBp}`);
  return roundHalfAwayFromZero(toBigInt(ttcCents, 'ttcCents') * rate, 10000n + rate);
}

/** `percentBp` basis points of `cents`, rounded half away from zero (`percentBp` 1000 = 10 %). */
export function percentOf(cents: number, percentBp: number): number {
  return roundHalfAwayFromZero(toBigInt(cents, 'cents') * toBigInt(percentBp, 'percentBp'), 10000n);
}

/** Floor division for bigints (BigInt `/` truncates toward zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/**
 * Splits the integer `total` over `weights` in proportion, with the largest-remainder method: every
 * share is the exact proportion rounded down, then the units left over go one each to the shares with
 * the largest remainders (ties: lower index first). The result sums exactly to `total` and every
 * share is within 1 of its exact proportion `total × weight / sum(weights)`.
 *
 * - Weights are integers, normally all >= 0. If they all are 0 (or sum to 0), `total` is split evenly,
 *   the remainder going to the first entries.
 * - Signs are handled by symmetry: the split is computed on |total| with weights made to sum
 *   positive, then the sign of `total` is applied. So negating `total` exactly negates every share,
 *   and negating every weight changes nothing (the proportions are the same): a credit note, which
 *   negates both, gets exactly the negated split of its order. Mixed-sign weights are accepted.
 * - An empty `weights` array is only allowed for a zero total.
 */
export function allocateProportionally(total: number, weights: number[]): number[] {
  const t = toBigInt(total, 'total');
  let ws = weights.map((w, i) => toBigInt(w, `weights[${i}]`));
  if (ws.length === 0) {
    if (t === 0n) return [];
    throw new RangeError(`cannot allocate ${total} over no weights`);
  }
  const negateResult = t < 0n;
  const amount = negateResult ? -t : t;
  let weightSum = ws.reduce((a, b) => a + b, 0n);
  if (weightSum < 0n) {
    ws = ws.map((w) => -w);
    weightSum = -weightSum;
  }

  let shares: bigint[];
  if (weightSum === 0n) {
    const count = BigInt(ws.length);
    const base = amount / count;
    const extra = amount % count;
    shares = ws.map((_, i) => base + (BigInt(i) < extra ? 1n : 0n));
  } else {
    shares = ws.map((w) => floorDiv(amount * w, weightSum));
    // Remainders share the denominator weightSum, so they compare as bigints.
    const remainders = ws.map((w, i) => amount * w - (shares[i] ?? 0n) * weightSum);
    const leftover = Number(amount - shares.reduce((a, b) => a + b, 0n)); // in [0, weights.length)
    const order = remainders
      .map((remainder, index) => ({ remainder, index }))
      .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
    for (const { index } of order.slice(0, leftover)) shares[index] = (shares[index] ?? 0n) + 1n;
  }
  return shares.map((share) => toSafeNumber(negateResult ? -share : share, 'share'));
}
