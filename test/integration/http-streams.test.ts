/** Over real HTTP: open streams — a revoked key's stream is closed; a 2026 listen stream does not hold up shutdown. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { revokeKey } from '../../src/modules/keys/keys.service.js';
import { openRawSession, startHttp } from '../http-harness.js';

describe('HTTP open streams', () => {
  it("closes a revoked key's sessions and their GET streams, and leaves the other keys' alone", async () => {
    const h = await startHttp({ revocationCheckMs: 100 });
    try {
      const { id, key } = await h.newKey(h.shopA, ['read']);
      const kept = await h.connect(h.keyB);
      const session = (await openRawSession(h.mcp, key)).headers;
      const stream = await fetch(h.mcp, { headers: session });
      expect(stream.status).toBe(200);
      expect(h.server.sessionCount).toBe(2);

      await revokeKey(h.db, id, new Date());
      const reader = stream.body!.getReader();
      while (!(await reader.read()).done); // ends when the server closes the session
      expect(h.server.sessionCount).toBe(1);
      expect((await kept.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('shuts down at once with a 2026 subscriptions/listen stream open (a stream is not a call in flight)', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const h = await startHttp({
      logger: createLogger('info', sink),
      env: { COMPTOIR_SHUTDOWN_GRACE_SECONDS: '60' },
    });
    const client = await h.connect(h.keyA, { modern: true });
    const subscription = await client.listen({ toolsListChanged: true });
    expect(subscription).toBeDefined();
    await h.close();
    expect(lines.join('')).not.toMatch(/waiting for calls in flight/);
  });
});
