/**
 * The tools the official MCP conformance suite calls by name (`tools-*`, `elicitation-*`,
 * `json-schema-2020-12`, `server-sse-polling`, and the `server-stateless` diagnostics). Each one does
 * exactly what its scenario describes, nothing more.
 */
import {
  fromJsonSchema,
  inputRequired,
  type CallToolResult,
  type ElicitRequestFormParams,
  type InputRequiredResult,
  type McpServer,
  type ServerContext,
  type ServerNotifier,
} from '@modelcontextprotocol/server';
import * as z from 'zod';

/** A 1×1 PNG and a WAV with no samples: the smallest media the content scenarios accept. */
export const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const EMPTY_WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=';

export type Era = 'legacy' | 'modern';

type ElicitSchema = ElicitRequestFormParams['requestedSchema'];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });
const noArgs = z.object({});

/** Tools whose answer is fixed content: text, image, audio, embedded resource, a mix, an error. */
function registerContentTools(server: McpServer): void {
  server.registerTool('test_simple_text', { description: 'Returns one text block.' }, () =>
    text('This is a simple text response for testing.'),
  );
  server.registerTool(
    'test_image_content',
    { description: 'Returns one PNG image block.', inputSchema: noArgs },
    () => ({ content: [{ type: 'image', data: PNG_1X1, mimeType: 'image/png' }] }),
  );
  server.registerTool(
    'test_audio_content',
    { description: 'Returns one WAV audio block.', inputSchema: noArgs },
    () => ({ content: [{ type: 'audio', data: EMPTY_WAV, mimeType: 'audio/wav' }] }),
  );
  server.registerTool(
    'test_embedded_resource',
    { description: 'Returns one embedded text resource.', inputSchema: noArgs },
    () => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    }),
  );
  server.registerTool(
    'test_multiple_content_types',
    { description: 'Returns a text, an image and an embedded resource.', inputSchema: noArgs },
    () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
  );
  server.registerTool(
    'test_error_handling',
    { description: 'Always fails with a tool error (isError: true).', inputSchema: noArgs },
    () => ({
      isError: true,
      content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }],
    }),
  );
}

/** Tools that talk while they work: log messages, progress notifications. */
function registerChattyTools(server: McpServer): void {
  server.registerTool(
    'test_tool_with_logging',
    { description: 'Sends three info log messages, 50 ms apart, then answers.', inputSchema: noArgs },
    async (_args, ctx) => {
      for (const [i, message] of [
        'Tool execution started',
        'Tool processing data',
        'Tool execution completed',
      ].entries()) {
        if (i > 0) await pause(50);
        await ctx.mcpReq.log('info', message); // filtered by the session's logging/setLevel
      }
      return text('Tool with logging executed successfully');
    },
  );
  server.registerTool(
    'test_tool_with_progress',
    {
      description: 'Reports progress 0, 50 and 100 of 100 when the caller sent a progress token.',
      inputSchema: noArgs,
    },
    async (_args, ctx) => {
      const progressToken = ctx.mcpReq._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (progressToken !== undefined)
          await ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: { progressToken, progress, total: 100, message: `${progress} %` },
          });
        if (progress < 100) await pause(50);
      }
      return text(
        progressToken === undefined
          ? 'done (no progress token)'
          : `done (progress token ${String(progressToken)})`,
      );
    },
  );
  // The 2026 `server-stateless` scenario: a request-scoped log that only goes out when the request's
  // `_meta` asked for a log level.
  server.registerTool(
    'test_logging_tool',
    {
      description: 'Logs one info message through the request (sent only if _meta.logLevel allows it).',
      inputSchema: noArgs,
    },
    async (_args, ctx) => {
      await ctx.mcpReq.log('info', 'test_logging_tool ran');
      return text('logged at info');
    },
  );
}

const elicitationSchemas = {
  test_elicitation: {
    type: 'object',
    properties: {
      username: { type: 'string', description: "User's response" },
      email: { type: 'string', description: "User's email address" },
    },
    required: ['username', 'email'],
  },
  sep1034: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'User name', default: 'John Doe' },
      age: { type: 'integer', description: 'User age', default: 30 },
      score: { type: 'number', description: 'User score', default: 95.5 },
      status: {
        type: 'string',
        description: 'User status',
        enum: ['active', 'inactive', 'pending'],
        default: 'active',
      },
      verified: { type: 'boolean', description: 'Verification status', default: true },
    },
    required: [],
  },
  sep1330: {
    type: 'object',
    properties: {
      untitledSingle: { type: 'string', description: 'Pick one', enum: ['option1', 'option2', 'option3'] },
      titledSingle: {
        type: 'string',
        description: 'Pick one (titled)',
        oneOf: [
          { const: 'value1', title: 'First Option' },
          { const: 'value2', title: 'Second Option' },
          { const: 'value3', title: 'Third Option' },
        ],
      },
      legacyEnum: {
        type: 'string',
        description: 'Pick one (legacy enumNames)',
        enum: ['opt1', 'opt2', 'opt3'],
        enumNames: ['Option One', 'Option Two', 'Option Three'],
      },
      untitledMulti: {
        type: 'array',
        description: 'Pick several',
        minItems: 1,
        maxItems: 3,
        items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
      },
      titledMulti: {
        type: 'array',
        description: 'Pick several (titled)',
        minItems: 1,
        maxItems: 3,
        items: {
          anyOf: [
            { const: 'value1', title: 'First Choice' },
            { const: 'value2', title: 'Second Choice' },
            { const: 'value3', title: 'Third Choice' },
          ],
        },
      },
    },
    required: [],
  },
} satisfies Record<string, ElicitSchema>;

/**
 * 2025-era tools that send a request back to the client (sampling, elicitation) in the middle of a
 * call, and the tool that cuts its own SSE stream to make the client poll. The answer must come back
 * through the session that asked.
 */
function registerClientRequestTools(server: McpServer): void {
  server.registerTool(
    'test_sampling',
    {
      description: 'Asks the client to sample an LLM with the given prompt and returns its answer.',
      inputSchema: z.object({ prompt: z.string().describe('The prompt to send to the LLM') }),
    },
    async ({ prompt }, ctx) => {
      const answer = await ctx.mcpReq.send({
        method: 'sampling/createMessage',
        params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 },
      });
      const content = Array.isArray(answer.content) ? answer.content[0] : answer.content;
      return text(`LLM response: ${content?.type === 'text' ? content.text : JSON.stringify(content)}`);
    },
  );
  const askUser = async (ctx: ServerContext, message: string, requestedSchema: ElicitSchema) => {
    const answer = await ctx.mcpReq.send({
      method: 'elicitation/create',
      params: { message, requestedSchema },
    });
    return text(
      `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`,
    );
  };
  server.registerTool(
    'test_elicitation',
    {
      description: 'Asks the user for a username and an email (elicitation/create) and returns the answer.',
      inputSchema: z.object({ message: z.string().describe('The message to show the user') }),
    },
    ({ message }, ctx) => askUser(ctx, message, elicitationSchemas.test_elicitation),
  );
  server.registerTool(
    'test_elicitation_sep1034_defaults',
    {
      description: 'Asks the user to fill a form whose fields all have defaults (SEP-1034).',
      inputSchema: noArgs,
    },
    (_args, ctx) =>
      askUser(ctx, 'Please review the form; every field has a default.', elicitationSchemas.sep1034),
  );
  server.registerTool(
    'test_elicitation_sep1330_enums',
    {
      description: 'Asks the user to pick from the five kinds of enum fields (SEP-1330).',
      inputSchema: noArgs,
    },
    (_args, ctx) => askUser(ctx, 'Please pick the options you want.', elicitationSchemas.sep1330),
  );
  server.registerTool(
    'test_reconnection',
    {
      description: 'Closes its own SSE stream mid-call; the answer reaches the client when it reconnects.',
      inputSchema: noArgs,
    },
    async (_args, ctx) => {
      ctx.http?.closeSSE?.();
      await pause(100);
      return text('Answered after the stream was closed: the client reconnected with Last-Event-ID.');
    },
  );
}

/** SEP-1613/SEP-2106: a 2020-12 input schema that must come out of tools/list exactly as written. */
function registerJsonSchemaTool(server: McpServer): void {
  server.registerTool(
    'json_schema_2020_12_tool',
    {
      description: 'Takes a JSON Schema 2020-12 input ($defs, $ref, $anchor, allOf/anyOf, if/then/else).',
      inputSchema: fromJsonSchema({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        $defs: {
          address: {
            $anchor: 'addressDef',
            type: 'object',
            properties: { street: { type: 'string' }, city: { type: 'string' } },
          },
        },
        properties: {
          name: { type: 'string' },
          address: { $ref: '#/$defs/address' },
          contactMethod: { type: 'string', enum: ['phone', 'email'] },
          phone: { type: 'string' },
          email: { type: 'string' },
        },
        allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
        if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
        then: { required: ['phone'] },
        else: { required: ['email'] },
        additionalProperties: false,
      }),
    },
    (args) => text(`Called with ${JSON.stringify(args)}`),
  );
}

/**
 * SEP-2243: an argument mirrored into an `Mcp-Param-Region` header, so that the suite can check the
 * server compares header and body (through our HTTP layer).
 */
function registerHeaderTool(server: McpServer): void {
  // (a variable, not a literal: `x-mcp-header` is an extension keyword the JSON Schema type does not name)
  const regionSchema = {
    type: 'object' as const,
    properties: {
      region: { type: 'string' as const, description: 'a region name', 'x-mcp-header': 'Region' },
    },
  };
  server.registerTool(
    'test_x_mcp_header',
    {
      description: 'Echoes its region argument, which clients also send as the Mcp-Param-Region header.',
      inputSchema: fromJsonSchema<{ region?: string }>(regionSchema),
    },
    ({ region }) => text(`region=${region ?? '(none)'}`),
  );
}

/** The `server-stateless` (SEP-2575) diagnostics: a capability the client must declare, list changes. */
function registerStatelessDiagnostics(server: McpServer, notifier: ServerNotifier, era: Era): void {
  server.registerTool(
    'test_missing_capability',
    {
      description: 'Needs the sampling client capability (asks for one LLM completion).',
      inputSchema: noArgs,
    },
    (_args, ctx: ServerContext): CallToolResult | InputRequiredResult =>
      ctx.mcpReq.inputResponses?.['pong'] === undefined
        ? inputRequired({
            inputRequests: {
              pong: inputRequired.createMessage({
                messages: [{ role: 'user', content: { type: 'text', text: 'Say pong.' } }],
                maxTokens: 8,
              }),
            },
          })
        : text('sampled'),
  );
  server.registerTool(
    'test_streaming_elicitation',
    {
      description: 'Answers with a plain result: its response stream carries no server request.',
      inputSchema: noArgs,
    },
    () => text('no server-to-client request on this stream'),
  );
  server.registerTool(
    'test_trigger_tool_change',
    { description: 'Announces a change of the tool list.', inputSchema: noArgs },
    async () => {
      notifier.toolsChanged();
      if (era === 'legacy') await server.sendToolListChanged();
      return text('tools list changed');
    },
  );
  server.registerTool(
    'test_trigger_prompt_change',
    { description: 'Announces a change of the prompt list.', inputSchema: noArgs },
    async () => {
      notifier.promptsChanged();
      if (era === 'legacy') await server.sendPromptListChanged();
      return text('prompts list changed');
    },
  );
}

export function registerFixtureTools(server: McpServer, notifier: ServerNotifier, era: Era): void {
  registerContentTools(server);
  registerChattyTools(server);
  registerJsonSchemaTool(server);
  registerHeaderTool(server);
  registerStatelessDiagnostics(server, notifier, era);
  // The 2026 revision has no server-to-client requests: those tools exist on 2025 sessions only
  // (their 2026 counterparts answer with input_required, see fixture-mrtr.ts).
  if (era === 'legacy') registerClientRequestTools(server);
}
