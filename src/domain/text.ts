/**
 * Text normalization for accent- and case-insensitive search (product names, customers…).
 */

/** Letters that Unicode decomposition does not split into base letter + mark. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

/**
 * Normalizes text for comparison: lowercase, NFD decomposition, combining marks stripped, ligatures
 * expanded (œ -> oe, æ -> ae, ß -> ss, and ø -> o, ł -> l, đ -> d), typographic apostrophes turned into
 * `'`, whitespace collapsed to single spaces and trimmed. `"Café  Crème"` -> `"cafe creme"`.
 */
export function normalizeText(s: string): string {
  return s
    .toLowerCase() // first: lowercasing may produce combining marks (İ -> i + U+0307)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[œæßøłđ]/g, (c) => LIGATURES[c] ?? c)
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * True if every word of `normalizeText(query)` is a substring of `haystackNormalized` (which must
 * already be normalized with {@link normalizeText}). An empty query matches everything.
 * `matchesAllWords('cafe creme', 'Crè caf')` -> true.
 */
export function matchesAllWords(haystackNormalized: string, query: string): boolean {
  const words = normalizeText(query)
    .split(' ')
    .filter((word) => word !== '');
  return words.every((word) => haystackNormalized.includes(word));
}
