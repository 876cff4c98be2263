/**
 * OAuth over two nodes on one database, behind a balancer without sticky sessions: every step of the
 * browser's flow (authorize, the login page, its POST, the consent page, its POST, the resume) lands on
 * the other node than the step before, and the token works on both nodes; revoked, it is refused by both.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryProvider, startOAuthServer, type OAuthServer } from '../oauth-harness.js';

describe('OAuth across nodes', { timeout: 120_000 }, () => {
  let s: OAuthServer;
  beforeAll(async () => {
    s = await startOAuthServer({}, { nodes: 2 });
  });
  afterAll(() => s?.close());

  it('completes a flow whose steps alternate between nodes, and the token serves on both', async () => {
    const provider = new MemoryProvider('http://127.0.0.1:9/nodes');
    const { client } = await s.connectWith(provider, () => ({
      shop: '1',
      scope: ['read', 'sell'],
      decision: 'approve',
    }));
    await client.close();
    const onNode = async (node: string) => {
      const c = new Client({ name: 'assistant', version: '1.0.0' });
      await c.connect(
        new StreamableHTTPClientTransport(new URL('/mcp', node), {
          requestInit: { headers: { authorization: `Bearer ${provider.saved!.access_token}` } },
        }),
      );
      return c;
    };
    for (const node of s.nodes) {
      const c = await onNode(node);
      const sale = (await c.callTool({
        name: 'sale_create',
        arguments: { items: [{ productName: 'Café', quantity: 1 }], payment: 'card' },
      })) as { isError?: boolean };
      expect(sale.isError, node).toBeFalsy();
      await c.close();
    }
    const app = (JSON.parse(String(s.cli(['apps', 'list', '--json']).stdout)) as { id: string }[])[0]!;
    expect(s.cli(['apps', 'revoke', app.id]).status).toBe(0);
    for (const node of s.nodes) await expect(onNode(node)).rejects.toThrow();
  });
});
