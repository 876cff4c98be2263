/** The fiscal ledger: ledger_verify. */
import { defineTool, type AnyToolSpec } from '../tool.js';
import {
  ledgerVerification,
  ledgerVerifyInput,
  type LedgerVerification,
} from '../../modules/fiscal/fiscal.schemas.js';
import { verifyLedger } from '../../modules/fiscal/fiscal.service.js';

/** A verification as a person reads it. */
export function verificationText(v: LedgerVerification): string {
  const chains = v.chains.map((c) => `${c.chain} ${c.records}`).join(', ');
  if (v.ok)
    return `The ledger is intact: every record in place, linked, signed, and the same as its rows (records: ${chains}).`;
  const more =
    v.problemCount > v.problems.length ? `\n… and ${v.problemCount - v.problems.length} more.` : '';
  return `The ledger is NOT intact (${v.problemCount} problem${v.problemCount === 1 ? '' : 's'}; records: ${chains}). First: ${v.problems[0]?.detail ?? ''}\n${v.problems
    .map((p) => `- ${p.chain} ${p.seq ?? '-'} ${p.record}: ${p.problem}: ${p.detail}`)
    .join('\n')}${more}`;
}

export const fiscalTools: AnyToolSpec[] = [
  defineTool({
    name: 'ledger_verify',
    title: 'Verify the fiscal ledger',
    description:
      'Checks that no recorded sale, credit note, payment or journal event was changed, removed or added outside Comptoir, and names the first record that breaks the chain.',
    scope: 'read',
    input: ledgerVerifyInput,
    output: ledgerVerification,
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: (ctx) => verifyLedger(ctx),
    text: verificationText,
  }),
];
