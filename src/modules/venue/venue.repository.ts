import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { pageOf, type PageRequest } from '../../db/pagination.js';
import type {
  CashboxesTable,
  DeliveryMenTable,
  DeliveryMethodsTable,
  DeliveryZonesTable,
  DiningTablesTable,
  PaymentMethodsTable,
  RelayPointsTable,
  UsersTable,
} from '../../db/schema.js';

export const pageUsers = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<UsersTable>>(db, 'users', shopId, p);
export const pageCashboxes = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<CashboxesTable>>(db, 'cashboxes', shopId, p);
export const pageTables = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<DiningTablesTable>>(db, 'dining_tables', shopId, p, { key: 'number' });
export const pagePaymentMethods = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<PaymentMethodsTable>>(db, 'payment_methods', shopId, p);
export const pageDeliveryMethods = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<DeliveryMethodsTable>>(db, 'delivery_methods', shopId, p, { key: 'code' });
export const pageDeliveryZones = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<DeliveryZonesTable>>(db, 'delivery_zones', shopId, p);
export const pageRelayPoints = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<RelayPointsTable>>(db, 'relay_points', shopId, p);
export const pageDeliveryMen = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<DeliveryMenTable>>(db, 'delivery_men', shopId, p);

export const findTableByNumber = (db: Executor, shopId: number, number: number) =>
  db
    .selectFrom('dining_tables')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('number', '=', number)
    .executeTakeFirst();
export const tablesByIds = (db: Executor, shopId: number, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('dining_tables')
        .selectAll()
        .where('shop_id', '=', shopId)
        .where('id', 'in', ids)
        .execute();
export const findPaymentMethod = (db: Executor, shopId: number, id: number) =>
  db
    .selectFrom('payment_methods')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();
export const allPaymentMethods = (db: Executor, shopId: number) =>
  db.selectFrom('payment_methods').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();
export const findDeliveryMethod = (db: Executor, shopId: number, code: number) =>
  db
    .selectFrom('delivery_methods')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('code', '=', code)
    .executeTakeFirst();

/** Whether a row with this id exists in one of the shop's simple reference tables. */
export async function exists(
  db: Executor,
  table: 'cashboxes' | 'users' | 'relay_points' | 'delivery_men',
  shopId: number,
  id: number,
): Promise<boolean> {
  const r = await db
    .selectFrom(table)
    .select('id')
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r !== undefined;
}

/** Relay points by id, for the address of relay point orders. */
export function relayPointsByIds(db: Executor, shopId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('relay_points')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
}

/** Names by id (by code for delivery methods), for other modules' labels and checks. */
export const userNames = (db: Executor, shopId: number, ids: number[]) =>
  db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
export const tableNames = (db: Executor, shopId: number, ids: number[]) =>
  db
    .selectFrom('dining_tables')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
export const cashboxNames = (db: Executor, shopId: number, ids: number[]) =>
  db
    .selectFrom('cashboxes')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
export const paymentMethodNames = (db: Executor, shopId: number, ids: number[]) =>
  db
    .selectFrom('payment_methods')
    .select(['id', 'name'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
export const deliveryMethodNames = (db: Executor, shopId: number, codes: number[]) =>
  db
    .selectFrom('delivery_methods')
    .select(['code as id', 'name'])
    .where('shop_id', '=', shopId)
    .where('code', 'in', codes)
    .execute();
