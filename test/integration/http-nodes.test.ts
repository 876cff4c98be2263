/**
 * Over real HTTP: two Comptoir nodes on different ports, one database, one Redis (REDIS_URL, a random
 * COMPTOIR_REDIS_PREFIX). A 2025-era session opened on one node goes on on the other; what cannot move
 * (a stream, a server-to-client request) fails at once with a clear error.
 */
import { randomUUID } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Client, StreamableHTTPClientTransport, type FetchLike } from '@modelcontextprotocol/client';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { revokeKey } from '../../src/modules/keys/keys.service.js';
import { ok } from '../helpers.js';
import { MCP_ACCEPT, openRawSession, startHttp, type HttpHarness } from '../http-harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Order {
  id: number;
  number: number;
}

interface Pair {
  node1: HttpHarness;
  node2: HttpHarness;
  prefix: string;
  /** lines logged by node 2 */
  logs2: Record<string, unknown>[];
  close: () => Promise<void>;
}

/** Two nodes sharing one database and, unless `redis` is false, one Redis namespace. */
async function twoNodes(
  options: { env?: Record<string, string>; revocationCheckMs?: number; redis?: boolean } = {},
): Promise<Pair> {
  const prefix = `comptoir-test-${randomUUID()}`;
  const env = {
    ...(options.redis === false ? {} : { REDIS_URL, COMPTOIR_REDIS_PREFIX: prefix }),
    ...options.env,
  };
  const logs2: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n'))
        if (l.trim()) logs2.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const node1 = await startHttp({ env, revocationCheckMs: options.revocationCheckMs });
  const node2 = await startHttp({
    env,
    sharing: node1,
    revocationCheckMs: options.revocationCheckMs,
    logger: createLogger('info', sink),
  });
  return {
    node1,
    node2,
    prefix,
    logs2,
    close: async () => {
      await node2.close();
      await node1.close();
    },
  };
}

/**
 * A load balancer in front of the nodes, as the client's fetch: `pick` chooses the node of each request
 * (round-robin by default); a node that refuses (connection refused or reset, 503 while it drains) is
 * taken out and the request goes to another. `log` records which node served what.
 */
function balancer(nodes: HttpHarness[]) {
  const down = new Set<number>();
  const log: { node: number; method: string }[] = [];
  let turn = 0;
  const lb = {
    log,
    down,
    pick: (): number => turn++ % nodes.length,
    fetch: (async (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { method?: string }) : {};
      const method = body.method ?? init?.method ?? 'GET';
      for (let attempt = 0; attempt <= nodes.length; attempt++) {
        let node = lb.pick();
        while (down.has(node) && down.size < nodes.length) node = (node + 1) % nodes.length;
        const url = new URL(String(input));
        url.host = new URL(nodes[node]!.base).host;
        try {
          const res = await fetch(url, init);
          if (res.status !== 503) {
            log.push({ node, method });
            return res;
          }
          await res.body?.cancel();
        } catch (err) {
          if (init?.signal?.aborted) throw err;
        }
        down.add(node);
      }
      throw new Error('no node is up');
    }) as FetchLike,
  };
  return lb;
}

async function connectVia(lb: ReturnType<typeof balancer>, key: string) {
  const transport = new StreamableHTTPClientTransport(new URL('http://balancer.invalid/mcp'), {
    fetch: lb.fetch,
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  const client = new Client({ name: 'two-nodes-test', version: '1.0.0' });
  client.onerror = () => undefined; // the GET stream reconnecting after a node stops
  await client.connect(transport);
  return { client, transport };
}

const session = (key: string, id: string) => ({
  authorization: `Bearer ${key}`,
  'mcp-session-id': id,
  'mcp-protocol-version': '2025-11-25',
});

/** Opens a session on a node with a raw initialize (+ initialized notification) and returns its id. */
async function openSession(h: HttpHarness, key: string): Promise<string> {
  return (await openRawSession(h.mcp, key)).id;
}

async function ping(h: HttpHarness, key: string, id: string): Promise<number> {
  const res = await h.post({ jsonrpc: '2.0', id: 7, method: 'ping' }, session(key, id));
  await res.body?.cancel();
  return res.status;
}

const firstProduct = async (client: Client) =>
  (await ok<{ items: { id: number }[] }>(client, 'data_list_products', { limit: 1 })).items[0]!.id;

const numbersOf = async (h: HttpHarness, shopId: number) =>
  (
    await h.db
      .selectFrom('orders')
      .select('number')
      .where('shop_id', '=', shopId)
      .where('number', 'is not', null)
      .orderBy('number')
      .execute()
  ).map((o) => o.number);

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('HTTP sessions across two nodes (Redis)', () => {
  let redis: Redis;
  let pair: Pair | undefined;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping(); // CI must have Redis: a missing Redis fails here instead of skipping
  });
  afterEach(async () => {
    if (!pair) return;
    await pair.close();
    const keys = await redis.keys(`${pair.prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    pair = undefined;
  });
  afterAll(() => redis.quit());

  it('a client that initializes on node 1 goes on on node 2: tools/list, sale_create, data_list_orders', async () => {
    pair = await twoNodes();
    const { node1, node2 } = pair;
    const lb = balancer([node1, node2]);
    lb.pick = () => (lb.log.length === 0 ? 0 : 1);
    const { client, transport } = await connectVia(lb, node1.keyA);
    expect(lb.log[0]).toEqual({ node: 0, method: 'initialize' });

    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['sale_create', 'data_list_orders']));
    const sale = await ok<Order>(client, 'sale_create', {
      items: [{ productId: await firstProduct(client), quantity: 2 }],
      idempotencyKey: 'two-nodes-1',
    });
    expect(sale.number).toBe(1);
    const orders = await ok<{ total: number; items: { id: number }[] }>(client, 'data_list_orders');
    expect(orders.items.map((o) => o.id)).toEqual([sale.id]);
    expect(lb.log.slice(1).every((l) => l.node === 1)).toBe(true);
    expect(node2.server.sessionCount).toBe(1);

    // and back to node 1, which sees the sale made through node 2
    lb.pick = () => 0;
    expect((await ok<{ total: number }>(client, 'data_list_orders')).total).toBe(1);

    // what Redis holds: the owner, the negotiated version, the client, an expiry (the idle timeout)
    const key = `${pair.prefix}:mcp-session:${transport.sessionId}`;
    const record = await redis.hgetall(key);
    expect(record.owner).toMatch(/^key:\d+$/);
    expect(record.protocolVersion).toBe('2025-11-25');
    expect(JSON.parse(record.clientInfo!)).toMatchObject({ name: 'two-nodes-test' });
    expect(Number(record.lastSeen)).toBeGreaterThanOrEqual(Number(record.created));
    expect(await redis.pttl(key)).toBeGreaterThan(1_700_000); // COMPTOIR_SESSION_IDLE_SECONDS 1800
  });

  it('20 concurrent sale_create split over both nodes get the numbers 1..20, and node 2 rebuilds the session once', async () => {
    pair = await twoNodes();
    const { node1, node2 } = pair;
    const lb = balancer([node1, node2]);
    const pick = lb.pick;
    lb.pick = () => 0;
    const { client } = await connectVia(lb, node1.keyB);
    const productId = await firstProduct(client);
    expect(node2.server.sessionCount).toBe(0);

    lb.pick = pick; // round-robin from now on: node 2 meets the session with 10 calls at once
    const sales = await Promise.all(
      range(20).map((i) =>
        ok<Order>(client, 'sale_create', { items: [{ productId }], idempotencyKey: `concurrent-${i}` }),
      ),
    );
    expect(sales.map((s) => s.number).sort((a, b) => a - b)).toEqual(range(20));
    expect(await numbersOf(node1, node1.shopB)).toEqual(range(20));
    const calls = lb.log.filter((l) => l.method === 'tools/call');
    expect(calls.filter((l) => l.node === 1).length).toBeGreaterThanOrEqual(10);
    expect(pair.logs2.filter((l) => l.msg === 'mcp session restored')).toHaveLength(1);
  });

  it('a key revoked through one node is refused by the other at once, inside its session', async () => {
    pair = await twoNodes();
    const { node1, node2 } = pair;
    const { id, key } = await node1.newKey(node1.shopA, ['read']);
    const lb = balancer([node1, node2]);
    const { client } = await connectVia(lb, key);
    for (const node of [0, 1]) {
      lb.pick = () => node;
      await ok(client, 'data_list_products', { limit: 1 });
    }
    await revokeKey(node2.db, id, new Date());
    for (const node of [0, 1]) {
      lb.pick = () => node;
      await expect(client.callTool({ name: 'data_list_products', arguments: { limit: 1 } })).rejects.toThrow(
        /revoked/,
      );
    }
  });

  it('DELETE on node 2 ends the session everywhere: node 1 closes its GET stream and answers 404', async () => {
    pair = await twoNodes({ revocationCheckMs: 100 });
    const { node1, node2 } = pair;
    const key = node1.keyA;
    const id = await openSession(node1, key);
    const stream = await fetch(node1.mcp, { headers: { ...MCP_ACCEPT, ...session(key, id) } });
    expect(stream.status).toBe(200);
    expect(await ping(node2, key, id)).toBe(200);
    // another key never sees it, and node 2 does not rebuild it for that key
    expect(await ping(node2, node1.keyB, id)).toBe(404);
    expect(await ping(node2, key, randomUUID())).toBe(404);
    expect(node2.server.sessionCount).toBe(1);

    const del = await fetch(node2.mcp, { method: 'DELETE', headers: session(key, id) });
    expect(del.status).toBe(200);
    expect(await redis.exists(`${pair.prefix}:mcp-session:${id}`)).toBe(0);
    const reader = stream.body!.getReader();
    while (!(await reader.read()).done); // node 1 learns it within its check interval
    expect(await ping(node1, key, id)).toBe(404);
    expect(await ping(node2, key, id)).toBe(404);
    expect(node1.server.sessionCount).toBe(0);
  });

  it('idle expiry: a session used through node 2 stays alive for node 1; once idle everywhere, both answer 404', async () => {
    // 2 s of idleness (a loaded CI machine may take most of a second for one ping), pings every 250 ms
    pair = await twoNodes({ env: { COMPTOIR_SESSION_IDLE_SECONDS: '2' } });
    const { node1, node2 } = pair;
    const key = node1.keyA;
    const id = await openSession(node1, key);
    for (let i = 0; i < 10; i++) {
      await sleep(250);
      expect(await ping(node2, key, id)).toBe(200);
    }
    expect(await ping(node1, key, id)).toBe(200); // idle on node 1 only: it goes on
    await sleep(3000); // 2 s idle + up to 0.5 s until the sweep
    expect(await ping(node1, key, id)).toBe(404);
    expect(await ping(node2, key, id)).toBe(404);
  });

  it('a node stopped mid-traffic loses no acknowledged sale, and the other node keeps serving the same session', async () => {
    pair = await twoNodes();
    const { node1, node2 } = pair;
    const lb = balancer([node1, node2]);
    const { client, transport } = await connectVia(lb, node1.keyA);
    const sessionId = transport.sessionId;
    const productId = await firstProduct(client);
    const acknowledged: Order[] = [];
    let stopping: Promise<void> | undefined;
    const worker = async (w: number) => {
      for (let j = 0; j < 10; j++) {
        const sale = await ok<Order>(client, 'sale_create', {
          items: [{ productId }],
          idempotencyKey: `stop-${w}-${j}`,
        });
        acknowledged.push(sale);
        if (acknowledged.length === 8) stopping = node1.server.shutdown();
      }
    };
    await Promise.all(range(4).map(worker));
    await stopping;

    expect(lb.down.has(0)).toBe(true);
    expect(lb.log.some((l) => l.node === 0 && l.method === 'tools/call')).toBe(true);
    expect(acknowledged).toHaveLength(40);
    expect(new Set(acknowledged.map((s) => s.id)).size).toBe(40);
    expect(await numbersOf(node2, node2.shopA)).toEqual(range(40));
    expect(acknowledged.map((s) => s.number).sort((a, b) => a - b)).toEqual(range(40));

    // the same session goes on, on node 2
    expect(transport.sessionId).toBe(sessionId);
    const served = lb.log.length;
    expect((await ok<{ total: number }>(client, 'data_list_orders')).total).toBe(40);
    expect(lb.log.slice(served).every((l) => l.node === 1)).toBe(true);
  });

  it('what cannot move fails at once with a clear 409: a stream of node 1 resumed through node 2, an answer to a server request sent through node 2', async () => {
    pair = await twoNodes();
    const { node1, node2 } = pair;
    const key = node1.keyA;
    const id = await openSession(node1, key);
    const headers = { ...MCP_ACCEPT, ...session(key, id) };

    // a call on node 1: its SSE stream starts with an event id the client may resume from
    const call = await fetch(node1.mcp, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'data_list_products', arguments: { limit: 1 } },
      }),
    });
    const eventId = /^id: (.+)$/m.exec(await call.text())?.[1];
    expect(eventId).toBeTruthy();

    const elsewhere = await fetch(node2.mcp, { headers: { ...headers, 'last-event-id': eventId! } });
    expect(elsewhere.status).toBe(409);
    const refusal = (await elsewhere.json()) as { error: { message: string } };
    expect(refusal.error.message).toMatch(/opened on another Comptoir node/);
    expect(refusal.error.message).toMatch(/sticky sessions on Mcp-Session-Id/);
    const here = await fetch(node1.mcp, { headers: { ...headers, 'last-event-id': eventId! } });
    expect(here.status).toBe(200);
    await here.body?.cancel();

    // the GET stream is open on node 1: an answer to a request it carried, sent through node 2
    const stream = await fetch(node1.mcp, { headers });
    expect(stream.status).toBe(200);
    const answer = await node2.post(
      { jsonrpc: '2.0', id: 0, result: { action: 'accept', content: {} } },
      session(key, id),
    );
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(
      /another Comptoir node sent/,
    );
    await stream.body?.cancel();
    expect(await ping(node2, key, id)).toBe(200); // the session itself goes on
  });
});

/** A TCP proxy to the test Redis that can be cut and restored: Redis going away and coming back. */
async function redisProxy() {
  const target = new URL(REDIS_URL);
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 6379), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const down = async () => {
    const closed = new Promise((resolve) => server?.close(resolve));
    for (const s of sockets) s.destroy();
    await closed;
    await sleep(100); // the node's client has seen its connection close
  };
  await up();
  return { url: `redis://127.0.0.1:${port}`, up, down };
}

describe('HTTP sessions while Redis is away', () => {
  it('sessions go on while Redis is away; one opened meanwhile stays on its node once Redis is back', async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const proxy = await redisProxy();
    const prefix = `comptoir-test-${randomUUID()}`;
    const h = await startHttp({
      env: { REDIS_URL: proxy.url, COMPTOIR_REDIS_PREFIX: prefix },
      revocationCheckMs: 100,
    });
    try {
      const before = await openSession(h, h.keyA);
      const saved = `${prefix}:mcp-session:${before}`;
      expect(await redis.exists(saved)).toBe(1);

      await proxy.down();
      const meanwhile = await openSession(h, h.keyA);
      expect(await ping(h, h.keyA, before)).toBe(200);
      expect(await ping(h, h.keyA, meanwhile)).toBe(200);

      await proxy.up();
      const seen = Number(await redis.hget(saved, 'lastSeen'));
      for (let i = 0; i < 100; i++) {
        expect(await ping(h, h.keyA, before)).toBe(200);
        if (Number(await redis.hget(saved, 'lastSeen')) > seen) break; // the node reaches Redis again
        await sleep(100);
      }
      expect(Number(await redis.hget(saved, 'lastSeen'))).toBeGreaterThan(seen);
      await sleep(1200); // past the check of the sessions held here against Redis
      expect(await ping(h, h.keyA, meanwhile)).toBe(200);
      expect(await redis.exists(`${prefix}:mcp-session:${meanwhile}`)).toBe(0);
    } finally {
      await h.close();
      await proxy.down();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });
});

describe('HTTP sessions across two nodes without Redis', () => {
  it('a session lives on the node that opened it: the other answers 404 (sticky sessions needed)', async () => {
    const pair = await twoNodes({ redis: false });
    try {
      const id = await openSession(pair.node1, pair.node1.keyA);
      expect(await ping(pair.node2, pair.node1.keyA, id)).toBe(404);
      expect(await ping(pair.node1, pair.node1.keyA, id)).toBe(200);
    } finally {
      await pair.close();
    }
  });
});
