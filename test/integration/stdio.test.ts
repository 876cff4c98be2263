/** The built `comptoir` command over stdio: a real process, a real file, restarts and flags. */
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPostgresUrl } from '../../src/db/database.js';
import { newDatabase, startStdio, tempDir, type ToolResult } from '../helpers.js';

const MAIN = path.resolve('dist/cli/main.js');

interface OrderList {
  total: number;
  items: { id: number; number: number | null; total: number }[];
  summary: { orders: number; total: number };
}

const runCli = (args: string[]) =>
  spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, COMPTOIR_LOG_LEVEL: '' },
  });

describe('the comptoir command over stdio', () => {
  beforeAll(() => {
    if (!fs.existsSync(MAIN)) execSync('npx tsc -p tsconfig.json', { stdio: 'inherit' });
  });

  it('records a sale that survives a restart, and never twice', async () => {
    const dbFile = await newDatabase('stdio');
    const sale = {
      items: [
        { productName: 'cafés', quantity: 2 },
        { productName: 'croissant', quantity: 1 },
      ],
      idtable: 12,
      idempotencyKey: 'stdio-sale-1',
    };

    const first = await startStdio(dbFile);
    let orderId: number;
    try {
      const { tools } = await first.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['sale_create', 'data_list_orders']));
      const r = (await first.client.callTool({ name: 'sale_create', arguments: sale })) as ToolResult;
      expect(r.isError).toBeFalsy();
      const order = r.structuredContent as { id: number; total: number; replayed: boolean };
      // 2 × 2.50 + 1.80 = 6.80, on site (table)
      expect(order).toMatchObject({ total: 6.8, replayed: false });
      orderId = order.id;
    } finally {
      await first.close();
    }
    // stderr carries JSON log lines (pino), stdout carried only the protocol (else the client would have failed)
    const logLines = first
      .stderr()
      .split('\n')
      .filter((l) => l.trim().startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const l of logLines) expect(() => JSON.parse(l) as unknown).not.toThrow();
    expect(logLines.some((l) => typeof (JSON.parse(l) as { level?: unknown }).level !== 'undefined')).toBe(
      true,
    );
    if (!isPostgresUrl(dbFile)) expect(fs.existsSync(dbFile)).toBe(true);

    const second = await startStdio(dbFile);
    try {
      const listed = (await second.client.callTool({
        name: 'data_list_orders',
        arguments: {},
      })) as ToolResult;
      expect(listed.isError).toBeFalsy();
      const l = listed.structuredContent as unknown as OrderList;
      expect(l.total).toBe(1);
      expect(l.items[0]?.id).toBe(orderId);
      expect(l.summary.total).toBe(6.8);

      const again = (await second.client.callTool({ name: 'sale_create', arguments: sale })) as ToolResult;
      expect(again.isError).toBeFalsy();
      expect(again.structuredContent).toMatchObject({ id: orderId, replayed: true });
      const after = (await second.client.callTool({ name: 'data_list_orders', arguments: {} })) as ToolResult;
      expect((after.structuredContent as unknown as OrderList).total).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('prints its version', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('prints help that mentions COMPTOIR_DB', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('COMPTOIR_DB');
    expect(r.stdout).toContain('--log-level');
  });

  it('exits with code 2 on a bad log level, naming it', () => {
    const dbFile = path.join(tempDir(), 'never.db');
    const r = runCli(['--db', dbFile, '--log-level', 'loud']);
    expect(r.status).toBe(2);
    const out = r.stderr + r.stdout;
    // names the option and the accepted levels
    expect(out).toContain('--log-level');
    expect(out).toMatch(/fatal, error, warn, info, debug, trace, silent/);
  });
});
