/**
 * The server the official MCP conformance suite (@modelcontextprotocol/conformance) is run against:
 * the suite's fixtures (fixture-tools, fixture-content, fixture-mrtr) hosted by Comptoir's production
 * HTTP code — createHttpApp (Host/Origin checks, rate limits, /health), createMcpEndpoint (2025
 * sessions and the stateless 2026-07-28 revision), listen — with production's settings and two
 * differences: an open door instead of API keys (every request is the same anonymous caller), and
 * rate limits raised out of the suite's way.
 */
import { randomBytes } from 'node:crypto';
import {
  createRequestStateCodec,
  InMemoryServerEventBus,
  McpServer,
  type ServerEventBus,
  type ServerNotifier,
} from '@modelcontextprotocol/server';
import type { LevelWithSilent } from 'pino';
import { parseHttpConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { createHttpApp } from '../../src/http/app.js';
import { listen } from '../../src/http/listen.js';
import { createMcpEndpoint } from '../../src/http/mcp-endpoint.js';
import { createMetrics } from '../../src/http/metrics.js';
import { createRateLimiter } from '../../src/http/rate-limit.js';
import { securityFor } from '../../src/http/server.js';
import { registerFixtureContent } from './fixture-content.js';
import { registerFixtureMrtr, type FlowState } from './fixture-mrtr.js';
import { registerFixtureTools, type Era } from './fixture-tools.js';

interface Anonymous {
  readonly kind: 'anonymous';
}
const ANONYMOUS: Anonymous = { kind: 'anonymous' };

export interface FixtureDeps {
  /** where the trigger tools announce list changes to 2026 `subscriptions/listen` streams */
  notifier: ServerNotifier;
  /** seals and checks the multi-round-trip `requestState` (one key for the whole process) */
  codec: ReturnType<typeof createRequestStateCodec<FlowState>>;
}

/** One fixture server instance: one per 2025 session, one per 2026 request. */
export function buildFixtureServer(deps: FixtureDeps, era: Era): McpServer {
  const server = new McpServer(
    { name: 'comptoir-conformance-fixture', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { listChanged: true },
        logging: {},
        completions: {},
      },
      requestState: { verify: deps.codec.verify },
    },
  );
  registerFixtureTools(server, deps.notifier, era);
  registerFixtureContent(server, era);
  registerFixtureMrtr(server, deps.codec);
  return server;
}

function notifierOver(bus: ServerEventBus): ServerNotifier {
  return {
    toolsChanged: () => bus.publish({ kind: 'tools_list_changed' }),
    promptsChanged: () => bus.publish({ kind: 'prompts_list_changed' }),
    resourcesChanged: () => bus.publish({ kind: 'resources_list_changed' }),
    resourceUpdated: (uri) => bus.publish({ kind: 'resource_updated', uri }),
  };
}

export interface FixtureServerOptions {
  /** the interface to bind, 127.0.0.1 by default (as production) */
  host?: string;
  /** 0 (the default) picks a free port */
  port?: number;
  logLevel?: LevelWithSilent;
}

export interface RunningFixtureServer {
  /** the MCP endpoint, e.g. http://127.0.0.1:3000/mcp */
  url: string;
  shutdown: () => Promise<void>;
}

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<RunningFixtureServer> {
  // Production's defaults, read the way `comptoir serve --http` reads them, except the rate limits:
  // the suite is one client sending several hundred requests a minute (well over the default 600 per
  // key), so they are set to the highest value allowed; the limiters still run on every request.
  const config = parseHttpConfig(
    { host: options.host ?? '127.0.0.1', port: String(options.port ?? 0) },
    { COMPTOIR_RATE_LIMIT_PER_KEY: '1000000', COMPTOIR_RATE_LIMIT_PER_ADDRESS: '1000000' },
  );
  const logger = createLogger(options.logLevel ?? 'warn');
  const bus = new InMemoryServerEventBus((err) => logger.warn({ err }, 'listen stream listener failed'));
  const deps: FixtureDeps = {
    notifier: notifierOver(bus),
    codec: createRequestStateCodec<FlowState>({ key: randomBytes(32) }),
  };
  let draining = false;

  const endpoint = createMcpEndpoint<Anonymous>({
    factory: (_anonymous, era) => buildFixtureServer(deps, era),
    ownerOf: () => 'anonymous',
    sessionIdleMs: config.sessionIdleMs,
    maxSessions: config.maxSessions,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    bus,
  });
  const app = createHttpApp<Anonymous>({
    endpoint,
    authenticate: async () => ({ ok: true, principal: ANONYMOUS }),
    describe: () => ({ limitKey: 'anonymous', log: { caller: 'anonymous' } }),
    rateLimiter: createRateLimiter({
      perKeyPerMinute: config.rateLimitPerKey,
      perAddressPerMinute: config.rateLimitPerAddress,
    }),
    metrics: createMetrics({ defaultMetrics: false }),
    logger,
    ready: async () => undefined,
    manifest: () => ({ name: 'comptoir-conformance-fixture' }),
    security: securityFor(config),
    draining: () => draining,
  });
  const running = await listen(app, {
    host: config.host,
    port: config.port,
    logger,
    graceMs: config.shutdownGraceMs,
    onDrain: () => {
      draining = true;
    },
    closeSessions: () => endpoint.close(),
  });
  return { url: `${running.url}/mcp`, shutdown: running.shutdown };
}
