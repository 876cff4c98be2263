/** catalog_import and catalog_export: the shop's products as a spreadsheet. */
import {
  catalogExportInput,
  catalogExportOutput,
  catalogImportInput,
  catalogImportOutput,
} from '../../modules/catalog/catalog.import.schemas.js';
import { COLUMNS } from '../../modules/catalog/catalog.csv.js';
import { exportCatalog, importCatalog } from '../../modules/catalog/catalog.import.js';
import { toCsv } from '../format.js';
import { withToolNames } from '../hints.js';
import { defineTool, type AnyToolSpec } from '../tool.js';

export const importTools: AnyToolSpec[] = [
  defineTool({
    name: 'catalog_import',
    title: 'Import products from a spreadsheet',
    description:
      'Creates or updates products from CSV, matched by id, barcode, then exact title; missing departments and VAT rates are created. A dry run unless apply: true (then all or nothing).',
    scope: 'admin',
    input: catalogImportInput,
    output: catalogImportOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    run: async (ctx, args) => {
      const r = await importCatalog(ctx, args);
      const refused = r.lines
        .filter((l) => l.action === 'refused')
        .map((l) => ({ ...l, reason: withToolNames(l.reason ?? '') }));
      const others = r.lines.filter((l) => l.action !== 'refused').slice(0, args.limit);
      return { ...r, lines: [...refused, ...others] };
    },
  }),
  defineTool({
    name: 'catalog_export',
    title: 'Export the products as a spreadsheet',
    description: 'The active products as CSV in the columns catalog_import reads.',
    scope: 'read',
    input: catalogExportInput,
    output: catalogExportOutput,
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: async (ctx) => {
      const rows = await exportCatalog(ctx);
      return { count: rows.length, csv: toCsv(rows, [...COLUMNS]) };
    },
    text: (r) => r.csv,
  }),
];
