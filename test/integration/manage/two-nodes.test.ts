/**
 * Nothing caches the catalog: a change made through one node is what the next call on another node sees
 * (two HTTP servers with their own pools on one database), and a recorded order keeps what it had.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
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
    two = await startHttp({ sharing: one });
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
});
