import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { reuseCompiled } from '../../db/dialect.js';
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

/** A list's page: archived rows only with `includeArchived`. */
export interface ListRequest extends PageRequest {
  includeArchived?: boolean | undefined;
}
const live = (p: ListRequest) => (p.includeArchived ? [] : [sql`archived_at is null`]);

export const pageUsers = (db: Executor, shopId: number, p: ListRequest) =>
  pageOf<Selectable<UsersTable>>(db, 'users', shopId, p, { where: live(p) });
export const pageCashboxes = (db: Executor, shopId: number, p: ListRequest) =>
  pageOf<Selectable<CashboxesTable>>(db, 'cashboxes', shopId, p, { where: live(p) });
export const pageTables = (db: Executor, shopId: number, p: ListRequest) =>
  pageOf<Selectable<DiningTablesTable>>(db, 'dining_tables', shopId, p, { key: 'number', where: live(p) });
export const pagePaymentMethods = (db: Executor, shopId: number, p: ListRequest) =>
  pageOf<Selectable<PaymentMethodsTable>>(db, 'payment_methods', shopId, p, { where: live(p) });
export const pageDeliveryMethods = (db: Executor, shopId: number, p: PageRequest) =>
  pageOf<Selectable<DeliveryMethodsTable>>(db, 'delivery_methods', shopId, p, { key: 'code' });
export const pageDeliveryZones = (db: Executor, shopId: number, p: ListRequest) =>
  pageOf<Selectable<DeliveryZonesTable>>(db, 'delivery_zones', shopId, p, { where: live(p) });
export const pageRelayPoints = (db: Executor, shopId: number, p: ListRequest) =>
  pageOf<Selectable<RelayPointsTable>>(db, 'relay_points', shopId, p, { where: live(p) });
export const pageDeliveryMen = (db: Executor, shopId: number, p: ListRequest) =>
  pageOf<Selectable<DeliveryMenTable>>(db, 'delivery_men', shopId, p, { where: live(p) });

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
// read by every paid sale, compiled once (db/dialect.ts)
export const findPaymentMethod = async (db: Executor, shopId: number, id: number) =>
  (
    await reuseCompiled(
      db,
      'payment-method',
      () => db.selectFrom('payment_methods').selectAll().where('shop_id', '=', shopId).where('id', '=', id),
      [shopId, id],
    )
  )[0];
export const allPaymentMethods = (db: Executor, shopId: number) =>
  db.selectFrom('payment_methods').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();
// read by every sale, compiled once
export const findDeliveryMethod = async (db: Executor, shopId: number, code: number) =>
  (
    await reuseCompiled(
      db,
      'delivery-method',
      () =>
        db.selectFrom('delivery_methods').selectAll().where('shop_id', '=', shopId).where('code', '=', code),
      [shopId, code],
    )
  )[0];

/** A row of one of the shop's simple reference tables (its name and whether it is archived), if any. */
export function refRow(
  db: Executor,
  table: 'cashboxes' | 'users' | 'relay_points' | 'delivery_men',
  shopId: number,
  id: number,
): Promise<{ id: number; name: string; archived_at: string | null } | undefined> {
  return db
    .selectFrom(table)
    .select(['id', 'name', 'archived_at'])
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();
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

/**
 * The names a receipt prints, in one statement (read by every sale's fiscal record, compiled once per
 * number of methods): the cashbox and the user (0 for none) and the payment methods, with their type.
 */
export const receiptNames = (
  db: Executor,
  shopId: number,
  cashboxId: number,
  userId: number,
  methodIds: number[],
) =>
  reuseCompiled(
    db,
    `receipt-names:${methodIds.length}`,
    () => {
      const base = db
        .selectFrom('cashboxes')
        .select([sql.lit('cashbox').as('kind'), 'id', 'name', sql.lit('').as('type')])
        .where('shop_id', '=', shopId)
        .where('id', '=', cashboxId)
        .unionAll(
          db
            .selectFrom('users')
            .select([sql.lit('user').as('kind'), 'id', 'name', sql.lit('').as('type')])
            .where('shop_id', '=', shopId)
            .where('id', '=', userId),
        );
      return methodIds.length === 0
        ? base
        : base.unionAll(
            db
              .selectFrom('payment_methods')
              .select([sql.lit('method').as('kind'), 'id', 'name', 'type'])
              .where('shop_id', '=', shopId)
              .where('id', 'in', methodIds),
          );
    },
    [shopId, cashboxId, shopId, userId, ...(methodIds.length === 0 ? [] : [shopId, ...methodIds])],
  ) as Promise<{ kind: string; id: number; name: string; type: string }[]>;
