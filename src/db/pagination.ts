/**
 * Keyset pagination shared by every list: rows of one shop, ordered by a key column, with an opaque
 * cursor (the last key seen) and the total row count.
 */
import { sql, type RawBuilder } from 'kysely';
import { InputError } from '../domain/errors.js';
import { MAX_ID } from '../domain/limits.js';
import type { Database } from './schema.js';
import type { Executor } from './database.js';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}
export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** The cursor after key `after` of list `list` (a table): it names its list, so another list refuses it. */
export function encodeCursor(after: number, list: string): string {
  return Buffer.from(JSON.stringify({ list, after }), 'utf8').toString('base64url');
}

/** Below every key: the smallest 32-bit integer (PostgreSQL compares it with integer columns). */
const BEFORE_EVERY_KEY = -2_147_483_648;

export function decodeCursor(cursor: string | undefined, list: string, field = 'cursor'): number {
  if (cursor === undefined || cursor === '') return BEFORE_EVERY_KEY;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const { after, list: of } = parsed as { after?: unknown; list?: unknown };
    // Keys are integer columns: a cursor outside them is not one this server gave. A cursor given
    // before cursors named their list (no `list`) is still read.
    if (
      typeof after === 'number' &&
      Number.isInteger(after) &&
      after >= 0 &&
      after <= MAX_ID &&
      (of === undefined || of === list)
    )
      return after;
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    field,
    `"${cursor}" is not a cursor this server gave: pass the nextCursor of the previous page, or omit it for the first page.`,
  );
}

/**
 * One page of `table` for a shop, ordered by `key` ascending. `where` adds conditions (already
 * parameterised). Portable SQL: the table and column names are identifiers, never user input.
 */
export async function pageOf<Row extends Record<string, unknown>>(
  db: Executor,
  table: keyof Database,
  shopId: number,
  page: PageRequest,
  options: { key?: string; where?: RawBuilder<unknown>[] } = {},
): Promise<Page<Row>> {
  const key = sql.ref(options.key ?? 'id');
  const after = decodeCursor(page.cursor, table);
  const conds = [sql`shop_id = ${shopId}`, ...(options.where ?? [])];
  const where = sql.join(conds, sql` and `);
  const rows =
    await sql<Row>`select * from ${sql.table(table)} where ${where} and ${key} > ${after} order by ${key} limit ${page.limit + 1}`.execute(
      db,
    );
  const countRow = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db);
  const items = rows.rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const keyName = options.key ?? 'id';
  return {
    items,
    total: Number(countRow.rows[0]?.n ?? 0),
    nextCursor: rows.rows.length > page.limit && last ? encodeCursor(Number(last[keyName]), table) : null,
  };
}
