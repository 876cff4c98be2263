import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import {
  amountDue,
  amountToPayBack,
  creditLineAmounts,
  discountFromColumns,
  paymentMode,
  paymentStatusOf,
  unitsShare,
  type NoteMoney,
} from '../../src/domain/order-lifecycle.js';
import { discountColumns } from '../../src/domain/order-totals.js';

/** Refunds of a line in random steps: how many units each step takes, all units in all. */
const steps = (quantity: number) =>
  fc.array(fc.integer({ min: 1, max: quantity }), { minLength: 1, maxLength: quantity }).map((parts) => {
    const out: number[] = [];
    let left = quantity;
    for (const p of parts) {
      if (left === 0) break;
      const q = Math.min(p, left);
      out.push(q);
      left -= q;
    }
    if (left > 0) out.push(left);
    return out;
  });

describe('the order lifecycle', () => {
  it('reads Kash payment codes and refuses the rest, naming payment', () => {
    expect(paymentMode(-2)).toBe('quote');
    expect(paymentMode(-1)).toBe('unpaid');
    expect(paymentMode(3)).toBe(3);
    for (const bad of [0, -3, 1.5])
      expect(() => paymentMode(bad)).toThrow(expect.objectContaining({ field: 'payment' }) as InputError);
  });

  it('refunds every unit of a line, in any steps, to the exact line amounts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).chain((quantity) =>
          fc.record({
            quantity: fc.constant(quantity),
            unitPrice: fc.integer({ min: 0, max: 100_000 }),
            discountPart: fc.integer({ min: 0, max: 100 }),
            netPart: fc.integer({ min: 0, max: 100 }),
            steps: steps(quantity),
          }),
        ),
        ({ quantity, unitPrice, discountPart, netPart, steps: parts }) => {
          const total = Math.round((unitPrice * quantity * (100 - discountPart)) / 100);
          const net = Math.round((total * (100 - netPart)) / 100);
          const line = { unitPrice, quantity, total, net };
          let before = 0;
          const notes = parts.map((q) => {
            const a = creditLineAmounts(line, before, q);
            before += q;
            expect(a.quantity).toBe(-q);
            expect(a.total).toBeLessThanOrEqual(0);
            return a;
          });
          expect(notes.reduce((s, n) => s + n.total, 0)).toBe(0 - total);
          expect(notes.reduce((s, n) => s + n.net, 0)).toBe(0 - net);
          expect(notes.reduce((s, n) => s + n.discount, 0)).toBe(0 - (unitPrice * quantity - total));
          expect(unitsShare(total, quantity, 0, quantity)).toBe(total);
        },
      ),
    );
  });

  it('never pays back more than was paid, nor more than a note, and pays all back when all is refunded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (total, paidPart, weights) => {
          const paid = Math.round((total * paidPart) / 100);
          // the order refunded in notes whose totals add up to the order's total
          const sum = weights.reduce((a, b) => a + b, 0);
          let left = total;
          const parts = weights.map((w, i) => {
            const part = i === weights.length - 1 ? left : Math.min(left, Math.round((total * w) / sum));
            left -= part;
            return part;
          });
          const notes: NoteMoney[] = [];
          for (const part of parts) {
            const back = amountToPayBack({ total, paid }, notes, 0 - part);
            expect(back).toBeGreaterThanOrEqual(0);
            expect(back).toBeLessThanOrEqual(part);
            notes.push({ total: 0 - part, paid: 0 - back });
            const paidBack = 0 - notes.reduce((s, n) => s + n.paid, 0);
            expect(paidBack).toBeLessThanOrEqual(paid);
            // what is due never goes negative, and what was paid covers what the order is still worth
            const due = amountDue({ quote: false, creditNote: false, total, paid }, notes);
            expect(due).toBeGreaterThanOrEqual(0);
          }
          expect(0 - notes.reduce((s, n) => s + n.paid, 0)).toBe(paid);
          expect(amountDue({ quote: false, creditNote: false, total, paid }, notes)).toBe(0);
        },
      ),
    );
  });

  it('owes what is left after payments and credit notes, and says so in the status', () => {
    const sale = { quote: false, creditNote: false, total: 1000, paid: 300 };
    expect(amountDue(sale, [])).toBe(700);
    expect(paymentStatusOf(sale, 700)).toBe('partially_paid');
    expect(amountDue(sale, [{ total: -1000, paid: 0 }])).toBe(0);
    expect(amountDue({ ...sale, paid: 0 }, [])).toBe(1000);
    expect(paymentStatusOf({ quote: false, paid: 0 }, 1000)).toBe('unpaid');
    expect(amountDue({ ...sale, quote: true }, [])).toBe(0);
    expect(paymentStatusOf({ quote: true, paid: 0 }, 0)).toBe('quote');
    expect(amountDue({ ...sale, creditNote: true, total: -500, paid: -500 }, [])).toBe(0);
  });

  it('reads back the discount columns it wrote', () => {
    for (const d of [
      undefined,
      { kind: 'percent', valueBp: 1250 },
      { kind: 'amount', cents: 500 },
    ] as const) {
      const c = discountColumns(d);
      expect(discountFromColumns(c.kind, c.value)).toEqual(d);
    }
  });
});
