/**
 * The VAT of each line of an order. An order's VAT is computed per rate on the TTC sum of that rate
 * (see vatFromTtc); here that VAT is split over the rate's lines in proportion to their amounts, with
 * the largest-remainder method, so the lines of a rate add up exactly to the receipt's VAT for that
 * rate. Reports sum line VATs for any grouping (product, department, ...) and still add up, to the
 * cent, to the VAT printed on the receipts.
 */
import { allocateProportionally, vatFromTtc } from './money.js';

export interface VatLineInput {
  /** what the line sold for, VAT included, after every discount (cents; negative on a credit note) */
  net: number;
  vatBp: number;
}

/** The VAT of each line, in the order of `lines`. */
export function lineVats(lines: readonly VatLineInput[]): number[] {
  const result = new Array<number>(lines.length).fill(0);
  const byRate = new Map<number, number[]>();
  lines.forEach((l, i) => {
    const at = byRate.get(l.vatBp);
    if (at) at.push(i);
    else byRate.set(l.vatBp, [i]);
  });
  for (const [rateBp, indexes] of byRate) {
    const ttc = indexes.reduce((s, i) => s + (lines[i]?.net ?? 0), 0);
    const shares = allocateProportionally(
      vatFromTtc(ttc, rateBp),
      indexes.map((i) => lines[i]?.net ?? 0),
    );
    indexes.forEach((i, k) => (result[i] = shares[k] ?? 0));
  }
  return result;
}
