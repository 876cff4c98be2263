/** The real `comptoir` process over stdio: a sale survives a restart, and its key still protects it. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newDatabase, ok, startStdio, tempDir } from '../helpers.js';

const cli = path.resolve('dist/cli/main.js');

describe('comptoir over stdio', () => {
  beforeAll(() => {
    if (!fs.existsSync(cli))
      execFileSync(process.execPath, [
        path.resolve('node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.json',
      ]);
  });

  it('keeps a sale across a restart and does not record a resent key twice', async () => {
    const dbFile = await newDatabase('shop');
    const sale = {
      idtable: 12,
      items: ['Free_4.5_Menu enfant', { productName: 'Croissant' }],
      idempotencyKey: 'k-restart',
    };

    const first = await startStdio(dbFile);
    const tools = await first.client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('sale_create');
    const order = await ok<{ id: number; total: number }>(first.client, 'sale_create', sale);
    expect(order.total).toBe(6.3); // 4.50 + 1.80
    await first.close();
    expect(first.stderr()).toMatch(/"msg":"comptoir serving MCP over stdio"/);

    const second = await startStdio(dbFile);
    const today = await ok<{ total: number; items: { id: number }[] }>(second.client, 'data_list_orders');
    expect(today.items.map((o) => o.id)).toContain(order.id);
    const again = await ok<{ id: number; replayed: boolean }>(second.client, 'sale_create', sale);
    expect(again).toMatchObject({ id: order.id, replayed: true });
    expect((await ok<{ total: number }>(second.client, 'data_list_orders')).total).toBe(today.total);
    await second.close();
  }, 60_000);

  it('prints its version and refuses a bad configuration with a clear message', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(execFileSync(process.execPath, [cli, '--version']).toString().trim()).toBe(pkg.version);
    const bad = spawnSync(process.execPath, [
      cli,
      '--db',
      path.join(tempDir(), 'x.db'),
      '--log-level',
      'loud',
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.toString()).toContain('COMPTOIR_LOG_LEVEL');
  });
});
