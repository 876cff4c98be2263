/**
 * The /mcp endpoint for both protocol eras, generic over who the caller is (an API key's principal in
 * production, anyone in the conformance fixture):
 *
 * - 2026-07-28 requests (the per-request `_meta` envelope, `server/discover`) go to the SDK's
 *   `createMcpHandler`, one server instance per request, stateless.
 * - 2025-era traffic (`initialize`, then `Mcp-Session-Id`) gets a session: its own transport and server
 *   instance, the GET stream, DELETE, 404 once the session is gone, an idle timeout and a cap. A
 *   session belongs to the credential that opened it; a request from another credential gets 404.
 *   Server-to-client requests (elicitation, sampling) travel on the session's own transport, so their
 *   answers come back to the session that asked.
 * - With a shared session store (Redis), a session goes on on any node: a node that does not hold it
 *   finds it in the store and rebuilds it (a fresh server instance, the client's initialize replayed);
 *   every request pushes its expiry back; DELETE, eviction and revocation end it everywhere. Open streams
 *   and server-to-client requests in flight stay on their node (session-transport.ts).
 */
import { randomUUID } from 'node:crypto';
import {
  classifyInboundRequest,
  createMcpHandler,
  isInitializeRequest,
  readRequestBody,
  type AuthInfo,
  type InitializeRequestParams,
  type McpServer,
  type ServerEventBus,
} from '@modelcontextprotocol/server';
import type { Logger } from 'pino';
import { jsonRpcError } from './json-rpc.js';
import { memoryEventStore } from './event-store.js';
import type { SessionRecord, SessionStore } from './session-store.js';
import { replayInitialize, SessionTransport } from './session-transport.js';
import { SessionRegistry, type LegacySession } from './sessions.js';

export interface McpEndpointOptions<P> {
  /** A fresh server instance for a caller: one per 2025 session, one per 2026 request. */
  factory: (principal: P, era: 'legacy' | 'modern') => McpServer | Promise<McpServer>;
  /** A stable name for the caller's credential; sessions are bound to it. */
  ownerOf: (principal: P) => string;
  sessionIdleMs: number;
  maxSessions: number;
  /** open 2025-era sessions of one credential on this node (default: maxSessions) */
  maxSessionsPerOwner?: number;
  maxBodyBytes: number;
  logger: Logger;
  onSessionCount?: (count: number) => void;
  /**
   * SSE `retry` hint, in ms: how long a client waits before reconnecting (with Last-Event-ID) to a
   * stream that broke; sent in the priming event of each SSE stream (2025-11-25 clients). 1000 by
   * default.
   */
  retryIntervalMs?: number;
  /**
   * A request the caller's credential does not allow (a tool outside its scopes): the scope it needs and
   * a message; answered with 403 insufficient_scope before any server sees it.
   */
  refuse?: (principal: P, message: unknown) => { scope?: string; message: string } | undefined;
  /**
   * Where list-changed and resource-updated events are published for the 2026 `subscriptions/listen`
   * streams (the SDK's in-process bus when omitted; a shared pub/sub when several nodes serve).
   */
  bus?: ServerEventBus;
  /**
   * Sessions shared by several nodes (Redis): a 2025-era session opened on one node goes on on any
   * other. Without it, a session lives in the memory of the node that opened it.
   */
  sessionStore?: SessionStore;
  /** how often the sessions held here are checked against the store (ended elsewhere); 5 s by default */
  sessionCheckMs?: number;
}

export interface McpEndpoint<P> {
  handle(request: Request, principal: P, requestId: string): Promise<Response>;
  readonly sessionCount: number;
  /** the credentials (ownerOf) that have 2025-era sessions open on this node */
  sessionOwners(): Set<string>;
  /** closes every session of a credential, e.g. a revoked key's, with its open streams */
  closeSessionsOf(owner: string): Promise<void>;
  close(): Promise<void>;
}

/** What a tool handler finds in `ctx.http.authInfo.extra`. */
export interface RequestExtra<P> {
  principal: P;
  requestId: string;
}

function authInfoFor<P>(owner: string, extra: RequestExtra<P>): AuthInfo {
  // The credential itself never goes into the request context: handlers get the principal only.
  return { token: '[redacted]', clientId: owner, scopes: [], extra: { ...extra } };
}

export function createMcpEndpoint<P>(options: McpEndpointOptions<P>): McpEndpoint<P> {
  const { logger, sessionStore: store } = options;
  const sessions = new SessionRegistry({
    idleMs: options.sessionIdleMs,
    max: options.maxSessions,
    maxPerOwner: options.maxSessionsPerOwner ?? options.maxSessions,
    onCountChange: options.onSessionCount,
    onClosed: (s, reason) => {
      logger.info({ session: s.id, reason }, 'mcp session closed');
      // An evicted or revoked session ends everywhere. Idle here, shut down with this node, or ended
      // elsewhere, it is only dropped from this node's memory (the store's expiry is the idle timeout).
      if (reason === 'evicted' || reason === 'revoked') void store?.remove(s.id);
    },
  });
  const restoring = new Map<string, Promise<LegacySession | undefined>>();
  const checkTimer = store && setInterval(() => void dropEnded(), options.sessionCheckMs ?? 5000);
  checkTimer?.unref();
  const modern = createMcpHandler(
    (ctx) => options.factory((ctx.authInfo?.extra as unknown as RequestExtra<P>).principal, 'modern'),
    {
      legacy: 'reject',
      maxRequestBodySize: options.maxBodyBytes,
      bus: options.bus,
      onerror: (err) => logger.debug({ err }, 'mcp request refused'),
    },
  );

  /**
   * A server instance and its transport for a session of `owner`: a new one (`params`: the client's
   * initialize, saved to the store before its result leaves) or one opened elsewhere (`restoredId`).
   */
  async function newSession(
    principal: P,
    owner: string,
    from: { params: InitializeRequestParams } | { restoredId: string },
  ) {
    const server = await options.factory(principal, 'legacy');
    const restoredId = 'restoredId' in from ? from.restoredId : undefined;
    const params = 'params' in from ? from.params : undefined;
    const transport: SessionTransport = new SessionTransport({
      sessionIdGenerator: () => restoredId ?? randomUUID(),
      events: memoryEventStore(),
      shared: store !== undefined,
      retryInterval: options.retryIntervalMs ?? 1000,
      onsessioninitialized: (id) => {
        sessions.add({ id, owner, transport, server, lastSeen: Date.now() });
        logger.info({ session: id }, restoredId ? 'mcp session restored' : 'mcp session opened');
      },
      onsessionclosed: (id) => store?.remove(id),
      beforeInitializeResult:
        store && params
          ? async (id, protocolVersion) => {
              const now = Date.now();
              const { clientInfo, capabilities } = params;
              const record = {
                owner,
                protocolVersion,
                clientInfo,
                capabilities,
                created: now,
                lastSeen: now,
              };
              const session = sessions.use(id, owner);
              if (session && !(await store.save(id, record))) session.localOnly = true;
            }
          : undefined,
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.forget(transport.sessionId, transport);
    };
    await server.connect(transport);
    return { server, transport };
  }

  async function openSession(
    request: Request,
    body: { params: InitializeRequestParams },
    principal: P,
    authInfo: AuthInfo,
    owner: string,
  ) {
    const release = await sessions.reserve(owner);
    try {
      const { server, transport } = await newSession(principal, owner, { params: body.params });
      const response = await transport.handleRequest(request, { parsedBody: body, authInfo });
      if (!transport.sessionId) await server.close(); // the initialize was refused: nothing to keep
      return response;
    } finally {
      release();
    }
  }

  /** Rebuilds here a session opened on another node; concurrent requests for it share one rebuild. */
  function restore(id: string, record: SessionRecord, principal: P, authInfo: AuthInfo) {
    let pending = restoring.get(id);
    if (!pending) {
      pending = (async () => {
        const release = await sessions.reserve(record.owner);
        try {
          const { server, transport } = await newSession(principal, record.owner, { restoredId: id });
          if (await replayInitialize(transport, record, authInfo)) return sessions.use(id, record.owner);
          logger.warn({ session: id }, 'mcp session could not be restored');
          await server.close();
          return undefined;
        } finally {
          release();
        }
      })().finally(() => restoring.delete(id));
      restoring.set(id, pending);
    }
    return pending;
  }

  /**
   * The caller's own session, held here or rebuilt from the store, or the 404 that tells it to initialize
   * again. If the store does not answer, a session held here goes on.
   */
  async function sessionFor(
    sessionId: string,
    principal: P,
    owner: string,
    authInfo: AuthInfo,
  ): Promise<{ session: LegacySession; missing?: undefined } | { missing: Response }> {
    const missing = () => ({
      missing: jsonRpcError(404, -32001, 'Session not found: it ended or expired; initialize again.'),
    });
    const local = sessions.use(sessionId, owner);
    if (!store || local?.localOnly) return local ? { session: local } : missing();
    const found = await store.touch(sessionId, owner);
    if (found === 'gone') {
      if (local) await sessions.close([sessionId], 'ended');
      return missing();
    }
    if (local) return { session: local };
    const restored =
      found === 'unavailable' ? undefined : await restore(sessionId, found, principal, authInfo);
    return restored ? { session: restored } : missing();
  }

  /** Drops the sessions held here that ended on another node (their open streams close with them). */
  async function dropEnded() {
    // not those being opened right now, nor those the store never had
    const ids = sessions
      .seenBefore(Date.now() - 1000)
      .filter((s) => !s.localOnly)
      .map((s) => s.id);
    const alive = await store?.existing(ids);
    if (alive)
      await sessions.close(
        ids.filter((id) => !alive.has(id)),
        'ended',
      );
  }

  async function handle(request: Request, principal: P, requestId: string): Promise<Response> {
    const owner = options.ownerOf(principal);
    const authInfo = authInfoFor(owner, { principal, requestId });
    const sessionId = request.headers.get('mcp-session-id');

    if (request.method === 'GET' || request.method === 'DELETE') {
      if (!sessionId)
        return request.method === 'GET'
          ? jsonRpcError(405, -32000, 'Method not allowed: open a session with initialize first.', {
              Allow: 'POST, DELETE',
            })
          : jsonRpcError(400, -32000, 'Bad Request: the Mcp-Session-Id header is required.');
      const found = await sessionFor(sessionId, principal, owner, authInfo);
      return found.missing ?? found.session.transport.handleRequest(request, { authInfo });
    }
    if (request.method !== 'POST')
      return jsonRpcError(405, -32000, `Method ${request.method} not allowed.`, {
        Allow: 'GET, POST, DELETE',
      });

    const read = await readRequestBody(request, options.maxBodyBytes);
    if (read.tooLarge)
      return jsonRpcError(413, -32000, `Request body too large: the limit is ${options.maxBodyBytes} bytes.`);
    let body: unknown;
    try {
      body = JSON.parse(read.text);
    } catch {
      return jsonRpcError(400, -32700, 'Parse error: the request body is not valid JSON.');
    }
    // Batches left MCP in 2025-06-18; refusing them keeps one request = one message, so that the rate
    // limits count every call.
    if (Array.isArray(body))
      return jsonRpcError(
        400,
        -32600,
        'Invalid Request: JSON-RPC batches are not accepted; send one message per request.',
      );
    const refusal = options.refuse?.(principal, body);
    if (refusal) {
      const raw = (body as { id?: unknown } | null)?.id;
      const id = typeof raw === 'string' || typeof raw === 'number' ? raw : null;
      // a tool of a tool set the session is not served (its scope allowed): the tool is not there for
      // this key, as JSON-RPC says of a tool not found, with why
      if (refusal.scope === undefined) return jsonRpcError(200, -32602, refusal.message, {}, id);
      const challenge = `Bearer realm="comptoir", error="insufficient_scope", scope="${refusal.scope}"`;
      return jsonRpcError(403, -32003, refusal.message, { 'WWW-Authenticate': challenge }, id);
    }
    const route = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader: request.headers.get('mcp-protocol-version') ?? undefined,
      mcpMethodHeader: request.headers.get('mcp-method') ?? undefined,
      mcpNameHeader: request.headers.get('mcp-name') ?? undefined,
      body,
    });
    if (route.kind !== 'legacy') return modern.fetch(request, { authInfo, parsedBody: body });

    if (sessionId) {
      const found = await sessionFor(sessionId, principal, owner, authInfo);
      return found.missing ?? found.session.transport.handleRequest(request, { parsedBody: body, authInfo });
    }
    if (isInitializeRequest(body)) return openSession(request, body, principal, authInfo, owner);
    return jsonRpcError(
      400,
      -32000,
      'Bad Request: the Mcp-Session-Id header is required (send initialize first).',
    );
  }

  return {
    handle,
    get sessionCount() {
      return sessions.size;
    },
    sessionOwners: () => sessions.owners(),
    closeSessionsOf: (owner) => sessions.closeOwner(owner, 'revoked'),
    close: async () => {
      clearInterval(checkTimer);
      await sessions.closeAll();
      await modern.close();
    },
  };
}
