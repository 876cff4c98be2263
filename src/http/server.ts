/**
 * The production HTTP server: API keys decide the shop and the scopes, every caller gets its own MCP
 * server instance built by the same factory as stdio.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HttpConfig } from '../app/config.js';
import { ping, type Db } from '../db/database.js';
import { authenticateKey, revokedKeyIds, type Principal } from '../modules/keys/keys.service.js';
import { manifest } from '../mcp/manifest.js';
import { buildServer, notServed } from '../mcp/server.js';
import { toolsetsIn } from '../mcp/toolsets.js';
import { localhostAllowedHostnames, localhostAllowedOrigins } from '@modelcontextprotocol/server';
import { createHttpApp, type AuthResult, type HttpSecurity } from './app.js';
import { listen } from './listen.js';
import { createMcpEndpoint } from './mcp-endpoint.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createRateLimiter } from './rate-limit.js';
import { redisSessionStore } from './session-store.js';

export interface HttpServerDeps {
  db: Db;
  logger: Logger;
  config: HttpConfig;
  clock?: () => Date;
  /**
   * how often the sessions held by this node are checked: those of revoked keys, and (with Redis) those
   * ended on another node, are closed with their streams (default 5 s)
   */
  revocationCheckMs?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  metrics: Metrics;
  readonly sessionCount: number;
  /** graceful: stop accepting, finish calls in flight, close sessions (the database stays open) */
  shutdown: () => Promise<void>;
}

const LOCAL_INTERFACES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function securityFor(config: HttpConfig): HttpSecurity {
  const local = LOCAL_INTERFACES.has(config.host);
  const publicHost = config.publicUrl ? [new URL(config.publicUrl).hostname] : [];
  // the login and consent pages post to this server from its public address
  const origins = config.publicUrl ? [...config.allowedOrigins, config.publicUrl] : config.allowedOrigins;
  const originHosts = origins.map((o) => {
    const host = new URL(o).hostname;
    return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  });
  return {
    allowedHostnames: local
      ? [...localhostAllowedHostnames(), ...config.allowedHosts, ...publicHost]
      : config.allowedHosts.length > 0
        ? [...config.allowedHosts, ...publicHost]
        : null,
    allowedOriginHostnames: [...(local ? localhostAllowedOrigins() : []), ...originHosts],
    corsOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
  };
}

/**
 * What a request presents: the key of `Authorization: Bearer <key>` or of `X-API-Key`, an Authorization
 * header of another scheme (refused: a bare key there is not accepted), or nothing.
 */
export function presented(request: Request): { key: string } | { scheme: string } | undefined {
  const auth = request.headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? { key: m[1]! } : { scheme: auth };
  }
  const key = request.headers.get('x-api-key')?.trim();
  return key ? { key } : undefined;
}

/** The key of `Authorization: Bearer` or `X-API-Key`, if the request presents one. */
export function presentedKey(request: Request): string | undefined {
  const p = presented(request);
  return p && 'key' in p ? p.key : undefined;
}

/** The credential a request presents, whatever its form (it names its failed-authentication budget). */
export function presentedCredential(request: Request): string | undefined {
  const p = presented(request);
  return p && ('key' in p ? p.key : p.scheme);
}

/**
 * The shared Redis, connected before the first request so that no request is counted on this node
 * alone; if it does not answer within a few seconds the node starts anyway (counting locally, its
 * sessions staying on it) and keeps trying to reach it.
 */
async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let warned = false;
  redis.on('error', (err: Error) => {
    if (!warned)
      logger.warn(
        { err: err.message },
        'redis unavailable; meanwhile rate limits count on this node and sessions stay on the node that holds them',
      );
    warned = true;
  });
  redis.on('ready', () => {
    if (warned) logger.info('redis reachable again');
    warned = false;
  });
  const ready = new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
  return redis;
}

export async function startHttpServer(deps: HttpServerDeps): Promise<RunningHttpServer> {
  const { db, logger, config } = deps;
  const metrics = createMetrics();
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  let draining = false;
  const oauth = config.publicUrl
    ? await (
        await import('./oauth/index.js')
      ).setUpOAuth({
        db,
        publicUrl: config.publicUrl,
        trustProxy: config.trustProxy,
        redis,
        redisPrefix: config.redisPrefix,
        logger,
        registrationsPerHour: config.oauthRegistrationsPerHour,
      })
    : undefined;
  const ownerOf = (p: Principal) => p.owner ?? `key:${p.keyId}`;
  /** The tool sets a caller is served: its key's own, else the deployment's (undefined: every set). */
  const toolsetsOf = (p: Principal) =>
    p.toolsets ? toolsetsIn(p.toolsets.join(',')).toolsets : config.toolsets;

  const endpoint = createMcpEndpoint<Principal>({
    factory: (p) =>
      buildServer(
        {
          db,
          logger,
          clock: deps.clock,
          onToolCall: (tool, outcome, seconds) => {
            metrics.toolCalls.inc({ tool, outcome });
            metrics.toolDuration.observe({ tool }, seconds);
          },
        },
        {
          shopId: p.shopId,
          scopes: p.scopes,
          actor: ownerOf(p),
          toolsets: toolsetsOf(p),
        },
      ),
    ownerOf,
    refuse: (p, message) => {
      const m = message as { method?: unknown; params?: { name?: unknown } } | null;
      if (m?.method !== 'tools/call' || typeof m.params?.name !== 'string') return undefined;
      const name = m.params.name;
      const toolsets = toolsetsOf(p);
      const why = notServed(name, { scopes: p.scopes, toolsets });
      if (!why) return undefined;
      const app = p.owner?.startsWith('app:');
      const sets = why.toolset && toolsets ? [...new Set([...toolsets, why.toolset])].join(',') : undefined;
      const setTold = why.toolset
        ? `${name} is in the tool set "${why.toolset}", which this ${app ? 'app' : 'API key'} is not served (${p.toolsets ? 'its' : "the server's"} tool sets: ${toolsets!.join(', ')})`
        : undefined;
      if (!why.scope)
        return {
          message: `${setTold}. ${p.toolsets ? `Ask the shop owner for a key with --toolsets ${sets}` : `Ask for COMPTOIR_TOOLSETS to include ${why.toolset}, or a key of your own (comptoir keys create --toolsets ${sets})`}.`,
        };
      const scopeTold = app
        ? `Forbidden: ${name} needs the "${why.scope}" scope and this app was granted ${p.scopes.join(', ') || 'none'}. Connect it again and tick that right on the consent page (a staff account cannot grant "admin")`
        : `Forbidden: ${name} needs the "${why.scope}" scope and this API key has ${p.scopes.join(', ')}. Ask the shop owner for a key with that scope (comptoir keys create --scopes ${[...p.scopes, why.scope].join(',')}${sets ? ` --toolsets ${sets}` : ''})`;
      return { scope: why.scope, message: `${scopeTold}${setTold ? `; and ${setTold}` : ''}.` };
    },
    sessionIdleMs: config.sessionIdleMs,
    maxSessions: config.maxSessions,
    maxSessionsPerOwner: config.maxSessionsPerKey,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    onSessionCount: (n) => metrics.openSessions.set(n),
    sessionStore:
      redis && redisSessionStore({ redis, prefix: config.redisPrefix, ttlMs: config.sessionIdleMs, logger }),
    sessionCheckMs: deps.revocationCheckMs,
  });

  const app = createHttpApp<Principal>({
    endpoint,
    authenticate: async (request): Promise<AuthResult<Principal>> => {
      const p = presented(request);
      if (!p) return { ok: false, reason: 'missing' };
      if (!('key' in p)) return { ok: false, reason: 'scheme' };
      const principal =
        oauth && !p.key.startsWith('cpt_')
          ? await oauth.authenticate(p.key)
          : await authenticateKey(db, p.key);
      return principal ? { ok: true, principal } : { ok: false, reason: 'invalid' };
    },
    credentialOf: presentedCredential,
    describe: (p) => ({
      limitKey: p.owner ?? String(p.keyId),
      log: p.owner ? { shop: p.shopId, app: p.owner, client: p.name } : { shop: p.shopId, key: p.keyId },
    }),
    rateLimiter: createRateLimiter({
      perKeyPerMinute: config.rateLimitPerKey,
      perAddressPerMinute: config.rateLimitPerAddress,
      perCredentialPerMinute: config.rateLimitPerCredential,
      redis,
      prefix: config.redisPrefix,
    }),
    metrics,
    logger,
    ready: () => ping(db),
    manifest,
    security: securityFor(config),
    draining: () => draining,
    ...(oauth ? { mount: oauth.mount, challenge: oauth.challenge } : {}),
  });

  // A revoked key is refused from its next request on; this also closes the sessions (and their open
  // streams) it still holds on this node.
  const closeRevoked = async () => {
    const owners = [...endpoint.sessionOwners()];
    const ids = owners.filter((o) => o.startsWith('key:')).map((owner) => Number(owner.slice('key:'.length)));
    for (const id of await revokedKeyIds(db, ids)) await endpoint.closeSessionsOf(`key:${id}`);
    if (oauth)
      for (const owner of owners.filter((o) => o.startsWith('app:')))
        if (!(await oauth.grantStands(owner.slice('app:'.length)))) await endpoint.closeSessionsOf(owner);
  };
  const revocationTimer = setInterval(
    () => void closeRevoked().catch((err: unknown) => logger.warn({ err }, 'revocation check failed')),
    deps.revocationCheckMs ?? 5000,
  );
  revocationTimer.unref();

  const running = await listen(app, {
    host: config.host,
    port: config.port,
    logger,
    graceMs: config.shutdownGraceMs,
    onDrain: () => {
      draining = true;
    },
    closeSessions: async () => {
      clearInterval(revocationTimer);
      oauth?.close();
      await endpoint.close();
      await redis?.quit().catch(() => undefined);
    },
  });
  return {
    url: running.url,
    port: running.port,
    metrics,
    get sessionCount() {
      return endpoint.sessionCount;
    },
    shutdown: running.shutdown,
  };
}
