/**
 * The transport of one 2025-era session on this node: the SDK's, plus what sessions shared by several
 * nodes need.
 *
 * - The session record is saved, with the protocol version the server negotiated, before the
 *   initialize result leaves: the client's next request finds it on whichever node it lands.
 * - What belongs to another node is refused with a clear 409 instead of being served wrongly or left
 *   waiting: a Last-Event-ID this node never issued (that stream lives on another node), and, when
 *   sessions are shared, an answer to a server-to-client request (elicitation, sampling) this node
 *   never sent.
 * - `replayInitialize` brings a fresh transport and server to the state of a session opened on another
 *   node.
 */
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type HandleRequestOptions,
  type JSONRPCMessage,
  type RequestId,
  type TransportSendOptions,
  type WebStandardStreamableHTTPServerTransportOptions,
} from '@modelcontextprotocol/server';
import type { SessionEventStore } from './event-store.js';
import { jsonRpcError } from './json-rpc.js';
import type { SessionRecord } from './session-store.js';

export interface SessionTransportOptions extends Omit<
  WebStandardStreamableHTTPServerTransportOptions,
  'eventStore'
> {
  events: SessionEventStore;
  /** sessions are shared by several nodes: an answer to a request this node never sent is refused */
  shared: boolean;
  /** awaited before the initialize result is sent, with the version the server negotiated */
  beforeInitializeResult?: (sessionId: string, protocolVersion: string) => Promise<void>;
}

const STREAM_ELSEWHERE =
  'This stream was opened on another Comptoir node and can only be resumed there. Send the requests of ' +
  'a session to one node (sticky sessions on Mcp-Session-Id), or send the request again.';
const REQUEST_ELSEWHERE =
  'This answers a request that another Comptoir node sent (or that was never sent): it cannot be ' +
  'delivered here. Send the requests of a session to one node (sticky sessions on Mcp-Session-Id) to ' +
  'use elicitation or sampling.';

const conflict = (message: string): Response => jsonRpcError(409, -32000, message);

export class SessionTransport extends WebStandardStreamableHTTPServerTransport {
  private readonly events: SessionEventStore;
  private readonly shared: boolean;
  private readonly beforeInitializeResult: SessionTransportOptions['beforeInitializeResult'];
  /** server-to-client requests sent from this node and not answered yet (shared sessions only) */
  private readonly asked = new Set<RequestId>();
  private initializeId: RequestId | undefined;

  constructor(options: SessionTransportOptions) {
    const { events, shared, beforeInitializeResult, ...sdkOptions } = options;
    super({ ...sdkOptions, eventStore: events });
    this.events = events;
    this.shared = shared;
    this.beforeInitializeResult = beforeInitializeResult;
  }

  override async handleRequest(req: Request, options?: HandleRequestOptions): Promise<Response> {
    const body = options?.parsedBody;
    const lastEventId = req.method === 'GET' ? req.headers.get('last-event-id') : null;
    if (lastEventId && !this.events.issued(lastEventId)) return conflict(STREAM_ELSEWHERE);
    if (this.shared && (isJSONRPCResultResponse(body) || isJSONRPCErrorResponse(body)))
      if (body.id === undefined || !this.asked.delete(body.id)) return conflict(REQUEST_ELSEWHERE);
    if (isInitializeRequest(body)) this.initializeId = (body as { id?: RequestId }).id;
    return super.handleRequest(req, options);
  }

  override async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.shared && isJSONRPCRequest(message)) this.asked.add(message.id);
    else if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled')
      this.asked.delete(message.params?.requestId as RequestId);
    else if (
      this.initializeId !== undefined &&
      isJSONRPCResultResponse(message) &&
      message.id === this.initializeId
    ) {
      this.initializeId = undefined;
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
      if (this.sessionId && typeof version === 'string')
        await this.beforeInitializeResult?.(this.sessionId, version);
    }
    return super.send(message, options);
  }
}

const INTERNAL_URL = 'http://comptoir.internal/mcp';
const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/**
 * Brings a fresh transport (whose id generator returns the session's id) and its fresh server to the
 * state of a session opened on another node, with the SDK's public API only: the client's initialize,
 * as recorded, and its initialized notification are replayed to them, so the server negotiates the same
 * version and knows the client's info and capabilities. (SDK 2.4.0 has no way to mark a transport as
 * already initialized: modelcontextprotocol/typescript-sdk#1882.)
 */
export async function replayInitialize(
  transport: SessionTransport,
  record: SessionRecord,
  authInfo: AuthInfo,
): Promise<boolean> {
  const initialize = {
    jsonrpc: '2.0',
    id: 'comptoir-restore',
    method: 'initialize',
    params: {
      protocolVersion: record.protocolVersion,
      capabilities: record.capabilities,
      clientInfo: record.clientInfo,
    },
  };
  const answer = await transport.handleRequest(
    new Request(INTERNAL_URL, { method: 'POST', headers: POST_HEADERS }),
    { parsedBody: initialize, authInfo },
  );
  await answer.text(); // nobody reads it: this waits for the server's answer
  if (!answer.ok || !transport.sessionId) return false;
  const initialized = await transport.handleRequest(
    new Request(INTERNAL_URL, {
      method: 'POST',
      headers: {
        ...POST_HEADERS,
        'mcp-session-id': transport.sessionId,
        'mcp-protocol-version': record.protocolVersion,
      },
    }),
    { parsedBody: { jsonrpc: '2.0', method: 'notifications/initialized' }, authInfo },
  );
  return initialized.status === 202;
}
