/** The data_list_* tools, pagination, csv/html formats, product_search and the tool metadata. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fails, ok, startInProcess, type Harness } from '../helpers.js';

interface Page<T = Record<string, unknown>> {
  total: number;
  count: number;
  nextCursor: string | null;
  items: T[];
}

const LISTS = [
  'data_list_products',
  'data_list_departments',
  'data_list_department_groups',
  'data_list_clients',
  'data_list_variations',
  'data_list_delivery_men',
  'data_list_payments_modes',
  'data_list_payments',
  'data_list_cashboxes',
  'data_list_delivery_zones',
  'data_list_relay_points',
  'data_list_discounts',
  'data_list_users',
  'data_list_tables',
  'data_list_vats',
  'data_list_delivery_methods',
];

/** A minimal RFC 4180 parser, to read back what the server wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Fields that a model understands from their name, type, enum and default alone (mcp/listing.ts). */
const SELF_DESCRIBING = new Set([
  ...['id', 'title', 'name', 'surname', 'description', 'email', 'phone', 'address', 'addressline1'],
  ...['addressline2', 'zip', 'postcode', 'city', 'country', 'VATnum', 'barcode', 'position', 'note'],
  ...['format', 'limit', 'cursor', 'includeArchived', 'idempotencyKey', 'archived', 'keyboardHide'],
  ...['unavailable', 'blacklist', 'allowDuplicateTitle', 'apply', 'commentPrivate', 'receiptHeader'],
  ...['receiptFooter', 'buyingPrice', 'stockAlert', 'percent', 'fee', 'minOrder', 'reason', 'role'],
  ...['kind', 'period', 'groupBy', 'sort', 'order', 'fromHour', 'table', 'type', 'number', 'from', 'to'],
  ...['deptID', 'deptGroupID', 'vatID', 'eatinvatID', 'discountID', 'idVariation'],
  ...['variationID0', 'variationID1', 'variationID2', 'variationID3', 'variationID4'],
]);

describe('lists', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ clock: () => new Date('2026-11-21T14:00:00Z') });
  });
  afterAll(() => h.close());

  it.each(LISTS)('%s returns total >= count and the items', async (tool) => {
    const page = await ok<Page>(h.client, tool);
    expect(page.total).toBeGreaterThanOrEqual(page.count);
    expect(page.count).toBe(page.items.length);
    expect(page.count).toBeGreaterThan(0); // the demo shop has some of everything
    for (const item of page.items) expect(typeof item.id).toBe('number');
    const one = await ok<Page>(h.client, tool, { limit: 1 });
    expect(one.count).toBe(1);
    expect(one.total).toBe(page.total);
    expect(one.nextCursor === null).toBe(page.total === 1);
  });

  it('walks the 90 tables in 3 pages of 40', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const page: Page<{ id: number }> = await ok<Page<{ id: number }>>(h.client, 'data_list_tables', {
        limit: 40,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.total).toBe(90);
      counts.push(page.count);
      seen.push(...page.items.map((t) => t.id));
      if (i < 2) expect(page.nextCursor).toEqual(expect.any(String));
      else expect(page.nextCursor).toBeNull();
      cursor = page.nextCursor ?? undefined;
    }
    expect(counts).toEqual([40, 40, 10]);
    expect(new Set(seen).size).toBe(90);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
  });

  it('refuses a cursor it did not give', async () => {
    expect(await fails(h.client, 'data_list_tables', { cursor: 'not-a-cursor' })).toContain('cursor');
    expect(await fails(h.client, 'data_list_products', { cursor: 'eyJ4Ijox' })).toContain('cursor');
  });

  it('writes RFC 4180 csv, quoting commas and quotes', async () => {
    const o = await ok<{ client: { id: number } }>(h.client, 'sale_create', {
      items: ['Free_1_Test'],
      client: { firstname: 'Sean', lastname: 'O"Brien, Jr', city: 'Line\nbreak' },
    });
    const r = await call(h.client, 'data_list_clients', { format: 'csv', limit: 500 });
    expect(r.isError).toBeFalsy();
    const text = r.content[0]?.text ?? '';
    const firstLine = text.split('\r\n')[0];
    expect(firstLine).toBe('id,firstname,lastname,email,phone,address,zip,city,country');
    // every line ends with CRLF, no bare LF outside quotes: the raw text has the quoted field
    expect(text).toContain('"O""Brien, Jr"');
    expect(text).toContain('"Line\nbreak"');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text).filter((row) => !row[0]?.startsWith('#'));
    const header = rows[0] ?? [];
    const mine = rows.find((row) => row[0] === String(o.client.id));
    expect(mine?.[header.indexOf('lastname')]).toBe('O"Brien, Jr');
    expect(mine?.[header.indexOf('firstname')]).toBe('Sean');
    expect(mine?.[header.indexOf('city')]).toBe('Line\nbreak');
    for (const row of rows) expect(row).toHaveLength(header.length);
    // the structured content is still there
    expect((r.structuredContent as unknown as Page).items.length).toBe(rows.length - 1);
  });

  it('escapes html', async () => {
    await ok(h.client, 'sale_create', {
      items: ['Free_1_Test'],
      client: { lastname: '<b>Tom & Jerry</b>' },
    });
    const r = await call(h.client, 'data_list_clients', { format: 'html', limit: 500 });
    const text = r.content[0]?.text ?? '';
    expect(text).toContain('<table');
    expect(text).toContain('&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;');
    expect(text).not.toContain('<b>Tom');
  });

  it('csv of the orders list', async () => {
    const r = await call(h.client, 'data_list_orders', { format: 'csv' });
    const lines = (r.content[0]?.text ?? '').split('\r\n');
    expect(lines[0]).toMatch(/^id,number,/);
  });

  describe('product_search', () => {
    const search = (query: string) =>
      ok<{ count: number; items: { id: number; title: string; barcode: string | null }[] }>(
        h.client,
        'product_search',
        { query },
      );

    it('finds by words in any order', async () => {
      const r = await search('amande croissant');
      expect(r.items.map((p) => p.title)).toEqual(['Croissant aux amandes']);
      const r2 = await search('croissant amande');
      expect(r2.items[0]?.title).toBe('Croissant aux amandes');
    });

    it('ignores plurals, accents and case', async () => {
      const r = await search('cafés');
      const titles = r.items.map((p) => p.title);
      expect(titles).toContain('Café');
      expect(titles).toContain('Café crème');
      expect(titles).not.toContain('Croissant');
      expect(r.count).toBe(r.items.length);
      const r2 = await search('CROISSANTS');
      expect(r2.items.map((p) => p.title).sort()).toEqual(['Croissant', 'Croissant aux amandes']);
    });

    it('finds by barcode', async () => {
      const products = await ok<Page<{ id: number; title: string; barcode: string | null }>>(
        h.client,
        'data_list_products',
        { limit: 500 },
      );
      const withCode = products.items.find((p) => p.barcode);
      expect(withCode).toBeDefined();
      const r = await search(withCode?.barcode ?? '');
      expect(r.items.map((p) => p.id)).toEqual([withCode?.id]);
    });

    it('finds nothing for nonsense', async () => {
      expect((await search('xyzzy plugh')).count).toBe(0);
    });
  });

  describe('tools/list', () => {
    const READ_ONLY = new Set([
      ...LISTS,
      'data_list_orders',
      'data_list_pending_orders',
      'product_search',
      'order_detail',
    ]);

    it('describes every tool fully', async () => {
      const { tools } = await h.client.listTools();
      const names = tools.map((t) => t.name);
      for (const n of [...READ_ONLY, 'sale_create', 'order_edit', 'order_refund']) expect(names).toContain(n);
      for (const t of tools) {
        expect(t.title, t.name).toEqual(expect.any(String));
        expect(t.description?.length ?? 0, t.name).toBeGreaterThan(10);
        expect(t.inputSchema.type).toBe('object');
        const props = (t.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
        // a field goes without words only when its name (with its type, enum or default) says it all,
        // or when it is an edit's field that the add tool listed beside it describes
        const add = tools.find((x) => x.name === t.name.replace(/_edit$/, '_add'));
        for (const [key, schema] of Object.entries(props)) {
          if (SELF_DESCRIBING.has(key) || (t.name.endsWith('_edit') && add?.inputSchema.properties?.[key]))
            continue;
          expect(schema.description, `${t.name}.${key}`).toEqual(expect.any(String));
        }
        // a Kash alias (order_create, data_list_payments): no output schema of its own
        if (['order_create', 'data_list_payments'].includes(t.name)) continue;
        expect(t.outputSchema, t.name).toBeDefined();
        expect(t.outputSchema?.type).toBe('object');
        expect(t.annotations, t.name).toBeDefined();
        if (READ_ONLY.has(t.name)) expect(t.annotations?.readOnlyHint, t.name).toBe(true);
      }
      // hints that say the spec's default are left out: readOnlyHint false, idempotentHint false
      const saleCreate = tools.find((t) => t.name === 'sale_create');
      expect(saleCreate?.annotations).toEqual({ destructiveHint: false, openWorldHint: false });
      for (const n of ['order_edit', 'order_refund']) {
        expect(tools.find((t) => t.name === n)?.annotations?.readOnlyHint ?? false).toBe(false);
      }
      // a delete is destructive (the default) and idempotent
      expect(tools.find((t) => t.name === 'plu_delete')?.annotations).toEqual({
        idempotentHint: true,
        openWorldHint: false,
      });
    });
  });
});
