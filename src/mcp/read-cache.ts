/**
 * The answers of the catalog's lists, kept in this process per shop, tool and arguments, each with the
 * catalog version it was made at (tools opt in with `cachedWhile`). An answer is given again only while
 * the shop's version is the same: the version is in the database and moved by it on every catalog write
 * (migration 011), so a change made through any node, or by a sale taking stock, is seen at the next
 * call on every node. Bounded by size: an answer of more than 512 KB of text is not kept, and past
 * 16 MB in all (an answer counted twice its text: the text and the same data as structuredContent) the
 * least recently used go first, so that a caller listing made-up cursors cannot fill the memory.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';

const MAX_ANSWER_TEXT = 512 * 1024;
const MAX_BYTES = 16 * 1024 * 1024;

interface Kept {
  version: number;
  answer: CallToolResult;
  bytes: number;
}

/** What an answer weighs: its text, twice (structuredContent holds the same data). */
function weight(answer: CallToolResult): number {
  let text = 0;
  for (const c of answer.content) if (c.type === 'text') text += c.text.length;
  return 2 * text + 256;
}

export class ReadCache {
  private readonly answers = new Map<string, Kept>();
  private bytes = 0;

  get(key: string, version: number): CallToolResult | undefined {
    const kept = this.answers.get(key);
    if (!kept) return undefined;
    this.drop(key);
    if (kept.version !== version) return undefined; // the catalog moved: the answer is dropped
    this.keep(key, kept); // most recently used last
    return kept.answer;
  }

  set(key: string, version: number, answer: CallToolResult): void {
    this.drop(key);
    const bytes = weight(answer);
    if (bytes > 2 * MAX_ANSWER_TEXT) return;
    this.keep(key, { version, answer, bytes });
    while (this.bytes > MAX_BYTES) this.drop(this.answers.keys().next().value!);
  }

  /** Answers kept, and what they weigh (bytes). */
  get size(): { answers: number; bytes: number } {
    return { answers: this.answers.size, bytes: this.bytes };
  }

  private keep(key: string, kept: Kept) {
    this.answers.set(key, kept);
    this.bytes += kept.bytes;
  }

  private drop(key: string) {
    const kept = this.answers.get(key);
    if (!kept) return;
    this.answers.delete(key);
    this.bytes -= kept.bytes;
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
