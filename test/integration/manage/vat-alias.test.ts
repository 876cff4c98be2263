/** vat_add / vat_edit / vat_delete through the MCP client: idempotent adds, a used rate kept, the journal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fails, ok, startInProcess, type Harness } from '../../helpers.js';

interface Change {
  action: string;
  id: number;
  replayed: boolean;
  warnings: string[];
  item: { id: number; rate: number; label: string; archived: boolean } | null;
}

describe('VAT rates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess();
  });
  afterAll(() => h.close());

  it('adds a rate once per idempotency key, and refuses a second rate of the same value', async () => {
    const a = await ok<Change>(h.client, 'vat_add', { title: 'TVA 8,5 %', rate: 8.5, idempotencyKey: 'v1' });
    expect(a).toMatchObject({ action: 'added', replayed: false, item: { rate: 8.5, label: 'TVA 8,5 %' } });
    const again = await ok<Change>(h.client, 'vat_add', {
      title: 'TVA 8,5 %',
      rate: 8.5,
      idempotencyKey: 'v1',
    });
    expect(again).toMatchObject({ id: a.id, replayed: true });
    expect(await fails(h.client, 'vat_add', { title: 'other', rate: 8.5 })).toMatch(
      /already has a 8.5 % rate \(id/,
    );
    expect(await fails(h.client, 'vat_add', { title: 'x', rate: 8.555 })).toMatch(/rate.*two decimals/);
    expect(await fails(h.client, 'vat_add', { title: '', rate: 3 })).toMatch(/title/);
  });

  it('changes an unused rate, never a used one, and archives a rate recorded orders used', async () => {
    const list = await ok<{ items: { id: number; rate: number }[] }>(h.client, 'data_list_vats');
    const ten = list.items.find((v) => v.rate === 10)!;
    expect(await fails(h.client, 'vat_edit', { id: ten.id, rate: 11 })).toMatch(/cannot change/);
    const r = await call(h.client, 'vat_delete', { id: ten.id });
    expect(r.isError).toBe(true); // products use it
    const fresh = await ok<Change>(h.client, 'vat_add', { title: 'TVA 3 %', rate: 3 });
    const moved = await ok<Change>(h.client, 'vat_edit', { id: fresh.id, rate: 3.5 });
    expect(moved).toMatchObject({ action: 'updated', item: { rate: 3.5 } });
    expect(await ok<Change>(h.client, 'vat_delete', { id: fresh.id })).toMatchObject({
      action: 'deleted',
      item: null,
    });
    const journal = await ok<{
      items: { entity: string; action: string; via: string; before: unknown; after: unknown }[];
    }>(h.client, 'audit_list', { entity: 'vat_rate' });
    expect(journal.items.map((j) => `${j.action} ${j.via}`)).toEqual([
      'add vat_add',
      'add vat_add',
      'edit vat_edit',
      'delete vat_delete',
    ]);
  });
});

describe("order_create, Kash's newer name of sale_create", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess();
  });
  afterAll(() => h.close());

  it('records the same sale with the same arguments, checks them the same way, and costs a line of the tool list', async () => {
    const tools = (await h.client.listTools()).tools;
    const alias = tools.find((t) => t.name === 'order_create')!;
    expect(JSON.stringify(alias).length).toBeLessThan(600);
    expect(alias.outputSchema).toBeUndefined();
    const order = await ok<{ id: number; total: number; lines: unknown[] }>(h.client, 'order_create', {
      items: [{ productName: 'Cappuccino', quantity: 2 }],
      payment: -1,
      idempotencyKey: 'oc-1',
    });
    expect(order.lines).toHaveLength(1);
    const again = await ok<{ id: number }>(h.client, 'sale_create', {
      items: [{ productName: 'Cappuccino', quantity: 2 }],
      payment: -1,
      idempotencyKey: 'oc-1',
    });
    expect(again.id).toBe(order.id); // one use case, one key space
    expect(
      await fails(h.client, 'order_create', { items: [{ productName: 'Cappuccino', quantity: 0 }] }),
    ).toMatch(/items\[0\]\.quantity/);
  });
});
