/**
 * What `tools/list` says of a tool: the JSON Schemas a model reads, made once per tool from its zod
 * schemas and kept. The zod schemas stay the whole truth of what a call may send (docs/TOOLS.md is
 * generated from them); the listed schemas say what a model should send, and no more:
 *
 * - Kash's lenient forms are accepted but not listed: an id as a numeric text ("12") is listed as an
 *   integer, a filter's single value as a list of one, and a field marked `unlisted` (Kash's duplicate
 *   names such as `zip` for `postcode`, the legacy `itemsList`) is left out;
 * - storage bounds (a text's length, an id up to PostgreSQL's integer, an amount up to ten million) are
 *   left out: they mean nothing to a model and a call past one gets an error that names the field;
 *   bounds that guide a call (a page of 1-500 rows, an hour 0-23, a percentage) stay;
 * - a nullable value is `anyOf [X, null]`, never a type list (some hosts refuse `["string","null"]`);
 * - no `$schema` (the protocol fixes the dialect), and an output schema has no bounds at all and names a
 *   shape used twice once, under `$defs`.
 */
import * as z from 'zod';
import type { ToolHints } from './tool.js';
import { NUMERIC_TEXT, SHAPE_OF, UNLISTED } from '../modules/shared/list.schemas.js';

export type JsonSchema = { [key: string]: unknown };
/** A tool's schemas describe objects (the SDK's tools/list type says so). */
export type ObjectSchema = JsonSchema & { type: 'object' };

/** A bound at or past this (in absolute value) is a storage bound: left out of the listed schemas. */
const STORAGE_BOUND = 10_000;

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

const OUTPUT_DROPS = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'format',
]);

/**
 * An id's name (id, idtable, productId, deptID, variationID0): its least value (0 "none" or 1) is no
 * bound a model needs, and is left out of the listing.
 */
const ID_NAME = /^id([a-z]+)?$|^id[A-Z]|[a-z](Id|ID)\d?$/;

/** `s` without a 0 or 1 minimum, in its items and branches too. */
function withoutIdFloor(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(withoutIdFloor);
  if (!isObject(s)) return s;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'minimum' && (v === 0 || v === 1)) continue;
    out[k] = k === 'items' || k === 'anyOf' ? withoutIdFloor(v) : v;
  }
  return out;
}

/** How a listing is made: an output schema, and whether an input's null ("clear it") is listed. */
interface Leaning {
  output: boolean;
  nulls: boolean;
}

function isNumberType(s: JsonSchema) {
  return s.type === 'integer' || s.type === 'number';
}

/** The text form of a number (Kash sends ids as text), as list.schemas.ts marks it. */
function isNumericText(s: JsonSchema) {
  return s.type === 'string' && s[NUMERIC_TEXT] === true;
}

/** `0`/`1` as a number or a text: Kash's way of writing a boolean. */
function isZeroOne(s: JsonSchema) {
  const e = s.enum as unknown[] | undefined;
  return (
    (s.type === 'integer' && s.minimum === 0 && s.maximum === 1) ||
    (Array.isArray(e) && e.every((v) => v === 0 || v === 1 || v === '0' || v === '1'))
  );
}

/** One branch of an `anyOf` that says all a model needs, or undefined to keep the `anyOf`. */
function simplerBranch(all: JsonSchema[]): JsonSchema | undefined {
  // a branch marked unlisted (a legacy form) is accepted, not listed
  const branches = all.filter((b) => !b[UNLISTED]);
  if (branches.length === 1) return branches[0];
  // a boolean, or 0/1 as a number or a text: the boolean
  const bool = branches.find((b) => b.type === 'boolean' && Object.keys(b).length === 1);
  if (bool && branches.every((b) => b === bool || isZeroOne(b))) return bool;
  if (branches.length !== 2) return undefined;
  const [a, b] = branches as [JsonSchema, JsonSchema];
  // a number or its text: the number
  if (isNumberType(a) && isNumericText(b)) return a;
  if (isNumberType(b) && isNumericText(a)) return b;
  // one value or a list of them: the list
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (b.type === 'array' && same(b.items, a)) return b;
  if (a.type === 'array' && same(a.items, b)) return a;
  return undefined;
}

/** A branch of an anyOf whose parent already says what the value is: its own words are a repeat. */
function withoutDescription(s: JsonSchema): JsonSchema {
  const { description: _, ...rest } = s;
  return rest;
}

function lean(value: unknown, how: Leaning): unknown {
  if (Array.isArray(value)) return value.map((n) => lean(n, how));
  if (!isObject(value)) return value;
  const { output } = how;
  if (value[SHAPE_OF] === true && value.type === 'array') {
    // its fields are another tool's (order_edit's items are sale_create's): the shape and the words
    return { type: 'array', items: { type: 'object' }, description: value.description };
  }
  let node = value;
  if (Array.isArray(node.anyOf) && !output && !how.nulls) {
    // an add tool: null says "not set", as leaving the field out does
    const kept = (node.anyOf as JsonSchema[]).filter((b) => b.type !== 'null');
    node = { ...node, anyOf: kept };
  }
  if (Array.isArray(node.anyOf)) {
    // an id or its text, one value or a list: one branch says it (decided before bounds are dropped)
    const { anyOf, ...rest } = node;
    const simple = simplerBranch(anyOf as JsonSchema[]);
    const listed = (anyOf as JsonSchema[]).filter((b) => !b[UNLISTED]);
    if (simple) node = { ...withoutDescription(simple), ...rest };
    else if (typeof rest.description === 'string') node = { ...rest, anyOf: listed.map(withoutDescription) };
    else node = { ...rest, anyOf: listed };
  }
  let s: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema' || k === UNLISTED || k === NUMERIC_TEXT) continue;
    if (output && (OUTPUT_DROPS.has(k) || (k === 'additionalProperties' && v === false))) continue;
    // an output's words are for its reader, in docs/TOOLS.md: a model reads the answer, not its schema
    if (output && k === 'description') continue;
    // a flag off unless sent is what a model assumes
    if (!output && k === 'default' && v === false) continue;
    if ((k === 'minimum' || k === 'maximum') && typeof v === 'number' && Math.abs(v) >= STORAGE_BOUND)
      continue;
    if (k === 'maxLength' || ((k === 'minLength' || k === 'minItems') && v === 1)) continue;
    if (k === 'maxItems' && typeof v === 'number' && v >= 100) continue;
    if (k === 'properties' && isObject(v)) {
      const props: JsonSchema = {};
      for (const [name, p] of Object.entries(v))
        if (!(isObject(p) && p[UNLISTED])) {
          const listedProp = lean(p, how);
          props[name] = !output && ID_NAME.test(name) ? withoutIdFloor(listedProp) : listedProp;
        }
      s.properties = props;
      continue;
    }
    s[k] = lean(v, how);
  }
  if (isObject(node.properties) && Array.isArray(s.required)) {
    const kept = (s.required as string[]).filter((r) => r in (s.properties as JsonSchema));
    if (kept.length > 0) s.required = kept;
    else delete s.required;
  }
  if (Array.isArray(s.type) && !output && !how.nulls)
    s.type = (s.type as string[]).filter((t) => t !== 'null');
  if (output && Array.isArray(s.anyOf)) {
    // a nullable value as a type list, for an output: read by a validator, never by a model's host
    const [a, b, ...more] = s.anyOf as JsonSchema[];
    const plain = (x?: JsonSchema) =>
      x !== undefined && Object.keys(x).length === 1 && typeof x.type === 'string';
    if (more.length === 0 && plain(a) && plain(b) && (a!.type === 'null' || b!.type === 'null')) {
      const { anyOf: _, ...rest } = s;
      s = { type: a!.type === 'null' ? [b!.type, 'null'] : [a!.type, 'null'], ...rest };
    }
  }
  if (Array.isArray(s.type) && !output) {
    // ["string", "null"] as anyOf, which every host reads
    const { type, ...rest } = s;
    const types = type as string[];
    s =
      types.length === 1 ? { type: types[0], ...rest } : { anyOf: types.map((t) => ({ type: t })), ...rest };
    if (types.length > 1 && Object.keys(rest).some((k) => k !== 'description' && k !== 'default')) {
      // bounds or an enum belong to the non-null branch
      const { description, default: dflt, ...own } = rest;
      s = {
        anyOf: types.map((t) => (t === 'null' ? { type: 'null' } : { type: t, ...own })),
        ...(description !== undefined ? { description } : {}),
        ...(dflt !== undefined ? { default: dflt } : {}),
      };
    }
  }
  return s;
}

/** The input schema tools/list shows for `schema`. */
export function listedInputSchema(schema: z.ZodObject, nulls = true): ObjectSchema {
  return lean(z.toJSONSchema(schema, { io: 'input' }), { output: false, nulls }) as ObjectSchema;
}

/** The output schema tools/list shows for `schema`: no bounds, an object used twice written once. */
export function listedOutputSchema(schema: z.ZodObject): ObjectSchema {
  return lean(objectsOnce(z.toJSONSchema(schema, { io: 'output', reused: 'ref' })), {
    output: true,
    nulls: true,
  }) as ObjectSchema;
}

/**
 * zod's `reused: 'ref'` names every schema used twice under `$defs`, down to `{type: "integer"}`: an
 * object is kept there (as `o0`, `o1`, …), anything else is written out again where it is used.
 */
function objectsOnce(root: JsonSchema): JsonSchema {
  const defs = (root.$defs ?? {}) as Record<string, JsonSchema>;
  const names = new Map<string, string>();
  for (const [name, def] of Object.entries(defs))
    if (def.type === 'object' && isObject(def.properties)) names.set(name, `o${names.size}`);
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (!isObject(v)) return v;
    const ref = typeof v.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(v.$ref)?.[1] : undefined;
    if (ref !== undefined && defs[ref]) {
      const { $ref: _, ...siblings } = v;
      const kept = names.get(ref);
      return kept
        ? { $ref: `#/$defs/${kept}`, ...(resolve(siblings) as JsonSchema) }
        : resolve({ ...defs[ref], ...siblings });
    }
    const out: JsonSchema = {};
    for (const [k, x] of Object.entries(v)) if (k !== '$defs') out[k] = resolve(x);
    return out;
  };
  const out = resolve(root) as JsonSchema;
  if (names.size > 0)
    out.$defs = Object.fromEntries([...names].map(([name, short]) => [short, resolve(defs[name])]));
  return out;
}

/** A tool as tools/list shows it. */
export interface ListedTool {
  name: string;
  title: string;
  description: string;
  inputSchema: ObjectSchema;
  outputSchema?: ObjectSchema;
  annotations: Partial<ToolHints> & { openWorldHint: false };
}

interface Listable {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  output: z.ZodObject;
  annotations: ToolHints;
  aliasOf?: string;
}

/** What an alias lists as its input: any object (its arguments are those of the tool it names). */
const ANY_ARGUMENTS: ObjectSchema = { type: 'object', additionalProperties: true };

const listed = new WeakMap<Listable, ListedTool>();

/**
 * A tool's hints without those that say the spec's default (readOnlyHint false, idempotentHint false,
 * destructiveHint true, openWorldHint true) or that the spec says mean nothing for it (destructiveHint
 * and idempotentHint of a read-only tool). openWorldHint is false for every tool: the shop's own data.
 */
export function listedHints(h: ToolHints): ListedTool['annotations'] {
  const hints: Partial<ToolHints> & { openWorldHint: false } = { openWorldHint: false };
  if (h.readOnlyHint) hints.readOnlyHint = true;
  else {
    if (h.destructiveHint === false) hints.destructiveHint = false;
    if (h.idempotentHint) hints.idempotentHint = true;
  }
  return hints;
}

/** The tool as tools/list shows it, made the first time it is asked for and kept. */
export function listedTool(spec: Listable): ListedTool {
  let tool = listed.get(spec);
  if (tool === undefined) {
    tool = {
      name: spec.name,
      title: spec.title,
      description: spec.description,
      // an add tool's null says "not set", as leaving the field out does: not listed
      inputSchema: spec.aliasOf ? ANY_ARGUMENTS : listedInputSchema(spec.input, !spec.name.endsWith('_add')),
      ...(spec.aliasOf ? {} : { outputSchema: listedOutputSchema(spec.output) }),
      annotations: listedHints(spec.annotations),
    };
    listed.set(spec, tool);
  }
  return tool;
}
