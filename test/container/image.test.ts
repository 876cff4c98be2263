/**
 * The container image, built from the Dockerfile and run with a real engine (podman or docker), driven
 * by the MCP client over HTTP: alone on SQLite in a volume, and on PostgreSQL and Redis.
 *
 * `npm run test:container` (COMPTOIR_TEST_CONTAINER=podman|docker; .ci/run runs it after `npm test`).
 * No image registry is reachable here, so the Node.js base image is made first from Debian's packages
 * and the npm registry by scripts/container-base.sh (root, debootstrap), once per machine. The image
 * builds with npm ci inside, about two minutes.
 *
 * This machine's kernel refuses to raise an rlimit (no CAP_SYS_RESOURCE), and podman asks for a higher
 * RLIMIT_NOFILE and RLIMIT_NPROC by default: the containers get explicit limits within the current ones.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { promisify } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDatabase } from '../helpers.js';

const engine = process.env.COMPTOIR_TEST_CONTAINER ?? '';
const exec = promisify(execFile);
const run = `${Date.now().toString(36)}${process.pid}`;
const image = `localhost/comptoir:test-${run}`;
const base = 'localhost/comptoir-node:20';
const names: string[] = [];
const volumes: string[] = [];

async function sh(args: string[], options: { allowFail?: boolean; timeout?: number } = {}) {
  try {
    const { stdout, stderr } = await exec(engine, args, {
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeout ?? 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (!options.allowFail)
      throw new Error(`${engine} ${args.join(' ')}: ${e.stderr ?? String(err)}`, { cause: err });
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function limits(): Promise<string[]> {
  const { stdout } = await exec('bash', ['-c', 'ulimit -Hn; ulimit -Hu']);
  const [files, procs] = stdout.trim().split('\n');
  const cap = (v: string | undefined, want: number) => (v === 'unlimited' ? want : Math.min(Number(v), want));
  const n = cap(files, 65536);
  const p = cap(procs, 4096);
  return ['--ulimit', `nofile=${Math.min(1024, n)}:${n}`, '--ulimit', `nproc=${p}:${p}`];
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  return port;
}

async function waitReady(url: string, name: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.ok) return;
    const state = await sh(['inspect', '--format', '{{.State.Status}}', name], { allowFail: true });
    if (state.stdout.trim() === 'exited') {
      const logs = await sh(['logs', name], { allowFail: true });
      throw new Error(`container ${name} exited: ${logs.stdout}${logs.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never answered`);
}

async function connect(mcp: string, key: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(mcp), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  const client = new Client({ name: 'container-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function tool<T>(client: Client, name: string, args: Record<string, unknown>): Promise<T> {
  const r = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    structuredContent?: T;
  };
  expect(r.isError, JSON.stringify(r)).toBeFalsy();
  return r.structuredContent!;
}

async function keyFor(args: string[]): Promise<string> {
  const out = await sh(args);
  const key = /cpt_[A-Za-z0-9_-]+/.exec(out.stdout)?.[0];
  expect(key, out.stdout).toBeDefined();
  return key!;
}

describe.skipIf(!engine)(`the container image (${engine || 'no engine'})`, { timeout: 900_000 }, () => {
  let ulimits: string[] = [];

  beforeAll(async () => {
    ulimits = await limits();
    if ((await sh(['image', 'inspect', base], { allowFail: true })).code !== 0) {
      const ca = process.env.NODE_EXTRA_CA_CERTS;
      await exec('scripts/container-base.sh', ['--engine', engine, ...(ca ? ['--ca-file', ca] : [])], {
        timeout: 600_000,
        maxBuffer: 64 * 1024 * 1024,
      });
    }
    const format = engine === 'podman' ? ['--format', 'docker'] : [];
    await sh(['build', ...format, ...ulimits, '--build-arg', `NODE_IMAGE=${base}`, '-t', image, '.'], {
      timeout: 900_000,
    });
  }, 1_200_000);

  afterAll(async () => {
    for (const name of names) await sh(['rm', '-f', name], { allowFail: true });
    for (const volume of volumes) await sh(['volume', 'rm', '-f', volume], { allowFail: true });
    await sh(['rmi', '-f', image], { allowFail: true });
  });

  it('runs as a non-root user, keeps /data in a volume, checks its health on /ready', async () => {
    const { stdout } = await sh(['image', 'inspect', image]);
    type Health = { Test: string[] };
    const inspected = (JSON.parse(stdout) as { Config: Record<string, unknown>; Healthcheck?: Health }[])[0]!;
    const config = inspected.Config as {
      User: string;
      Env: string[];
      Volumes: Record<string, unknown>;
      ExposedPorts: Record<string, unknown>;
      Healthcheck?: Health;
    };
    // docker keeps the health check in Config, podman beside it
    const health = config.Healthcheck ?? inspected.Healthcheck;
    expect(config.User).toBe('comptoir');
    expect(Object.keys(config.Volumes)).toEqual(['/data']);
    expect(Object.keys(config.ExposedPorts)).toEqual(['8787/tcp']);
    expect(config.Env).toEqual(
      expect.arrayContaining([
        'COMPTOIR_DB=/data/comptoir.db',
        'COMPTOIR_HOST=0.0.0.0',
        'COMPTOIR_ALLOWED_HOSTS=localhost,127.0.0.1',
      ]),
    );
    expect(health?.Test.join(' ')).toContain('/ready');
  });

  it('alone, on SQLite in a volume: init, a key, a sale over HTTP, a graceful stop, the sale kept', async () => {
    const volume = `comptoir-test-${run}`;
    volumes.push(volume);
    await sh(['volume', 'create', volume]);
    const one = ['run', '--rm', ...ulimits, '-v', `${volume}:/data`, image];
    await sh([...one, 'init']);
    const key = await keyFor([...one, 'keys', 'create', '--shop', '1', '--scopes', 'read,sell']);

    const start = async (name: string) => {
      names.push(name);
      await sh([
        'run',
        '-d',
        '--name',
        name,
        ...ulimits,
        '-v',
        `${volume}:/data`,
        '-p',
        '127.0.0.1::8787',
        image,
      ]);
      const port = (await sh(['port', name, '8787/tcp'])).stdout.trim().split('\n')[0]!.split(':').pop();
      const url = `http://127.0.0.1:${port}`;
      await waitReady(`${url}/ready`, name);
      return url;
    };
    const first = `comptoir-a-${run}`;
    const url = await start(first);

    // The image's own health check passes, run as the engine runs it
    const { stdout } = await sh(['inspect', '--format', '{{json .Config.Healthcheck.Test}}', first]);
    const check = (JSON.parse(stdout) as string[]).slice(1);
    expect((await sh(['exec', first, ...check], { allowFail: true })).code).toBe(0);
    expect((await sh(['exec', first, 'id', '-u'])).stdout.trim()).toBe('10001');
    expect((await sh(['exec', first, 'stat', '-c', '%u %a', '/data/comptoir.db'])).stdout.trim()).toMatch(
      /^10001 /,
    );

    const client = await connect(`${url}/mcp`, key);
    const sale = await tool<{ id: number; total: number }>(client, 'sale_create', {
      items: [{ productName: 'Café', quantity: 2 }],
      payment: 'card',
      idempotencyKey: `container-${run}`,
    });
    expect(sale.total).toBeGreaterThan(0);
    await client.close();

    // SIGTERM: the server drains and exits 0 well before the engine would kill it
    await sh(['stop', '-t', '30', first]);
    const exited = await sh(['inspect', '--format', '{{.State.ExitCode}}', first]);
    expect(exited.stdout.trim()).toBe('0');

    const again = await connect(`${await start(`comptoir-b-${run}`)}/mcp`, key);
    const orders = await tool<{ items: { id: number }[] }>(again, 'data_list_orders', {});
    expect(orders.items.map((o) => o.id)).toContain(sale.id);
    await again.close();
  });

  it('on PostgreSQL and Redis: migrates, serves, and a bad database URL stops it with one line and exit 2', async () => {
    const db = await newDatabase('container');
    expect(db).toMatch(/^postgres:/);
    const port = await freePort();
    const name = `comptoir-pg-${run}`;
    names.push(name);
    const env = [
      '-e', `COMPTOIR_DB=${db}`,
      '-e', `REDIS_URL=${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}`,
      '-e', `COMPTOIR_REDIS_PREFIX=container-${run}`,
      '-e', `COMPTOIR_PORT=${port}`,
      '-e', 'COMPTOIR_HOST=127.0.0.1',
    ]; // prettier-ignore
    await sh(['run', '-d', '--name', name, ...ulimits, '--network', 'host', ...env, image]);
    await waitReady(`http://127.0.0.1:${port}/ready`, name);
    await sh(['exec', name, 'comptoir', 'init']);
    const key = await keyFor([
      'exec',
      name,
      'comptoir',
      'keys',
      'create',
      '--shop',
      '1',
      '--scopes',
      'read,sell',
    ]);
    const client = await connect(`http://127.0.0.1:${port}/mcp`, key);
    const sale = await tool<{ id: number }>(client, 'sale_create', {
      items: [{ productName: 'Croissant', quantity: 3 }],
      payment: 'cash',
    });
    await client.close();
    const check = new pg.Client({ connectionString: db });
    await check.connect();
    try {
      const { rows } = await check.query('select count(*)::int as n from orders where id = $1', [sale.id]);
      expect(rows[0].n).toBe(1);
    } finally {
      await check.end();
    }

    const missing = new URL(db);
    missing.pathname = `/comptoir_missing_${run}`;
    const bad = await sh(
      ['run', '--rm', ...ulimits, '--network', 'host', '-e', `COMPTOIR_DB=${missing}`, image],
      {
        allowFail: true,
      },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`comptoir_missing_${run}`);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
