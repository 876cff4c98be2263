/**
 * Row locks for the checks a write makes on what it read. PostgreSQL runs transactions at READ
 * COMMITTED: a row read without a lock may be changed by a concurrent transaction before this one writes,
 * so a use case that decides from a row (what is due, what is left to refund, whether a quote is still a
 * quote) reads it locked, and waits there for any transaction that holds it. SQLite needs no
 * row lock: every transaction here begins IMMEDIATE (database.ts), so writers of one file run one at a
 * time. The order in which rows are locked is written in docs/ARCHITECTURE.md ("Locks").
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Executor } from './database.js';
import { isPostgres } from './dialect.js';

/**
 * The query's rows locked until the transaction ends. `for no key update`, the mode an UPDATE of
 * non-key columns takes (the numbering's `last_order_number + 1`): it serializes with the other lockers
 * and writers of the row, but not with the key-share locks that inserting a row which references it
 * takes (an order references its shop, a payment its order), which `for update` would, deadlocking a
 * transaction that inserted a referencing row before it takes the lock.
 */
export function forUpdate<DB, TB extends keyof DB, O>(
  db: Executor,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return isPostgres(db) ? query.forNoKeyUpdate() : query;
}
