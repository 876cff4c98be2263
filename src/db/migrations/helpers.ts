/** What every migration needs to stay portable between SQLite and PostgreSQL. */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

export { isPostgres };

// Migrations must not depend on the current Database type, which later migrations change.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was
export type AnyDb = Kysely<any>;

/** An auto-numbered integer primary key: identity on PostgreSQL, autoincrement on SQLite. */
export function addId<T extends string>(
  db: AnyDb,
  t: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
