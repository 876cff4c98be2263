/** The kept answers of the catalog's lists (mcp/read-cache.ts): given again only at the same version, bounded in bytes. */
import { describe, expect, it } from 'vitest';
import { ReadCache, cacheKey } from '../../src/mcp/read-cache.js';

const answer = (chars: number) => ({ content: [{ type: 'text' as const, text: 'x'.repeat(chars) }] });

describe('the kept answers', () => {
  it('gives an answer again only while its version holds, and never across shops or arguments', () => {
    const cache = new ReadCache();
    const key = cacheKey(1, 'data_list_products', { limit: 100 });
    const a = answer(10);
    cache.set(key, 5, a);
    expect(cache.get(key, 5)).toBe(a);
    expect(cache.get(cacheKey(2, 'data_list_products', { limit: 100 }), 5)).toBeUndefined();
    expect(cache.get(cacheKey(1, 'data_list_products', { limit: 99 }), 5)).toBeUndefined();
    expect(cache.get(key, 6)).toBeUndefined(); // the catalog moved: dropped
    expect(cache.get(key, 5)).toBeUndefined();
    expect(cache.size).toEqual({ answers: 0, bytes: 0 });
  });

  it('keeps no answer over 512 KB of text, and at most 16 MB in all, the least recently used going first', () => {
    const cache = new ReadCache();
    cache.set('big', 1, answer(600 * 1024));
    expect(cache.get('big', 1)).toBeUndefined();
    for (let i = 0; i < 200; i++) cache.set(`k${i}`, 1, answer(400 * 1024)); // 200 × ~800 KB
    expect(cache.size.bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(cache.size.answers).toBeGreaterThan(10);
    expect(cache.get('k0', 1)).toBeUndefined(); // the oldest went
    expect(cache.get('k199', 1)).toBeDefined();
  });
});
