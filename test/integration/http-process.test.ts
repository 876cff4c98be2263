/**
 * The built `comptoir serve --http` process, as an operator runs it: keys made with the CLI, a sale over
 * HTTP, and SIGTERM while a call is in flight — the call finishes, new connections are refused, the
 * process exits 0. (Run `npm run build` first; `npm test` does.)
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { newDatabase } from '../helpers.js';
import { openRawSession } from '../http-harness.js';
import { cli, serve, type Served } from '../process-harness.js';

/** Sends headers and the first part of a body now; `finish()` sends the rest and resolves with the response. */
function slowPost(url: string, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  let resolveResponse!: (r: { status: number; text: string }) => void;
  let rejectResponse!: (e: Error) => void;
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    resolveResponse = resolve;
    rejectResponse = reject;
  });
  response.catch(() => undefined); // a failure surfaces where the test awaits it, never as an unhandled error
  const req = http.request(url, {
    method: 'POST',
    agent: false,
    headers: { ...headers, 'content-length': String(bytes.length) },
  });
  req.on('error', rejectResponse);
  req.on('response', (res) => {
    let text = '';
    res.on('data', (c: Buffer) => (text += c.toString()));
    res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, text }));
  });
  req.write(bytes.subarray(0, 20));
  return {
    finish: () => {
      req.end(bytes.subarray(20));
      return response;
    },
  };
}

/** A GET on a new TCP connection (fetch would reuse a kept-alive one). */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

describe('comptoir serve --http (the process)', () => {
  let served: Served | undefined;
  afterEach(() => {
    served?.child.kill('SIGKILL');
    served = undefined;
  });

  it('on SIGTERM lets the call in flight finish, refuses new connections, and exits 0', async () => {
    const db = await newDatabase();
    cli(db, 'init');
    const { key } = JSON.parse(
      cli(db, 'keys', 'create', '--shop', '1', '--scopes', 'read,sell', '--json'),
    ) as {
      key: string;
    };
    served = await serve(db);
    const mcp = `${served.url}/mcp`;
    const session = (await openRawSession(mcp, key)).headers;

    const sale = {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: {
        name: 'sale_create',
        arguments: { items: [{ productName: 'Croissant', quantity: 3 }], idempotencyKey: 'in-flight-1' },
      },
    };
    const inFlight = slowPost(mcp, session, JSON.stringify(sale));
    await new Promise((r) => setTimeout(r, 200));
    served.child.kill('SIGTERM');
    // Wait for the process to say it is draining (it closes its listener first), however loaded the machine.
    for (let i = 0; i < 100 && !/shutdown: waiting for calls in flight/.test(served.logs()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }

    // A new connection is refused. (A keep-alive connection opened before SIGTERM would get 503 with
    // `Connection: close` instead, so the check opens its own.)
    await expect(freshGet(`${served.url}/health`)).rejects.toThrow(/ECONNREFUSED/);

    const answer = await inFlight.finish();
    expect(answer.status).toBe(200);
    const data = answer.text.split('\n').filter((l) => l.startsWith('data: {'));
    const message = JSON.parse(data.at(-1)!.slice(6)) as {
      result: { isError?: boolean; structuredContent: { id: number; number: number; total: number } };
    };
    expect(message.result.isError).toBeFalsy();
    const sold = message.result.structuredContent;
    expect(sold.total).toBe(5.4);

    expect(await served.exited).toBe(0);
    expect(served.logs()).toMatch(/shutdown: waiting for calls in flight/);
    expect(served.logs()).toMatch(/"msg":"stopped"/);

    const check = openDatabase({ location: db });
    const order = await check
      .selectFrom('orders')
      .select(['number', 'total'])
      .where('id', '=', sold.id)
      .executeTakeFirst();
    const last = await check
      .selectFrom('orders')
      .select((eb) => eb.fn.max('number').as('n'))
      .executeTakeFirst();
    await check.destroy();
    expect(order).toEqual({ number: sold.number, total: 540 });
    expect(last?.n).toBe(sold.number);
  });
});
