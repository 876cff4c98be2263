/** The fiscal chain's use cases: verify a shop's ledger, close a day, show closures. */
import type * as z from 'zod';
import { NotFoundError, WrongStateError } from '../../domain/errors.js';
import { archiveDirectoryOf, writeArchive } from './fiscal.archive.js';
import { fromCents } from '../../domain/money.js';
import { databaseOf, inTransaction, type Ctx } from '../shared/context.js';
import type { Canonical } from './fiscal.canonical.js';
import {
  addTicket,
  closeDue,
  closuresOf,
  emptySums,
  ticketsAfter,
  ticketsClosedTo,
  type ClosureRecord,
} from './fiscal.closures.js';
import { appendRecords, EVENTS, eventRecord } from './fiscal.chain.js';
import { headFileOf } from './fiscal.heads.js';
import type {
  archiveCreateInput,
  archiveCreateOutput,
  ClosureView,
  dayCloseOutput,
  LedgerVerification,
  reportZInput,
  reportZOutput,
} from './fiscal.schemas.js';
import { verifyShop, type KeptHead } from './fiscal.verify.js';

/**
 * Verifies every chain of the shop and the rows they record, against the heads kept apart when there
 * are; a failed verification is an event of the shop's journal (with its first problem).
 */
export async function verifyLedger(ctx: Ctx): Promise<LedgerVerification> {
  const heads = headFileOf(databaseOf(ctx.db));
  let kept: KeptHead[] = [];
  let keptKey: string | null = null;
  let unreadable: string | undefined;
  try {
    const read = heads?.headsOf(ctx.shopId);
    kept = read?.heads ?? [];
    keptKey = read?.key ?? null;
  } catch (error) {
    unreadable = (error as Error).message;
  }
  const result = await verifyShop(ctx, kept, {
    headsProblem: unreadable,
    headsKey: keptKey,
    headsFile: heads?.file,
  });
  if (!result.ok) {
    // the journal tells of it, with the shop's own key only: a verification never makes a key
    try {
      await inTransaction(ctx, (tx) =>
        appendRecords(
          tx,
          EVENTS,
          [
            eventRecord('verification_failed', tx.clock(), {
              problems: result.problemCount,
              first: result.problems[0]?.detail ?? null,
            }),
          ],
          false,
          { startIfNone: false },
        ),
      );
    } catch (error) {
      ctx.logger.error({ err: error }, 'the failed verification could not be written into the journal');
    }
  }
  return { ...result, headKeptApart: heads?.file ?? null };
}

type Content = { [key: string]: Canonical };

/** A closure as the tools show it: amounts in the shop's currency (the record holds cents). */
export function closureView(c: ClosureRecord): ClosureView {
  const x = c.content;
  const money = (v: Canonical | undefined) => fromCents(typeof v === 'number' ? v : 0);
  const counts = (x.counts ?? {}) as Content;
  const totals = (x.totals ?? {}) as Content;
  const tickets = x.tickets as Content | undefined;
  const grand = (x.grandTotal ?? {}) as Content;
  return {
    kind: c.kind as ClosureView['kind'],
    number: typeof x.number === 'number' ? x.number : null,
    period: String(x.period),
    closedAt: String(x.closedAt),
    manual: typeof x.manual === 'boolean' ? x.manual : null,
    tickets: tickets ? { from: Number(tickets.from), to: Number(tickets.to) } : null,
    counts: {
      sales: Number(counts.sales ?? 0),
      creditNotes: Number(counts.creditNotes ?? 0),
      payments: Number(counts.payments ?? 0),
    },
    totals: {
      ttc: money(totals.ttc),
      ht: money(totals.ht),
      vat: money(totals.vat),
      creditNotesTtc: money(totals.creditNotesTtc),
    },
    vat: ((x.vat ?? []) as Content[]).map((r) => ({
      rateBp: Number(r.rateBp),
      ht: money(r.ht),
      vat: money(r.vat),
      ttc: money(r.ttc),
    })),
    payments: ((x.payments ?? []) as Content[]).map((p) => ({
      method: typeof p.method === 'string' ? p.method : null,
      type: typeof p.type === 'string' ? p.type : null,
      amount: money(p.amount),
    })),
    grandTotal: { period: money(grand.period), perpetual: money(grand.perpetual) },
    seq: c.seq,
    hash: c.hash,
  };
}

/** report_z: the closures of a period (a day's Z, a month's, a year's), or one Z by number, or the last. */
export async function reportZ(
  ctx: Ctx,
  input: z.infer<typeof reportZInput>,
): Promise<z.infer<typeof reportZOutput>> {
  const all = await closuresOf(ctx);
  const chosen =
    input.number !== undefined
      ? all.filter((c) => c.kind === 'day' && c.content.number === input.number)
      : input.period !== undefined
        ? all.filter((c) => String(c.content.period) === input.period)
        : all.slice(-1);
  if (chosen.length === 0 && (input.number !== undefined || input.period !== undefined)) {
    const days = all.filter((c) => c.kind === 'day');
    throw new NotFoundError(
      input.number !== undefined ? 'number' : 'period',
      days.length === 0
        ? 'No closure yet: the first day is closed at the close hour, or now with {{close_day}}.'
        : `No closure ${input.number !== undefined ? `has Z number ${input.number}` : `for ${input.period}`}: the Z numbers go from 1 to ${days.length} (${String(days[0]!.content.period)} to ${String(days.at(-1)!.content.period)}).`,
    );
  }
  const open = emptySums();
  const pending = await ticketsAfter(ctx, ticketsClosedTo(all));
  for (const r of pending) addTicket(open, r.content);
  return {
    closures: chosen.map(closureView),
    open: { records: pending.length, ttc: fromCents(open.ttc) },
  };
}

/** day_close: closes the day now (a Z of everything since the last one, and a month or year it ends). */
export async function closeDay(ctx: Ctx): Promise<z.infer<typeof dayCloseOutput>> {
  return inTransaction(ctx, async (tx) => {
    const missed = await closeDue(tx, false); // the past days a stop left open, each its own Z
    const now = await closeDue(tx, true);
    const made = [...missed.made, ...now.made];
    const last = now.last ?? missed.last;
    return {
      made: made.map(closureView),
      note:
        made.length > 0
          ? null
          : `Nothing was recorded since the last closure${last ? ` (${last.kind} ${String(last.content.period)}${typeof last.content.number === 'number' ? `, Z ${last.content.number}` : ''})` : ''}: no Z was made.`,
    };
  });
}

/** archive_create: the signed archive of a period, written into the server's archive directory. */
export async function createArchive(
  ctx: Ctx,
  input: z.infer<typeof archiveCreateInput>,
): Promise<z.infer<typeof archiveCreateOutput>> {
  const directory = archiveDirectoryOf(databaseOf(ctx.db));
  if (!directory)
    throw new WrongStateError(
      'period',
      'This server has no archive directory: its operator sets COMPTOIR_ARCHIVES.',
    );
  const a = await writeArchive(ctx, input.period, directory);
  return {
    file: a.file,
    period: a.period,
    records: { ticket: a.records.ticket ?? 0, closure: a.records.closure ?? 0, event: a.records.event ?? 0 },
    bytes: a.bytes,
    sha256: a.sha256,
  };
}
