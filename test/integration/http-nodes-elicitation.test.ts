/**
 * Over real HTTP and a real Redis: what a session rebuilt on another node knows of its client, and a
 * server-to-client request (elicitation) in it. Comptoir's own tools never ask the client anything, so
 * the nodes host the conformance fixture (test_elicitation, plus a tool that reports what the server
 * knows of its client) on production's createHttpApp + createMcpEndpoint + listen, with the Redis
 * session store.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, StreamableHTTPClientTransport, type FetchLike } from '@modelcontextprotocol/client';
import {
  createRequestStateCodec,
  InMemoryServerEventBus,
  type McpServer,
} from '@modelcontextprotocol/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHttpConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { createHttpApp } from '../../src/http/app.js';
import { listen, type Listening } from '../../src/http/listen.js';
import { createMcpEndpoint } from '../../src/http/mcp-endpoint.js';
import { createMetrics } from '../../src/http/metrics.js';
import { createRateLimiter } from '../../src/http/rate-limit.js';
import { securityFor } from '../../src/http/server.js';
import { redisSessionStore } from '../../src/http/session-store.js';
import { buildFixtureServer, type FixtureDeps } from '../conformance/fixture-server.js';
import type { FlowState } from '../conformance/fixture-mrtr.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Adds `whoami`: the client info, capabilities and protocol version this server instance holds. */
function withWhoami(server: McpServer): McpServer {
  server.registerTool('whoami', { description: 'What the server knows of its client.' }, () => {
    // the initialize-scoped accessors (deprecated for 2026 requests) are what a rebuilt session restores
    const known = {
      clientInfo: server.server.getClientVersion(),
      capabilities: server.server.getClientCapabilities(),
      protocolVersion: server.server.getNegotiatedProtocolVersion(),
    };
    return { content: [{ type: 'text', text: JSON.stringify(known) }] };
  });
  return server;
}

async function fixtureNode(redis: Redis, prefix: string): Promise<Listening> {
  const config = parseHttpConfig({ port: '0' }, { COMPTOIR_RATE_LIMIT_PER_KEY: '0' });
  const logger = createLogger('silent');
  const bus = new InMemoryServerEventBus();
  const deps: FixtureDeps = {
    notifier: {
      toolsChanged: () => bus.publish({ kind: 'tools_list_changed' }),
      promptsChanged: () => bus.publish({ kind: 'prompts_list_changed' }),
      resourcesChanged: () => bus.publish({ kind: 'resources_list_changed' }),
      resourceUpdated: (uri) => bus.publish({ kind: 'resource_updated', uri }),
    },
    codec: createRequestStateCodec<FlowState>({ key: randomBytes(32) }),
  };
  const endpoint = createMcpEndpoint<'anyone'>({
    factory: (_p, era) => withWhoami(buildFixtureServer(deps, era)),
    ownerOf: () => 'anyone',
    sessionIdleMs: config.sessionIdleMs,
    maxSessions: config.maxSessions,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    sessionStore: redisSessionStore({ redis, prefix, ttlMs: config.sessionIdleMs, logger }),
  });
  const app = createHttpApp<'anyone'>({
    endpoint,
    authenticate: async () => ({ ok: true, principal: 'anyone' }),
    describe: () => ({ limitKey: 'anyone', log: {} }),
    rateLimiter: createRateLimiter({ perKeyPerMinute: 0, perAddressPerMinute: 0 }),
    metrics: createMetrics({ defaultMetrics: false }),
    logger,
    ready: async () => undefined,
    manifest: () => ({}),
    security: securityFor(config),
    draining: () => false,
  });
  return listen(app, {
    host: config.host,
    port: config.port,
    logger,
    graceMs: 1000,
    onDrain: () => undefined,
    closeSessions: () => endpoint.close(),
  });
}

describe('HTTP elicitation in a session rebuilt on another node (Redis)', () => {
  const prefix = `comptoir-test-${randomUUID()}`;
  let redis: Redis;
  let nodes: Listening[];
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping(); // CI must have Redis: a missing Redis fails here instead of skipping
    nodes = [await fixtureNode(redis, prefix), await fixtureNode(redis, prefix)];
  });
  afterAll(async () => {
    for (const n of nodes ?? []) await n.shutdown();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('node 2 rebuilds what node 1 learned at initialize; an elicitation through node 2 gets its answer there', async () => {
    let target = 0;
    const methods: string[] = [];
    const viaNodes: FetchLike = async (input, init) => {
      const url = new URL(String(input));
      url.host = new URL(nodes[target]!.url).host;
      if (typeof init?.body === 'string') {
        const m = JSON.parse(init.body) as { method?: string };
        methods.push(`${target}:${m.method ?? 'answer'}`);
      }
      return fetch(url, init);
    };
    const client = new Client(
      { name: 'eliciting-client', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } } },
    );
    client.setRequestHandler('elicitation/create', async () => ({
      action: 'accept',
      content: { username: 'marie', email: 'marie@example.com' },
    }));
    await client.connect(
      new StreamableHTTPClientTransport(new URL('http://balancer.invalid/mcp'), { fetch: viaNodes }),
    );
    target = 1;
    const whoami = await client.callTool({ name: 'whoami', arguments: {} });
    const known = JSON.parse((whoami.content as { text: string }[])[0]!.text) as Record<string, unknown>;
    expect(known).toEqual({
      clientInfo: { name: 'eliciting-client', version: '1.0.0' },
      capabilities: { elicitation: { form: {} } },
      protocolVersion: '2025-11-25',
    });
    const result = await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who?' } });
    expect(JSON.stringify(result.content)).toContain('action=accept');
    expect(JSON.stringify(result.content)).toContain('marie@example.com');
    expect(methods).toEqual(expect.arrayContaining(['0:initialize', '1:tools/call', '1:answer']));
    await client.close();
  });
});
