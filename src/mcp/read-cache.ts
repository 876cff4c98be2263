/**
 * The answers of the catalog's lists, kept in this process per shop, tool and arguments, each with the
 * catalog version it was made at (tools opt in with `cachedWhile`). An answer is given again only while
 * the shop's version is the same: the version is in the database and moved by it on every catalog write
 * (migration 011), so a change made through any node, or by a sale taking stock, is seen at the next
 * call on every node. Bounded: the least recently used answers go first.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';

const MAX_ANSWERS = 200;

interface Kept {
  version: number;
  answer: CallToolResult;
}

export class ReadCache {
  private readonly answers = new Map<string, Kept>();

  get(key: string, version: number): CallToolResult | undefined {
    const kept = this.answers.get(key);
    if (!kept) return undefined;
    this.answers.delete(key);
    if (kept.version !== version) return undefined; // the catalog moved: the answer is dropped
    this.answers.set(key, kept); // most recently used last
    return kept.answer;
  }

  set(key: string, version: number, answer: CallToolResult): void {
    this.answers.delete(key);
    this.answers.set(key, { version, answer });
    while (this.answers.size > MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
  }

  get size(): number {
    return this.answers.size;
  }
}

const caches = new WeakMap<object, ReadCache>();

/** The answers kept for one database (a process may open several: the tests do). */
export function readCacheOf(db: object): ReadCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ReadCache()));
  return cache;
}

/** The key of an answer: the shop, the tool and its arguments as parsed (defaults filled in). */
export function cacheKey(shopId: number, tool: string, input: unknown): string {
  return `${shopId}\u0000${tool}\u0000${JSON.stringify(input)}`;
}
