/**
 * The servers of the HTTP benchmark (bench/http.bench.ts), each started in a process of its own:
 *
 * - `comptoir`: Comptoir's real HTTP server (`startHttpServer`) on a fresh SQLite file with the demo shop
 *   and an API key, rate limits off;
 * - `echo`: the reference, a minimal SDK server whose only tool `echo` returns its input, hosted the
 *   plainest way the SDK allows: one `WebStandardStreamableHTTPServerTransport` per session behind
 *   `@hono/node-server` (the same Node adapter Comptoir uses), no auth, no limits, no logs.
 *
 * Run as a child process, it reports `{ ready }` over IPC, answers `cpu` with its CPU time, and exits on
 * `stop` (cleanly, so that `node --cpu-prof` writes its profile).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { McpServer, WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';
import type { LevelWithSilent } from 'pino';
import * as z from 'zod';
import { parseHttpConfig } from '../src/app/config.js';
import { createLogger } from '../src/app/logger.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createDemoShop } from '../src/modules/demo/demo.service.js';
import { authenticateKey, createKey, type Principal } from '../src/modules/keys/keys.service.js';
import { createHttpApp, type AuthResult } from '../src/http/app.js';
import { listen } from '../src/http/listen.js';
import { createMcpEndpoint } from '../src/http/mcp-endpoint.js';
import { createMetrics } from '../src/http/metrics.js';
import { createRateLimiter } from '../src/http/rate-limit.js';
import { presentedKey, securityFor, startHttpServer } from '../src/http/server.js';
import { manifest } from '../src/mcp/manifest.js';
import { buildServer, notServed } from '../src/mcp/server.js';
import { listText } from '../src/mcp/tool.js';
import { product } from '../src/modules/catalog/catalog.schemas.js';
import { listProducts } from '../src/modules/catalog/catalog.service.js';
import { listOutput, pageInput } from '../src/modules/shared/list.schemas.js';
import type { Db } from '../src/db/database.js';
import { processCpuMicros } from './common.js';
import '../src/app/listeners.js'; // the composition root's listeners of sales

/**
 * `comptoir` and `echo` are the benchmark proper; the others split the gap between them (--diagnose):
 * `stack-echo` is Comptoir's HTTP stack (Hono app, API-key auth, metrics, event store, sessions) serving
 * the echo server, `plain-tools` is the echo's plain hosting serving Comptoir's `buildServer`, and
 * `plain-static` is the plain hosting serving a tool that returns a product page computed once at start
 * (the same answer as data_list_products, with the same output schema, and no work).
 */
export type ServerKind = 'comptoir' | 'echo' | 'stack-echo' | 'plain-tools' | 'plain-static';

export interface StartedServer {
  url: string;
  /** the API key to send as `Authorization: Bearer` (Comptoir only) */
  key?: string;
  stop: () => Promise<void>;
}

export interface ReadyMessage {
  type: 'ready';
  url: string;
  key?: string;
}
export interface CpuMessage {
  type: 'cpu';
  /** user + system CPU time of the server process since it started, in microseconds */
  micros: number;
  /** V8 heap in use, in bytes */
  heapUsed: number;
}
export type ServerMessage = ReadyMessage | CpuMessage;

interface Shop {
  db: Db;
  shopId: number;
  key: string;
  close: () => Promise<void>;
}

/** A fresh SQLite file in a temp dir with the demo shop (no past orders) and an API key. */
async function demoShop(): Promise<Shop> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-bench-'));
  const db = openDatabase({ location: path.join(dir, 'comptoir.db') });
  await migrateToLatest(db);
  const now = new Date();
  const shopId = await createDemoShop(db, createLogger('silent'), now, { historyDays: 0 });
  const { key } = await createKey(db, { shopId, scopes: ['read', 'sell', 'admin'] }, now);
  return {
    db,
    shopId,
    key,
    close: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clean env (not process.env): no REDIS_URL or COMPTOIR_* of the shell leaks into the figures. */
const benchConfig = () =>
  parseHttpConfig(
    { port: '0' },
    {
      COMPTOIR_RATE_LIMIT_PER_KEY: '0',
      COMPTOIR_RATE_LIMIT_PER_ADDRESS: '0',
      // all the bench's clients share one key: let --concurrency go past the default cap of 100
      COMPTOIR_MAX_SESSIONS_PER_KEY: '1000',
    },
  );

/** Comptoir's real HTTP server, rate limits off. */
export async function startComptoir(logLevel: LevelWithSilent): Promise<StartedServer> {
  const shop = await demoShop();
  const server = await startHttpServer({
    db: shop.db,
    logger: createLogger(logLevel),
    config: benchConfig(),
  });
  return {
    url: `${server.url}/mcp`,
    key: shop.key,
    stop: async () => {
      await server.shutdown();
      await shop.close();
    },
  };
}

/**
 * Comptoir's HTTP stack as `startHttpServer` assembles it (same app, endpoint, auth, metrics, limiter
 * off), but every session gets the echo server instead of Comptoir's tools.
 */
async function startStackEcho(): Promise<StartedServer> {
  const shop = await demoShop();
  const logger = createLogger('silent');
  const config = benchConfig();
  const metrics = createMetrics();
  const endpoint = createMcpEndpoint<Principal>({
    factory: () => echoServer(),
    ownerOf: (p) => `key:${p.keyId}`,
    refuse: (p, message) => {
      const name = (message as { params?: { name?: unknown } } | null)?.params?.name;
      const scope = typeof name === 'string' ? notServed(name, { scopes: p.scopes })?.scope : undefined;
      return scope ? { scope, message: 'Forbidden' } : undefined;
    },
    sessionIdleMs: config.sessionIdleMs,
    maxSessions: config.maxSessions,
    maxSessionsPerOwner: config.maxSessionsPerKey,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    onSessionCount: (n) => metrics.openSessions.set(n),
  });
  const app = createHttpApp<Principal>({
    endpoint,
    authenticate: async (request): Promise<AuthResult<Principal>> => {
      const key = presentedKey(request);
      const principal = key ? await authenticateKey(shop.db, key) : null;
      return principal ? { ok: true, principal } : { ok: false, reason: 'invalid' };
    },
    describe: (p) => ({ limitKey: String(p.keyId), log: { shop: p.shopId, key: p.keyId } }),
    rateLimiter: createRateLimiter({ perKeyPerMinute: 0, perAddressPerMinute: 0 }),
    metrics,
    logger,
    ready: async () => undefined,
    manifest,
    security: securityFor(config),
    draining: () => false,
  });
  const running = await listen(app, {
    host: config.host,
    port: 0,
    logger,
    graceMs: 0,
    onDrain: () => undefined,
    closeSessions: () => endpoint.close(),
  });
  return {
    url: `${running.url}/mcp`,
    key: shop.key,
    stop: async () => {
      await running.shutdown();
      await shop.close();
    },
  };
}

function echoServer(): McpServer {
  const server = new McpServer({ name: 'echo', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns its input.', inputSchema: z.object({ text: z.string() }) },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  return server;
}

/**
 * The plainest hosting the SDK allows: one `WebStandardStreamableHTTPServerTransport` and one server
 * instance per session, behind @hono/node-server; no auth, limits, metrics, logs or event store.
 */
async function startPlain(factory: () => McpServer): Promise<{ url: string; stop: () => Promise<void> }> {
  const transports = new Map<string, WebStandardStreamableHTTPServerTransport>();
  const fetch = async (request: Request): Promise<Response> => {
    const sessionId = request.headers.get('mcp-session-id');
    if (sessionId) {
      const transport = transports.get(sessionId);
      return transport
        ? transport.handleRequest(request)
        : Response.json(
            { jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null },
            {
              status: 404,
            },
          );
    }
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports.set(id, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    };
    await factory().connect(transport);
    return transport.handleRequest(request);
  };
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stop: async () => {
      await Promise.all([...transports.values()].map((t) => t.close().catch(() => undefined)));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The reference: the echo server on the plain hosting. */
export function startEcho(): Promise<StartedServer> {
  return startPlain(echoServer);
}

/** Comptoir's tools (`buildServer`, as over HTTP but without the metrics observer) on the plain hosting. */
async function startPlainTools(): Promise<StartedServer> {
  const shop = await demoShop();
  const logger = createLogger('silent');
  const plain = await startPlain(() =>
    buildServer(
      { db: shop.db, logger },
      { shopId: shop.shopId, scopes: ['read', 'sell', 'admin'], actor: 'bench' },
    ),
  );
  return {
    url: plain.url,
    stop: async () => {
      await plain.stop();
      await shop.close();
    },
  };
}

/** A tool answering the first page of data_list_products, computed once: the cost of the answer alone. */
async function startPlainStatic(): Promise<StartedServer> {
  const shop = await demoShop();
  const logger = createLogger('silent');
  const ctx = {
    shopId: shop.shopId,
    actor: 'bench',
    scopes: ['read'] as const,
    db: shop.db,
    clock: () => new Date(),
    logger,
  };
  const page = await listProducts(ctx, { limit: 100 });
  const result = {
    total: page.total,
    count: page.items.length,
    nextCursor: page.nextCursor,
    items: page.items,
  };
  const text = listText(result, { format: 'json' });
  const plain = await startPlain(() => {
    const server = new McpServer({ name: 'static', version: '1.0.0' });
    server.registerTool(
      'products_static',
      {
        description: 'The first page of products, computed once.',
        inputSchema: pageInput,
        outputSchema: listOutput(product),
      },
      async () => ({ content: [{ type: 'text', text }], structuredContent: result }),
    );
    return server;
  });
  return {
    url: plain.url,
    stop: async () => {
      await plain.stop();
      await shop.close();
    },
  };
}

export function startServer(kind: ServerKind, logLevel: LevelWithSilent): Promise<StartedServer> {
  switch (kind) {
    case 'comptoir':
      return startComptoir(logLevel);
    case 'echo':
      return startEcho();
    case 'stack-echo':
      return startStackEcho();
    case 'plain-tools':
      return startPlainTools();
    case 'plain-static':
      return startPlainStatic();
  }
}

/** Child-process entry: `http.servers.ts <comptoir|echo> [log level]`. */
async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('bench/http.servers.ts runs as a child of bench/http.bench.ts (it needs IPC)');
  const kind = process.argv[2] as ServerKind;
  const level = (process.argv[3] ?? 'silent') as LevelWithSilent;
  const started = await startServer(kind, level);
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'cpu')
      send({
        type: 'cpu',
        micros: processCpuMicros(),
        heapUsed: process.memoryUsage().heapUsed,
      } satisfies CpuMessage);
    if (m.type === 'stop')
      void started.stop().finally(() => {
        process.disconnect();
        process.exit(0);
      });
  });
  send({ type: 'ready', url: started.url, key: started.key } satisfies ReadyMessage);
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
