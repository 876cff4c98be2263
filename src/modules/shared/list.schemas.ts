/** Inputs and outputs shared by every list: format, pagination, total count. */
import * as z from 'zod';
import { MAX_ID, MAX_TEXT } from '../../domain/limits.js';

/** A code, or an id where 0 means "none": 0 up to PostgreSQL's integer (domain/limits.ts). */
export const idNumber = () => z.int().min(0).max(MAX_ID);
/** The id of a row: 1 up to PostgreSQL's integer. */
export const idRef = () => z.int().min(1).max(MAX_ID);
/**
 * Marks the text form of a number (Kash sends ids as "12"): tools/list shows the number alone
 * (mcp/listing.ts); a text that may hold more than digits (a pager "A12") is not marked.
 */
export const NUMERIC_TEXT = 'x-comptoir-numeric-text';
const numericText = () =>
  z
    .string()
    .max(MAX_TEXT.short)
    .meta({ [NUMERIC_TEXT]: true });

/** Kash accepts ids (and counts) as numbers or numeric strings; `min` is the smallest number. */
export const idLike = (what: string, min = 1) =>
  z.union([z.int().min(min).max(MAX_ID), numericText()]).describe(what);
/** An id as a number or a numeric text, nothing else (the management tools: no legacy text to take). */
export const numericId = (what: string, min = 1) =>
  z
    .union([
      z.int().min(min).max(MAX_ID),
      numericText().regex(/^\s*\d+\s*$/, {
        error: 'expected an id: a whole number such as 12 (number or numeric text)',
      }),
    ])
    .describe(what);
/**
 * Marks a field that is accepted but not shown in tools/list (mcp/listing.ts): another name of a listed
 * field (Kash's `zip` for `postcode`) or a legacy form. docs/TOOLS.md still documents it.
 */
export const UNLISTED = 'x-comptoir-unlisted';
export function unlisted<T extends z.ZodType>(schema: T): T {
  return schema.meta({ [UNLISTED]: true }) as T;
}

/**
 * Marks a field that tools/list shows by its shape alone, its fields being those of another tool (an
 * edit's items are those of the sale it edits): listed as an array of objects, with its own words.
 */
export const SHAPE_OF = 'x-comptoir-shape-of';
export function shapeOf<T extends z.ZodType>(schema: T): T {
  return schema.meta({ [SHAPE_OF]: true }) as T;
}

/**
 * The same field without its description: an edit's field, which its add tool (listed beside it)
 * describes. A description of `undefined` overrides the inherited one, so that none is listed. An
 * unlisted field keeps its description, which only docs/TOOLS.md shows.
 */
export const undescribed = <T extends z.ZodType>(schema: T): T =>
  z.globalRegistry.get(schema)?.[UNLISTED] ? schema : (schema.meta({ description: undefined }) as T);
/** Every field of `shape` undescribed (an edit's fields, as its add tool describes them). */
export const undescribedShape = <S extends Record<string, z.ZodType>>(shape: S): S =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, undescribed(v)])) as S;

/** A date or date-time as text (ISO 8601). */
export const dateText = () => z.string().max(MAX_TEXT.date);

export const formatField = z.enum(['json', 'csv', 'html']).default('json');

export const pageFields = {
  format: formatField,
  limit: z.int().min(1).max(500).default(100),
  cursor: z.string().max(MAX_TEXT.token).optional(),
};

export const pageInput = z.object(pageFields);
export type PageInput = z.infer<typeof pageInput>;

/** The output of a list of `item`: the rows, how many exist in all, and where the next page starts. */
export function listOutput<T extends z.ZodType>(item: T) {
  return z.object({
    total: z.int(),
    count: z.int(),
    nextCursor: z.string().nullable(),
    items: z.array(item),
  });
}

/** Decimal amount in the shop currency's major unit (2.5 = €2.50). */
export const amount = z.number();
/** A VAT rate as a percentage (5.5 = 5.5 %). */
export const vatPercent = z.number();
