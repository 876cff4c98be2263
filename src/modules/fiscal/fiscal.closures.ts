/**
 * Closures (docs/FISCAL.md): the day's (Z), the month's and the year's totals, written as records of
 * the shop's `closure` chain, immutable and signed like every record.
 *
 * A day closure covers the ticket records written since the previous one (a range of the ticket chain,
 * so nothing is ever recorded into a closed period: a record always comes after the last closure's
 * range): totals TTC, HT and VAT per rate, per payment method, counts, credit notes, the period's grand
 * total and the perpetual grand total. The server closes each business day at the shop's close hour
 * (and, after a stop, each day it missed, at its next start); an owner may close sooner
 * ({{close_day}}): the next closure then starts after it. A month is closed with its last day, a year
 * with its last month, each summing the closures it holds.
 */
import type { Db } from '../../db/database.js';
import { WrongStateError } from '../../domain/errors.js';
import type { ShopListener } from '../shops/shops.events.js';
import { addDays, businessDayOf } from '../../domain/time.js';
import { inTransaction, type Ctx } from '../shared/context.js';
import { allShops, currentShop, lockShop, shopClock } from '../shops/shops.service.js';
import type { Canonical } from './fiscal.canonical.js';
import { appendRecords, EVENTS, eventRecord, type NewRecord } from './fiscal.chain.js';
import * as repo from './fiscal.repository.js';

export const CLOSURES = 'closure';

type Content = { [key: string]: Canonical };

interface Rate {
  rateBp: number;
  ht: number;
  vat: number;
  ttc: number;
}
interface Paid {
  method: string | null;
  type: string | null;
  amount: number;
}
/** What a closure adds up: the same for a day (from records) and a month or year (from closures). */
export interface Sums {
  sales: number;
  creditNotes: number;
  payments: number;
  ttc: number;
  ht: number;
  vat: number;
  creditNotesTtc: number;
  rates: Rate[];
  paid: Paid[];
}

export const emptySums = (): Sums => ({
  sales: 0,
  creditNotes: 0,
  payments: 0,
  ttc: 0,
  ht: 0,
  vat: 0,
  creditNotesTtc: 0,
  rates: [],
  paid: [],
});

function addRate(sums: Sums, r: Rate) {
  const kept = sums.rates.find((x) => x.rateBp === r.rateBp);
  if (kept) {
    kept.ht += r.ht;
    kept.vat += r.vat;
    kept.ttc += r.ttc;
  } else sums.rates.push({ ...r });
}
function addPaid(sums: Sums, p: Paid) {
  const kept = sums.paid.find((x) => x.method === p.method && x.type === p.type);
  if (kept) kept.amount += p.amount;
  else sums.paid.push({ ...p });
}

const num = (v: Canonical | undefined): number => (typeof v === 'number' ? v : 0);
const text = (v: Canonical | undefined): string | null => (typeof v === 'string' ? v : null);

/** Adds a ticket record's content (a sale, a credit note, a later payment) to `sums`. */
export function addTicket(sums: Sums, c: Content): void {
  if (c.kind === 'payment') {
    sums.payments += 1;
    addPaid(sums, { method: text(c.method), type: text(c.type), amount: num(c.amount) });
    return;
  }
  const totals = (c.totals ?? {}) as Content;
  if (c.kind === 'credit_note') {
    sums.creditNotes += 1;
    sums.creditNotesTtc += num(totals.ttc);
  } else sums.sales += 1;
  sums.ttc += num(totals.ttc);
  sums.ht += num(totals.ht);
  sums.vat += num(totals.vat);
  for (const r of (c.vat ?? []) as Content[])
    addRate(sums, { rateBp: num(r.rateBp), ht: num(r.ht), vat: num(r.vat), ttc: num(r.ttc) });
  for (const p of (c.payments ?? []) as Content[]) {
    sums.payments += 1;
    addPaid(sums, { method: text(p.method), type: text(p.type), amount: num(p.amount) });
  }
}

/** Adds a closure's sums to `sums` (a month from its days, a year from its months). */
export function addClosure(sums: Sums, c: Content): void {
  const counts = (c.counts ?? {}) as Content;
  const totals = (c.totals ?? {}) as Content;
  sums.sales += num(counts.sales);
  sums.creditNotes += num(counts.creditNotes);
  sums.payments += num(counts.payments);
  sums.ttc += num(totals.ttc);
  sums.ht += num(totals.ht);
  sums.vat += num(totals.vat);
  sums.creditNotesTtc += num(totals.creditNotesTtc);
  for (const r of (c.vat ?? []) as Content[])
    addRate(sums, { rateBp: num(r.rateBp), ht: num(r.ht), vat: num(r.vat), ttc: num(r.ttc) });
  for (const p of (c.payments ?? []) as Content[])
    addPaid(sums, { method: text(p.method), type: text(p.type), amount: num(p.amount) });
}

/** The figures of a closure's content, in a fixed order (what its hash covers). */
export function sumsContent(s: Sums): Content {
  return {
    counts: { sales: s.sales, creditNotes: s.creditNotes, payments: s.payments },
    totals: { ttc: s.ttc, ht: s.ht, vat: s.vat, creditNotesTtc: s.creditNotesTtc },
    vat: [...s.rates].sort((a, b) => a.rateBp - b.rateBp).map((r) => ({ ...r })),
    payments: [...s.paid]
      .sort((a, b) => `${a.type}/${a.method}`.localeCompare(`${b.type}/${b.method}`))
      .map((p) => ({ ...p })),
  };
}

export interface ClosureRecord {
  seq: number;
  kind: string;
  content: Content;
  hash: string;
}

function parse(r: { seq: number; kind: string; content: string; hash: string }): ClosureRecord {
  let content: Content = {};
  try {
    content = JSON.parse(r.content) as Content;
  } catch {
    // a record changed into what does not parse counts for nothing here; its verification names it
  }
  return { seq: r.seq, kind: r.kind, content, hash: r.hash };
}

/** Every closure of the shop, oldest first. */
export async function closuresOf(ctx: Pick<Ctx, 'db' | 'shopId'>): Promise<ClosureRecord[]> {
  const all: ClosureRecord[] = [];
  for (let after = 0; ;) {
    const rows = await repo.recordsAfter(ctx.db, ctx.shopId, CLOSURES, after, 1000);
    if (rows.length === 0) return all;
    all.push(...rows.map(parse));
    after = rows[rows.length - 1]!.seq;
  }
}

const lastOf = (closures: ClosureRecord[], kind: string) => closures.filter((c) => c.kind === kind).at(-1);

/** Where the last day closure's range of the ticket chain ends (0: none yet). */
export const ticketsClosedTo = (closures: ClosureRecord[]) =>
  num(((lastOf(closures, 'day')?.content.tickets ?? {}) as Content).to);

const perpetualOf = (closures: ClosureRecord[], kind: string) =>
  num(((lastOf(closures, kind)?.content.grandTotal ?? {}) as Content).perpetual);

export interface CloseResult {
  /** the closures made, oldest first (none: nothing to close) */
  made: ClosureRecord[];
  last: ClosureRecord | undefined;
}

/**
 * Closes what is due, in the open transaction, under the shop's lock. `manual`: the owner closes now —
 * one day closure of every ticket record since the last one, named after today's business day. Else
 * (the close hour, a start): one closure per business day before today that holds records not closed
 * yet, each taking the records of the chain up to the last one of its day. Then each month and year
 * that is over and has day closures but no closure of its own.
 */
export async function closeDue(ctx: Ctx, manual: boolean): Promise<CloseResult> {
  await lockShop(ctx);
  const shop = await currentShop(ctx);
  const now = ctx.clock();
  const today = businessDayOf(now, shopClock(shop));
  const closures = await closuresOf(ctx);
  const made: NewRecord[] = [];
  let closedTo = ticketsClosedTo(closures);
  let perpetual = perpetualOf(closures, 'day');
  let zNumber = closures.filter((c) => c.kind === 'day').length;
  const dayRecord = (period: string, sums: Sums, last: ClosureRecord | undefined): NewRecord => {
    perpetual += sums.ttc;
    zNumber += 1;
    const content: Content = {
      kind: 'day',
      number: zNumber,
      period,
      closedAt: now.toISOString(),
      manual,
      tickets: { from: closedTo + 1, to: last ? last.seq : closedTo, hash: last ? last.hash : null },
      ...sumsContent(sums),
      grandTotal: { period: sums.ttc, perpetual },
    };
    if (last) closedTo = last.seq;
    return { kind: 'day', order_id: null, payment_id: null, content };
  };
  // the ticket records not closed yet, a page at a time (a first start may close years of history)
  // a record of a business day closed (a clock that went back, history out of order) goes into the
  // first day still open (firstOpenDay): nothing is ever added to a closed day or month
  const open = firstOpenDay(closures);
  const placed = (d: string): string => (open !== undefined && d < open ? open : d);
  let day: string | undefined;
  let sums = emptySums();
  let last: ClosureRecord | undefined;
  walk: for (let from = closedTo; ;) {
    const rows = await repo.recordsAfter(ctx.db, ctx.shopId, 'ticket', from, 1000);
    if (rows.length === 0) break;
    for (const row of rows) {
      const r = parse(row);
      const its = placed(typeof r.content.day === 'string' ? r.content.day : today);
      if (!manual) {
        if (its >= today) break walk; // today stays open until its close hour
        if (day !== undefined && its > day) {
          made.push(dayRecord(day, sums, last));
          sums = emptySums();
        }
        if (day === undefined || its > day) day = its;
      }
      addTicket(sums, r.content);
      last = r;
    }
    from = rows[rows.length - 1]!.seq;
  }
  if (manual && last)
    made.push(dayRecord(today, sums, last)); // nothing since the last Z: no empty one
  else if (day !== undefined && last && last.seq > closedTo) made.push(dayRecord(day, sums, last));
  const days = [
    ...closures,
    ...made.map((m, i) => ({ seq: -i, kind: m.kind, content: m.content, hash: '' })),
  ];
  made.push(...periodClosures(days, 'month', today.slice(0, 7), (p) => p.slice(0, 7), now));
  const withMonths = [
    ...days,
    ...made
      .filter((m) => m.kind === 'month')
      .map((m) => ({ seq: 0, kind: m.kind, content: m.content, hash: '' })),
  ];
  made.push(...periodClosures(withMonths, 'year', today.slice(0, 4), (p) => p.slice(0, 4), now));
  if (made.length === 0) return { made: [], last: closures.at(-1) };
  await appendRecords(ctx, CLOSURES, made, true);
  await appendRecords(
    ctx,
    EVENTS,
    [
      eventRecord('closure', now, {
        manual,
        closures: made.map((m) => ({
          kind: m.kind,
          period: m.content.period ?? null,
          number: m.content.number ?? null,
        })),
      }),
    ],
    true,
  );
  const after = await closuresOf(ctx);
  return { made: after.slice(after.length - made.length), last: after.at(-1) };
}

/**
 * A closure of each `kind` period (month, year) before `current` that holds closures of the level
 * below and has none of its own yet.
 */
function periodClosures(
  closures: ClosureRecord[],
  kind: 'month' | 'year',
  current: string,
  periodOf: (period: string) => string,
  now: Date,
): NewRecord[] {
  const below = kind === 'month' ? 'day' : 'month';
  const done = new Set(closures.filter((c) => c.kind === kind).map((c) => String(c.content.period)));
  const periods = [
    ...new Set(closures.filter((c) => c.kind === below).map((c) => periodOf(String(c.content.period)))),
  ].filter((p) => p < current && !done.has(p));
  let perpetual = perpetualOf(closures, kind);
  return periods.sort().map((period) => {
    const sums = emptySums();
    const held = closures.filter((c) => c.kind === below && periodOf(String(c.content.period)) === period);
    for (const c of held) addClosure(sums, c.content);
    perpetual += sums.ttc;
    return {
      kind,
      order_id: null,
      payment_id: null,
      content: {
        kind,
        period,
        closedAt: now.toISOString(),
        closures: held.length,
        ...sumsContent(sums),
        grandTotal: { period: sums.ttc, perpetual },
      },
    };
  });
}

export async function ticketsAfter(ctx: Pick<Ctx, 'db' | 'shopId'>, after: number) {
  const all: ClosureRecord[] = [];
  for (let from = after; ;) {
    const rows = await repo.recordsAfter(ctx.db, ctx.shopId, 'ticket', from, 1000);
    if (rows.length === 0) return all;
    all.push(...rows.map(parse));
    from = rows[rows.length - 1]!.seq;
  }
}

/** Closes what is due in every shop (the close hour, a start); returns how many closures were made. */
export async function closeDueEverywhere(
  db: Db,
  ctxOf: (shopId: number) => Ctx,
  onError: (shopId: number, error: unknown) => void = (_, error) => {
    throw error;
  },
): Promise<number> {
  let made = 0;
  for (const shop of await allShops(db)) {
    const ctx = ctxOf(shop.id);
    try {
      made += (await inTransaction(ctx, (tx) => closeDue(tx, false))).made.length;
    } catch (error) {
      onError(shop.id, error); // one shop's failure never keeps the others from closing
    }
  }
  return made;
}

/**
 * Runs the closures at each shop's close hour: every minute, a shop whose business day has changed
 * since it was last looked at is closed (a day, and a month or year that ended with it). Returns a stop.
 */
const FIRST_LOOK_MS = 2000;

export function closeAtCloseHours(
  db: Db,
  ctxOf: (shopId: number) => Ctx,
  onError: (shopId: number | undefined, error: unknown) => void,
  everyMs = 60_000,
): () => void {
  const lastDay = new Map<number, string>();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const shop of await allShops(db)) {
        const ctx = ctxOf(shop.id);
        const day = businessDayOf(ctx.clock(), shopClock(shop));
        if (lastDay.get(shop.id) === day) continue;
        try {
          await inTransaction(ctx, (tx) => closeDue(tx, false));
          lastDay.set(shop.id, day);
        } catch (error) {
          onError(shop.id, error); // tried again at the next tick; the other shops close meanwhile
        }
      }
    } catch (error) {
      onError(undefined, error);
    } finally {
      running = false;
    }
  };
  // the first look a moment after the start (catching up may take a while): a server answers first
  const first = setTimeout(() => void tick(), FIRST_LOOK_MS);
  first.unref();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/** The last business day a day closure closed (undefined: none yet). */
export async function lastClosedDay(ctx: Pick<Ctx, 'db' | 'shopId'>): Promise<string | undefined> {
  const period = lastOf(await closuresOf(ctx), 'day')?.content.period;
  return typeof period === 'string' ? period : undefined;
}

/**
 * The fiscal chain as a listener of the shop's clock: a new time zone or close hour that would place
 * the present moment in a business day already closed is refused (a sale would then belong to a
 * closed day).
 */
export const closuresClockListener: ShopListener = {
  // after the shop's lock (a closure takes it too), with the new clock stored
  async clockChanged(ctx) {
    const shop = await currentShop(ctx);
    const today = businessDayOf(ctx.clock(), shopClock(shop));
    const open = firstOpenDay(await closuresOf(ctx));
    if (open !== undefined && today < open)
      throw new WrongStateError(
        'closeHour',
        `With this time zone and close hour, now would fall in business day ${today}, which is closed (its Z is made; the first day open is ${open}): sales cannot be recorded into a closed day. Make the change once the day that is open now has ended, or keep a clock that leaves it open.`,
      );
  },
};

/**
 * The first business day a record may still be closed into: the day after the last one closed at its
 * close hour — or that day itself when its last Z was made by an owner before its end (the rest of the
 * day follows in another Z) — and never a day of a month already closed. Undefined: nothing closed.
 */
export function firstOpenDay(closures: ClosureRecord[]): string | undefined {
  const z = lastOf(closures, 'day');
  const month = lastOf(closures, 'month')?.content.period;
  let open: string | undefined;
  if (z && typeof z.content.period === 'string')
    open = z.content.manual === true ? z.content.period : addDays(z.content.period, 1);
  if (typeof month === 'string') {
    const after = firstDayAfter(month);
    if (open === undefined || open < after) open = after;
  }
  return open;
}

/** The first day after month `m` (YYYY-MM). */
function firstDayAfter(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
}

/** The business day of the shop's last ticket record (undefined: none). */
export async function lastRecordedDay(ctx: Pick<Ctx, 'db' | 'shopId'>): Promise<string | undefined> {
  const head = await repo.headOf(ctx.db, ctx.shopId, 'ticket');
  if (!head) return undefined;
  const [r] = await repo.recordsAfter(ctx.db, ctx.shopId, 'ticket', head.seq - 1, 1);
  const day = r ? parse(r).content.day : undefined;
  return typeof day === 'string' ? day : undefined;
}
