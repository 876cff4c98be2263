/** The venue's management tools through the MCP client on an empty shop: payment modes, tables, cashboxes, staff, delivery. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fails, ok, startInProcess, type Harness } from '../../helpers.js';

interface Change<T = Record<string, unknown>> {
  action: string;
  id: number;
  replayed: boolean;
  warnings: string[];
  item: T | null;
}
interface Page<T = Record<string, unknown>> {
  total: number;
  items: T[];
}
const free = [{ type: 'free', title: 'Café', price: 2 }];

describe('venue management', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  const ids = async (list: string, args: Record<string, unknown> = {}) =>
    (await ok<Page<{ id: number }>>(h.client, list, args)).items.map((r) => r.id);

  it('adds payment modes with Kash types, read from the title when the type is missing', async () => {
    const card = await ok<Change>(h.client, 'payment_mode_add', {
      title: 'Carte bancaire',
      type: 'Credit_Card',
      idempotencyKey: 'pm1',
    });
    expect(card).toMatchObject({
      action: 'added',
      replayed: false,
      warnings: [],
      item: { name: 'Carte bancaire', type: 'card', refund: false },
    });
    const again = await ok<Change>(h.client, 'payment_mode_add', {
      title: 'Carte bancaire',
      type: 'Credit_Card',
      idempotencyKey: 'pm1',
    });
    expect(again).toMatchObject({ id: card.id, replayed: true });
    expect(await fails(h.client, 'payment_mode_add', { title: 'Autre', idempotencyKey: 'pm1' })).toMatch(
      /idempotencyKey|already used/,
    );
    const back = await ok<Change>(h.client, 'payment_mode_add', {
      title: 'Rendu espèces',
      type: 'Cash_Refund',
    });
    expect(back.item).toMatchObject({ type: 'cash', refund: true });
    const guessed = await ok<Change>(h.client, 'payment_mode_add', { title: 'Chèque vacances ANCV' });
    expect(guessed.item).toMatchObject({ type: 'holiday_voucher', refund: false });
    expect(guessed.warnings.join(' ')).toMatch(/Holiday_Voucher, read from the title/);
    const meal = await ok<Change>(h.client, 'payment_mode_add', { title: 'Ticket restaurant' });
    expect(meal.item).toMatchObject({ type: 'meal_voucher' });
    expect(await fails(h.client, 'payment_mode_add', { title: 'Bitcoin' })).toMatch(/type.*Credit_Card/);
    expect(await fails(h.client, 'payment_mode_add', { title: 'X', type: 'Crypto' })).toMatch(
      /"Crypto" is not a payment type/,
    );
    expect(await fails(h.client, 'payment_mode_add', { title: 'carte  BANCAIRE', type: 'card' })).toMatch(
      /payment method \d+ \("Carte bancaire"\) already has this name/,
    );
    expect(await fails(h.client, 'payment_mode_add', { type: 'Cash' })).toMatch(/title/);
    expect(await fails(h.client, 'payment_mode_add', { title: 'x'.repeat(201), type: 'Cash' })).toMatch(
      /title/,
    );
  });

  it('edits a payment mode, and keeps the type of one payments used', async () => {
    const cash = await ok<Change>(h.client, 'payment_mode_add', { title: 'Espèce', type: 'Cash' });
    const renamed = await ok<Change>(h.client, 'payment_mode_edit', { id: cash.id, title: 'Espèces' });
    expect(renamed).toMatchObject({ action: 'updated', item: { name: 'Espèces', type: 'cash' } });
    expect(await ok<Change>(h.client, 'payment_mode_edit', { id: cash.id, title: 'Espèces' })).toMatchObject({
      action: 'unchanged',
    });
    const other = await ok<Change>(h.client, 'payment_mode_add', { title: 'Virement', type: 'Check' });
    expect(
      await ok<Change>(h.client, 'payment_mode_edit', { id: other.id, type: 'Bank_Transfer' }),
    ).toMatchObject({ item: { type: 'bank_transfer' } });
    await ok(h.client, 'sale_create', { items: free, payment: cash.id });
    expect(await fails(h.client, 'payment_mode_edit', { id: cash.id, type: 'Credit_Card' })).toMatch(
      /type cannot change/,
    );
    expect(await fails(h.client, 'payment_mode_edit', { id: 999999, title: 'x' })).toMatch(
      /No payment method/,
    );
    // the cash report counts it as cash
    const report = await ok<{ cashExpected: number }>(h.client, 'report_cash', { period: 'today' });
    expect(report.cashExpected).toBe(2);
  });

  it('archives a payment mode payments used, deletes an unused one, and refuses an archived one', async () => {
    const used = await ok<Change>(h.client, 'payment_mode_add', { title: 'Amex', type: 'Credit_Card' });
    const order = await ok<{ id: number }>(h.client, 'sale_create', { items: free, payment: used.id });
    const quote = await ok<{ id: number }>(h.client, 'sale_create', { items: free, payment: -1 });
    const archived = await ok<Change>(h.client, 'payment_mode_delete', { id: used.id });
    expect(archived).toMatchObject({ action: 'archived', item: { archived: true } });
    expect(archived.warnings[0]).toMatch(/archived, not deleted/);
    expect(await ids('data_list_payments_modes')).not.toContain(used.id);
    expect(await ids('data_list_payments_modes', { includeArchived: true })).toContain(used.id);
    const refused = await call(h.client, 'sale_create', { items: free, payment: used.id });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(/Payment method \d+ \("Amex"\) was archived/);
    expect(await fails(h.client, 'order_edit', { orderId: quote.id, payment: used.id })).toMatch(
      /was archived/,
    );
    const detail = await ok<{ payments: { method: string }[] }>(h.client, 'order_detail', {
      orderId: order.id,
    });
    expect(JSON.stringify(detail)).toMatch(/Amex/);
    // editing it needs it back
    expect(await fails(h.client, 'payment_mode_edit', { id: used.id, title: 'Amex 2' })).toMatch(
      /archived: send archived: false/,
    );
    expect(
      await ok<Change>(h.client, 'payment_mode_edit', {
        id: used.id,
        archived: false,
        title: 'American Express',
      }),
    ).toMatchObject({ action: 'updated', item: { name: 'American Express' } });
    const unused = await ok<Change>(h.client, 'payment_mode_add', { title: 'Lydia', type: 'Bank_Transfer' });
    expect(await ok<Change>(h.client, 'payment_mode_delete', { id: unused.id })).toMatchObject({
      action: 'deleted',
      item: null,
    });
    expect(await fails(h.client, 'payment_mode_delete', { id: unused.id })).toMatch(/No payment method/);
  });

  it('pays a refund back with a live refund method, never an archived one', async () => {
    const methods = await ok<Page<{ id: number; name: string }>>(h.client, 'data_list_payments_modes');
    const cash = methods.items.find((m) => m.name === 'Espèces')!;
    const cashBack = methods.items.find((m) => m.name === 'Rendu espèces')!;
    await ok(h.client, 'payment_mode_add', { title: 'Remboursement carte', type: 'Credit_Card_Refund' });
    await ok(h.client, 'payment_mode_edit', { id: cashBack.id, archived: true });
    const sale = await ok<{ id: number }>(h.client, 'sale_create', { items: free, payment: cash.id });
    const credit = await ok<{ payments: { method: string }[] }>(h.client, 'order_refund', {
      orderId: sale.id,
    });
    expect(credit.payments.map((p) => p.method)).toEqual(['Remboursement carte']);
    const other = await ok<{ id: number }>(h.client, 'sale_create', { items: free, payment: cash.id });
    expect(await fails(h.client, 'order_refund', { orderId: other.id, payment: cashBack.id })).toMatch(
      /"Rendu espèces"\) was archived/,
    );
    await ok(h.client, 'payment_mode_edit', { id: cashBack.id, archived: false });
  });

  it('adds one table or a range, all or nothing', async () => {
    const one = await ok<Change & { tables: unknown[] }>(h.client, 'table_add', {
      number: 84,
      name: 'La 84',
      seats: 6,
      floor: 'Salle',
    });
    expect(one).toMatchObject({
      action: 'added',
      id: 84,
      item: { id: 84, name: 'La 84', seats: 6, floor: 'Salle' },
    });
    const range = await ok<Change & { tables: { id: number; name: string; seats: number; floor: string }[] }>(
      h.client,
      'table_add',
      { from: 1, to: 20, floor: 'Terrasse', seats: 2, idempotencyKey: 't1' },
    );
    expect(range.tables).toHaveLength(20);
    expect(range.tables[19]).toEqual({ id: 20, name: 'Table 20', seats: 2, floor: 'Terrasse' });
    expect(
      await ok<Change>(h.client, 'table_add', {
        from: 1,
        to: 20,
        floor: 'Terrasse',
        seats: 2,
        idempotencyKey: 't1',
      }),
    ).toMatchObject({ replayed: true, id: 1 });
    expect(await fails(h.client, 'table_add', { from: 18, to: 30 })).toMatch(
      /Tables 18, 19, 20 already exist: nothing was added/,
    );
    expect((await ok<Page>(h.client, 'data_list_tables', { limit: 500 })).total).toBe(21);
    expect(await fails(h.client, 'table_add', { number: 84 })).toMatch(/Table 84 already exists/);
    expect(await fails(h.client, 'table_add', { from: 100, to: 700 })).toMatch(/At most 500 tables/);
    expect(await fails(h.client, 'table_add', { from: 30, to: 25 })).toMatch(/to \(25\) is below from/);
    expect(await fails(h.client, 'table_add', { number: 30, from: 30, to: 31 })).toMatch(/not both/);
    expect(await fails(h.client, 'table_add', { from: 30 })).toMatch(/to/);
    expect(await fails(h.client, 'table_add', { from: 30, to: 31, name: 'x' })).toMatch(
      /name is for one table/,
    );
    expect(await fails(h.client, 'table_add', { number: 2_147_483_648 })).toMatch(/number/);
    expect(await fails(h.client, 'table_add', { number: 40, seats: -1 })).toMatch(/seats/);
    expect(await fails(h.client, 'table_add', {})).toMatch(/number/);
  });

  it('edits a table, renumbers it only while no order names it, archives one orders name', async () => {
    expect(await ok<Change>(h.client, 'table_edit', { id: 20, number: 21, seats: 4 })).toMatchObject({
      action: 'updated',
      id: 21,
      item: { id: 21, seats: 4 },
    });
    expect(await fails(h.client, 'table_edit', { id: 21, number: 84 })).toMatch(/Table 84 already exists/);
    const order = await ok<{ id: number; table: number }>(h.client, 'sale_create', {
      items: free,
      idtable: 84,
    });
    expect(await fails(h.client, 'table_edit', { id: 84, number: 85 })).toMatch(/Orders name table 84/);
    expect(await ok<Change>(h.client, 'table_delete', { id: 84 })).toMatchObject({
      action: 'archived',
      id: 84,
      item: { archived: true },
    });
    expect(await ids('data_list_tables', { limit: 500 })).not.toContain(84);
    expect(await ids('data_list_tables', { limit: 500, includeArchived: true })).toContain(84);
    const refused = await fails(h.client, 'sale_create', { items: free, idtable: 84 });
    expect(refused).toMatch(/Table 84 was archived/);
    expect((await ok<{ table: number }>(h.client, 'order_detail', { orderId: order.id })).table).toBe(84);
    // reports still filter by it
    await ok(h.client, 'report_summary', { period: 'today', table: 84 });
    expect(await fails(h.client, 'table_edit', { id: 84, seats: 8 })).toMatch(/archived/);
    expect(await ok<Change>(h.client, 'table_edit', { id: 84, archived: false })).toMatchObject({
      item: { id: 84 },
    });
    await ok(h.client, 'sale_create', { items: free, idtable: 84 });
    expect(await ok<Change>(h.client, 'table_delete', { id: 21 })).toMatchObject({
      action: 'deleted',
      item: null,
    });
    expect(await fails(h.client, 'table_delete', { id: 21 })).toMatch(/No table has id 21/);
    expect(await fails(h.client, 'table_edit', { id: 555, seats: 2 })).toMatch(/No table/);
  });

  it('manages cashboxes, staff, delivery people and relay points, archiving what orders name', async () => {
    const box = await ok<Change>(h.client, 'cashbox_add', { name: 'Caisse 1', idempotencyKey: 'c1' });
    expect(box.item).toEqual({ id: box.id, name: 'Caisse 1' });
    expect(await fails(h.client, 'cashbox_add', { name: 'caisse 1' })).toMatch(/already has this name/);
    const box2 = await ok<Change>(h.client, 'cashbox_add', { name: 'Caisse 2' });
    expect(await fails(h.client, 'cashbox_edit', { id: box2.id, name: 'Caisse 1' })).toMatch(
      /already has this name/,
    );
    expect(await ok<Change>(h.client, 'cashbox_edit', { id: box2.id, name: 'Terrasse' })).toMatchObject({
      action: 'updated',
      item: { name: 'Terrasse' },
    });

    const boss = await ok<Change>(h.client, 'user_add', {
      name: 'Isabelle',
      role: 'owner',
      email: 'isa@example.fr',
      phone: '06 00 00 00 01',
    });
    expect(boss.item).toEqual({
      id: boss.id,
      name: 'Isabelle',
      role: 'owner',
      email: 'isa@example.fr',
      phone: '06 00 00 00 01',
    });
    const waiter = await ok<Change>(h.client, 'user_add', { name: 'Isabelle' });
    expect(waiter.item).toMatchObject({ role: 'waiter' });
    expect(waiter.warnings[0]).toMatch(/user \d+ \("Isabelle"\) has the same name/);
    expect(await fails(h.client, 'user_add', { name: 'Chef', role: 'chef' })).toMatch(/role/);
    expect(
      await ok<Change>(h.client, 'user_edit', {
        id: waiter.id,
        name: 'Isabelle B.',
        role: 'cashier',
        email: null,
      }),
    ).toMatchObject({ item: { name: 'Isabelle B.', role: 'cashier', email: null } });

    const man = await ok<Change>(h.client, 'delivery_man_add', { name: 'Karim', phone: '06 11 22 33 44' });
    expect(man.item).toEqual({ id: man.id, name: 'Karim', phone: '06 11 22 33 44' });
    expect(await ok<Change>(h.client, 'delivery_man_edit', { id: man.id, phone: '' })).toMatchObject({
      item: { phone: null },
    });

    const relay = await ok<Change>(h.client, 'relay_point_add', {
      name: 'Tabac du Centre',
      address: '3 place Bellecour',
      zip: '69002',
      city: 'Lyon',
    });
    expect(relay.item).toMatchObject({ name: 'Tabac du Centre', zip: '69002', city: 'Lyon' });
    expect(await fails(h.client, 'relay_point_add', { name: 'R', zip: '1', city: 'c' })).toMatch(/address/);
    expect(await ok<Change>(h.client, 'relay_point_edit', { id: relay.id, city: 'Lyon 2e' })).toMatchObject({
      item: { city: 'Lyon 2e', address: '3 place Bellecour' },
    });

    await ok(h.client, 'sale_create', {
      items: free,
      idcaisse: box.id,
      idUser: boss.id,
      deliveryMethod: 5,
      relayPointId: relay.id,
      deliveryManId: man.id,
    });
    for (const [tool, id, list] of [
      ['cashbox_delete', box.id, 'data_list_cashboxes'],
      ['user_delete', boss.id, 'data_list_users'],
      ['delivery_man_delete', man.id, 'data_list_delivery_men'],
      ['relay_point_delete', relay.id, 'data_list_relay_points'],
    ] as const) {
      expect(await ok<Change>(h.client, tool, { id })).toMatchObject({
        action: 'archived',
        item: { archived: true },
      });
      expect(await ids(list)).not.toContain(id);
      expect(await ids(list, { includeArchived: true })).toContain(id);
    }
    const refusals = [
      [{ idcaisse: box.id }, /cashbox \d+ \("Caisse 1"\) was archived/],
      [{ idUser: boss.id }, /user \d+ \("Isabelle"\) was archived/],
      [{ deliveryManId: man.id }, /delivery person \d+ \("Karim"\) was archived/],
      [{ deliveryMethod: 5, relayPointId: relay.id }, /relay point \d+ \("Tabac du Centre"\) was archived/],
    ] as const;
    for (const [args, message] of refusals)
      expect(await fails(h.client, 'sale_create', { items: free, ...args })).toMatch(message);
    // the cash report of an archived cashbox still answers
    await ok(h.client, 'report_cash', { period: 'today', cashboxId: box.id });
    for (const [tool, id] of [
      ['cashbox_delete', box2.id],
      ['user_delete', waiter.id],
    ] as const)
      expect(await ok<Change>(h.client, tool, { id })).toMatchObject({ action: 'deleted', item: null });
  });

  it('manages delivery zones: postcodes, fee and minimum order in the major unit', async () => {
    const zone = await ok<Change>(h.client, 'delivery_zone_add', {
      name: 'Lyon centre',
      postcodes: '69001, 69002 69002;69003',
      fee: 3.5,
      minOrder: 15,
    });
    expect(zone.item).toEqual({
      id: zone.id,
      name: 'Lyon centre',
      postcodes: ['69001', '69002', '69003'],
      fee: 3.5,
      minOrder: 15,
    });
    const free0 = await ok<Change>(h.client, 'delivery_zone_add', {
      name: 'Villeurbanne',
      postcodes: ['69100'],
    });
    expect(free0.item).toMatchObject({ fee: 0, minOrder: 0 });
    expect(await fails(h.client, 'delivery_zone_add', { name: 'X', postcodes: ['1'], fee: -1 })).toMatch(
      /fee/,
    );
    expect(await fails(h.client, 'delivery_zone_add', { name: 'X', postcodes: ['1'], fee: 1.234 })).toMatch(
      /fee.*two decimals/,
    );
    expect(
      await fails(h.client, 'delivery_zone_add', { name: 'X', postcodes: ['1'], minOrder: 2_000_000 }),
    ).toMatch(/minOrder/);
    expect(await fails(h.client, 'delivery_zone_add', { name: 'lyon CENTRE', postcodes: '1' })).toMatch(
      /already has this name/,
    );
    expect(
      await ok<Change>(h.client, 'delivery_zone_edit', { id: zone.id, postcodes: ['69004'], fee: 4 }),
    ).toMatchObject({ item: { postcodes: ['69004'], fee: 4, minOrder: 15 } });
    expect(await ok<Change>(h.client, 'delivery_zone_delete', { id: free0.id })).toMatchObject({
      action: 'deleted',
    });
    expect(await ids('data_list_delivery_zones')).toEqual([zone.id]);
  });

  it('journals every change with the tool that made it', async () => {
    const journal = await ok<{ items: { entity: string; entityId: number; action: string; via: string }[] }>(
      h.client,
      'audit_list',
      { entity: 'table', limit: 500 },
    );
    const of84 = journal.items.filter((j) => j.entityId === 84).map((j) => `${j.action} ${j.via}`);
    expect(of84).toEqual(['add table_add', 'archive table_delete', 'edit table_edit']);
    expect(journal.items.filter((j) => j.action === 'add')).toHaveLength(21);
    for (const entity of [
      'payment_method',
      'cashbox',
      'user',
      'delivery_zone',
      'relay_point',
      'delivery_man',
    ]) {
      const e = await ok<{ items: { action: string }[] }>(h.client, 'audit_list', { entity });
      expect(e.items.length, entity).toBeGreaterThan(1);
    }
  });
});
