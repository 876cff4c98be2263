/**
 * The journal of management changes, and the frame every management write runs in: one transaction,
 * the idempotency key (a retry gets the stored result back; another payload with the same key is
 * refused), and a journal entry with the values before and after, who made it and through which tool.
 */
import { createHash } from 'node:crypto';
import { inTransaction, nowIso, type Ctx } from '../shared/context.js';
import { ConflictError } from '../../domain/errors.js';
import type { PageRequest } from '../../db/pagination.js';
import { lockShop } from '../shops/shops.service.js';
import * as repo from './audit.repository.js';

export type Action = 'add' | 'edit' | 'delete' | 'archive' | 'import' | 'stock';

export interface Change {
  entity: string;
  id: number | null;
  action: Action;
  before?: unknown;
  after?: unknown;
}

/** Who hears of each journal entry, in its transaction (the fiscal journal: app/listeners.ts). */
export type JournalListener = (ctx: Ctx, change: Change) => Promise<void>;
const journalListeners: JournalListener[] = [];
export function listenToJournal(listener: JournalListener): void {
  if (!journalListeners.includes(listener)) journalListeners.push(listener);
}

/** Writes one journal entry (in the caller's transaction), and tells its listeners. */
export async function journal(ctx: Ctx, change: Change): Promise<void> {
  await repo.insertAudit(ctx.db, {
    shop_id: ctx.shopId,
    at: nowIso(ctx),
    actor: ctx.actor,
    via: ctx.via ?? 'internal',
    entity: change.entity,
    entity_id: change.id,
    action: change.action,
    before: change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === undefined ? null : JSON.stringify(change.after),
  });
  for (const l of journalListeners) await l(ctx, change);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => k !== 'idempotencyKey' && v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}
const hashOf = (input: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');

/**
 * Runs a management write once per idempotency key: in one transaction, under the shop's row lock (so
 * that two writes checking for a duplicate name, or two stock moves, take turns on every node), the
 * key looked up first (the same request again returns the stored result with `replayed: true`), the
 * result stored with it. `lock: false` for a write that must lock order rows before the shop's (the
 * order of locks, docs/ARCHITECTURE.md) and takes the shop's lock itself.
 */
export async function once<T extends object>(
  ctx: Ctx,
  operation: string,
  input: { idempotencyKey?: string | undefined },
  write: (tx: Ctx) => Promise<T>,
  options: { lock?: boolean } = {},
): Promise<T & { replayed: boolean }> {
  const key = input.idempotencyKey;
  return inTransaction(ctx, async (tx) => {
    if (options.lock !== false) await lockShop(tx);
    if (key !== undefined) {
      const found = await repo.findKey(tx.db, tx.shopId, operation, key);
      if (found) {
        if (found.request_hash !== hashOf(input))
          throw new ConflictError(
            'idempotencyKey',
            `The key "${key}" was already used for a different request. Use a new key for a new request, or resend exactly the same request to get its result.`,
          );
        return { ...(JSON.parse(found.result) as T), replayed: true };
      }
    }
    const result = await write(tx);
    if (key !== undefined)
      await repo.insertKey(tx.db, {
        shop_id: tx.shopId,
        operation,
        key,
        request_hash: hashOf(input),
        result: JSON.stringify(result),
        created_at: nowIso(tx),
      });
    return { ...result, replayed: false };
  });
}

export interface AuditFilter {
  entity?: string | undefined;
  entityId?: number | undefined;
  via?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export async function listAudit(ctx: Ctx, filter: AuditFilter, page: PageRequest) {
  const w = repo.auditWhere;
  const where = [
    ...(filter.entity !== undefined ? [w.entity(filter.entity)] : []),
    ...(filter.entityId !== undefined ? [w.entityId(filter.entityId)] : []),
    ...(filter.via !== undefined ? [w.via(filter.via)] : []),
    ...(filter.since !== undefined ? [w.since(filter.since)] : []),
    ...(filter.until !== undefined ? [w.until(filter.until)] : []),
  ];
  const p = await repo.pageAudit(ctx.db, ctx.shopId, page, where);
  return {
    ...p,
    items: p.items.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      via: r.via,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      before: parsed(r.before),
      after: parsed(r.after),
    })),
  };
}
