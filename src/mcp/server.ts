/**
 * buildServer: one MCP server instance for one client connection, whatever the transport. The shop and
 * the caller's scopes come from the session (configuration or credential), never from a tool argument.
 */
import { fiscalTools } from './tools/fiscal.tools.js';
import { McpServer, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { Logger } from 'pino';
import type { Scope } from '../modules/shared/context.js';
import type { Db } from '../db/database.js';
import { VERSION } from '../app/version.js';
import { catalogTools } from './tools/catalog.tools.js';
import { followUpTools } from './tools/followup.tools.js';
import { importTools } from './tools/import.tools.js';
import { shopTools } from './tools/shop.tools.js';
import { stockTools } from './tools/stock.tools.js';
import { venueTools } from './tools/venue.tools.js';
import { listTools, productSearchTool } from './tools/lists.tools.js';
import { reportTools } from './tools/reports.tools.js';
import { salesTools } from './tools/sales.tools.js';
import { withToolNamesIn } from './hints.js';
import { registerTool, type AnyToolSpec, type ToolObserver } from './tool.js';
import { listedTool, type ListedTool } from './listing.js';
import { toolsetOf, withLookups, type Toolset } from './toolsets.js';

export const allTools: AnyToolSpec[] = [
  ...salesTools,
  ...reportTools,
  productSearchTool,
  ...listTools,
  ...followUpTools,
  ...catalogTools,
  ...venueTools,
  ...shopTools,
  ...stockTools,
  ...importTools,
  ...fiscalTools,
];
// the modules' `{{…}}` hints become tool names in every description the tool list and docs read
for (const t of allTools) {
  withToolNamesIn(t.input);
  withToolNamesIn(t.output);
  toolsetOf(t.name); // every tool belongs to a tool set
}

export interface ServerDeps {
  db: Db;
  logger: Logger;
  clock?: () => Date;
  /** told of every tool call (metrics) */
  onToolCall?: ToolObserver;
}
export interface Session {
  shopId: number;
  scopes: readonly Scope[];
  actor: string;
  /** the tool sets served (mcp/toolsets.ts); undefined: every set */
  toolsets?: readonly Toolset[] | undefined;
}

/** How long a client may keep a session's tool list (2026-07-28 `ttlMs`): it changes only with a new version. */
const TOOL_LIST_TTL_MS = 24 * 3600 * 1000;

/** The tools a session is served: those its scopes allow, of the tool sets it is given. */
export function sessionTools(session: Pick<Session, 'scopes' | 'toolsets'>): AnyToolSpec[] {
  const sets = session.toolsets && withLookups(session.toolsets);
  return allTools.filter(
    (t) => session.scopes.includes(t.scope) && (sets === undefined || sets.includes(toolsetOf(t.name))),
  );
}

/** Why a session is not served a tool that exists: its scope, or its tool set; undefined when it is. */
export function notServed(
  toolName: string,
  session: Pick<Session, 'scopes' | 'toolsets'>,
): { scope?: Scope; toolset?: Toolset } | undefined {
  const spec = allTools.find((t) => t.name === toolName);
  if (!spec) return undefined;
  const set = toolsetOf(spec.name);
  const why = {
    ...(session.scopes.includes(spec.scope) ? {} : { scope: spec.scope }),
    ...(session.toolsets === undefined || withLookups(session.toolsets).includes(set)
      ? {}
      : { toolset: set }),
  };
  return why.scope || why.toolset ? why : undefined;
}

/** What the server tells a model first, naming only tools the session is served. */
function instructionsFor(served: string[]): string {
  const has = (t: string) => served.includes(t);
  return [
    "Comptoir is the shop's cash register. Amounts are in the shop currency's major unit (2.5 = €2.50), VAT included.",
    has('sale_create')
      ? 'To record a sale, call sale_create with product names or ids and an idempotencyKey.'
      : undefined,
    has('data_list_orders')
      ? 'To answer "today\'s sales", call data_list_orders.'
      : has('report_summary')
        ? 'To answer "today\'s sales", call report_summary.'
        : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}

export function buildServer(deps: ServerDeps, session: Session): McpServer {
  const tools = sessionTools(session);
  const server = new McpServer(
    { name: 'comptoir', title: 'Comptoir cash register', version: VERSION },
    {
      // tools/list and tools/call are always served, even when the scopes allow no tool (an empty list,
      // "Tool … not found"): the SDK would otherwise set them up only with the first registered tool.
      // A session's tools never change while it lasts (a key's scopes or tool sets apply from its
      // next session), so no list_changed notification is ever sent, nor advertised.
      capabilities: { tools: { listChanged: false } },
      cacheHints: { 'tools/list': { ttlMs: TOOL_LIST_TTL_MS, cacheScope: 'private' } },
      instructions: instructionsFor(tools.map((t) => t.name)),
    },
  );
  const logger = deps.logger.child({ shop: session.shopId });
  const makeCtx = () => ({
    shopId: session.shopId,
    actor: session.actor,
    scopes: session.scopes,
    db: deps.db,
    clock: deps.clock ?? (() => new Date()),
    logger,
  });
  for (const spec of tools) registerTool(server, makeCtx, spec, deps.onToolCall);
  // tools/list from the listed tools, made once per tool (mcp/listing.ts) instead of converted from
  // zod at every call; one page, so a cursor (which this server never gives) is refused as the spec says
  let listed: ListedTool[] | undefined;
  server.server.setRequestHandler('tools/list', (request) => {
    if (request.params?.cursor !== undefined)
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        'Invalid cursor: tools/list answers every tool in one page and gives no cursor; call it without one.',
      );
    listed ??= tools.map(listedTool);
    return { tools: listed };
  });
  return server;
}
