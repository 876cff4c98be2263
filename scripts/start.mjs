#!/usr/bin/env node
/**
 * `npm start` in a clone: builds only when the tree is not built or a source changed since the last
 * build, with the compiler's output on stderr (stdout is the MCP channel), then runs `comptoir` with
 * the same arguments in this process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const main = path.join(root, 'dist', 'cli', 'main.js');

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const built = fs.existsSync(main) ? fs.statSync(main).mtimeMs : 0;
const sources = Math.max(
  newest(path.join(root, 'src')),
  fs.statSync(path.join(root, 'tsconfig.json')).mtimeMs,
);
if (sources > built) {
  process.stderr.write('comptoir: building (src changed since the last build)…\n');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], {
    stdio: ['ignore', 2, 2],
  });
  // then the bundle, as npm run build makes it (dist/cli/main.js and its chunks)
  const bundled =
    r.status === 0 &&
    spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle-cli.mjs'), '--sourcemap'], {
      stdio: ['ignore', 2, 2],
    }).status === 0;
  if (!bundled) {
    process.stderr.write(
      'comptoir: the build failed (above); run npm ci first if node_modules is missing.\n',
    );
    process.exit(1);
  }
}
await import(pathToFileURL(main).href);
