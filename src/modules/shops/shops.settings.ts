/**
 * The shop's own settings, shown and edited by its owner ({{shop}}, {{change_shop}}). A change of the clock
 * (time zone, close hour) re-places every order in its business day and rebuilds the report rows in
 * the same transaction, through the shop's listeners (shops.events.ts: the reports listen); the
 * currency changes only while the shop has numbered no order, since recorded amounts are in it.
 */
import { journal, once } from '../audit/audit.service.js';
import { WrongStateError } from '../../domain/errors.js';
import { validateShopClock, type ShopClock } from '../../domain/time.js';
import type { Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import { clockIsWatched, tellClockChanged, tellClockChanging } from './shops.events.js';
import { checkCurrency, checkEmail, checkSiret, checkVatNumber, frenchVatKey } from './shops.identifiers.js';
import { findShop, updateShop, type ShopChanges, type ShopRow } from './shops.repository.js';
import type { ShopEditInput, ShopView } from './shops.schemas.js';
import { forgetLockedClock, lockShop } from './shops.service.js';

function view(r: ShopRow): ShopView {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    zip: r.zip,
    city: r.city,
    country: r.country,
    phone: r.phone,
    email: r.email,
    legalForm: r.legal_form,
    siret: r.siret,
    vatNumber: r.vat_number,
    currency: r.currency,
    timeZone: r.time_zone,
    closeHour: r.close_hour,
    pricesIncludeVat: r.prices_include_vat === 1,
    defaultVat: r.default_vat_bp / 100,
    receiptHeader: r.receipt_header,
    receiptFooter: r.receipt_footer,
    hasOrders: r.last_order_number > 0,
  };
}

async function shopRow(ctx: Pick<Ctx, 'db' | 'shopId'>): Promise<ShopRow> {
  const row = await findShop(ctx.db, ctx.shopId);
  if (!row) throw new Error(`shop ${ctx.shopId} does not exist`);
  return row;
}

export async function showShop(ctx: Ctx): Promise<ShopView> {
  return view(await shopRow(ctx));
}

/** null, "" or spaces clear an optional text; `check` gives the stored form of the others. */
const cleared = (v: string | null, check?: (s: string) => string) =>
  v === null || v.trim() === '' ? null : check ? check(v.trim()) : v.trim();

/** "europe/paris" as "Europe/Paris", the zone's own spelling; an unknown zone as given (the clock check names it). */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/** The columns the input changes, checked (no write). */
function changesOf(input: ShopEditInput): ShopChanges {
  const c: ShopChanges = {};
  const texts = [
    ['address', 'address'],
    ['zip', 'zip'],
    ['city', 'city'],
    ['country', 'country'],
    ['phone', 'phone'],
    ['legalForm', 'legal_form'],
    ['receiptHeader', 'receipt_header'],
    ['receiptFooter', 'receipt_footer'],
  ] as const;
  for (const [field, column] of texts) {
    const v = input[field];
    if (v !== undefined) c[column] = cleared(v);
  }
  if (input.name !== undefined) c.name = input.name;
  if (input.email !== undefined) c.email = cleared(input.email, checkEmail);
  if (input.siret !== undefined) c.siret = cleared(input.siret, checkSiret);
  if (input.vatNumber !== undefined) c.vat_number = cleared(input.vatNumber, checkVatNumber);
  if (input.currency !== undefined) c.currency = checkCurrency(input.currency);
  if (input.timeZone !== undefined) c.time_zone = canonicalZone(input.timeZone);
  if (input.closeHour !== undefined) c.close_hour = input.closeHour;
  return c;
}

/** A French VAT number names a SIREN: say so when it is not the SIRET's. */
function identityWarnings(row: ShopRow): string[] {
  const siren = row.siret?.slice(0, 9);
  const fr = row.vat_number && /^FR..(\d{9})$/.exec(row.vat_number);
  if (!siren || !fr || fr[1] === siren) return [];
  return [
    `The VAT number ${row.vat_number} is not the one of the SIRET's SIREN ${siren} (FR${frenchVatKey(siren)}${siren}): check both.`,
  ];
}

export function editShop(ctx: Ctx, input: ShopEditInput) {
  // Not under the shop's lock from the start: a new clock re-places the orders first, and a use case
  // locks order rows before the shop's, never after (docs/ARCHITECTURE.md, "Locks").
  return once(
    ctx,
    'edit_shop',
    {},
    async (tx): Promise<Change<ShopView>> => {
      const changes = changesOf(input);
      const seen = await shopRow(tx);
      const clock: ShopClock = {
        timeZone: changes.time_zone ?? seen.time_zone,
        closeHour: changes.close_hour ?? seen.close_hour,
      };
      const clockMoves = clock.timeZone !== seen.time_zone || clock.closeHour !== seen.close_hour;
      if (clockMoves) {
        validateShopClock(clock);
        if (!clockIsWatched())
          throw new Error('no listener rebuilds the reports on a clock change (import app/listeners.js)');
        await tellClockChanging(tx, clock);
      }
      await lockShop(tx);
      const row = await shopRow(tx); // as it is under the lock: no order is numbered while we hold it
      if (changes.currency !== undefined && changes.currency !== row.currency && row.last_order_number > 0)
        throw new WrongStateError(
          'currency',
          `The shop has recorded ${row.last_order_number} orders in ${row.currency}: their amounts are in it, so the currency cannot change. Open another shop for another currency.`,
        );
      const before = view(row);
      await updateShop(tx.db, tx.shopId, changes);
      forgetLockedClock(tx);
      const after = await shopRow(tx);
      const clockChanged = after.time_zone !== row.time_zone || after.close_hour !== row.close_hour;
      if (clockChanged || clockMoves) await tellClockChanged(tx);
      const item = view(after);
      const same = JSON.stringify(before) === JSON.stringify(item);
      const warnings = identityWarnings(after);
      if (clockChanged)
        warnings.push(
          `Business days now run from ${after.close_hour}:00 to ${after.close_hour}:00 in ${after.time_zone}: every order was placed in its business day again and the reports were rebuilt.`,
        );
      if (!same) await journal(tx, { entity: 'shop', id: row.id, action: 'edit', before, after: item });
      return { action: same ? 'unchanged' : 'updated', id: row.id, warnings, item };
    },
    { lock: false },
  );
}
