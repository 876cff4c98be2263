/**
 * The delivery schedule: "how many orders must be delivered tonight?" — the validated sales due out in a
 * window of the shop's business day (by their scheduled time, else their validation time), with who
 * they go to, where, what is in them and what is left to collect.
 */
import type { Ctx } from '../shared/context.js';
import { InputError } from '../../domain/errors.js';
import { MAX_ID, MAX_TEXT } from '../../domain/limits.js';
import { fromCents } from '../../domain/money.js';
import { addDays, businessDayOf, businessDayRange, parseDateBound, toShopIso } from '../../domain/time.js';
import { clientName, clientsByIds } from '../customers/customers.service.js';
import { currentShop, shopClock, type Shop } from '../shops/shops.service.js';
import { deliveryMethodName, relayPointsByIds } from '../venue/venue.service.js';
import { DELIVERY_METHODS, ON_SITE } from '../venue/venue.schemas.js';
import type { Deliveries, DeliveriesInput, ScheduledOrder } from './sales.deliveries.schemas.js';
import * as dr from './sales.deliveries.repository.js';
import * as repo from './sales.repository.js';
import { FULFILMENT } from './sales.schemas.js';
import { dueOf } from './sales.view.js';

type Fulfilment = (typeof FULFILMENT)[number];
type Window = Deliveries['period']['window'];

const DEFAULT_STATUSES: Fulfilment[] = ['pending', 'ready'];
// On site and counter sales (a sale's default) are handed over where they are sold.
const COUNTER = 4;
const DEFAULT_METHODS = DELIVERY_METHODS.map((m) => m.code as number).filter(
  (c) => c !== ON_SITE && c !== COUNTER,
);

function windowOf(input: DeliveriesInput, shop: Shop, now: Date): { window: Window; start: Date; end: Date } {
  const clock = shopClock(shop);
  const day = businessDayOf(now, clock);
  const today = businessDayRange(day, clock);
  const custom = input.from !== undefined || input.to !== undefined;
  if (input.window !== undefined && custom)
    throw new InputError(
      'window',
      'Give either window (tonight, today, tomorrow) or from/to, not both: drop window to use your dates.',
    );
  if (!custom) {
    const window = input.window ?? 'today';
    if (window === 'tonight') return { window, start: now, end: today.to };
    if (window === 'today') return { window, start: today.from, end: today.to };
    const tomorrow = businessDayRange(addDays(day, 1), clock);
    return { window, start: tomorrow.from, end: tomorrow.to };
  }
  const start = input.from === undefined ? today.from : parseDateBound(input.from, 'from', clock, 'from');
  const end =
    input.to !== undefined
      ? parseDateBound(input.to, 'to', clock, 'to')
      : businessDayRange(businessDayOf(start, clock), clock).to;
  if (end.getTime() <= start.getTime())
    throw new InputError(
      'to',
      `The period ends (${toShopIso(end, clock)}) before it starts (${toShopIso(start, clock)}): swap the dates, or give a to after the from.`,
    );
  return { window: 'custom', start, end };
}

function methodsOf(input: DeliveriesInput): number[] {
  if (input.deliveryMethod === undefined) return DEFAULT_METHODS;
  const asked = [...new Set([input.deliveryMethod].flat())].sort((a, b) => a - b);
  const unknown = asked.find((c) => !DELIVERY_METHODS.some((m) => m.code === c));
  if (unknown !== undefined)
    throw new InputError(
      'deliveryMethod',
      `${unknown} is not a delivery method code: use 0 takeaway, 1 delivery, 2 on site, 3 drive-through, 4 counter sale, 5 relay point or 6 shipping ({{list:delivery_methods}}).`,
    );
  return asked;
}

function statusesOf(input: DeliveriesInput): Fulfilment[] {
  if (input.status === undefined) return DEFAULT_STATUSES;
  const asked = new Set([input.status].flat());
  return FULFILMENT.filter((s) => asked.has(s));
}

function encodeCursor(at: string, id: number): string {
  return Buffer.from(JSON.stringify({ at, id }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: string; id: number } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    if (
      typeof v.at === 'string' &&
      v.at.length <= MAX_TEXT.date &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(v.at) &&
      !Number.isNaN(Date.parse(v.at)) &&
      typeof v.id === 'number' &&
      Number.isInteger(v.id) &&
      v.id >= 0 &&
      v.id <= MAX_ID
    )
      return { at: v.at, id: v.id };
  } catch {
    // reported below
  }
  throw new InputError(
    'cursor',
    `"${cursor}" is not a cursor this tool gave: pass the nextCursor of the previous page with the same window and filters, or omit it for the first page.`,
  );
}

/** "2× Café, 1× Croissant (Lait d'avoine)": what is left of each line once refunds are taken off. */
function itemsSummary(lines: repo.LineRow[], refunded: Map<number, number>): string {
  const byLabel = new Map<string, number>();
  for (const l of lines) {
    const left = l.quantity - (refunded.get(l.id) ?? 0);
    if (left <= 0) continue;
    const variations = (JSON.parse(l.variations) as { name: string }[]).map((v) => v.name);
    const label = variations.length > 0 ? `${l.title} (${variations.join(', ')})` : l.title;
    byLabel.set(label, (byLabel.get(label) ?? 0) + left);
  }
  return [...byLabel.entries()].map(([label, q]) => `${q}× ${label}`).join(', ');
}

const joinAddress = (parts: {
  address: string | null;
  zip: string | null;
  city: string | null;
}): string | null => {
  const town = [parts.zip, parts.city].filter(Boolean).join(' ');
  return [parts.address, town].filter(Boolean).join(', ') || null;
};

async function toScheduled(ctx: Ctx, shop: Shop, rows: dr.ScheduledRow[]): Promise<ScheduledOrder[]> {
  const clock = shopClock(shop);
  const ids = rows.map((r) => r.id);
  const [lines, notes, clients, relays] = await Promise.all([
    repo.linesOf(ctx.db, ctx.shopId, ids),
    repo.creditNotesOfMany(ctx.db, ctx.shopId, ids),
    clientsByIds(
      ctx,
      rows.flatMap((r) => (r.client_id === null ? [] : [r.client_id])),
    ),
    relayPointsByIds(
      ctx,
      rows.flatMap((r) => (r.relay_point_id === null ? [] : [r.relay_point_id])),
    ),
  ]);
  const refunded = await repo.refundedQuantities(
    ctx.db,
    ctx.shopId,
    lines.map((l) => l.id),
  );
  const relayById = new Map(relays.map((r) => [r.id, r]));
  return rows.map((o) => {
    const client = o.client_id === null ? undefined : clients.get(o.client_id);
    const relay = o.relay_point_id === null ? undefined : relayById.get(o.relay_point_id);
    const due = dueOf(
      o,
      notes.filter((n) => n.refund_of === o.id),
    );
    return {
      id: o.id,
      number: o.number,
      scheduledAt: toShopIso(new Date(o.scheduled_at), clock),
      scheduled: o.delivery_time !== null,
      deliveryMethod: o.delivery_method,
      deliveryMethodName: deliveryMethodName(o.delivery_method),
      status: (FULFILMENT as readonly string[]).includes(o.fulfilment)
        ? (o.fulfilment as Fulfilment)
        : 'pending',
      clientId: o.client_id,
      clientName: clientName(client) ?? client?.email ?? null,
      phone: client?.phone ?? null,
      relayPoint: relay?.name ?? null,
      address: relay ? joinAddress(relay) : client ? joinAddress(client) : null,
      total: fromCents(o.total),
      due: fromCents(due),
      items: itemsSummary(
        lines.filter((l) => l.order_id === o.id),
        refunded,
      ),
      comment: o.public_comment,
    };
  });
}

export async function deliveriesSchedule(ctx: Ctx, input: DeliveriesInput): Promise<Deliveries> {
  const shop = await currentShop(ctx);
  const clock = shopClock(shop);
  const now = ctx.clock();
  const { window, start, end } = windowOf(input, shop, now);
  const filter: dr.ScheduleFilter = {
    from: start.toISOString(),
    to: end.toISOString(),
    methods: methodsOf(input),
    statuses: statusesOf(input),
  };
  const after = decodeCursor(input.cursor);
  const [rows, counts] = await Promise.all([
    dr.pageScheduled(ctx.db, ctx.shopId, filter, input.limit + 1, after),
    dr.countScheduled(ctx.db, ctx.shopId, filter),
  ]);
  let overdueCount: number | null = null;
  if (window === 'tonight') {
    const earlier = {
      ...filter,
      from: businessDayRange(businessDayOf(now, clock), clock).from.toISOString(),
      to: filter.from,
    };
    overdueCount = (await dr.countScheduled(ctx.db, ctx.shopId, earlier)).reduce((s, c) => s + c.count, 0);
  }
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const countOf = (pick: (c: (typeof counts)[number]) => boolean) =>
    counts.filter(pick).reduce((s, c) => s + c.count, 0);
  return {
    period: { window, from: toShopIso(start, clock), to: toShopIso(end, clock), timeZone: shop.timeZone },
    computedAt: toShopIso(now, clock),
    filters: { deliveryMethods: filter.methods, statuses: filter.statuses as Fulfilment[] },
    total: countOf(() => true),
    byDeliveryMethod: filter.methods.map((code) => ({
      code,
      name: deliveryMethodName(code),
      count: countOf((c) => c.method === code),
    })),
    byStatus: (filter.statuses as Fulfilment[]).map((status) => ({
      status,
      count: countOf((c) => c.status === status),
    })),
    overdueCount,
    count: page.length,
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.scheduled_at, last.id) : null,
    items: await toScheduled(ctx, shop, page),
  };
}
