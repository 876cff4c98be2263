/**
 * One shop never changes another's data: shop A's key calls every management tool on shop B's rows (over
 * real HTTP), each call is refused, and every table of shop B is exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import type { Db } from '../../../src/db/database.js';
import { call, ok } from '../../helpers.js';
import { startHttp, type HttpHarness } from '../../http-harness.js';

const TABLES = [
  'products',
  'departments',
  'department_groups',
  'vat_rates',
  'variation_groups',
  'variation_choices',
  'product_variation_groups',
  'discounts',
  'clients',
  'users',
  'cashboxes',
  'dining_tables',
  'payment_methods',
  'delivery_zones',
  'relay_points',
  'delivery_men',
  'stock_movements',
  'audit_log',
  'management_keys',
  'orders',
  'order_lines',
  'payments',
] as const;

/** Every row of shop `shopId` in every table a management tool could write, and the shop's own row. */
async function fingerprint(db: Db, shopId: number): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = await db.selectFrom(t).selectAll().where('shop_id', '=', shopId).execute();
  out.shop = await db.selectFrom('shops').selectAll().where('id', '=', shopId).execute();
  return JSON.stringify(out);
}

/** The list tool whose rows a management tool's `id` names. */
const LIST_OF: Record<string, string> = {
  plu: 'products',
  dept: 'departments',
  dept_group: 'department_groups',
  vat: 'vats',
  variation: 'variations',
  discount: 'discounts',
  client: 'clients',
  payment_mode: 'payments_modes',
  table: 'tables',
  cashbox: 'cashboxes',
  user: 'users',
  delivery_zone: 'delivery_zones',
  relay_point: 'relay_points',
  delivery_man: 'delivery_men',
};

describe('management tools never reach another shop', () => {
  let h: HttpHarness;
  let a: Client;
  let b: Client;
  beforeAll(async () => {
    h = await startHttp();
    a = await h.connect(h.keyA);
    b = await h.connect(h.keyB);
    // shop B has a sale, so that its rows are in use
    const product = (await ok<{ items: { id: number }[] }>(b, 'data_list_products', { limit: 1 })).items[0]!;
    await ok(b, 'sale_create', { items: [{ productId: product.id }], payment: -1 });
  });
  afterAll(() => h.close());

  it("refuses every edit and delete of shop A's key on shop B's rows, and leaves every row of B as it was", async () => {
    const before = await fingerprint(h.db, h.shopB);
    const tools = (await a.listTools()).tools.map((t) => t.name);
    const targets = tools.filter((t) => /_(edit|delete)$/.test(t) && t !== 'order_edit' && t !== 'shop_edit');
    expect(targets.length).toBeGreaterThanOrEqual(25);
    const tried: string[] = [];
    for (const tool of targets) {
      const noun = tool.replace(/_(edit|delete)$/, '');
      const list = LIST_OF[noun];
      let ids: number[];
      if (noun === 'variation_choice') {
        const groups = await ok<{ items: { choices: { id: number }[] }[] }>(b, 'data_list_variations');
        ids = groups.items.flatMap((g) => g.choices.map((c) => c.id)).slice(0, 2);
      } else {
        expect(list, `a list for ${tool}`).toBeDefined();
        ids = (await ok<{ items: { id: number }[] }>(b, `data_list_${list}`, { limit: 2 })).items.map(
          (r) => r.id,
        );
      }
      for (const id of ids) {
        const r = await call(a, tool, { id, title: 'hijack', name: 'hijack', price: 0.01, rate: 1 });
        // a table's id is its number in its own shop: A's call names A's table of that number
        if (noun !== 'table') expect(r.isError, `${tool} ${id}`).toBe(true);
        tried.push(`${tool} ${id}`);
      }
    }
    expect(tried.length).toBeGreaterThan(targets.length);
    // stock and shop settings: A's calls name B's product, and change A only
    const productB = (await ok<{ items: { id: number }[] }>(b, 'data_list_products', { limit: 1 })).items[0]!
      .id;
    for (const [tool, args] of [
      ['stock_adjust', { productId: productB, quantity: 5, reason: 'correction' }],
      ['stock_count', { items: [{ productId: productB, counted: 1 }] }],
      ['stock_movements', { productId: productB }],
    ] as const)
      if (tools.includes(tool)) expect((await call(a, tool, args)).isError, tool).toBe(true);
    if (tools.includes('shop_edit')) await ok(a, 'shop_edit', { name: 'Shop A renamed' });
    expect(await fingerprint(h.db, h.shopB)).toBe(before);
  });

  it("an idempotency key used in shop A adds shop A's own row, never replays shop B's", async () => {
    const inB = await ok<{ id: number; replayed: boolean }>(b, 'vat_add', {
      title: 'B',
      rate: 7,
      idempotencyKey: 'same',
    });
    const inA = await ok<{ id: number; replayed: boolean }>(a, 'vat_add', {
      title: 'A',
      rate: 7,
      idempotencyKey: 'same',
    });
    expect(inA.replayed).toBe(false);
    expect(inA.id).not.toBe(inB.id);
  });

  it('a read-only key lists no management tool', async () => {
    const reader = await h.connect(h.readA);
    const names = (await reader.listTools()).tools.map((t) => t.name);
    expect(
      names.filter((n) => /_(add|edit|delete)$|^stock_(adjust|count)$|^catalog_import$|^shop_edit$/.test(n)),
    ).toEqual([]);
  });
});
