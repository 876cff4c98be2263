/**
 * A fixed scenario — a day of a café told through every tool, successes and errors — whose answers are
 * recorded in test/fixtures/scenario.json and must stay the same, on both databases: the guard of every
 * change that should not change behaviour (issue 11's restructuring, say). After a change that is meant
 * to change an answer, regenerate it with `UPDATE_SCENARIO=1 npx vitest run test/integration/scenario.test.ts`
 * and read the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startInProcess, type Harness } from '../helpers.js';

const FIXTURE = path.resolve('test/fixtures/scenario.json');

interface Step {
  tool: string;
  args: Record<string, unknown>;
  /** minutes to move the clock forward before the call */
  later?: number;
}

/** The calls, in order. `$n` in an argument is the id of the order the n-th step made. */
const STEPS: Step[] = [
  {
    tool: 'sale_create',
    args: {
      items: [{ productName: 'cafés', quantity: 2 }, { productName: 'Croissant' }],
      idtable: 84,
      numcouverts: 2,
      payment: 2,
      idempotencyKey: 'k1',
    },
  },
  {
    tool: 'sale_create',
    args: {
      items: [{ productName: 'cafés', quantity: 2 }, { productName: 'Croissant' }],
      idtable: 84,
      numcouverts: 2,
      payment: 2,
      idempotencyKey: 'k1',
    },
  },
  {
    tool: 'sale_create',
    later: 20,
    args: { itemsList: ['1_3', '2_1_Grand crème_3.5', 'Free_4.2_Bouchon', '-1_6.5_Divers'], payment: -1 },
  },
  {
    tool: 'sale_create',
    later: 5,
    args: {
      items: [{ productName: 'Café', quantity: 4, discount: { percent: 10 } }],
      discount: { amount: 1 },
      payment: 1,
      paymentAmount: 3,
    },
  },
  {
    tool: 'sale_create',
    later: 15,
    args: {
      items: [{ type: 'free', price: 12.5, title: 'Menu du jour', quantity: 2 }],
      payment: -2,
      idtable: 12,
      numcouverts: 3,
    },
  },
  {
    tool: 'sale_create',
    later: 30,
    args: {
      deliveryMethod: 1,
      deliveryTime: '2026-11-20T19:30',
      client: {
        firstname: 'Léa',
        lastname: 'Martin',
        phone: '06 12 34 56 78',
        address: '3 rue des Lilas',
        zip: '69003',
        city: 'Lyon',
      },
      items: [{ productName: 'Croissant', quantity: 6 }],
      payment: -1,
    },
  },
  {
    tool: 'sale_create',
    later: 1,
    args: { idClient: 1, deliveryMethod: 0, items: [{ productName: 'Café' }], payment: 2 },
  },
  { tool: 'order_edit', later: 10, args: { orderId: '$4', payment: 2 } },
  { tool: 'order_edit', later: 5, args: { orderId: '$2', payment: 1, paymentAmount: 5 } },
  { tool: 'order_edit', args: { orderId: '$3', payment: 2 } },
  {
    tool: 'order_edit',
    args: { orderId: '$0', idtable: 85, numcouverts: 3, status: 'served', publicComment: 'Merci !' },
  },
  {
    tool: 'order_refund',
    later: 10,
    args: { orderId: '$0', lines: [{ lineId: 1, quantity: 1 }], reason: 'Café renversé' },
  },
  { tool: 'order_refund', later: 2, args: { orderId: '$3' } },
  { tool: 'order_detail', args: { orderId: '$0' } },
  { tool: 'order_detail', args: { orderNumber: 2 } },
  { tool: 'data_list_orders', args: {} },
  { tool: 'data_list_orders', args: { format: 'csv', validatedOrders: false } },
  { tool: 'data_list_orders', args: { format: 'html', limit: 2 } },
  { tool: 'data_list_pending_orders', args: {} },
  { tool: 'product_search', args: { query: 'cafe' } },
  { tool: 'data_list_products', args: { limit: 5 } },
  { tool: 'data_list_products', args: { limit: 3, format: 'csv' } },
  { tool: 'data_list_departments', args: {} },
  { tool: 'data_list_department_groups', args: {} },
  { tool: 'data_list_clients', args: { format: 'csv' } },
  { tool: 'data_list_variations', args: {} },
  { tool: 'data_list_delivery_men', args: {} },
  { tool: 'data_list_payments_modes', args: {} },
  { tool: 'data_list_payments', args: { limit: 2 } },
  { tool: 'data_list_cashboxes', args: {} },
  { tool: 'data_list_delivery_zones', args: {} },
  { tool: 'data_list_relay_points', args: {} },
  { tool: 'data_list_discounts', args: {} },
  { tool: 'data_list_users', args: {} },
  { tool: 'data_list_tables', args: { limit: 5, format: 'html' } },
  { tool: 'data_list_vats', args: {} },
  { tool: 'data_list_delivery_methods', args: {} },
  { tool: 'report_summary', args: {} },
  { tool: 'report_summary', args: { groupBy: 'product', limit: 3 } },
  { tool: 'report_summary', args: { groupBy: 'hour', format: 'csv' } },
  { tool: 'report_summary', args: { groupBy: 'table', paymentMethod: 2 } },
  { tool: 'report_summary', args: { period: 'this_month', groupBy: 'payment_method' } },
  {
    tool: 'report_summary',
    args: { from: '2026-11-20T09:00', to: '2026-11-20T13:00', groupBy: 'department' },
  },
  { tool: 'report_compare', args: { period: 'this_week', compareWith: 'previous' } },
  {
    tool: 'report_compare',
    args: { groupBy: 'delivery_method', compareWith: 'year_before', format: 'html' },
  },
  { tool: 'report_get', args: { type: 'd' } },
  { tool: 'report_get', args: { type: 'm', format: 'csv' } },
  { tool: 'report_cash', args: { period: 'today' } },
  { tool: 'client_balance', args: { clientName: 'Léa Martin' } },
  { tool: 'client_balance', args: { clientId: 1, format: 'csv' } },
  { tool: 'deliveries_schedule', args: { window: 'today' } },
  { tool: 'deliveries_schedule', args: { window: 'tonight', format: 'csv' } },
  // errors: each names the field and the fix
  { tool: 'sale_create', args: { items: [{ productName: 'Pain' }] } },
  { tool: 'sale_create', args: { items: [{ productName: 'Zzz' }] } },
  { tool: 'sale_create', args: { items: [] } },
  { tool: 'sale_create', args: { items: [{ productName: 'Café' }], payment: 99 } },
  { tool: 'sale_create', args: { items: [{ productName: 'Café' }], idtable: 999 } },
  { tool: 'sale_create', args: { items: [{ productName: 'Café' }], paymentAmount: 1 } },
  { tool: 'sale_create', args: { items: ['1_x'] } },
  { tool: 'order_edit', args: { orderId: '$0', items: [{ productName: 'Café' }] } },
  { tool: 'order_edit', args: { orderId: '$2', payment: 1, paymentAmount: 500 } },
  { tool: 'order_refund', args: { orderId: '$4' } },
  { tool: 'order_refund', args: { orderId: '$3' } },
  { tool: 'order_detail', args: { orderId: 9999 } },
  { tool: 'data_list_orders', args: { from_date_ISO8601: '2026-11-21', to_date_ISO8601: '2026-11-20' } },
  { tool: 'data_list_products', args: { cursor: 'nope' } },
  { tool: 'report_summary', args: { period: 'last_days' } },
  { tool: 'report_summary', args: { table: 999 } },
  { tool: 'client_balance', args: { clientName: 'Nobody' } },
  { tool: 'client_balance', args: { clientName: 'Martin' } },
  { tool: 'deliveries_schedule', args: { from: 'soon' } },
];

describe('the fixed scenario answers as recorded', () => {
  let h: Harness;
  let now = new Date('2026-11-20T08:05:00Z');
  beforeAll(async () => {
    h = await startInProcess({ clock: () => now });
  });
  afterAll(() => h.close());

  it('gives every answer of test/fixtures/scenario.json', async () => {
    const made: number[] = [];
    const answers: unknown[] = [];
    const resolve = (v: unknown): unknown => {
      if (typeof v === 'string' && /^\$\d+$/.test(v)) return made[Number(v.slice(1))];
      if (Array.isArray(v)) return v.map(resolve);
      if (v && typeof v === 'object')
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
      return v;
    };
    for (const [i, step] of STEPS.entries()) {
      if (step.later) now = new Date(now.getTime() + step.later * 60_000);
      const args = resolve(step.args) as Record<string, unknown>;
      const r = await call(h.client, step.tool, args);
      const id = (r.structuredContent as { id?: unknown } | undefined)?.id;
      if (step.tool === 'sale_create') made.push(typeof id === 'number' ? id : -1);
      answers.push({
        step: i,
        tool: step.tool,
        args,
        isError: r.isError ?? false,
        text: r.content.map((c) => c.text ?? '').join('\n'),
        structured: r.structuredContent ?? null,
      });
    }
    // and what a model reads of the tools: names, descriptions, input schemas (their texts name tools)
    const { tools } = await h.client.listTools();
    answers.push({
      tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
    });
    if (process.env.UPDATE_SCENARIO) {
      fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
      fs.writeFileSync(FIXTURE, JSON.stringify(answers, null, 1) + '\n');
    }
    const recorded = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as unknown[];
    expect(answers.length).toBe(recorded.length);
    for (const [i, a] of answers.entries()) expect(a, `step ${i}`).toEqual(recorded[i]);
  });
});
