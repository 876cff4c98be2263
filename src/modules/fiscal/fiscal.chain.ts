/**
 * The fiscal chains of each shop (docs/FISCAL.md), three per shop:
 * - `ticket`: every validated order and credit note (with its lines, VAT per rate, totals and the
 *   payments made in the same transaction) and every payment added later, in the order they were
 *   written. They share the shop's gap-free order numbers and its lock, so the chain is written where
 *   the number is taken, and a sale never waits on anything else;
 * - `closure`: day, month and year closures (fiscal.closures.ts), computed from the ticket records and
 *   verified against them;
 * - `event`: the technical event journal (its initialisation, archives, failed verifications).
 * A record holds its content as canonical JSON, the hash of the record before it, its own hash and
 * the shop's signature of it. Records are written in the use case's transaction, so a sale and its
 * record are committed together or not at all; under the shop's row lock, so two nodes never write
 * the same position (the primary key says so too). */
import type { Db, Executor } from '../../db/database.js';
import type { SalesListener, RecordedPayment, WrittenRows } from '../sales/sales.events.js';
import { afterCommit, beforeCommit, databaseOf, type Ctx } from '../shared/context.js';
import { headFileOf, keyFingerprint } from './fiscal.heads.js';
import { allShops, lockShop } from '../shops/shops.service.js';
import * as venue from '../venue/venue.service.js';
import { canonicalJson, GENESIS, recordHash, type Canonical } from './fiscal.canonical.js';
import { orderContent, paymentContent, type PaidWith } from './fiscal.content.js';
import { ALGORITHM, newKeyPair, signHash } from './fiscal.keys.js';
import * as repo from './fiscal.repository.js';
import type { LineRow, OrderRow } from './fiscal.types.js';

export const TICKETS = 'ticket';
export const EVENTS = 'event';
/** The chains of a shop (closures: fiscal.closures.ts). */
export const CHAINS = [TICKETS, 'closure', EVENTS] as const;

export interface NewRecord {
  kind: string;
  order_id: number | null;
  payment_id: number | null;
  content: { [key: string]: Canonical };
}

type KeyedCtx = Pick<Ctx, 'db' | 'shopId' | 'clock'>;

/**
 * Appends `records` to the shop's `chain`, in the open transaction: the shop's key is made first if it
 * has none (with the initialisation event of its journal). Takes the shop's row lock unless `locked`.
 */
export async function appendRecords(
  ctx: KeyedCtx,
  chain: string,
  records: NewRecord[],
  locked = false,
  { startIfNone = true } = {},
): Promise<boolean> {
  if (records.length === 0) return false;
  if (!locked) await lockShop(ctx);
  if (!startIfNone && !(await repo.publicKeyOf(ctx.db, ctx.shopId))) return false; // never a new key
  const head = await keyAndHead(ctx, chain);
  const recordedAt = ctx.clock().toISOString();
  let seq = head.seq ?? 0;
  let prev = head.hash ?? GENESIS;
  const rows = records.map((r) => {
    seq += 1;
    const content = canonicalJson(r.content);
    const hash = recordHash(chain, seq, prev, content);
    const row = {
      shop_id: ctx.shopId,
      chain,
      seq,
      kind: r.kind,
      order_id: r.order_id,
      payment_id: r.payment_id,
      recorded_at: recordedAt,
      content,
      prev_hash: prev,
      hash,
      signature: signHash(head.private_key, hash),
    };
    prev = hash;
    return row;
  });
  for (let at = 0; at < rows.length; at += 200) await repo.insertRecords(ctx.db, rows.slice(at, at + 200));
  const heads = headFileOf(databaseOf(ctx.db));
  const [shopId, last] = [ctx.shopId, seq];
  const key = keyFingerprint(head.public_key);
  if (heads)
    afterCommit(ctx, `fiscal-head:${shopId}:${chain}`, () => heads.note(shopId, key, chain, last, prev));
  return true;
}

/** Tells the heads kept apart where `shopId`'s chains end (after a bulk writer's own transaction). */
export async function noteHeads(db: Db, shopId: number): Promise<void> {
  const heads = headFileOf(db);
  const key = await repo.publicKeyOf(db, shopId);
  if (!heads || !key) return;
  for (const chain of await repo.chainsOf(db, shopId)) {
    const head = await repo.headOf(db, shopId, chain);
    if (head) heads.note(shopId, keyFingerprint(key.public_key), chain, head.seq, head.hash);
  }
}

// A shop's key never changes (a trigger refuses it): kept per database once read (never in the
// transaction that makes it, which could still roll back), so that a sale reads only its chain's last
// record.
const keys = new WeakMap<Db, Map<number, { private_key: string; public_key: string }>>();

async function keyAndHead(ctx: KeyedCtx, chain: string) {
  const db = databaseOf(ctx.db);
  const key = db && keys.get(db)?.get(ctx.shopId);
  if (key) {
    const last = await repo.headOf(ctx.db, ctx.shopId, chain);
    return { ...key, seq: last?.seq ?? null, hash: last?.hash ?? null };
  }
  const found = await repo.keyAndHead(ctx.db, ctx.shopId, chain);
  if (found && db) {
    const kept = keys.get(db) ?? new Map<number, { private_key: string; public_key: string }>();
    keys.set(db, kept);
    kept.set(ctx.shopId, { private_key: found.private_key, public_key: found.public_key });
  }
  if (found) return found;
  await startChain(ctx);
  const made = await repo.keyAndHead(ctx.db, ctx.shopId, chain);
  if (!made) throw new Error(`shop ${ctx.shopId} has no fiscal key`);
  return made;
}

/** Makes the shop's key if it has none; whether it did. The caller holds the shop's lock. */
async function makeKey(ctx: KeyedCtx): Promise<boolean> {
  if (await repo.publicKeyOf(ctx.db, ctx.shopId)) return false;
  const at = ctx.clock().toISOString();
  await repo.insertKey(ctx.db, {
    shop_id: ctx.shopId,
    algorithm: ALGORITHM,
    ...newKeyPair(),
    created_at: at,
  });
  return true;
}

/** An event of the shop's journal (the `event` chain). */
export const eventRecord = (kind: string, at: Date, facts: { [key: string]: Canonical }): NewRecord => ({
  kind,
  order_id: null,
  payment_id: null,
  content: { kind, at: at.toISOString(), ...facts },
});

/** Makes the shop's key, once, and opens its journal with the initialisation event. */
async function startChain(ctx: KeyedCtx): Promise<void> {
  if (await makeKey(ctx))
    await appendRecords(ctx, EVENTS, [eventRecord('initialisation', ctx.clock(), { orders: 0 })], true);
}

// — the listener of sales: what one transaction told, written as records before it commits —

type Entry =
  | { kind: 'order'; orderId: number; written?: WrittenRows; creditOf?: number; payments: RecordedPayment[] }
  | { kind: 'payment'; payment: RecordedPayment };

const pending = new WeakMap<Executor, Entry[]>();

function entriesOf(ctx: Ctx): Entry[] {
  let entries = pending.get(ctx.db);
  if (!entries) {
    const list: Entry[] = [];
    entries = list;
    pending.set(ctx.db, list);
    beforeCommit(ctx, 'fiscal-chain', () => writeEntries(ctx, list));
  }
  return entries;
}

export const fiscalListener: SalesListener = {
  async orderValidated(ctx, orderId, written) {
    entriesOf(ctx).push({ kind: 'order', orderId, ...(written ? { written } : {}), payments: [] });
  },
  async creditNoteIssued(ctx, creditNoteId, originalId) {
    entriesOf(ctx).push({ kind: 'order', orderId: creditNoteId, creditOf: originalId, payments: [] });
  },
  async paymentRecorded(ctx, payment) {
    const entries = entriesOf(ctx);
    const order = entries.find((e) => e.kind === 'order' && e.orderId === payment.order_id);
    if (order?.kind === 'order') order.payments.push(payment);
    else entries.push({ kind: 'payment', payment });
  },
};

async function writeEntries(ctx: Ctx, entries: Entry[]): Promise<void> {
  const unread = entries.flatMap((e) => (e.kind === 'order' && !e.written ? [e.orderId] : []));
  const orders = new Map((await repo.ordersByIds(ctx.db, ctx.shopId, unread)).map((o) => [o.id, o]));
  const lines = groupBy(await repo.linesOfOrders(ctx.db, ctx.shopId, unread), (l) => l.order_id);
  const others = entries.flatMap((e) =>
    e.kind === 'payment' ? [e.payment.order_id] : e.creditOf !== undefined ? [e.creditOf] : [],
  );
  const numbers = new Map((await repo.numbersOf(ctx.db, ctx.shopId, others)).map((o) => [o.id, o.number]));
  const records: NewRecord[] = [];
  for (const e of entries) {
    if (e.kind === 'payment') {
      const names = await venue.receiptNames(ctx, null, null, [e.payment.method_id]);
      records.push(paymentRecord(numbers.get(e.payment.order_id) ?? null, e.payment, names.methods));
      continue;
    }
    const order = e.written?.order ?? orders.get(e.orderId);
    if (!order) throw new Error(`order ${e.orderId} was told validated but is not there`);
    const names = await venue.receiptNames(
      ctx,
      order.cashbox_id,
      order.user_id,
      e.payments.map((p) => p.method_id),
    );
    records.push(
      orderRecord(
        order,
        e.written?.lines ?? lines.get(e.orderId) ?? [],
        e.payments.map((p) => paidWith(p, names.methods)),
        names,
        e.creditOf === undefined ? null : (numbers.get(e.creditOf) ?? null),
      ),
    );
  }
  await appendRecords(ctx, TICKETS, records);
}

type Methods = Map<number, { name: string; type: string }>;

const paidWith = (
  p: { method_id: number; amount: number; created_at: string },
  methods: Methods,
): PaidWith => ({
  method: methods.get(p.method_id)?.name ?? null,
  type: methods.get(p.method_id)?.type ?? null,
  amount: p.amount,
  at: p.created_at,
});

export function orderRecord(
  order: OrderRow,
  lines: readonly LineRow[],
  payments: PaidWith[],
  names: { cashbox: string | null; user: string | null },
  refundOf: number | null,
): NewRecord {
  const content = orderContent(order, lines, payments, names, refundOf);
  return { kind: String(content.kind), order_id: order.id, payment_id: null, content };
}

export function paymentRecord(
  orderNumber: number | null,
  payment: {
    id: number;
    order_id: number;
    method_id: number;
    amount: number;
    created_at: string;
    business_day: string;
  },
  methods: Methods,
): NewRecord {
  const method = methods.get(payment.method_id);
  return {
    kind: 'payment',
    order_id: payment.order_id,
    payment_id: payment.id,
    content: paymentContent(orderNumber, payment, { name: method?.name ?? null, type: method?.type ?? null }),
  };
}

export function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

// — the chain of a shop that had history before it —

/** A payment within this time of its order's validation was made with it (history before the chain). */
const WITH_THE_ORDER_MS = 1000;
const BATCH = 500;

/**
 * Chains what a shop recorded before its chain started (a database from before issue 16, or history
 * written in bulk by `comptoir demo`): every validated order and credit note not in the chain yet, in
 * number order, each with the payments made within a second of it, followed by the payments added to it
 * later. The first time, this starts the chain and is told by the journal's initialisation event; later
 * (the demo adding history), by a `history_added` event. Returns how many orders it chained.
 */
export async function chainHistory(ctx: KeyedCtx): Promise<number> {
  await lockShop(ctx);
  const isNew = await makeKey(ctx);
  let count = 0;
  let first: number | null = null;
  let last: number | null = null;
  const later: { at: number; record: NewRecord }[] = []; // payments added after their order, by time
  for (let after = 0; ;) {
    const orders = await repo.ordersNotChained(ctx.db, ctx.shopId, after, BATCH);
    if (orders.length === 0) break;
    after = orders[orders.length - 1]!.number ?? after;
    const ids = orders.map((o) => o.id);
    const lines = groupBy(await repo.linesOfOrders(ctx.db, ctx.shopId, ids), (l) => l.order_id);
    const payments = groupBy(await repo.paymentsOfOrders(ctx.db, ctx.shopId, ids), (p) => p.order_id);
    const originals = orders.flatMap((o) => (o.refund_of === null ? [] : [o.refund_of]));
    const numbers = new Map(
      (await repo.numbersOf(ctx.db, ctx.shopId, originals)).map((o) => [o.id, o.number]),
    );
    const names = await namesFor(
      ctx,
      orders,
      [...payments.values()].flat().map((p) => p.method_id),
    );
    const records: NewRecord[] = [];
    for (const o of orders) {
      const paid = payments.get(o.id) ?? [];
      const validated = Date.parse(o.validated_at ?? o.created_at);
      const withIt = paid.filter((p) => Date.parse(p.created_at) - validated <= WITH_THE_ORDER_MS);
      // the payments added later take their place in time, between the orders validated since
      while (later.length > 0 && later[0]!.at <= validated) records.push(later.shift()!.record);
      records.push(
        orderRecord(
          o,
          lines.get(o.id) ?? [],
          withIt.map((p) => paidWith(p, names.methods)),
          {
            cashbox: names.cashboxes.get(o.cashbox_id ?? 0) ?? null,
            user: names.users.get(o.user_id ?? 0) ?? null,
          },
          o.refund_of === null ? null : (numbers.get(o.refund_of) ?? null),
        ),
      );
      for (const p of paid)
        if (!withIt.includes(p)) {
          const at = Date.parse(p.created_at);
          const record = paymentRecord(o.number, p, names.methods);
          const place = later.findIndex((x) => x.at > at);
          later.splice(place < 0 ? later.length : place, 0, { at, record });
        }
    }
    await appendRecords(ctx, TICKETS, records, true);
    count += orders.length;
    first ??= orders[0]!.number;
    last = orders[orders.length - 1]!.number;
  }
  if (later.length > 0)
    await appendRecords(
      ctx,
      TICKETS,
      later.splice(0).map((x) => x.record),
      true,
    );
  if (isNew || count > 0)
    await appendRecords(
      ctx,
      EVENTS,
      [
        eventRecord(isNew ? 'initialisation' : 'history_added', ctx.clock(), {
          orders: count,
          from: first,
          to: last,
        }),
      ],
      true,
    );
  return count;
}

async function namesFor(ctx: KeyedCtx, orders: OrderRow[], methodIds: number[]) {
  const c = ctx as Ctx; // the venue's name lookups read ctx.db and ctx.shopId only
  const cashboxes = await venue.cashboxNames(
    c,
    orders.flatMap((o) => (o.cashbox_id === null ? [] : [o.cashbox_id])),
  );
  const users = await venue.userNames(
    c,
    orders.flatMap((o) => (o.user_id === null ? [] : [o.user_id])),
  );
  const methods: Methods = new Map();
  for (const m of await venue.paymentMethods(c))
    if (methodIds.includes(m.id)) methods.set(m.id, { name: m.name, type: m.type });
  return { cashboxes, users, methods };
}

/**
 * Starts the chains of a database, at each start after the migrations. The first time (a database from
 * before the chain, or a new one), every shop's history is chained once. Afterwards a shop without a
 * key gets one only if it has recorded nothing (a shop made since): a shop whose key and records are
 * gone is never chained again from its rows — what was written outside Comptoir stays outside, and the
 * verification names it (no key, orders unrecorded). Returns the shops whose chain it started.
 */
export async function startEveryChain(db: Db, now: () => Date = () => new Date()): Promise<number> {
  const first = !(await repo.chainsStarted(db));
  const keyed = new Set(await repo.shopsWithKeys(db));
  let started = 0;
  for (const shop of await allShops(db)) {
    if (keyed.has(shop.id)) continue;
    if (!first && (await repo.hasRecordedOrders(db, shop.id))) continue;
    await db.transaction().execute(async (tx) => {
      const t = { db: tx, shopId: shop.id, clock: now };
      if (first) await chainHistory(t);
      else {
        await lockShop(t);
        await startChain(t);
      }
    });
    await noteHeads(db, shop.id);
    started += 1;
  }
  if (first) await repo.markChainsStarted(db);
  return started;
}

/**
 * The technical journal hears of every management change (the audit journal's entries): what changed,
 * who, through what, the values before and after as their JSON text.
 */
export async function managementEvent(
  ctx: Ctx,
  change: { entity: string; id: number | null; action: string; before?: unknown; after?: unknown },
): Promise<void> {
  const text = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  await appendRecords(ctx, EVENTS, [
    eventRecord('management', ctx.clock(), {
      entity: change.entity,
      entityId: change.id,
      action: change.action,
      actor: ctx.actor,
      via: ctx.via ?? 'internal',
      before: text(change.before),
      after: text(change.after),
    }),
  ]);
}
