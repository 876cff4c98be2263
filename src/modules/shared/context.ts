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
      return await (ctx.db as Db).transaction().execute((trx) => fn({ ...ctx, db: trx }));
    } catch (error) {
      if (attempt >= ATTEMPTS || !isConcurrencyConflict(error)) throw error;
      ctx.logger.debug({ attempt, err: error }, 'transaction lost a race; running it again');
      await new Promise((r) => setTimeout(r, attempt * (5 + Math.random() * 20)));
    }
  }
}

export function nowIso(ctx: Pick<Ctx, 'clock'>): string {
  return ctx.clock().toISOString();
}
