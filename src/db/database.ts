/**
 * The Kysely factory. SQLite (better-sqlite3, WAL) is the embedded default; PostgreSQL (the `pg` pool)
 * when the location is a postgres:// URL. The dialect is the only place that knows which engine runs
 * underneath, so queries and migrations stay portable.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase, type Transaction } from 'kysely';
import { createRequire } from 'node:module';
import type pgModule from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: repositories accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * SQLite's `synchronous` in WAL mode. full (the default): every commit waits for the WAL to reach the
 * disk, so an acknowledged sale survives a power cut or an OS crash. normal: the WAL is synced only at
 * checkpoints — a crash of the process loses nothing, a power cut may lose the last commits.
 */
export const SQLITE_SYNCHRONOUS = ['full', 'normal'] as const;
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS)[number];

export interface OpenDatabaseOptions {
  /** A SQLite file path, ':memory:', or a postgres:// (postgresql://) URL. */
  location: string;
  /** PostgreSQL: connections in the pool (default 10) */
  poolSize?: number;
  /** SQLite: durability of a commit (default full); PostgreSQL ignores it (its commits are durable). */
  sqliteSynchronous?: SqliteSynchronous;
}

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

/**
 * The `pg` driver, loaded the first time a PostgreSQL URL is opened (a laptop on SQLite never loads it).
 * Counts and sums come back from PostgreSQL as int8/numeric text; every amount here is integer cents,
 * far inside 2^53, so they are read as numbers, as SQLite gives them.
 */
let pgDriver: typeof pgModule | undefined;
function loadPg(): typeof pgModule {
  if (pgDriver) return pgDriver;
  const pg = createRequire(import.meta.url)('pg') as typeof pgModule;
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
  return (pgDriver = pg);
}

function openPostgres(url: string, poolSize: number): Db {
  const pg = loadPg();
  // A server that accepts the connection but never answers as PostgreSQL (another service on that port)
  // fails in 10 s instead of hanging.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Kysely's SQLite driver prepares every query anew; the same few statements run on every call, so
 * prepared statements are kept (the most recent 500 texts). Safe because the driver runs one query at a
 * time on its one connection, and nothing here streams rows. Transactions begin IMMEDIATE.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      // Every transaction here writes: take the write lock when it begins (waiting up to busy_timeout),
      // so that a transaction never fails to upgrade from reading to writing when another process
      // (a second node on the same file) wrote in between.
      const text = sqlText === 'begin' ? 'begin immediate' : sqlText;
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text); // most recently used last
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

export function openDatabase({
  location,
  poolSize = 10,
  sqliteSynchronous = 'full',
}: OpenDatabaseOptions): Db {
  if (isPostgresUrl(location)) return openPostgres(location, poolSize);
  const isNew = location !== ':memory:' && !fs.existsSync(location);
  if (location !== ':memory:')
    fs.mkdirSync(path.dirname(path.resolve(location)), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(location);
  // The ledger and the hashes of keys and passwords: readable by the user who runs Comptoir only
  if (isNew) fs.chmodSync(location, 0o600);
  sqlite.pragma('journal_mode = WAL');
  const full = sqliteSynchronous === 'full';
  sqlite.pragma(full ? 'synchronous = FULL' : 'synchronous = NORMAL');
  // macOS: fsync() leaves the data in the drive's cache; F_FULLFSYNC is what reaches the platter
  // (a no-op elsewhere).
  sqlite.pragma(full ? 'fullfsync = ON' : 'fullfsync = OFF');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/** Resolves when the database answers a trivial query (readiness). */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * An error that says a transaction lost a race and may succeed if run again: PostgreSQL's unique
 * violation (two inserts of the same key), serialization failure and deadlock; SQLite's busy file (two
 * processes writing one file).
 */
export function isConcurrencyConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  // SQLITE_BUSY_SNAPSHOT: another process wrote since this transaction began reading; waiting cannot help.
  return code === '23505' || code === '40001' || code === '40P01' || code.startsWith('SQLITE_BUSY');
}

/**
 * An online copy of a SQLite database into `destination` (SQLite's backup API: consistent while the
 * server runs and writes). PostgreSQL is backed up with its own tools (pg_dump).
 */
export async function backupSqlite(location: string, destination: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const source = new SQLite(location, { fileMustExist: true });
  try {
    await source.backup(destination);
    fs.chmodSync(destination, 0o600); // it holds what the ledger holds, hashes of keys and passwords too
  } finally {
    source.close();
  }
}
