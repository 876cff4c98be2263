/** Over real HTTP: Origin and Host checks, CORS, the body limit, rate limits, health, readiness, metrics, manifest. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../helpers.js';
import { initializeBody, startHttp, type HttpHarness } from '../http-harness.js';

describe('HTTP safety', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({
      env: { COMPTOIR_ALLOWED_ORIGINS: 'https://app.example.com', COMPTOIR_MAX_BODY_KB: '4' },
    });
  });
  afterAll(() => h.close());
  const auth = () => ({ authorization: `Bearer ${h.keyA}` });

  it('refuses a foreign Origin with 403, before looking at the key', async () => {
    const res = await h.post(initializeBody(), { ...auth(), origin: 'https://evil.example.net' });
    expect(res.status).toBe(403);
    const noKey = await h.post(initializeBody(), { origin: 'https://evil.example.net' });
    expect(noKey.status).toBe(403);
  });

  it('accepts a configured Origin and gives it CORS headers, including the preflight', async () => {
    const res = await h.post(initializeBody(), { ...auth(), origin: 'https://app.example.com' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Mcp-Session-Id/i);
    await res.body?.cancel();

    const preflight = await fetch(h.mcp, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, mcp-session-id',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    const foreign = await fetch(h.mcp, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  async function withHost(url: string | URL, method: string, host: string, body?: string): Promise<number> {
    const http = await import('node:http');
    return new Promise<number>((resolve, reject) => {
      const req = http.request(
        url,
        { method, headers: { host, 'content-type': 'application/json', ...auth() } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('checks Host when bound to localhost (DNS rebinding): a foreign Host gets 403', async () => {
    expect(await withHost(h.mcp, 'POST', 'attacker.example:80', JSON.stringify(initializeBody()))).toBe(403);
    expect(await withHost(new URL('/metrics', h.mcp).href, 'GET', 'attacker.example:80')).toBe(403);
  });

  it('answers /health and /ready whatever the Host (a container health check or a load balancer probe)', async () => {
    // They say only "ok" or "ready": nothing a rebinding page could steal. A probe sends the address it
    // dials (127.0.0.1 inside a container, a pod IP), which COMPTOIR_ALLOWED_HOSTS rarely lists.
    expect(await withHost(new URL('/ready', h.mcp).href, 'GET', '10.1.2.3:8787')).toBe(200);
    expect(await withHost(new URL('/health', h.mcp).href, 'GET', 'attacker.example')).toBe(200);
    expect(await withHost(new URL('/ready', h.mcp).href, 'HEAD', 'attacker.example')).toBe(200);
    expect(await withHost(new URL('/ready', h.mcp).href, 'POST', 'attacker.example')).toBe(403);
    expect(
      await withHost(
        new URL('/ready/../metrics', h.mcp).href.replace('/metrics', '/ready/../metrics'),
        'GET',
        'attacker.example',
      ),
    ).toBe(403);
  });

  it('refuses a body over the limit with 413, recording nothing', async () => {
    const client = await h.connect(h.keyA);
    const before = await ok<{ total: number }>(client, 'data_list_orders');
    const sessionId = (client.transport as { sessionId?: string } | undefined)?.sessionId ?? '';
    const huge = {
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: {
        name: 'sale_create',
        arguments: { items: [{ free: true, price: 1, title: 'x'.repeat(8000) }] },
      },
    };
    const res = await h.post(huge, {
      ...auth(),
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/4096 bytes/);
    expect((await ok<{ total: number }>(client, 'data_list_orders')).total).toBe(before.total);
  });

  it('answers /health, /ready, the manifest and Prometheus /metrics', async () => {
    expect(await (await fetch(`${h.base}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${h.base}/ready`)).json()).toEqual({ status: 'ready' });
    const manifest = (await (await fetch(`${h.base}/.well-known/mcp/manifest.json`)).json()) as {
      endpoint: string;
      tools: { name: string; scope: string }[];
    };
    expect(manifest.endpoint).toBe('/mcp');
    expect(manifest.tools.find((t) => t.name === 'sale_create')?.scope).toBe('sell');
    expect(manifest.tools.length).toBeGreaterThan(15);

    const client = await h.connect(h.keyA);
    await ok(client, 'data_list_products', { limit: 1 });
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toMatch(/comptoir_tool_calls_total\{tool="data_list_products",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/comptoir_tool_call_duration_seconds_count\{tool="data_list_products"\} [1-9]/);
    expect(metrics).toMatch(/comptoir_http_requests_total\{method="POST",route="\/mcp",status="403"\} [1-9]/);
    expect(metrics).toMatch(/comptoir_mcp_sessions_open [1-9]/);
  });

  it('an unknown route says where MCP is served', async () => {
    const res = await fetch(`${h.base}/sse`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/\/mcp/);
  });
});

describe('HTTP rate limits', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({ env: { COMPTOIR_RATE_LIMIT_PER_KEY: '5', COMPTOIR_RATE_LIMIT_PER_ADDRESS: '0' } });
  });
  afterAll(() => h.close());

  it('answers 429 with Retry-After once a key spends its budget, while another shop goes on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await h.post(initializeBody(i), { authorization: `Bearer ${h.keyA}` });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
          /API key; retry in/,
        );
      } else await res.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const other = await h.post(initializeBody(), { authorization: `Bearer ${h.keyB}` });
    expect(other.status).toBe(200);
    await other.body?.cancel();
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toMatch(/comptoir_rate_limit_rejections_total\{limiter="key"\} 2/);
  });
});

describe('HTTP rate limit per client address', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({
      env: {
        COMPTOIR_RATE_LIMIT_PER_KEY: '0',
        COMPTOIR_RATE_LIMIT_PER_ADDRESS: '3',
        COMPTOIR_TRUST_PROXY: 'true',
      },
    });
  });
  afterAll(() => h.close());

  const attempt = async (key: string, forwardedFor: string) => {
    const res = await h.post(initializeBody(), {
      authorization: `Bearer ${key}`,
      'x-forwarded-for': forwardedFor,
    });
    await res.body?.cancel();
    return res.status;
  };

  it('counts the requests without a valid key per address; past the budget those are refused, valid keys still pass', async () => {
    const proxy = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await attempt(h.keyA, proxy)); // valid keys spend nothing
    for (let i = 0; i < 4; i++) statuses.push(await attempt('cpt_guess', proxy));
    statuses.push(await attempt(h.keyB, proxy));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 401, 401, 401, 429, 200]);
    expect(await attempt(h.keyB, '203.0.113.9')).toBe(200);
  });

  it('behind a trusted proxy reads the address the proxy appended (last entry), not what the client wrote', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await attempt('cpt_guess', `10.9.9.${i}, 192.0.2.44`));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('HTTP batches', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({ env: { COMPTOIR_RATE_LIMIT_PER_KEY: '100' } });
  });
  afterAll(() => h.close());

  it('refuses a JSON-RPC batch (one request must stay one call for the rate limits), recording nothing', async () => {
    const client = await h.connect(h.keyA);
    const sessionId = (client.transport as { sessionId?: string } | undefined)?.sessionId ?? '';
    const sale = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'sale_create', arguments: { items: [{ productName: 'Croissant', quantity: 1 }] } },
    });
    const res = await h.post([sale(1), sale(2), sale(3)], {
      authorization: `Bearer ${h.keyA}`,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /batches are not accepted/,
    );
    expect((await ok<{ total: number }>(client, 'data_list_orders')).total).toBe(0);
  });
});
