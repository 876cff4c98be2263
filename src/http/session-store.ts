/**
 * What a 2025-era session needs to go on on another node, kept in Redis (REDIS_URL) so that every node
 * sees the same sessions: the credential that owns it, the protocol version negotiated at initialize,
 * the client's info and capabilities, and when it was opened and last used. The entry expires after
 * the idle timeout; every request, on any node, pushes the expiry back.
 *
 * A node that receives a session id it does not hold looks it up here and, when the requester owns
 * it, rebuilds it (see session-transport.ts). Streams and requests in flight stay on the node that
 * holds them; only this record moves.
 */
import type { ClientCapabilities, Implementation } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface SessionRecord {
  /** the credential that opened the session (ownerOf); another credential never sees it */
  owner: string;
  /** negotiated at initialize */
  protocolVersion: string;
  clientInfo: Implementation;
  capabilities: ClientCapabilities;
  /** epoch ms */
  created: number;
  /** epoch ms of the last request, on any node */
  lastSeen: number;
}

/** `unavailable`: the store did not answer (Redis down); the caller goes on with what it holds. */
export type Lookup = SessionRecord | 'gone' | 'unavailable';

export interface SessionStore {
  /** false when the store did not answer: the session stays on this node */
  save(id: string, record: SessionRecord): Promise<boolean>;
  /**
   * The session, marked as seen (its expiry pushed back), if it exists and belongs to `owner`; `gone`
   * otherwise (ended, expired, never issued, or someone else's).
   */
  touch(id: string, owner: string): Promise<Lookup>;
  /** ends the session everywhere */
  remove(id: string): Promise<void>;
  /** which of these sessions still exist (undefined when the store does not answer) */
  existing(ids: string[]): Promise<Set<string> | undefined>;
}

// Checks the owner, refreshes last-seen and the expiry, and returns the record, in one round trip.
const TOUCH = `
if redis.call('hget', KEYS[1], 'owner') ~= ARGV[1] then return false end
redis.call('hset', KEYS[1], 'lastSeen', ARGV[2])
redis.call('pexpire', KEYS[1], ARGV[3])
return redis.call('hgetall', KEYS[1])`;

function parse(flat: string[]): SessionRecord {
  const h = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) h.set(flat[i]!, flat[i + 1]!);
  return {
    owner: h.get('owner') ?? '',
    protocolVersion: h.get('protocolVersion') ?? '',
    clientInfo: JSON.parse(h.get('clientInfo') ?? '{}') as Implementation,
    capabilities: JSON.parse(h.get('capabilities') ?? '{}') as ClientCapabilities,
    created: Number(h.get('created')),
    lastSeen: Number(h.get('lastSeen')),
  };
}

export interface RedisSessionStoreOptions {
  redis: Redis;
  /** the deployment's namespace (COMPTOIR_REDIS_PREFIX) */
  prefix: string;
  /** the idle timeout: an entry not used for this long expires */
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}

export function redisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { redis, ttlMs, logger } = options;
  const now = options.now ?? Date.now;
  const key = (id: string) => `${options.prefix}:mcp-session:${id}`;
  const failed = (what: string) => (err: unknown) => {
    logger.debug({ err }, `session store: ${what} failed`);
    return undefined;
  };
  return {
    async save(id, r) {
      return redis
        .multi()
        .hset(key(id), {
          owner: r.owner,
          protocolVersion: r.protocolVersion,
          clientInfo: JSON.stringify(r.clientInfo),
          capabilities: JSON.stringify(r.capabilities),
          created: String(r.created),
          lastSeen: String(r.lastSeen),
        })
        .pexpire(key(id), ttlMs)
        .exec()
        .then((results) => !!results && results.every(([err]) => !err))
        .catch((err: unknown) => {
          logger.warn({ err, session: id }, 'session store: the session stays on this node only');
          return false;
        });
    },
    async touch(id, owner) {
      try {
        const flat = (await redis.eval(TOUCH, 1, key(id), owner, String(now()), String(ttlMs))) as
          string[] | null;
        return flat ? parse(flat) : 'gone';
      } catch (err) {
        failed('lookup')(err);
        return 'unavailable';
      }
    },
    async remove(id) {
      await redis
        .del(key(id))
        .catch((err: unknown) =>
          logger.warn({ err, session: id }, 'session store: an ended session could not be removed'),
        );
    },
    async existing(ids) {
      if (ids.length === 0) return new Set();
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.exists(key(id));
      const results = await pipeline.exec().catch(failed('check'));
      if (!results || results.some(([err]) => err)) return undefined;
      return new Set(ids.filter((_, i) => results[i]![1] === 1));
    },
  };
}
