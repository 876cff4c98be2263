/** The fiscal chain's use cases: verify a shop's ledger (ledger_verify, `comptoir ledger verify`). */
import { databaseOf, inTransaction, type Ctx } from '../shared/context.js';
import { appendRecords, EVENTS, eventRecord } from './fiscal.chain.js';
import { headFileOf } from './fiscal.heads.js';
import type { LedgerVerification } from './fiscal.schemas.js';
import { verifyShop } from './fiscal.verify.js';

/**
 * Verifies every chain of the shop and the rows they record, against the heads kept apart when there
 * are; a failed verification is an event of the shop's journal (with its first problem).
 */
export async function verifyLedger(ctx: Ctx): Promise<LedgerVerification> {
  const heads = headFileOf(databaseOf(ctx.db));
  const result = await verifyShop(ctx, heads?.headsOf(ctx.shopId) ?? []);
  if (!result.ok)
    await inTransaction(ctx, (tx) =>
      appendRecords(tx, EVENTS, [
        eventRecord('verification_failed', tx.clock(), {
          problems: result.problemCount,
          first: result.problems[0]?.detail ?? null,
        }),
      ]),
    );
  return { ...result, headKeptApart: heads?.file ?? null };
}
