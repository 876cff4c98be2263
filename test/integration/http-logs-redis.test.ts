/**
 * Over real HTTP: structured logs (request id, shop, tool, outcome, never a key), and rate limits shared
 * by two nodes through a real Redis (REDIS_URL; CI starts Redis, see .ci/run).
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { fails, ok } from '../helpers.js';
import { initializeBody, startHttp, type HttpHarness } from '../http-harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('HTTP logs', () => {
  const lines: Record<string, unknown>[] = [];
  let h: HttpHarness;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n'))
          if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    h = await startHttp({ logger: createLogger('info', sink) });
  });
  afterAll(() => h.close());

  it('logs each request and tool call as JSON with the request id, shop, tool and outcome, and never a key', async () => {
    const client = await h.connect(h.keyA, { headers: { 'x-request-id': 'req-from-client-1' } });
    await ok(client, 'data_list_products', { limit: 2 });
    await fails(client, 'order_detail', { orderId: 999_999 });
    await (await h.post(initializeBody(), { authorization: 'Bearer cpt_wrong_key_value' })).body?.cancel();
    await (await h.post(initializeBody(), { 'x-api-key': h.keyB })).body?.cancel();

    const calls = lines.filter((l) => l.msg === 'tool call');
    expect(calls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          req: 'req-from-client-1',
          shop: h.shopA,
          tool: 'data_list_products',
          outcome: 'ok',
        }),
        expect.objectContaining({
          req: 'req-from-client-1',
          shop: h.shopA,
          tool: 'order_detail',
          outcome: 'invalid',
        }),
      ]),
    );
    const requests = lines.filter((l) => l.msg === 'http request');
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ req: 'req-from-client-1', shop: h.shopA, status: 200, path: '/mcp' }),
        expect.objectContaining({ status: 401, path: '/mcp' }),
      ]),
    );
    expect(lines.some((l) => l.msg === 'refused credential' && l.reason === 'invalid')).toBe(true);

    const all = JSON.stringify(lines);
    for (const secret of [h.keyA, h.keyB, 'cpt_wrong_key_value']) expect(all).not.toContain(secret);
  });
});

describe('HTTP rate limits in Redis, shared by two nodes', () => {
  let redis: Redis;
  let node1: HttpHarness;
  let node2: HttpHarness;
  const prefix = `comptoir-test-${randomUUID()}`;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping(); // CI must have Redis: a missing Redis fails here instead of skipping
    const env = {
      REDIS_URL,
      COMPTOIR_REDIS_PREFIX: prefix,
      COMPTOIR_RATE_LIMIT_PER_KEY: '4',
      COMPTOIR_RATE_LIMIT_PER_ADDRESS: '0',
    };
    node1 = await startHttp({ env });
    node2 = await startHttp({ env, sharing: node1 });
  });
  afterAll(async () => {
    await node2?.close();
    await node1?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("counts a key's requests across both nodes, and another key keeps its own budget", async () => {
    const statuses: number[] = [];
    for (const node of [node1, node2, node1, node2, node1, node2]) {
      const res = await node.post(initializeBody(), { authorization: `Bearer ${node1.keyA}` });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(await redis.keys(`${prefix}:rl:key:*`)).toHaveLength(1);
    const other = await node2.post(initializeBody(), { authorization: `Bearer ${node1.keyB}` });
    expect(other.status).toBe(200);
    await other.body?.cancel();
  });
});
