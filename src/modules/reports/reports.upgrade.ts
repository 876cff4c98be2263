/**
 * The versioned step that brings a database's report data up to today's definition, run after the
 * migrations (app/bootstrap.ts). Migrations only shape tables and are frozen in time; what the orders
 * add to the reports is computed by today's code, so it is filled in here. The version is kept in
 * `settings` (`reports_facts_version`): migration 004 writes 0 in a database that held orders before
 * the reports existed; no row means version 1 (a database made since, or one whose orders were filled
 * in by 004 when it still did it itself). A change to what the facts hold bumps
 * FACTS_VERSION and adds its step below; each step runs once, in its own transaction per shop.
 */
import type { Db, Executor } from '../../db/database.js';
import { lineVats } from '../../domain/line-vat.js';
import { allShops } from '../shops/shops.service.js';
import { rebuildReports } from './reports.rebuild.js';

/** The version of the report data this code writes. */
export const FACTS_VERSION = 1;
const SETTING = 'reports_facts_version';
/** A database without the setting holds version 1's data: made since 004, or filled in by 004 itself. */
const WITHOUT_ROW = 1;
const BATCH = 1000;

async function storedVersion(db: Executor): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
  return row ? Number(row.value) : WITHOUT_ROW;
}

/** Each line's share of its order's VAT (domain/line-vat.ts), for orders recorded before lines had one. */
async function fillLineVat(db: Executor, shopId: number): Promise<void> {
  for (let after = 0; ;) {
    const orders = await db
      .selectFrom('orders')
      .select('id')
      .where('shop_id', '=', shopId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (orders.length === 0) return;
    after = orders[orders.length - 1]!.id;
    const lines = await db
      .selectFrom('order_lines')
      .select(['id', 'order_id', 'net_total', 'vat_bp'])
      .where(
        'order_id',
        'in',
        orders.map((o) => o.id),
      )
      .orderBy('id')
      .execute();
    const byOrder = new Map<number, typeof lines>();
    for (const l of lines) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l]);
    for (const own of byOrder.values()) {
      const vats = lineVats(own.map((l) => ({ net: l.net_total, vatBp: l.vat_bp })));
      for (const [i, l] of own.entries())
        if (vats[i] !== 0)
          await db.updateTable('order_lines').set({ vat: vats[i] }).where('id', '=', l.id).execute();
    }
  }
}

/** Brings the report data of every shop up to FACTS_VERSION; returns the version it started from. */
export async function upgradeReports(db: Db): Promise<number> {
  const from = await storedVersion(db);
  if (from >= FACTS_VERSION) return from;
  const shops = await allShops(db);
  for (const shop of shops)
    await db.transaction().execute(async (tx) => {
      if (from < 1) await fillLineVat(tx, shop.id);
      await rebuildReports(tx, shop.id);
    });
  await db
    .updateTable('settings')
    .set({ value: String(FACTS_VERSION) })
    .where('key', '=', SETTING)
    .execute();
  return from;
}
