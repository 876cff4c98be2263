/**
 * The package as the registry would serve it: `npm pack` of this tree (built by `npm test` first) holds
 * what `npx comptoir` and a global install need and nothing that points nowhere (no source maps without
 * their sources, the README's links inside it, a LICENSE), and installed globally into a scratch
 * prefix (dependencies from npm's cache, better-sqlite3 built by its install script) the `comptoir` on
 * that PATH serves MCP over stdio to the SDK's client.
 *
 * Run once, on the SQLite run of the suite: nothing in it depends on the database engine, and the
 * install compiles better-sqlite3 (about two minutes on two cores).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const npm = (args: string[], cwd = process.cwd()) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });

describe.skipIf(process.env.COMPTOIR_TEST_DB)('the npm package', { timeout: 900_000 }, () => {
  const dir = tempDir();

  it('packs the built command, the docs the README links to and a LICENSE, and no source map', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
      license: string;
    };
    // a clean clone's `npm pack` builds first, without source maps (nor their sourceMappingURL comments)
    expect(pkg.scripts.prepack).toMatch(
      /^tsc -p tsconfig\.json --sourceMap false && node scripts\/bundle-cli\.mjs$/,
    );
    const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'])) as {
      files: { path: string }[];
    }[];
    const files = packed!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'package.json', pkg.bin.comptoir!]),
    );
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
    expect(fs.readFileSync('LICENSE', 'utf8')).toMatch(new RegExp(`^${pkg.license} License`));
    for (const doc of ['README.md', ...files.filter((f) => f.startsWith('docs/'))]) {
      const text = fs.readFileSync(doc, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // a web address
        const inPackage = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target!));
        expect(files, `${doc} links to ${target}`).toContain(inPackage);
      }
    }
    expect(fs.readFileSync(pkg.bin.comptoir!, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('installs globally and serves MCP over stdio from the PATH', async () => {
    npm(['pack', '--ignore-scripts', '--pack-destination', dir]);
    const tarball = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const prefix = path.join(dir, 'prefix');
    npm([
      'install',
      '--global',
      '--prefix',
      prefix,
      path.join(dir, tarball),
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--allow-scripts=better-sqlite3',
    ]);
    const bin = path.join(prefix, 'bin', 'comptoir');
    expect(fs.existsSync(bin)).toBe(true);
    const transport = new StdioClientTransport({
      command: bin,
      args: ['--db', path.join(dir, 'shop.db'), '--log-level', 'warn'],
      env: { PATH: `${path.join(prefix, 'bin')}:${process.env.PATH ?? ''}`, HOME: dir },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('comptoir');
      const tools = await client.listTools();
      expect(tools.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['sale_create', 'plu_add']));
      const sale = (await client.callTool({
        name: 'sale_create',
        arguments: { items: [{ productName: 'Café', quantity: 2 }], payment: -1 },
      })) as { isError?: boolean; structuredContent?: { total: number } };
      expect(sale.isError).toBeFalsy();
      expect(sale.structuredContent?.total).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});
