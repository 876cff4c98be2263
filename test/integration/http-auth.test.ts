/** Over real HTTP: who may call what. The credential matrix, scopes, and one shop never reaching another. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { revokeKey } from '../../src/modules/keys/keys.service.js';
import { fails, ok } from '../helpers.js';
import { initializeBody, startHttp, type HttpHarness } from '../http-harness.js';

interface Order {
  id: number;
  number: number;
  total: number;
}

const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();

describe('HTTP credentials and tenancy', () => {
  let h: HttpHarness;
  let a: Client;
  let b: Client;
  let productA: number;
  let productB: number;
  let orderB: Order;

  beforeAll(async () => {
    h = await startHttp();
    a = await h.connect(h.keyA);
    b = await h.connect(h.keyB);
    const first = async (client: Client) =>
      (await ok<{ items: { id: number }[] }>(client, 'data_list_products', { limit: 1 })).items[0]!.id;
    productA = await first(a);
    productB = await first(b);
    orderB = await ok<Order>(b, 'sale_create', {
      items: [{ productId: productB, quantity: 1 }],
      idempotencyKey: 'k1',
    });
  });
  afterAll(() => h.close());

  it('refuses a request without a key: 401 with a WWW-Authenticate challenge that says how to send one', async () => {
    const res = await h.post(initializeBody());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="comptoir"');
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Authorization: Bearer/);
  });

  it('refuses an unknown key with 401 invalid_token, over both headers', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: 'Bearer cpt_notakey' },
      { 'x-api-key': 'cpt_notakey' },
    ];
    for (const headers of attempts) {
      const res = await h.post(initializeBody(), headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('accepts the key as X-API-Key as well as Authorization: Bearer', async () => {
    const res = await h.post(initializeBody(), { 'x-api-key': h.keyA });
    expect(res.status).toBe(200);
    expect(res.headers.get('mcp-session-id')).toBeTruthy();
  });

  it('a revoked key stops working at once, even inside a session it opened', async () => {
    const { id, key } = await h.newKey(h.shopA, ['read']);
    const client = await h.connect(key);
    await ok(client, 'data_list_products', { limit: 1 });
    await revokeKey(h.db, id, new Date());
    await expect(client.callTool({ name: 'data_list_products', arguments: { limit: 1 } })).rejects.toThrow(
      /revoked/,
    );
    expect((await h.post(initializeBody(), { authorization: `Bearer ${key}` })).status).toBe(401);
  });

  it('a read-only key sees only the read tools, and a call to sale_create is refused, recording nothing', async () => {
    const reader = await h.connect(h.readA);
    const names = await toolNames(reader);
    expect(names).toContain('data_list_orders');
    expect(names).not.toContain('sale_create');
    expect(names).not.toContain('order_edit');
    expect(names).not.toContain('order_refund');
    const full = await toolNames(a);
    expect(full).toEqual(expect.arrayContaining(['sale_create', 'order_edit', 'order_refund', ...names]));

    const before = await ok<{ total: number }>(a, 'data_list_orders');
    await expect(
      reader.callTool({ name: 'sale_create', arguments: { items: [{ productId: productA }] } }),
    ).rejects.toThrow(/Insufficient scope: required "sell"/);
    const res = await h.post(
      { jsonrpc: '2.0', id: 'call-7', method: 'tools/call', params: { name: 'sale_create', arguments: {} } },
      { authorization: `Bearer ${h.readA}`, 'mcp-protocol-version': '2026-07-28' },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="sell"');
    const body = (await res.json()) as { id: unknown; error: { message: string } };
    expect(body.id).toBe('call-7');
    expect(body.error.message).toMatch(/sale_create needs the "sell" scope and this API key has read/);
    expect((await ok<{ total: number }>(a, 'data_list_orders')).total).toBe(before.total);
  });

  it("shop A's key can never read or write shop B's orders or products", async () => {
    expect(await fails(a, 'order_detail', { orderId: orderB.id })).toMatch(/order/i);
    expect(await fails(a, 'order_edit', { orderId: orderB.id, privateComment: 'hijack' })).toMatch(/order/i);
    expect(await fails(a, 'order_refund', { orderId: orderB.id })).toMatch(/order/i);
    expect(await fails(a, 'sale_create', { items: [{ productId: productB, quantity: 1 }] })).toMatch(
      /product/i,
    );

    const ordersA = await ok<{ items: { id: number }[] }>(a, 'data_list_orders');
    expect(ordersA.items.map((o) => o.id)).not.toContain(orderB.id);
    const productsA = await ok<{ items: { id: number }[]; total: number }>(a, 'data_list_products', {
      limit: 500,
    });
    expect(productsA.items.map((p) => p.id)).not.toContain(productB);

    // The same idempotency key in shop A records shop A's own sale, never returns B's.
    const mine = await ok<Order & { replayed: boolean }>(a, 'sale_create', {
      items: [{ productId: productA, quantity: 1 }],
      idempotencyKey: 'k1',
    });
    expect(mine.replayed).toBe(false);
    expect(mine.id).not.toBe(orderB.id);
    expect((await ok<Order>(b, 'order_detail', { orderId: orderB.id })).total).toBe(orderB.total);
  });

  it("a session belongs to the key that opened it: another shop's key gets 404 for it", async () => {
    const res = await h.post(initializeBody(), { authorization: `Bearer ${h.keyB}` });
    const sessionId = res.headers.get('mcp-session-id')!;
    const hijack = await h.post(
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'data_list_orders', arguments: {} } },
      {
        authorization: `Bearer ${h.keyA}`,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-11-25',
      },
    );
    expect(hijack.status).toBe(404);
  });

  it('the stateless 2026-07-28 era applies the same keys, scopes and shop', async () => {
    const modern = await h.connect(h.readA, { modern: true });
    expect(modern.getProtocolEra()).toBe('modern');
    expect(await toolNames(modern)).not.toContain('sale_create');
    const orders = await ok<{ items: { id: number }[] }>(modern, 'data_list_orders');
    expect(orders.items.map((o) => o.id)).not.toContain(orderB.id);
    expect(await fails(modern, 'order_detail', { orderId: orderB.id })).toMatch(/order/i);
  });
});
