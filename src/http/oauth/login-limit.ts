/**
 * Limits on the login page, so that guessing a password is slow and an attacker cannot lock a real
 * owner out: failures are counted per (email, address) — 5 per 15 minutes, then that pair waits — and
 * per address — 50 per hour, whatever the email. Failures of one email from everywhere only slow it
 * down (a second's wait once past 20 in 15 minutes), never block it: the owner still logs in from
 * their own address. In Redis when it is configured, so every node counts together.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

export interface LoginLimiter {
  before(email: string, address: string): Promise<{ ok: boolean }>;
  failed(email: string): Promise<void>;
  succeeded(email: string, address: string): Promise<void>;
}

const hashed = (text: string) =>
  createHash('sha256').update(text.normalize('NFC').trim().toLowerCase()).digest('base64url').slice(0, 22);

/**
 * A budget per client address: dynamic client registrations (per hour), or every OAuth request (per
 * minute: an authorization request writes a row); past it, the address waits.
 */
export function createAddressLimiter(options: {
  redis?: Redis;
  prefix?: string;
  name: string;
  points: number;
  seconds: number;
}) {
  const { points, seconds: duration } = options;
  const limiter = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        keyPrefix: `${options.prefix ?? 'comptoir'}:${options.name}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ points, duration }),
      })
    : new RateLimiterMemory({ keyPrefix: options.name, points, duration });
  return async (address: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> => {
    try {
      await limiter.consume(address);
      return { ok: true };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    }
  };
}

export function createLoginLimiter(options: {
  redis?: Redis;
  prefix?: string;
  wait?: (ms: number) => Promise<void>;
}): LoginLimiter {
  const make = (
    keyPrefix: string,
    points: number,
    duration: number,
    blockDuration = 0,
  ): RateLimiterAbstract =>
    options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          keyPrefix: `${options.prefix ?? 'comptoir'}:login:${keyPrefix}`,
          points,
          duration,
          blockDuration,
          insuranceLimiter: new RateLimiterMemory({ points, duration, blockDuration }),
        })
      : new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
  const pair = make('pair', 5, 15 * 60, 15 * 60);
  const address = make('addr', 50, 3600);
  const email = make('email', 1_000_000, 15 * 60);
  const wait = options.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const spend = async (limiter: RateLimiterAbstract, key: string) => {
    try {
      await limiter.consume(key);
      return true;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      return false;
    }
  };
  return {
    // The attempt's points are spent before the password is checked (parallel guesses cannot all pass
    // the check first), and given back when the password was right.
    async before(emailText, addr) {
      const pairOk = await spend(pair, `${hashed(emailText)}|${addr}`);
      const addressOk = pairOk && (await spend(address, addr));
      if (!pairOk || !addressOk) return { ok: false };
      const failures = (await email.get(hashed(emailText)))?.consumedPoints ?? 0;
      if (failures >= 20) await wait(1000);
      return { ok: true };
    },
    async failed(emailText) {
      await spend(email, hashed(emailText));
    },
    async succeeded(emailText, addr) {
      await pair.delete(`${hashed(emailText)}|${addr}`);
      await address.reward(addr, 1);
    },
  };
}
