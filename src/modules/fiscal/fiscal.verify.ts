/**
 * Verifies a shop's fiscal chains (docs/FISCAL.md): every record in place (positions 1, 2, … with no
 * gap), linked (its previous hash is the hash of the record before it), whole (its hash is that of its
 * place and content), signed by the shop's key; every live order, credit note and payment the same as
 * its record says; no validated order outside the chain; and, where a head was kept apart from the
 * database, no record removed at the end. Names the first record that breaks it, and how.
 */
import type { Executor } from '../../db/database.js';
import * as venue from '../venue/venue.service.js';
import type { Ctx } from '../shared/context.js';
import { canonicalJson, GENESIS, recordHash, type Canonical } from './fiscal.canonical.js';
import { CHAINS, groupBy, orderRecord, paymentRecord, TICKETS } from './fiscal.chain.js';
import {
  addClosure,
  addTicket,
  closuresOf,
  CLOSURES,
  emptySums,
  sumsContent,
  type ClosureRecord,
  type Sums,
} from './fiscal.closures.js';
import { withoutNames } from './fiscal.content.js';
import { keyFingerprint } from './fiscal.heads.js';
import { keysMatch, publicKeyPem, signatureHolds } from './fiscal.keys.js';
import * as repo from './fiscal.repository.js';
import type { RecordRow } from './fiscal.repository.js';

export type ProblemKind =
  | 'no_key'
  | 'key_changed'
  | 'missing'
  | 'unlinked'
  | 'altered'
  | 'signature'
  | 'row_changed'
  | 'row_missing'
  | 'unrecorded'
  | 'removed_at_end'
  | 'closure_mismatch'
  | 'heads_unreadable'
  | 'heads_other_key';

export interface Problem {
  chain: string;
  /** the record's position in its chain (null: a live row no record names) */
  seq: number | null;
  /** what the record is: "sale 42", "payment of order 42", "event initialisation" */
  record: string;
  problem: ProblemKind;
  detail: string;
}

export interface ChainState {
  chain: string;
  records: number;
  head: { seq: number; hash: string } | null;
}

/** A chain's last record as kept apart from the database (docs/FISCAL.md, "head kept apart"). */
export interface KeptHead {
  chain: string;
  seq: number;
  hash: string;
}

export interface Verification {
  ok: boolean;
  chains: ChainState[];
  problems: Problem[];
  /** how many problems were found in all (the list stops at MAX_PROBLEMS) */
  problemCount: number;
  publicKey: string | null;
}

const MAX_PROBLEMS = 20;
const BATCH = 1000;

class Findings {
  list: Problem[] = [];
  count = 0;
  add(p: Problem) {
    this.count += 1;
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
  }
}

const describe = (r: Pick<RecordRow, 'chain' | 'kind' | 'content'>): string => {
  const c = parsed(r.content);
  if (r.kind === 'payment') return `payment of order ${String(c?.order ?? '?')}`;
  if (r.chain === TICKETS)
    return `${r.kind === 'credit_note' ? 'credit note' : 'sale'} ${String(c?.number ?? '?')}`;
  return `event ${r.kind}`;
};

function parsed(text: string): { [key: string]: Canonical } | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as { [key: string]: Canonical }) : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies every chain of the shop; `kept`: the heads kept apart, if any. */
export async function verifyShop(
  ctx: Ctx,
  keptApart: readonly KeptHead[] = [],
  options: {
    headsProblem?: string | undefined;
    headsKey?: string | null;
    headsFile?: string | undefined;
  } = {},
): Promise<Verification> {
  const found = new Findings();
  let kept = keptApart;
  if (options.headsProblem)
    found.add({
      chain: TICKETS,
      seq: null,
      record: 'the heads kept apart',
      problem: 'heads_unreadable',
      detail: `The file of the heads kept apart cannot be read (${options.headsProblem}): it was changed or damaged, so a database put back cannot be told.`,
    });
  const key = await repo.publicKeyOf(ctx.db, ctx.shopId);
  // a shop that has recorded nothing has no chain yet: nothing is missing
  const started =
    key !== undefined ||
    (await repo.chainsOf(ctx.db, ctx.shopId)).length > 0 ||
    (await repo.hasRecordedOrders(ctx.db, ctx.shopId));
  if (!key && started) {
    found.add({
      chain: TICKETS,
      seq: null,
      record: 'the shop',
      problem: 'no_key',
      detail: 'The shop has no signing key: its chain never started, or the key was deleted.',
    });
  } else if (key && !keysMatch(key.public_key, key.private_key)) {
    found.add({
      chain: TICKETS,
      seq: null,
      record: 'the shop',
      problem: 'key_changed',
      detail: "The shop's private key is not the one of its public key: a key was replaced.",
    });
  }
  if (key && options.headsKey && options.headsKey !== keyFingerprint(key.public_key)) {
    found.add({
      chain: TICKETS,
      seq: null,
      record: 'the heads kept apart',
      problem: 'heads_other_key',
      detail: `The heads kept apart in ${options.headsFile ?? 'their file'} were written for another key of this shop: the database was made again, or its key replaced. If the database was made again on purpose, move that file aside (keep it).`,
    });
    kept = [];
  }
  const chains = [...new Set([...CHAINS, ...(await repo.chainsOf(ctx.db, ctx.shopId))])];
  const states: ChainState[] = [];
  const live = await liveChecker(ctx);
  for (const chain of chains) {
    const state = await walk(ctx.db, ctx.shopId, chain, key?.public_key, found, live);
    states.push(state);
    for (const h of kept.filter((k) => k.chain === chain))
      checkKept(state, h, found, await recordAt(ctx.db, ctx.shopId, chain, h.seq));
  }
  if (live) await live.unrecorded(found);
  await checkClosures(
    ctx,
    states.find((c) => c.chain === TICKETS),
    found,
  );
  return {
    ok: found.count === 0,
    chains: states,
    problems: found.list,
    problemCount: found.count,
    publicKey: key ? pemOrNull(key.public_key) : null,
  };
}

async function recordAt(db: Executor, shopId: number, chain: string, seq: number) {
  return (await repo.recordsAfter(db, shopId, chain, seq - 1, 1)).find((r) => r.seq === seq);
}

function checkKept(state: ChainState, h: KeptHead, found: Findings, atHead: RecordRow | undefined) {
  const last = state.head?.seq ?? 0;
  if (last < h.seq)
    found.add({
      chain: h.chain,
      seq: h.seq,
      record: `record ${h.seq}`,
      problem: 'removed_at_end',
      detail: `The head kept apart names record ${h.seq} of the ${h.chain} chain, but the chain ends at ${last}: records were removed at the end, or an older copy of the database was restored.`,
    });
  else if (atHead && atHead.hash !== h.hash)
    found.add({
      chain: h.chain,
      seq: h.seq,
      record: describe(atHead),
      problem: 'altered',
      detail: `Record ${h.seq} is not the one the head kept apart names (hash ${h.hash.slice(0, 12)}…): the chain was written again from there or before.`,
    });
}

async function walk(
  db: Executor,
  shopId: number,
  chain: string,
  publicKey: string | undefined,
  found: Findings,
  live: LiveChecker | undefined,
): Promise<ChainState> {
  let expected = 1;
  let prevHash = GENESIS;
  let count = 0;
  let last: RecordRow | undefined;
  for (let after = 0; ;) {
    const rows = await repo.recordsAfter(db, shopId, chain, after, BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      const what = describe(r);
      if (r.seq !== expected)
        found.add({
          chain,
          seq: expected,
          record: `record ${expected}`,
          problem: 'missing',
          detail: `Records ${expected}${r.seq - 1 > expected ? `–${r.seq - 1}` : ''} of the ${chain} chain are missing: the next one is ${r.seq} (${what}).`,
        });
      else if (r.prev_hash !== prevHash)
        found.add({
          chain,
          seq: r.seq,
          record: what,
          problem: 'unlinked',
          detail: `Record ${r.seq} (${what}) does not follow record ${r.seq - 1}: its previous hash is not that record's hash (records reordered, or one before it replaced).`,
        });
      if (recordHash(chain, r.seq, r.prev_hash, r.content) !== r.hash)
        found.add({
          chain,
          seq: r.seq,
          record: what,
          problem: 'altered',
          detail: `Record ${r.seq} (${what}) does not match its hash: its content or its place was changed.`,
        });
      else if (publicKey && !signatureHolds(publicKey, r.hash, r.signature))
        found.add({
          chain,
          seq: r.seq,
          record: what,
          problem: 'signature',
          detail: `Record ${r.seq} (${what}) is not signed by the shop's key.`,
        });
      expected = r.seq + 1;
      prevHash = r.hash;
      count += 1;
      last = r;
    }
    if (live && chain === TICKETS) await live.check(rows, found);
    after = rows[rows.length - 1]!.seq;
  }
  return { chain, records: count, head: last ? { seq: last.seq, hash: last.hash } : null };
}

interface LiveChecker {
  check(rows: RecordRow[], found: Findings): Promise<void>;
  unrecorded(found: Findings): Promise<void>;
}

/** Compares ticket records with the live rows they record. */
async function liveChecker(ctx: Ctx): Promise<LiveChecker> {
  const { db, shopId } = ctx;
  const laterPayments = new Set(await repo.paymentsWithRecords(db, shopId));
  const methods = new Map(
    (await venue.paymentMethods(ctx)).map((m) => [m.id, { name: m.name, type: m.type }]),
  );
  const differ = (r: RecordRow, what: string, detail: string) =>
    ({ chain: TICKETS, seq: r.seq, record: what, problem: 'row_changed', detail }) as const;
  return {
    async check(rows, found) {
      const ids = [...new Set(rows.flatMap((r) => (r.order_id === null ? [] : [r.order_id])))];
      const orders = new Map((await repo.ordersByIds(db, shopId, ids)).map((o) => [o.id, o]));
      const lines = groupBy(await repo.linesOfOrders(db, shopId, ids), (l) => l.order_id);
      const payments = groupBy(await repo.paymentsOfOrders(db, shopId, ids), (p) => p.order_id);
      const originals = [...orders.values()].flatMap((o) => (o.refund_of === null ? [] : [o.refund_of]));
      const numbers = new Map(
        (await repo.numbersOf(db, shopId, [...originals, ...ids])).map((o) => [o.id, o.number]),
      );
      for (const r of rows) {
        if (r.order_id === null) continue;
        const what = describe(r);
        const stored = parsed(r.content);
        const order = orders.get(r.order_id);
        if (!stored) continue; // its hash check has named it
        if (!order) {
          found.add({
            chain: TICKETS,
            seq: r.seq,
            record: what,
            problem: 'row_missing',
            detail: `Record ${r.seq} (${what}): its order is gone from the orders.`,
          });
          continue;
        }
        if (r.kind !== 'payment' && order.status !== 'validated') {
          found.add(
            differ(
              r,
              what,
              `Record ${r.seq} (${what}) no longer matches its rows: status: recorded validated, now ${order.status}.`,
            ),
          );
          continue;
        }
        let liveContent: { [key: string]: Canonical };
        if (r.kind === 'payment') {
          const p = (payments.get(order.id) ?? []).find((x) => x.id === r.payment_id);
          if (!p) {
            found.add({
              chain: TICKETS,
              seq: r.seq,
              record: what,
              problem: 'row_missing',
              detail: `Record ${r.seq} (${what}): the payment is gone from the payments.`,
            });
            continue;
          }
          liveContent = paymentRecord(numbers.get(order.id) ?? null, p, methods).content;
        } else {
          const paid = (payments.get(order.id) ?? []).filter((p) => !laterPayments.has(p.id));
          liveContent = orderRecord(
            order,
            lines.get(order.id) ?? [],
            paid.map((p) => ({
              method: null,
              type: methods.get(p.method_id)?.type ?? null,
              amount: p.amount,
              at: p.created_at,
            })),
            { cashbox: null, user: null },
            order.refund_of === null ? null : (numbers.get(order.refund_of) ?? null),
          ).content;
        }
        const difference = firstDifference(withoutNames(stored), withoutNames(liveContent));
        if (difference)
          found.add(differ(r, what, `Record ${r.seq} (${what}) no longer matches its rows: ${difference}.`));
      }
    },
    async unrecorded(found) {
      for (const o of await repo.ordersNotChained(db, shopId, 0, MAX_PROBLEMS, true))
        found.add({
          chain: TICKETS,
          seq: null,
          record: `${o.refund_of === null ? 'sale' : 'credit note'} ${o.number}`,
          problem: 'unrecorded',
          detail: `Order ${o.number ?? `id ${o.id} (no number)`} is validated but in no record of the chain: it was written outside Comptoir.`,
        });
    },
  };
}

/** The first path where two contents differ, said for a person ("lines[1].unitPrice: recorded 350, now 400"). */
export function firstDifference(recorded: Canonical, now: Canonical, path = ''): string | undefined {
  if (canonicalJson(recorded) === canonicalJson(now)) return undefined;
  if (Array.isArray(recorded) && Array.isArray(now)) {
    if (recorded.length !== now.length)
      return `${path || 'the record'} has ${recorded.length} entries recorded, ${now.length} now`;
    for (let i = 0; i < recorded.length; i++) {
      const d = firstDifference(recorded[i] as Canonical, now[i] as Canonical, `${path}[${i}]`);
      if (d) return d;
    }
  }
  if (
    recorded &&
    now &&
    typeof recorded === 'object' &&
    typeof now === 'object' &&
    !Array.isArray(recorded) &&
    !Array.isArray(now)
  ) {
    for (const k of [...new Set([...Object.keys(recorded), ...Object.keys(now)])].sort()) {
      const d = firstDifference(
        (recorded[k] ?? null) as Canonical,
        (now[k] ?? null) as Canonical,
        path ? `${path}.${k}` : k,
      );
      if (d) return d;
    }
  }
  return `${path}: recorded ${canonicalJson(recorded)}, now ${canonicalJson(now)}`;
}

/**
 * Each closure against what it sums: a day's figures against the ticket records of its range, a month's
 * against its days, a year's against its months; and the last day closure's range against the ticket
 * chain (records removed at the end of the chain show here, even with no head kept apart).
 */
async function checkClosures(ctx: Ctx, tickets: ChainState | undefined, found: Findings): Promise<void> {
  const closures = await closuresOf(ctx);
  const days = closures.filter((c) => c.kind === 'day');
  const lastDay = days.at(-1);
  const to = lastDay ? Number((lastDay.content.tickets as { to?: number } | undefined)?.to ?? 0) : 0;
  const end = tickets?.head?.seq ?? 0;
  if (lastDay && end < to)
    found.add({
      chain: TICKETS,
      seq: to,
      record: `record ${to}`,
      problem: 'removed_at_end',
      detail: `Z ${String(lastDay.content.number)} (${String(lastDay.content.period)}) closed the ticket chain up to record ${to}, but the chain ends at ${end}: records were removed at the end.`,
    });
  const mismatch = (c: ClosureRecord, sums: Sums) => {
    const difference = firstDifference(sumsOf(c.content), sumsContent(sums));
    if (difference)
      found.add({
        chain: CLOSURES,
        seq: c.seq,
        record: `${c.kind} closure ${periodOf(c)}`,
        problem: 'closure_mismatch',
        detail: `The ${c.kind} closure of ${periodOf(c)} does not add up to what it closes: ${difference}.`,
      });
  };
  const wrong = (c: ClosureRecord, what: string) =>
    found.add({
      chain: CLOSURES,
      seq: c.seq,
      record: `${c.kind} closure ${periodOf(c)}`,
      problem: 'closure_mismatch',
      detail: `The ${c.kind} closure of ${periodOf(c)} ${what}.`,
    });
  // each kind's closures in sequence: Z numbers 1, 2, …; each Z's range where the last one ended;
  // grand totals that add up
  for (const kind of ['day', 'month', 'year'] as const) {
    let perpetual = 0;
    let to = 0;
    closures
      .filter((c) => c.kind === kind)
      .forEach((c, i) => {
        const totals = (c.content.totals ?? {}) as { ttc?: number };
        const grand = (c.content.grandTotal ?? {}) as { period?: number; perpetual?: number };
        perpetual += totals.ttc ?? 0;
        if (grand.period !== totals.ttc || grand.perpetual !== perpetual)
          wrong(
            c,
            `has grand totals that do not add up (period ${String(grand.period)}, perpetual ${String(grand.perpetual)}; the closures make ${String(totals.ttc)} and ${perpetual})`,
          );
        if (kind !== 'day') return;
        if (c.content.number !== i + 1)
          wrong(c, `is numbered Z ${String(c.content.number)}, but is the Z number ${i + 1}`);
        const range = (c.content.tickets ?? {}) as { from?: number; to?: number };
        if (range.from !== to + 1)
          wrong(
            c,
            `starts at ticket record ${String(range.from)}, not where the Z before it ended (${to + 1})`,
          );
        to = range.to ?? to;
      });
  }
  let at = 0;
  let sums = emptySums();
  for (let after = 0; at < days.length;) {
    const rows = await repo.recordsAfter(ctx.db, ctx.shopId, TICKETS, after, BATCH);
    for (const r of rows) {
      while (at < days.length && r.seq > rangeEnd(days[at]!)) {
        mismatch(days[at]!, sums);
        sums = emptySums();
        at += 1;
      }
      const content = parsed(r.content);
      if (content) addTicket(sums, content);
      const closing = days[at];
      if (closing && r.seq === rangeEnd(closing)) {
        const hash = (closing.content.tickets as { hash?: unknown } | undefined)?.hash;
        if (hash !== r.hash)
          wrong(
            closing,
            `closed on ticket record ${r.seq} with another hash than that record's: the tickets were written again`,
          );
      }
    }
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.seq;
  }
  for (; at < days.length; at++) {
    mismatch(days[at]!, sums);
    sums = emptySums();
  }
  for (const [kind, below, cut] of [
    ['month', 'day', 7],
    ['year', 'month', 4],
  ] as const)
    for (const c of closures.filter((x) => x.kind === kind)) {
      const total = emptySums();
      for (const b of closures.filter(
        (x) => x.kind === below && String(x.content.period).slice(0, cut) === c.content.period,
      ))
        addClosure(total, b.content);
      mismatch(c, total);
    }
}

const rangeEnd = (c: ClosureRecord) => Number((c.content.tickets as { to?: number } | undefined)?.to ?? 0);

/** The figures a closure's content holds, in the form sumsContent writes them. */
function sumsOf(c: { [key: string]: Canonical }): { [key: string]: Canonical } {
  return {
    counts: c.counts ?? null,
    totals: c.totals ?? null,
    vat: c.vat ?? null,
    payments: c.payments ?? null,
  };
}

function pemOrNull(publicKey: string): string | null {
  try {
    return publicKeyPem(publicKey);
  } catch {
    return null; // a key that does not read: key_changed names it
  }
}

/** A closure's period as a person reads it (a record that does not parse has none: its place then). */
const periodOf = (c: ClosureRecord) =>
  typeof c.content.period === 'string' ? c.content.period : `(record ${c.seq}, unreadable)`;
