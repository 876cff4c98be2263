/**
 * The edges a fresh-context review found in the management tools, each through the MCP client on an
 * empty shop: names resolved exactly (a part of a name designates nothing), one live row per name,
 * a quote validated only while what it sells is still sold, the shop's default VAT rate kept, a level
 * given on a product recorded as a stock movement, the time zone stored in its own spelling, the
 * export's every column, a header naming a column twice, and messages that name the field once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fails, ok, startInProcess, type Harness } from '../../helpers.js';

interface Change<T = Record<string, unknown>> {
  action: string;
  id: number;
  warnings: string[];
  item: T | null;
}
interface Order {
  id: number;
  status: string;
  number: number | null;
  total: number;
}

describe('management edges', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  const count = async (table: 'products' | 'departments' | 'variation_groups' | 'department_groups') =>
    Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('shop_id', '=', h.shopId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('resolves a department or a variation group by its whole name only, listing near names', async () => {
    const hot = await ok<Change>(h.client, 'dept_add', { title: 'Boissons chaudes', vat: 10 });
    await ok(h.client, 'dept_add', { title: 'Alcools', vat: 20 });
    const before = await count('products');
    const msg = await fails(h.client, 'plu_add', { title: 'Coca', price: 3, department: 'Boissons' });
    expect(msg).toMatch(/department.*No department is named exactly "Boissons".*Boissons chaudes/);
    expect(await count('products')).toBe(before);
    const made = await ok<Change<{ departmentId: number }>>(h.client, 'plu_add', {
      title: 'Thé',
      price: 2.5,
      department: 'boissons CHAUDES',
    });
    expect(made.item?.departmentId).toBe(hot.id);

    // two groups that differ only by an accent (an older shop): the one written that way wins
    await ok(h.client, 'variation_add', { title: 'Taille' });
    await h.db.insertInto('variation_groups').values({ shop_id: h.shopId, name: 'Taillé' }).execute();
    const accented = (
      await h.db
        .selectFrom('variation_groups')
        .select('id')
        .where('name', '=', 'Taillé')
        .executeTakeFirstOrThrow()
    ).id;
    const choice = await fails(h.client, 'variation_choice_add', { variation: 'Tail', title: 'Grand' });
    expect(choice).toMatch(/variation.*near names/);
    const c = await ok<Change<{ groupId: number }>>(h.client, 'variation_choice_add', {
      variation: 'Taillé',
      title: 'Grand',
    });
    expect(c.item?.groupId).toBe(accented);
    const plain = await ok<Change<{ group: string }>>(h.client, 'variation_choice_add', {
      variation: 'TAILLE ',
      title: 'Petit',
    });
    expect(plain.item?.group).toBe('Taille');
  });

  it('keeps one live department, department group or variation group per name, even twenty at once', async () => {
    const first = await ok<Change>(h.client, 'dept_add', { title: 'Desserts', vat: 10 });
    expect(await fails(h.client, 'dept_add', { title: ' desserts', vat: 10 })).toMatch(
      new RegExp(`title.*already has a department named "Desserts" \\(id ${first.id}\\)`),
    );
    const depts = await count('departments');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => call(h.client, 'dept_add', { title: 'Glaces', vat: 5.5 })),
    );
    expect(results.filter((r) => !r.isError)).toHaveLength(1);
    expect(await count('departments')).toBe(depts + 1);
    expect(await fails(h.client, 'dept_edit', { id: first.id, title: 'Glaces' })).toMatch(/already has/);

    await ok(h.client, 'dept_group_add', { title: 'Cuisine' });
    expect(await fails(h.client, 'dept_group_add', { title: 'CUISINE' })).toMatch(/department group/);
  });

  it('validates a quote only while its products and choices are still sold, at the quoted prices', async () => {
    const group = await ok<Change>(h.client, 'variation_add', { title: 'Cuisson' });
    expect(await fails(h.client, 'variation_add', { title: 'cuisson' })).toMatch(/variation group/);
    const well = await ok<Change>(h.client, 'variation_choice_add', {
      idVariation: group.id,
      title: 'Bien cuit',
      deltaPrice: 1,
    });
    const steak = await ok<Change>(h.client, 'plu_add', {
      title: 'Steak',
      price: 15,
      variationID0: group.id,
    });
    const pie = await ok<Change>(h.client, 'plu_add', { title: 'Tarte', price: 4.5 });
    const quote = await ok<Order>(h.client, 'sale_create', {
      items: [{ productId: steak.id, declinaisons: [well.id] }],
      payment: -2,
    });
    const other = await ok<Order>(h.client, 'sale_create', { items: [{ productId: pie.id }], payment: -2 });

    await ok(h.client, 'variation_choice_edit', { id: well.id, unavailable: true });
    expect(await fails(h.client, 'order_edit', { orderId: quote.id, payment: -1 })).toMatch(
      /items: Quote \d+ can no longer be recorded as it is: its line 1 \("Steak"\)/,
    );
    await ok(h.client, 'plu_edit', { id: steak.id, price: 18 });
    await ok(h.client, 'variation_choice_edit', { id: well.id, unavailable: false });
    const validated = await ok<Order>(h.client, 'order_edit', { orderId: quote.id, payment: -1 });
    expect(validated).toMatchObject({ status: 'validated', total: 16 }); // the quoted price

    await ok(h.client, 'plu_delete', { id: pie.id });
    expect(await fails(h.client, 'order_edit', { orderId: other.id, payment: -1 })).toMatch(/archived/);
    const still = await ok<Order>(h.client, 'order_detail', { orderId: other.id });
    expect(still).toMatchObject({ status: 'quote', number: null });
  });

  it("never deletes nor archives the shop's default VAT rate, and moves the default on request", async () => {
    const vats = await ok<{ items: { id: number; rate: number }[] }>(h.client, 'data_list_vats', {});
    const ten = vats.items.find((v) => v.rate === 10)!;
    const twenty = vats.items.find((v) => v.rate === 20)!;
    expect((await ok<{ defaultVat: number }>(h.client, 'shop_show', {})).defaultVat).toBe(10);
    expect(await fails(h.client, 'vat_delete', { id: ten.id })).toMatch(/id.*shop's default/);
    expect(await fails(h.client, 'vat_edit', { id: ten.id, archived: true })).toMatch(/archived.*default/);
    expect(await fails(h.client, 'vat_edit', { id: ten.id, default: false })).toMatch(/default/);
    expect(await fails(h.client, 'vat_edit', { id: twenty.id, default: true, archived: true })).toMatch(
      /archived.*default/,
    );
    const moved = await ok<Change>(h.client, 'vat_edit', { id: twenty.id, default: true });
    expect(moved.warnings.join(' ')).toMatch(/20 % is now the shop's default VAT rate \(it was 10 %\)/);
    expect((await ok<{ defaultVat: number }>(h.client, 'shop_show', {})).defaultVat).toBe(20);
    const dept = await ok<Change<{ vat: number }>>(h.client, 'dept_add', { title: 'Divers' });
    expect(dept.item?.vat).toBe(20);
    const added = await ok<Change>(h.client, 'vat_add', { title: 'TVA 8,5 %', rate: 8.5, default: true });
    expect(added.warnings.join(' ')).toMatch(/8.5 % is now/);
    expect(await fails(h.client, 'vat_delete', { id: added.id })).toMatch(/default/);
    await ok(h.client, 'vat_edit', { id: twenty.id, default: 1 });
    expect(await ok(h.client, 'vat_delete', { id: added.id })).toMatchObject({ action: 'deleted' });
  });

  it('records the level given at plu_add, or when tracking starts, as a stock count', async () => {
    const kept = await ok<Change>(h.client, 'plu_add', { title: 'Coca 33 cl', price: 3, stock: 48 });
    const later = await ok<Change>(h.client, 'plu_add', { title: 'Orangina', price: 3 });
    await ok(h.client, 'plu_edit', { id: later.id, stock: 12, stockAlert: 3 });
    const moves = await ok<{ items: { productId: number; kind: string; quantity: number; stock: number }[] }>(
      h.client,
      'stock_movements',
      {},
    );
    expect(moves.items.filter((m) => m.productId === kept.id)).toEqual([
      expect.objectContaining({ kind: 'count', quantity: 48, stock: 48 }),
    ]);
    expect(moves.items.filter((m) => m.productId === later.id)).toEqual([
      expect.objectContaining({ kind: 'count', quantity: 12, stock: 12 }),
    ]);
  });

  it('stores the time zone as the zone spells itself', async () => {
    const r = await ok<Change<{ timeZone: string }>>(h.client, 'shop_edit', { timeZone: 'europe/paris' });
    expect(r.item?.timeZone).toBe('Europe/Paris');
    expect(r.action).toBe('unchanged'); // it was Europe/Paris already
    expect(await fails(h.client, 'shop_edit', { timeZone: 'Mars/Olympus' })).toMatch(/timeZone/);
  });

  it('exports every column, and reads back a group name holding a |', async () => {
    const g = await ok<Change>(h.client, 'variation_add', { title: 'Sauce | Accompagnement' });
    await ok(h.client, 'variation_choice_add', { idVariation: g.id, title: 'Frites' });
    const empty = await ok<Change>(h.client, 'variation_add', { title: 'Options' }); // no choice yet
    const p = await ok<Change>(h.client, 'plu_add', {
      title: 'Burger',
      price: 12,
      buyingPrice: 4.2,
      description: 'Bœuf, cheddar',
      variationID0: g.id,
      variationID1: empty.id,
    });
    const list = await ok<{ items: { id: number; variationGroups: { name: string }[] }[] }>(
      h.client,
      'data_list_products',
      {},
    );
    expect(list.items.find((i) => i.id === p.id)?.variationGroups.map((v) => v.name)).toEqual([
      'Sauce | Accompagnement',
      'Options',
    ]);
    const csv = (await ok<{ csv: string }>(h.client, 'catalog_export', {})).csv;
    const line = csv.split('\n').find((l) => l.includes('Burger'))!;
    expect(line).toContain('4.2');
    expect(line).toContain('Bœuf, cheddar');
    const again = await ok<{ lines: { id: number | null; action: string }[]; refused: number }>(
      h.client,
      'catalog_import',
      { csv },
    );
    expect(again.refused).toBe(0);
    expect(again.lines.find((l) => l.id === p.id)?.action).toBe('unchanged');
  });

  it('refuses a header naming a column twice, and names the file columns in refused lines', async () => {
    expect(await fails(h.client, 'catalog_import', { csv: 'title,titre,price\nA,B,1\n' })).toMatch(
      /csv.*names the title column twice \("title" in column 1 and "titre" in column 2\)/,
    );
    const r = await ok<{ lines: { action: string; id: number | null; field?: string; reason?: string }[] }>(
      h.client,
      'catalog_import',
      { csv: 'title,price,tva\nNouveau,2,7.777\nSans prix,,\nBon,3,10\n' },
    );
    const refused = r.lines.filter((l) => l.action === 'refused');
    expect(r.lines.find((l) => l.action === 'create')).toMatchObject({ id: null }); // not kept: no id
    expect(refused.map((l) => l.field)).toEqual(['vatTakeaway', 'price']);
    for (const l of refused) expect(l.reason).not.toMatch(/\{\{/);
    const applied = await fails(h.client, 'catalog_import', {
      csv: 'title,price\nSans prix,\n',
      apply: true,
    });
    expect(applied).not.toMatch(/\.\./);
  });

  it('says an empty name or an empty id is empty, once', async () => {
    const empty = await fails(h.client, 'dept_add', { title: '  ', vat: 10 });
    expect(empty).toMatch(/title: cannot be empty/);
    expect(empty).not.toMatch(/Department name/);
    const noId = await fails(h.client, 'plu_add', { title: 'Z', price: 1, deptID: '' });
    expect(noId).toMatch(/deptID.*expected an id/);
  });
  it('validates a quote only while its client, table and user are still there', async () => {
    const client = await ok<Change>(h.client, 'client_add', { surname: 'Dupond' });
    await ok(h.client, 'table_add', { number: 5 });
    const user = await ok<Change>(h.client, 'user_add', { name: 'Paul' });
    const plat = await ok<Change>(h.client, 'plu_add', { title: 'Plat du jour', price: 14 });
    const quote = await ok<Order>(h.client, 'sale_create', {
      items: [{ productId: plat.id }],
      payment: -2,
      idClient: client.id,
      idtable: 5,
      idUser: user.id,
    });
    // each named by an order (the quote), each archived
    await ok(h.client, 'client_delete', { id: client.id });
    expect(await fails(h.client, 'order_edit', { orderId: quote.id, payment: -1 })).toMatch(
      /idClient.*archived/,
    );
    await ok(h.client, 'client_edit', { id: client.id, archived: false });
    await ok(h.client, 'table_delete', { id: 5 }); // a table's id is its number
    expect(await fails(h.client, 'order_edit', { orderId: quote.id, payment: -1 })).toMatch(
      /idtable.*archived/,
    );
    await ok(h.client, 'table_edit', { id: 5, archived: false });
    await ok(h.client, 'user_delete', { id: user.id });
    expect(await fails(h.client, 'order_edit', { orderId: quote.id, payment: -1 })).toMatch(
      /idUser.*archived/,
    );
    await ok(h.client, 'user_edit', { id: user.id, archived: false });
    expect(await ok<Order>(h.client, 'order_edit', { orderId: quote.id, payment: -1 })).toMatchObject({
      status: 'validated',
    });
  });

  it("keeps a quote's VAT rates with its prices when another part of it is edited", async () => {
    const salade = await ok<Change>(h.client, 'plu_add', { title: 'Salade', price: 11.5, vat: 10 });
    const quote = await ok<Order>(h.client, 'sale_create', {
      items: [{ productId: salade.id, quantity: 2 }],
      payment: -2,
    });
    await ok(h.client, 'plu_edit', { id: salade.id, price: 12, vat: 20 });
    const r = await ok<Order & { lines: { unitPrice: number; vatRate: number }[] }>(h.client, 'order_edit', {
      orderId: quote.id,
      payment: -1,
      discount: { amount: 1 },
    });
    expect(r.lines[0]).toMatchObject({ unitPrice: 11.5, vatRate: 10 });
    expect(r.total).toBe(22);
  });

  it('refuses an argument a management tool does not know, naming the one meant', async () => {
    const before = await count('departments');
    expect(await fails(h.client, 'dept_add', { title: 'Plats', vat: 10, group: 'Cuisine' })).toMatch(
      /group: dept_add has no argument "group" \(did you mean deptGroup\?\)/,
    );
    expect(await fails(h.client, 'plu_add', { title: 'Typo', price: 1, departement: 'Desserts' })).toMatch(
      /did you mean department\?/,
    );
    expect(await count('departments')).toBe(before);
  });

  it('keeps one choice per name in a group, and exports a group name that looks like a list', async () => {
    const g = await ok<Change>(h.client, 'variation_add', { title: '["x"]' });
    const big = await ok<Change>(h.client, 'variation_choice_add', { idVariation: g.id, title: 'G' });
    expect(await fails(h.client, 'variation_choice_add', { idVariation: g.id, title: 'g' })).toMatch(
      /title.*already has a choice named "G"/,
    );
    const small = await ok<Change>(h.client, 'variation_choice_add', { idVariation: g.id, title: 'P' });
    expect(await fails(h.client, 'variation_choice_edit', { id: small.id, title: 'G ' })).toMatch(
      new RegExp(`id ${big.id}`),
    );
    await ok(h.client, 'plu_add', { title: 'Listed', price: 1, variationID0: g.id });
    const csv = (await ok<{ csv: string }>(h.client, 'catalog_export', {})).csv;
    const again = await ok<{ refused: number }>(h.client, 'catalog_import', { csv });
    expect(again.refused).toBe(0);
  });

  it('puts an imported product in the department written exactly, among two differing by accents', async () => {
    await h.db
      .insertInto('departments')
      .values({ shop_id: h.shopId, name: 'Désserts', vat_bp: 2000 })
      .execute();
    const accented = (
      await h.db
        .selectFrom('departments')
        .select('id')
        .where('name', '=', 'Désserts')
        .executeTakeFirstOrThrow()
    ).id;
    await ok(h.client, 'catalog_import', { csv: 'title,price,department\nP2,1,Désserts\n', apply: true });
    const p2 = await h.db
      .selectFrom('products')
      .select(['department_id', 'vat_takeaway_bp'])
      .where('title', '=', 'P2')
      .executeTakeFirstOrThrow();
    expect(p2).toMatchObject({ department_id: accented, vat_takeaway_bp: 2000 });
  });

  it('names archived when bringing back a department whose name is taken again', async () => {
    const old = await ok<Change>(h.client, 'dept_add', { title: 'Pains', vat: 5.5 });
    await ok(h.client, 'dept_edit', { id: old.id, archived: true });
    await ok(h.client, 'dept_add', { title: 'pains', vat: 5.5 });
    expect(await fails(h.client, 'dept_edit', { id: old.id, archived: false })).toMatch(
      /^Invalid archived: /,
    );
  });
});
