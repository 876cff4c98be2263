/**
 * Idempotency keys name the write they belong to by the use case (sale, edit, refund), no longer by the
 * MCP tool that called it: a renamed tool, or a REST surface, keeps the keys already given.
 */
import type { AnyDb } from './helpers.js';

const RENAMED = [
  ['sale_create', 'sale'],
  ['order_edit', 'edit'],
  ['order_refund', 'refund'],
] as const;

export async function up(db: AnyDb): Promise<void> {
  for (const [from, to] of RENAMED)
    await db.updateTable('idempotency_keys').set({ operation: to }).where('operation', '=', from).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const [from, to] of RENAMED)
    await db.updateTable('idempotency_keys').set({ operation: from }).where('operation', '=', to).execute();
}
