/**
 * Safe retries: a write that carries an idempotency key records its order under (shop, operation, key)
 * in the same transaction; the same key again returns that order, and a different payload is refused.
 */
import { createHash } from 'node:crypto';
import { nowIso, type Ctx } from '../shared/context.js';
import { ConflictError } from '../../domain/errors.js';
import * as repo from './sales.repository.js';

/** The writes that take a key, as stored in idempotency_keys.operation (migration 006 named them so). */
export type Operation = 'sale' | 'edit' | 'refund';
const TOOL: Record<Operation, string> = { sale: '{{sell}}', edit: '{{edit}}', refund: '{{refund}}' };

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => k !== 'idempotencyKey' && v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function requestHash(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}

/** The order an earlier call with this key recorded, or undefined. A key reused for another payload is an error. */
export async function replayedOrder(
  ctx: Ctx,
  operation: Operation,
  key: string | undefined,
  input: unknown,
): Promise<number | undefined> {
  if (key === undefined) return undefined;
  const found = await repo.findIdempotencyKey(ctx.db, ctx.shopId, operation, key);
  if (!found) return undefined;
  if (found.request_hash !== requestHash(input)) {
    throw new ConflictError(
      'idempotencyKey',
      `The key "${key}" was already used for a different ${TOOL[operation]} request (order ${found.order_id}). Use a new key for a new request, or resend exactly the same request to get its result.`,
    );
  }
  return found.order_id;
}

export async function rememberKey(
  ctx: Ctx,
  operation: Operation,
  key: string | undefined,
  input: unknown,
  orderId: number,
) {
  if (key === undefined) return;
  await repo.insertIdempotencyKey(ctx.db, {
    shop_id: ctx.shopId,
    operation,
    key,
    request_hash: requestHash(input),
    order_id: orderId,
    created_at: nowIso(ctx),
  });
}
