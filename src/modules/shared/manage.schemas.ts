/** Inputs and outputs shared by every management tool (add, edit, delete of the shop's own data). */
import * as z from 'zod';
import { MAX_LINE_CENTS, MAX_TEXT } from '../../domain/limits.js';
import { numericId } from './list.schemas.js';

export { undescribed, undescribedShape } from './list.schemas.js';

/** Sent again, a write returns its first result instead of writing twice: its name says so to a model. */
export const idempotencyKey = z.string().min(1).max(MAX_TEXT.token).optional();

/** `schema` described by `what`, or as it is when there is nothing to say (the field's name says it). */
const said = <T extends z.ZodType>(schema: T, what?: string): T => (what ? schema.describe(what) : schema);

/**
 * The `id` of the row an edit or a delete is about (Kash: number or numeric string); the tool's name
 * says which row, so it has no description unless `what` is given.
 */
export const idField = (what?: string) => said(z.union(numericId('').options), what);

/** Kash's 0/1 flags, also as booleans or "0"/"1". */
export const flag = (what?: string) =>
  said(
    z
      .union([z.boolean(), z.int().min(0).max(1), z.enum(['0', '1'])])
      .transform((v) => v === true || v === 1 || v === '1'),
    what,
  );

/** A required name (trimmed, not empty). */
export const nameField = (what?: string, max: number = MAX_TEXT.name) =>
  said(
    z.string().trim().min(1, { error: 'cannot be empty: give a name, or leave the field out.' }).max(max),
    what,
  );

/** An optional text; null or "" clears it. */
export const textField = (what?: string, max: number = MAX_TEXT.name) =>
  said(z.string().trim().max(max).nullable().optional(), what);

/** A price in the currency's major unit, VAT included, not negative. */
export const priceField = (what?: string) =>
  said(
    z
      .number()
      .min(0, { error: 'A price cannot be negative.' })
      .max(MAX_LINE_CENTS / 100, { error: `A price is at most ${MAX_LINE_CENTS / 100}.` }),
    what,
  );

export const deleteInput = z.object({ id: idField() });

/** What every management write answers: what happened to which row, and the row as it is now. */
export function changeOutput<T extends z.ZodType>(item: T) {
  return z.object({
    action: z.enum(['added', 'updated', 'deleted', 'archived', 'unchanged']),
    id: z.int(),
    replayed: z.boolean(),
    warnings: z.array(z.string()),
    item: item.nullable(),
  });
}
export interface Change<T> {
  action: 'added' | 'updated' | 'deleted' | 'archived' | 'unchanged';
  id: number;
  warnings: string[];
  item: T | null;
}
