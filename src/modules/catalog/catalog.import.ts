/**
 * The catalog import: a spreadsheet of products, matched with the catalog line by line (by id, else barcode,
 * else exact title) and turned into creations and updates; the departments and VAT rates it names are
 * matched or created. A dry run does all of it in a transaction that is rolled back, so what it lists is
 * exactly what applying would do; applying is one transaction, and writes nothing while a line is refused.
 * The export writes the same columns, so export → import round-trips.
 */
import { inTransaction, type Ctx } from '../shared/context.js';
import { journal, once } from '../audit/audit.service.js';
import { InputError, isInputError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { normalizeText } from '../../domain/text.js';
import {
  MAX_IMPORT_ROWS,
  decimalCell,
  integerCell,
  namesCell,
  readCatalogCsv,
  type Column,
  type CsvRow,
} from './catalog.csv.js';
import { bpToPercent, listProducts } from './catalog.service.js';
import { rateToBp } from './catalog.vat.js';
import * as products from './catalog.products.js';
import * as manageRepo from './catalog.manage.repository.js';
import * as repo from './catalog.repository.js';

export interface ImportLine {
  line: number;
  title: string | null;
  action: 'create' | 'update' | 'unchanged' | 'refused';
  id: number | null;
  field?: string;
  reason?: string;
}
export interface ImportResult {
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
}

/** The column of the file a product field comes from, so that a refused line names what to fix in it. */
const COLUMN_OF: Record<string, Column> = {
  vat: 'vatTakeaway',
  vatID: 'vatTakeaway',
  eatInVat: 'vatEatIn',
  eatinvatID: 'vatEatIn',
  deptID: 'department',
  variations: 'variationGroups',
};

class DryRun extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

/** The product fields a row gives (only the cells it fills: an empty cell leaves a product's value as it is). */
function fieldsOf(cells: CsvRow) {
  const f: products.PluFields & { vat?: number; eatInVat?: number; barcode?: string } = {};
  if (cells.title !== undefined) f.title = cells.title;
  if (cells.shortTitle !== undefined) f.shortTitle = cells.shortTitle;
  if (cells.description !== undefined) f.description = cells.description;
  const price = decimalCell(cells.price, 'price');
  if (price !== undefined) f.price = price;
  const buying = decimalCell(cells.buyingPrice, 'buyingPrice');
  if (buying !== undefined) f.buyingPrice = buying;
  const vat = decimalCell(cells.vatTakeaway, 'vatTakeaway');
  if (vat !== undefined) f.vat = vat;
  const eatIn = decimalCell(cells.vatEatIn, 'vatEatIn');
  if (eatIn !== undefined) f.eatInVat = eatIn;
  if (cells.barcode !== undefined) f.barcode = cells.barcode;
  const stock = integerCell(cells.stock, 'stock');
  if (stock !== undefined) f.stock = stock;
  const alert = integerCell(cells.stockAlert, 'stockAlert');
  if (alert !== undefined) f.stockAlert = alert;
  if (cells.variationGroups !== undefined) f.variations = namesCell(cells.variationGroups);
  return f;
}

async function importRows(tx: Ctx, text: string): Promise<ImportResult> {
  const { separator, rows, ignored } = readCatalogCsv(text);
  if (rows.length > MAX_IMPORT_ROWS)
    throw new InputError(
      'csv',
      `The file has ${rows.length} products; import at most ${MAX_IMPORT_ROWS} at a time (split the file).`,
    );
  const result: ImportResult = {
    applied: false,
    separator: separator === '\t' ? 'tab' : separator,
    rows: rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: 0,
    departmentsCreated: [],
    vatRatesCreated: [],
    ignoredColumns: ignored,
    lines: [],
  };
  const deptsBefore = new Set((await manageRepo.allRows(tx.db, 'departments', tx.shopId)).map((d) => d.id));
  const vatsBefore = new Set((await manageRepo.allVatRates(tx.db, tx.shopId)).map((v) => v.id));
  const seenTitles = new Map<string, number>();
  const seenBarcodes = new Map<string, number>();
  const seenIds = new Map<number, number>();
  for (const { line, cells } of rows) {
    const title = cells.title ?? null;
    try {
      const fields = fieldsOf(cells);
      const id = integerCell(cells.id, 'id');
      const repeat = (seen: Map<string | number, number>, key: string | number | undefined, what: string) => {
        if (key === undefined) return;
        const first = seen.get(key);
        if (first !== undefined)
          throw new InputError(what, `repeats the ${what} of line ${first}: one line per product.`);
        seen.set(key, line);
      };
      repeat(seenIds as Map<string | number, number>, id, 'id');
      repeat(
        seenTitles as Map<string | number, number>,
        title === null ? undefined : normalizeText(title),
        'title',
      );
      repeat(seenBarcodes as Map<string | number, number>, fields.barcode ?? undefined, 'barcode');
      const bp = (rate: number | undefined, column: string) =>
        rate === undefined ? undefined : rateToBp(rate, column);
      const vatBp = bp(fields.vat, 'vatTakeaway');
      const eatInBp = bp(fields.eatInVat, 'vatEatIn');
      for (const rate of [vatBp, eatInBp]) if (rate !== undefined) await products.findOrCreateVat(tx, rate);
      if (cells.department !== undefined)
        fields.deptID = (await products.findOrCreateDepartment(tx, cells.department, vatBp)).id;
      const existing = await matchExisting(tx, id, fields.barcode ?? undefined, title);
      if (existing === undefined) {
        if (fields.price === undefined) throw new InputError('price', 'a new product needs a price.');
        const made = await products.createProduct(tx, fields);
        result.created++;
        result.lines.push({ line, title, action: 'create', id: made.id });
      } else {
        const changed = (await products.updateProduct(tx, existing, fields)).action === 'updated';
        if (changed) result.updated++;
        else result.unchanged++;
        result.lines.push({ line, title, action: changed ? 'update' : 'unchanged', id: existing });
      }
    } catch (error) {
      if (!isInputError(error)) throw error;
      result.refused++;
      result.lines.push({
        line,
        title,
        action: 'refused',
        id: null,
        field: COLUMN_OF[error.field.replace(/\[.*$/, '')] ?? error.field,
        reason: error.message,
      });
    }
  }
  result.departmentsCreated = (await manageRepo.allRows(tx.db, 'departments', tx.shopId))
    .filter((d) => !deptsBefore.has(d.id))
    .map((d) => d.name);
  result.vatRatesCreated = (await manageRepo.allVatRates(tx.db, tx.shopId))
    .filter((v) => !vatsBefore.has(v.id))
    .map((v) => bpToPercent(v.rate_bp));
  return result;
}

/** The product a row is about: its id, else its barcode, else its exact title (one active product). */
async function matchExisting(
  tx: Ctx,
  id: number | undefined,
  barcode: string | undefined,
  title: string | null,
) {
  if (id !== undefined) {
    const [row] = await repo.productsByIds(tx.db, tx.shopId, [id]);
    if (!row)
      throw new InputError('id', `no product has id ${id}: leave the id cell empty to create the product.`);
    return row.id;
  }
  if (barcode !== undefined) {
    const rows = (await repo.productsByBarcode(tx.db, tx.shopId, barcode)).filter((r) => r.active === 1);
    if (rows[0]) return rows[0].id;
  }
  if (title === null) return undefined;
  const wanted = normalizeText(title);
  const same = (await manageRepo.productsTitled(tx.db, tx.shopId, wanted)).filter(
    (p) => p.active === 1 && normalizeText(p.title) === wanted,
  );
  if (same.length > 1)
    throw new InputError(
      'title',
      `${same.length} products are named "${title}" (ids ${same.map((p) => p.id).join(', ')}): give the id of the one to update in the id column.`,
    );
  return same[0]?.id;
}

/** What importing `csv` does: a dry run (the default) lists it line by line; `apply` writes it, all or nothing. */
export async function importCatalog(
  ctx: Ctx,
  input: { csv: string; apply?: boolean | undefined; idempotencyKey?: string | undefined },
): Promise<ImportResult & { replayed: boolean }> {
  if (!input.apply) {
    try {
      await inTransaction(ctx, async (tx) => {
        throw new DryRun(await importRows(tx, input.csv));
      });
    } catch (error) {
      // a product the dry run created has no id yet: the one it got was rolled back
      if (error instanceof DryRun)
        return {
          ...error.result,
          lines: error.result.lines.map((l) => (l.action === 'create' ? { ...l, id: null } : l)),
          replayed: false,
        };
      throw error;
    }
  }
  return once(ctx, 'import_catalog', input, async (tx) => {
    const result = await importRows(tx, input.csv);
    if (result.refused > 0) {
      const first = result.lines.filter((l) => l.action === 'refused').slice(0, 5);
      throw new InputError(
        'csv',
        `${result.refused} of ${result.rows} lines are refused, so nothing was imported: ${first.map((l) => `line ${l.line} (${l.field}): ${l.reason?.replace(/\.$/, '')}`).join('; ')}${result.refused > 5 ? '; …' : ''}. Fix or remove those lines and import again (a dry run lists them all).`,
        { lines: result.lines.filter((l) => l.action === 'refused') },
      );
    }
    await journal(tx, {
      entity: 'catalog',
      id: null,
      action: 'import',
      after: {
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        rows: result.rows,
      },
    });
    return { ...result, applied: true };
  });
}

/** Variation group names as one cell: `Taille|Cuisson`, or a JSON list when a name holds a `|` or the cell would start with `[`. */
const groupsCell = (names: string[]) =>
  names.length === 0
    ? null
    : names.some((n) => n.includes('|')) || names[0]!.startsWith('[')
      ? JSON.stringify(names)
      : names.join('|');

/** The catalog as rows of the import's columns, every active product, in id order. */
export async function exportCatalog(ctx: Ctx): Promise<Record<Column, string | number | null>[]> {
  const out: Record<Column, string | number | null>[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await listProducts(ctx, { limit: 500, cursor });
    const rows = new Map(
      (
        await repo.productsByIds(
          ctx.db,
          ctx.shopId,
          page.items.map((p) => p.id),
        )
      ).map((r) => [r.id, r]),
    );
    for (const p of page.items) {
      const row = rows.get(p.id);
      out.push({
        id: p.id,
        title: p.title,
        shortTitle: p.shortTitle,
        price: p.price,
        department: p.department,
        vatTakeaway: p.vatTakeaway,
        vatEatIn: p.vatEatIn,
        barcode: p.barcode,
        stock: p.stock,
        stockAlert: p.stockAlert,
        variationGroups: groupsCell(p.variationGroups.map((g) => g.name)),
        buyingPrice: row?.buying_price == null ? null : fromCents(row.buying_price),
        description: row?.description ?? null,
      });
    }
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}
