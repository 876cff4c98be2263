/**
 * Queries of client_balance: clients found by words or phone digits, and a client's validated orders
 * with the credit notes issued against them. Read-only; every query is scoped by shop.
 */
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { OrdersTable } from '../../db/schema.js';
import type { ClientRow } from './customers.repository.js';

export type BalanceOrderRow = Selectable<OrdersTable>;

/** `%text%` for LIKE, with LIKE's own wildcards taken literally (escape character: backslash). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The phone number with its separators removed, so that "06 39 98 45 12" and "0639984512" compare equal. */
const phoneDigits = sql<string>`replace(replace(replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '.', ''), '-', ''), '+', ''), '(', ''), ')', '')`;

/**
 * Clients whose normalized search text (names, e-mail, phone) holds every word, or whose phone holds
 * `digits`; by id, at most `limit`.
 */
export function clientsMatching(
  db: Executor,
  shopId: number,
  words: string[],
  digits: string | null,
  limit: number,
): Promise<ClientRow[]> {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where((eb) => {
      const byWords =
        words.length === 0
          ? sql<SqlBool>`1 = 0`
          : eb.and(words.map((w) => sql<SqlBool>`search_text like ${containsPattern(w)} escape '\\'`));
      if (digits === null) return byWords;
      return eb.or([byWords, sql<SqlBool>`${phoneDigits} like ${containsPattern(digits)} escape '\\'`]);
    })
    .orderBy('id')
    .limit(limit)
    .execute();
}

export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

/** A client's validated sales (credit notes excluded) validated in the period, oldest first. */
export function clientSales(
  db: Executor,
  shopId: number,
  clientId: number,
  period: Period,
): Promise<BalanceOrderRow[]> {
  let q = db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('client_id', '=', clientId)
    .where('status', '=', 'validated')
    .where('refund_of', 'is', null);
  if (period.from !== undefined) q = q.where('validated_at', '>=', period.from);
  if (period.to !== undefined) q = q.where('validated_at', '<', period.to);
  return q.orderBy('validated_at').orderBy('id').execute();
}

/** The credit notes issued against the sales that {@link clientSales} returns (whatever their own date). */
export function creditNotesOfClientSales(
  db: Executor,
  shopId: number,
  clientId: number,
  period: Period,
): Promise<BalanceOrderRow[]> {
  let q = db
    .selectFrom('orders as c')
    .innerJoin('orders as o', (j) => j.onRef('o.id', '=', 'c.refund_of').onRef('o.shop_id', '=', 'c.shop_id'))
    .selectAll('c')
    .where('c.shop_id', '=', shopId)
    .where('o.client_id', '=', clientId)
    .where('o.status', '=', 'validated')
    .where('o.refund_of', 'is', null);
  if (period.from !== undefined) q = q.where('o.validated_at', '>=', period.from);
  if (period.to !== undefined) q = q.where('o.validated_at', '<', period.to);
  return q.orderBy('c.id').execute();
}

/** When the client's latest validated sale was validated (UTC ISO), or null. */
export async function lastSaleAt(db: Executor, shopId: number, clientId: number): Promise<string | null> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.max('validated_at').as('at'))
    .where('shop_id', '=', shopId)
    .where('client_id', '=', clientId)
    .where('status', '=', 'validated')
    .where('refund_of', 'is', null)
    .executeTakeFirst();
  return row?.at ?? null;
}
