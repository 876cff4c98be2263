/** Bad input: an error naming the field, and nothing written. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fails, ok, startInProcess, type Harness } from '../helpers.js';

describe('bad input is refused and writes nothing', () => {
  let h: Harness;
  let cafe: number;
  let croissant: number;
  let card: number;
  let validatedId: number;
  let before: Snapshot;

  interface Snapshot {
    listed: number;
    orders: number;
    lines: number;
    payments: number;
    clients: number;
    keys: number;
    croissantStock: number | null | undefined;
  }

  const countRows = async (table: 'orders' | 'order_lines' | 'payments' | 'clients' | 'idempotency_keys') => {
    const r = await h.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };

  const snapshot = async (): Promise<Snapshot> => {
    const products = await ok<{ items: { id: number; stock: number | null }[] }>(
      h.client,
      'data_list_products',
      {
        limit: 500,
      },
    );
    return {
      listed: (await ok<{ total: number }>(h.client, 'data_list_orders', { validatedOrders: false })).total,
      orders: await countRows('orders'),
      lines: await countRows('order_lines'),
      payments: await countRows('payments'),
      clients: await countRows('clients'),
      keys: await countRows('idempotency_keys'),
      croissantStock: products.items.find((p) => p.id === croissant)?.stock,
    };
  };

  /** Calls a tool that must fail, and checks that the message names `field` and nothing was written. */
  const refused = async (tool: string, args: Record<string, unknown>, field: string, also?: RegExp) => {
    const msg = await fails(h.client, tool, args);
    expect(msg).toContain(field);
    if (also) expect(msg).toMatch(also);
    expect(await snapshot()).toEqual(before);
    return msg;
  };

  beforeAll(async () => {
    h = await startInProcess({ clock: () => new Date('2026-11-21T14:00:00Z') });
    const products = await ok<{ items: { id: number; title: string }[] }>(h.client, 'data_list_products', {
      limit: 500,
    });
    cafe = products.items.find((p) => p.title === 'Café')?.id ?? -1;
    croissant = products.items.find((p) => p.title === 'Croissant')?.id ?? -1;
    const modes = await ok<{ items: { id: number; type: string; refund: boolean }[] }>(
      h.client,
      'data_list_payments_modes',
    );
    card = modes.items.find((m) => m.type === 'card' && !m.refund)?.id ?? -1;
    // one existing sale so that "nothing written" is checked against a non-empty shop
    const o = await ok<{ id: number }>(h.client, 'sale_create', {
      items: [{ productId: croissant, quantity: 2 }],
      idempotencyKey: 'existing-sale',
    });
    validatedId = o.id;
  });
  beforeEach(async () => {
    before = await snapshot();
    expect(before.listed).toBe(1);
  });
  afterAll(() => h.close());

  // every sale below also creates a client inline and sells a Croissant (stock tracked), so a
  // half-written sale would show in the client count or the stock
  const withClient = (args: Record<string, unknown>) => ({
    client: { firstname: 'Never', lastname: 'Written' },
    ...args,
  });

  it('unknown productId', async () => {
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant }, { productId: 999999 }] }),
      'items[1].productId',
      /999999/,
    );
  });

  it('unknown table 999', async () => {
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant }], idtable: 999 }),
      'idtable',
      /999/,
    );
  });

  it('quantity 0 and -1', async () => {
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant, quantity: 0 }] }),
      'items[0].quantity',
    );
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant }, { productId: cafe, quantity: -1 }] }),
      'items[1].quantity',
    );
  });

  it('quantity 1.5 (not whole)', async () => {
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant, quantity: 1.5 }] }),
      'quantity',
    );
  });

  it('negative priceOverride', async () => {
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant, priceOverride: -1 }] }),
      'items[0].priceOverride',
    );
  });

  it('unknown payment method 9999', async () => {
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant }], payment: 9999 }),
      'payment',
      /9999/,
    );
  });

  it('paymentAmount with three decimals', async () => {
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant }], payment: card, paymentAmount: 1.234 }),
      'paymentAmount',
    );
  });

  it('paymentAmount over the total', async () => {
    // 1.80 due, 1.81 offered
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant }], payment: card, paymentAmount: 1.81 }),
      'paymentAmount',
    );
  });

  it('malformed legacy strings', async () => {
    await refused('sale_create', withClient({ items: [`${croissant}_1`, 'abc_2'] }), 'items[1]', /abc/);
    await refused('sale_create', withClient({ items: ['Free_x_y'] }), 'items[0]', /Free_x_y/);
    await refused('sale_create', withClient({ itemsList: [`${croissant}_1`, 'Free_x_y'] }), 'Free_x_y');
  });

  it('empty items, and no items at all', async () => {
    await refused('sale_create', withClient({ items: [] }), 'items');
    await refused('sale_create', withClient({}), 'items');
  });

  it('a discount bigger than the order', async () => {
    await refused(
      'sale_create',
      withClient({ items: [{ productId: croissant }], discount: { percent: 150 } }),
      'discount',
    );
  });

  it('data_list_orders with to before from', async () => {
    await refused(
      'data_list_orders',
      { from_date_ISO8601: '2026-11-21T12:00:00+01:00', to_date_ISO8601: '2026-11-20T12:00:00+01:00' },
      'to_date_ISO8601',
    );
  });

  it('order_edit changing the items of a validated order', async () => {
    const msg = await refused('order_edit', { orderId: validatedId, items: [`${cafe}_3`] }, 'items');
    expect(msg).toMatch(/never change/);
    expect(msg).toContain('order_refund');
    const detail = await ok<{ lines: { productId: number; quantity: number }[]; total: number }>(
      h.client,
      'order_detail',
      { orderId: validatedId },
    );
    // still 2 croissants: 2 × 1.80 = 3.60
    expect(detail.lines.map((l) => [l.productId, l.quantity])).toEqual([[croissant, 2]]);
    expect(detail.total).toBe(3.6);
  });

  it('reusing an idempotency key with a different payload', async () => {
    const msg = await refused(
      'sale_create',
      { items: [{ productId: croissant, quantity: 3 }], idempotencyKey: 'existing-sale' },
      'idempotencyKey',
    );
    expect(msg).toContain('existing-sale');
  });

  it('an unknown order for order_detail / order_edit / order_refund', async () => {
    await refused('order_detail', { orderId: 424242 }, 'orderId');
    await refused('order_edit', { orderId: 424242, status: 'served' }, 'orderId');
    await refused('order_refund', { orderId: 424242 }, 'orderId');
  });
});

describe('each refusal says its kind and field in _meta', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess();
  });
  afterAll(() => h.close());
  const kindOf = async (name: string, args: Record<string, unknown>) => {
    const r = (await h.client.callTool({ name, arguments: args })) as {
      isError?: boolean;
      _meta?: { 'comptoir/error'?: { field: string; kind: string } };
    };
    expect(r.isError).toBe(true);
    return r._meta?.['comptoir/error'];
  };

  it('not found, wrong state, conflict, invalid', async () => {
    expect(await kindOf('order_detail', { orderId: 424242 })).toEqual({
      field: 'orderId',
      kind: 'not_found',
    });
    const sale = await ok<{ id: number }>(h.client, 'sale_create', {
      items: [{ productName: 'Café' }],
      idempotencyKey: 'kinds-1',
    });
    expect(await kindOf('order_edit', { orderId: sale.id, items: [{ productName: 'Café' }] })).toEqual({
      field: 'items',
      kind: 'wrong_state',
    });
    expect(
      await kindOf('sale_create', { items: [{ productName: 'Croissant' }], idempotencyKey: 'kinds-1' }),
    ).toEqual({ field: 'idempotencyKey', kind: 'conflict' });
    expect(await kindOf('sale_create', { items: [] })).toEqual({ field: 'items', kind: 'invalid' });
  });
});
