/**
 * plu_add / plu_edit / plu_delete through the MCP client on an empty shop: Kash's fields, names and rates
 * resolved on the server, every refusal naming its field, idempotent adds, archive instead of delete for
 * what history names, recorded orders unchanged by later edits, archived products refused by sale.
 */
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.js';
import { InputError } from '../../../src/domain/errors.js';
import { buildServer } from '../../../src/mcp/server.js';
import { createProduct, updateProduct } from '../../../src/modules/catalog/catalog.products.js';
import { findOrCreateDepartment, findOrCreateVat } from '../../../src/modules/catalog/catalog.resolve.js';
import { createEmptyShop } from '../../../src/modules/demo/demo.service.js';
import { inTransaction, type Ctx } from '../../../src/modules/shared/context.js';
import { call, fails, ok, startInProcess, type Harness } from '../../helpers.js';

interface Product {
  id: number;
  title: string;
  shortTitle: string;
  price: number;
  vatTakeaway: number;
  vatEatIn: number;
  departmentId: number | null;
  department: string | null;
  barcode: string | null;
  stock: number | null;
  stockAlert: number | null;
  variationGroups: { id: number; name: string; choices: { id: number; name: string }[] }[];
  archived: boolean;
  description: string | null;
  buyingPrice: number | null;
  internalId: string | null;
  discountId: number | null;
  position: number;
  keyboardHide: boolean;
}
interface Change<T = Product> {
  action: string;
  id: number;
  replayed: boolean;
  warnings: string[];
  item: T | null;
}
interface Line {
  title: string;
  unitPrice: number;
  vatRate: number;
  productId: number | null;
}
interface Order {
  id: number;
  total: number;
  lines: Line[];
}

describe('products (plu_*)', () => {
  let h: Harness;
  let desserts: number;
  let boissons: number;
  let size: number;
  const add = (args: Record<string, unknown>) => ok<Change>(h.client, 'plu_add', args);
  const edit = (args: Record<string, unknown>) => ok<Change>(h.client, 'plu_edit', args);

  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
    desserts = (await ok<Change<{ id: number }>>(h.client, 'dept_add', { title: 'Desserts', vat: 10 })).id;
    boissons = (await ok<Change<{ id: number }>>(h.client, 'dept_add', { title: 'Boissons', vat: 20 })).id;
    size = (await ok<Change<{ id: number }>>(h.client, 'variation_add', { title: 'Taille' })).id;
    await ok(h.client, 'variation_choice_add', { idVariation: size, title: 'Petit', deltaPrice: -0.5 });
    await ok(h.client, 'variation_choice_add', { variation: 'taille', title: 'Grand', deltaPrice: 0.8 });
  });
  afterAll(() => h.close());

  it('adds a product with every Kash field, the department by name and the VAT by rate', async () => {
    const r = await add({
      title: 'Tarte aux pommes',
      shortTitle: 'Tarte',
      description: 'Maison',
      price: 4.5,
      buyingPrice: 1.2,
      department: 'DESSERTS',
      vat: 5.5,
      eatInVat: 10,
      barcode: '3760000000017',
      stock: 12,
      stockAlert: 3,
      keyboardHide: 1,
      position: 4,
      internalID: 'TP-01',
      variations: ['Taille'],
      idempotencyKey: 'tarte-1',
    });
    expect(r).toMatchObject({
      action: 'added',
      replayed: false,
      warnings: [],
      item: {
        title: 'Tarte aux pommes',
        shortTitle: 'Tarte',
        description: 'Maison',
        price: 4.5,
        buyingPrice: 1.2,
        departmentId: desserts,
        department: 'Desserts',
        vatTakeaway: 5.5,
        vatEatIn: 10,
        barcode: '3760000000017',
        stock: 12,
        stockAlert: 3,
        keyboardHide: true,
        position: 4,
        internalId: 'TP-01',
        archived: false,
      },
    });
    expect(r.item!.variationGroups.map((g) => g.name)).toEqual(['Taille']);
    // found by search, by name in a sale
    const found = await ok<{ items: Product[] }>(h.client, 'product_search', { query: 'tarte pomme' });
    expect(found.items.map((p) => p.id)).toEqual([r.id]);
    // the same key and payload replays; the same key with another payload is refused
    const again = await add({
      title: 'Tarte aux pommes',
      shortTitle: 'Tarte',
      description: 'Maison',
      price: 4.5,
      buyingPrice: 1.2,
      department: 'DESSERTS',
      vat: 5.5,
      eatInVat: 10,
      barcode: '3760000000017',
      stock: 12,
      stockAlert: 3,
      keyboardHide: 1,
      position: 4,
      internalID: 'TP-01',
      variations: ['Taille'],
      idempotencyKey: 'tarte-1',
    });
    expect(again).toMatchObject({ id: r.id, replayed: true, action: 'added' });
    expect(await fails(h.client, 'plu_add', { title: 'Autre', price: 1, idempotencyKey: 'tarte-1' })).toMatch(
      /already used for a different request/,
    );
  });

  it('defaults the VAT to the department rate (with a warning), eat-in to takeaway, short title to title', async () => {
    const r = await add({ title: 'Coca 33 cl', price: 3, deptID: String(boissons) });
    expect(r.item).toMatchObject({ vatTakeaway: 20, vatEatIn: 20, shortTitle: 'Coca 33 cl', stock: null });
    expect(r.warnings.join(' ')).toMatch(/20 %.*Boissons/);
    const none = await add({ title: 'Sans rayon', price: 1 });
    expect(none.item).toMatchObject({ departmentId: null, vatTakeaway: 10 });
    expect(none.warnings.join(' ')).toMatch(/default/);
  });

  it('refuses bad input, naming the field, and writes nothing', async () => {
    const before = (await ok<{ total: number }>(h.client, 'data_list_products')).total;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ price: 2 }, /title/],
      [{ title: '  ', price: 2 }, /title/],
      [{ title: 'Sans prix' }, /price/],
      [{ title: 'Négatif', price: -1 }, /price.*negative/i],
      [{ title: 'Trop', price: 1.234 }, /price|decimals/],
      [
        { title: 'X', price: 1, department: 'Poissonnerie' },
        /department.*No department is named "Poissonnerie".*data_list_departments/,
      ],
      [{ title: 'X', price: 1, deptID: 99999 }, /deptID.*No department has id 99999/],
      [{ title: 'X', price: 1, vat: 7 }, /vat.*no 7 % VAT rate.*data_list_vats/],
      [{ title: 'X', price: 1, vatID: 99999 }, /vatID/],
      [{ title: 'X', price: 1, vat: 10, vatID: 1 }, /vat.*either/],
      [{ title: 'X', price: 1, stockAlert: 2 }, /stockAlert.*not tracked/],
      [{ title: 'X', price: 1, variations: ['Couleur'] }, /variations\[0\].*No variation group/],
      [{ title: 'X', price: 1, variationID0: 99999 }, /variationID0/],
      [{ title: 'X', price: 1, variationID0: size, variationID1: size }, /one slot/],
      [{ title: 'X', price: 1, discountID: 99999 }, /discountID/],
      [{ title: 'X', price: 1, stock: 1e12 }, /stock/],
      [
        { title: 'tarte AUX pommes', price: 1 },
        /title.*already has a product named "Tarte aux pommes".*allowDuplicateTitle/,
      ],
      [
        { title: 'Autre tarte', price: 1, barcode: '3760000000017' },
        /barcode.*3760000000017.*Tarte aux pommes/,
      ],
    ];
    for (const [args, re] of cases) {
      const r = await call(h.client, 'plu_add', args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(r.content.map((c) => c.text).join(' '), JSON.stringify(args)).toMatch(re);
    }
    expect((await ok<{ total: number }>(h.client, 'data_list_products')).total).toBe(before);
    // a duplicate title on purpose
    const twin = await add({ title: 'Tarte aux pommes', price: 5, allowDuplicateTitle: true });
    expect(twin.action).toBe('added');
    await ok(h.client, 'plu_delete', { id: twin.id });
  });

  it('lists the near names when a department name is only a part of theirs', async () => {
    await ok(h.client, 'dept_add', { title: 'Vins rouges', vat: 20 });
    await ok(h.client, 'dept_add', { title: 'Vins blancs', vat: 20 });
    const msg = await fails(h.client, 'plu_add', { title: 'Chablis', price: 30, department: 'vins' });
    expect(msg).toMatch(
      /department.*No department is named exactly "vins"; near names: \d+ "Vins rouges"; \d+ "Vins blancs"/,
    );
    const r = await add({ title: 'Chablis', price: 30, department: 'vins blancs' });
    expect(r.item?.department).toBe('Vins blancs');
  });

  it('edits fields, keeps search right, and says unchanged when nothing changed', async () => {
    const p = await add({ title: 'Éclair', price: 3, department: 'Desserts' });
    const r = await edit({
      id: String(p.id),
      title: 'Éclair au café',
      price: 3.2,
      vat: 5.5,
      barcode: '123456789',
      stock: 5,
      stockAlert: 1,
      variationID1: size,
    });
    expect(r).toMatchObject({
      action: 'updated',
      item: { title: 'Éclair au café', price: 3.2, vatTakeaway: 5.5, vatEatIn: 5.5, stock: 5, stockAlert: 1 },
    });
    expect(r.item!.variationGroups.map((g) => g.id)).toEqual([size]);
    const found = await ok<{ items: Product[] }>(h.client, 'product_search', { query: 'eclair cafe' });
    expect(found.items.map((x) => x.id)).toEqual([p.id]);
    expect(
      (await ok<{ items: Product[] }>(h.client, 'product_search', { query: '123456789' })).items,
    ).toHaveLength(1);
    expect(await edit({ id: p.id, price: 3.2 })).toMatchObject({ action: 'unchanged' });
    // stop tracking the stock: the alert goes with it; an alert without stock is refused
    expect((await edit({ id: p.id, stock: null })).item).toMatchObject({ stock: null, stockAlert: null });
    expect(await fails(h.client, 'plu_edit', { id: p.id, stockAlert: 2 })).toMatch(/stockAlert/);
    const moved = await edit({ id: p.id, department: 'Boissons' });
    expect(moved.item).toMatchObject({ departmentId: boissons, vatTakeaway: 5.5 });
    expect(moved.warnings.join(' ')).toMatch(/keeps its 5.5 % VAT rate; "Boissons" has 20 %/);
    // clear the variation slot, move to no department
    expect((await edit({ id: p.id, variationID1: 0, deptID: 0 })).item).toMatchObject({
      variationGroups: [],
      departmentId: null,
    });
    expect(await fails(h.client, 'plu_edit', { id: p.id, price: -2 })).toMatch(/price/);
    expect(await fails(h.client, 'plu_edit', { id: p.id, title: 'Coca 33 cl' })).toMatch(
      /already has a product/,
    );
    expect(await fails(h.client, 'plu_edit', { id: 99999, price: 1 })).toMatch(/No product has id 99999/);
  });

  it('never changes a recorded order; archives a sold product on delete and refuses to sell it', async () => {
    const p = await add({ title: 'Flan pâtissier', price: 3.5, department: 'Desserts' });
    const order = await ok<Order>(h.client, 'sale_create', { items: [{ productId: p.id, quantity: 2 }] });
    expect(order.lines[0]).toMatchObject({ title: 'Flan pâtissier', unitPrice: 3.5, vatRate: 10 });
    await edit({ id: p.id, price: 4, title: 'Flan', vat: 20 });
    const detail = await ok<Order>(h.client, 'order_detail', { orderId: order.id });
    expect(detail.total).toBe(7);
    expect(detail.lines[0]).toMatchObject({ title: 'Flan pâtissier', unitPrice: 3.5, vatRate: 10 });

    const del = await ok<Change>(h.client, 'plu_delete', { id: p.id });
    expect(del).toMatchObject({ action: 'archived', item: { archived: true } });
    expect(del.warnings.join(' ')).toMatch(/archived, not deleted/);
    // gone from the lists and search, unless asked for
    const list = await ok<{ items: Product[] }>(h.client, 'data_list_products', { limit: 500 });
    expect(list.items.some((x) => x.id === p.id)).toBe(false);
    const all = await ok<{ items: Product[] }>(h.client, 'data_list_products', {
      limit: 500,
      includeArchived: true,
    });
    expect(all.items.find((x) => x.id === p.id)).toMatchObject({ archived: true });
    expect((await ok<{ count: number }>(h.client, 'product_search', { query: 'flan' })).count).toBe(0);
    expect(
      (await ok<{ count: number }>(h.client, 'product_search', { query: 'flan', includeArchived: true }))
        .count,
    ).toBe(1);
    // sale by id and by name: "archived", not "not found"
    expect(await fails(h.client, 'sale_create', { items: [{ productId: p.id }] })).toMatch(
      /items\[0\]\.productId.*was archived/,
    );
    expect(await fails(h.client, 'sale_create', { items: [{ productName: 'Flan' }] })).toMatch(
      /was archived/,
    );
    // the old order still shows it
    expect((await ok<Order>(h.client, 'order_detail', { orderId: order.id })).lines[0]?.productId).toBe(p.id);
    // an archived product cannot be edited, unless the edit brings it back
    expect(await fails(h.client, 'plu_edit', { id: p.id, price: 5 })).toMatch(/archived: false/);
    const back = await edit({ id: p.id, archived: false, price: 5 });
    expect(back.item).toMatchObject({ archived: false, price: 5 });
    expect((await ok<Order>(h.client, 'sale_create', { items: [{ productName: 'Flan' }] })).total).toBe(5);
  });

  it('deletes an unused product for real, with its variation slots', async () => {
    const p = await add({ title: 'Sablé', price: 1.5, variations: ['Taille'] });
    expect(await ok<Change>(h.client, 'plu_delete', { id: p.id })).toMatchObject({
      action: 'deleted',
      item: null,
    });
    const all = await ok<{ items: Product[] }>(h.client, 'data_list_products', {
      limit: 500,
      includeArchived: true,
    });
    expect(all.items.some((x) => x.id === p.id)).toBe(false);
    expect(await fails(h.client, 'plu_delete', { id: p.id })).toMatch(/No product has id/);
    const journal = await ok<{ items: { action: string; entityId: number; via: string }[] }>(
      h.client,
      'audit_list',
      {
        entity: 'product',
        entityId: p.id,
      },
    );
    expect(journal.items.map((j) => `${j.action} ${j.via}`)).toEqual(['add plu_add', 'delete plu_delete']);
  });

  it('records a new level of a tracked stock as a count, and then archives instead of deleting', async () => {
    const p = await add({ title: 'Bouteille d’eau', price: 1, stock: 10 });
    expect((await edit({ id: p.id, stock: 48 })).item?.stock).toBe(48);
    const del = await ok<Change>(h.client, 'plu_delete', { id: p.id });
    expect(del.action).toBe('archived');
    expect(del.warnings.join(' ')).toMatch(/Stock movements/);
  });
});

describe('the importer’s functions, in the caller’s transaction', () => {
  let h: Harness;
  let ctx: Ctx;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
    ctx = {
      shopId: h.shopId,
      actor: 'importer',
      via: 'catalog_import',
      scopes: ['admin'],
      db: h.db,
      clock: () => new Date(),
      logger: createLogger('silent'),
    };
  });
  afterAll(() => h.close());

  it('creates and updates products with the field names prefixed, and finds or creates departments and rates', async () => {
    const refusal = await inTransaction(ctx, (tx) =>
      createProduct(tx, { title: 'Riz', price: -1 }, 'lines[3]'),
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(InputError);
    expect((refusal as InputError).field).toBe('lines[3].price');
    const noTitle = await inTransaction(ctx, (tx) => createProduct(tx, { price: 1 }, 'lines[4]')).catch(
      (e: unknown) => e as InputError,
    );
    expect((noTitle as InputError).field).toBe('lines[4].title');

    const made = await inTransaction(ctx, async (tx) => {
      const vat = await findOrCreateVat(tx, 850);
      const again = await findOrCreateVat(tx, 850);
      const dept = await findOrCreateDepartment(tx, 'Épicerie fine', 550);
      const same = await findOrCreateDepartment(tx, 'EPICERIE FINE', undefined);
      const p = await createProduct(tx, { title: 'Riz', price: 2.4, deptID: dept.id, stock: 10 }, 'lines[5]');
      const u = await updateProduct(tx, p.id, { price: 2.6, vat: 8.5 }, 'lines[6]');
      const bad = await updateProduct(tx, p.id, { stock: null, stockAlert: 2 }, 'lines[7]').catch(
        (e: unknown) => e as InputError,
      );
      return { vat, again, dept, same, p, u, bad };
    });
    expect(made.again.id).toBe(made.vat.id);
    expect(made.same.id).toBe(made.dept.id);
    expect(made.dept).toMatchObject({ name: 'Épicerie fine', vat_bp: 550 });
    expect(made.p.item).toMatchObject({ vatTakeaway: 5.5, department: 'Épicerie fine', stock: 10 });
    expect(made.u.item).toMatchObject({ price: 2.6, vatTakeaway: 8.5 });
    expect((made.bad as InputError).field).toBe('lines[7].stockAlert');
    const j = await ok<{ items: { entity: string; action: string; via: string }[] }>(h.client, 'audit_list', {
      limit: 500,
    });
    expect(j.items.map((x) => `${x.entity} ${x.action} ${x.via}`)).toEqual([
      'vat_rate add catalog_import',
      'department add catalog_import',
      'product add catalog_import',
      'product edit catalog_import',
    ]);
  });
});

describe('shops apart', () => {
  it("a shop's management tools never see another shop's catalog", async () => {
    const a = await startInProcess({ shop: 'empty' });
    const shopB = await createEmptyShop(a.db, 'Shop B', new Date());
    const server = buildServer(
      { db: a.db, logger: createLogger('silent') },
      { shopId: shopB, scopes: ['read', 'sell', 'admin'], actor: 'b' },
    );
    const [ct, st] = InMemoryTransport.createLinkedPair();
    await server.connect(st);
    const b = new Client({ name: 'shop-b', version: '1' });
    await b.connect(ct);
    try {
      const dept = await ok<Change>(a.client, 'dept_add', { title: 'Desserts', vat: 10 });
      const p = await ok<Change>(a.client, 'plu_add', { title: 'Tarte', price: 4, deptID: dept.id });
      const g = await ok<Change>(a.client, 'variation_add', { title: 'Taille' });
      const d = await ok<Change>(a.client, 'discount_add', { title: 'Promo', percent: 10 });
      expect(await fails(b, 'plu_edit', { id: p.id, price: 1 })).toMatch(/No product has id/);
      expect(await fails(b, 'plu_delete', { id: p.id })).toMatch(/No product has id/);
      expect(await fails(b, 'plu_add', { title: 'Tarte', price: 4, deptID: dept.id })).toMatch(/deptID/);
      expect(await fails(b, 'plu_add', { title: 'Tarte', price: 4, department: 'Desserts' })).toMatch(
        /department/,
      );
      expect(await fails(b, 'dept_edit', { id: dept.id, title: 'X' })).toMatch(/No department has id/);
      expect(await fails(b, 'dept_delete', { id: dept.id })).toMatch(/No department has id/);
      expect(await fails(b, 'variation_delete', { id: g.id })).toMatch(/No variation group/);
      expect(await fails(b, 'variation_choice_add', { idVariation: g.id, title: 'X' })).toMatch(
        /idVariation/,
      );
      expect(await fails(b, 'discount_delete', { id: d.id })).toMatch(/No discount/);
      // the same title is fine in another shop
      expect((await ok<Change>(b, 'plu_add', { title: 'Tarte', price: 4 })).action).toBe('added');
      expect((await ok<Change>(a.client, 'plu_edit', { id: p.id, price: 4.2 })).item?.price).toBe(4.2);
    } finally {
      await b.close();
      await server.close();
      await a.close();
    }
  });
});
