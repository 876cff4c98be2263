/**
 * Over real HTTP: the edges of the credential check — an Authorization header without the Bearer
 * scheme, and a key whose scopes allow no tool (tools/list still answers, on both protocol eras).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeBody, MCP_ACCEPT, startHttp, type HttpHarness } from '../http-harness.js';

describe('HTTP credential edges', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp();
  });
  afterAll(() => h.close());

  it('refuses a key sent in Authorization without the Bearer scheme: 401, and the challenge says to use Bearer', async () => {
    for (const authorization of [h.keyA, `Token ${h.keyA}`, `Basic ${btoa(`x:${h.keyA}`)}`]) {
      const res = await h.post(initializeBody(), { authorization });
      expect(res.status).toBe(401);
      expect(res.headers.get('mcp-session-id')).toBeNull();
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer realm="comptoir", error="invalid_request"/);
      expect(challenge).toMatch(/use the Bearer scheme/);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/Authorization: Bearer <key>/);
    }
    // the documented forms still work
    const documented: Record<string, string>[] = [
      { authorization: `Bearer ${h.keyA}` },
      { 'x-api-key': h.keyA },
    ];
    for (const headers of documented) {
      const res = await h.post(initializeBody(), headers);
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toMatch(/comptoir_auth_failures_total\{reason="scheme"\} 3/);
  });

  it('an admin-only key lists the management tools and no sale or report tool', async () => {
    const { key } = await h.newKey(h.shopA, ['admin']);
    const names = (await (await h.connect(key)).listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['plu_add', 'vat_edit', 'stock_adjust', 'catalog_import']));
    expect(names).not.toContain('sale_create');
    expect(names).not.toContain('data_list_orders');
  });

  it('answers tools/list with an empty list for a key whose scopes allow no tool, over a 2025 session', async () => {
    const { key } = await h.newKey(h.shopA, []);
    const client = await h.connect(key);
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    expect((await client.listTools()).tools).toEqual([]);
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(
      /Tool no_such_tool not found/,
    );
  });

  it('answers tools/list with an empty list for such a key on the stateless 2026-07-28 era too', async () => {
    const { key } = await h.newKey(h.shopA, []);
    const client = await h.connect(key, { modern: true });
    expect(client.getProtocolEra()).toBe('modern');
    expect((await client.listTools()).tools).toEqual([]);
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(
      /Tool no_such_tool not found/,
    );
    // a tool that exists but needs another scope is refused at the door, as for any key
    const res = await fetch(h.mcp, {
      method: 'POST',
      headers: { ...MCP_ACCEPT, authorization: `Bearer ${key}`, 'mcp-protocol-version': '2026-07-28' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'sale_create', arguments: {} },
      }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('scope="sell"');
  });
});
