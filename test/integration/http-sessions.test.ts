/** Over real HTTP: 2025-era sessions — the GET stream, DELETE, 404 after the end, idle expiry and the cap. */
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../helpers.js';
import { initializeBody, MCP_ACCEPT, openRawSession, startHttp, type HttpHarness } from '../http-harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a session with a raw initialize (+ initialized notification) and returns its id. */
async function openSession(h: HttpHarness, key: string): Promise<string> {
  return (await openRawSession(h.mcp, key)).id;
}

function ping(h: HttpHarness, key: string, sessionId: string) {
  return h.post(
    { jsonrpc: '2.0', id: 7, method: 'ping' },
    { authorization: `Bearer ${key}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
  );
}

async function gauge(h: HttpHarness): Promise<number> {
  const text = await (await fetch(`${h.base}/metrics`)).text();
  return Number(/^comptoir_mcp_sessions_open (\d+)/m.exec(text)?.[1]);
}

describe('HTTP sessions (2025 era)', () => {
  let h: HttpHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('serves a session over the SDK client, opens the GET stream, and answers 404 once DELETEd', async () => {
    h = await startHttp();
    const id = await openSession(h, h.keyA);
    expect((await ping(h, h.keyA, id)).status).toBe(200);

    const stream = await fetch(h.mcp, {
      headers: { ...MCP_ACCEPT, authorization: `Bearer ${h.keyA}`, 'mcp-session-id': id },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    await stream.body?.cancel();

    const del = await fetch(h.mcp, {
      method: 'DELETE',
      headers: {
        authorization: `Bearer ${h.keyA}`,
        'mcp-session-id': id,
        'mcp-protocol-version': '2025-11-25',
      },
    });
    expect(del.status).toBe(200);
    const after = await ping(h, h.keyA, id);
    expect(after.status).toBe(404);
    expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(
      /initialize again/,
    );
    expect(h.server.sessionCount).toBe(0);

    const client = await h.connect(h.keyA);
    expect((await ok<{ total: number }>(client, 'data_list_orders')).total).toBe(0);
    expect(h.server.sessionCount).toBe(1);
    expect(await gauge(h)).toBe(1);
  });

  it('closes a session left idle (most clients never DELETE), frees it, and answers 404 afterwards', async () => {
    // 2 s of idleness (a loaded CI machine may take most of a second for one ping), pings every 250 ms
    h = await startHttp({ env: { COMPTOIR_SESSION_IDLE_SECONDS: '2' } });
    const idle = await openSession(h, h.keyA);
    const busy = await openSession(h, h.keyA);
    expect(h.server.sessionCount).toBe(2);
    for (let i = 0; i < 12; i++) {
      await sleep(250);
      expect((await ping(h, h.keyA, busy)).status).toBe(200);
    }
    expect((await ping(h, h.keyA, idle)).status).toBe(404);
    expect(h.server.sessionCount).toBe(1);
    expect(await gauge(h)).toBe(1);
  });

  it('at the node cap, the key holding the most sessions loses its least recently used one, not another shop', async () => {
    h = await startHttp({ env: { COMPTOIR_MAX_SESSIONS: '3' } });
    const b = await openSession(h, h.keyB);
    const a1 = await openSession(h, h.keyA);
    const a2 = await openSession(h, h.keyA);
    expect((await ping(h, h.keyB, b)).status).toBe(200);
    expect((await ping(h, h.keyA, a1)).status).toBe(200); // a2 is now A's least recently used
    const a3 = await openSession(h, h.keyA);
    expect(h.server.sessionCount).toBe(3);
    expect((await ping(h, h.keyA, a2)).status).toBe(404);
    for (const [key, id] of [
      [h.keyB, b],
      [h.keyA, a1],
      [h.keyA, a3],
    ] as const)
      expect((await ping(h, key, id)).status).toBe(200);
  });

  it('one noisy key opening sessions in a loop never closes the sessions of another shop', async () => {
    h = await startHttp({ env: { COMPTOIR_MAX_SESSIONS: '6', COMPTOIR_MAX_SESSIONS_PER_KEY: '3' } });
    const b1 = await openSession(h, h.keyB);
    const b2 = await openSession(h, h.keyB);
    const noisy = [];
    for (let i = 0; i < 20; i++) noisy.push(await openSession(h, h.keyA));
    // concurrent openings too: the reservations keep the caps
    const initialize = async () => {
      const res = await h!.post(initializeBody(), { authorization: `Bearer ${h!.keyA}` });
      await res.body?.cancel();
      return res.headers.get('mcp-session-id')!;
    };
    noisy.push(...(await Promise.all(Array.from({ length: 10 }, initialize))));
    expect(h.server.sessionCount).toBe(5);
    expect((await ping(h, h.keyB, b1)).status).toBe(200);
    expect((await ping(h, h.keyB, b2)).status).toBe(200);
    const alive = [];
    for (const id of noisy) if ((await ping(h, h.keyA, id)).status === 200) alive.push(id);
    expect(alive).toHaveLength(3);
  });

  it('answers 404 for a session id it never issued, and 400 for a request without one', async () => {
    h = await startHttp();
    expect((await ping(h, h.keyA, 'no-such-session')).status).toBe(404);
    const res = await h.post(
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { authorization: `Bearer ${h.keyA}`, 'mcp-protocol-version': '2025-11-25' },
    );
    expect(res.status).toBe(400);
  });
});
