/**
 * The HTTP face of Comptoir, on Hono: safety checks on every request (Host when bound to localhost,
 * Origin, CORS for configured origins), /health, /ready, /metrics, the manifest, and /mcp behind the
 * address rate limit, the credential check and the per-key rate limit. Generic over the principal so
 * the conformance fixture runs on the same code with an open door instead of API keys.
 */
import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { hostHeaderValidationResponse, originValidationResponse } from '@modelcontextprotocol/server';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { Logger } from 'pino';
import { jsonRpcError } from './json-rpc.js';
import type { McpEndpoint } from './mcp-endpoint.js';
import type { Metrics } from './metrics.js';
import type { RateLimiter } from './rate-limit.js';

export type AuthResult<P> = { ok: true; principal: P } | { ok: false; reason: 'missing' | 'invalid' };

export interface HttpSecurity {
  /** Host header hostnames accepted (DNS-rebinding protection); null when not bound to localhost */
  allowedHostnames: string[] | null;
  /** Origin hostnames accepted; a request from any other Origin gets 403 (requests without Origin pass) */
  allowedOriginHostnames: string[];
  /** full origins (https://app.example) that get CORS headers */
  corsOrigins: string[];
  /** read the client address from the last X-Forwarded-For entry (behind one trusted proxy only) */
  trustProxy: boolean;
}

export interface HttpAppOptions<P> {
  endpoint: McpEndpoint<P>;
  authenticate: (request: Request) => Promise<AuthResult<P>>;
  /** the rate-limit key and the log fields of a principal */
  describe: (principal: P) => { limitKey: string; log: Record<string, unknown> };
  rateLimiter: RateLimiter;
  metrics: Metrics;
  logger: Logger;
  /** resolves when the server can serve (its database answers); throws otherwise */
  ready: () => Promise<void>;
  manifest: () => unknown;
  security: HttpSecurity;
  /** true once shutdown has begun: new requests get 503 */
  draining: () => boolean;
}

const ROUTES = new Set(['/mcp', '/health', '/ready', '/metrics', '/.well-known/mcp/manifest.json']);
const REQUEST_ID = /^[\w.:-]{1,64}$/;

type Env = { Variables: { requestId: string; log: Logger } };

function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The trusted proxy appends the address it saw: the last entry. Earlier ones are the client's word.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function tooMany(retryAfterSeconds: number, what: string): Response {
  return jsonRpcError(429, -32000, `Too many requests for this ${what}; retry in ${retryAfterSeconds} s.`, {
    'Retry-After': String(retryAfterSeconds),
  });
}

export function createHttpApp<P>(options: HttpAppOptions<P>): Hono<Env> {
  const { metrics, security } = options;
  const app = new Hono<Env>();

  app.use(async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = options.logger.child({ req: requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    await next();
    c.header('X-Request-Id', requestId);
    const route = ROUTES.has(c.req.path) ? c.req.path : 'other';
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (route !== '/metrics' && route !== '/health')
      c.get('log').info(
        { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) },
        'http request',
      );
  });

  app.use(async (c, next) => {
    if (options.draining())
      return jsonRpcError(503, -32000, 'The server is shutting down; retry on another node.', {
        Connection: 'close',
        'Retry-After': '1',
      });
    const rejected =
      (security.allowedHostnames && hostHeaderValidationResponse(c.req.raw, security.allowedHostnames)) ||
      originValidationResponse(c.req.raw, security.allowedOriginHostnames);
    if (rejected) {
      c.get('log').warn(
        { host: c.req.header('host'), origin: c.req.header('origin') },
        'refused host or origin',
      );
      return rejected;
    }
    await next();
  });

  if (security.corsOrigins.length > 0)
    app.use(
      cors({
        origin: security.corsOrigins,
        allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
        allowHeaders: [
          'Content-Type',
          'Authorization',
          'X-API-Key',
          'Mcp-Session-Id',
          'Mcp-Protocol-Version',
          'Mcp-Method',
          'Mcp-Name',
          'Last-Event-ID',
          'X-Request-Id',
        ],
        exposeHeaders: ['Mcp-Session-Id', 'WWW-Authenticate', 'Retry-After', 'X-Request-Id'],
        maxAge: 600,
      }),
    );

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    try {
      await options.ready();
      return c.json({ status: 'ready' });
    } catch (err) {
      c.get('log').warn({ err }, 'not ready');
      return c.json({ status: 'unavailable', reason: 'the database does not answer' }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { 'Content-Type': metrics.registry.contentType });
  });
  app.get('/.well-known/mcp/manifest.json', (c) => c.json(options.manifest() as object));

  app.all('/mcp', async (c) => {
    const log = c.get('log');
    const address = clientAddress(c, security.trustProxy);
    // An address that sent too many requests without a valid key is refused before the key is looked up;
    // requests with a valid key never spend the address budget (many shops may share one egress address).
    const byAddress = await options.rateLimiter.addressAllowed(address);
    if (!byAddress.ok) {
      metrics.rateLimited.inc({ limiter: 'address' });
      log.warn({ address }, 'rate limited (address)');
      return tooMany(byAddress.retryAfterSeconds, 'address');
    }
    const auth = await options.authenticate(c.req.raw);
    if (!auth.ok) {
      await options.rateLimiter.addressFailed(address);
      metrics.authFailures.inc({ reason: auth.reason });
      log.warn({ reason: auth.reason, address }, 'refused credential');
      const challenge =
        auth.reason === 'missing'
          ? 'Bearer realm="comptoir"'
          : 'Bearer realm="comptoir", error="invalid_token", error_description="unknown or revoked API key"';
      const message =
        auth.reason === 'missing'
          ? 'Unauthorized: send your API key as "Authorization: Bearer <key>" or "X-API-Key: <key>".'
          : 'Unauthorized: this API key is unknown or revoked; ask the shop owner for a new one (comptoir keys create).';
      return jsonRpcError(401, -32001, message, { 'WWW-Authenticate': challenge });
    }
    const who = options.describe(auth.principal);
    const byKey = await options.rateLimiter.byKey(who.limitKey);
    if (!byKey.ok) {
      metrics.rateLimited.inc({ limiter: 'key' });
      log.warn(who.log, 'rate limited (key)');
      return tooMany(byKey.retryAfterSeconds, 'API key');
    }
    c.set('log', log.child(who.log));
    return options.endpoint.handle(c.req.raw, auth.principal, c.get('requestId'));
  });

  app.notFound((c) =>
    c.json({ error: `No route ${c.req.method} ${c.req.path}; MCP is served at /mcp.` }, 404),
  );
  app.onError((err, c) => {
    c.get('log').error({ err }, 'http handler failed');
    return jsonRpcError(500, -32603, 'Internal error; nothing was recorded. Try again.');
  });
  return app;
}
