/**
 * Helpers shared by the benchmark scripts (bench/db.bench.ts, bench/nodes.bench.ts, bench/http.bench.ts,
 * bench/http.servers.ts): statistics, tables, CPU sampling, scratch PostgreSQL databases, child
 * processes, sales through the tools, and the numbering check. No side effects at import.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Client } from '@modelcontextprotocol/client';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../src/db/database.js';

export const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Progress goes to stderr so that --json output stays clean. */
export const note = (text: string) => process.stderr.write(`${text}\n`);

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function medianOf<R>(rs: R[], f: (r: R) => number | undefined): number | undefined {
  const xs = rs.map(f).filter((x): x is number => x !== undefined && Number.isFinite(x));
  return xs.length === 0 ? undefined : median(xs);
}

export const fmt = (x: number | undefined, digits: number) =>
  x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);

export function markdownTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** CPU time (user + system) of this process, in microseconds. */
export const processCpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Busy and total jiffies of the whole machine (/proc/stat; zeros elsewhere). */
export function machineCpu(): { busy: number; total: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** Busy share of the whole machine between two samples, in % of all its cores. */
export const machineBusyPct = (a: { busy: number; total: number }, b: { busy: number; total: number }) =>
  b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * 100 : undefined;

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** user + system CPU of a process from /proc, in ms (undefined if it is gone or not readable). */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/**
 * A scratch PostgreSQL database (`comptoir_bench_<pid>_<random>`) on the server of `serverUrl`, and the
 * CPU its backends use: PostgreSQL runs on this machine, so /proc tells the CPU time of the server
 * processes connected to this database (and of no other database's, e.g. tests running meanwhile).
 */
export interface ScratchPg {
  url: string;
  name: string;
  /** CPU ms of every backend connected to the database now, by pid */
  backendsCpu: () => Promise<Map<number, number>>;
  drop: () => Promise<void>;
}

export async function scratchPostgres(
  serverUrl: string,
  settings: Record<string, string> = {},
): Promise<ScratchPg> {
  const name = `comptoir_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  // settings of this database only (e.g. synchronous_commit), for the connections opened after
  for (const [key, value] of Object.entries(settings))
    await admin.query(`alter database ${name} set ${key} = ${admin.escapeLiteral(value)}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    backendsCpu: async () => {
      const { rows } = await admin.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1',
        [name],
      );
      const cpu = new Map<number, number>();
      for (const { pid } of rows) {
        const ms = procCpuMs(pid);
        if (ms !== undefined) cpu.set(pid, ms);
      }
      return cpu;
    },
    drop: async () => {
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** CPU ms the backends used between two samples (a backend opened meanwhile counts from 0). */
export function backendsCpuDelta(a: Map<number, number>, b: Map<number, number>): number {
  let ms = 0;
  for (const [pid, end] of b) ms += end - (a.get(pid) ?? 0);
  return ms;
}

/** A child process of a bench file (forked with the same tsx loader), spoken to over IPC. */
export interface Child {
  process: ChildProcess;
  /** the child's `ready` message (it may say where it listens) */
  ready: Record<string, unknown>;
  /** sends `message` and resolves with the first message of type `reply` */
  ask: <T>(message: Record<string, unknown>, reply: string) => Promise<T>;
  stop: () => Promise<void>;
}

export function forkChild(
  file: string,
  args: string[],
  name: string,
  env?: NodeJS.ProcessEnv,
): Promise<Child> {
  const child = fork(file, args, {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: env ?? process.env,
  });
  const ask = <T>(message: Record<string, unknown>, reply: string) =>
    new Promise<T>((resolve, reject) => {
      const failed = (code: number | null) => reject(new Error(`${name} exited (code ${code})`));
      const on = (m: { type?: string; error?: string }) => {
        if (m.type === 'error') {
          child.off('message', on);
          child.off('exit', failed);
          reject(new Error(`${name}: ${m.error}`));
        } else if (m.type === reply) {
          child.off('message', on);
          child.off('exit', failed);
          resolve(m as T);
        }
      };
      child.on('message', on);
      child.once('exit', failed);
      if (Object.keys(message).length > 0) child.send(message);
    });
  return ask<{ type: 'ready' } & Record<string, unknown>>({}, 'ready').then((ready) => ({
    process: child,
    ready,
    ask,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  }));
}

/** Machine description printed with every table. */
export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

export interface SaleFixture {
  productIds: number[];
  payment: number;
}

interface ToolResult {
  isError?: boolean;
  content?: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

/** Calls a tool; a tool error becomes an exception with its text. */
export async function callOk(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolResult> {
  const r = (await client.callTool({ name, arguments: args })) as ToolResult;
  if (r.isError) throw new Error(`${name} failed: ${(r.content ?? []).map((c) => c.text).join(' ')}`);
  return r;
}

/** The simple products and a payment method of the shop, read through the tools themselves. */
export async function saleFixture(client: Client): Promise<SaleFixture> {
  const products = (await callOk(client, 'data_list_products', { limit: 500 })).structuredContent as {
    items: { id: number; variationGroups: unknown[] }[];
  };
  const modes = (await callOk(client, 'data_list_payments_modes', {})).structuredContent as {
    items: { id: number; refund: boolean }[];
  };
  const productIds = products.items.filter((p) => p.variationGroups.length === 0).map((p) => p.id);
  const payment = modes.items.find((m) => !m.refund)?.id;
  if (productIds.length < 3 || payment === undefined)
    throw new Error('the demo shop has no 3 simple products or no payment method');
  return { productIds, payment };
}

/** A realistic paid sale: 2 or 3 lines by productId (quantities 1-2), a payment method, a fresh key. */
export function saleArgs(fixture: SaleFixture, writer: number, seq: number): Record<string, unknown> {
  const ids = fixture.productIds;
  const lines = 2 + ((writer + seq) % 2);
  const base = (writer * 7 + seq * 3) % ids.length;
  return {
    items: Array.from({ length: lines }, (_, j) => ({
      productId: ids[(base + j) % ids.length],
      quantity: 1 + ((seq + j) % 2),
    })),
    payment: fixture.payment,
    idempotencyKey: randomUUID(),
  };
}

/** What one measured run saw, from the caller's side. */
export interface CallStats {
  calls: number;
  errors: number;
  firstError?: string;
  ms: number;
  p50: number;
  p99: number;
}

/**
 * Every worker calls in a loop, one call at a time, until the deadline; an error is counted (and the
 * first one kept), not thrown, so that a deadlock or a lost race shows in the figures.
 */
export async function driveLoop(
  workers: number,
  call: (worker: number, seq: number) => Promise<unknown>,
  deadline: number,
  latencies?: number[],
): Promise<{ ok: number; errors: number; firstError?: string }> {
  let ok = 0;
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let seq = 0; performance.now() < deadline; seq++) {
        const started = performance.now();
        try {
          await call(w, seq);
          latencies?.push(performance.now() - started);
          ok += 1;
        } catch (err) {
          errors += 1;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  return { ok, errors, firstError };
}

/** A numeric flag, or the usage and exit code 2 if it is not a (whole) number (above 0 unless allowZero). */
export function positive(
  usage: string,
  name: string,
  text: string | undefined,
  integer: boolean,
  allowZero = false,
): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0) || (integer && !Number.isInteger(n))) {
    console.error(
      `--${name} must be a ${integer ? 'whole ' : ''}number${allowZero ? '' : ' above 0'}\n${usage}`,
    );
    process.exit(2);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------
// The numbering and stock check (bench/db.bench.ts and bench/nodes.bench.ts)

export type Engine = 'sqlite' | 'postgres';

export interface Check {
  engine: Engine;
  shops: number;
  orders: number;
  acknowledged: number;
  gapFreeShops: number;
  badShops: {
    shopId: number;
    orders: number;
    first: number;
    last: number;
    distinct: number;
    counter: number;
  }[];
  unnumbered: number;
  stockMismatches: number;
}

/** The stock of every product that tracks it, by product id (taken before the runs, for `check`). */
export async function stockOf(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('products')
    .select(['id', 'stock'])
    .where('stock', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.stock!]));
}

/** Numbering per shop, orders against acknowledged sales, stock against the lines sold. */
export async function check(
  db: Db,
  engine: Engine,
  shopIds: number[],
  acknowledged: number,
  initialStock: Map<number, number>,
): Promise<Check> {
  const per = await sql<{ shop_id: number; n: number; lo: number; hi: number; d: number; counter: number }>`
    select s.id as shop_id, count(o.number) as n, coalesce(min(o.number), 0) as lo,
           coalesce(max(o.number), 0) as hi, count(distinct o.number) as d, s.last_order_number as counter
    from shops s left join orders o on o.shop_id = s.id and o.number is not null
    group by s.id, s.last_order_number`.execute(db);
  const bad = per.rows
    .map((r) => ({
      shopId: Number(r.shop_id),
      orders: Number(r.n),
      first: Number(r.lo),
      last: Number(r.hi),
      distinct: Number(r.d),
      counter: Number(r.counter),
    }))
    .filter(
      (r) =>
        !(
          r.distinct === r.orders &&
          r.last === r.orders &&
          r.counter === r.orders &&
          (r.orders === 0 || r.first === 1)
        ),
    );
  const unnumbered = await sql<{ n: number }>`select count(*) as n from orders where number is null`.execute(
    db,
  );
  const stock = await sql<{ id: number; stock: number; sold: number }>`
    select p.id, p.stock, coalesce((select sum(l.quantity) from order_lines l where l.product_id = p.id), 0) as sold
    from products p where p.stock is not null`.execute(db);
  const stockMismatches = stock.rows.filter(
    (r) => initialStock.get(Number(r.id)) !== Number(r.stock) + Number(r.sold),
  ).length;
  const orders = per.rows.reduce((a, r) => a + Number(r.n), 0);
  return {
    engine,
    shops: shopIds.length,
    orders,
    acknowledged,
    gapFreeShops: per.rows.length - bad.length,
    badShops: bad,
    unnumbered: Number(unnumbered.rows[0]?.n ?? 0),
    stockMismatches,
  };
}
