/**
 * The request context every service takes first: which shop, who acts, the clock, the logger and the
 * database handle (the pool, or the open transaction of the current use case).
 */
import type { Logger } from 'pino';
import { isConcurrencyConflict, type Db, type Executor } from '../../db/database.js';

export type Scope = 'read' | 'sell' | 'admin';

export interface Ctx {
  shopId: number;
  actor: string;
  /** through what the call came (the MCP tool, a CLI command): the audit journal records it */
  via?: string;
  scopes: readonly Scope[];
  db: Executor;
  clock: () => Date;
  logger: Logger;
}

const ATTEMPTS = 4;

/**
 * Runs `fn` in one transaction: all of the use case is written, or none of it. A transaction that lost
 * a race to a concurrent one (PostgreSQL: unique violation, serialization failure, deadlock; SQLite: a
 * busy file) is run again from the start: a use case touches nothing but the database, so this is safe,
 * and it is how two calls with the same idempotency key end with one order (the second sees the first's
 * key and replays it).
 */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  for (let attempt = 1; ; attempt++) {
    try {
      const after = new Map<string, () => void>();
      const result = await (ctx.db as Db).transaction().execute(async (trx) => {
        const hooks = new Map<string, () => Promise<void>>();
        atCommit.set(trx, hooks);
        committed.set(trx, after);
        roots.set(trx, ctx.db as Db);
        const result = await fn({ ...ctx, db: trx });
        for (const hook of hooks.values()) await hook(); // a hook may not add another
        return result;
      });
      for (const hook of after.values()) hook();
      return result;
    } catch (error) {
      if (attempt >= ATTEMPTS || !isConcurrencyConflict(error)) throw error;
      ctx.logger.debug({ attempt, err: error }, 'transaction lost a race; running it again');
      await new Promise((r) => setTimeout(r, attempt * (5 + Math.random() * 20)));
    }
  }
}

const atCommit = new WeakMap<Executor, Map<string, () => Promise<void>>>();
const committed = new WeakMap<Executor, Map<string, () => void>>();
const roots = new WeakMap<Executor, Db>();

/** The database a handle belongs to: itself, or the one whose transaction (of inTransaction) it is. */
export function databaseOf(db: Executor): Db | undefined {
  return db.isTransaction ? roots.get(db) : (db as Db);
}

/**
 * Runs `hook` once at the end of the use case, still inside its transaction (before the commit): a
 * listener that gathers what several events of one transaction tell (the fiscal chain writes one record
 * of an order and the payments made with it). The same `key` again keeps the first hook. Only inside
 * `inTransaction`: anywhere else the hook would never run, so it is refused.
 */
export function beforeCommit(ctx: Pick<Ctx, 'db'>, key: string, hook: () => Promise<void>): void {
  const hooks = atCommit.get(ctx.db);
  if (!hooks) throw new Error('beforeCommit needs the transaction of inTransaction');
  if (!hooks.has(key)) hooks.set(key, hook);
}

/**
 * Runs `hook` once the use case's transaction has committed (never if it rolls back, or is run again):
 * what must only tell of what was kept (the fiscal chain's head, noted outside the database). The same
 * `key` again replaces the hook, so the last call's state is told. Outside `inTransaction` (a bulk
 * writer's own transaction) nothing is kept and false is returned: the caller tells after its commit.
 */
export function afterCommit(ctx: Pick<Ctx, 'db'>, key: string, hook: () => void): boolean {
  const hooks = committed.get(ctx.db);
  if (!hooks) return false;
  hooks.set(key, hook);
  return true;
}

export function nowIso(ctx: Pick<Ctx, 'clock'>): string {
  return ctx.clock().toISOString();
}
