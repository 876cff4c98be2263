import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { matchesAllWords, normalizeText } from '../../src/domain/text.js';

describe('normalizeText', () => {
  it('strips accents, lowercases and collapses whitespace', () => {
    expect(normalizeText('Café Crème')).toBe('cafe creme');
    expect(normalizeText('  CAFÉ \t\n  crème  ')).toBe('cafe creme');
    expect(normalizeText('Œuf cocotte')).toBe('oeuf cocotte');
    expect(normalizeText('Ex æquo')).toBe('ex aequo');
    expect(normalizeText('Weißbier')).toBe('weissbier');
    expect(normalizeText('WEIẞBIER')).toBe('weissbier');
    expect(normalizeText('Smørrebrød')).toBe('smorrebrod');
    expect(normalizeText('Ça, c’est très noël')).toBe("ca, c'est tres noel");
    expect(normalizeText('İstanbul')).toBe('istanbul');
    expect(normalizeText('Cafe\u0301')).toBe('cafe'); // already decomposed
    expect(normalizeText('')).toBe('');
  });

  it('is idempotent and leaves no uppercase, marks or double spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const n = normalizeText(s);
        expect(normalizeText(n)).toBe(n);
        expect(n).toBe(n.trim());
        expect(n).not.toMatch(/\s\s|\t|\n|\p{M}/u);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('matchesAllWords', () => {
  const haystack = normalizeText('Café Crème (grand)');

  it('needs every word, in any order, as a substring', () => {
    expect(matchesAllWords(haystack, 'creme')).toBe(true);
    expect(matchesAllWords(haystack, 'CRÈ  caf')).toBe(true);
    expect(matchesAllWords(haystack, 'grand cafe')).toBe(true);
    expect(matchesAllWords(haystack, 'cafe latte')).toBe(false);
    expect(matchesAllWords(haystack, 'thé')).toBe(false);
  });

  it('matches everything with an empty query', () => {
    expect(matchesAllWords(haystack, '')).toBe(true);
    expect(matchesAllWords(haystack, '   ')).toBe(true);
  });

  it('always matches a text against itself and its words', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { maxLength: 5 }), (words) => {
        const text = words.join(' ');
        expect(matchesAllWords(normalizeText(text), text)).toBe(true);
        expect(matchesAllWords(normalizeText(text), [...words].reverse().join(' '))).toBe(true);
      }),
    );
  });
});
