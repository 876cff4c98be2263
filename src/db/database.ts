/**
 * The Kysely factory. SQLite (better-sqlite3, WAL) is the embedded default; the dialect is the only
 * place that knows which engine runs underneath, so queries and migrations stay portable.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: repositories accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:'. */
  location: string;
}

export function openDatabase({ location }: OpenDatabaseOptions): Db {
  if (location !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
  const sqlite = new SQLite(location);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
