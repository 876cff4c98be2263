/**
 * Rate limits (rate-limiter-flexible), in memory on one node, in Redis when REDIS_URL is set so that
 * every node counts against the same budgets:
 *
 * - per API key, on every authenticated request: one noisy shop is refused with 429, the others go on;
 * - on failed authentications only (no key, an unknown or a revoked key), two budgets per client address:
 *   one per presented credential — its first characters, or "none" without one — and an overall ceiling
 *   for the address whatever the credential. Many shops reach Comptoir from a few shared addresses
 *   (ChatGPT, Claude, n8n cloud), so a request that brings a valid key never spends them and is never
 *   refused by them: a guesser behind the same address is refused while every shop goes on.
 *
 * Both are checked after a failed look-up only: a request could carry the valid key of another shop
 * behind the same address, or the valid key whose bucket someone spent by sending it in a wrong form
 * (or by knowing its first characters). A flood of bad keys costs one indexed read each; bound floods
 * at the proxy.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/**
 * How many characters of a presented credential name its failed-authentication bucket: longer than the
 * prefix `comptoir keys list` shows (`cpt_` and 6), so knowing that prefix does not let anyone spend the
 * bucket of a real key; short enough that a guesser enumerating the end of a key stays in one bucket.
 */
export const CREDENTIAL_BUCKET_CHARS = 16;

export interface RateLimitOptions {
  /** requests per minute per API key; 0 turns the limit off */
  perKeyPerMinute: number;
  /** failed authentications per minute per client address, whatever the credential; 0 turns it off */
  perAddressPerMinute: number;
  /**
   * failed authentications per minute per (credential's first characters, or none) and client address;
   * 0 turns it off (the default)
   */
  perCredentialPerMinute?: number;
  redis?: Redis;
  /** prefix of the counters' keys (in Redis: the deployment's namespace) */
  prefix?: string;
}

export type RateDecision =
  { ok: true } | { ok: false; retryAfterSeconds: number; limiter: 'key' | 'address' | 'credential' };

export interface RateLimiter {
  /** spends one request of the key's budget */
  byKey(key: string): Promise<RateDecision>;
  /**
   * after a failed authentication: spends one point of the credential's budget at this address and, if
   * that is not over, one of the address's ceiling; not ok when either is over
   */
  failed(address: string, credential: string | undefined): Promise<RateDecision>;
}

function limiter(points: number, keyPrefix: string, redis?: Redis): RateLimiterAbstract | null {
  if (points <= 0) return null;
  const options = { points, duration: 60, keyPrefix };
  if (!redis) return new RateLimiterMemory(options);
  // If Redis is unreachable, count in memory on this node rather than refusing every request.
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

async function consume(
  l: RateLimiterAbstract | null,
  key: string,
  name: 'key' | 'address' | 'credential',
): Promise<RateDecision> {
  if (!l) return { ok: true };
  try {
    await l.consume(key);
    return { ok: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      return { ok: false, retryAfterSeconds: retryAfter(rejection), limiter: name };
    throw rejection;
  }
}

/**
 * The bucket of a credential at an address. The credential's first characters are hashed: the counters
 * (in Redis too) never hold a piece of a key.
 */
function credentialBucket(address: string, credential: string | undefined): string {
  const head = credential?.slice(0, CREDENTIAL_BUCKET_CHARS);
  const name = head ? createHash('sha256').update(head, 'utf8').digest('base64url').slice(0, 22) : 'none';
  return `${name}:${address}`;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const prefix = options.prefix ?? 'comptoir';
  const keys = limiter(options.perKeyPerMinute, `${prefix}:rl:key`, options.redis);
  const addresses = limiter(options.perAddressPerMinute, `${prefix}:rl:addr`, options.redis);
  const credentials = limiter(options.perCredentialPerMinute ?? 0, `${prefix}:rl:cred`, options.redis);
  return {
    byKey: (key) => consume(keys, key, 'key'),
    failed: async (address, credential) => {
      // A credential over its own budget is refused on that count alone: repeating one bad key spends
      // its bucket, not the address's ceiling (which the other credentials of the address share).
      const byCredential = await consume(credentials, credentialBucket(address, credential), 'credential');
      if (!byCredential.ok) return byCredential;
      return consume(addresses, address, 'address');
    },
  };
}
