/** Test harness: a real server on a real SQLite file, driven by a real MCP client. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import pg from 'pg';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { createLogger } from '../src/app/logger.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createDemoShop, createEmptyShop } from '../src/modules/demo/demo.service.js';
import { buildServer } from '../src/mcp/server.js';
import { MEASURES, rebuildFacts } from '../src/modules/reports/reports.facts.js';
import '../src/app/listeners.js'; // the composition root's listeners of sales

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-test-'));
}

/**
 * Where a test's database lives: a new SQLite file, or — when COMPTOIR_TEST_DB names a PostgreSQL
 * server (`npm run test:postgres`) — a new database on it (dropped by test/global-setup.ts).
 */
export async function newDatabase(name = 'comptoir'): Promise<string> {
  const server = process.env.COMPTOIR_TEST_DB;
  if (!server) return path.join(tempDir(), `${name}.db`);
  // The run's id (set by test/global-setup.ts) lets a run drop its own databases and no other run's.
  const run = process.env.COMPTOIR_TEST_RUN ?? Date.now().toString(36);
  const dbName = `${TEST_DB_PREFIX}${run}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database ${dbName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export const TEST_DB_PREFIX = 'comptoir_test_';

export interface Harness {
  client: Client;
  db: Db;
  shopId: number;
  dbFile: string;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  /** demo shop (default) or an empty one */
  shop?: 'demo' | 'empty';
  /** days of generated past orders in the demo shop (default 0: none) */
  historyDays?: number;
  /** a fixed clock for the server */
  clock?: () => Date;
  dbFile?: string;
}

const logger = createLogger('silent');

/** A server in this process on a fresh SQLite file, and a connected SDK client. */
export async function startInProcess(options: HarnessOptions = {}): Promise<Harness> {
  const dbFile = options.dbFile ?? (await newDatabase());
  const db = openDatabase({ location: dbFile });
  await migrateToLatest(db);
  const existing = await db.selectFrom('shops').select('id').orderBy('id').executeTakeFirst();
  const now = options.clock?.() ?? new Date();
  const shopId =
    existing?.id ??
    (options.shop === 'empty'
      ? await createEmptyShop(db, 'Test shop', now)
      : await createDemoShop(db, logger, now, { historyDays: options.historyDays ?? 0 }));
  const server = buildServer(
    { db, logger, clock: options.clock },
    { shopId, scopes: ['read', 'sell', 'admin'], actor: 'test' },
  );
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'comptoir-test', version: '1.0.0' });
  await client.connect(clientTransport);
  return {
    client,
    db,
    shopId,
    dbFile,
    close: async () => {
      await client.close();
      await server.close();
      await db.destroy();
    },
  };
}

/** The built `comptoir` command over stdio (run `npm run build` first; `npm test` does). */
export async function startStdio(
  dbFile: string,
  extraArgs: string[] = [],
): Promise<{ client: Client; stderr: () => string; close: () => Promise<void> }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.resolve('dist/cli/main.js'), '--db', dbFile, '--log-level', 'info', ...extraArgs],
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const client = new Client({ name: 'comptoir-stdio-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err, close: () => client.close() };
}

export interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

/** Calls a tool that must succeed and returns its structured content. */
export async function ok<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const r = await call(client, name, args);
  if (r.isError) throw new Error(`${name} failed: ${r.content.map((c) => c.text).join(' ')}`);
  return r.structuredContent as T;
}

/** Calls a tool that must fail and returns its error text. */
export async function fails(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<string> {
  const r = await call(client, name, args);
  if (!r.isError) throw new Error(`${name} unexpectedly succeeded: ${JSON.stringify(r.structuredContent)}`);
  return r.content.map((c) => c.text ?? '').join(' ');
}

/** A shop's report summary rows (those with a measure), as one comparable text. */
export async function summaryRows(db: Db, shopId: number): Promise<string> {
  return JSON.stringify(
    (await db.selectFrom('report_daily').selectAll().where('shop_id', '=', shopId).execute())
      .filter((r) => MEASURES.some((m) => r[m] !== 0))
      .map((r) => ({ ...r }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  );
}

/** The summary rows as kept sale by sale, and as a rebuild from the ledger makes them (then rebuilt). */
export async function keptAndRebuilt(db: Db, shopId: number): Promise<[string, string]> {
  const kept = await summaryRows(db, shopId);
  await rebuildFacts(db, shopId);
  return [kept, await summaryRows(db, shopId)];
}
