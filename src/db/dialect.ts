/** What differs between the two engines, asked in one place: which one runs, and compiled statements. */
import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely, type Transaction } from 'kysely';

// Any Kysely handle (a migration's schema-less one too).
type Handle = Pick<Kysely<unknown> | Transaction<unknown>, 'getExecutor'>;

/** Whether `db` runs on PostgreSQL (else SQLite). */
export function isPostgres(db: Handle): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const compiled = new Map<string, string>();

/**
 * Runs a query built by Kysely, compiling it once per `key` and dialect: a hot path then skips building
 * and compiling the same statement on every call. The first compilation checks that `params` are the
 * query's parameters in order, else it is not reused.
 */
/**
 * What an insert of `rows` binds, for reuseCompiled: a key naming `what`, the columns and the number of
 * rows, and the values column by column, row after row (as Kysely binds rows with the same columns; an
 * insert whose rows differ is compiled again, the parameter check seeing it).
 */
export function insertParams(what: string, rows: readonly object[]): { key: string; params: unknown[] } {
  const columns = Object.keys(rows[0] ?? {});
  return {
    key: `${what}:${rows.length}:${columns.join(',')}`,
    params: rows.flatMap((r) => columns.map((c) => (r as Record<string, unknown>)[c])),
  };
}

/**
 * A value bound as it is: not an expression, a sub-query or any other object Kysely would compile, nor
 * undefined (a column Kysely leaves out of an insert).
 */
function isPlain(v: unknown): boolean {
  const t = typeof v;
  return (
    v === null ||
    t === 'string' ||
    t === 'number' ||
    t === 'bigint' ||
    t === 'boolean' ||
    v instanceof Uint8Array
  );
}

export async function reuseCompiled<R>(
  db: Handle & Pick<Kysely<unknown>, 'executeQuery'>,
  key: string,
  query: () => Compilable<R>,
  params: unknown[],
): Promise<R[]> {
  const id = `${isPostgres(db) ? 'pg' : 'sqlite'}:${key}`;
  const text = compiled.get(id);
  // a value that is not plain (an expression a caller passes one day) is compiled, never bound
  if (text !== undefined && params.every(isPlain))
    return (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
  const c = query().compile();
  const same = c.parameters.length === params.length && c.parameters.every((p, i) => p === params[i]);
  if (same) compiled.set(id, c.sql);
  return (await db.executeQuery<R>(c)).rows;
}
