/**
 * Passwords, hashed with scrypt (memory-hard, in node:crypto): N = 2^15, r = 8, p = 3 — 32 MiB and
 * three passes per hash, OWASP's equivalent of N = 2^17, p = 1 at a quarter of the memory, so that
 * a burst of logins does not take the server's memory. Stored as `scrypt$N$r$p$salt$hash` (base64url),
 * so that the cost can rise later and old hashes still verify (and are re-hashed at the next login).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...o, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Why a password cannot be used, or undefined. */
export function weakPassword(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `it has ${length} characters; use at least ${PASSWORD_MIN}`;
  if (length > PASSWORD_MAX) return `it has ${length} characters; use at most ${PASSWORD_MAX}`;
  if (new Set(password).size < 4) return 'it repeats too few characters; choose a passphrase';
  return undefined;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`, and whether `stored` should be re-hashed at today's cost. */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<{ ok: boolean; rehash: boolean }> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return { ok: false, rehash: false };
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0))
    return { ok: false, rehash: false };
  if ([...password].length > PASSWORD_MAX) return { ok: false, rehash: false };
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), cost);
  const ok = key.length === expected.length && timingSafeEqual(key, expected);
  return { ok, rehash: ok && (cost.N !== COST.N || cost.r !== COST.r || cost.p !== COST.p) };
}

/** A hash of a random password: what a login of an unknown email is checked against, in the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  return decoy;
}
