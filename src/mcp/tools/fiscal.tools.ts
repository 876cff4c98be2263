/** The fiscal ledger: ledger_verify, day_close, report_z, archive_create. */
import { defineTool, type AnyToolSpec } from '../tool.js';
import {
  archiveCreateInput,
  archiveCreateOutput,
  dayCloseInput,
  dayCloseOutput,
  ledgerVerification,
  ledgerVerifyInput,
  reportZInput,
  reportZOutput,
  type LedgerVerification,
} from '../../modules/fiscal/fiscal.schemas.js';
import { closeDay, createArchive, reportZ, verifyLedger } from '../../modules/fiscal/fiscal.service.js';

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
      'Checks that no recorded sale, payment, closure or event was changed, removed or added outside Comptoir; names the first record that breaks the chain.',
    scope: 'read',
    input: ledgerVerifyInput,
    output: ledgerVerification,
    // it changes nothing recorded, but a failed verification is an event written into the journal
    annotations: { readOnlyHint: false, destructiveHint: false },
    run: (ctx) => verifyLedger(ctx),
    text: verificationText,
  }),
  defineTool({
    name: 'report_z',
    title: 'Closures (Z, month, year)',
    description:
      'Closures as recorded (day Z, month, year): totals TTC, HT, VAT per rate, per payment method, grand totals. Default: the last; `open`: what the next Z holds.',
    scope: 'read',
    input: reportZInput,
    output: reportZOutput,
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: reportZ,
  }),
  defineTool({
    name: 'day_close',
    title: 'Close the day (Z)',
    description:
      'Closes the till now: a Z of all sales, credit notes and payments since the last one (the server closes at the close hour too). Final.',
    scope: 'sell',
    input: dayCloseInput,
    output: dayCloseOutput,
    annotations: { readOnlyHint: false, destructiveHint: false },
    run: (ctx) => closeDay(ctx),
  }),
  defineTool({
    name: 'archive_create',
    title: 'Archive a period',
    description:
      'Writes the signed archive of a month, year or day (its records, closures and journal) on the server, verifiable offline with comptoir archive verify.',
    scope: 'admin',
    input: archiveCreateInput,
    output: archiveCreateOutput,
    annotations: { readOnlyHint: false, destructiveHint: false },
    run: createArchive,
  }),
];
