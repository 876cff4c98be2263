/**
 * Server-to-client requests over HTTP go back to the session that asked: several clients call a tool
 * that elicits at the same time, each answers with its own name, and each call gets its own answer.
 * Runs on the conformance fixture server, which is hosted by the production HTTP code.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningFixtureServer } from '../conformance/fixture-server.js';

describe('elicitation routed to the session that asked', () => {
  let server: RunningFixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer({ logLevel: 'silent' });
  });
  afterAll(() => server.shutdown());

  it('gives each of 6 concurrent sessions its own answer', async () => {
    const names = ['ana', 'bruno', 'chloe', 'david', 'emma', 'farid'];
    const asked = new Map<string, number>();
    const clients = await Promise.all(
      names.map(async (name) => {
        const client = new Client(
          { name: `user-${name}`, version: '1.0.0' },
          { capabilities: { elicitation: {} } },
        );
        client.setRequestHandler('elicitation/create', async () => {
          asked.set(name, (asked.get(name) ?? 0) + 1);
          // answer late and in reverse order, so that answers cross on the wire
          await new Promise((r) => setTimeout(r, 20 * (names.length - names.indexOf(name))));
          return { action: 'accept' as const, content: { username: name, email: `${name}@example.com` } };
        });
        await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
        return { name, client };
      }),
    );
    try {
      const results = await Promise.all(
        clients.map(({ client }) =>
          client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } }),
        ),
      );
      results.forEach((r, i) => {
        const text = (r.content as { text: string }[])[0]!.text;
        expect(text).toContain(`"username":"${names[i]}"`);
        for (const other of names.filter((n) => n !== names[i])) expect(text).not.toContain(`"${other}"`);
      });
      expect([...asked.entries()].sort()).toEqual(names.map((n) => [n, 1]));
    } finally {
      await Promise.all(clients.map(({ client }) => client.close()));
    }
  });
});
