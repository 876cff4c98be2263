/**
 * Over real HTTP: failed authentications are limited per (credential, address) and per address, and a
 * request that brings a valid key is never refused by those limits — many shops reach Comptoir from a
 * few shared addresses (ChatGPT, Claude, n8n cloud). On one node (memory) and on two nodes (Redis).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../helpers.js';
import { initializeBody, startHttp, type HttpHarness } from '../http-harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const LIMITS = {
  COMPTOIR_RATE_LIMIT_PER_KEY: '0',
  COMPTOIR_RATE_LIMIT_PER_CREDENTIAL: '3',
  COMPTOIR_RATE_LIMIT_PER_ADDRESS: '6',
  COMPTOIR_TRUST_PROXY: 'true',
};

/** a well-formed key nobody made */
const randomKey = () => `cpt_${randomBytes(24).toString('base64url')}`;

/** one initialize from `address` (the trusted proxy's X-Forwarded-For) with these auth headers */
async function attempt(node: HttpHarness, address: string, auth: Record<string, string>) {
  const res = await node.post(initializeBody(), { ...auth, 'x-forwarded-for': address });
  const body = res.status === 429 ? ((await res.json()) as { error: { message: string } }) : undefined;
  if (!body) await res.body?.cancel();
  if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  return { status: res.status, message: body?.error.message };
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const statusOf = async (node: HttpHarness, address: string, auth: Record<string, string>) =>
  (await attempt(node, address, auth)).status;

describe('HTTP failed-authentication limits on one node', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({ env: LIMITS });
  });
  afterAll(() => h.close());

  it('refuses a guesser behind a shared address while the valid keys of shop A and shop B from it go on', async () => {
    const shared = '198.51.100.20';
    const guess = randomKey();
    const repeated: number[] = [];
    for (let i = 0; i < 5; i++) repeated.push(await statusOf(h, shared, bearer(guess)));
    // three failures for this credential at this address, then 429
    expect(repeated).toEqual([401, 401, 401, 429, 429]);
    expect((await attempt(h, shared, bearer(guess))).message).toMatch(
      /failed attempts with this credential from this address; retry in/,
    );
    expect(await statusOf(h, shared, bearer(h.keyA))).toBe(200);
    expect(await statusOf(h, shared, bearer(h.keyB))).toBe(200);

    // A guesser rotating keys dodges the per-credential budget, not the address ceiling (6 failures)...
    const rotating: number[] = [];
    for (let i = 0; i < 5; i++) rotating.push(await statusOf(h, shared, bearer(randomKey())));
    expect(rotating).toEqual([401, 401, 401, 429, 429]);
    expect(await statusOf(h, shared, {})).toBe(429);
    expect(await statusOf(h, shared, { 'x-api-key': randomKey() })).toBe(429);
    // ...which only ever refuses requests that fail: valid keys of both shops from that address pass,
    // over both headers and through the SDK client, calls included.
    for (let i = 0; i < 3; i++) {
      expect(await statusOf(h, shared, bearer(h.keyA))).toBe(200);
      expect(await statusOf(h, shared, { 'x-api-key': h.keyB })).toBe(200);
    }
    const a = await h.connect(h.keyA, { headers: { 'x-forwarded-for': shared } });
    const b = await h.connect(h.keyB, { headers: { 'x-forwarded-for': shared } });
    expect((await a.listTools()).tools.length).toBeGreaterThan(0);
    await ok(a, 'data_list_orders');
    await ok(b, 'data_list_products', { limit: 1 });

    // another address has its own budgets
    expect(await statusOf(h, '203.0.113.20', bearer(guess))).toBe(401);

    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    // every refused credential was looked up first (a valid one would have passed)
    expect(metrics).toMatch(/comptoir_rate_limit_rejections_total\{limiter="credential"\} 3/);
    expect(metrics).toMatch(/comptoir_auth_failures_total\{reason="invalid"\} 13/);
  });

  it('keeps a guesser enumerating the end of a key in one bucket', async () => {
    const address = '198.51.100.21';
    const head = `cpt_${randomBytes(9).toString('base64url')}`; // 16 characters
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(await statusOf(h, address, bearer(`${head}${String(i).padStart(20, '0')}`)));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await statusOf(h, address, bearer(h.keyA))).toBe(200);
  });

  it('never lets the bucket a valid key spent in a wrong form lock that key out', async () => {
    const address = '198.51.100.23';
    const wrongForm: number[] = [];
    for (let i = 0; i < 5; i++) wrongForm.push(await statusOf(h, address, { authorization: h.keyA }));
    expect(wrongForm).toEqual([401, 401, 401, 429, 429]);
    expect(await statusOf(h, address, bearer(h.keyA))).toBe(200);
    expect(await statusOf(h, address, { 'x-api-key': h.keyA })).toBe(200);
    // the same first 16 characters with another end: refused as a failure, the real key still passes
    for (let i = 0; i < 3; i++)
      expect(await statusOf(h, address, bearer(`${h.keyA.slice(0, 16)}x`))).toBe(429);
    expect(await statusOf(h, address, bearer(h.keyA))).toBe(200);
  });

  it('gives requests without a credential their own bucket, which a valid key never spends', async () => {
    const address = '198.51.100.22';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await statusOf(h, address, {}));
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await attempt(h, address, {})).message).toMatch(/without a valid API key from this address/);
    expect(await statusOf(h, address, bearer(h.keyB))).toBe(200);
    expect(await statusOf(h, address, bearer(randomKey()))).toBe(401);
  });
});

describe('HTTP failed-authentication limits on two nodes (Redis)', () => {
  let redis: Redis;
  let node1: HttpHarness;
  let node2: HttpHarness;
  const prefix = `comptoir-test-${randomUUID()}`;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping(); // CI must have Redis: a missing Redis fails here instead of skipping
    const env = { ...LIMITS, REDIS_URL, COMPTOIR_REDIS_PREFIX: prefix };
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

  it('counts the failures of one address on both nodes, and valid keys pass on both', async () => {
    const shared = '198.51.100.30';
    const guess = randomKey();
    const repeated: number[] = [];
    for (const node of [node1, node2, node1, node2, node1])
      repeated.push(await statusOf(node, shared, bearer(guess)));
    expect(repeated).toEqual([401, 401, 401, 429, 429]);

    const rotating: number[] = [];
    for (const node of [node2, node1, node2, node1])
      rotating.push(await statusOf(node, shared, bearer(randomKey())));
    expect(rotating).toEqual([401, 401, 401, 429]);

    for (const node of [node1, node2]) {
      expect(await statusOf(node, shared, bearer(node1.keyA))).toBe(200);
      expect(await statusOf(node, shared, bearer(node1.keyB))).toBe(200);
    }
    // the counters are shared in Redis, and hold no piece of a key
    expect(await redis.keys(`${prefix}:rl:addr:*`)).toHaveLength(1);
    const buckets = await redis.keys(`${prefix}:rl:cred:*`);
    expect(buckets.length).toBe(5);
    for (const k of buckets) expect(k).not.toContain('cpt_');
  });
});
