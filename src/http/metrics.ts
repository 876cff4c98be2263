/** Prometheus metrics (prom-client), in a registry of their own so that two servers in a process never share counters. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  toolCalls: Counter<'tool' | 'outcome'>;
  toolDuration: Histogram<'tool'>;
  openSessions: Gauge;
  rateLimited: Counter<'limiter'>;
  authFailures: Counter<'reason'>;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'comptoir_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'comptoir_http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'comptoir_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (to the response head for streams)',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    toolCalls: new Counter({
      name: 'comptoir_tool_calls_total',
      help: 'MCP tool calls, by tool and outcome (ok, invalid input, error)',
      labelNames: ['tool', 'outcome'],
      registers,
    }),
    toolDuration: new Histogram({
      name: 'comptoir_tool_call_duration_seconds',
      help: 'Time spent in a tool call',
      labelNames: ['tool'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    openSessions: new Gauge({
      name: 'comptoir_mcp_sessions_open',
      help: 'Open 2025-era MCP sessions on this node',
      registers,
    }),
    rateLimited: new Counter({
      name: 'comptoir_rate_limit_rejections_total',
      help: 'Requests refused with 429, by limiter (key; address or credential: failed authentications)',
      labelNames: ['limiter'],
      registers,
    }),
    authFailures: new Counter({
      name: 'comptoir_auth_failures_total',
      help: 'Requests whose credential was checked and refused (401, or 429 past the failed-authentication limits), by reason (missing, scheme, invalid)',
      labelNames: ['reason'],
      registers,
    }),
  };
}
