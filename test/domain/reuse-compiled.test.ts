/**
 * reuseCompiled (db/dialect.ts), on the test database (SQLite, or PostgreSQL with COMPTOIR_TEST_DB): a
 * statement compiled once is bound again with each call's values, and a call whose values are not plain
 * (an expression, undefined) is compiled again rather than bound to the text of another.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.js';
import { insertParams, reuseCompiled } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createLogger } from '../../src/app/logger.js';
import { createDemoShop } from '../../src/modules/demo/demo.service.js';
import { insertMovements, type NewMovement } from '../../src/modules/catalog/catalog.stock.repository.js';
import { newDatabase } from '../helpers.js';

describe('reuseCompiled', () => {
  let db: Db;
  let shop: number;
  beforeAll(async () => {
    db = openDatabase({ location: await newDatabase('reuse') });
    await migrateToLatest(db);
    shop = await createDemoShop(db, createLogger('silent'), new Date(), { historyDays: 0 });
  });
  afterAll(() => db.destroy());

  const key = () => `reuse-test:${Math.random()}`;
  const shopRow = (id: number) =>
    db
      .selectFrom('shops')
      .select(['id', 'name', 'close_hour'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('binds each call its own values to the text compiled the first time', async () => {
    const k = key();
    const named = (name: string) =>
      reuseCompiled(
        db,
        k,
        () => db.updateTable('shops').set({ name }).where('id', '=', shop).returning(['name']),
        [name, shop],
      );
    expect(await named('A')).toEqual([{ name: 'A' }]);
    expect(await named('B')).toEqual([{ name: 'B' }]);
    expect((await shopRow(shop)).name).toBe('B');
  });

  it('compiles again a call whose value is an expression, instead of binding the object', async () => {
    const k = key();
    const set = (hour: unknown) =>
      reuseCompiled(
        db,
        k,
        () =>
          db
            .updateTable('shops')
            .set({ close_hour: hour as number })
            .where('id', '=', shop)
            .returning(['close_hour']),
        [hour, shop],
      );
    expect(await set(3)).toEqual([{ close_hour: 3 }]); // compiled, kept
    expect(await set(sql<number>`close_hour + 2`)).toEqual([{ close_hour: 5 }]);
    expect(await set(4)).toEqual([{ close_hour: 4 }]);
  });

  it('leaves out an undefined value, after the same columns were kept with a value', async () => {
    const set = (row: { name: string; close_hour?: number }) => {
      const { key: k, params } = insertParams(`reuse-set:${row.name.length}`, [row]);
      return reuseCompiled(
        db,
        k,
        () => db.updateTable('shops').set(row).where('id', '=', shop).returning(['name', 'close_hour']),
        [...params, shop],
      );
    };
    expect(await set({ name: 'C', close_hour: 6 })).toEqual([{ name: 'C', close_hour: 6 }]);
    // Kysely leaves the undefined column out: compiled again, not bound as null to the kept text
    expect(await set({ name: 'D', close_hour: undefined })).toEqual([{ name: 'D', close_hour: 6 }]);
  });

  it('keeps every column of a multi-row insert whose rows differ, after one whose rows were alike', async () => {
    const product = (
      await db.selectFrom('products').select('id').where('shop_id', '=', shop).executeTakeFirstOrThrow()
    ).id;
    const base = {
      shop_id: shop,
      product_id: product,
      kind: 'adjustment',
      quantity: 1,
      stock: 1,
      order_id: null,
      actor: 'test',
      at: '2026-12-06T10:00:00.000Z',
    };
    const reasons = async (rows: object[]) => {
      const ids = await insertMovements(db, rows as NewMovement[]);
      return (
        await db
          .selectFrom('stock_movements')
          .select(['id', 'reason'])
          .where('id', 'in', ids)
          .orderBy('id')
          .execute()
      ).map((r) => r.reason);
    };
    expect(await reasons([base, base])).toEqual([null, null]);
    expect(await reasons([base, { ...base, reason: 'x' }])).toEqual([null, 'x']);
    expect(await reasons([{ ...base, reason: 'y' }, base])).toEqual(['y', null]);
    expect(await reasons([base, { ...base, reason: 'z' }])).toEqual([null, 'z']); // kept, bound again
  });

  it('binds right past the text it keeps (4 M characters), when it starts again', async () => {
    const k = key();
    const padded = (i: number, v: string) => {
      const pad = String.fromCharCode(97 + (i % 26)).repeat(100_000);
      return reuseCompiled<{ v: string }>(
        db,
        `${k}:${i}`,
        () => db.selectNoFrom([sql<string>`${sql.raw(`'${pad}'`)} || cast(${v} as text)`.as('v')]),
        [v],
      );
    };
    // 50 statements of 100,000 characters: the kept text passes 4 M and is dropped once on the way
    for (let i = 0; i < 50; i++) {
      const [r] = await padded(i, `#${i}`);
      expect(r!.v.length, `statement ${i}`).toBe(100_000 + `#${i}`.length);
      expect(r!.v.endsWith(`#${i}`)).toBe(true);
    }
    for (const i of [0, 10, 49]) {
      const [r] = await padded(i, 'again');
      expect(r!.v).toBe(String.fromCharCode(97 + (i % 26)).repeat(100_000) + 'again');
    }
  });

  it('binds the rows of an insert column by column, row after row', () => {
    expect(
      insertParams('x', [
        { a: 1, b: 'p' },
        { a: 2, b: 'q' },
      ]),
    ).toEqual({ key: 'x:2:a,b', params: [1, 'p', 2, 'q'] });
  });
});
