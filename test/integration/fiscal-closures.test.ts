/**
 * Closures (issue 16): the server closes each business day at the close hour (and the days a stop made
 * it miss), a month with its last day; an owner closes sooner with day_close; report_z shows any of
 * them, equal to the report tools' figures for the same period to the cent; nothing is recorded into a
 * closed period; ledger_verify names a closure changed, or tickets removed after the last one. Both
 * databases, an injected clock.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { isPostgres } from '../../src/db/dialect.js';
import { closeDueEverywhere } from '../../src/modules/fiscal/fiscal.closures.js';
import type { ClosureView, LedgerVerification } from '../../src/modules/fiscal/fiscal.schemas.js';
import type { Ctx } from '../../src/modules/shared/context.js';
import { ok, startInProcess, type Harness } from '../helpers.js';

const onPostgres = Boolean(process.env.COMPTOIR_TEST_DB);
const logger = createLogger('silent');

interface Summary {
  totals: { revenue: number; revenueHT: number; vat: number; orders: number; refunds: number };
  vatRates: { rate: number; ht: number; vat: number; ttc: number }[];
}

describe(`closures (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let h: Harness;
  let now = new Date('2026-11-29T09:00:00Z');
  let card: number;
  let cash: number;
  const ctxOf = (shopId: number): Ctx => ({
    shopId,
    actor: 'server',
    scopes: ['sell'],
    db: h.db,
    clock: () => now,
    logger,
  });
  const at = (iso: string) => (now = new Date(iso));
  const sale = (args: Record<string, unknown>) =>
    ok<{ id: number; number: number }>(h.client, 'sale_create', args);
  const z = (args: Record<string, unknown> = {}) =>
    ok<{ closures: ClosureView[]; open: { records: number; ttc: number } }>(h.client, 'report_z', args);
  const summary = (from: string, to: string) => ok<Summary>(h.client, 'report_summary', { from, to });

  beforeAll(async () => {
    h = await startInProcess({ clock: () => now });
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    card = modes.items.find((m) => m.type === 'card' && !m.refund)!.id;
    cash = modes.items.find((m) => m.type === 'cash' && !m.refund)!.id;
    // 29 November: two sales, one unpaid
    await sale({
      payment: card,
      items: [{ productName: 'Café', quantity: 2 }, { productName: 'Croissant' }],
    });
    const unpaid = await sale({ payment: -1, items: [{ productName: 'Croissant', quantity: 4 }] });
    // 30 November, after midnight but before the 2 a.m. close hour: still the 29th's business day
    at('2026-11-30T00:30:00Z');
    await sale({ payment: cash, items: [{ productName: 'Café' }] });
    // 30 November: the unpaid order is paid, a sale is refunded
    at('2026-11-30T10:00:00Z');
    await ok(h.client, 'order_edit', { orderId: unpaid.id, payment: cash });
    const refunded = await sale({ payment: card, items: [{ productName: 'Café', quantity: 3 }] });
    await ok(h.client, 'order_refund', { orderId: refunded.id });
    // 1 December
    at('2026-12-01T11:00:00Z');
    await sale({ payment: card, items: [{ productName: 'Croissant' }, { productName: 'Café' }] });
  });
  afterAll(async () => {
    await h.close();
  });

  it('closes nothing before the close hour, then each day missed and the month it ended', async () => {
    // 1 December, 11:00: the 29th and the 30th are closed, and November with them; the 1st stays open
    expect(await closeDueEverywhere(h.db, ctxOf)).toBe(3);
    const all = await h.db
      .selectFrom('fiscal_records')
      .select(['kind', 'content'])
      .where('chain', '=', 'closure')
      .orderBy('seq')
      .execute();
    expect(all.map((c) => c.kind)).toEqual(['day', 'day', 'month']);
  });

  it('equals the report tools to the cent, for each day and the month', async () => {
    for (const day of ['2026-11-29', '2026-11-30']) {
      const [c] = (await z({ period: day })).closures;
      const s = await summary(day, day);
      expect(c!.kind).toBe('day');
      expect(c!.totals.ttc).toBeCloseTo(s.totals.revenue, 10);
      expect(c!.totals.ht).toBeCloseTo(s.totals.revenueHT, 10);
      expect(c!.totals.vat).toBeCloseTo(s.totals.vat, 10);
      expect(c!.counts.sales).toBe(s.totals.orders);
      expect(c!.counts.creditNotes).toBe(s.totals.refunds > 0 ? 1 : 0);
      const used = (r: { ttc: number; vat: number }) => r.ttc !== 0 || r.vat !== 0;
      expect(c!.vat.filter(used).map((r) => [r.rateBp / 100, r.ttc, r.vat])).toEqual(
        s.vatRates.filter(used).map((r) => [r.rate, r.ttc, r.vat]),
      );
    }
    const [month] = (await z({ period: '2026-11' })).closures;
    const s = await summary('2026-11-01', '2026-11-30');
    expect(month!.totals.ttc).toBeCloseTo(s.totals.revenue, 10);
    expect(month!.totals.vat).toBeCloseTo(s.totals.vat, 10);
    const days = (await Promise.all(['2026-11-29', '2026-11-30'].map((d) => z({ period: d })))).map(
      (r) => r.closures[0]!,
    );
    expect(month!.grandTotal.perpetual).toBeCloseTo(days[1]!.grandTotal.perpetual, 10);
    expect(days[1]!.grandTotal.perpetual).toBeCloseTo(days[0]!.totals.ttc + days[1]!.totals.ttc, 10);
    // the later payment of the 29th's unpaid order is in the 30th's Z, with its method
    expect(days[1]!.payments.find((p) => p.type === 'cash')!.amount).toBeGreaterThan(0);
    expect(days.map((d) => d.number)).toEqual([1, 2]);
  });

  it('runs again without closing twice, and the day in progress stays open', async () => {
    expect(await closeDueEverywhere(h.db, ctxOf)).toBe(0);
    const r = await z();
    expect(r.closures[0]!.kind).toBe('month');
    expect(r.open.records).toBe(1); // 1 December's sale
  });

  it('lets the owner close now; the next sale goes into the next Z, never into a closed one', async () => {
    at('2026-12-01T15:00:00Z');
    const closed = await ok<{ made: ClosureView[]; note: string | null }>(h.client, 'day_close');
    expect(closed.made.map((c) => [c.kind, c.period, c.number, c.manual])).toEqual([
      ['day', '2026-12-01', 3, true],
    ]);
    const again = await ok<{ made: ClosureView[]; note: string | null }>(h.client, 'day_close');
    expect(again.made).toEqual([]);
    expect(again.note).toContain('Z 3');
    at('2026-12-01T16:00:00Z');
    await sale({ payment: card, items: [{ productName: 'Café' }] });
    expect((await z()).open.records).toBe(1);
    expect((await z({ number: 3 })).closures[0]!.counts.sales).toBe(1);
    // at the close hour, the rest of the business day gets its own Z, labelled with the same day
    at('2026-12-02T03:00:00Z');
    expect(await closeDueEverywhere(h.db, ctxOf)).toBe(1);
    const both = (await z({ period: '2026-12-01' })).closures;
    expect(both.map((c) => c.number)).toEqual([3, 4]);
    expect(both[1]!.tickets!.from).toBe(both[0]!.tickets!.to + 1);
    const s = await summary('2026-12-01', '2026-12-01');
    expect(both[0]!.totals.ttc + both[1]!.totals.ttc).toBeCloseTo(s.totals.revenue, 10);
  });

  it('refuses an unknown period or Z number, naming what exists', async () => {
    const r = await h.client.callTool({ name: 'report_z', arguments: { number: 99 } });
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r.content)).toContain('from 1 to 4');
    const bad = await h.client.callTool({ name: 'report_z', arguments: { period: 'yesterday' } });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toContain('YYYY-MM-DD');
  });

  it('verifies the closures, and names one whose total was changed, and tickets removed after the last', async () => {
    expect((await ok<LedgerVerification>(h.client, 'ledger_verify')).problems).toEqual([]);
    if (isPostgres(h.db)) await sql`drop trigger fiscal_records_kept on fiscal_records`.execute(h.db);
    else
      for (const t of ['fiscal_records_no_update', 'fiscal_records_no_delete'])
        await sql`drop trigger ${sql.raw(t)}`.execute(h.db);
    const first = await h.db
      .selectFrom('fiscal_records')
      .select(['seq', 'content'])
      .where('chain', '=', 'closure')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    const changed = first.content.replace(/"ttc":(\d+)/, (_, n: string) => `"ttc":${Number(n) + 1000}`);
    await sql`update fiscal_records set content = ${changed} where chain = 'closure' and seq = ${first.seq}`.execute(
      h.db,
    );
    const v = await ok<LedgerVerification>(h.client, 'ledger_verify');
    expect(v.problems.map((p) => [p.chain, p.seq, p.problem])).toContainEqual([
      'closure',
      first.seq,
      'altered',
    ]);
    expect(
      v.problems.some((p) => p.problem === 'closure_mismatch' && p.record === 'day closure 2026-11-29'),
    ).toBe(true);
    await sql`update fiscal_records set content = ${first.content} where chain = 'closure' and seq = ${first.seq}`.execute(
      h.db,
    );
    // the tickets of the last Z removed: the chain alone is whole, the Z says it went further
    const last = await h.db
      .selectFrom('fiscal_records')
      .select((db) => db.fn.max('seq').as('seq'))
      .where('chain', '=', 'ticket')
      .executeTakeFirstOrThrow();
    await sql`delete from fiscal_records where chain = 'ticket' and seq = ${Number(last.seq)}`.execute(h.db);
    const w = await ok<LedgerVerification>(h.client, 'ledger_verify');
    expect(w.problems.map((p) => p.problem)).toContain('removed_at_end');
    expect(w.problems.find((p) => p.problem === 'removed_at_end')!.detail).toContain('Z 4');
  });
});
