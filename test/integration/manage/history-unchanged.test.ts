/**
 * History never changes: random management changes (prices, titles, VAT, departments, archives, new
 * products, clients, tables, stock) interleaved with sales, refunds and report calls leave every order
 * recorded before them, its receipt total and the reports of the past exactly as they were, and the
 * report rows kept sale by sale equal a rebuild from the ledger. (A product is named in reports as it was
 * sold; a department, a client or a table is one row named as it is now, so renaming those is left out.)
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, keptAndRebuilt, ok, startInProcess, type Harness } from '../../helpers.js';

interface Ids {
  items: { id: number }[];
}

type Step =
  | { kind: 'price'; pick: number; cents: number }
  | { kind: 'title'; pick: number; suffix: number }
  | { kind: 'vat'; pick: number; rate: 5.5 | 10 | 20 }
  | { kind: 'archive'; pick: number }
  | { kind: 'dept'; pick: number; suffix: number; rate: 5.5 | 10 | 20 }
  | { kind: 'product'; cents: number; suffix: number }
  | { kind: 'client'; pick: number; suffix: number }
  | { kind: 'stock'; pick: number; delta: number }
  | { kind: 'sale'; picks: number[]; paid: boolean }
  | { kind: 'refund'; pick: number }
  | { kind: 'report' };

const rate = fc.constantFrom<5.5 | 10 | 20>(5.5, 10, 20);
const pick = fc.nat(1000);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('price' as const), pick, cents: fc.integer({ min: 0, max: 5000 }) }),
  fc.record({ kind: fc.constant('title' as const), pick, suffix: fc.nat(99) }),
  fc.record({ kind: fc.constant('vat' as const), pick, rate }),
  fc.record({ kind: fc.constant('archive' as const), pick }),
  fc.record({ kind: fc.constant('dept' as const), pick, suffix: fc.nat(99), rate }),
  fc.record({
    kind: fc.constant('product' as const),
    cents: fc.integer({ min: 1, max: 5000 }),
    suffix: fc.nat(9999),
  }),
  fc.record({ kind: fc.constant('client' as const), pick, suffix: fc.nat(99) }),
  fc.record({
    kind: fc.constant('stock' as const),
    pick,
    delta: fc.integer({ min: -5, max: 20 }).filter((d) => d !== 0),
  }),
  fc.record({
    kind: fc.constant('sale' as const),
    picks: fc.array(pick, { minLength: 1, maxLength: 4 }),
    paid: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('refund' as const), pick }),
  fc.constant({ kind: 'report' as const }),
);

const NOW = new Date('2026-11-18T14:30:00Z'); // a Wednesday afternoon in Paris

describe('management changes never rewrite history', () => {
  let h: Harness;
  let pastOrders: number[];
  let snapshot: string;
  const today: number[] = [];

  /** What the past looks like: every past order as recorded and the reports of the past days. */
  async function past(): Promise<string> {
    const orders = [];
    for (const id of pastOrders) orders.push(await ok(h.client, 'order_detail', { orderId: id }));
    const range = { from: '2026-11-15', to: '2026-11-17' };
    const days = await ok(h.client, 'report_summary', { ...range, groupBy: 'day' });
    const byProduct = await ok(h.client, 'report_summary', { ...range, groupBy: 'product', limit: 500 });
    const kash = await ok(h.client, 'report_get', { type: 'd', date: '2026-11-17' });
    // An order names its client by reference (an edited address shows on it); what it sold, its amounts,
    // VAT, payments and numbers never change. Reports name a product as it was sold, other rows as now.
    const strip = (r: unknown) =>
      JSON.stringify(r, (k, v: unknown) =>
        k === 'computedAt'
          ? undefined
          : k === 'client' && v && typeof v === 'object'
            ? (v as { id: unknown }).id
            : v,
      );
    return strip({ orders, days, byProduct, kash });
  }

  beforeAll(async () => {
    h = await startInProcess({ historyDays: 3, clock: () => NOW });
    const orders = await ok<Ids>(h.client, 'data_list_orders', {
      from_date_ISO8601: '2026-11-15',
      to_date_ISO8601: '2026-11-17',
      validatedOrders: true,
      limit: 60,
    });
    pastOrders = orders.items.map((o) => o.id);
    expect(pastOrders.length).toBeGreaterThan(10);
    snapshot = await past();
  });
  afterAll(() => h.close());

  let changed = 0;
  const change = async (tool: string, args: Record<string, unknown>) => {
    if (!(await call(h.client, tool, args)).isError) changed++;
  };

  async function run(s: Step): Promise<void> {
    const ids = async (list: string) =>
      (await ok<Ids>(h.client, `data_list_${list}`, { limit: 500 })).items.map((r) => r.id);
    const of = <T>(xs: T[], n: number) => xs[n % xs.length]!;
    switch (s.kind) {
      case 'price':
        await change('plu_edit', { id: of(await ids('products'), s.pick), price: s.cents / 100 });
        return;
      case 'title':
        await change('plu_edit', {
          id: of(await ids('products'), s.pick),
          title: `Renommé ${s.suffix}`,
        });
        return;
      case 'vat':
        await change('plu_edit', {
          id: of(await ids('products'), s.pick),
          vat: s.rate,
          eatInVat: s.rate,
        });
        return;
      case 'archive':
        await change('plu_delete', { id: of(await ids('products'), s.pick) });
        return;
      case 'dept':
        await change('dept_edit', {
          id: of(await ids('departments'), s.pick),
          vat: s.rate,
        });
        return;
      case 'product':
        await change('plu_add', { title: `Nouveau ${s.suffix}`, price: s.cents / 100, vat: 10 });
        return;
      case 'client':
        await change('client_edit', {
          id: of(await ids('clients'), s.pick),
          surname: `Nom ${s.suffix}`,
        });
        return;
      case 'stock':
        await change('stock_adjust', {
          productId: of(await ids('products'), s.pick),
          quantity: s.delta,
          reason: 'correction',
        });
        return;
      case 'sale': {
        const products = await ids('products');
        const methods = await ids('payments_modes');
        const r = await call(h.client, 'sale_create', {
          items: s.picks.map((p) => ({ productId: of(products, p) })),
          payment: s.paid ? of(methods, 0) : -1,
        });
        if (!r.isError) today.push((r.structuredContent as { id: number }).id);
        return;
      }
      case 'refund':
        if (today.length) await call(h.client, 'order_refund', { orderId: of(today, s.pick) });
        return;
      case 'report':
        await ok(h.client, 'report_summary', { period: 'today' });
        return;
    }
  }

  it('leaves every past order, receipt and report as it was, whatever the changes in between', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        for (const s of steps) await run(s);
        const now = await past();
        if (now !== snapshot) {
          const A = JSON.parse(snapshot) as unknown,
            B = JSON.parse(now) as unknown;
          const diffs: string[] = [];
          const walk = (x: unknown, y: unknown, p: string) => {
            if (diffs.length > 8) return;
            if (typeof x === 'object' && x && typeof y === 'object' && y) {
              for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
                walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${p}.${k}`);
            } else if (JSON.stringify(x) !== JSON.stringify(y))
              diffs.push(`${p}: ${JSON.stringify(x)} -> ${JSON.stringify(y)}`);
          };
          walk(A, B, '');
          console.log(JSON.stringify(steps), diffs);
        }
        expect(now).toBe(snapshot);
      }),
      { numRuns: 20 },
    );
    const [kept, rebuilt] = await keptAndRebuilt(h.db, h.shopId);
    expect(kept).toBe(rebuilt);
    expect(today.length).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(30); // the changes really happened
  });
});
