/**
 * catalog_import / catalog_export and `comptoir catalog import`: a realistic spreadsheet of a few
 * thousand products (French accents, quoted cells with commas and new lines), its semicolon variant with
 * decimal commas and a BOM, broken lines; dry run, all-or-nothing apply, export → import round trip.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fails, newDatabase, ok, startInProcess, tempDir, type Harness } from '../../helpers.js';

interface ImportLine {
  line: number;
  title: string | null;
  action: string;
  id: number | null;
  field?: string;
  reason?: string;
}
interface ImportResult {
  applied: boolean;
  separator: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  departmentsCreated: string[];
  vatRatesCreated: number[];
  ignoredColumns: string[];
  lines: ImportLine[];
  replayed: boolean;
}

const WORDS = [
  'Tarte',
  'Crème',
  'brûlée',
  'Éclair',
  'café',
  'Pâté',
  'en croûte',
  'Bœuf',
  'façon',
  'grand-mère',
  'Ça',
  'ira',
];
const DEPTS = ['Desserts', 'Boissons chaudes', 'Entrées', 'Plats du jour', 'Épicerie fine'];

/** A deterministic catalog of `n` products; `fr` writes it as a French spreadsheet would (; and 4,50). */
function spreadsheet(n: number, fr = false): { text: string; titles: string[]; prices: number[] } {
  const sep = fr ? ';' : ',';
  const lines = [
    ['titre', 'prix', 'rayon', 'TVA', 'code barre', 'stock', 'alerte stock', 'Remarque'].join(sep),
  ];
  const titles: string[] = [];
  const prices: number[] = [];
  for (let i = 1; i <= n; i++) {
    const words = [WORDS[i % WORDS.length], WORDS[(i * 7) % WORDS.length], String(i)];
    let title = words.join(' ');
    if (i % 10 === 0) title = `${title}, maison`; // a comma inside the cell
    if (i % 97 === 0) title = `${title} "spécial"`; // quotes inside
    if (i % 250 === 0) title = `${title}\nédition d'été`; // a new line inside
    const price = (100 + ((i * 37) % 2000)) / 100;
    titles.push(title);
    prices.push(price);
    const cell = (s: string) => (/[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const money = fr ? price.toFixed(2).replace('.', ',') : price.toFixed(2);
    const vat = i % 3 === 0 ? (fr ? '5,5' : '5.5') : '10';
    lines.push(
      [
        cell(title),
        money,
        DEPTS[i % DEPTS.length]!,
        vat,
        i % 4 === 0 ? String(3_000_000_000_000 + i) : '',
        i % 5 === 0 ? String(i % 40) : '',
        i % 5 === 0 ? '5' : '',
        'ignorée',
      ].join(sep),
    );
  }
  return { text: (fr ? '\uFEFF' : '') + lines.join(fr ? '\r\n' : '\n') + '\n', titles, prices };
}

const productCount = async (h: Harness) =>
  (await ok<{ total: number }>(h.client, 'data_list_products', { limit: 1 })).total;

// 3,000 products through every check of plu_add take ~13 queries each: tens of seconds on PostgreSQL on a
// busy machine, so the tests of the big file get a wide margin (it is not a speed target; see bench/).
describe('catalog_import and catalog_export', { timeout: 240_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess({ shop: 'empty' });
  });
  afterAll(() => h.close());

  it('dry-runs 3,000 products line by line and writes nothing', async () => {
    const { text } = spreadsheet(3000);
    const r = await ok<ImportResult>(h.client, 'catalog_import', { csv: text, limit: 5 });
    expect(r).toMatchObject({ applied: false, separator: ',', rows: 3000, created: 3000, refused: 0 });
    expect(r.departmentsCreated.sort()).toEqual([...DEPTS].sort());
    expect(r.ignoredColumns).toEqual(['Remarque']);
    expect(r.lines).toHaveLength(5);
    expect(r.lines[0]).toMatchObject({ line: 2, action: 'create' });
    expect(await productCount(h)).toBe(0);
    expect((await ok<{ total: number }>(h.client, 'data_list_departments')).total).toBe(0);
  });

  it('applies it in one transaction: every product, with its quoted title, price, department, VAT and stock', async () => {
    const { text, titles, prices } = spreadsheet(3000);
    const r = await ok<ImportResult>(h.client, 'catalog_import', {
      csv: text,
      apply: true,
      idempotencyKey: 'imp-1',
    });
    expect(r).toMatchObject({ applied: true, created: 3000, refused: 0, replayed: false });
    expect(await productCount(h)).toBe(3000);
    const again = await ok<ImportResult>(h.client, 'catalog_import', {
      csv: text,
      apply: true,
      idempotencyKey: 'imp-1',
    });
    expect(again).toMatchObject({ replayed: true, created: 3000 });
    expect(await productCount(h)).toBe(3000);
    const found = await ok<{
      items: {
        title: string;
        price: number;
        department: string;
        vatTakeaway: number;
        stock: number | null;
      }[];
    }>(h.client, 'product_search', { query: 'édition d’été' });
    expect(found.items.length).toBeGreaterThan(0);
    const p250 = found.items.find((p) => p.title === titles[249])!;
    expect(p250).toMatchObject({
      price: prices[249],
      department: DEPTS[250 % DEPTS.length],
      vatTakeaway: 10,
      stock: 10,
    });
    const journal = await ok<{ items: { action: string; via: string }[] }>(h.client, 'audit_list', {
      entity: 'catalog',
    });
    expect(journal.items.map((j) => `${j.action} ${j.via}`)).toEqual(['import catalog_import']);
  });

  it('round-trips: the export imported again changes nothing', async () => {
    const exported = await ok<{ count: number; csv: string }>(h.client, 'catalog_export');
    expect(exported.count).toBe(3000);
    const r = await ok<ImportResult>(h.client, 'catalog_import', { csv: exported.csv, limit: 0 });
    expect(r).toMatchObject({ rows: 3000, created: 0, updated: 0, unchanged: 3000, refused: 0 });
  });

  it('reads a French spreadsheet: BOM, semicolons, decimal commas, CRLF; updates matched products', async () => {
    const { text, prices } = spreadsheet(200, true);
    const r = await ok<ImportResult>(h.client, 'catalog_import', { csv: text, limit: 200 });
    expect(r).toMatchObject({ separator: ';', rows: 200, created: 0, refused: 0 });
    expect(r.unchanged).toBe(200); // the same titles, prices and rates as the comma file
    const rows = text.split('\r\n');
    const first = rows[1]!.split(';');
    first[1] = '99,99';
    rows[1] = first.join(';');
    const r2 = await ok<ImportResult>(h.client, 'catalog_import', {
      csv: rows.join('\r\n'),
      apply: true,
      limit: 0,
    });
    expect(r2).toMatchObject({ updated: 1, unchanged: 199 });
    const changed = await ok<{ items: { title: string; price: number }[] }>(h.client, 'product_search', {
      query: first[0]!,
    });
    expect(changed.items.find((p) => p.title === first[0])?.price).toBe(99.99);
    expect(prices[0]).not.toBe(99.99);
  });

  it('refuses broken lines, each with its line, column and fix, and imports nothing while one is refused', async () => {
    const csv = [
      'title,price,department,vatTakeaway,variationGroups',
      'Bon produit,3.20,Desserts,10,',
      'Prix faux,trois euros,Desserts,10,',
      'Négatif,-2,Desserts,10,',
      'Bon produit,3.50,Desserts,10,', // a title a line above has
      'TVA folle,3,Desserts,150,',
      'Groupe inconnu,3,Desserts,10,Taille',
      ',4,Desserts,10,', // no title
    ].join('\n');
    const before = await productCount(h);
    const dry = await ok<ImportResult>(h.client, 'catalog_import', { csv });
    expect(dry.created).toBe(1);
    const refused = dry.lines.filter((l) => l.action === 'refused');
    expect(refused.map((l) => [l.line, l.field])).toEqual([
      [3, expect.stringMatching(/price/)],
      [4, expect.stringMatching(/price/)],
      [5, expect.stringMatching(/title/)],
      [6, expect.stringMatching(/vat|rate/i)],
      [7, expect.stringMatching(/variation/i)],
      [8, expect.stringMatching(/title/)],
    ]);
    for (const l of refused) expect(l.reason!.length).toBeGreaterThan(10);
    expect(await fails(h.client, 'catalog_import', { csv, apply: true })).toMatch(
      /6 of 7 lines are refused, so nothing was imported: line 3/,
    );
    expect(await productCount(h)).toBe(before);
    // a quote never closed: the whole file is refused, naming the line
    expect(await fails(h.client, 'catalog_import', { csv: 'title,price\nA,1\n"B,2\nC,3\n' })).toMatch(
      /csv.*cannot be read as CSV.*quote/is,
    );
    expect(await fails(h.client, 'catalog_import', { csv: 'prix;rayon\n1;A\n' })).toMatch(/no title column/);
    const r = await call(h.client, 'catalog_import', { csv: 'x'.repeat(5_000_001) });
    expect(r.isError).toBe(true);
  });
});

describe('comptoir catalog import / export', () => {
  const MAIN = path.resolve('dist/cli/main.js');
  const run = (db: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [MAIN, '--db', db, '--log-level', 'warn', ...args], {
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('dry-runs, applies with --apply, exports the same file, and names a missing file or shop', async () => {
    const db = await newDatabase();
    expect(run(db, 'init', '--empty').code).toBe(0);
    const file = path.join(tempDir(), 'products.csv');
    fs.writeFileSync(file, spreadsheet(50, true).text);
    const dry = run(db, 'catalog', 'import', file);
    expect(dry).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Dry run .*50 rows, 50 to create, 0 to update, 0 unchanged, 0 refused/),
    });
    const applied = run(db, 'catalog', 'import', file, '--apply');
    expect(applied).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^Imported: 50 rows, 50 to create/),
    });
    const exported = run(db, 'catalog', 'export');
    expect(exported.code).toBe(0);
    expect(exported.out.split('\r\n')[0]).toBe(
      'id,title,shortTitle,price,department,vatTakeaway,vatEatIn,barcode,stock,stockAlert,variationGroups,buyingPrice,description',
    );
    const back = path.join(tempDir(), 'back.csv');
    fs.writeFileSync(back, exported.out);
    expect(run(db, 'catalog', 'import', back).out).toMatch(/50 rows, 0 to create, 0 to update, 50 unchanged/);
    const binary = path.join(tempDir(), 'products.xlsx');
    fs.writeFileSync(binary, 'title,price\nA\u0000B,1\n');
    expect(run(db, 'catalog', 'import', binary)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/NUL character \(line 2\).*not as a binary spreadsheet/),
    });
    expect(run(db, 'catalog', 'import', '/nonexistent.csv')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/catalog import: no file at \/nonexistent.csv/),
    });
    expect(run(db, 'catalog', 'import', path.dirname(file))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/catalog import: .* is not a file; name the CSV file to import/),
    });
    expect(run(db, 'catalog', 'import', file, '--shop', '9')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--shop: no shop has id 9/),
    });
    // a refused line's hints are tool names, as over MCP, in the dry run and when applying
    const unknownGroup = path.join(tempDir(), 'group.csv');
    fs.writeFileSync(unknownGroup, 'title,price,variationGroups\nA,1,Nope\n');
    const said = run(db, 'catalog', 'import', unknownGroup);
    expect(said.out).toMatch(/line 2 "A": refused \(variationGroups\): .*data_list_variations/);
    const refusedApply = run(db, 'catalog', 'import', unknownGroup, '--apply');
    expect(refusedApply.code).toBe(2);
    expect(said.out + refusedApply.err).not.toMatch(/\{\{/);
  });
});
