/**
 * A fast, reproducible shop history for demonstrations and benchmarks (`comptoir demo`).
 *
 * The rows are the ones the sales service would have written, order after order (totals and line VAT
 * from the domain, business day and hour from the reports ledger, gap-free numbers in the order of
 * validation, credit notes as sales.refund writes them), but they are generated in memory and written
 * in bulk: one transaction per few thousand orders, multi-row inserts of fixed sizes, ids taken in the
 * transaction. The same seed and the same "now" give the same rows. Stock is not taken out (a history
 * of years would empty it); the report summary rows are rebuilt at the end.
 *
 * A run that fails half-way leaves the days written so far (each batch is committed on its own).
 */
import type { Logger } from 'pino';
import type { Db, Executor } from '../../db/database.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { chainHistory, noteHeads } from '../fiscal/fiscal.chain.js';
import { lastClosedDay, lastRecordedDay } from '../fiscal/fiscal.closures.js';
import { rebuildFacts } from '../reports/reports.facts.js';
import { CLIENT_COLUMNS, madeUpClients } from './demo.history.clients.js';
import { historyDays, ShopMoments, type HistoryDay } from './demo.history.calendar.js';
import {
  analyzeTables,
  BulkWriter,
  findShopRow,
  readShopReference,
  reserveIds,
  shopNames,
  takeOrderNumbers,
} from './demo.history.repository.js';
import { SaleMaker, type GenOrder, type GenPayment } from './demo.history.sale.js';
import { Venue } from './demo.history.venue.js';
import { createDemoShop, seededRandom } from './demo.service.js';
import { noShopWithId } from '../shops/shops.service.js';

export const DEFAULT_SEED = 84;
export const MAX_DAYS = 10_000;
export const MAX_ORDERS_PER_DAY = 100_000;
/** Orders written per transaction (whole days are kept together). */
const BATCH_ORDERS = 5_000;

export interface HistoryOptions {
  /** business days of history, ending the day before the business day of `now` */
  days: number;
  /** average sales per day */
  ordersPerDay: number;
  seed?: number | undefined;
  /** add the history to this shop; without it, a new demo shop is made */
  shopId?: number | undefined;
  /** name of the new demo shop */
  name?: string | undefined;
  /** places the window (default: the current time) */
  now?: Date | undefined;
}

export interface HistoryResult {
  shopId: number;
  created: boolean;
  /** first and last business day of the history */
  from: string;
  to: string;
  days: number;
  orders: number;
  creditNotes: number;
  lines: number;
  payments: number;
  clientsAdded: number;
  elapsedMs: number;
}

function check(value: number, field: string, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new InputError(
      field,
      `${field} must be a whole number from ${min} to ${max} (${what}); got ${value}.`,
    );
}

const ORDER_COLUMNS = [
  'id',
  'shop_id',
  'number',
  'status',
  'delivery_method',
  'table_id',
  'covers',
  'pager',
  'cashbox_id',
  'user_id',
  'client_id',
  'relay_point_id',
  'delivery_man_id',
  'public_comment',
  'private_comment',
  'fulfilment',
  'delivery_time',
  'currency',
  'subtotal',
  'discount_kind',
  'discount_value',
  'discount_total',
  'total',
  'paid',
  'refund_of',
  'created_at',
  'validated_at',
  'updated_at',
  'business_day',
  'weekday',
  'hour',
] as const;
const LINE_COLUMNS = [
  'id',
  'shop_id',
  'order_id',
  'position',
  'kind',
  'product_id',
  'department_id',
  'title',
  'quantity',
  'unit_price',
  'variations',
  'discount',
  'total',
  'net_total',
  'vat_bp',
  'refund_of_line',
  'vat',
  'product_title',
] as const;
const PAYMENT_COLUMNS = [
  'id',
  'shop_id',
  'order_id',
  'method_id',
  'amount',
  'created_at',
  'business_day',
  'weekday',
] as const;

const iso = (ms: number) => new Date(ms).toISOString();

/** Writes a batch of days: ids, numbers, then the rows, in one transaction. */
class HistoryWriter {
  private readonly orders = new BulkWriter('orders', ORDER_COLUMNS);
  private readonly lines = new BulkWriter('order_lines', LINE_COLUMNS);
  private readonly payments = new BulkWriter('payments', PAYMENT_COLUMNS);

  constructor(
    private readonly shopId: number,
    private readonly currency: string,
    private readonly moments: ShopMoments,
  ) {}

  async write(db: Db, orders: GenOrder[], payments: GenPayment[]): Promise<number> {
    const lineCount = orders.reduce((s, o) => s + o.lines.length, 0);
    await db.transaction().execute(async (tx) => {
      const orderIds = await reserveIds(tx, 'orders', orders.length);
      const lineIds = await reserveIds(tx, 'order_lines', lineCount);
      const paymentIds = await reserveIds(tx, 'payments', payments.length);
      const first = orders.length > 0 ? await takeOrderNumbers(tx, this.shopId, orders.length) : 0;
      let l = 0;
      orders.forEach((o, i) => {
        o.id = orderIds[i] ?? 0;
        o.number = first + i;
        for (const line of o.lines) line.id = lineIds[l++] ?? 0;
      });
      payments.forEach((p, i) => (p.id = paymentIds[i] ?? 0));
      await this.orders.insert(
        tx,
        orders.map((o) => this.orderRow(o)),
      );
      await this.lines.insert(
        tx,
        orders.flatMap((o) => o.lines.map((line, i) => this.lineRow(o, line, i))),
      );
      await this.payments.insert(
        tx,
        payments.map((p) => this.paymentRow(p)),
      );
    });
    return lineCount;
  }

  private orderRow(o: GenOrder): unknown[] {
    const m = this.moments.order(o.validatedAt);
    const comment =
      o.refundOf === null ? o.publicComment : (o.reason ?? `Avoir sur la commande ${o.refundOf.number}`);
    return [
      o.id,
      this.shopId,
      o.number,
      'validated',
      o.method,
      o.tableId,
      o.covers,
      null,
      o.cashboxId,
      o.userId,
      o.clientId,
      o.relayPointId,
      o.deliveryManId,
      comment,
      null,
      o.fulfilment,
      o.deliveryTime,
      this.currency,
      o.subtotal,
      o.discountKind,
      o.discountValue,
      o.discountTotal,
      o.total,
      o.paid,
      o.refundOf?.id ?? null,
      iso(o.createdAt),
      iso(o.validatedAt),
      iso(o.updatedAt),
      m.business_day,
      m.weekday,
      m.hour,
    ];
  }

  private lineRow(o: GenOrder, l: GenOrder['lines'][number], i: number): unknown[] {
    return [
      l.id,
      this.shopId,
      o.id,
      i + 1,
      l.kind,
      l.productId,
      l.departmentId,
      l.title,
      l.quantity,
      l.unitPrice,
      l.variations,
      l.discount,
      l.total,
      l.net,
      l.vatBp,
      l.refundOf?.id ?? null,
      l.vat,
      l.kind === 'catalog' ? l.title : null, // the demo's catalog lines carry their product's title
    ];
  }

  private paymentRow(p: GenPayment): unknown[] {
    const m = this.moments.payment(p.at);
    return [p.id, this.shopId, p.order.id, p.methodId, p.amount, iso(p.at), m.business_day, m.weekday];
  }
}

const byTime =
  <T extends { seq: number }>(at: (x: T) => number) =>
  (a: T, b: T) =>
    at(a) - at(b) || a.seq - b.seq;

async function shopToFill(db: Executor, shopId: number) {
  const shop = await findShopRow(db, shopId);
  if (!shop) {
    const shops = await shopNames(db);
    throw new NotFoundError(
      'shop',
      `${noShopWithId(shopId, shops)}. Leave --shop out to create a new demo shop with the history.`,
    );
  }
  return shop;
}

/**
 * Builds the history: a new demo shop (catalog, venue, clients; no service-made history) unless
 * `shopId` names an existing shop with products and payment methods.
 */
export async function generateHistory(
  db: Db,
  logger: Logger,
  options: HistoryOptions,
): Promise<HistoryResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  check(options.days, 'days', 1, MAX_DAYS, 'business days of history');
  check(options.ordersPerDay, 'orders-per-day', 1, MAX_ORDERS_PER_DAY, 'average orders per day');
  check(seed, 'seed', 0, 2 ** 32 - 1, 'the same seed gives the same history');
  const started = performance.now();
  const now = options.now ?? new Date();

  let clientsAdded = 0;
  const rand = seededRandom(seed);
  const habits = seededRandom(seed ^ 0x5bd1e995);
  if (options.shopId !== undefined) {
    await shopToFill(db, options.shopId);
    const closed = await lastClosedDay({ db, shopId: options.shopId });
    if (closed !== undefined)
      throw new WrongStateError(
        'shop',
        `Shop ${options.shopId} has closed business days (its last Z closed ${closed}): a history cannot be added into closed days. Leave --shop out to make a new demo shop with the history.`,
      );
  }
  const created = options.shopId === undefined;
  const shopId =
    options.shopId ??
    (await createDemoShop(db, logger, now, {
      historyDays: 0,
      ...(options.name ? { name: options.name } : {}),
    }));
  const shop = await shopToFill(db, shopId);
  const shopClock = { timeZone: shop.time_zone, closeHour: shop.close_hour };
  const days = historyDays(now, shopClock, options.days, options.ordersPerDay, rand);
  const firstDay = days[0] as HistoryDay;
  const lastDay = days[days.length - 1] as HistoryDay;
  // the fiscal chain holds records in the order they were written: a history must come after them
  const recorded = created ? undefined : await lastRecordedDay({ db, shopId });
  if (recorded !== undefined && recorded >= firstDay.day)
    throw new WrongStateError(
      'shop',
      `Shop ${shopId} has sales recorded on ${recorded}, on or after the history's first day (${firstDay.day}): a history is written after what is recorded, so it must start later. Leave --shop out to make a new demo shop with the history, or ask for fewer --days.`,
    );

  if (created) {
    // A clientele that grows with the history: about one client per 400 sales, at most 3000.
    const count = Math.min(3000, Math.floor((options.days * options.ordersPerDay) / 400));
    if (count > 0) {
      const rows = madeUpClients(shopId, count, habits, new Date(firstDay.from).toISOString());
      await db.transaction().execute((tx) =>
        new BulkWriter('clients', CLIENT_COLUMNS).insert(
          tx,
          rows.map((r) => CLIENT_COLUMNS.map((c) => r[c])),
        ),
      );
      clientsAdded = count;
    }
  }

  const where = `shop ${shopId} (${shop.name})`;
  const venue = new Venue(await readShopReference(db, shopId), habits, where);
  const moments = new ShopMoments(shopClock);
  const maker = new SaleMaker(venue, days, shopClock, moments, rand, shop.default_vat_bp);
  const writer = new HistoryWriter(shopId, shop.currency, moments);
  logger.info(
    { shop: shopId, from: firstDay.day, to: lastDay.day, days: days.length, seed },
    'demo history: generating',
  );

  const totals = { orders: 0, creditNotes: 0, lines: 0, payments: 0 };
  let batchOrders: GenOrder[] = [];
  let batchPayments: GenPayment[] = [];
  let lastLog = performance.now();
  const flush = async (day: HistoryDay) => {
    totals.lines += await writer.write(db, batchOrders, batchPayments);
    totals.payments += batchPayments.length;
    batchOrders = [];
    batchPayments = [];
    if (performance.now() - lastLog > 5000 || day === lastDay) {
      lastLog = performance.now();
      const seconds = (lastLog - started) / 1000;
      logger.info(
        {
          day: day.day,
          done: `${day.index + 1}/${days.length}`,
          orders: totals.orders + totals.creditNotes,
          perSecond: Math.round((totals.orders + totals.creditNotes) / seconds),
        },
        'demo history: written',
      );
    }
  };
  for (const day of days) {
    const orders: GenOrder[] = [];
    const payments: GenPayment[] = [];
    for (let n = 0; n < day.orders; n++) {
      const sale = maker.sale(day);
      orders.push(sale.order);
      payments.push(...sale.payments);
    }
    totals.orders += orders.length;
    const later = maker.schedule.get(day.index);
    if (later) {
      maker.schedule.delete(day.index);
      orders.push(...later.orders);
      payments.push(...later.payments);
      totals.creditNotes += later.orders.length;
    }
    orders.sort(byTime((o) => o.validatedAt));
    payments.sort(byTime((p) => p.at));
    batchOrders.push(...orders);
    batchPayments.push(...payments);
    if (batchOrders.length >= BATCH_ORDERS || day === lastDay) await flush(day);
  }

  const factsStarted = performance.now();
  await analyzeTables(db);
  await db.transaction().execute((tx) => rebuildFacts(tx, shopId));
  logger.info(
    { shop: shopId, seconds: Math.round((performance.now() - factsStarted) / 100) / 10 },
    'demo history: report summary rows rebuilt',
  );
  const chainStarted = performance.now();
  await db.transaction().execute((tx) => chainHistory({ db: tx, shopId, clock: () => new Date() }));
  await noteHeads(db, shopId);
  logger.info(
    { shop: shopId, seconds: Math.round((performance.now() - chainStarted) / 100) / 10 },
    'demo history: fiscal chain written',
  );
  return {
    shopId,
    created,
    from: firstDay.day,
    to: lastDay.day,
    days: days.length,
    ...totals,
    clientsAdded,
    elapsedMs: Math.round(performance.now() - started),
  };
}
