/**
 * The fiscal chain (issue 16): every validated sale, credit note and later payment is a signed record
 * chained to the one before it, and ledger_verify names the record that any tampering touches — a
 * line's price, a payment's amount, a VAT rate, a timestamp, a number swapped, an order deleted in
 * the middle or at the end, a record changed, moved or re-signed, an order written outside Comptoir, an
 * older copy of the database put back. Runs on both databases, through the MCP client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPostgres } from '../../src/db/dialect.js';
import { keepHeadsApart } from '../../src/modules/fiscal/fiscal.heads.js';
import type { LedgerVerification } from '../../src/modules/fiscal/fiscal.schemas.js';
import { call, ok, startInProcess, tempDir, type Harness } from '../helpers.js';

interface Order {
  id: number;
  number: number | null;
  total: number;
  lines: { id: number }[];
}

const onPostgres = Boolean(process.env.COMPTOIR_TEST_DB);

async function verify(h: Harness): Promise<LedgerVerification> {
  return ok<LedgerVerification>(h.client, 'ledger_verify');
}

/** What an attacker with a SQL client does first: the triggers that keep the records are dropped. */
async function dropGuards(h: Harness): Promise<void> {
  if (isPostgres(h.db)) {
    await sql`drop trigger fiscal_records_kept on fiscal_records`.execute(h.db);
    await sql`drop trigger fiscal_keys_kept on fiscal_keys`.execute(h.db);
  } else {
    for (const t of ['fiscal_records_no_update', 'fiscal_records_no_delete', 'fiscal_keys_no_update'])
      await sql`drop trigger ${sql.raw(t)}`.execute(h.db);
  }
}

describe(`the fiscal chain (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let h: Harness;
  let cash: number;
  let card: number;
  let sales: Order[];
  let heads: string;

  const sale = (args: Record<string, unknown>) => ok<Order>(h.client, 'sale_create', args);

  beforeEach(async () => {
    h = await startInProcess();
    heads = path.join(tempDir(), 'heads.json');
    keepHeadsApart(h.db, heads);
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    cash = modes.items.find((m) => m.type === 'cash' && !m.refund)!.id;
    card = modes.items.find((m) => m.type === 'card' && !m.refund)!.id;
    sales = [];
    sales.push(
      await sale({
        payment: card,
        items: [{ productName: 'Café', quantity: 2 }, { productName: 'Croissant' }],
      }),
    );
    sales.push(await sale({ payment: -1, items: [{ productName: 'Café' }] }));
    await ok(h.client, 'order_edit', { orderId: sales[1]!.id, payment: cash, paymentAmount: 1 });
    sales.push(await sale({ payment: cash, items: [{ productName: 'Croissant', quantity: 3 }] }));
    await ok(h.client, 'order_refund', { orderId: sales[2]!.id });
    sales.push(await sale({ payment: card, items: [{ productName: 'Café' }] }));
    await sale({ payment: -2, items: [{ productName: 'Café' }] }); // a quote: no record
  });
  afterEach(async () => {
    await h.close();
  });

  it('records each sale, credit note and later payment, linked and signed, and verifies them', async () => {
    const v = await verify(h);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    const tickets = v.chains.find((c) => c.chain === 'ticket')!;
    // 4 sales + 1 credit note + 1 later payment
    expect(tickets.records).toBe(6);
    expect(v.chains.find((c) => c.chain === 'event')!.records).toBe(1); // the initialisation
    expect(v.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(v.headKeptApart).toBe(heads);
    const rows = await h.db
      .selectFrom('fiscal_records')
      .selectAll()
      .where('chain', '=', 'ticket')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.kind)).toEqual(['sale', 'sale', 'payment', 'sale', 'credit_note', 'sale']);
    const first = JSON.parse(rows[0]!.content) as Record<string, unknown>;
    expect(first).toMatchObject({ kind: 'sale', number: sales[0]!.number, currency: 'EUR' });
    expect((first.payments as { amount: number; type: string }[])[0]).toMatchObject({
      amount: Math.round(sales[0]!.total * 100), // cents: a record holds whole numbers
      type: 'card',
    });
    expect(JSON.stringify(first)).not.toMatch(/"(id|orderId|shopId)"/); // no row id is hashed
    const text = (await call(h.client, 'ledger_verify')).content[0]!.text!;
    expect(text).toContain('The ledger is intact');
  });

  it('refuses an update or a delete of a record while its guards stand', async () => {
    await expect(sql`update fiscal_records set content = '{}'`.execute(h.db)).rejects.toThrow(
      /never changed/,
    );
    await expect(sql`delete from fiscal_records`.execute(h.db)).rejects.toThrow(/never changed/);
    await expect(sql`update fiscal_keys set private_key = 'x'`.execute(h.db)).rejects.toThrow(
      /never changed/,
    );
  });

  const firstProblem = async () => {
    const v = await verify(h);
    expect(v.ok).toBe(false);
    return v.problems[0]!;
  };
  const numberOf = (i: number) => sales[i]!.number!;

  it("names the sale whose line's price was changed", async () => {
    await sql`update order_lines set unit_price = unit_price + 100 where id = ${sales[0]!.lines[1]!.id}`.execute(
      h.db,
    );
    const p = await firstProblem();
    expect(p).toMatchObject({
      chain: 'ticket',
      seq: 1,
      record: `sale ${numberOf(0)}`,
      problem: 'row_changed',
    });
    expect(p.detail).toContain('lines[1].unitPrice');
  });

  it('names the sale whose payment amount was changed, and a later payment changed', async () => {
    await sql`update payments set amount = amount - 50 where order_id = ${sales[0]!.id}`.execute(h.db);
    const p = await firstProblem();
    expect(p).toMatchObject({ seq: 1, record: `sale ${numberOf(0)}`, problem: 'row_changed' });
    expect(p.detail).toContain('payments[0].amount');
    await sql`update payments set amount = amount + 50 where order_id = ${sales[0]!.id}`.execute(h.db);
    await sql`update payments set amount = 2 where order_id = ${sales[1]!.id}`.execute(h.db);
    const q = await firstProblem();
    expect(q).toMatchObject({ seq: 3, record: `payment of order ${numberOf(1)}`, problem: 'row_changed' });
    expect(q.detail).toContain('amount: recorded 100, now 2');
  });

  it('names the sale whose VAT rate was changed, and the one whose time was changed', async () => {
    await sql`update order_lines set vat_bp = 2000 where order_id = ${sales[3]!.id}`.execute(h.db);
    await sql`update orders set validated_at = '2020-01-01T00:00:00.000Z' where id = ${sales[1]!.id}`.execute(
      h.db,
    );
    const v = await verify(h);
    expect(v.problems.map((p) => [p.record, p.detail.match(/: (\S+):/)?.[1]])).toEqual([
      [`sale ${numberOf(1)}`, 'at'],
      [`sale ${numberOf(3)}`, 'lines[0].vatBp'],
    ]);
  });

  it('names two swapped numbers', async () => {
    const [a, b] = [sales[0]!, sales[3]!];
    await sql`update orders set number = -1 where id = ${a.id}`.execute(h.db);
    await sql`update orders set number = ${a.number} where id = ${b.id}`.execute(h.db);
    await sql`update orders set number = ${b.number} where id = ${a.id}`.execute(h.db);
    const v = await verify(h);
    expect(v.problems.slice(0, 2).map((p) => p.record)).toEqual([`sale ${a.number}`, `sale ${b.number}`]);
    expect(v.problems[0]!.detail).toContain(`number: recorded ${a.number}, now ${b.number}`);
  });

  it('names an order deleted in the middle, rows and record', async () => {
    const o = sales[1]!;
    await sql`delete from payments where order_id = ${o.id}`.execute(h.db);
    await sql`delete from order_lines where order_id = ${o.id}`.execute(h.db);
    await sql`delete from orders where id = ${o.id}`.execute(h.db);
    expect(await firstProblem()).toMatchObject({
      seq: 2,
      record: `sale ${o.number}`,
      problem: 'row_missing',
    });
    await dropGuards(h);
    await sql`delete from fiscal_records where order_id = ${o.id} and kind = 'sale'`.execute(h.db);
    expect(await firstProblem()).toMatchObject({ seq: 2, problem: 'missing' });
  });

  it('names records removed at the end, against the head kept apart', async () => {
    const last = sales[3]!;
    await dropGuards(h);
    await sql`delete from fiscal_records where order_id = ${last.id}`.execute(h.db);
    await sql`delete from payments where order_id = ${last.id}`.execute(h.db);
    await sql`delete from order_lines where order_id = ${last.id}`.execute(h.db);
    await sql`delete from orders where id = ${last.id}`.execute(h.db);
    const p = await firstProblem();
    expect(p).toMatchObject({ chain: 'ticket', seq: 6, problem: 'removed_at_end' });
    expect(p.detail).toContain('ends at 5');
  });

  it('names a record whose content was changed, one moved, and one signed with another key', async () => {
    await dropGuards(h);
    await sql`update fiscal_records set content = replace(content, '"quantity":3', '"quantity":2') where chain = 'ticket' and seq = 4`.execute(
      h.db,
    );
    expect(await firstProblem()).toMatchObject({ seq: 4, problem: 'altered', record: `sale ${numberOf(2)}` });
    await sql`update fiscal_records set content = replace(content, '"quantity":2', '"quantity":3') where chain = 'ticket' and seq = 4`.execute(
      h.db,
    );
    expect((await verify(h)).problems.filter((p) => p.chain === 'ticket')).toEqual([]);
    // two records swap places
    await sql`update fiscal_records set seq = -2 where chain = 'ticket' and seq = 2`.execute(h.db);
    await sql`update fiscal_records set seq = 2 where chain = 'ticket' and seq = 4`.execute(h.db);
    await sql`update fiscal_records set seq = 4 where chain = 'ticket' and seq = -2`.execute(h.db);
    const moved = await verify(h);
    expect(moved.problems[0]).toMatchObject({ seq: 2, problem: 'unlinked' });
    expect(moved.problems.some((p) => p.seq === 2 && p.problem === 'altered')).toBe(true);
  });

  it('names a record whose signature is not the shop key’s', async () => {
    await dropGuards(h);
    const other = await h.db
      .selectFrom('fiscal_records')
      .select('signature')
      .where('chain', '=', 'ticket')
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    await sql`update fiscal_records set signature = ${other.signature} where chain = 'ticket' and seq = 5`.execute(
      h.db,
    );
    expect(await firstProblem()).toMatchObject({ seq: 5, problem: 'signature' });
  });

  it('names an order written outside Comptoir', async () => {
    const o = await h.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', sales[0]!.id)
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = o;
    void _id;
    await h.db
      .insertInto('orders')
      .values({ ...copy, number: 999 })
      .execute();
    const v = await verify(h);
    expect(v.problems.at(-1)).toMatchObject({ seq: null, record: 'sale 999', problem: 'unrecorded' });
  });

  it('writes each management change into the journal, with who, through what, before and after', async () => {
    await ok(h.client, 'table_add', { number: 97, name: 'Terrasse 97' });
    const events = await h.db
      .selectFrom('fiscal_records')
      .select(['kind', 'content'])
      .where('chain', '=', 'event')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['initialisation', 'management']);
    expect(JSON.parse(events[1]!.content)).toMatchObject({
      entity: 'table',
      action: 'add',
      actor: 'test',
      via: 'table_add',
    });
    expect((await verify(h)).ok).toBe(true);
  });

  it('writes a failed verification into the journal', async () => {
    await sql`update order_lines set quantity = 5 where id = ${sales[0]!.lines[0]!.id}`.execute(h.db);
    await verify(h);
    const events = await h.db
      .selectFrom('fiscal_records')
      .select(['kind', 'content'])
      .where('chain', '=', 'event')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['initialisation', 'verification_failed']);
    expect(events[1]!.content).toContain('lines[0].quantity');
  });

  it.skipIf(onPostgres)(
    'names an older copy of the database put back, against the head kept apart',
    async () => {
      const copy = path.join(tempDir(), 'older.db');
      await sql`vacuum into ${copy}`.execute(h.db);
      await sale({ payment: card, items: [{ productName: 'Café' }] });
      expect((await verify(h)).ok).toBe(true);
      const file = h.dbFile;
      await h.close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      fs.copyFileSync(copy, file);
      h = await startInProcess({ dbFile: file });
      keepHeadsApart(h.db, heads);
      const p = await firstProblem();
      expect(p).toMatchObject({ chain: 'ticket', seq: 7, problem: 'removed_at_end' });
      expect(p.detail).toContain('older copy');
    },
  );
});

describe(`the fiscal chain under concurrent writes (${onPostgres ? 'two nodes' : 'one node'})`, () => {
  it('stays gap-free, linked and complete when 30 sales, refunds, payments and closes run at once', async () => {
    const h = await startInProcess();
    const node2 = onPostgres ? await startInProcess({ dbFile: h.dbFile }) : h;
    try {
      const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
        h.client,
        'data_list_payments_modes',
      );
      const card = modes.items.find((m) => m.type === 'card' && !m.refund)!.id;
      const unpaid = await Promise.all(
        Array.from({ length: 6 }, () =>
          ok<Order>(h.client, 'sale_create', { items: [{ productName: 'Café' }] }),
        ),
      );
      const calls = Array.from({ length: 30 }, (_, i) => {
        const client = i % 2 ? node2.client : h.client;
        if (i % 5 === 0) return call(client, 'order_edit', { orderId: unpaid[i % 6]!.id, payment: card });
        if (i % 7 === 0) return call(client, 'order_refund', { orderId: unpaid[(i + 1) % 6]!.id });
        if (i === 13) return call(client, 'day_close');
        return call(client, 'sale_create', {
          payment: card,
          items: [{ productName: 'Croissant', quantity: 1 + (i % 3) }],
        });
      });
      const results = await Promise.all(calls);
      expect(
        results.filter(
          (r) => r.isError && !/nothing left|no longer|refunded/i.test(JSON.stringify(r.content)),
        ),
      ).toEqual([]);
      const v = await ok<LedgerVerification>(node2.client, 'ledger_verify');
      expect(v.problems).toEqual([]);
      const seqs = await h.db
        .selectFrom('fiscal_records')
        .select('seq')
        .where('chain', '=', 'ticket')
        .orderBy('seq')
        .execute();
      expect(seqs.map((r) => r.seq)).toEqual(seqs.map((_, i) => i + 1));
      const validated = await h.db
        .selectFrom('orders')
        .select('id')
        .where('number', 'is not', null)
        .execute();
      const payments = await h.db.selectFrom('payments').select('id').execute();
      const recorded = await h.db
        .selectFrom('fiscal_records')
        .select(['kind'])
        .where('chain', '=', 'ticket')
        .execute();
      expect(recorded.filter((r) => r.kind !== 'payment').length).toBe(validated.length);
      expect(recorded.filter((r) => r.kind === 'payment').length).toBeLessThanOrEqual(payments.length);
    } finally {
      if (node2 !== h) await node2.close();
      await h.close();
    }
  });
});

describe(`the fiscal chain at its edges (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('records the same product twice in one sale as one record of both lines, and bounds report_z at 10 characters', async () => {
    const h = await startInProcess();
    try {
      // a shop that has recorded nothing yet verifies: its chain has not started, nothing is missing
      expect((await ok<LedgerVerification>(h.client, 'ledger_verify')).problems).toEqual([]);
      const s = await ok<Order>(h.client, 'sale_create', {
        payment: 2,
        items: [{ productName: 'Café' }, { productName: 'Café', quantity: 2 }],
      });
      const rows = await h.db
        .selectFrom('fiscal_records')
        .selectAll()
        .where('chain', '=', 'ticket')
        .execute();
      expect(rows).toHaveLength(1);
      expect(
        (JSON.parse(rows[0]!.content) as { lines: { quantity: number }[] }).lines.map((l) => l.quantity),
      ).toEqual([1, 2]);
      expect(rows[0]!.order_id).toBe(s.id);
      expect((await ok<LedgerVerification>(h.client, 'ledger_verify')).ok).toBe(true);
      await ok(h.client, 'day_close');
      const today = new Date().toISOString().slice(0, 10);
      const at = await call(h.client, 'report_z', { period: today }); // 10 characters: taken
      expect(JSON.stringify(at.content)).not.toMatch(/at most|too long|characters/i);
      const past = await call(h.client, 'report_z', { period: `${today}x` });
      expect(past.isError).toBe(true);
      expect(JSON.stringify(past.content)).toContain('period');
    } finally {
      await h.close();
    }
  });
});
