#!/usr/bin/env node
/**
 * The `comptoir` command as one file and a few lazy chunks (esbuild): `tsc` writes dist/ module by
 * module, and Node loading some 600 small modules at every start is most of a cold start. The bundle
 * replaces dist/ (dist/cli/main.js stays the command every doc, the Docker image and the Claude Desktop
 * bundle run; tsc's other modules are removed);
 * what a start does not need (the HTTP server, OAuth, the administration commands) stays in chunks
 * under dist/cli/chunks/, loaded when used. Native and optional drivers stay outside: better-sqlite3,
 * pg (loaded for a postgres:// URL), ioredis, oidc-provider.
 *
 *   node scripts/bundle-cli.mjs [--sourcemap]   (npm run build runs it after tsc)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli');
const entry = path.join(cli, 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('bundle-cli: dist/cli/main.js is missing: run tsc first (npm run build does both).\n');
  process.exit(1);
}
// a second run bundles tsc's output again, never a bundle
const source = fs.readFileSync(entry, 'utf8');
if (source.includes('/* comptoir bundle */')) {
  process.stderr.write(
    'bundle-cli: dist/cli/main.js is a bundle already: run tsc again first (npm run build).\n',
  );
  process.exit(1);
}
const out = fs.mkdtempSync(path.join(root, 'dist', '.bundle-'));
try {
  await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: out,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['better-sqlite3', 'pg', 'ioredis', 'oidc-provider'],
    // the CommonJS dependencies bundled in ESM call require(): give them Node's
    banner: {
      js: "/* comptoir bundle */ import { createRequire as __comptoirRequire } from 'node:module'; const require = __comptoirRequire(import.meta.url);",
    },
    sourcemap: process.argv.includes('--sourcemap') ? 'linked' : false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // dist/ is the bundle alone: tsc's modules (and the maps of an earlier build) are never loaded by it,
  // and would only weigh on the package, the image and the .mcpb
  for (const f of fs.readdirSync(path.join(root, 'dist')))
    if (path.join(root, 'dist', f) !== out)
      fs.rmSync(path.join(root, 'dist', f), { recursive: true, force: true });
  fs.mkdirSync(cli, { recursive: true });
  fs.renameSync(path.join(out, 'chunks'), path.join(cli, 'chunks'));
  for (const f of fs.readdirSync(out)) fs.renameSync(path.join(out, f), path.join(cli, f));
  fs.chmodSync(entry, 0o755);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
