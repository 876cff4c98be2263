/**
 * One node vs two nodes: the same HTTP read load (`data_list_products`) and write load (`sale_create`)
 * from N concurrent MCP SDK clients against
 *
 * - one Comptoir node (`startHttpServer`) on PostgreSQL with REDIS_URL set,
 * - two such nodes on the same PostgreSQL database and the same Redis, the clients spread round-robin
 *   over them (client i on node i mod 2, each client keeping its node and its session),
 * - and, for reference, one node on the same database without Redis (what Redis costs a node).
 *
 * Each node is a child process of its own (forked with the same tsx loader); the load generator is this
 * process. Rate limits are on but out of reach (1,000,000 per minute), so that their counters are kept
 * where a deployment keeps them (Redis, or memory without it). The scenarios run in rounds with a rotating
 * order and the median of the rounds is reported; at the end the shop's numbering is checked.
 *
 *   npx tsx bench/nodes.bench.ts [--duration 5] [--warmup 1] [--rounds 3] [--concurrency 20]
 *                                [--only read,write] [--skip-no-redis] [--pg URL] [--redis URL] [--json]
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Redis } from 'ioredis';
import { parseHttpConfig } from '../src/app/config.js';
import { createLogger } from '../src/app/logger.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { startHttpServer } from '../src/http/server.js';
import { createDemoShop } from '../src/modules/demo/demo.service.js';
import { createKey } from '../src/modules/keys/keys.service.js';
import {
  DEFAULT_PG,
  backendsCpuDelta,
  callOk,
  check,
  driveLoop,
  fmt,
  forkChild,
  machineBusyPct,
  machineCpu,
  machineInfo,
  markdownTable,
  median,
  medianOf,
  note,
  percentile,
  positive as positiveFlag,
  processCpuMicros,
  saleArgs,
  saleFixture,
  scratchPostgres,
  stockOf,
  type Child,
  type ScratchPg,
} from './common.js';
import '../src/app/listeners.js'; // the composition root's listeners of sales

const DEFAULT_REDIS = 'redis://127.0.0.1:6379';
const thisFile = fileURLToPath(import.meta.url);

interface NodeSetup {
  location: string;
  redisUrl?: string;
  redisPrefix: string;
}

interface CpuReply {
  type: 'cpu';
  micros: number;
}

/** Child: one Comptoir HTTP node. */
async function nodeProcess(setup: NodeSetup): Promise<void> {
  const send = process.send!.bind(process);
  const db = openDatabase({ location: setup.location });
  const config = parseHttpConfig(
    { port: '0' },
    {
      // on, so that the counters are kept (in Redis with REDIS_URL), but never reached
      COMPTOIR_RATE_LIMIT_PER_KEY: '1000000',
      COMPTOIR_RATE_LIMIT_PER_ADDRESS: '1000000',
      // all the bench's clients share one key
      COMPTOIR_MAX_SESSIONS_PER_KEY: '1000',
      COMPTOIR_REDIS_PREFIX: setup.redisPrefix,
      ...(setup.redisUrl ? { REDIS_URL: setup.redisUrl } : {}),
    },
  );
  const server = await startHttpServer({ db, logger: createLogger('silent'), config });
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'cpu') send({ type: 'cpu', micros: processCpuMicros() } satisfies CpuReply);
    if (m.type === 'stop')
      void server
        .shutdown()
        .then(() => db.destroy())
        .finally(() => {
          process.disconnect();
          process.exit(0);
        });
  });
  send({ type: 'ready', url: `${server.url}/mcp` });
}

const USAGE = `Usage: npx tsx bench/nodes.bench.ts [options]
  --duration <s>      measured seconds per run (default 5)
  --warmup <s>        unmeasured seconds before each run (default 1)
  --rounds <n>        rounds; every scenario runs once per round, order rotating (default 3)
  --concurrency <n>   concurrent clients, each with its own session, spread round-robin (default 20)
  --shops <n>         shops, one API key each; client i sells in shop i mod n (default 1, at most
                      --concurrency)
  --only <list>       read, write or both (default read,write)
  --skip-no-redis     leave out the reference node without Redis
  --pg <url>          PostgreSQL server (default $COMPTOIR_BENCH_PG or ${DEFAULT_PG});
                      a database comptoir_bench_* is created there and dropped at the end
  --redis <url>       Redis (default $COMPTOIR_BENCH_REDIS or ${DEFAULT_REDIS}); keys under a
                      comptoir_bench_* prefix, deleted at the end
  --json              print the results as JSON instead of a table`;

const positive = (name: string, text: string | undefined, integer: boolean, allowZero = false) =>
  positiveFlag(USAGE, name, text, integer, allowZero);

interface NodeHandle {
  name: string;
  url: string;
  child: Child;
}

interface Topology {
  id: string;
  nodes: NodeHandle[];
  clients: Client[];
}

interface RunResult {
  calls: number;
  errors: number;
  firstError?: string;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  /** CPU of all the topology's nodes per call, and of each node in % of one core */
  nodeCpuMsPerCall: number;
  nodeCpuPct: number[];
  pgCpuMsPerCall: number;
  clientCpuPct: number;
  machinePct?: number;
}

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '20' },
      shops: { type: 'string', default: '1' },
      only: { type: 'string', default: 'read,write' },
      'skip-no-redis': { type: 'boolean', default: false },
      pg: { type: 'string', default: process.env.COMPTOIR_BENCH_PG ?? DEFAULT_PG },
      redis: { type: 'string', default: process.env.COMPTOIR_BENCH_REDIS ?? DEFAULT_REDIS },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const loads = flags.only.split(',').map((x) => x.trim());
  if (loads.length === 0 || loads.some((l) => l !== 'read' && l !== 'write')) {
    console.error(`--only takes read, write or both\n${USAGE}`);
    process.exit(2);
  }
  const options = {
    durationS: positive('duration', flags.duration, false),
    warmupS: positive('warmup', flags.warmup, false, true),
    rounds: positive('rounds', flags.rounds, true),
    concurrency: positive('concurrency', flags.concurrency, true),
    shops: positive('shops', flags.shops, true),
    loads,
    noRedisReference: !flags['skip-no-redis'],
  };
  if (options.shops > options.concurrency) {
    console.error(`--shops must be at most --concurrency\n${USAGE}`);
    process.exit(2);
  }
  const redisPrefix = `comptoir_bench_${process.pid}_${randomBytes(4).toString('hex')}`;

  let scratch: ScratchPg | undefined;
  const children: Child[] = [];
  const clients: Client[] = [];
  const cleanup = async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    clients.length = 0;
    await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
    children.length = 0;
    // this run's keys only (sessions, rate-limit counters), by their prefix
    const redis = new Redis(flags.redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    } catch (err) {
      note(`redis cleanup: ${String(err)}`);
    } finally {
      redis.disconnect();
    }
    await scratch?.drop().catch((err: unknown) => note(`drop database: ${String(err)}`));
    scratch = undefined;
  };
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    note('interrupted: cleaning up...');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    scratch = await scratchPostgres(flags.pg);
    const db = openDatabase({ location: scratch.url });
    const shopIds: number[] = [];
    const keys: string[] = [];
    let stock: Map<number, number>;
    try {
      await migrateToLatest(db);
      const now = new Date();
      for (let i = 0; i < options.shops; i++) {
        const shopId = await createDemoShop(db, createLogger('silent'), now, {
          historyDays: 0,
          name: `Bench shop ${i + 1}`,
        });
        shopIds.push(shopId);
        keys.push((await createKey(db, { shopId, scopes: ['read', 'sell', 'admin'] }, now)).key);
      }
      stock = await stockOf(db);
    } finally {
      await db.destroy();
    }

    note('starting nodes (one child process each)...');
    const nodeA = await spawnNode('A', true);
    const nodeB = await spawnNode('B', true);
    const nodeC = options.noRedisReference ? await spawnNode('C', false) : undefined;

    async function spawnNode(name: string, redis: boolean): Promise<NodeHandle> {
      const setup: NodeSetup = {
        location: scratch!.url,
        redisPrefix,
        ...(redis ? { redisUrl: flags.redis } : {}),
      };
      const child = await forkChild(thisFile, ['node', JSON.stringify(setup)], `node ${name}`);
      children.push(child);
      return { name, url: String(child.ready.url), child };
    }

    const connect = async (topology: string, nodes: NodeHandle[]): Promise<Topology> => {
      const cs = await Promise.all(
        Array.from({ length: options.concurrency }, async (_, i) => {
          const node = nodes[i % nodes.length]!;
          const transport = new StreamableHTTPClientTransport(new URL(node.url), {
            requestInit: { headers: { Authorization: `Bearer ${keys[i % keys.length]}` } },
          });
          const client = new Client({ name: `bench-${topology}-${i}`, version: '1.0.0' });
          await client.connect(transport);
          return client;
        }),
      );
      clients.push(...cs);
      return { id: topology, nodes, clients: cs };
    };
    const topologies: Topology[] = [
      await connect('1 node', [nodeA]),
      await connect('2 nodes', [nodeA, nodeB]),
      ...(nodeC ? [await connect('1 node, no Redis', [nodeC])] : []),
    ];
    // client i sells in shop i mod --shops (its key's shop): the fixture of that shop
    const fixtures = await Promise.all(shopIds.map((_, s) => saleFixture(topologies[0]!.clients[s]!)));

    interface Scenario {
      id: string;
      load: string;
      topology: Topology;
      tool: string;
      args: (client: number, seq: number) => Record<string, unknown>;
    }
    const scenarios: Scenario[] = [];
    for (const load of options.loads)
      for (const topology of topologies)
        scenarios.push({
          id: `${load === 'read' ? 'data_list_products' : 'sale_create'}, ${topology.id}`,
          load,
          topology,
          tool: load === 'read' ? 'data_list_products' : 'sale_create',
          args: load === 'read' ? () => ({}) : (c, seq) => saleArgs(fixtures[c % fixtures.length]!, c, seq),
        });

    let acknowledged = 0;
    const drive = async (s: Scenario, seconds: number, seqBase: number, latencies?: number[]) => {
      const r = await driveLoop(
        s.topology.clients.length,
        async (c, seq) => {
          await callOk(s.topology.clients[c]!, s.tool, s.args(c, seqBase + seq));
          if (s.load === 'write') acknowledged += 1;
        },
        performance.now() + seconds * 1000,
        latencies,
      );
      return r;
    };
    const nodesCpu = (nodes: NodeHandle[]) =>
      Promise.all(nodes.map((n) => n.child.ask<CpuReply>({ type: 'cpu' }, 'cpu').then((r) => r.micros)));

    const results = new Map<string, RunResult[]>(scenarios.map((s) => [s.id, []]));
    let seqBase = 0;
    for (let round = 0; round < options.rounds && !interrupted; round++) {
      const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length]!);
      for (const s of order) {
        note(`round ${round + 1}/${options.rounds}: ${s.id}...`);
        if (options.warmupS > 0) await drive(s, options.warmupS, (seqBase += 100_000));
        const latencies: number[] = [];
        const cpu0 = await nodesCpu(s.topology.nodes);
        const pg0 = await scratch.backendsCpu();
        const m0 = machineCpu();
        const client0 = processCpuMicros();
        const started = performance.now();
        const r = await drive(s, options.durationS, (seqBase += 100_000), latencies);
        const ms = performance.now() - started;
        const clientMicros = processCpuMicros() - client0;
        const m1 = machineCpu();
        const pg1 = await scratch.backendsCpu();
        const cpu1 = await nodesCpu(s.topology.nodes);
        latencies.sort((a, b) => a - b);
        const nodeMs = cpu1.map((c, i) => (c - cpu0[i]!) / 1000);
        const result: RunResult = {
          calls: r.ok,
          errors: r.errors,
          firstError: r.firstError,
          seconds: ms / 1000,
          rate: r.ok / (ms / 1000),
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          nodeCpuMsPerCall: nodeMs.reduce((a, b) => a + b, 0) / r.ok,
          nodeCpuPct: nodeMs.map((x) => (x / ms) * 100),
          pgCpuMsPerCall: backendsCpuDelta(pg0, pg1) / r.ok,
          clientCpuPct: (clientMicros / 1000 / ms) * 100,
          machinePct: machineBusyPct(m0, m1),
        };
        results.get(s.id)!.push(result);
        note(
          `  ${r.ok} calls, ${result.rate.toFixed(0)}/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms` +
            (r.errors ? `, ${r.errors} errors (${r.firstError})` : ''),
        );
      }
    }

    // The numbering of the shop, sold through both nodes (and the reference node).
    const after = openDatabase({ location: scratch.url });
    const checked = await check(after, 'postgres', shopIds, acknowledged, stock).finally(() =>
      after.destroy(),
    );

    const summary = scenarios.map((s) => {
      const rs = results.get(s.id)!;
      return {
        tool: s.tool,
        topology: s.topology.id,
        calls: medianOf(rs, (r) => r.calls)!,
        seconds: medianOf(rs, (r) => r.seconds)!,
        callsPerSecond: medianOf(rs, (r) => r.rate)!,
        p50Ms: medianOf(rs, (r) => r.p50),
        p99Ms: medianOf(rs, (r) => r.p99),
        errors: rs.reduce((a, r) => a + r.errors, 0),
        firstError: rs.find((r) => r.firstError)?.firstError,
        nodeCpuMsPerCall: medianOf(rs, (r) => r.nodeCpuMsPerCall),
        nodeCpuPct: s.topology.nodes.map((_, i) => medianOf(rs, (r) => r.nodeCpuPct[i])),
        pgCpuMsPerCall: medianOf(rs, (r) => r.pgCpuMsPerCall),
        clientCpuPct: medianOf(rs, (r) => r.clientCpuPct),
        machinePct: medianOf(rs, (r) => r.machinePct),
      };
    });
    // Two nodes against one, paired per round (neighbouring runs), then the median.
    const gains = options.loads.map((load) => {
      const tool = load === 'read' ? 'data_list_products' : 'sale_create';
      const one = results.get(`${tool}, 1 node`)!;
      const two = results.get(`${tool}, 2 nodes`)!;
      return {
        tool,
        throughput: median(two.map((r, i) => r.rate / one[i]!.rate)),
        p99: median(two.map((r, i) => r.p99 / one[i]!.p99)),
      };
    });
    const machine = machineInfo();

    if (flags.json) {
      console.log(
        JSON.stringify(
          { options, machine, summary, gains, check: checked, rounds: Object.fromEntries(results) },
          null,
          2,
        ),
      );
      return;
    }
    console.log(
      `\n${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; load average ${machine.loadAverage.join(' ')}; ` +
        `${options.concurrency} clients on ${options.shops} shop(s); ${options.durationS} s per run after ${options.warmupS} s warm-up; ` +
        `median of ${options.rounds} rounds; nodes in child processes on one PostgreSQL database\n`,
    );
    console.log(
      markdownTable(
        [
          'tool',
          'nodes',
          'calls',
          'seconds',
          'calls/s',
          'p50 ms',
          'p99 ms',
          'errors',
          'node CPU ms/call',
          'node CPU %',
          'PG CPU ms/call',
          'client CPU %',
          'machine CPU %',
        ],
        summary.map((r) => [
          r.tool,
          r.topology,
          fmt(r.calls, 0),
          fmt(r.seconds, 2),
          fmt(r.callsPerSecond, 0),
          fmt(r.p50Ms, 2),
          fmt(r.p99Ms, 2),
          String(r.errors),
          fmt(r.nodeCpuMsPerCall, 3),
          r.nodeCpuPct.map((x) => fmt(x, 0)).join(' + '),
          fmt(r.pgCpuMsPerCall, 3),
          fmt(r.clientCpuPct, 0),
          fmt(r.machinePct, 0),
        ]),
      ),
    );
    for (const r of summary.filter((x) => x.firstError))
      console.log(`\n${r.tool}, ${r.topology}: first error: ${r.firstError}`);
    console.log('');
    for (const g of gains)
      console.log(
        `${g.tool}: 2 nodes / 1 node = ×${g.throughput.toFixed(2)} throughput, ×${g.p99.toFixed(2)} p99`,
      );
    console.log(
      `numbering: ${checked.orders} orders, ${checked.acknowledged} sales acknowledged, ` +
        `${checked.badShops.length === 0 ? `gap-free and without duplicates in ${checked.shops} shop(s)` : `WRONG ${JSON.stringify(checked.badShops)}`}; ` +
        `${checked.unnumbered} unnumbered orders; stock ${checked.stockMismatches === 0 ? 'consistent' : `WRONG for ${checked.stockMismatches} products`}`,
    );
  } finally {
    await cleanup();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  const run = process.argv[2] === 'node' ? nodeProcess(JSON.parse(process.argv[3]!) as NodeSetup) : main();
  run.catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
