/**
 * Multi-round-trip fixtures (SEP-2322, revision 2026-07-28) for the `input-required-result-*`
 * scenarios: a tool (or prompt) answers `input_required` with the input it needs, and the client
 * calls again with `inputResponses` and the echoed `requestState`. On a 2025 session the SDK's shim
 * turns the same handlers into real server-to-client requests.
 *
 * `requestState` comes back from the client, so it is sealed (HMAC) when minted and verified by the
 * server before any handler runs: a tampered state is refused with -32602.
 */
import { randomUUID } from 'node:crypto';
import {
  acceptedContent,
  CLIENT_CAPABILITIES_META_KEY,
  inputRequired,
  type CallToolResult,
  type ClientCapabilities,
  type InputRequest,
  type InputRequiredResult,
  type InputRequests,
  type McpServer,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import * as z from 'zod';

export interface FlowState {
  tool: string;
  round: number;
  name?: string;
  nonce: string;
}

type ToolAnswer = CallToolResult | InputRequiredResult;

const noArgs = z.object({});
const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });

function askString(message: string, field: string): InputRequest {
  return inputRequired.elicit({
    message,
    requestedSchema: { type: 'object', properties: { [field]: { type: 'string' } }, required: [field] },
  });
}
const askName = () => askString('What is your name?', 'name');
const askConfirmation = () =>
  inputRequired.elicit({
    message: 'Please confirm',
    requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
  });
const askSampling = (prompt: string, maxTokens: number) =>
  inputRequired.createMessage({
    messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
    maxTokens,
  });

/** The text of a sampling answer, if the response under `key` is one. */
function sampledText(ctx: ServerContext, key: string): string | undefined {
  const answer = ctx.mcpReq.inputResponses?.[key] as
    { content?: { type?: string; text?: unknown } } | undefined;
  return typeof answer?.content?.text === 'string' ? answer.content.text : undefined;
}
/** The roots of a roots/list answer, if the response under `key` is one. */
function listedRoots(ctx: ServerContext, key: string): { uri?: unknown }[] | undefined {
  const answer = ctx.mcpReq.inputResponses?.[key] as { roots?: unknown } | undefined;
  return Array.isArray(answer?.roots) ? (answer.roots as { uri?: unknown }[]) : undefined;
}
function acceptedString(ctx: ServerContext, key: string, field: string): string | undefined {
  const value = acceptedContent(ctx.mcpReq.inputResponses, key)?.[field];
  return typeof value === 'string' ? value : undefined;
}

export function registerFixtureMrtr(server: McpServer, codec: RequestStateCodec<FlowState>): void {
  const seal = (tool: string, round: number, ctx: ServerContext, extra: Partial<FlowState> = {}) =>
    codec.mint({ tool, round, nonce: randomUUID(), ...extra }, ctx);
  /** The verified state of this round, if it belongs to `tool`. */
  const stateOf = (ctx: ServerContext, tool: string): FlowState | undefined => {
    const state = ctx.mcpReq.requestState<FlowState>();
    return state?.tool === tool ? state : undefined;
  };

  // Also used by the missing-input, result-type, extra-params and invalid-input scenarios: anything
  // but an accepted name is answered by asking again.
  server.registerTool(
    'test_input_required_result_elicitation',
    { description: 'Asks for your name (elicitation), then greets you.', inputSchema: noArgs },
    (_args, ctx): ToolAnswer => {
      const name = acceptedString(ctx, 'user_name', 'name');
      return name === undefined
        ? inputRequired({ inputRequests: { user_name: askName() } })
        : text(`Hello, ${name}!`);
    },
  );
  server.registerTool(
    'test_input_required_result_sampling',
    {
      description: 'Asks the client LLM a question (sampling), then returns its answer.',
      inputSchema: noArgs,
    },
    (_args, ctx): ToolAnswer => {
      const answer = sampledText(ctx, 'capital_question');
      return answer === undefined
        ? inputRequired({
            inputRequests: { capital_question: askSampling('What is the capital of France?', 100) },
          })
        : text(`Sampling response: ${answer}`);
    },
  );
  server.registerTool(
    'test_input_required_result_list_roots',
    { description: 'Asks for the client roots (roots/list), then lists them.', inputSchema: noArgs },
    (_args, ctx): ToolAnswer => {
      const roots = listedRoots(ctx, 'client_roots');
      return roots === undefined
        ? inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } })
        : text(`Client roots (${roots.length}): ${roots.map((r) => String(r.uri)).join(', ')}`);
    },
  );
  server.registerTool(
    'test_input_required_result_request_state',
    {
      description: 'Asks for a confirmation with a sealed requestState, and checks it on return.',
      inputSchema: noArgs,
    },
    async (_args, ctx): Promise<ToolAnswer> => {
      if (stateOf(ctx, 'request_state') && acceptedContent(ctx.mcpReq.inputResponses, 'confirm'))
        return text('state-ok: the requestState came back intact and the confirmation was received');
      return inputRequired({
        inputRequests: { confirm: askConfirmation() },
        requestState: await seal('request_state', 1, ctx),
      });
    },
  );
  server.registerTool(
    'test_input_required_result_multiple_inputs',
    { description: 'Asks for a name, an LLM greeting and the roots in one round.', inputSchema: noArgs },
    async (_args, ctx): Promise<ToolAnswer> => {
      const name = acceptedString(ctx, 'user_name', 'name');
      const greeting = sampledText(ctx, 'greeting');
      const roots = listedRoots(ctx, 'client_roots');
      if (
        stateOf(ctx, 'multiple_inputs') &&
        name !== undefined &&
        greeting !== undefined &&
        roots !== undefined
      )
        return text(`${greeting} ${name} (${roots.length} root(s))`);
      return inputRequired({
        inputRequests: {
          user_name: askName(),
          greeting: askSampling('Generate a greeting', 50),
          client_roots: inputRequired.listRoots(),
        },
        requestState: await seal('multiple_inputs', 1, ctx),
      });
    },
  );
  server.registerTool(
    'test_input_required_result_multi_round',
    {
      description: 'Two rounds of questions (name, then colour), the round kept in requestState.',
      inputSchema: noArgs,
    },
    async (_args, ctx): Promise<ToolAnswer> => {
      const state = stateOf(ctx, 'multi_round');
      const name = state?.round === 1 ? acceptedString(ctx, 'step1', 'name') : undefined;
      if (name !== undefined)
        return inputRequired({
          inputRequests: { step2: askString('Step 2: What is your favorite color?', 'color') },
          requestState: await seal('multi_round', 2, ctx, { name }),
        });
      const color = state?.round === 2 ? acceptedString(ctx, 'step2', 'color') : undefined;
      if (color !== undefined) return text(`Multi-round complete: ${state?.name ?? '?'} likes ${color}`);
      return inputRequired({
        inputRequests: { step1: askString('Step 1: What is your name?', 'name') },
        requestState: await seal('multi_round', 1, ctx),
      });
    },
  );
  // A tampered requestState never reaches this handler: the server's verify hook refuses it first.
  server.registerTool(
    'test_input_required_result_tampered_state',
    {
      description: 'Asks for a confirmation with a sealed requestState; a forged state is refused.',
      inputSchema: noArgs,
    },
    async (_args, ctx): Promise<ToolAnswer> => {
      if (stateOf(ctx, 'tampered_state') && acceptedContent(ctx.mcpReq.inputResponses, 'confirm'))
        return text('integrity-ok');
      return inputRequired({
        inputRequests: { confirm: askConfirmation() },
        requestState: await seal('tampered_state', 1, ctx),
      });
    },
  );
  server.registerTool(
    'test_input_required_result_capabilities',
    { description: 'Asks only for the kinds of input the client declared it can give.', inputSchema: noArgs },
    (_args, ctx): ToolAnswer => {
      if (ctx.mcpReq.inputResponses !== undefined) return text('received the input the client could give');
      // 2026: the capabilities this request declares in its _meta; 2025: those of the session
      const envelope = ctx.mcpReq.envelope as Record<string, ClientCapabilities | undefined> | undefined;
      const declared = envelope?.[CLIENT_CAPABILITIES_META_KEY] ?? server.server.getClientCapabilities();
      const inputRequests: InputRequests = {};
      if (declared?.elicitation) inputRequests.user_name = askName();
      if (declared?.sampling) inputRequests.greeting = askSampling('Generate a short greeting', 50);
      if (declared?.roots) inputRequests.client_roots = inputRequired.listRoots();
      return Object.keys(inputRequests).length === 0
        ? text('the client declared no capability to answer an input request')
        : inputRequired({ inputRequests });
    },
  );
  server.registerPrompt(
    'test_input_required_result_prompt',
    {
      title: 'Prompt that needs context',
      description: 'Asks for the context (elicitation) before rendering.',
    },
    (ctx) => {
      const context = acceptedString(ctx, 'user_context', 'context');
      return context === undefined
        ? inputRequired({
            inputRequests: { user_context: askString('What context should the prompt use?', 'context') },
          })
        : {
            messages: [
              { role: 'user', content: { type: 'text', text: `Use the following context: ${context}` } },
            ],
          };
    },
  );
}
