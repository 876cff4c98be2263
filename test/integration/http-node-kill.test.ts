/**
 * Two `comptoir serve --http` processes on one database and one Redis; node 1 is killed (SIGKILL, no
 * goodbye) in the middle of a stream of sales through both: no acknowledged sale is lost, numbering
 * stays gap-free, and node 2 goes on serving the same session.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { newDatabase } from '../helpers.js';
import { openRawSession } from '../http-harness.js';
import { cli, serve, type Served } from '../process-harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Sold {
  id: number;
  number: number;
}

describe('a node killed mid-traffic', () => {
  const nodes: Served[] = [];
  afterEach(() => {
    for (const n of nodes.splice(0)) n.child.kill('SIGKILL');
  });

  it('loses no acknowledged sale, keeps numbering gap-free, and the other node keeps the session going', async () => {
    const db = await newDatabase();
    cli(db, 'init', '--empty');
    const { key } = JSON.parse(
      cli(db, 'keys', 'create', '--shop', '1', '--scopes', 'read,sell', '--json'),
    ) as {
      key: string;
    };
    const env = {
      REDIS_URL,
      COMPTOIR_REDIS_PREFIX: `comptoir-test-${randomUUID()}`,
      COMPTOIR_RATE_LIMIT_PER_KEY: '0',
      COMPTOIR_RATE_LIMIT_PER_ADDRESS: '0',
    };
    const [node1, node2] = await Promise.all([serve(db, env), serve(db, env)]);
    nodes.push(node1!, node2!);

    const session = (await openRawSession(`${node1!.url}/mcp`, key)).headers;

    /** One free-line sale through a node; the order when the node acknowledged it, else undefined. */
    let seq = 0;
    const sell = async (node: Served): Promise<Sold | undefined> => {
      seq += 1;
      const body = {
        jsonrpc: '2.0',
        id: seq,
        method: 'tools/call',
        params: {
          name: 'sale_create',
          arguments: { items: [`Free_${seq}_Sale ${seq}`], idempotencyKey: `kill-${seq}` },
        },
      };
      try {
        const res = await fetch(`${node.url}/mcp`, {
          method: 'POST',
          headers: session,
          body: JSON.stringify(body),
        });
        const text = await res.text();
        const data = text.split('\n').find((l) => l.startsWith('data: {"result"'));
        if (res.status !== 200 || !data) return undefined;
        const result = (
          JSON.parse(data.slice(6)) as { result: { isError?: boolean; structuredContent: Sold } }
        ).result;
        return result.isError ? undefined : result.structuredContent;
      } catch {
        return undefined; // the node died under this call: not acknowledged
      }
    };

    const acknowledged: Sold[] = [];
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; i < 25; i++) {
        const node = killed || (i + w) % 2 === 1 ? node2! : node1!;
        const sold = await sell(node);
        if (sold) acknowledged.push(sold);
        else expect(node).toBe(node1); // only the killed node may fail
      }
    };
    const traffic = Promise.all([0, 1, 2, 3].map(worker));
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 5));
    node1!.child.kill('SIGKILL'); // with 80 sales still to come
    killed = true;
    await traffic;
    expect(await node1!.exited).toBeNull(); // killed by the signal, not exited

    const afterKill = await sell(node2!);
    expect(afterKill).toBeDefined();
    acknowledged.push(afterKill!);

    const check = openDatabase({ location: db });
    try {
      const rows = await check
        .selectFrom('orders')
        .select(['id', 'number'])
        .where('status', '=', 'validated')
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r.number]));
      for (const sold of acknowledged) expect(byId.get(sold.id)).toBe(sold.number);
      const numbers = rows.map((r) => r.number!).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      expect(acknowledged.length).toBeGreaterThan(60);
    } finally {
      await check.destroy();
    }
  }, 60_000);
});
