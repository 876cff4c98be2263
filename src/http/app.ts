/**
 * The HTTP face of Comptoir, on Hono: safety checks on every request (Host when bound to localhost,
 * Origin, CORS for configured origins), /health, /ready, /metrics, the manifest, and /mcp behind the
 * failed-authentication limits (per credential and address, per address: see rate-limit.ts), the
 * credential check and the per-key rate limit. Generic over the principal so
 * the conformance fixture runs on the same code with an open door instead of API keys.
 */
import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { hostHeaderValidationResponse, originValidationResponse } from '@modelcontextprotocol/server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import type { Logger } from 'pino';
import { jsonRpcError } from './json-rpc.js';
import type { McpEndpoint } from './mcp-endpoint.js';
import type { Metrics } from './metrics.js';
import type { RateLimiter } from './rate-limit.js';

/** why a request brings no valid credential: none, a wrong Authorization scheme, an unknown or revoked key */
export type AuthFailure = 'missing' | 'scheme' | 'invalid';
export type AuthResult<P> = { ok: true; principal: P } | { ok: false; reason: AuthFailure };

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
  /**
   * the credential a request presents, whatever its form (its first characters name its budget of
   * failed authentications); none by default
   */
  credentialOf?: (request: Request) => string | undefined;
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
  /** more routes (OAuth's), mounted after the checks of Host and Origin and before /mcp */
  mount?: (app: Hono<Env>, clientAddress: (c: Context) => string) => void;
  /** added to every 401's Bearer challenge (OAuth: resource_metadata and scope) */
  challenge?: string;
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

/** A refused credential: the challenge and a message that says what to send. */
function refusedCredential(reason: AuthFailure, extra?: string): Response {
  const answers: Record<AuthFailure, [challenge: string, message: string]> = {
    missing: [
      'Bearer realm="comptoir"',
      'Unauthorized: send your API key as "Authorization: Bearer <key>" or "X-API-Key: <key>".',
    ],
    scheme: [
      'Bearer realm="comptoir", error="invalid_request", error_description="use the Bearer scheme: Authorization: Bearer <key>"',
      'Unauthorized: the Authorization header must use the Bearer scheme, "Authorization: Bearer <key>" (or send "X-API-Key: <key>").',
    ],
    invalid: [
      'Bearer realm="comptoir", error="invalid_token", error_description="unknown or revoked API key"',
      'Unauthorized: this API key is unknown or revoked; ask the shop owner for a new one (comptoir keys create).',
    ],
  };
  const [challenge, message] = answers[reason];
  return jsonRpcError(401, -32001, message, {
    'WWW-Authenticate': extra ? `${challenge}, ${extra}` : challenge,
  });
}

function tooManyFailures(retryAfterSeconds: number, ofCredential: boolean): Response {
  const what = ofCredential
    ? 'Too many failed attempts with this credential from this address'
    : 'Too many requests without a valid API key from this address';
  return jsonRpcError(429, -32000, `${what}; retry in ${retryAfterSeconds} s.`, {
    'Retry-After': String(retryAfterSeconds),
  });
}

function tooMany(retryAfterSeconds: number, what: string): Response {
  return jsonRpcError(429, -32000, `Too many requests for this ${what}; retry in ${retryAfterSeconds} s.`, {
    'Retry-After': String(retryAfterSeconds),
  });
}

/** The answers worth compressing: JSON and plain text (metrics), never `text/event-stream`. */
const COMPRESSIBLE = /^\s*(application\/json|text\/plain)(?:[;\s]|$)/i;

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
    // a response the OAuth server wrote itself on the raw node response is left as it is
    const sent = c.res === RESPONSE_ALREADY_SENT;
    if (!sent) c.header('X-Request-Id', requestId);
    const status = sent
      ? ((c.env as { outgoing?: { statusCode: number } } | undefined)?.outgoing?.statusCode ?? 0)
      : c.res.status;
    const route = ROUTES.has(c.req.path) ? c.req.path : c.req.path.startsWith('/oauth/') ? '/oauth' : 'other';
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    // Probes are not logged (a health check every 30 s), but a /ready that fails is.
    if (route !== '/metrics' && route !== '/health' && !(route === '/ready' && status === 200))
      c.get('log').info(
        { method: c.req.method, path: c.req.path, status, ms: Math.round(seconds * 1000) },
        'http request',
      );
  });

  app.use(async (c, next) => {
    if (options.draining())
      return jsonRpcError(503, -32000, 'The server is shutting down; retry on another node.', {
        Connection: 'close',
        'Retry-After': '1',
      });
    // Probes (a container's health check, a load balancer) dial an address the Host list rarely names;
    // these two answers hold nothing a DNS-rebinding page could use.
    const probe =
      (c.req.method === 'GET' || c.req.method === 'HEAD') &&
      (c.req.path === '/health' || c.req.path === '/ready');
    const rejected =
      !probe &&
      ((security.allowedHostnames && hostHeaderValidationResponse(c.req.raw, security.allowedHostnames)) ||
        originValidationResponse(c.req.raw, security.allowedOriginHostnames));
    if (rejected) {
      c.get('log').warn(
        { host: c.req.header('host'), origin: c.req.header('origin') },
        'refused host or origin',
      );
      return rejected;
    }
    await next();
  });

  // JSON answers (the whole tools/list is 13 KB gzipped instead of ~140) and /metrics are compressed for
  // a client that accepts it; an event stream never is (it would be held back until a block filled), nor
  // an answer under about one packet, nor anything under /oauth: a login or consent page and a token
  // answer hold secrets beside text a caller chooses (a client's name), which compression would let an
  // eavesdropper guess from the sizes (BREACH)
  const compressed = compress({ threshold: 1400, contentTypeFilter: COMPRESSIBLE });
  // (an answer of unknown length is compressed whatever its size: the probes' few bytes are left alone)
  app.use((c, next) =>
    c.req.path.startsWith('/oauth') || c.req.path === '/health' || c.req.path === '/ready'
      ? next()
      : compressed(c, next),
  );

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

  options.mount?.(app, (c) => clientAddress(c, security.trustProxy));

  app.all('/mcp', async (c) => {
    const log = c.get('log');
    const address = clientAddress(c, security.trustProxy);
    // Failed authentications are limited per (credential, address) and per address; a valid key never
    // spends those budgets and is never refused by them (many shops may share one egress address), so
    // every credential is looked up first (one indexed read of its hash): a bucket spent by the same key
    // sent in a wrong form, or by someone who knows its first characters, cannot lock the key out.
    const credential = options.credentialOf?.(c.req.raw);
    const auth = await options.authenticate(c.req.raw);
    if (!auth.ok) {
      metrics.authFailures.inc({ reason: auth.reason });
      const spent = await options.rateLimiter.failed(address, credential);
      log.warn({ reason: auth.reason, address }, 'refused credential');
      if (!spent.ok) {
        metrics.rateLimited.inc({ limiter: spent.limiter });
        return tooManyFailures(
          spent.retryAfterSeconds,
          spent.limiter === 'credential' && credential !== undefined,
        );
      }
      return refusedCredential(auth.reason, options.challenge);
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
