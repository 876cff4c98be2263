/**
 * What a fiscal record's hash is taken over, so that anyone can compute it again (docs/FISCAL.md):
 * canonical JSON — object keys sorted by UTF-16 code units, no spaces, strings and integers as
 * JSON.stringify writes them (the JSON Canonicalization Scheme, RFC 8785, for the values a record holds:
 * texts, safe integers, booleans, null, arrays and objects; no fractions, no undefined).
 */
import { createHash } from 'node:crypto';

export type Canonical = string | number | boolean | null | Canonical[] | { [key: string]: Canonical };

export function canonicalJson(value: Canonical): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new Error(`a fiscal record holds whole numbers only, not ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Canonical)}`).join(',')}}`;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash that links a chain's first record: there is none before it. */
export const GENESIS = '0'.repeat(64);

/** What a record's hash covers: its place (chain and position), the hash before it, and its content. */
export function recordHash(chain: string, seq: number, prev: string, content: string): string {
  return sha256Hex(`comptoir-fiscal-v1\n${chain}\n${seq}\n${prev}\n${content}`);
}
