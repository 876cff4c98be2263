import type { Ctx } from '../shared/context.js';
import type { ShopClock } from '../../domain/time.js';
import {
  findShop,
  insertShop,
  listShops,
  lockShopRow,
  takeNextOrderNumber,
  updateShop,
  type ShopRow,
} from './shops.repository.js';

export interface Shop {
  id: number;
  name: string;
  currency: string;
  timeZone: string;
  closeHour: number;
  pricesIncludeVat: boolean;
  defaultVatBp: number;
}

function toShop(r: ShopRow): Shop {
  return {
    id: r.id,
    name: r.name,
    currency: r.currency,
    timeZone: r.time_zone,
    closeHour: r.close_hour,
    pricesIncludeVat: r.prices_include_vat === 1,
    defaultVatBp: r.default_vat_bp,
  };
}

/** The shop of the request context. */
export async function currentShop(ctx: Pick<Ctx, 'db' | 'shopId'>): Promise<Shop> {
  const row = await findShop(ctx.db, ctx.shopId);
  if (!row) throw new Error(`shop ${ctx.shopId} does not exist`);
  return toShop(row);
}

export function shopClock(shop: Shop): ShopClock {
  return { timeZone: shop.timeZone, closeHour: shop.closeHour };
}

/** "no shop has id 7; the shops are 1 (Café), 2 (Bar)", or how to make the first one. */
export function noShopWithId(id: number | string, shops: { id: number; name: string }[]): string {
  return shops.length > 0
    ? `no shop has id ${id}; the shops are ${shops.map((s) => `${s.id} (${s.name})`).join(', ')}`
    : `no shop has id ${id}: the database has no shop yet. Make one first: comptoir init (the demo café), or comptoir shops create --name "<name>"`;
}

export async function allShops(db: Ctx['db']): Promise<Shop[]> {
  return (await listShops(db)).map(toShop);
}

export interface NewShop {
  name: string;
  currency?: string;
  timeZone?: string;
  closeHour?: number;
  defaultVatBp?: number;
}

export async function createShop(db: Ctx['db'], input: NewShop, now: Date): Promise<number> {
  return insertShop(db, {
    name: input.name,
    currency: input.currency ?? 'EUR',
    time_zone: input.timeZone ?? 'Europe/Paris',
    close_hour: input.closeHour ?? 0,
    prices_include_vat: 1,
    default_vat_bp: input.defaultVatBp ?? 1000,
    last_order_number: 0,
    created_at: now.toISOString(),
  });
}

/**
 * Locks the shop's row for the rest of the transaction: the summary rows of a shop are written under it
 * (docs/ARCHITECTURE.md, "Locks"), so a rebuild never interleaves with a sale, a payment or a move.
 */
export async function lockShop(ctx: Pick<Ctx, 'db' | 'shopId'>): Promise<void> {
  if (holdingShop.has(ctx.db)) return;
  await lockShopRow(ctx.db, ctx.shopId);
  if (ctx.db.isTransaction) holdingShop.add(ctx.db);
}

/** Makes `bp` the rate of what names none (the catalog checks that the shop has it), under the shop's lock. */
export async function setDefaultVat(ctx: Ctx, bp: number): Promise<void> {
  await lockShop(ctx);
  await updateShop(ctx.db, ctx.shopId, { default_vat_bp: bp });
  forgetLockedClock(ctx);
}

/** The transactions that hold their shop's row lock already (it lasts until they end). */
const holdingShop = new WeakSet<object>();

/**
 * The shop's clock as read under its row lock, per transaction: while the lock is held no one else can
 * change it, so it is read once (the numbering reads it with the lock). A change of the shop's own
 * settings in the transaction forgets it (forgetLockedClock).
 */
const clockUnderLock = new WeakMap<object, ShopClock>();

/** The next gap-free number; the update locks the shop's row for the rest of the transaction. */
export async function nextOrderNumber(ctx: Ctx): Promise<number> {
  const r = await takeNextOrderNumber(ctx.db, ctx.shopId);
  if (ctx.db.isTransaction) {
    holdingShop.add(ctx.db);
    clockUnderLock.set(ctx.db, { timeZone: r.time_zone, closeHour: r.close_hour });
  }
  return r.last_order_number;
}

/** After the shop's clock changed in this transaction: the next lockedClock reads it again. */
export function forgetLockedClock(ctx: Pick<Ctx, 'db'>): void {
  clockUnderLock.delete(ctx.db);
}

/**
 * The shop's clock as it is under the shop's row lock (taken here if not held yet): an order or a
 * payment is placed in the shop's week with it, so that a concurrent change of the clock ({{change_shop}},
 * which re-places the orders under the same lock) is never missed by a sale that read the shop before.
 */
export async function lockedClock(ctx: Ctx): Promise<ShopClock> {
  await lockShop(ctx);
  const known = clockUnderLock.get(ctx.db);
  if (known) return known;
  const clock = shopClock(await currentShop(ctx));
  if (ctx.db.isTransaction) clockUnderLock.set(ctx.db, clock);
  return clock;
}
