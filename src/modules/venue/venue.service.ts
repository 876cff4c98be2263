import { namesInChunks } from '../../db/names.js';
import type { Ctx } from '../shared/context.js';
import type { PageRequest } from '../../db/pagination.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import * as repo from './venue.repository.js';
import { DELIVERY_METHODS, PAYMENT_TYPES } from './venue.schemas.js';

type PaymentType = (typeof PAYMENT_TYPES)[number];
const asPaymentType = (t: string): PaymentType =>
  (PAYMENT_TYPES as readonly string[]).includes(t) ? (t as PaymentType) : 'cash';

export const paymentMethodView = (m: { id: number; name: string; type: string; is_refund: number }) => ({
  id: m.id,
  name: m.name,
  type: asPaymentType(m.type),
  refund: m.is_refund === 1,
});

export async function listUsers(ctx: Ctx, p: PageRequest) {
  const page = await repo.pageUsers(ctx.db, ctx.shopId, p);
  return { ...page, items: page.items.map((u) => ({ id: u.id, name: u.name, role: u.role })) };
}
export async function listCashboxes(ctx: Ctx, p: PageRequest) {
  const page = await repo.pageCashboxes(ctx.db, ctx.shopId, p);
  return { ...page, items: page.items.map((c) => ({ id: c.id, name: c.name })) };
}
export async function listTables(ctx: Ctx, p: PageRequest) {
  const page = await repo.pageTables(ctx.db, ctx.shopId, p);
  return {
    ...page,
    items: page.items.map((t) => ({ id: t.number, name: t.name, seats: t.seats, floor: t.floor })),
  };
}
export async function listPaymentMethods(ctx: Ctx, p: PageRequest) {
  const page = await repo.pagePaymentMethods(ctx.db, ctx.shopId, p);
  return { ...page, items: page.items.map(paymentMethodView) };
}
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
export async function listDeliveryZones(ctx: Ctx, p: PageRequest) {
  const page = await repo.pageDeliveryZones(ctx.db, ctx.shopId, p);
  return {
    ...page,
    items: page.items.map((z) => ({
      id: z.id,
      name: z.name,
      postcodes: z.postcodes.split(',').filter(Boolean),
      fee: fromCents(z.fee),
      minOrder: fromCents(z.min_order),
    })),
  };
}
export async function listRelayPoints(ctx: Ctx, p: PageRequest) {
  const page = await repo.pageRelayPoints(ctx.db, ctx.shopId, p);
  return {
    ...page,
    items: page.items.map((r) => ({ id: r.id, name: r.name, address: r.address, zip: r.zip, city: r.city })),
  };
}
export async function listDeliveryMen(ctx: Ctx, p: PageRequest) {
  const page = await repo.pageDeliveryMen(ctx.db, ctx.shopId, p);
  return { ...page, items: page.items.map((d) => ({ id: d.id, name: d.name, phone: d.phone })) };
}

/** The table with this number, or an InputError naming `field`. */
export async function requireTable(ctx: Ctx, number: number, field: string) {
  const t = await repo.findTableByNumber(ctx.db, ctx.shopId, number);
  if (!t)
    throw new NotFoundError(
      field,
      `This shop has no table number ${number}. Call {{list:tables}} for the table numbers.`,
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
  return m;
}
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
  cashboxes: ['cashbox', '{{list:cashboxes}}'],
  users: ['user', '{{list:users}}'],
  relay_points: ['relay point', '{{list:relay_points}}'],
  delivery_men: ['delivery person', '{{list:delivery_men}}'],
} as const;

export async function requireRef(
  ctx: Ctx,
  table: keyof typeof REF_HINT,
  id: number,
  field: string,
): Promise<void> {
  if (!(await repo.exists(ctx.db, table, ctx.shopId, id))) {
    const [what, tool] = REF_HINT[table];
    throw new NotFoundError(field, `No ${what} has id ${id} in this shop. Call ${tool} for the valid ids.`);
  }
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
