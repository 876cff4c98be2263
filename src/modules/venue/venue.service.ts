import { namesInChunks } from '../../db/names.js';
import type { Ctx } from '../shared/context.js';
import type { Selectable } from 'kysely';
import type { Page, PageRequest } from '../../db/pagination.js';
import type { Database } from '../../db/schema.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import * as repo from './venue.repository.js';
import type { ListRequest } from './venue.repository.js';
import { DELIVERY_METHODS, PAYMENT_TYPES } from './venue.schemas.js';

type PaymentType = (typeof PAYMENT_TYPES)[number];
const asPaymentType = (t: string): PaymentType =>
  (PAYMENT_TYPES as readonly string[]).includes(t) ? (t as PaymentType) : 'cash';

/** `{ archived: true }` on an archived row, nothing on a live one (the lists' and the changes' mark). */
export const archivedOf = (r: { archived_at: string | null }) =>
  r.archived_at === null ? {} : { archived: true as const };

type Row<T extends keyof Database> = Selectable<Database[T]>;

export const paymentMethodView = (m: Row<'payment_methods'>) => ({
  id: m.id,
  name: m.name,
  type: asPaymentType(m.type),
  refund: m.is_refund === 1,
  ...archivedOf(m),
});
export const userView = (u: Row<'users'>) => ({
  id: u.id,
  name: u.name,
  role: u.role,
  email: u.email,
  phone: u.phone,
  ...archivedOf(u),
});
export const cashboxView = (c: Row<'cashboxes'>) => ({ id: c.id, name: c.name, ...archivedOf(c) });
export const tableView = (t: Row<'dining_tables'>) => ({
  id: t.number,
  name: t.name,
  seats: t.seats,
  floor: t.floor,
  ...archivedOf(t),
});
export const deliveryZoneView = (z: Row<'delivery_zones'>) => ({
  id: z.id,
  name: z.name,
  postcodes: z.postcodes.split(',').filter(Boolean),
  fee: fromCents(z.fee),
  minOrder: fromCents(z.min_order),
  ...archivedOf(z),
});
export const relayPointView = (r: Row<'relay_points'>) => ({
  id: r.id,
  name: r.name,
  address: r.address,
  zip: r.zip,
  city: r.city,
  ...archivedOf(r),
});
export const deliveryManView = (d: Row<'delivery_men'>) => ({
  id: d.id,
  name: d.name,
  phone: d.phone,
  ...archivedOf(d),
});

const mapped = <R, V>(page: Page<R>, view: (r: R) => V): Page<V> => ({
  ...page,
  items: page.items.map(view),
});

export const listUsers = async (ctx: Ctx, p: ListRequest) =>
  mapped(await repo.pageUsers(ctx.db, ctx.shopId, p), userView);
export const listCashboxes = async (ctx: Ctx, p: ListRequest) =>
  mapped(await repo.pageCashboxes(ctx.db, ctx.shopId, p), cashboxView);
export const listTables = async (ctx: Ctx, p: ListRequest) =>
  mapped(await repo.pageTables(ctx.db, ctx.shopId, p), tableView);
export const listPaymentMethods = async (ctx: Ctx, p: ListRequest) =>
  mapped(await repo.pagePaymentMethods(ctx.db, ctx.shopId, p), paymentMethodView);
export async function listDeliveryMethods(ctx: Ctx, p: PageRequest) {
  const page = await repo.pageDeliveryMethods(ctx.db, ctx.shopId, p);
  return {
    ...page,
    items: page.items.map((m) => ({
      id: m.code,
      key: DELIVERY_METHODS.find((d) => d.code === m.code)?.key ?? String(m.code),
      name: m.name,
      enabled: m.enabled === 1,
    })),
  };
}
export const listDeliveryZones = async (ctx: Ctx, p: ListRequest) =>
  mapped(await repo.pageDeliveryZones(ctx.db, ctx.shopId, p), deliveryZoneView);
export const listRelayPoints = async (ctx: Ctx, p: ListRequest) =>
  mapped(await repo.pageRelayPoints(ctx.db, ctx.shopId, p), relayPointView);
export const listDeliveryMen = async (ctx: Ctx, p: ListRequest) =>
  mapped(await repo.pageDeliveryMen(ctx.db, ctx.shopId, p), deliveryManView);

/** How a lookup treats an archived row: refused (a new order, a payment) unless `archived: true` (a report's filter). */
export interface Lookup {
  archived?: boolean;
}

/** The table with this number, or an error naming `field` (not found, or archived). */
export async function requireTable(ctx: Ctx, number: number, field: string, lookup: Lookup = {}) {
  const t = await repo.findTableByNumber(ctx.db, ctx.shopId, number);
  if (!t)
    throw new NotFoundError(
      field,
      `This shop has no table number ${number}. Call {{list:tables}} for the table numbers.`,
    );
  if (t.archived_at !== null && !lookup.archived)
    throw new WrongStateError(
      field,
      `Table ${number} was archived: use another table ({{list:tables}}), or bring it back with {{change_table}} (archived: false).`,
    );
  return t;
}
export async function tableNumbers(ctx: Ctx, ids: number[]) {
  return new Map(
    (await repo.tablesByIds(ctx.db, ctx.shopId, [...new Set(ids)])).map((t) => [t.id, t.number]),
  );
}

export async function requirePaymentMethod(
  ctx: Ctx,
  id: number,
  field: string,
  purpose: 'payment' | 'refund',
) {
  const m = await repo.findPaymentMethod(ctx.db, ctx.shopId, id);
  const hint =
    purpose === 'payment'
      ? 'Use -2 for a quote, -1 for a validated unpaid order, or a payment method id from {{list:payments_modes}}.'
      : 'Use a payment method id from {{list:payments_modes}} (preferably a refund method).';
  if (!m) throw new NotFoundError(field, `No payment method has id ${id} in this shop. ${hint}`);
  seenInTransaction(ctx, `method:${id}`, { name: m.name, type: m.type });
  if (m.archived_at !== null)
    throw new WrongStateError(
      field,
      `Payment method ${id} ("${m.name}") was archived. ${hint} ({{change_payment_mode}} with archived: false brings it back.)`,
    );
  return m;
}
/** Every payment method, archived ones included (the reports name what history used). */
export async function paymentMethods(ctx: Ctx) {
  return repo.allPaymentMethods(ctx.db, ctx.shopId);
}

export async function requireDeliveryMethod(ctx: Ctx, code: number, field: string) {
  const m = await repo.findDeliveryMethod(ctx.db, ctx.shopId, code);
  if (!m || m.enabled !== 1) {
    // a code outside Kash's list is invalid input; a code of the list this shop lacks is not found
    const Refusal = DELIVERY_METHODS.some((d) => d.code === code) ? NotFoundError : InputError;
    throw new Refusal(
      field,
      `Delivery method ${code} is not available in this shop. Use one of the codes listed by {{list:delivery_methods}} (0 takeaway, 1 delivery, 2 on site, 3 drive-through, 4 counter sale, 5 relay point, 6 shipping).`,
    );
  }
  return m;
}
export function deliveryMethodName(code: number): string {
  return DELIVERY_METHODS.find((d) => d.code === code)?.name ?? String(code);
}

const REF_HINT = {
  cashboxes: ['cashbox', '{{list:cashboxes}}', '{{change_cashbox}}'],
  users: ['user', '{{list:users}}', '{{change_user}}'],
  relay_points: ['relay point', '{{list:relay_points}}', '{{change_relay_point}}'],
  delivery_men: ['delivery person', '{{list:delivery_men}}', '{{change_delivery_man}}'],
} as const;

export async function requireRef(
  ctx: Ctx,
  table: keyof typeof REF_HINT,
  id: number,
  field: string,
  lookup: Lookup = {},
): Promise<void> {
  const row = await repo.refRow(ctx.db, table, ctx.shopId, id);
  const [what, tool, change] = REF_HINT[table];
  if (!row)
    throw new NotFoundError(field, `No ${what} has id ${id} in this shop. Call ${tool} for the valid ids.`);
  if (table === 'cashboxes' || table === 'users')
    seenInTransaction(ctx, `${table === 'users' ? 'user' : 'cashbox'}:${id}`, { name: row.name, type: '' });
  if (row.archived_at !== null && !lookup.archived)
    throw new WrongStateError(
      field,
      `The ${what} ${id} ("${row.name}") was archived: use another one (${tool}), or bring it back with ${change} (archived: false).`,
    );
}

/** Relay points by id (the address of relay point orders). */
export function relayPointsByIds(ctx: Ctx, ids: number[]) {
  return repo.relayPointsByIds(ctx.db, ctx.shopId, [...new Set(ids)]);
}

/** Names by id (delivery methods: by code), for other modules: report labels, filter checks. */
export const userNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.userNames(ctx.db, ctx.shopId, chunk));
export const tableNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.tableNames(ctx.db, ctx.shopId, chunk));
export const cashboxNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.cashboxNames(ctx.db, ctx.shopId, chunk));
export const paymentMethodNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.paymentMethodNames(ctx.db, ctx.shopId, chunk));
export const deliveryMethodNames = (ctx: Ctx, codes: number[]) =>
  namesInChunks(codes, (chunk) => repo.deliveryMethodNames(ctx.db, ctx.shopId, chunk));

/**
 * What a use case's transaction has read already of the rows a receipt names (a sale checks its
 * cashbox, user and payment method): the fiscal record of the sale, written before the commit, takes
 * their names from here instead of reading them again. Kept per transaction, so never stale.
 */
const seen = new WeakMap<Ctx['db'], Map<string, { name: string; type: string }>>();
function seenInTransaction(ctx: Ctx, key: string, value: { name: string; type: string }): void {
  if (!ctx.db.isTransaction) return;
  let rows = seen.get(ctx.db);
  if (!rows) seen.set(ctx.db, (rows = new Map()));
  rows.set(key, value);
}

/** The names a receipt prints as they are now: the cashbox, the user and payment methods (with their type). */
export async function receiptNames(
  ctx: Ctx,
  cashboxId: number | null,
  userId: number | null,
  methodIds: readonly number[],
) {
  const known = seen.get(ctx.db);
  if (
    known &&
    (cashboxId === null || known.has(`cashbox:${cashboxId}`)) &&
    (userId === null || known.has(`user:${userId}`)) &&
    methodIds.every((id) => known.has(`method:${id}`))
  )
    return {
      cashbox: cashboxId === null ? null : known.get(`cashbox:${cashboxId}`)!.name,
      user: userId === null ? null : known.get(`user:${userId}`)!.name,
      methods: new Map(methodIds.map((id) => [id, known.get(`method:${id}`)!])),
    };
  const rows = await repo.receiptNames(ctx.db, ctx.shopId, cashboxId ?? 0, userId ?? 0, [
    ...new Set(methodIds),
  ]);
  const methods = new Map<number, { name: string; type: string }>();
  for (const r of rows) if (r.kind === 'method') methods.set(Number(r.id), { name: r.name, type: r.type });
  return {
    cashbox: rows.find((r) => r.kind === 'cashbox')?.name ?? null,
    user: rows.find((r) => r.kind === 'user')?.name ?? null,
    methods,
  };
}
