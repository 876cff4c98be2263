/**
 * `comptoir demo`: the generated history is reproducible, placed before today's business day, and
 * written exactly as the sales service writes sales, payments and credit notes.
 */
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { lineVats } from '../../src/domain/line-vat.js';
import { vatFromTtc } from '../../src/domain/money.js';
import { addDays, businessDayOf } from '../../src/domain/time.js';
import { ShopMoments } from '../../src/modules/demo/demo.history.calendar.js';
import { generateHistory, type HistoryOptions } from '../../src/modules/demo/demo.history.js';
import { createDemoShop, createEmptyShop } from '../../src/modules/demo/demo.service.js';
import { rebuildFacts } from '../../src/modules/reports/reports.facts.js';
import { paymentDay, validationMoment } from '../../src/domain/time.js';
import { newDatabase } from '../helpers.js';
import { MAIN } from '../process-harness.js';

const logger = createLogger('silent');
// A Tuesday morning in Paris: today's business day began on Tuesday at 02:00.
const NOW = new Date('2026-03-10T09:30:00Z');
const CLOCK = { timeZone: 'Europe/Paris', closeHour: 2 };

async function openFresh(): Promise<Db> {
  const db = openDatabase({ location: await newDatabase('history') });
  await migrateToLatest(db);
  return db;
}

async function generated(options: Partial<HistoryOptions> = {}) {
  const db = await openFresh();
  const result = await generateHistory(db, logger, { days: 20, ordersPerDay: 30, now: NOW, ...options });
  return { db, result };
}

/** Every row of a shop's history, in id order, as the database gives them back. */
async function dump(db: Db, shopId: number) {
  const orders = await db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const lines = await db
    .selectFrom('order_lines')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const payments = await db
    .selectFrom('payments')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  const facts = await db
    .selectFrom('report_daily')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('dim')
    .orderBy('day')
    .orderBy('key')
    .orderBy('vat_bp')
    .execute();
  const clients = await db
    .selectFrom('clients')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  return { orders, lines, payments, facts, clients };
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('demo history', () => {
  beforeAll(() => {
    if (!fs.existsSync(MAIN)) execSync('npx tsc -p tsconfig.json', { stdio: 'inherit' });
  });

  it('gives the same rows for the same seed, and other rows for another seed', async () => {
    const a = await generated({ seed: 7 });
    const b = await generated({ seed: 7 });
    const c = await generated({ seed: 8 });
    try {
      const [da, db_, dc] = await Promise.all([
        dump(a.db, a.result.shopId),
        dump(b.db, b.result.shopId),
        dump(c.db, c.result.shopId),
      ]);
      expect(da.orders.length).toBeGreaterThan(500);
      expect(JSON.stringify(db_)).toBe(JSON.stringify(da));
      expect(b.result).toMatchObject({ ...a.result, elapsedMs: b.result.elapsedMs });
      expect(dc.orders.map((o) => o.total)).not.toEqual(da.orders.map((o) => o.total));
    } finally {
      await Promise.all([a.db.destroy(), b.db.destroy(), c.db.destroy()]);
    }
  });

  it('writes sales, payments and credit notes as the sales service does', async () => {
    const { db, result } = await generated({ days: 20, ordersPerDay: 30, seed: 3 });
    try {
      const { orders, lines, payments, facts } = await dump(db, result.shopId);
      const sales = orders.filter((o) => o.refund_of === null);
      const credits = orders.filter((o) => o.refund_of !== null);
      expect(sales.length).toBe(result.orders);
      expect(credits.length).toBe(result.creditNotes);
      expect(lines.length).toBe(result.lines);
      expect(payments.length).toBe(result.payments);
      expect(result).toMatchObject({ days: 20, from: '2026-02-18', to: '2026-03-09', created: true });

      // The window: the 20 business days before today's, every one of them, nothing today.
      const today = businessDayOf(NOW, CLOCK);
      const days = Array.from({ length: 20 }, (_, i) => addDays(today, i - 20));
      expect([...new Set(sales.map((o) => o.business_day))].sort()).toEqual(days);
      for (const o of orders) {
        expect(o.business_day! < today).toBe(true);
        expect(new Date(o.updated_at).getTime()).toBeLessThan(NOW.getTime());
      }
      // Some orders come after midnight (and belong to the day before: checked with the clock below).
      expect(sales.some((o) => o.hour! < 2)).toBe(true);

      // Gap-free numbers in the order of validation; timestamps in order.
      const byNumber = [...orders].sort((x, y) => x.number! - y.number!);
      expect(byNumber.map((o) => o.number)).toEqual(byNumber.map((_, i) => i + 1));
      const shop = await db
        .selectFrom('shops')
        .selectAll()
        .where('id', '=', result.shopId)
        .executeTakeFirstOrThrow();
      expect(shop.last_order_number).toBe(orders.length);
      for (let i = 1; i < byNumber.length; i++)
        expect(byNumber[i]!.validated_at! >= byNumber[i - 1]!.validated_at!).toBe(true);
      for (const o of orders) {
        expect(o.status).toBe('validated');
        expect(o.created_at <= o.validated_at!).toBe(true);
        expect(o.validated_at! <= o.updated_at).toBe(true);
        const m = validationMoment(new Date(o.validated_at!), CLOCK);
        expect({ business_day: o.business_day, weekday: o.weekday, hour: o.hour }).toEqual(m);
      }

      // Totals, line VAT, payments.
      const linesOf = new Map<number, typeof lines>();
      for (const l of lines) linesOf.set(l.order_id, [...(linesOf.get(l.order_id) ?? []), l]);
      const paymentsOf = new Map<number, typeof payments>();
      for (const p of payments) paymentsOf.set(p.order_id, [...(paymentsOf.get(p.order_id) ?? []), p]);
      for (const o of orders) {
        const own = linesOf.get(o.id) ?? [];
        expect(own.length).toBeGreaterThan(0);
        expect(own.map((l) => l.position)).toEqual(own.map((_, i) => i + 1));
        expect(sum(own.map((l) => l.net_total))).toBe(o.total);
        expect(sum(own.map((l) => l.total))).toBe(o.subtotal);
        expect(o.discount_total).toBe(o.subtotal - o.total);
        for (const l of own) expect(l.total).toBe(l.unit_price * l.quantity - l.discount);
        expect(own.map((l) => l.vat)).toEqual(
          lineVats(own.map((l) => ({ net: l.net_total, vatBp: l.vat_bp }))),
        );
        for (const rate of new Set(own.map((l) => l.vat_bp))) {
          const ofRate = own.filter((l) => l.vat_bp === rate);
          expect(sum(ofRate.map((l) => l.vat))).toBe(vatFromTtc(sum(ofRate.map((l) => l.net_total)), rate));
        }
        expect(sum((paymentsOf.get(o.id) ?? []).map((p) => p.amount))).toBe(o.paid);
      }
      for (const p of payments) {
        expect({ business_day: p.business_day, weekday: p.weekday }).toEqual(
          paymentDay(new Date(p.created_at), CLOCK),
        );
        expect(p.business_day < today).toBe(true);
      }
      // Eat-in rates on site, takeaway rates elsewhere (a croissant: 10 % at the table, 5.5 % to go).
      const ordersById = new Map(orders.map((o) => [o.id, o]));
      const croissants = lines.filter((l) => l.title === 'Croissant' && l.quantity > 0);
      for (const l of croissants)
        expect(l.vat_bp).toBe(ordersById.get(l.order_id)!.delivery_method === 2 ? 1000 : 550);

      // Realistic mix: unpaid orders, partial payments, several methods, deliveries with a client.
      const unpaid = sales.filter((o) => o.paid === 0).length / sales.length;
      expect(unpaid).toBeGreaterThan(0.01);
      expect(unpaid).toBeLessThan(0.15);
      expect(sales.some((o) => o.paid > 0 && o.paid < o.total)).toBe(true);
      expect(new Set(payments.map((p) => p.method_id)).size).toBeGreaterThan(2);
      expect(new Set(sales.map((o) => o.delivery_method))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
      for (const o of sales) {
        if (o.delivery_method === 2) expect(o.table_id !== null && o.covers! > 0).toBe(true);
        if (o.delivery_method === 1) expect(o.client_id !== null && o.delivery_time !== null).toBe(true);
        if (o.delivery_method === 5) expect(o.relay_point_id).not.toBeNull();
        expect(o.fulfilment).toBe(
          o.delivery_method === 2 || o.delivery_method === 4 ? 'served' : 'delivered',
        );
      }
      const delivered = sales.filter((o) => o.delivery_method === 1);
      const addresses = await db.selectFrom('clients').select(['id', 'address']).execute();
      for (const o of delivered) expect(addresses.find((c) => c.id === o.client_id)?.address).toBeTruthy();
      expect(sales.some((o) => o.discount_kind !== null)).toBe(true);

      // Credit notes: negative lines of their original's lines, never more than was sold, paid back or not.
      expect(credits.length).toBeGreaterThan(0);
      const refunded = new Map<number, number>();
      const linesById = new Map(lines.map((l) => [l.id, l]));
      for (const c of credits) {
        const original = ordersById.get(c.refund_of!)!;
        expect(original.refund_of).toBeNull();
        expect(c.validated_at! > original.validated_at!).toBe(true);
        expect(c.total).toBeLessThan(0);
        expect(c.paid).toBeLessThanOrEqual(0);
        expect(c.public_comment).toBeTruthy();
        for (const l of linesOf.get(c.id)!) {
          const sold = linesById.get(l.refund_of_line!)!;
          expect(sold.order_id).toBe(original.id);
          expect(l.quantity).toBeLessThan(0);
          expect([l.product_id, l.unit_price, l.vat_bp, l.title]).toEqual([
            sold.product_id,
            sold.unit_price,
            sold.vat_bp,
            sold.title,
          ]);
          refunded.set(sold.id, (refunded.get(sold.id) ?? 0) - l.quantity);
        }
      }
      for (const [lineId, q] of refunded) expect(q).toBeLessThanOrEqual(linesById.get(lineId)!.quantity);
      for (const original of sales) {
        const notes = credits.filter((c) => c.refund_of === original.id);
        expect(-sum(notes.map((n) => n.total))).toBeLessThanOrEqual(original.total);
        expect(-sum(notes.map((n) => n.paid))).toBeLessThanOrEqual(original.paid);
      }

      // The report summary rows are what a rebuild gives, again and again.
      expect(facts.length).toBeGreaterThan(0);
      await db.transaction().execute((tx) => rebuildFacts(tx, result.shopId));
      expect((await dump(db, result.shopId)).facts).toEqual(facts);
    } finally {
      await db.destroy();
    }
  });

  it('adds a history to an existing shop after its own orders, and refuses a shop it cannot fill', async () => {
    const db = await openFresh();
    try {
      // its own orders three weeks before the history: the fiscal chain keeps them in day order
      const earlier = new Date(NOW.getTime() - 21 * 86_400_000);
      const shopId = await createDemoShop(db, logger, earlier, { historyDays: 2, name: 'Service-made' });
      const before = await db.selectFrom('orders').select('number').where('shop_id', '=', shopId).execute();
      expect(before.length).toBeGreaterThan(0);
      const r = await generateHistory(db, logger, { days: 5, ordersPerDay: 20, shopId, now: NOW, seed: 1 });
      expect(r).toMatchObject({ shopId, created: false, clientsAdded: 0 });
      const numbers = (
        await db
          .selectFrom('orders')
          .select('number')
          .where('shop_id', '=', shopId)
          .orderBy('number')
          .execute()
      ).map((o) => o.number);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      expect(numbers.length).toBe(before.length + r.orders + r.creditNotes);
      // The service writes after it without an id clash (PostgreSQL: the identity sequences moved on).
      const next = await createDemoShop(db, logger, NOW, { historyDays: 1, name: 'After' });
      expect(
        (await db.selectFrom('orders').select('id').where('shop_id', '=', next).execute()).length,
      ).toBeGreaterThan(0);

      // a shop whose sales are as recent as the history's first day: refused (the chain is in day order)
      await expect(
        generateHistory(db, logger, { days: 5, ordersPerDay: 20, shopId: next, now: NOW }),
      ).rejects.toMatchObject({
        field: 'shop',
        message: expect.stringMatching(/has sales recorded on .* on or after the history's first day/),
      });
      const empty = await createEmptyShop(db, 'Vide', NOW);
      await expect(
        generateHistory(db, logger, { days: 5, ordersPerDay: 20, shopId: empty, now: NOW }),
      ).rejects.toMatchObject({ field: 'shop', message: expect.stringMatching(/has no active products/) });
      await expect(
        generateHistory(db, logger, { days: 5, ordersPerDay: 20, shopId: 999, now: NOW }),
      ).rejects.toMatchObject({ field: 'shop', message: expect.stringMatching(/no shop has id 999/) });
      expect(await db.selectFrom('orders').select('id').where('shop_id', '=', empty).execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('reads business days and hours as the reports ledger does, in any time zone', () => {
    // Whole-hour, half-hour and quarter-hour offsets, and a half-hour daylight saving shift; dense
    // around each 2025 clock change, sparse over the year.
    const zones: [string, string[]][] = [
      ['Europe/Paris', ['2025-03-30', '2025-10-26']],
      ['America/St_Johns', ['2025-03-09', '2025-11-02']],
      ['Australia/Lord_Howe', ['2025-04-06', '2025-10-05']],
      ['Asia/Kolkata', []],
      ['Asia/Kathmandu', []],
    ];
    for (const [timeZone, changes] of zones) {
      const clock = { timeZone, closeHour: 2 };
      const moments = new ShopMoments(clock);
      const check = (at: number) => {
        expect(moments.order(at), `${timeZone} ${new Date(at).toISOString()}`).toEqual(
          validationMoment(new Date(at), clock),
        );
        expect(moments.payment(at)).toEqual(paymentDay(new Date(at), clock));
      };
      const start = Date.UTC(2025, 0, 1);
      for (let at = start; at < start + 365 * 86_400_000; at += 433 * 60_000 + 13_001) check(at);
      for (const day of changes) {
        const from = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
        for (let at = from; at < from + 2 * 86_400_000; at += 7 * 60_000 + 7_001) check(at);
      }
    }
  });

  it('runs as comptoir demo and comptoir reports rebuild, and explains bad flags', async () => {
    const location = await newDatabase('cli');
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [MAIN, '--db', location, '--log-level', 'warn', ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const made = run('demo', '--days', '3', '--orders-per-day', '5');
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    const shopId = Number(/Created demo shop (\d+):/.exec(made.out)?.[1]);
    expect(shopId).toBeGreaterThan(0);
    expect(made.out).toMatch(
      /\d+ orders, \d+ credit notes, \d+ lines, \d+ payments over 3 business days .* in [\d.]+ s\.\n$/,
    );

    // a history must come after what the fiscal chain holds: not into a shop with sales until yesterday
    const more = run('demo', '--days', '2', '--orders-per-day', '4', '--shop', String(shopId), '--json');
    expect(more.code).toBe(2);
    expect(more.err).toMatch(/has sales recorded on .* on or after the history's first day/);
    expect(run('reports', 'rebuild').out).toMatch(
      new RegExp(`Rebuilt the report summary rows of shop ${shopId} `),
    );

    const bad = [
      {
        args: ['demo', '--days', '0', '--orders-per-day', '5'],
        says: /--days must be a whole number from 1 to/,
      },
      {
        args: ['demo', '--days', '3', '--orders-per-day', 'x'],
        says: /--orders-per-day must be a whole number .*got "x"/,
      },
      { args: ['demo', '--orders-per-day', '5'], says: /demo needs --days, e\.g\. --days 30/ },
      {
        args: ['demo', '--days', '3', '--orders-per-day', '5', '--seed', 'abc'],
        says: /--seed must be a whole number/,
      },
      {
        args: ['demo', '--days', '3', '--orders-per-day', '5', '--shop', '999'],
        says: /--shop: no shop has id 999; the shops are 1 \(.*\)\. Leave --shop out to create a new demo shop/,
      },
      { args: ['reports', 'rebuild', '--shop', '999'], says: /--shop: no shop has id 999/ },
      { args: ['reports'], says: /Usage: comptoir reports rebuild/ },
    ];
    for (const { args, says } of bad) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(says);
    }
  });
});
