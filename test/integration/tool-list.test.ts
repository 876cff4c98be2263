/**
 * tools/list as a model pays for it (issue 15): the size budgets, the lean schemas (mcp/listing.ts)
 * that still say every field a tool takes, the tool sets, one page (a cursor is refused), no
 * list_changed promised, a ttlMs on the 2026-07-28 era, and gzip over HTTP for JSON but not for event
 * streams. Sizes, never times.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseHttpConfig, parseToolsets } from '../../src/app/config.js';
import { allTools, buildServer, sessionTools } from '../../src/mcp/server.js';
import { toolsetOf, TOOLSET_NAMES } from '../../src/mcp/toolsets.js';
import { UNLISTED } from '../../src/modules/shared/list.schemas.js';
import { startInProcess, type Harness } from '../helpers.js';
import { MCP_ACCEPT, openRawSession, startHttp, type HttpHarness } from '../http-harness.js';

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
type Tool = Awaited<ReturnType<Harness['client']['listTools']>>['tools'][number];
/** What most hosts put in the model's context on every turn. */
const modelFacing = (tools: Tool[]) =>
  bytes(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })));

/** Every node of a JSON Schema, with its path. */
function* nodes(s: unknown, at = ''): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(s)) for (const [i, x] of s.entries()) yield* nodes(x, `${at}[${i}]`);
  else if (s !== null && typeof s === 'object') {
    yield [at, s as Record<string, unknown>];
    for (const [k, v] of Object.entries(s)) yield* nodes(v, `${at}.${k}`);
  }
}

describe('tools/list', () => {
  let h: Harness;
  let tools: Tool[];
  beforeAll(async () => {
    h = await startInProcess();
    tools = (await h.client.listTools()).tools;
  });
  afterAll(() => h.close());

  it('stays within its budgets: every tool, and the sales, reports and lists sets', () => {
    expect(tools).toHaveLength(allTools.length);
    // every tool with every scope (87 tools): names, descriptions and input schemas, and the whole list;
    // the 30 KB and 90 KB are not met (docs/BENCHMARKS.md says why): these hold what is won
    // (43 and 128 KB for the 84 tools of issue 15; the fiscal set of issue 16 adds 0.9 and 5.6 KB)
    expect(modelFacing(tools)).toBeLessThanOrEqual(44 * 1024);
    expect(bytes({ tools })).toBeLessThanOrEqual(133 * 1024);
    // a till that sells and reports (sales, reports, lists): the 30 KB and 90 KB
    const till = tools.filter((t) => ['sales', 'reports', 'lists'].includes(toolsetOf(t.name)));
    expect(modelFacing(till)).toBeLessThanOrEqual(30 * 1024);
    expect(bytes({ tools: till })).toBeLessThanOrEqual(90 * 1024);
  });

  it('lists lean schemas: no $schema, no type lists, no storage bounds, no empty schema', () => {
    for (const t of tools) {
      for (const schema of [t.inputSchema, t.outputSchema]) {
        if (!schema) continue;
        expect(schema).not.toHaveProperty('$schema');
        for (const [at, node] of nodes(schema)) {
          const where = `${t.name}${at}`;
          if (schema === t.inputSchema)
            expect(Array.isArray(node.type), `${where} has a type list`).toBe(false);
          // an output's nullable value is a type list (read by a validator, not a model's host)
          else if (Array.isArray(node.type)) expect(node.type[1], where).toBe('null');
          // and its words are in docs/TOOLS.md (a property may be called description)
          else expect(typeof node.description, `${where}.description`).not.toBe('string');
          expect(node, where).not.toHaveProperty('maxLength');
          expect(node, where).not.toHaveProperty(UNLISTED);
          for (const bound of ['minimum', 'maximum'])
            if (typeof node[bound] === 'number')
              expect(Math.abs(node[bound]), `${where}.${bound}`).toBeLessThan(10_000);
        }
        for (const [name, p] of Object.entries((schema.properties ?? {}) as Record<string, object>))
          expect(Object.keys(p).length, `${t.name}.${name} is {}`).toBeGreaterThan(0);
      }
      if (!allTools.find((s) => s.name === t.name)!.aliasOf) expect(t.outputSchema, t.name).toBeDefined();
    }
  });

  it('still lists every field a tool takes, but for the forms it accepts and does not show', () => {
    for (const spec of allTools.filter((s) => !s.aliasOf)) {
      const listed = tools.find((t) => t.name === spec.name)!;
      const full = z.toJSONSchema(spec.input, { io: 'input' }) as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, p] of Object.entries(full.properties ?? {})) {
        if (p[UNLISTED])
          expect(listed.inputSchema.properties, `${spec.name}.${name}`).not.toHaveProperty(name);
        else expect(listed.inputSchema.properties, `${spec.name}.${name}`).toHaveProperty(name);
      }
      expect(listed.inputSchema.required ?? [], spec.name).toEqual(
        (full.required ?? []).filter((r) => !full.properties?.[r]?.[UNLISTED]),
      );
      // the output schema names every field of the result
      const out = z.toJSONSchema(spec.output, { io: 'output' }) as { properties?: object };
      expect(Object.keys(listed.outputSchema?.properties ?? {})).toEqual(Object.keys(out.properties ?? {}));
    }
    // Kash's forms, listed as one
    const sale = tools.find((t) => t.name === 'sale_create')!.inputSchema.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(sale.idtable).toMatchObject({ type: 'integer' }); // "12" is accepted too
    // a text that is more than a number's spelling stays listed: a pager "A12"
    expect(sale.pagerNum).toMatchObject({ anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(sale).not.toHaveProperty('itemsList'); // legacy, accepted
    const flagOf = tools.find((t) => t.name === 'plu_edit')!.inputSchema.properties as Record<string, object>;
    expect(flagOf.archived).toEqual({ type: 'boolean' }); // 0, 1, "0", "1" accepted too
    const client = tools.find((t) => t.name === 'client_add')!.inputSchema.properties as object;
    expect(client).toHaveProperty('postcode');
    expect(client).not.toHaveProperty('zip');
  });

  it("leaves out what a model does not need: an id's floor, an add's null, a false default, a shape said elsewhere", () => {
    const props = (name: string) =>
      tools.find((t) => t.name === name)!.inputSchema.properties as Record<string, Record<string, unknown>>;
    // ids: no 0/1 floor (a table number, a quantity and a price keep theirs)
    expect(props('sale_create').idtable).toEqual({ type: 'integer', description: 'data_list_tables' });
    expect(props('report_summary').departmentId).toMatchObject({ items: { type: 'integer' } });
    expect(props('plu_add').variationID0).toEqual({ type: 'integer' });
    expect(props('table_add').number).toMatchObject({ minimum: 1 });
    expect(props('plu_add').price).toMatchObject({ minimum: 0 });
    // an add's null is "not set", as leaving the field out: not listed; an edit's null clears, listed
    expect(props('client_add').email).toEqual({ type: 'string' });
    expect(props('client_edit').email).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(props('plu_add').shortTitle).toMatchObject({ type: 'string' });
    // a flag off unless sent says no default; other defaults stay
    expect(props('data_list_products').includeArchived).toEqual({ type: 'boolean' });
    expect(props('data_list_products').limit).toMatchObject({ default: 100 });
    // order_edit's items are sale_create's: the shape and the words, once
    expect(props('order_edit').items).toEqual({
      type: 'array',
      items: { type: 'object' },
      description: 'Quotes only: replaces the lines (items of sale_create).',
    });
    // an output names its fields and types, without the words
    const order = tools.find((t) => t.name === 'order_detail')!.outputSchema!.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(order.number).toEqual({ type: ['integer', 'null'] });
    expect(order.paid).toEqual({ type: 'number' });
  });

  it('never tells a model in words to send a null its listed type refuses', () => {
    for (const t of tools)
      for (const [name, p] of Object.entries(
        (t.inputSchema.properties ?? {}) as Record<string, { description?: string }>,
      ))
        if (/\bnull\b/.test(p.description ?? ''))
          expect(JSON.stringify(p), `${t.name}.${name}`).toContain('"null"');
  });

  it('takes what it lists in short: null on an add, order_edit items, a Kash alias', async () => {
    const client = await h.client.callTool({
      name: 'client_add',
      arguments: { surname: 'Nul', email: null },
    });
    expect(client.isError, JSON.stringify(client.content)).toBeFalsy();
    const quote = await h.client.callTool({
      name: 'sale_create',
      arguments: { items: [{ productId: 1 }], payment: -2 },
    });
    const id = (quote.structuredContent as { id: number }).id;
    const edited = await h.client.callTool({
      name: 'order_edit',
      arguments: { orderId: id, items: [{ productId: 1, quantity: 3 }] },
    });
    expect(edited.isError, JSON.stringify(edited.content)).toBeFalsy();
    expect((edited.structuredContent as { lines: { quantity: number }[] }).lines[0]!.quantity).toBe(3);
    const alias = await h.client.callTool({ name: 'data_list_payments', arguments: {} });
    const modes = await h.client.callTool({ name: 'data_list_payments_modes', arguments: {} });
    expect(alias.structuredContent).toEqual(modes.structuredContent);
    const listed = tools.find((t) => t.name === 'data_list_payments')!;
    expect(listed.outputSchema).toBeUndefined();
    expect(listed.description).toMatch(/data_list_payments_modes/);
  });

  it('keeps accepting what it does not list: a numeric-text id, a 0/1 flag, a legacy item, zip', async () => {
    const sale = await h.client.callTool({
      name: 'sale_create',
      arguments: { items: ['1_2'], idcaisse: '1', payment: -1, pagerNum: 'A12' },
    });
    expect((sale.structuredContent as { pager: string }).pager).toBe('A12');
    expect(sale.isError, JSON.stringify(sale.content)).toBeFalsy();
    expect((sale.structuredContent as { lines: { quantity: number }[] }).lines[0]!.quantity).toBe(2);
    const client = await h.client.callTool({
      name: 'client_add',
      arguments: { surname: 'Dupont', zip: '75011', blacklist: '0' },
    });
    expect(client.isError, JSON.stringify(client.content)).toBeFalsy();
    const product = await h.client.callTool({ name: 'plu_edit', arguments: { id: 1, keyboardHide: '1' } });
    expect(product.isError, JSON.stringify(product.content)).toBeFalsy();
    expect((product.structuredContent as { item: { keyboardHide: boolean } }).item.keyboardHide).toBe(true);
  });

  it('answers in one page: a cursor is refused with -32602, and list_changed is not promised', async () => {
    await expect(h.client.listTools({ cursor: 'bogus' })).rejects.toMatchObject({ code: -32602 });
    await expect(h.client.listTools({ cursor: '' })).rejects.toMatchObject({ code: -32602 });
    expect(h.client.getServerCapabilities()?.tools).toEqual({ listChanged: false });
  });

  it('serves only the tool sets a session is given, within its scopes', () => {
    const names = (
      toolsets: Parameters<typeof sessionTools>[0]['toolsets'],
      scopes = ['read', 'sell', 'admin'],
    ) => sessionTools({ scopes: scopes as ('read' | 'sell' | 'admin')[], toolsets }).map((t) => t.name);
    expect(names(undefined)).toHaveLength(allTools.length);
    // lists comes with any other set: the ids the other tools take come from it
    const till = names(['sales', 'reports']);
    expect(till).toEqual(
      expect.arrayContaining(['sale_create', 'order_refund', 'report_summary', 'product_search']),
    );
    expect(new Set(till.map(toolsetOf))).toEqual(new Set(['sales', 'reports', 'lists']));
    const lists = names(['lists']);
    expect(names(['catalog'], ['read', 'sell'])).toEqual(
      [...lists, 'catalog_export'].sort(
        (a, b) => allTools.findIndex((t) => t.name === a) - allTools.findIndex((t) => t.name === b),
      ),
    ); // the others need admin
    // every tool is in exactly one set, and every set has tools
    for (const set of TOOLSET_NAMES)
      expect(names([set]).filter((n) => toolsetOf(n) === set).length, set).toBeGreaterThan(0);
    expect(allTools.every((t) => TOOLSET_NAMES.filter((s) => toolsetOf(t.name) === s).length === 1)).toBe(
      true,
    );
  });

  it('reads tool sets from --toolsets and COMPTOIR_TOOLSETS, and names a wrong one', () => {
    expect(parseToolsets(undefined, 'x')).toBeUndefined();
    expect(parseToolsets(' all ', 'x')).toBeUndefined();
    expect(parseToolsets('Reports, sales', 'x')).toEqual(['sales', 'reports']);
    expect(() => parseToolsets('sales,report', '--toolsets')).toThrow(ConfigError);
    expect(() => parseToolsets('sales,report', '--toolsets')).toThrow(
      /--toolsets "sales,report": unknown tool set "report"; give all, or some of sales, reports, lists/,
    );
    expect(() => parseToolsets(',', 'COMPTOIR_TOOLSETS')).toThrow(/no tool set named/);
    expect(parseHttpConfig({}, { COMPTOIR_TOOLSETS: 'stock' }).toolsets).toEqual(['stock']);
    expect(parseHttpConfig({ toolsets: 'lists' }, { COMPTOIR_TOOLSETS: 'stock' }).toolsets).toEqual([
      'lists',
    ]);
  });

  it('a session built with tool sets lists only them', async () => {
    const server = buildServer(
      { db: h.db, logger: (await import('../../src/app/logger.js')).createLogger('silent') },
      { shopId: h.shopId, scopes: ['read', 'sell', 'admin'], actor: 'test', toolsets: ['stock'] },
    );
    const { InMemoryTransport } = await import('@modelcontextprotocol/server');
    const { Client } = await import('@modelcontextprotocol/client');
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(a);
    try {
      const listed = (await client.listTools()).tools.map((t) => t.name);
      expect(listed.filter((n) => toolsetOf(n) !== 'lists').sort()).toEqual([
        'stock_adjust',
        'stock_count',
        'stock_low',
        'stock_movements',
      ]);
      expect(listed).toContain('product_search'); // where the stock tools' product ids come from
      const call = client.callTool({ name: 'sale_create', arguments: {} });
      await expect(call).rejects.toThrow(/Tool sale_create not found/);
      // the instructions name no tool the session lacks
      expect(client.getInstructions()).not.toMatch(/sale_create|data_list_orders|report_summary/);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('tools/list over HTTP', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttp({ env: { COMPTOIR_TOOLSETS: 'sales,reports,lists' } });
  });
  afterAll(() => h.close());

  it("serves the deployment's tool sets, or a key's own", async () => {
    const deployment = (await (await h.connect(h.keyA)).listTools()).tools;
    expect(new Set(deployment.map((t) => toolsetOf(t.name)))).toEqual(new Set(['sales', 'reports', 'lists']));
    const { key } = await h.newKey(h.shopA, ['read', 'sell', 'admin'], ['stock', 'reports']);
    const own = (await (await h.connect(key)).listTools()).tools.map((t) => toolsetOf(t.name));
    expect(new Set(own)).toEqual(new Set(['stock', 'reports', 'lists']));
  });

  it('says why a call is refused: a tool set not served, a scope missing, or both', async () => {
    const { key } = await h.newKey(h.shopA, ['read', 'sell'], ['sales', 'reports']);
    const call = (name: string, id: number) =>
      h.post(
        {
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name, arguments: {}, _meta: MODERN_LIST.params._meta },
        },
        {
          authorization: `Bearer ${key}`,
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': name,
        },
      );
    // allowed by the scopes, not by the tool sets: not there for this key, and why
    const set = await call('shop_show', 1);
    expect(set.status).toBe(200);
    expect(((await set.json()) as { error: { code: number; message: string } }).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(
        /^shop_show is in the tool set "settings", which this API key is not served/,
      ),
    });
    // the lists come with any set
    const lists = await call('data_list_delivery_zones', 4);
    const listed = (await lists.json()) as { result?: unknown };
    expect(listed.result, JSON.stringify(listed)).toBeDefined();
    const stock = await call('stock_low', 2);
    expect(((await stock.json()) as { error: { message: string } }).error.message).toMatch(
      /stock_low is in the tool set "stock", which this API key is not served \(its tool sets: sales, reports\)\. Ask the shop owner for a key with --toolsets sales,reports,stock\./,
    );
    // neither: the scope to ask for, and the tool set
    const both = await call('plu_add', 3);
    expect(both.status).toBe(403);
    expect(both.headers.get('www-authenticate')).toContain('scope="admin"');
    expect(((await both.json()) as { error: { message: string } }).error.message).toMatch(
      /needs the "admin" scope .* --scopes read,sell,admin --toolsets sales,reports,catalog\); and plu_add is in the tool set "catalog"/,
    );
  });

  it('gzips a JSON answer (the 2026-07-28 era, the manifest) for a client that accepts it, never an event stream', async () => {
    // the SDK client over the 2026-07-28 era: every answer is JSON, and fetch asks for gzip by itself
    const seen: { type: string | null; encoding: string | null; length: number }[] = [];
    const transport = new StreamableHTTPClientTransport(h.mcp, {
      requestInit: { headers: { authorization: `Bearer ${h.keyA}` } },
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        // the same request, read as raw bytes with gzip asked for (fetch asks for it and undoes it)
        const raw = await rawPost(
          new URL(String(url)),
          { ...headersOf(init), 'accept-encoding': 'gzip' },
          (init as { body: string }).body,
        );
        seen.push({
          type: res.headers.get('content-type'),
          encoding: res.headers.get('content-encoding'),
          length: raw.body.length,
        });
        return res;
      },
    });
    const client = new Client(
      { name: 'gzip-test', version: '1' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(transport);
    const listed = await client.listTools();
    await client.close();
    expect(listed.tools.length).toBeGreaterThan(20);
    const list = seen.at(-1)!;
    // fetch asked for gzip by itself, and got it
    expect(list).toMatchObject({ type: 'application/json', encoding: 'gzip' });
    expect(list.length).toBeLessThan(bytes(listed) / 4); // ~140 KB as ~13 KB
    // asked without gzip: as it is
    const plain = await rawPost(
      h.mcp,
      {
        ...MCP_ACCEPT,
        authorization: `Bearer ${h.keyA}`,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/list',
      },
      JSON.stringify(MODERN_LIST),
    );
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8')), plain.body.toString('utf8')).toHaveProperty(
      'result.tools',
    );
    // a 2025-era session answers a POST as an event stream, and the standalone GET stream stays open:
    // neither is compressed (gzip would hold events back until a block filled)
    const { headers } = await openRawSession(h.mcp, h.keyA);
    const sse = await rawPost(
      h.mcp,
      { ...headers, 'accept-encoding': 'gzip' },
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    expect(sse.headers['content-type']).toMatch(/text\/event-stream/);
    expect(sse.headers['content-encoding']).toBeUndefined();
    const stream = await rawGet(h.mcp, {
      ...headers,
      accept: 'text/event-stream',
      'accept-encoding': 'gzip',
    });
    expect(stream.headers['content-type']).toMatch(/text\/event-stream/);
    expect(stream.headers['content-encoding']).toBeUndefined();
    // other JSON: the manifest
    const manifest = await rawGet(new URL('/.well-known/mcp/manifest.json', h.base), {
      'accept-encoding': 'gzip',
    });
    expect(manifest.headers['content-encoding']).toBe('gzip');
    expect(manifest.headers.vary).toMatch(/accept-encoding/i);
  });

  it('gives tools/list a ttlMs of one day on the 2026-07-28 era', async () => {
    const listed = await (await h.connect(h.keyA, { modern: true })).listTools();
    expect((listed as { ttlMs?: number }).ttlMs).toBe(24 * 3600 * 1000);
  });
});

const MODERN_LIST = {
  jsonrpc: '2.0',
  id: 9,
  method: 'tools/list',
  params: {
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
};

function headersOf(init: RequestInit | undefined): Record<string, string> {
  return Object.fromEntries(new Headers(init?.headers).entries());
}

/** A POST whose answer is read as raw bytes (fetch would decompress it). */
async function rawPost(url: URL, headers: Record<string, string>, body: string) {
  const http = await import('node:http');
  return new Promise<{ headers: Record<string, string | undefined>; body: Buffer }>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ headers: res.headers as Record<string, string | undefined>, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A GET whose headers are read as soon as they come (an event stream never ends by itself). */
async function rawGet(url: URL, headers: Record<string, string>) {
  const http = await import('node:http');
  return new Promise<{ headers: Record<string, string | undefined> }>((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers }, (res) => {
      resolve({ headers: res.headers as Record<string, string | undefined> });
      res.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}
