/**
 * What the shops module tells the rest of the shop when its clock (time zone, close hour) changes,
 * inside the change's transaction: the reports re-place the orders in their business days and rebuild
 * their summary rows (modules/reports/reports.reclock.ts), registered by the composition root
 * (app/listeners.ts) since the reports module imports this one. The order of locks
 * (docs/ARCHITECTURE.md): `clockChanging` runs before the shop's row is locked (a listener may lock
 * order rows), `clockChanged` after it, with the shop row updated.
 */
import type { Ctx } from '../shared/context.js';
import type { ShopClock } from '../../domain/time.js';

export interface ShopListener {
  /** The shop's clock is about to become `clock`; the shop row is not locked yet. */
  clockChanging?(ctx: Ctx, clock: ShopClock): Promise<void>;
  /** The shop's clock has changed: the shop row is locked and holds the new clock. */
  clockChanged?(ctx: Ctx): Promise<void>;
}

const listeners: ShopListener[] = [];

export function listenToShops(listener: ShopListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

/** Whether someone rebuilds what depends on the clock: without one, a clock change is refused. */
export const clockIsWatched = (): boolean => listeners.some((l) => l.clockChanged !== undefined);

export async function tellClockChanging(ctx: Ctx, clock: ShopClock): Promise<void> {
  for (const l of listeners) if (l.clockChanging) await l.clockChanging(ctx, clock);
}
export async function tellClockChanged(ctx: Ctx): Promise<void> {
  for (const l of listeners) if (l.clockChanged) await l.clockChanged(ctx);
}
