/**
 * dept_*, dept_group_*, variation_*, variation_choice_*, discount_* through the MCP client on an empty
 * shop: the VAT and group of a department by id or name, deletes refused, archived or real, the catalog
 * lists' includeArchived, and the journal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fails, ok, startInProcess, type Harness } from '../../helpers.js';

interface Change<T = Record<string, unknown>> {
  action: string;
  id: number;
  replayed: boolean;
  warnings: string[];
  item: T | null;
}
interface Dept {
  id: number;
  name: string;
  groupId: number | null;
  vat: number;
  position: number;
  archived: boolean;
}
interface Group {
  id: number;
  name: string;
  choices: { id: number; name: string; priceDelta: number; unavailable: boolean }[];
}
interface Choice {
  id: number;
  name: string;
  priceDelta: number;
  unavailable: boolean;
  groupId: number;
  group: string;
  position: number;
  description: string | null;
}
interface Order {
  id: number;
  total: number;
  lines: { title: string; unitPrice: number; variations: { name: string; priceDelta: number }[] }[];
}
const ids = (page: { items: { id: number }[] }) => page.items.map((i) => i.id);

describe('departments and groups', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  it('adds groups and departments, by group name, VAT by rate or id, the shop default otherwise', async () => {
    const food = await ok<Change<{ id: number; name: string; position: number }>>(
      h.client,
      'dept_group_add',
      {
        title: 'Cuisine',
        position: 2,
        idempotencyKey: 'g1',
      },
    );
    expect(food).toMatchObject({ action: 'added', item: { name: 'Cuisine', position: 2, archived: false } });
    expect(
      await ok(h.client, 'dept_group_add', { title: 'Cuisine', position: 2, idempotencyKey: 'g1' }),
    ).toMatchObject({ id: food.id, replayed: true });

    const plats = await ok<Change<Dept>>(h.client, 'dept_add', {
      title: 'Plats',
      vat: 10,
      deptGroup: 'cuisine',
    });
    expect(plats.item).toMatchObject({ name: 'Plats', vat: 10, groupId: food.id, archived: false });
    const vats = await ok<{ items: { id: number; rate: number }[] }>(h.client, 'data_list_vats');
    const twenty = vats.items.find((v) => v.rate === 20)!;
    const bar = await ok<Change<Dept>>(h.client, 'dept_add', {
      title: 'Bar',
      vatID: String(twenty.id),
      position: 3,
    });
    expect(bar.item).toMatchObject({ vat: 20, groupId: null, position: 3 });
    const plain = await ok<Change<Dept>>(h.client, 'dept_add', { title: 'Divers' });
    expect(plain.item?.vat).toBe(10);
    expect(plain.warnings.join(' ')).toMatch(/default 10 %/);

    expect(await fails(h.client, 'dept_add', { title: 'X', vat: 7 })).toMatch(/vat.*no 7 % VAT rate/);
    expect(await fails(h.client, 'dept_add', { title: 'X', deptGroup: 'Boissons' })).toMatch(
      /deptGroup.*No department group is named "Boissons"/,
    );
    expect(await fails(h.client, 'dept_add', { title: 'X', deptGroupID: 9999 })).toMatch(/deptGroupID/);
    expect(await fails(h.client, 'dept_add', { title: '' })).toMatch(/title/);
  });

  it('edits a department without touching its products, and refuses to delete one with products', async () => {
    const d = await ok<Change<Dept>>(h.client, 'dept_add', { title: 'Desserts', vat: 10 });
    const p = await ok<Change<{ id: number; vatTakeaway: number }>>(h.client, 'plu_add', {
      title: 'Crème brûlée',
      price: 6,
      deptID: d.id,
    });
    const e = await ok<Change<Dept>>(h.client, 'dept_edit', { id: d.id, vat: 5.5, title: 'Desserts maison' });
    expect(e).toMatchObject({ action: 'updated', item: { vat: 5.5, name: 'Desserts maison' } });
    expect(e.warnings.join(' ')).toMatch(/keep their own VAT/);
    const list = await ok<{ items: { id: number; vatTakeaway: number; department: string }[] }>(
      h.client,
      'data_list_products',
    );
    expect(list.items.find((x) => x.id === p.id)).toMatchObject({
      vatTakeaway: 10,
      department: 'Desserts maison',
    });
    expect(await ok(h.client, 'dept_edit', { id: d.id, vat: 5.5 })).toMatchObject({ action: 'unchanged' });

    expect(await fails(h.client, 'dept_delete', { id: d.id })).toMatch(
      /1 products are in "Desserts maison".*Crème brûlée/,
    );
    expect(await fails(h.client, 'dept_edit', { id: d.id, archived: true })).toMatch(/products are in/);
    // sold, then the product archived: the department is archived, not deleted
    await ok(h.client, 'sale_create', { items: [{ type: 'dept', departmentId: d.id, price: 3 }] });
    await ok(h.client, 'plu_delete', { id: p.id });
    const del = await ok<Change<Dept>>(h.client, 'dept_delete', { id: d.id });
    expect(del).toMatchObject({ action: 'archived', item: { archived: true } });
    expect(ids(await ok(h.client, 'data_list_departments'))).not.toContain(d.id);
    expect(ids(await ok(h.client, 'data_list_departments', { includeArchived: true }))).toContain(d.id);
    expect(
      await fails(h.client, 'plu_add', { title: 'Tarte', price: 3, department: 'Desserts maison' }),
    ).toMatch(/department.*archived/);
    expect(
      await fails(h.client, 'sale_create', { items: [{ type: 'dept', departmentId: d.id, price: 3 }] }),
    ).toMatch(/items\[0\]\.departmentId.*archived/);
    expect(await fails(h.client, 'dept_edit', { id: d.id, title: 'Y' })).toMatch(/archived: false/);
    expect(await ok(h.client, 'dept_edit', { id: d.id, archived: false })).toMatchObject({
      action: 'updated',
      item: { archived: false },
    });
    // an unused department is deleted
    const spare = await ok<Change<Dept>>(h.client, 'dept_add', { title: 'Temporaire', vat: 20 });
    expect(await ok(h.client, 'dept_delete', { id: spare.id })).toMatchObject({
      action: 'deleted',
      item: null,
    });
  });

  it('refuses to delete a group with live departments, archives one with archived ones, deletes an empty one', async () => {
    const g = await ok<Change<{ id: number }>>(h.client, 'dept_group_add', { title: 'Traiteur' });
    const d = await ok<Change<Dept>>(h.client, 'dept_add', { title: 'Salades', vat: 10, deptGroupID: g.id });
    expect(await fails(h.client, 'dept_group_delete', { id: g.id })).toMatch(
      /1 departments are in "Traiteur"/,
    );
    expect(
      await ok(h.client, 'dept_group_edit', { id: g.id, title: 'Traiteur froid', position: 7 }),
    ).toMatchObject({
      action: 'updated',
      item: { name: 'Traiteur froid', position: 7 },
    });
    await ok(h.client, 'sale_create', { items: [{ type: 'dept', departmentId: d.id, price: 2 }] });
    expect(await ok(h.client, 'dept_delete', { id: d.id })).toMatchObject({ action: 'archived' });
    expect(await ok(h.client, 'dept_group_delete', { id: g.id })).toMatchObject({ action: 'archived' });
    expect(ids(await ok(h.client, 'data_list_department_groups'))).not.toContain(g.id);
    expect(ids(await ok(h.client, 'data_list_department_groups', { includeArchived: true }))).toContain(g.id);
    const empty = await ok<Change<{ id: number }>>(h.client, 'dept_group_add', { title: 'Vide' });
    expect(await ok(h.client, 'dept_group_delete', { id: empty.id })).toMatchObject({ action: 'deleted' });
    // a part of group names lists them
    await ok(h.client, 'dept_group_add', { title: 'Boissons chaudes' });
    await ok(h.client, 'dept_group_add', { title: 'Boissons froides' });
    expect(await fails(h.client, 'dept_add', { title: 'Thés', vat: 10, deptGroup: 'boissons' })).toMatch(
      /deptGroup.*near names: \d+ "Boissons chaudes"; \d+ "Boissons froides"/,
    );
  });

  it('journals every change with the tool and the values before and after', async () => {
    const j = await ok<{
      items: { entity: string; action: string; via: string; before: unknown; after: unknown }[];
    }>(h.client, 'audit_list', { entity: 'department', limit: 500 });
    const edit = j.items.find((x) => x.action === 'edit' && x.via === 'dept_edit');
    expect(edit?.before).toMatchObject({ vat: 10, name: 'Desserts' });
    expect(edit?.after).toMatchObject({ vat: 5.5, name: 'Desserts maison' });
    expect(new Set(j.items.map((x) => x.via))).toEqual(new Set(['dept_add', 'dept_edit', 'dept_delete']));
  });
});

describe('variations and discounts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  it('manages groups and choices; a sale keeps its copy of the choices', async () => {
    const g = await ok<Change<Group>>(h.client, 'variation_add', { title: 'Cuisson', idempotencyKey: 'c1' });
    expect(g.item).toMatchObject({ name: 'Cuisson', choices: [] });
    const rare = await ok<Change<Choice>>(h.client, 'variation_choice_add', {
      variation: 'CUISSON',
      title: 'Saignant',
      position: 1,
      description: 'Rouge',
    });
    expect(rare.item).toMatchObject({
      groupId: g.id,
      group: 'Cuisson',
      name: 'Saignant',
      priceDelta: 0,
      position: 1,
    });
    const well = await ok<Change<Choice>>(h.client, 'variation_choice_add', {
      idVariation: String(g.id),
      title: 'Bien cuit',
      deltaPrice: -0.5,
      unavailable: '0',
    });
    expect(well.item).toMatchObject({ priceDelta: -0.5, unavailable: false });
    expect(await fails(h.client, 'variation_choice_add', { title: 'X' })).toMatch(/idVariation/);
    expect(await fails(h.client, 'variation_choice_add', { variation: 'Taille', title: 'X' })).toMatch(
      /variation.*No variation group is named "Taille"/,
    );
    expect(
      await fails(h.client, 'variation_choice_add', { idVariation: g.id, title: 'X', deltaPrice: 0.001 }),
    ).toMatch(/deltaPrice/);

    const steak = await ok<Change<{ id: number }>>(h.client, 'plu_add', {
      title: 'Steak',
      price: 15,
      variationID0: g.id,
    });
    const o = await ok<Order>(h.client, 'sale_create', {
      items: [{ productId: steak.id, declinaisons: [well.id] }],
    });
    expect(o.total).toBe(14.5);
    // a choice out for now is not offered; renamed and re-priced, the order keeps its copy
    await ok(h.client, 'variation_choice_edit', { id: well.id, unavailable: true });
    expect(
      await fails(h.client, 'sale_create', { items: [{ productId: steak.id, declinaisons: [well.id] }] }),
    ).toMatch(/declinaisons\[0\]/);
    const edited = await ok<Change<Choice>>(h.client, 'variation_choice_edit', {
      id: well.id,
      title: 'À point',
      deltaPrice: 1,
      unavailable: false,
    });
    expect(edited).toMatchObject({ action: 'updated', item: { name: 'À point', priceDelta: 1 } });
    const detail = await ok<Order>(h.client, 'order_detail', { orderId: o.id });
    expect(detail.lines[0]?.variations).toEqual([
      expect.objectContaining({ name: 'Bien cuit', priceDelta: -0.5 }),
    ]);
    expect(detail.total).toBe(14.5);

    // the group is refused while a live product offers it
    expect(await fails(h.client, 'variation_delete', { id: g.id })).toMatch(
      /1 products offer "Cuisson".*Steak/,
    );
    expect(await ok(h.client, 'variation_edit', { id: g.id, title: 'Cuisson viande' })).toMatchObject({
      action: 'updated',
      item: { name: 'Cuisson viande' },
    });
    expect(await ok(h.client, 'variation_choice_delete', { id: rare.id })).toMatchObject({
      action: 'deleted',
    });
    await ok(h.client, 'plu_delete', { id: steak.id }); // sold: archived, keeps the group
    const del = await ok<Change<Group>>(h.client, 'variation_delete', { id: g.id });
    expect(del).toMatchObject({ action: 'deleted', item: null });
    expect(ids(await ok(h.client, 'data_list_variations', { includeArchived: true }))).not.toContain(g.id);
    expect((await ok<Order>(h.client, 'order_detail', { orderId: o.id })).lines[0]?.variations).toHaveLength(
      1,
    );
    expect(await fails(h.client, 'variation_choice_edit', { id: well.id, title: 'Z' })).toMatch(
      /No variation choice/,
    );
  });

  it('manages discounts: percent or amount, refused while a product uses one, archived to stop it', async () => {
    const pct = await ok<Change<{ id: number; kind: string; percent: number }>>(h.client, 'discount_add', {
      title: 'Happy hour',
      percent: 20,
      idempotencyKey: 'd1',
    });
    expect(pct.item).toMatchObject({
      name: 'Happy hour',
      kind: 'percent',
      percent: 20,
      amount: null,
      archived: false,
    });
    const amt = await ok<Change<{ id: number }>>(h.client, 'discount_add', { title: 'Fidélité', amount: 2 });
    expect(amt.item).toMatchObject({ kind: 'amount', amount: 2 });
    expect(await fails(h.client, 'discount_add', { title: 'X' })).toMatch(/percent/);
    expect(await fails(h.client, 'discount_add', { title: 'X', percent: 5, amount: 1 })).toMatch(/either/);
    expect(await fails(h.client, 'discount_add', { title: 'X', percent: 120 })).toMatch(/percent/);

    const o = await ok<Order>(h.client, 'sale_create', {
      items: [{ type: 'free', title: 'Menu', price: 10 }],
      discountId: pct.id,
    });
    expect(o.total).toBe(8);
    expect(await ok(h.client, 'discount_edit', { id: pct.id, percent: 50 })).toMatchObject({
      action: 'updated',
      item: { percent: 50 },
    });
    expect((await ok<Order>(h.client, 'order_detail', { orderId: o.id })).total).toBe(8);

    const p = await ok<Change<{ id: number }>>(h.client, 'plu_add', {
      title: 'Bière',
      price: 5,
      discountID: amt.id,
    });
    expect(await fails(h.client, 'discount_delete', { id: amt.id })).toMatch(
      /1 products use "Fidélité".*Bière/,
    );
    await ok(h.client, 'plu_edit', { id: p.id, discountID: 0 });
    expect(await ok(h.client, 'discount_delete', { id: amt.id })).toMatchObject({ action: 'deleted' });

    expect(await ok(h.client, 'discount_edit', { id: pct.id, archived: true })).toMatchObject({
      item: { archived: true },
    });
    expect(ids(await ok(h.client, 'data_list_discounts'))).not.toContain(pct.id);
    expect(ids(await ok(h.client, 'data_list_discounts', { includeArchived: true }))).toContain(pct.id);
    expect(
      await fails(h.client, 'sale_create', {
        items: [{ type: 'free', title: 'Menu', price: 10 }],
        discountId: pct.id,
      }),
    ).toMatch(/discountId.*archived/);
    expect(await fails(h.client, 'discount_edit', { id: pct.id, title: 'Z' })).toMatch(/archived: false/);
  });

  it('hides archived VAT rates from the list unless asked', async () => {
    const v = await ok<Change<{ id: number }>>(h.client, 'vat_add', { title: 'TVA 8,5 %', rate: 8.5 });
    await ok(h.client, 'vat_edit', { id: v.id, archived: true });
    expect(ids(await ok(h.client, 'data_list_vats'))).not.toContain(v.id);
    expect(ids(await ok(h.client, 'data_list_vats', { includeArchived: true }))).toContain(v.id);
    expect(await fails(h.client, 'plu_add', { title: 'X', price: 1, vat: 8.5 })).toMatch(/vat.*archived/);
  });
});

describe('a department that sold', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  it('keeps the group of a department that sold (the reports count its sales in it), and moves one that never sold', async () => {
    const a = await ok<Change>(h.client, 'dept_group_add', { title: 'Groupe A' });
    const b = await ok<Change>(h.client, 'dept_group_add', { title: 'Groupe B' });
    const sold = await ok<Change>(h.client, 'dept_add', { title: 'Vendu', vat: 10, deptGroupID: a.id });
    const unsold = await ok<Change>(h.client, 'dept_add', {
      title: 'Jamais vendu',
      vat: 10,
      deptGroupID: a.id,
    });
    await ok(h.client, 'sale_create', {
      items: [{ type: 'dept', departmentId: sold.id, price: 3 }],
      payment: -1,
    });
    expect(await fails(h.client, 'dept_edit', { id: sold.id, deptGroupID: b.id })).toMatch(
      /deptGroupID.*has recorded sales.*group cannot change.*dept_add.*plu_edit/,
    );
    expect(await fails(h.client, 'dept_edit', { id: sold.id, deptGroupID: 0 })).toMatch(
      /group cannot change/,
    );
    await ok(h.client, 'dept_edit', { id: sold.id, title: 'Vendu (renommé)', deptGroupID: a.id });
    const moved = await ok<Change<Dept>>(h.client, 'dept_edit', { id: unsold.id, deptGroupID: b.id });
    expect(moved.item?.groupId).toBe(b.id);
  });
});

describe('variation choices and the price of a line', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  it('refuses a sale whose variation choices take the unit price below zero, recording nothing', async () => {
    await ok(h.client, 'variation_add', { title: 'Remise' });
    await ok(h.client, 'variation_choice_add', {
      variation: 'Remise',
      title: 'Gratuit+',
      deltaPrice: -1000000,
    });
    await ok(h.client, 'plu_add', { title: 'Cidre', price: 1, vat: 10, variations: ['Remise'] });
    expect(
      await fails(h.client, 'sale_create', {
        items: [{ productName: 'Cidre', quantity: 3, declinaisons: ['Gratuit+'] }],
        payment: -1,
      }),
    ).toMatch(/items\[0\]\.declinaisons.*would cost -999999\.00/);
    expect((await ok<{ total: number }>(h.client, 'data_list_orders')).total).toBe(0);
  });
});
