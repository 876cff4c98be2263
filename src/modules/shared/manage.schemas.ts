/** Inputs and outputs shared by every management tool (add, edit, delete of the shop's own data). */
import * as z from 'zod';
import { MAX_LINE_CENTS, MAX_TEXT } from '../../domain/limits.js';
import { numericId } from './list.schemas.js';

export const idempotencyKey = z
  .string()
  .min(1)
  .max(MAX_TEXT.token)
  .optional()
  .describe('A unique key for this write (e.g. a UUID): sent again, it returns the first result.');

/** The `id` of the row an edit or a delete is about (Kash: number or numeric string). */
export const idField = (what: string) => numericId(`The ${what} id.`);

/** Kash's 0/1 flags, also as booleans or "0"/"1". */
export const flag = (what: string) =>
  z
    .union([z.boolean(), z.int().min(0).max(1), z.enum(['0', '1'])])
    .transform((v) => v === true || v === 1 || v === '1')
    .describe(what);

/** A required name (trimmed, not empty). */
export const nameField = (what: string, max: number = MAX_TEXT.name) =>
  z
    .string()
    .trim()
    .min(1, { error: 'cannot be empty: give a name, or leave the field out.' })
    .max(max)
    .describe(what);

/** An optional text; null or "" clears it. */
export const textField = (what: string, max: number = MAX_TEXT.name) =>
  z.string().trim().max(max).nullable().optional().describe(what);

/** A price in the currency's major unit, VAT included, not negative. */
export const priceField = (what: string) =>
  z
    .number()
    .min(0, { error: 'A price cannot be negative.' })
    .max(MAX_LINE_CENTS / 100, { error: `A price is at most ${MAX_LINE_CENTS / 100}.` })
    .describe(what);

export const deleteInput = z.object({ id: idField('row') });

/** What every management write answers: what happened to which row, and the row as it is now. */
export function changeOutput<T extends z.ZodType>(item: T) {
  return z.object({
    action: z
      .enum(['added', 'updated', 'deleted', 'archived', 'unchanged'])
      .describe('archived: it is used by recorded orders, so it was hidden instead of deleted.'),
    id: z.int(),
    replayed: z.boolean().describe('true when this is the stored result of an earlier call with the key.'),
    warnings: z.array(z.string()),
    item: item.nullable().describe('The row as it is now (null once deleted).'),
  });
}
export interface Change<T> {
  action: 'added' | 'updated' | 'deleted' | 'archived' | 'unchanged';
  id: number;
  warnings: string[];
  item: T | null;
}
