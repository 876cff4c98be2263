/**
 * Cold start and idle memory of the built `comptoir` over stdio (run `npm run build` first): from the
 * spawn to the answer of `initialize` on an existing database, and the resident memory (RSS) of the
 * process idle a moment later (--idle ms), on an existing database and on a first run (which creates
 * the demo shop), and once it has settled (--settle ms of idling: V8's memory reducer gives back the
 * young generation that start-up grew, some 8 s after the last allocation; the first --settle-runs runs
 * of each kind); beside them, a bare `node -e 0` on the same machine in the same minute. Medians.
 *
 *   npx tsx bench/startup.bench.ts [--runs 9] [--settle 15000] [--settle-runs 3] [--entry dist/cli/main.js]
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    entry: { type: 'string', default: 'dist/cli/main.js' },
    idle: { type: 'string', default: '1500' },
    settle: { type: 'string', default: '15000' },
    'settle-runs': { type: 'string', default: '3' },
  },
});
const runs = Number(values.runs);
const entry = path.resolve(values.entry);
if (!fs.existsSync(entry)) {
  console.error(`${entry} is missing: run npm run build first`);
  process.exit(2);
}
const idleMs = Number(values.idle);
const settleMs = Number(values.settle);
const settleRuns = Number(values['settle-runs']);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const INIT =
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  }) + '\n';

interface Run {
  ms: number;
  rss: number;
  settled?: number;
}

/** Spawns comptoir on `db`, times the initialize answer, and reads its RSS once idle (and settled). */
async function once(db: string, settle: boolean): Promise<Run> {
  const started = performance.now();
  const p = spawn(process.execPath, [entry, '--db', db, '--log-level', 'silent'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  p.stdin.write(INIT);
  await new Promise((resolve) => p.stdout.once('data', resolve));
  const ms = performance.now() - started;
  p.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const rss = rssMb(p.pid!);
  let settled: number | undefined;
  if (settle) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, settleMs - idleMs)));
    settled = rssMb(p.pid!);
  }
  p.stdin.end();
  await new Promise((resolve) => p.once('exit', resolve));
  return { ms, rss, settled };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-startup-'));
try {
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t);
  }
  const first: Run[] = [];
  const warm: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const db = path.join(dir, `first-${i}.db`);
    first.push(await once(db, i < settleRuns)); // creates the database and the demo shop
    warm.push(await once(db, i < settleRuns)); // an existing database
  }
  const settled = (rs: Run[]) =>
    rs.some((r) => r.settled !== undefined)
      ? `, settled after ${(settleMs / 1000).toFixed(0)} s ${median(rs.filter((r) => r.settled !== undefined).map((r) => r.settled!)).toFixed(0)} MB`
      : '';
  console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; median of ${runs}`);
  console.log(`node -e 0: ${median(bare).toFixed(0)} ms`);
  console.log(
    `existing database: initialize answered in ${median(warm.map((r) => r.ms)).toFixed(0)} ms, idle RSS ${median(warm.map((r) => r.rss)).toFixed(0)} MB${settled(warm)}`,
  );
  console.log(
    `first run (creates the demo shop): initialize answered in ${median(first.map((r) => r.ms)).toFixed(0)} ms, idle RSS ${median(first.map((r) => r.rss)).toFixed(0)} MB${settled(first)}`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
