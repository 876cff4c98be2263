#!/usr/bin/env node
/**
 * `npm run bundle [-- --out <file.mcpb>]`: the Claude Desktop extension bundle (MCPB), packed with
 * Anthropic's @anthropic-ai/mcpb. It holds the built command, the production dependencies, and
 * better-sqlite3's native module as this clone built it (the lockfile's version, compiled by `npm ci`
 * for this platform and this Node): so the bundle declares this platform, and the Node major it was
 * built with, and a bundle for macOS or Windows is built on macOS or Windows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packExtension, validateManifest } from '@anthropic-ai/mcpb';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.resolve(outAt >= 0 ? args[outAt + 1] : path.join(root, `comptoir-${pkg.version}.mcpb`));
const stage = path.join(root, '.scratch', 'bundle');
const say = (text) => process.stderr.write(`bundle: ${text}\n`);
const run = (cmd, cmdArgs, cwd) => execFileSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 2, 2] });

say('building');
run(
  process.execPath,
  [
    path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.json',
    '--sourceMap',
    'false',
  ],
  root,
);
run(process.execPath, [path.join(root, 'scripts', 'bundle-cli.mjs')], root);
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
for (const item of ['dist', 'docs', 'LICENSE', 'README.md', 'package.json', 'package-lock.json'])
  fs.cpSync(path.join(root, item), path.join(stage, item), { recursive: true });

say('installing the production dependencies (from npm’s cache when it has them)');
run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], stage);
// better-sqlite3's install script was skipped: its native module is the one this clone built
const native = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (!fs.existsSync(path.join(root, native))) throw new Error(`${native} is missing: run npm ci first`);
fs.mkdirSync(path.dirname(path.join(stage, native)), { recursive: true });
fs.copyFileSync(path.join(root, native), path.join(stage, native));
// its C sources are not needed to run it
for (const dir of ['deps', 'src'])
  fs.rmSync(path.join(stage, 'node_modules', 'better-sqlite3', dir), { recursive: true, force: true });

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'bundle', 'manifest.json'), 'utf8'));
manifest.version = pkg.version;
manifest.compatibility.platforms = [process.platform];
const major = process.versions.node.split('.')[0];
// the package's own floor (engines) within the major the native module was built for
const floor = pkg.engines.node.replace(/^>=\s*/, '');
const lowest = floor.split('.')[0] === major ? floor : `${major}.0.0`;
manifest.compatibility.runtimes.node = `>=${lowest.split('.').concat(['0', '0']).slice(0, 3).join('.')} <${Number(major) + 1}.0.0`;
fs.writeFileSync(path.join(stage, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
if (!(await validateManifest(path.join(stage, 'manifest.json'))))
  throw new Error('the manifest is not valid');

say(`packing ${out}`);
if (!(await packExtension({ extensionPath: stage, outputPath: out, silent: true })))
  throw new Error('mcpb could not pack the bundle');
say(`done: ${out} (${process.platform}, Node ${major})`);
