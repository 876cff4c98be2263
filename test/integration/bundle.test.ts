/**
 * The Claude Desktop extension bundle: `npm run bundle` packs a `.mcpb`, and the bundle, unpacked with
 * Anthropic's own unpacker, starts the way its manifest says (the command and environment that
 * @anthropic-ai/mcpb's getMcpConfigForManifest makes of it, as Claude Desktop does) and serves MCP over
 * stdio: with its settings left empty (the shop's ledger in ~/.comptoir) and with a database file chosen.
 *
 * Run once, on the SQLite run of the suite: the bundle only holds SQLite's driver, and packing it
 * installs the production dependencies from npm's cache (about half a minute).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getMcpConfigForManifest, unpackExtension } from '@anthropic-ai/mcpb';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

type Manifest = Parameters<typeof getMcpConfigForManifest>[0]['manifest'];

describe.skipIf(process.env.COMPTOIR_TEST_DB)('the Claude Desktop bundle', { timeout: 600_000 }, () => {
  const dir = tempDir();
  const bundle = path.join(dir, 'comptoir.mcpb');
  const unpacked = path.join(dir, 'unpacked');
  let manifest: Manifest;

  async function serve(userConfig: Record<string, string | number>) {
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: unpacked,
      systemDirs: { HOME: dir, DESKTOP: dir, DOCUMENTS: dir, DOWNLOADS: dir },
      userConfig,
      pathSeparator: path.sep,
    });
    expect(config).toBeDefined();
    // Claude Desktop runs a node server with the Node it has; here, the one running the suite
    const command = config!.command === 'node' ? process.execPath : config!.command;
    const transport = new StdioClientTransport({
      command,
      args: config!.args ?? [],
      env: { ...(config!.env ?? {}), HOME: dir, PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'bundle-test', version: '1.0.0' });
    await client.connect(transport);
    return client;
  }

  async function sell(client: Client) {
    const sale = (await client.callTool({
      name: 'sale_create',
      arguments: { items: [{ productName: 'Café', quantity: 1 }], payment: 'card' },
    })) as { isError?: boolean; structuredContent?: { id: number; total: number } };
    expect(sale.isError, JSON.stringify(sale)).toBeFalsy();
    return sale.structuredContent!;
  }

  it('packs a valid bundle that holds the command, its dependencies and SQLite’s native module', async () => {
    execFileSync(process.execPath, ['scripts/bundle.mjs', '--out', bundle], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
    expect(await unpackExtension({ mcpbPath: bundle, outputDir: unpacked, silent: true })).toBe(true);
    manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8')) as Manifest;
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.compatibility?.platforms).toEqual([process.platform]);
    expect(manifest.server.entry_point).toBe('dist/cli/main.js');
    for (const file of [
      manifest.server.entry_point,
      'LICENSE',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/@modelcontextprotocol/server/package.json',
    ])
      expect(fs.existsSync(path.join(unpacked, file)), file).toBe(true);
    // development tools and C sources stay out
    for (const file of [
      'node_modules/typescript',
      'node_modules/vitest',
      'node_modules/better-sqlite3/deps',
      'src',
    ])
      expect(fs.existsSync(path.join(unpacked, file)), file).toBe(false);
  });

  it('starts as its manifest says with the settings left empty: the demo shop in ~/.comptoir', async () => {
    const client = await serve({});
    try {
      expect(client.getServerVersion()?.name).toBe('comptoir');
      expect((await sell(client)).total).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    expect(fs.existsSync(path.join(dir, '.comptoir', 'comptoir.db'))).toBe(true);
  });

  it('keeps the ledger in the database file the owner chose', async () => {
    const file = path.join(dir, 'my-shop.db');
    const client = await serve({ database: file, shop: 1 });
    try {
      const { id } = await sell(client);
      const orders = (await client.callTool({ name: 'data_list_orders', arguments: {} })) as {
        structuredContent?: { items: { id: number }[] };
      };
      expect(orders.structuredContent?.items.map((o) => o.id)).toContain(id);
    } finally {
      await client.close();
    }
    expect(fs.statSync(file).size).toBeGreaterThan(0);
  });
});
