/**
 * A property of the fiscal chain (issue 16): after any sequence of sales (paid, unpaid, partly paid,
 * quotes), later payments, partial and full refunds and closures, on a clock that moves across
 * business days, an untouched ledger verifies, every validated order is recorded once, and every Z
 * equals report_summary for its business day. Both databases.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { closeDueEverywhere } from '../../src/modules/fiscal/fiscal.closures.js';
import type { ClosureView, LedgerVerification } from '../../src/modules/fiscal/fiscal.schemas.js';
import { call, ok, startInProcess, type Harness } from '../helpers.js';

const onPostgres = Boolean(process.env.COMPTOIR_TEST_DB);

type Step =
  | { kind: 'sale'; payment: 'card' | 'cash' | 'unpaid' | 'quote' | 'part'; items: [number, number][] }
  | { kind: 'pay'; which: number }
  | { kind: 'refund'; which: number; all: boolean }
  | { kind: 'close' }
  | { kind: 'wait'; hours: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sale' as const),
      payment: fc.constantFrom('card', 'cash', 'unpaid', 'quote', 'part'),
      items: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 3 })), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), which: fc.nat(50) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('refund' as const), which: fc.nat(50), all: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 30 }) }),
  },
);

describe(`the fiscal chain under random use (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let h: Harness;
  let now = new Date('2026-10-30T08:00:00Z');
  let products: string[];
  let methods: { card: number; cash: number };
  beforeAll(async () => {
    h = await startInProcess({ clock: () => now });
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    methods = {
      card: modes.items.find((m) => m.type === 'card' && !m.refund)!.id,
      cash: modes.items.find((m) => m.type === 'cash' && !m.refund)!.id,
    };
    const list = await ok<{ items: { title: string }[] }>(h.client, 'data_list_products', { limit: 5 });
    products = list.items.map((p) => p.title);
  });
  afterAll(async () => {
    await h.close();
  });

  it('verifies after any sequence, and every Z equals the day it closes', async () => {
    const orders: number[] = [];
    const logger = createLogger('silent');
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        for (const s of steps) {
          if (s.kind === 'wait') now = new Date(now.getTime() + s.hours * 3600_000);
          else if (s.kind === 'close')
            await closeDueEverywhere(h.db, (shopId) => ({
              shopId,
              actor: 't',
              scopes: ['sell'],
              db: h.db,
              clock: () => now,
              logger,
            }));
          else if (s.kind === 'sale') {
            const items = s.items.map(([p, q]) => ({
              productName: products[p % products.length],
              quantity: q,
            }));
            const payment = {
              card: methods.card,
              cash: methods.cash,
              unpaid: -1,
              quote: -2,
              part: methods.cash,
            }[s.payment];
            const r = await ok<{ id: number }>(h.client, 'sale_create', {
              items,
              payment,
              ...(s.payment === 'part' ? { paymentAmount: 0.5 } : {}),
            });
            orders.push(r.id);
          } else if (orders.length > 0) {
            const orderId = orders[s.which % orders.length]!;
            // refused calls (nothing left to pay or refund, a quote) write nothing: the property holds either way
            if (s.kind === 'pay') await call(h.client, 'order_edit', { orderId, payment: methods.card });
            else {
              const o = await ok<{ lines: { id: number; quantity: number; refundedQuantity: number }[] }>(
                h.client,
                'order_detail',
                { orderId },
              );
              const line = o.lines.find((l) => l.refundedQuantity < l.quantity);
              await call(
                h.client,
                'order_refund',
                s.all || !line ? { orderId } : { orderId, lines: [{ lineId: line.id, quantity: 1 }] },
              );
            }
          }
        }
        const v = await ok<LedgerVerification>(h.client, 'ledger_verify');
        expect(v.problems).toEqual([]);
        const validated = await h.db
          .selectFrom('orders')
          .select('id')
          .where('number', 'is not', null)
          .execute();
        const recorded = await h.db
          .selectFrom('fiscal_records')
          .select('order_id')
          .where('chain', '=', 'ticket')
          .where('kind', '<>', 'payment')
          .execute();
        expect(recorded.map((r) => r.order_id).sort((a, b) => a! - b!)).toEqual(
          validated.map((o) => o.id).sort((a, b) => a - b),
        );
        // the Zs made at the close hour cover whole business days: each equals the day's report
        const zs = await h.db
          .selectFrom('fiscal_records')
          .select('content')
          .where('chain', '=', 'closure')
          .where('kind', '=', 'day')
          .execute();
        const days = [...new Set(zs.map((z) => (JSON.parse(z.content) as { period: string }).period))];
        for (const day of days) {
          const closures = (await ok<{ closures: ClosureView[] }>(h.client, 'report_z', { period: day }))
            .closures;
          const s = await ok<{ totals: { revenue: number; vat: number } }>(h.client, 'report_summary', {
            from: day,
            to: day,
          });
          const ttc = closures.reduce((t, c) => t + Math.round(c.totals.ttc * 100), 0);
          const vat = closures.reduce((t, c) => t + Math.round(c.totals.vat * 100), 0);
          expect([day, ttc, vat]).toEqual([
            day,
            Math.round(s.totals.revenue * 100),
            Math.round(s.totals.vat * 100),
          ]);
        }
      }),
      { numRuns: onPostgres ? 8 : 15 },
    );
    // the runs did sell, refund, pay later and close
    const kinds = await h.db.selectFrom('fiscal_records').select(['chain', 'kind']).execute();
    const count = (k: string) => kinds.filter((r) => r.kind === k).length;
    expect([count('sale') > 10, count('credit_note') > 0, count('payment') > 0, count('day') > 0]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});
