/**
 * The catalog's spreadsheet format, read and written: one product a row, the columns of `COLUMNS`
 * (French and Kash header names understood too), `,` `;` or tab separated (a French spreadsheet writes
 * `;` and decimal commas), a BOM ignored, quoted cells holding commas, quotes and new lines.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '../../domain/errors.js';
import { normalizeText } from '../../domain/text.js';

/** The most products one import takes. */
export const MAX_IMPORT_ROWS = 10_000;

/** The columns, in the order the export writes them. */
export const COLUMNS = [
  'id',
  'title',
  'shortTitle',
  'price',
  'department',
  'vatTakeaway',
  'vatEatIn',
  'barcode',
  'stock',
  'stockAlert',
  'variationGroups',
  'buyingPrice',
  'description',
] as const;
export type Column = (typeof COLUMNS)[number];

/** Header names a spreadsheet may use for each column (normalized: lowercase, no accents). */
const ALIASES: Record<string, Column> = {
  id: 'id',
  plu: 'id',
  title: 'title',
  titre: 'title',
  nom: 'title',
  name: 'title',
  designation: 'title',
  libelle: 'title',
  produit: 'title',
  product: 'title',
  shorttitle: 'shortTitle',
  'short title': 'shortTitle',
  'titre court': 'shortTitle',
  'nom court': 'shortTitle',
  price: 'price',
  prix: 'price',
  'prix ttc': 'price',
  'prix de vente': 'price',
  department: 'department',
  departement: 'department',
  rayon: 'department',
  categorie: 'department',
  category: 'department',
  famille: 'department',
  vattakeaway: 'vatTakeaway',
  vat: 'vatTakeaway',
  tva: 'vatTakeaway',
  'tva a emporter': 'vatTakeaway',
  vateatin: 'vatEatIn',
  'tva sur place': 'vatEatIn',
  barcode: 'barcode',
  'code barre': 'barcode',
  'code-barre': 'barcode',
  'code barres': 'barcode',
  ean: 'barcode',
  stock: 'stock',
  stockalert: 'stockAlert',
  'stock alert': 'stockAlert',
  'alerte stock': 'stockAlert',
  alerte: 'stockAlert',
  'seuil d alerte': 'stockAlert',
  variationgroups: 'variationGroups',
  variations: 'variationGroups',
  declinaisons: 'variationGroups',
  buyingprice: 'buyingPrice',
  "prix d'achat": 'buyingPrice',
  'prix achat': 'buyingPrice',
  description: 'description',
};

export type CsvRow = Partial<Record<Column, string>>;
export interface ReadRow {
  /** the line of the file where the row ends (1 = the header) */
  line: number;
  cells: CsvRow;
}

/** `,`, `;` or tab: whichever the header line holds most of, outside quotes. */
function separatorOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const unquoted = header.replace(/"[^"]*"/g, '');
  const count = (c: string) => unquoted.split(c).length - 1;
  return [';', '\t', ','].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

/** A cell the export protected from spreadsheet formulas ('=…) read back as written. */
const unprotect = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

export function readCatalogCsv(
  text: string,
  field = 'csv',
): { separator: string; rows: ReadRow[]; ignored: string[] } {
  const nul = text.indexOf('\u0000');
  if (nul >= 0)
    throw new InputError(
      field,
      `The file holds a NUL character (line ${text.slice(0, nul).split('\n').length}), which no text may hold: save it as CSV text (UTF-8), not as a binary spreadsheet.`,
    );
  const separator = separatorOf(text.replace(/^\uFEFF/, ''));
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new InputError(
      field,
      `The file cannot be read as CSV${e.lines ? ` (line ${e.lines})` : ''}: ${e.message ?? 'bad CSV'}. A quoted cell must end with a quote; a quote inside one is written twice ("").`,
    );
  }
  const [head, ...body] = records;
  if (!head)
    throw new InputError(
      field,
      'The file is empty: send a header line (title,price,…) and one line per product.',
    );
  const columns = head.record.map(
    (h) => ALIASES[normalizeText(h).replace(/[_]/g, ' ')] ?? ALIASES[normalizeText(h).replace(/[\s_-]/g, '')],
  );
  const ignored = head.record.filter((_, i) => columns[i] === undefined);
  columns.forEach((col, i) => {
    const again = col === undefined ? -1 : columns.indexOf(col, i + 1);
    if (again >= 0)
      throw new InputError(
        field,
        `The header names the ${col} column twice ("${head.record[i]}" in column ${i + 1} and "${head.record[again]}" in column ${again + 1}): keep one of them, or rename the other to a header Comptoir ignores.`,
      );
  });
  if (!columns.includes('title') && !columns.includes('id'))
    throw new InputError(
      field,
      `The header line names no title column (it reads: ${head.record.slice(0, 8).join(separator)}): the columns are ${COLUMNS.join(', ')}.`,
    );
  const rows = body
    .filter((r) => r.record.some((c) => c.trim() !== ''))
    .map((r) => {
      const cells: CsvRow = {};
      r.record.forEach((c, i) => {
        const col = columns[i];
        if (col !== undefined && c.trim() !== '') cells[col] = unprotect(c.trim());
      });
      return { line: r.info.lines, cells };
    });
  return { separator, rows, ignored };
}

/** A decimal cell: `4.50`, `4,50` (French), `4,50 €`; undefined when empty. */
export function decimalCell(cell: string | undefined, column: string): number | undefined {
  if (cell === undefined) return undefined;
  const t = cell.replace(/[\s\u00a0€%]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw new InputError(column, `"${cell}" is not a number.`);
  return Number(t);
}

/** A whole-number cell (stock, alert, id). */
export function integerCell(cell: string | undefined, column: string): number | undefined {
  const n = decimalCell(cell, column);
  if (n !== undefined && !Number.isInteger(n))
    throw new InputError(column, `"${cell}" is not a whole number.`);
  return n;
}

/** Variation group names: `Taille|Cuisson`, or the JSON the product list writes (`[{"name":"Taille",…}]`). */
export function namesCell(cell: string | undefined): string[] {
  if (cell === undefined) return [];
  if (cell.startsWith('[')) {
    try {
      const parsed = JSON.parse(cell) as unknown;
      if (Array.isArray(parsed))
        return parsed
          .map((g) => (typeof g === 'string' ? g : String((g as { name?: unknown }).name ?? '')))
          .filter(Boolean);
    } catch {
      // not JSON: read as names
    }
  }
  return cell
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
}
