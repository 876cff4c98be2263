/**
 * Test harness for the HTTP server: a real `startHttpServer` on a free port, on a real SQLite file with
 * two shops (A and B, both with the demo catalog) and API keys, driven by the SDK client over
 * Streamable HTTP or by plain fetch.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Logger } from 'pino';
import { parseHttpConfig } from '../src/app/config.js';
import { createLogger } from '../src/app/logger.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { startHttpServer, type RunningHttpServer } from '../src/http/server.js';
import { createDemoShop } from '../src/modules/demo/demo.service.js';
import { createKey } from '../src/modules/keys/keys.service.js';
import type { Scope } from '../src/modules/shared/context.js';
import type { Toolset } from '../src/mcp/toolsets.js';
import { newDatabase } from './helpers.js';

export interface HttpHarness {
  server: RunningHttpServer;
  /** http://127.0.0.1:port */
  base: string;
  mcp: URL;
  db: Db;
  /** the database's file or URL */
  location: string;
  shopA: number;
  shopB: number;
  /** every scope, shop A */
  keyA: string;
  /** every scope, shop B */
  keyB: string;
  /** read only, shop A */
  readA: string;
  newKey: (shopId: number, scopes: Scope[], toolsets?: Toolset[]) => Promise<{ id: number; key: string }>;
  /** an SDK client over Streamable HTTP with this key (2025-era session unless `modern`) */
  connect: (key: string, options?: { modern?: boolean; headers?: Record<string, string> }) => Promise<Client>;
  /** a raw POST of JSON-RPC to /mcp */
  post: (body: unknown, headers?: Record<string, string>) => Promise<Response>;
  close: () => Promise<void>;
}

export interface HttpHarnessOptions {
  /** environment for parseHttpConfig (COMPTOIR_RATE_LIMIT_PER_KEY, ...) */
  env?: Record<string, string>;
  logger?: Logger;
  /** a second node: serve the database, shops and keys of this harness (closing it leaves the database open) */
  sharing?: HttpHarness;
  /** with `sharing`: open a pool of its own on that database (else it shares the first node's handle) */
  ownPool?: boolean;
  revocationCheckMs?: number;
}

export const MCP_ACCEPT = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

export function initializeBody(id: number | string = 1, protocolVersion = '2025-11-25') {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw-test', version: '1.0.0' } },
  };
}

/**
 * Opens a 2025-era session with a raw initialize and the initialized notification, and returns its id
 * and the headers of its next requests (the key, the session id, the protocol version).
 */
export async function openRawSession(
  mcp: string | URL,
  key: string,
): Promise<{ id: string; headers: Record<string, string> }> {
  const auth = { ...MCP_ACCEPT, authorization: `Bearer ${key}` };
  const init = await fetch(mcp, { method: 'POST', headers: auth, body: JSON.stringify(initializeBody()) });
  await init.body?.cancel();
  const id = init.headers.get('mcp-session-id');
  if (init.status !== 200 || !id) throw new Error(`initialize answered ${init.status}`);
  const headers = { ...auth, 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' };
  const note = await fetch(mcp, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  await note.body?.cancel();
  if (note.status !== 202) throw new Error(`notifications/initialized answered ${note.status}`);
  return { id, headers };
}

export async function startHttp(options: HttpHarnessOptions = {}): Promise<HttpHarness> {
  const logger = options.logger ?? createLogger('silent');
  const shared = options.sharing;
  const location = shared?.location ?? (await newDatabase());
  // a second node shares the first's handle, or opens its own pool, as another process would
  const ownPool = shared !== undefined && options.ownPool === true;
  const db = shared && !ownPool ? shared.db : openDatabase({ location });
  const newKey = async (shopId: number, scopes: Scope[], toolsets?: Toolset[]) => {
    const { key, apiKey } = await createKey(db, { shopId, scopes, toolsets }, new Date());
    return { id: apiKey.id, key };
  };
  let fixture: Pick<HttpHarness, 'shopA' | 'shopB' | 'keyA' | 'keyB' | 'readA'>;
  if (shared) fixture = shared;
  else {
    await migrateToLatest(db);
    const now = new Date();
    const shopA = await createDemoShop(db, logger, now, { historyDays: 0, name: 'Shop A' });
    const shopB = await createDemoShop(db, logger, now, { historyDays: 0, name: 'Shop B' });
    const all: Scope[] = ['read', 'sell', 'admin'];
    fixture = {
      shopA,
      shopB,
      keyA: (await newKey(shopA, all)).key,
      keyB: (await newKey(shopB, all)).key,
      readA: (await newKey(shopA, ['read'])).key,
    };
  }
  // A second node takes the first one's shops and keys only (the whole harness would bring the first
  // node's server and URLs along, and the spread below would make this node answer for that one).
  if (shared) {
    const { shopA, shopB, keyA, keyB, readA } = shared;
    fixture = { shopA, shopB, keyA, keyB, readA };
  }

  const config = parseHttpConfig(
    { port: '0' },
    {
      COMPTOIR_RATE_LIMIT_PER_KEY: '0',
      COMPTOIR_RATE_LIMIT_PER_ADDRESS: '0',
      COMPTOIR_RATE_LIMIT_PER_CREDENTIAL: '0',
      ...options.env,
    },
  );
  const server = await startHttpServer({ db, logger, config, revocationCheckMs: options.revocationCheckMs });
  const mcp = new URL(`${server.url}/mcp`);
  const clients: Client[] = [];

  return {
    server,
    base: server.url,
    mcp,
    db,
    location,
    ...fixture,
    newKey,
    connect: async (key, connectOptions = {}) => {
      const transport = new StreamableHTTPClientTransport(mcp, {
        requestInit: { headers: { authorization: `Bearer ${key}`, ...connectOptions.headers } },
      });
      const client = new Client(
        { name: 'comptoir-http-test', version: '1.0.0' },
        connectOptions.modern ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
      );
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    post: (body, headers = {}) =>
      fetch(mcp, { method: 'POST', headers: { ...MCP_ACCEPT, ...headers }, body: JSON.stringify(body) }),
    close: async () => {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await server.shutdown();
      if (!shared || ownPool) await db.destroy();
    },
  };
}
