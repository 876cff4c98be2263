/**
 * Sets up a shop: the French VAT rates and the Kash delivery methods for an empty shop, plus, for the
 * demo, a café-restaurant's catalog, venue, clients and a few weeks of past orders recorded through
 * the real sales service.
 */
import type { Logger } from 'pino';
import type { Ctx } from '../shared/context.js';
import type { Db } from '../../db/database.js';
import { normalizeText } from '../../domain/text.js';
import { businessDayOf, businessDayRange } from '../../domain/time.js';
import { createSale } from '../sales/sales.service.js';
import { editOrder } from '../sales/sales.service.js';
import { refundOrder } from '../sales/sales.refund.js';
import { createShop } from '../shops/shops.service.js';
import { DELIVERY_METHODS } from '../venue/venue.schemas.js';
import * as d from './demo.data.js';
import { idsOf, insertAll, insertReturningIds, paymentMethodFlags, setShopHours } from './demo.repository.js';

const FRENCH_VAT = [
  { rateBp: 210, label: 'Taux particulier 2,1 %' },
  { rateBp: 550, label: 'Taux réduit 5,5 %' },
  { rateBp: 1000, label: 'Taux intermédiaire 10 %' },
  { rateBp: 2000, label: 'Taux normal 20 %' },
];

/** A new shop with VAT rates and delivery methods, nothing else. */
export async function createEmptyShop(db: Db, name: string, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const shopId = await createShop(tx, { name, timeZone: 'Europe/Paris', closeHour: 0 }, now);
    await insertAll(
      tx,
      'vat_rates',
      FRENCH_VAT.map((v) => ({ shop_id: shopId, rate_bp: v.rateBp, label: v.label })),
    );
    await insertAll(
      tx,
      'delivery_methods',
      DELIVERY_METHODS.map((m) => ({ shop_id: shopId, code: m.code, name: m.name, enabled: 1 })),
    );
    return shopId;
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedReference(db: Db, shopId: number, now: Date) {
  await db.transaction().execute(async (tx) => {
    await setShopHours(tx, shopId, d.demoShop.closeHour, d.demoShop.defaultVatBp);
    const groupIds = await insertReturningIds(
      tx,
      'department_groups',
      d.demoDepartmentGroups.map((g) => ({ shop_id: shopId, name: g.name })),
    );
    const groupByKey = new Map(d.demoDepartmentGroups.map((g, i) => [g.key, groupIds[i] ?? null]));
    const deptIds = await insertReturningIds(
      tx,
      'departments',
      d.demoDepartments.map((x) => ({
        shop_id: shopId,
        name: x.name,
        group_id: groupByKey.get(x.groupKey) ?? null,
        vat_bp: x.vatBp,
      })),
    );
    const deptByKey = new Map(d.demoDepartments.map((x, i) => [x.key, deptIds[i] ?? null]));
    const varIds = await insertReturningIds(
      tx,
      'variation_groups',
      d.demoVariationGroups.map((g) => ({ shop_id: shopId, name: g.name })),
    );
    const varByKey = new Map(d.demoVariationGroups.map((g, i) => [g.key, varIds[i] ?? 0]));
    await insertAll(
      tx,
      'variation_choices',
      d.demoVariationGroups.flatMap((g) =>
        g.choices.map((c, position) => ({
          shop_id: shopId,
          group_id: varByKey.get(g.key) ?? 0,
          name: c.name,
          price_delta: c.priceDelta,
          position,
        })),
      ),
    );
    const productIds = await insertReturningIds(
      tx,
      'products',
      d.demoProducts.map((p) => ({
        shop_id: shopId,
        title: p.title,
        short_title: p.shortTitle,
        search_text: normalizeText(`${p.title} ${p.shortTitle}`),
        price: p.price,
        vat_takeaway_bp: p.vatTakeawayBp,
        vat_eat_in_bp: p.vatEatInBp,
        department_id: deptByKey.get(p.departmentKey) ?? null,
        barcode: p.barcode ?? null,
        stock: p.stock ?? null,
        stock_alert: p.stockAlert ?? null,
        active: 1,
      })),
    );
    await insertAll(
      tx,
      'product_variation_groups',
      d.demoProducts.flatMap((p, i) =>
        (p.variationGroupKeys ?? []).map((k, position) => ({
          shop_id: shopId,
          product_id: productIds[i] ?? 0,
          group_id: varByKey.get(k) ?? 0,
          position,
        })),
      ),
    );
    await insertAll(
      tx,
      'discounts',
      d.demoDiscounts.map((x) => ({ shop_id: shopId, name: x.name, kind: x.kind, value: x.value })),
    );
    await insertAll(
      tx,
      'clients',
      d.demoClients.map((c) => ({
        shop_id: shopId,
        firstname: c.firstname,
        lastname: c.lastname,
        email: c.email ?? null,
        phone: c.phone ?? null,
        address: c.address ?? null,
        zip: c.zip ?? null,
        city: c.city ?? null,
        country: c.country ?? null,
        search_text: normalizeText(`${c.firstname} ${c.lastname} ${c.email ?? ''} ${c.phone ?? ''}`),
        created_at: now.toISOString(),
      })),
    );
    await insertAll(
      tx,
      'users',
      d.demoUsers.map((u) => ({ shop_id: shopId, name: u.name, role: u.role })),
    );
    await insertAll(
      tx,
      'cashboxes',
      d.demoCashboxes.map((name) => ({ shop_id: shopId, name })),
    );
    await insertAll(
      tx,
      'dining_tables',
      d.demoTableFloors.flatMap((f) =>
        Array.from({ length: f.to - f.from + 1 }, (_, i) => ({
          shop_id: shopId,
          number: f.from + i,
          name: `Table ${f.from + i}`,
          seats: f.seats,
          floor: f.floor,
        })),
      ),
    );
    await insertAll(
      tx,
      'payment_methods',
      d.demoPaymentMethods.map((m) => ({
        shop_id: shopId,
        name: m.name,
        type: m.type,
        is_refund: m.refund ? 1 : 0,
      })),
    );
    await insertAll(
      tx,
      'delivery_zones',
      d.demoDeliveryZones.map((z) => ({
        shop_id: shopId,
        name: z.name,
        postcodes: z.postcodes.join(','),
        fee: z.fee,
        min_order: z.minOrder,
      })),
    );
    await insertAll(
      tx,
      'relay_points',
      d.demoRelayPoints.map((r) => ({ shop_id: shopId, ...r })),
    );
    await insertAll(
      tx,
      'delivery_men',
      d.demoDeliveryMen.map((m) => ({ shop_id: shopId, name: m.name, phone: m.phone })),
    );
  });
}

/** Past orders through the real sales service, as if rung up day after day. */
async function seedHistory(db: Db, shopId: number, logger: Logger, now: Date, days: number) {
  const rand = seededRandom(84);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const ids = (table: 'products' | 'clients' | 'users' | 'cashboxes') => idsOf(db, table, shopId);
  const products = await ids('products');
  const clients = await ids('clients');
  const users = await ids('users');
  const cashboxes = await ids('cashboxes');
  const methods = await paymentMethodFlags(db, shopId);
  const payWith = methods
    .filter((m) => m.is_refund === 0)
    .map((m) => m.id)
    .slice(0, 5);
  const day0 = new Date(now.getTime() - days * 86_400_000);
  // History ends before today's business day (which, before the close hour, began yesterday evening).
  const clock = { timeZone: d.demoShop.timeZone, closeHour: d.demoShop.closeHour };
  const today = businessDayRange(businessDayOf(now, clock), clock).from;
  let seq = 0;
  for (let day = 0; day < days; day++) {
    const count = 12 + Math.floor(rand() * 14);
    for (let n = 0; n < count; n++) {
      const hour = pick([8, 9, 10, 12, 12, 13, 13, 14, 18, 19, 20, 20, 21, 22]);
      const at = new Date(
        Date.UTC(
          day0.getUTCFullYear(),
          day0.getUTCMonth(),
          day0.getUTCDate() + day,
          hour - 1,
          Math.floor(rand() * 60),
        ),
      );
      if (at >= today) continue;
      const ctx: Ctx = {
        shopId,
        actor: 'demo',
        scopes: ['read', 'sell', 'admin'],
        db,
        clock: () => at,
        logger,
      };
      const method = pick([2, 2, 2, 0, 4, 1]);
      const items = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({
        productId: pick(products),
        quantity: 1 + Math.floor(rand() * 2),
      }));
      const unpaid = rand() < 0.06;
      const order = await createSale(ctx, {
        payment: unpaid ? -1 : pick(payWith),
        deliveryMethod: method,
        ...(method === 2
          ? { idtable: 1 + Math.floor(rand() * 90), numcouverts: 1 + Math.floor(rand() * 4) }
          : {}),
        ...(method === 1 || rand() < 0.1 ? { idClient: pick(clients) } : {}),
        idUser: pick(users),
        idcaisse: pick(cashboxes),
        items,
        idempotencyKey: `demo-${++seq}`,
      });
      await editOrder(ctx, {
        orderId: order.id,
        status: method === 1 || method === 0 ? 'delivered' : 'served',
      });
      if (!unpaid && rand() < 0.02)
        await refundOrder(ctx, { orderId: order.id, reason: 'Erreur de commande' });
    }
  }
}

export async function createDemoShop(
  db: Db,
  logger: Logger,
  now: Date,
  options: { historyDays?: number; name?: string } = {},
): Promise<number> {
  const shopId = await createEmptyShop(db, options.name ?? d.demoShop.name, now);
  await seedReference(db, shopId, now);
  await seedHistory(db, shopId, logger, now, options.historyDays ?? 21);
  return shopId;
}
