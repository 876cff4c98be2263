/**
 * HTTP benchmark: tool calls per second and latency over Streamable HTTP, N concurrent SDK clients (each
 * its own `Client` + `StreamableHTTPClientTransport` and its own initialized session), for
 *
 * - `data_list_products` (read) on Comptoir's real HTTP server,
 * - `sale_create` (write: 2-3 product lines by id, paid by a payment method, a unique idempotencyKey),
 * - `echo` on a minimal SDK server (bench/http.servers.ts), the reference,
 * - and `data_list_products` again on a Comptoir server logging at the production level `info`.
 *
 * The figure that matters is the ratio of a Comptoir tool's throughput to echo's. Each server runs in a
 * process of its own (the load generator is this process), the scenarios are run in rounds with a
 * rotating order, and the median of the rounds is reported. See docs/BENCHMARKS.md.
 *
 *   npx tsx bench/http.bench.ts [--duration 5] [--calls N] [--concurrency 20] [--warmup 1] [--rounds 3]
 *                               [--json] [--skip-info] [--in-process] [--cpu-prof DIR]
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { LevelWithSilent } from 'pino';
import {
  callOk,
  fmt,
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
} from './common.js';
import { startServer, type ServerKind, type ServerMessage, type StartedServer } from './http.servers.js';

const USAGE = `Usage: npx tsx bench/http.bench.ts [options]
  --duration <s>      measured seconds per run (default 5)
  --calls <n>         calls per client per run instead of a duration
  --concurrency <n>   concurrent clients, each with its own session (default 20)
  --warmup <s>        unmeasured seconds before each run (default 1)
  --rounds <n>        rounds; every scenario runs once per round, order rotating (default 3)
  --only <list>       run only these scenarios besides echo: read, write, info (e.g. --only read)
  --diagnose          add runs that split the gap: echo on Comptoir's HTTP stack, data_list_products
                      on the echo's plain hosting, and its answer (computed once) on the plain hosting
  --skip-info         leave out the data_list_products run on a server logging at level info
  --in-process        host the servers in this process instead of one child process each
  --cpu-prof <dir>    run the server processes with node --cpu-prof, profiles in <dir>/<server>/
  --read-limit <n>    page size of the data_list_products calls (default: the tool's default, 100 rows)
  --json              print the results as JSON instead of a table`;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    calls: { type: 'string' },
    concurrency: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    'skip-info': { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
    'read-limit': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const readArgs = (): Record<string, unknown> =>
  flags['read-limit'] === undefined ? {} : { limit: Number(flags['read-limit']) };
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

const positive = (name: string, text: string | undefined, integer: boolean, allowZero = false) =>
  positiveFlag(USAGE, name, text, integer, allowZero);

const options = {
  durationS: positive('duration', flags.duration, false),
  callsPerClient: flags.calls === undefined ? undefined : positive('calls', flags.calls, true),
  concurrency: positive('concurrency', flags.concurrency, true),
  warmupS: positive('warmup', flags.warmup, false, true),
  rounds: positive('rounds', flags.rounds, true),
  only: flags.only?.split(',').map((x) => x.trim()),
  info:
    !flags['skip-info'] &&
    !flags['in-process'] &&
    (flags.only === undefined || flags.only.split(',').some((x) => x.trim() === 'info')),
  inProcess: flags['in-process'],
  diagnose: flags.diagnose,
  cpuProf: flags['cpu-prof'],
};

// ---------------------------------------------------------------------------------------------------
// Servers: one child process each (or in this process with --in-process)

interface ServerHandle {
  name: string;
  url: string;
  key?: string;
  /** CPU time (µs) and heap in use (bytes) of the server process (undefined in process) */
  usage: () => Promise<{ micros: number; heapUsed: number } | undefined>;
  stop: () => Promise<void>;
}

const serversFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'http.servers.ts');

function spawnServer(name: string, kind: ServerKind, level: LevelWithSilent): Promise<ServerHandle> {
  const profile = options.cpuProf
    ? // one folder per server: tsx's loader thread writes a profile of its own next to the main thread's
      ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProf, name)}`]
    : [];
  // process.execArgv carries tsx's loader; the logs of an `info` server go to /dev/null (a cost of
  // formatting and writing them, not of a consumer reading them).
  const child: ChildProcess = fork(serversFile, [kind, level], {
    execArgv: [...process.execArgv, ...profile],
    stdio: ['ignore', 'inherit', level === 'silent' ? 'inherit' : 'ignore', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`server ${name} exited (code ${code})`));
    child.once('exit', failed);
    child.once('message', (m: ServerMessage) => {
      if (m.type !== 'ready') return reject(new Error(`server ${name}: unexpected message ${m.type}`));
      child.off('exit', failed);
      resolve({
        name,
        url: m.url,
        key: m.key,
        usage: () =>
          new Promise((res) => {
            const on = (r: ServerMessage) => {
              if (r.type !== 'cpu') return;
              child.off('message', on);
              res({ micros: r.micros, heapUsed: r.heapUsed });
            };
            child.on('message', on);
            child.send({ type: 'cpu' });
          }),
        stop: () =>
          new Promise<void>((res) => {
            child.once('exit', () => res());
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}

async function inProcessServer(name: string, kind: ServerKind): Promise<ServerHandle> {
  const s: StartedServer = await startServer(kind, 'silent');
  return { name, url: s.url, key: s.key, usage: async () => undefined, stop: s.stop };
}

// ---------------------------------------------------------------------------------------------------
// Clients and scenarios

async function connectClients(server: ServerHandle, n: number): Promise<Client[]> {
  const headers: Record<string, string> = server.key ? { Authorization: `Bearer ${server.key}` } : {};
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } });
      const client = new Client({ name: `bench-${server.name}-${i}`, version: '1.0.0' });
      await client.connect(transport);
      return client;
    }),
  );
}

interface Scenario {
  /** short name for --only */
  key: 'echo' | 'read' | 'write' | 'info' | 'diagnose';
  id: string;
  tool: string;
  server: string;
  args: (client: number, seq: number) => Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------
// Runs

interface RunResult {
  calls: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  /** server CPU per call (ms) and CPU use of the server and of this process, in % of one core */
  serverCpuMsPerCall?: number;
  serverCpuPct?: number;
  clientCpuPct: number;
  /** V8 heap in use in the server process at the end of the run, MB */
  serverHeapMb?: number;
}

/** Every client calls in a loop until the deadline (or its number of calls); latencies when recorded. */
async function drive(
  clients: Client[],
  scenario: Scenario,
  until: { deadline?: number; calls?: number },
  latencies?: number[],
): Promise<number> {
  let done = 0;
  await Promise.all(
    clients.map(async (client, c) => {
      for (let seq = 0; ; seq++) {
        if (until.calls !== undefined ? seq >= until.calls : performance.now() >= until.deadline!) break;
        const args = scenario.args(c, seq);
        const started = performance.now();
        await callOk(client, scenario.tool, args);
        latencies?.push(performance.now() - started);
        done += 1;
      }
    }),
  );
  return done;
}

async function run(scenario: Scenario, clients: Client[], server: ServerHandle): Promise<RunResult> {
  if (options.warmupS > 0)
    await drive(clients, scenario, { deadline: performance.now() + options.warmupS * 1000 });
  const latencies: number[] = [];
  const usage0 = await server.usage();
  const clientCpu0 = processCpuMicros();
  const started = performance.now();
  const calls = await drive(
    clients,
    scenario,
    options.callsPerClient !== undefined
      ? { calls: options.callsPerClient }
      : { deadline: started + options.durationS * 1000 },
    latencies,
  );
  const ms = performance.now() - started;
  const clientCpu = processCpuMicros() - clientCpu0;
  const usage1 = await server.usage();
  latencies.sort((a, b) => a - b);
  const serverCpu = usage0 && usage1 ? usage1.micros - usage0.micros : undefined;
  return {
    calls,
    seconds: ms / 1000,
    rate: calls / (ms / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverCpuMsPerCall: serverCpu === undefined ? undefined : serverCpu / 1000 / calls,
    serverCpuPct: serverCpu === undefined ? undefined : (serverCpu / 1000 / ms) * 100,
    clientCpuPct: (clientCpu / 1000 / ms) * 100,
    serverHeapMb: usage1 && usage1.heapUsed / 2 ** 20,
  };
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const servers: ServerHandle[] = [];
  const start = (name: string, kind: ServerKind, level: LevelWithSilent) =>
    options.inProcess ? inProcessServer(name, kind) : spawnServer(name, kind, level);
  const allClients: Client[] = [];
  try {
    note(`starting servers (${options.inProcess ? 'in this process' : 'one child process each'})...`);
    const names: [string, ServerKind, LevelWithSilent][] = [
      ['echo', 'echo', 'silent'],
      ['comptoir', 'comptoir', 'silent'],
      ...(options.info
        ? [['comptoir-info', 'comptoir', 'info'] as [string, ServerKind, LevelWithSilent]]
        : []),
      ...(options.diagnose
        ? [
            ['stack-echo', 'stack-echo', 'silent'] as [string, ServerKind, LevelWithSilent],
            ['plain-tools', 'plain-tools', 'silent'] as [string, ServerKind, LevelWithSilent],
            ['plain-static', 'plain-static', 'silent'] as [string, ServerKind, LevelWithSilent],
          ]
        : []),
    ];
    servers.push(...(await Promise.all(names.map(([n, k, l]) => start(n, k, l)))));
    const byName = new Map(servers.map((s) => [s.name, s]));
    const clients = new Map<string, Client[]>();
    for (const s of servers) {
      const cs = await connectClients(s, options.concurrency);
      clients.set(s.name, cs);
      allClients.push(...cs);
    }
    const fixture = await saleFixture(clients.get('comptoir')![0]!);

    const every: Scenario[] = [
      { key: 'echo', id: 'echo', tool: 'echo', server: 'echo', args: () => ({ text: 'hello' }) },
      {
        key: 'read',
        id: 'data_list_products',
        tool: 'data_list_products',
        server: 'comptoir',
        args: readArgs,
      },
      {
        key: 'write',
        id: 'sale_create',
        tool: 'sale_create',
        server: 'comptoir',
        args: (c, seq) => saleArgs(fixture, c, seq),
      },
      ...(options.info
        ? [
            {
              key: 'info' as const,
              id: 'data_list_products (log info)',
              tool: 'data_list_products',
              server: 'comptoir-info',
              args: readArgs,
            },
          ]
        : []),
      ...(options.diagnose
        ? [
            {
              key: 'diagnose' as const,
              id: 'echo on Comptoir HTTP stack',
              tool: 'echo',
              server: 'stack-echo',
              args: () => ({ text: 'hello' }),
            },
            {
              key: 'diagnose' as const,
              id: 'data_list_products on plain hosting',
              tool: 'data_list_products',
              server: 'plain-tools',
              args: readArgs,
            },
            {
              key: 'diagnose' as const,
              id: 'same answer, no work, plain hosting',
              tool: 'products_static',
              server: 'plain-static',
              args: readArgs,
            },
          ]
        : []),
    ];
    const scenarios = every.filter(
      (s) => s.key === 'echo' || s.key === 'diagnose' || !options.only || options.only.includes(s.key),
    );

    const results = new Map<string, RunResult[]>(scenarios.map((s) => [s.id, []]));
    for (let round = 0; round < options.rounds; round++) {
      // Rotate the order every round, so that no scenario always runs first (cold) or last (drifted).
      const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length]!);
      for (const s of order) {
        note(`round ${round + 1}/${options.rounds}: ${s.id}...`);
        const r = await run(s, clients.get(s.server)!, byName.get(s.server)!);
        results.get(s.id)!.push(r);
        note(
          `  ${r.calls} calls, ${r.rate.toFixed(0)} calls/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`,
        );
      }
    }

    const echo = results.get('echo')!;
    const summary = scenarios.map((s) => {
      const rs = results.get(s.id)!;
      return {
        tool: s.id,
        calls: medianOf(rs, (r) => r.calls)!,
        seconds: medianOf(rs, (r) => r.seconds)!,
        callsPerSecond: medianOf(rs, (r) => r.rate)!,
        p50Ms: medianOf(rs, (r) => r.p50)!,
        p99Ms: medianOf(rs, (r) => r.p99)!,
        // paired per round (same round, neighbouring runs), then the median
        ratioToEcho: median(rs.map((r, i) => r.rate / echo[i]!.rate)),
        serverCpuMsPerCall: medianOf(rs, (r) => r.serverCpuMsPerCall),
        serverCpuPct: medianOf(rs, (r) => r.serverCpuPct),
        clientCpuPct: medianOf(rs, (r) => r.clientCpuPct)!,
        serverHeapMb: medianOf(rs, (r) => r.serverHeapMb),
      };
    });
    // the fields this benchmark has always reported (no load average)
    const { cpus, cpuModel, memoryGb, node, platform } = machineInfo();
    const machine = { cpus, cpuModel, memoryGb, node, platform };

    if (flags.json) {
      console.log(
        JSON.stringify({ options, machine, summary, rounds: Object.fromEntries(results) }, null, 2),
      );
      return;
    }
    const header = [
      'tool',
      'calls',
      'seconds',
      'calls/s',
      'p50 ms',
      'p99 ms',
      'ratio to echo',
      'server CPU ms/call',
      'server CPU %',
      'client CPU %',
      'server heap MB',
    ];
    const rows = summary.map((r) => [
      r.tool,
      fmt(r.calls, 0),
      fmt(r.seconds, 2),
      fmt(r.callsPerSecond, 0),
      fmt(r.p50Ms, 2),
      fmt(r.p99Ms, 2),
      fmt(r.ratioToEcho, 2),
      fmt(r.serverCpuMsPerCall, 3),
      fmt(r.serverCpuPct, 0),
      fmt(r.clientCpuPct, 0),
      fmt(r.serverHeapMb, 0),
    ]);
    console.log(
      `\n${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; ${options.concurrency} clients; ` +
        `${options.callsPerClient !== undefined ? `${options.callsPerClient} calls per client` : `${options.durationS} s`} ` +
        `per run after ${options.warmupS} s warm-up; median of ${options.rounds} rounds; ` +
        `servers ${options.inProcess ? 'in process' : 'in child processes'}\n`,
    );
    console.log(markdownTable(header, rows));
    const read = summary.find((r) => r.tool === 'data_list_products');
    if (read)
      console.log(
        `\nread throughput / echo throughput = ${read.ratioToEcho.toFixed(2)} (target ≥ 0.80)` +
          (read.serverCpuMsPerCall !== undefined && summary[0]!.serverCpuMsPerCall !== undefined
            ? `; server CPU per call: echo ${summary[0]!.serverCpuMsPerCall.toFixed(3)} ms, ` +
              `read ${read.serverCpuMsPerCall.toFixed(3)} ms`
            : ''),
      );
  } finally {
    await Promise.all(allClients.map((c) => c.close().catch(() => undefined)));
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
