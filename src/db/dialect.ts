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
 * The text of the statements kept, at most (in characters): a sale's statements come in a shape per
 * number of lines (up to MAX_LINES, a 500-line insert being some 50 KB of SQL), so a caller who varies
 * them cannot grow the map without end; past it, the map starts again.
 */
const KEPT_CHARS = 4_000_000;
let keptChars = 0;

/**
 * What an insert of `rows` binds, for reuseCompiled: a key naming `what`, the columns and the number of
 * rows, and each row's values in the order of its keys. Rows with other columns than the first's are
 * keyed by every row's columns (Kysely writes DEFAULT where a row lacks one): the same key is then
 * always the same statement, and the parameter check refuses to keep one it binds otherwise.
 */
export function insertParams(what: string, rows: readonly object[]): { key: string; params: unknown[] } {
  const columns = Object.keys(rows[0] ?? {}).join(',');
  const alike = rows.every((r) => Object.keys(r).join(',') === columns);
  return {
    key: alike
      ? `${what}:${rows.length}:${columns}`
      : `${what}:mixed:${rows.map((r) => Object.keys(r).join(',')).join('|')}`,
    params: rows.flatMap((r) => Object.values(r)),
  };
}

/** An insert of `rows` through reuseCompiled, keyed and bound by insertParams. */
export function reuseInsert<R>(
  db: Handle & Pick<Kysely<unknown>, 'executeQuery'>,
  what: string,
  rows: readonly object[],
  query: () => Compilable<R>,
): Promise<R[]> {
  const { key, params } = insertParams(what, rows);
  return reuseCompiled(db, key, query, params);
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

/**
 * Runs a query built by Kysely, compiling it once per `key` and dialect: a hot path then skips building
 * and compiling the same statement on every call. The first compilation checks that `params` are the
 * query's parameters in order, else it is not reused.
 */
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
  if (same) {
    if (keptChars + c.sql.length > KEPT_CHARS) {
      compiled.clear();
      keptChars = 0;
    }
    compiled.set(id, c.sql);
    keptChars += c.sql.length;
  }
  return (await db.executeQuery<R>(c)).rows;
}
