/**
 * A change made through one node is what the next call on another node sees (two HTTP servers with their
 * own pools on one database), and a recorded order keeps what it had. The catalog's lists are kept by
 * each node while the shop's catalog version has not moved (mcp/read-cache.ts): every write moves it,
 * through a tool, a sale taking stock, or SQL from outside (migration 011's triggers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { sql } from 'kysely';
import { isPostgresUrl } from '../../../src/db/database.js';
import { fails, ok } from '../../helpers.js';
import { startHttp, type HttpHarness } from '../../http-harness.js';

interface Order {
  id: number;
  total: number;
  lines: { title: string; unitPrice: number }[];
}

describe('catalog changes on two nodes', () => {
  let one: HttpHarness;
  let two: HttpHarness;
  let a1: Client;
  let a2: Client;
  beforeAll(async () => {
    one = await startHttp();
    two = await startHttp({ sharing: one, ownPool: true }); // its own pool: its own kept answers
    a1 = await one.connect(one.keyA);
    a2 = await two.connect(two.keyA);
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  it('a price, a name and an archive made on node 1 hold at once on node 2; the old order is unchanged', async () => {
    const made = await ok<{ id: number }>(a1, 'plu_add', {
      title: 'Tarte du jour',
      price: 4.5,
      vat: 10,
      idempotencyKey: 'n1',
    });
    const before = await ok<Order>(a2, 'sale_create', {
      items: [{ productName: 'Tarte du jour' }],
      payment: -1,
    });
    expect(before.total).toBe(4.5);
    await ok(a1, 'plu_edit', { id: made.id, price: 5.2, title: 'Tarte aux prunes', shortTitle: 'Prunes' });
    const after = await ok<Order>(a2, 'sale_create', {
      items: [{ productName: 'Tarte aux prunes' }],
      payment: -1,
    });
    expect(after.total).toBe(5.2);
    expect(await fails(a2, 'sale_create', { items: [{ productName: 'Tarte du jour' }] })).toMatch(
      /No product is named/,
    );
    const archived = await ok<{ action: string; warnings: string[] }>(a1, 'plu_delete', { id: made.id });
    expect(archived.action).toBe('archived');
    // warnings name tools, as errors do (no {{…}} hint left)
    expect(archived.warnings.join(' ')).toMatch(/plu_edit with archived: false/);
    expect(archived.warnings.join(' ')).not.toContain('{{');
    expect(await fails(a2, 'sale_create', { items: [{ productId: made.id }] })).toMatch(/archived/);
    const old = await ok<Order>(a2, 'order_detail', { orderId: before.id });
    expect(old.total).toBe(4.5);
    expect(old.lines[0]).toMatchObject({ title: 'Tarte du jour', unitPrice: 4.5 });
  });

  interface Product {
    id: number;
    title: string;
    price: number;
    stock: number | null;
    department: string | null;
    variationGroups: unknown[];
  }
  const products = async (c: Client, args: Record<string, unknown> = {}) =>
    (await ok<{ items: Product[] }>(c, 'data_list_products', { limit: 500, ...args })).items;

  it("node 2's kept list of products follows every change: a tool on node 1, a sale's stock, SQL, a department", async () => {
    const made = await ok<{ id: number }>(a1, 'plu_add', {
      title: 'Chausson',
      price: 2.2,
      vat: 5.5,
      stock: 10,
      idempotencyKey: 'cache-1',
    });
    const first = (await products(a2)).find((p) => p.id === made.id)!;
    expect(first).toMatchObject({ price: 2.2, stock: 10 });
    expect((await products(a2)).find((p) => p.id === made.id)).toEqual(first); // kept, the same answer

    await ok(a1, 'plu_edit', { id: made.id, price: 2.4 });
    expect((await products(a2)).find((p) => p.id === made.id)?.price).toBe(2.4);

    // a sale on node 1 takes stock: node 2's list shows it at once
    await ok(a1, 'sale_create', { items: [{ productId: made.id, quantity: 3 }], payment: -1 });
    expect((await products(a2)).find((p) => p.id === made.id)?.stock).toBe(7);

    // a change no tool made (a SQL client): the database moves the version itself
    await sql`update products set title = 'Chausson aux pommes' where id = ${made.id}`.execute(one.db);
    expect((await products(a2)).find((p) => p.id === made.id)?.title).toBe('Chausson aux pommes');
    const found = await ok<{ items: Product[] }>(a2, 'product_search', { query: 'chausson' });
    expect(found.items.find((p) => p.id === made.id)?.title).toBe('Chausson aux pommes');

    // a department renamed on node 1 renames it in node 2's list of products
    const dept = await ok<{ id: number }>(a1, 'dept_add', { title: 'Fournil', vat: 5.5 });
    await ok(a1, 'plu_edit', { id: made.id, deptID: dept.id });
    expect((await products(a2)).find((p) => p.id === made.id)?.department).toBe('Fournil');
    await ok(a1, 'dept_edit', { id: dept.id, title: 'Fournil maison' });
    expect((await products(a2)).find((p) => p.id === made.id)?.department).toBe('Fournil maison');
    const depts = await ok<{ items: { id: number; name: string }[] }>(a2, 'data_list_departments', {});
    expect(depts.items.find((d) => d.id === dept.id)?.name).toBe('Fournil maison');
  });

  it('follows what SQL does beside the tools: a row moved to another shop, a truncate, a version reset', async () => {
    const moved = await ok<{ id: number }>(a1, 'plu_add', { title: 'Moved away', price: 3, vat: 10 });
    const b2 = await two.connect(two.keyB);
    expect((await products(a2)).map((p) => p.id)).toContain(moved.id);
    await products(b2);
    await sql`update products set shop_id = ${two.shopB} where id = ${moved.id}`.execute(one.db);
    expect((await products(a2)).map((p) => p.id)).not.toContain(moved.id); // the shop it left moved too
    expect((await products(b2)).map((p) => p.id)).toContain(moved.id);
    // a version never comes back: the table emptied (a restore, a migration made again), the next write
    // still gives a version past every one kept
    const kept = await sql<{
      version: number;
    }>`select version from catalog_versions where shop_id = ${one.shopA}`.execute(one.db);
    await sql`delete from catalog_versions`.execute(one.db);
    await ok(a1, 'plu_edit', { id: (await products(a2))[0]!.id, price: 9.99 });
    const now = await sql<{
      version: number;
    }>`select version from catalog_versions where shop_id = ${one.shopA}`.execute(one.db);
    expect(Number(now.rows[0]!.version)).toBeGreaterThan(Number(kept.rows[0]!.version));
    expect((await products(a2))[0]!.price).toBe(9.99);
    if (isPostgresUrl(one.location)) {
      // a truncate writes no row: every shop's version moves
      expect((await products(a2)).some((p) => p.variationGroups.length > 0)).toBe(true);
      await sql`truncate product_variation_groups`.execute(one.db);
      expect((await products(a2)).some((p) => p.variationGroups.length > 0)).toBe(false);
    }
  });

  it("never gives one shop's kept list to another, nor another page's", async () => {
    const b2 = await two.connect(two.keyB);
    const mine = await ok<{ id: number }>(a1, 'plu_add', { title: 'Only in A', price: 1, vat: 10 });
    expect((await products(a2)).map((p) => p.id)).toContain(mine.id);
    expect((await products(b2)).map((p) => p.id)).not.toContain(mine.id);
    const page1 = await ok<{ items: Product[]; nextCursor: string }>(a2, 'data_list_products', { limit: 2 });
    const page2 = await ok<{ items: Product[] }>(a2, 'data_list_products', {
      limit: 2,
      cursor: page1.nextCursor,
    });
    expect(page2.items.map((p) => p.id)).not.toEqual(page1.items.map((p) => p.id));
    const csv = await a2.callTool({ name: 'data_list_products', arguments: { limit: 2, format: 'csv' } });
    expect((csv.content as { text: string }[])[0]!.text).toMatch(/^id,title/);
  });
});
