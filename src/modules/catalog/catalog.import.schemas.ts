import * as z from 'zod';
import { COLUMNS, MAX_IMPORT_ROWS } from './catalog.csv.js';
import { idempotencyKey } from '../shared/manage.schemas.js';

/** The longest CSV text taken in one call (about 10,000 products of a few hundred characters). */
export const MAX_CSV_CHARS = 5_000_000;

export const catalogImportInput = z.object({
  csv: z
    .string()
    .min(1)
    .max(MAX_CSV_CHARS)
    .describe(
      `A header line then one product a line, , or ; separated; columns ${COLUMNS.join(', ')} (French names too).`,
    ),
  /** false: a dry run that writes nothing; true: import, all or nothing (the tool's description) */
  apply: z.boolean().default(false),
  limit: z
    .int()
    .min(0)
    .max(MAX_IMPORT_ROWS)
    .default(100)
    .describe('Created or updated lines to list; refused ones always are.'),
  idempotencyKey,
});

export const importLine = z.object({
  line: z.int().describe('1 = header.'),
  title: z.string().nullable(),
  action: z.enum(['create', 'update', 'unchanged', 'refused']),
  id: z.int().nullable().describe('null: refused, or to create in a dry run.'),
  field: z.string().optional(),
  reason: z.string().optional(),
});

export const catalogImportOutput = z.object({
  applied: z.boolean(),
  separator: z.string(),
  rows: z.int(),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  refused: z.int(),
  departmentsCreated: z.array(z.string()),
  vatRatesCreated: z.array(z.number()),
  /** header cells not understood (their cells were not read) */
  ignoredColumns: z.array(z.string()),
  lines: z.array(importLine).describe('Every refused line, then up to limit others.'),
  replayed: z.boolean(),
});

export const catalogExportInput = z.object({});
export const catalogExportOutput = z.object({
  count: z.int(),
  /** the products in the import's columns (RFC 4180, comma separated) */
  csv: z.string(),
});
