/** Clients found by words of their name, e-mail or phone, or by phone digits. Scoped by shop. */
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import { contains } from '../../db/like.js';
import type { ClientRow } from './customers.repository.js';

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
        words.length === 0 ? sql<SqlBool>`1 = 0` : eb.and(words.map((w) => contains('search_text', w)));
      if (digits === null) return byWords;
      return eb.or([byWords, contains(phoneDigits, digits)]);
    })
    .orderBy('id')
    .limit(limit)
    .execute();
}
