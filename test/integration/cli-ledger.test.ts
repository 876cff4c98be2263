/**
 * `comptoir ledger verify` and the server's own closures, run as the built command: the demo's history
 * verifies, a tampered line is named with exit status 1, the heads are kept beside the database (or
 * where COMPTOIR_FISCAL_HEADS says), and a server started on a shop with past days closes them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isPostgresUrl, openDatabase } from '../../src/db/database.js';
import { newDatabase, startStdio, tempDir } from '../helpers.js';

const MAIN = path.resolve('dist/cli/main.js');

function run(db: string, heads: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, '--db', db, '--log-level', 'warn', ...args], {
    encoding: 'utf8',
    env: { ...process.env, COMPTOIR_FISCAL_HEADS: heads },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('comptoir ledger verify', () => {
  it('verifies the demo, names a tampered sale with exit status 1, and explains bad use', async () => {
    const db = await newDatabase();
    const heads = path.join(tempDir(), 'heads.json');
    expect(run(db, heads, 'init').code).toBe(0);
    const intact = run(db, heads, 'ledger', 'verify');
    expect(intact).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^Shop 1 \(.*\): The ledger is intact/),
    });
    const json = JSON.parse(run(db, heads, 'ledger', 'verify', '--json').out) as {
      ok: boolean;
      chains: { chain: string; records: number }[];
    }[];
    expect(json[0]!.ok).toBe(true);
    expect(json[0]!.chains.find((c) => c.chain === 'ticket')!.records).toBeGreaterThan(20);
    expect(JSON.parse(fs.readFileSync(heads, 'utf8'))).toMatchObject({ format: 'comptoir-fiscal-heads-2' });

    const handle = openDatabase({ location: db });
    const line = await handle
      .selectFrom('order_lines')
      .select(['id', 'order_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const order = await handle
      .selectFrom('orders')
      .select('number')
      .where('id', '=', line.order_id)
      .executeTakeFirstOrThrow();
    await sql`update order_lines set unit_price = unit_price * 2 where id = ${line.id}`.execute(handle);
    await handle.destroy();
    const broken = run(db, heads, 'ledger', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('NOT intact');
    expect(broken.out).toContain(`sale ${order.number}`);
    expect(broken.out).toContain('unitPrice');

    expect(run(db, heads, 'ledger')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Usage: comptoir ledger verify'),
    });
    expect(run(db, heads, 'ledger', 'verify', '--shop', '9')).toMatchObject({
      code: 2,
      err: expect.stringContaining('no shop has id 9'),
    });
  });

  it.skipIf(Boolean(process.env.COMPTOIR_TEST_DB))(
    'keeps the heads beside a SQLite file by default',
    async () => {
      const db = await newDatabase();
      expect(isPostgresUrl(db)).toBe(false);
      const r = spawnSync(process.execPath, [MAIN, 'init', '--db', db, '--log-level', 'warn'], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      expect(fs.existsSync(`${db}.fiscal-heads.json`)).toBe(true);
    },
  );

  it('closes the past days when the server starts', async () => {
    const db = await newDatabase();
    const heads = path.join(tempDir(), 'heads.json');
    expect(run(db, heads, 'init').code).toBe(0); // the demo: three weeks of past sales
    process.env.COMPTOIR_FISCAL_HEADS = heads;
    const s = await startStdio(db);
    try {
      let closures: { kind: string }[] = [];
      for (let i = 0; i < 300 && closures.length === 0; i++) {
        const r = await s.client.callTool({ name: 'report_z', arguments: {} });
        closures = (r.structuredContent as { closures: { kind: string }[] } | undefined)?.closures ?? [];
        if (closures.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(closures.length).toBe(1);
      const days = await s.client.callTool({ name: 'report_z', arguments: { number: 1 } });
      expect(
        (days.structuredContent as { closures: { kind: string; period: string }[] }).closures[0],
      ).toMatchObject({ kind: 'day' });
      const v = await s.client.callTool({ name: 'ledger_verify', arguments: {} });
      expect((v.structuredContent as { ok: boolean }).ok).toBe(true);
    } finally {
      delete process.env.COMPTOIR_FISCAL_HEADS;
      await s.close();
    }
  });
});
