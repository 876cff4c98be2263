/**
 * Runs a Hono app on node:http, with a graceful shutdown: stop accepting, let the calls in flight
 * finish (up to a grace period), then close the MCP sessions and the connections still open.
 */
import { ListenError } from './listen-error.js';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';

export interface ListenOptions {
  host: string;
  port: number;
  logger: Logger;
  /** how long calls in flight may take to finish once shutdown begins */
  graceMs: number;
  /** set when shutdown begins, so the app answers 503 to new requests */
  onDrain: () => void;
  /** closes sessions and streams, after the calls in flight */
  closeSessions: () => Promise<void>;
}

export interface Listening {
  url: string;
  port: number;
  /** in-flight POST/DELETE requests (SSE GET streams are not calls) */
  readonly inFlight: number;
  shutdown: () => Promise<void>;
}

/** Why the address cannot be listened on, in the words of the one who runs Comptoir. */
function listenError(
  error: Error & { code?: string },
  { host, port }: { host: string; port: number },
): Error {
  const at = `${host}:${port}`;
  const said: Record<string, string> = {
    EADDRINUSE: `port ${port} on ${host} is already in use (another Comptoir, or another program): choose another with --port / COMPTOIR_PORT, or stop that program.`,
    EACCES: `this user may not listen on port ${port} (ports below 1024 need privileges): choose a port from 1024 up with --port / COMPTOIR_PORT.`,
    EADDRNOTAVAIL: `--host / COMPTOIR_HOST ${host} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`,
    ENOTFOUND: `--host / COMPTOIR_HOST "${host}" is neither an address nor a name that resolves: use 127.0.0.1 or 0.0.0.0.`,
    EAI_AGAIN: `--host / COMPTOIR_HOST "${host}" does not resolve: use 127.0.0.1 or 0.0.0.0.`,
  };
  const text = error.code ? said[error.code] : undefined;
  return text
    ? new ListenError(text, { cause: error })
    : new Error(`cannot listen on ${at}: ${error.message}`, { cause: error });
}

export { ListenError };

export async function listen(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono env
  app: Hono<any>,
  options: ListenOptions,
): Promise<Listening> {
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', (error: Error & { code?: string }) => reject(listenError(error, options)));
  });
  server.on('request', (req, res) => {
    // Streams are not calls: the 2025 GET stream, and the 2026 subscriptions/listen POST that never ends.
    if (req.method === 'GET' || req.method === 'OPTIONS') return;
    if (req.headers['mcp-method'] === 'subscriptions/listen') return;
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let shutdownPromise: Promise<void> | undefined;

  async function shutdown(): Promise<void> {
    options.onDrain();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      options.logger.info({ inFlight }, 'shutdown: waiting for calls in flight');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.graceMs);
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await options.closeSessions();
    server.closeAllConnections();
    await closed;
  }

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    get inFlight() {
      return inFlight;
    },
    shutdown: () => (shutdownPromise ??= shutdown()),
  };
}
