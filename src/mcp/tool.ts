/** The thin adapter between a service and an MCP tool: context, output, text content, errors, scopes. */
import type { McpServer, ServerContext, StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Ctx, Scope } from '../modules/shared/context.js';
import { renderList, type Format } from './format.js';
import { InputError, isInputError } from '../domain/errors.js';
import { toolError } from './errors.js';
import { withToolNames } from './hints.js';
import { listedHints, listedTool, type JsonSchema } from './listing.js';
import { cacheKey, readCacheOf } from './read-cache.js';

export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  scope: Scope;
  input: I;
  output: O;
  annotations: ToolHints;
  run: (ctx: Ctx, args: z.infer<I>) => Promise<z.infer<O>>;
  /** How the structured result reads as text; default JSON, lists honour `format`. */
  text?: (result: z.infer<O>, args: z.infer<I>) => string;
  /**
   * An alias (another name of a tool, e.g. Kash's newer `order_create`): listed with an open input
   * schema and no output schema, so that it costs a model a line of the tool list, and checked with
   * `input` like the tool it names.
   */
  aliasOf?: string;
  /**
   * A read whose answer depends only on data whose version this gives (the catalog's): the answer is
   * kept per shop and arguments, and given again while the version has not moved (mcp/read-cache.ts).
   */
  cachedWhile?: (ctx: Ctx) => Promise<number>;
}

/** Every tool, described for the tool reference and the manifest. */
export interface ToolInfo {
  name: string;
  title: string;
  description: string;
  scope: Scope;
  input: z.ZodObject;
  output: z.ZodObject;
  annotations: ToolHints;
}

export type ContextFactory = () => Ctx;

export type ToolOutcome = 'ok' | 'invalid' | 'error';
/** Told of every tool call (metrics). */
export type ToolObserver = (tool: string, outcome: ToolOutcome, seconds: number) => void;

/**
 * A text no field may hold, with why: a NUL character (U+0000), which PostgreSQL's text cannot store,
 * or a lone UTF-16 surrogate, a broken character that SQLite would store as invalid UTF-8 and
 * PostgreSQL as U+FFFD. Refused the same on both databases.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which no text may hold; remove it.';
  if (LONE_SURROGATE.test(text))
    return 'contains a broken character (a lone UTF-16 surrogate, half of an emoji or of a rare character); send the text as valid Unicode.';
  return undefined;
}

/** Where a text of the arguments is one no field may hold (e.g. `items[0].title`), and why. */
export function badTextAt(value: unknown, path = ''): { field: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = badText(value);
    return problem ? { field: path, problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const at = badTextAt(v, `${path}[${i}]`);
      if (at !== undefined) return at;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = badTextAt(v, path ? `${path}.${k}` : k);
      if (at !== undefined) return at;
    }
  }
  return undefined;
}

/** The HTTP request id, when the call came over HTTP (http/mcp-endpoint.ts puts it in the auth info). */
function requestIdOf(sdk: ServerContext): string | undefined {
  const id = sdk.http?.authInfo?.extra?.requestId;
  return typeof id === 'string' ? id : undefined;
}

/** `items[0].price` for zod's path `['items', 0, 'price']`: the notation of every other error. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/**
 * A union's refusal ("Invalid input") as the refusal of the branch that went deepest into the value:
 * `table: ["9…"]` is refused by the list branch at `table[0]`, which says what that element should be.
 */
function precise(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const inner = issue.errors.flat().map(precise);
  const deepest = inner.reduce((a, b) => (b.path.length > a.path.length ? b : a));
  if (deepest.path.length > 0) return { path: [...issue.path, ...deepest.path], message: deepest.message };
  // a branch of the value's type refused the value itself ("" for an id): its reason is the one meant
  const typed = issue.errors.flat().find((i) => i.path.length === 0 && i.code !== 'invalid_type');
  if (typed) return { path: issue.path, message: typed.message };
  // no branch went into the value: say every kind it may be ("expected string or object")
  const expected = [
    ...new Set(
      issue.errors.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_type' ? [i.expected] : []))),
    ),
  ];
  return expected.length > 1
    ? { path: issue.path, message: `Invalid input: expected ${expected.join(' or ')}` }
    : { path: issue.path, message: deepest.message };
}

/** Edit distance of two short names (case ignored), for "did you mean". */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    row = next;
  }
  return row[y.length]!;
}

/**
 * A management tool refuses an argument it does not know (`group` for `deptGroup`, `departement`):
 * dropped silently, a model's guess at a name would write the row without it. Sales and reads keep
 * zod's default and ignore extra keys, as Kash's clients send some.
 */
function refuseUnknownArgs(spec: AnyToolSpec, args: unknown) {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return;
  const known = Object.keys(spec.input.shape);
  const unknown = Object.keys(args).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const k = unknown[0]!;
  const near = known
    .map((name) => ({ name, d: distance(k, name) }))
    .sort((a, b) => a.d - b.d)
    .filter(
      (c) => c.d <= Math.max(2, Math.floor(k.length / 3)) || c.name.toLowerCase().includes(k.toLowerCase()),
    );
  throw new InputError(
    k,
    `${spec.name} has no argument "${k}"${near[0] ? ` (did you mean ${near[0].name}?)` : ''}. Its arguments: ${known.join(', ')}.`,
  );
}

/**
 * The arguments checked against the tool's input schema, as an InputError that names the field (the
 * first one wrong; the message lists them all) and whose hints become tool names like every other.
 */
function parsedArgs(spec: AnyToolSpec, args: unknown): Record<string, unknown> {
  if (spec.scope === 'admin') refuseUnknownArgs(spec, args);
  const r = spec.input.safeParse(args ?? {});
  if (r.success) return r.data;
  // one problem a field: the last zod found (a field's own bound comes after its type's)
  const byField = new Map<string, string>();
  for (const i of r.error.issues.map(precise)) byField.set(fieldOf(i.path) || 'arguments', i.message);
  const [first, ...others] = [...byField].map(([field, message]) => ({ field, message }));
  const also = others.map((o) => ` Also ${o.field}: ${o.message}`).join('');
  throw new InputError(first?.field ?? 'arguments', `${first?.message ?? 'invalid arguments'}${also}`);
}

/**
 * A listed schema (mcp/listing.ts) as the SDK is given it: its JSON Schema, and a check that lets every
 * value through. The adapter checks the arguments with zod itself (parsedArgs): the SDK's own refusal
 * would not name the field as the rest do, carry the error's kind, nor turn hints into tool names. A
 * result is built by the services to their zod output type and checked by clients against the listed
 * output schema (the test suite's SDK client does, on every call): checked again here with zod, every
 * call would pay for it.
 */
function asSdkSchema(json: () => JsonSchema): StandardSchemaWithJSON {
  return {
    '~standard': {
      version: 1,
      vendor: 'comptoir',
      validate: (value: unknown) => ({ value }),
      jsonSchema: { input: json, output: json },
    },
  } as unknown as StandardSchemaWithJSON;
}

/** A result's `warnings` with their `{{…}}` hints as tool names, like an error's message. */
function withNamedWarnings<T>(result: T): T {
  const w = (result as { warnings?: unknown }).warnings;
  if (!Array.isArray(w)) return result;
  return { ...result, warnings: w.map((x) => (typeof x === 'string' ? withToolNames(x) : x)) };
}

/** Registers a tool (its types erased by defineTool); its arguments are checked by parsedArgs. */
export function registerTool(
  server: McpServer,
  makeCtx: ContextFactory,
  spec: AnyToolSpec,
  observe?: ToolObserver,
): void {
  // the JSON Schemas are made when first asked for (tools/list), not at start: 84 tools' schemas would
  // cost a cold start ~140 ms before it answers initialize
  server.registerTool(
    spec.name,
    {
      title: spec.title,
      description: spec.description,
      inputSchema: asSdkSchema(() => listedTool(spec).inputSchema),
      ...(spec.aliasOf ? {} : { outputSchema: asSdkSchema(() => listedTool(spec).outputSchema!) }),
      annotations: listedHints(spec.annotations),
    },
    async (args, sdk: ServerContext) => {
      const base = { ...makeCtx(), via: spec.name };
      const req = requestIdOf(sdk);
      const ctx = req ? { ...base, logger: base.logger.child({ req }) } : base;
      const started = performance.now();
      const done = (outcome: ToolOutcome) => {
        const seconds = (performance.now() - started) / 1000;
        observe?.(spec.name, outcome, seconds);
        ctx.logger.info(
          { tool: spec.name, outcome, ms: Math.round(seconds * 1000) }, // the logger carries the shop
          'tool call',
        );
      };
      try {
        const input = parsedArgs(spec, args);
        const bad = badTextAt(input);
        if (bad !== undefined) throw new InputError(bad.field, bad.problem);
        // the version is read before the answer is made: a write in between makes a newer version,
        // and the answer kept under the older one is never given again
        const version = spec.cachedWhile ? await spec.cachedWhile(ctx) : undefined;
        const key = version === undefined ? undefined : cacheKey(ctx.shopId, spec.name, input);
        const cache = key === undefined ? undefined : readCacheOf(ctx.db);
        const kept = cache?.get(key!, version!);
        if (kept) {
          done('ok');
          return { ...kept };
        }
        const result = withNamedWarnings(await spec.run(ctx, input));
        done('ok');
        const text = spec.text ? spec.text(result, input) : JSON.stringify(result);
        const answer = {
          content: [{ type: 'text' as const, text }],
          structuredContent: result as Record<string, unknown>,
        };
        cache?.set(key!, version!, answer);
        return answer;
      } catch (error) {
        done(isInputError(error) ? 'invalid' : 'error');
        return toolError(error, spec.name, ctx.logger);
      }
    },
  );
}

type ListResult = { total: number; count: number; nextCursor: string | null; items: unknown[] };

/** Text of a list result in the format the caller asked for. */
export function listText(result: ListResult, args: { format?: Format }): string {
  return renderList(args.format ?? 'json', result);
}

/** The same, with the item's fields as the csv header of an empty list. */
export function listTextOf(item: z.ZodType) {
  const columns = item instanceof z.ZodObject ? Object.keys(item.shape) : undefined;
  return (result: ListResult, args: { format?: Format }) =>
    renderList(args.format ?? 'json', result, columns);
}

export type AnyToolSpec = ToolSpec<z.ZodObject, z.ZodObject>;
/** Keeps a spec's types while it is written, then erases them so specs of all shapes fit in one list. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(spec: ToolSpec<I, O>): AnyToolSpec {
  return spec as unknown as AnyToolSpec;
}
