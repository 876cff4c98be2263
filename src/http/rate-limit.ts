/**
 * Rate limits (rate-limiter-flexible): per API key on every request, and per client address on the
 * requests that bring no valid key (floods, key guessing); in memory on one node, in Redis when
 * REDIS_URL is set so that every node counts against the same budget. Each key has its own budget, so
 * one noisy shop is refused with 429 while the others go on.
 */
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** requests per minute per API key; 0 turns the limit off */
  perKeyPerMinute: number;
  /** requests without a valid key per minute per client address; 0 turns the limit off */
  perAddressPerMinute: number;
  redis?: Redis;
  /** prefix of the counters' keys (in Redis: the deployment's namespace) */
  prefix?: string;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** spends one request of the key's budget */
  byKey(key: string): Promise<RateDecision>;
  /** whether the address still has budget for requests without a valid key (spends nothing) */
  addressAllowed(address: string): Promise<RateDecision>;
  /** spends one request of the address's budget: it brought no valid key */
  addressFailed(address: string): Promise<void>;
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

async function consume(l: RateLimiterAbstract | null, key: string): Promise<RateDecision> {
  if (!l) return { ok: true };
  try {
    await l.consume(key);
    return { ok: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: retryAfter(rejection) };
    throw rejection;
  }
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const prefix = options.prefix ?? 'comptoir';
  const keys = limiter(options.perKeyPerMinute, `${prefix}:rl:key`, options.redis);
  const addresses = limiter(options.perAddressPerMinute, `${prefix}:rl:addr`, options.redis);
  return {
    byKey: (key) => consume(keys, key),
    addressAllowed: async (address) => {
      const spent = await addresses?.get(address);
      return spent && spent.consumedPoints >= options.perAddressPerMinute
        ? { ok: false, retryAfterSeconds: retryAfter(spent) }
        : { ok: true };
    },
    addressFailed: async (address) => {
      await consume(addresses, address);
    },
  };
}
