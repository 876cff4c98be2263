/**
 * The request context every service takes first: which shop, who acts, the clock, the logger and the
 * database handle (the pool, or the open transaction of the current use case).
 */
import type { Logger } from 'pino';
import type { Db, Executor } from '../db/database.js';

export type Scope = 'read' | 'sell' | 'admin';

export interface Ctx {
  shopId: number;
  actor: string;
  scopes: readonly Scope[];
  db: Executor;
  clock: () => Date;
  logger: Logger;
}

/** Runs `fn` in one transaction: all of the use case is written, or none of it. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return (ctx.db as Db).transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

export function nowIso(ctx: Pick<Ctx, 'clock'>): string {
  return ctx.clock().toISOString();
}
