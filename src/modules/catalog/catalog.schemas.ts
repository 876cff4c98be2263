import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { amount, pageFields, vatPercent } from '../shared/list.schemas.js';

const archived = z.boolean().describe('Hidden from sale and lists (kept for the orders that name it).');

/** The catalog's lists: hidden (archived) rows are left out unless asked for. */
export const includeArchived = z
  .boolean()
  .default(false)
  .describe('true also lists archived rows (default false).');
export const catalogPageInput = z.object({ ...pageFields, includeArchived });

export const variationChoice = z.object({
  id: z.int(),
  name: z.string(),
  priceDelta: amount,
  unavailable: z.boolean().describe('Out for now: not offered in a sale.'),
});
export const variationGroup = z.object({
  id: z.int(),
  name: z.string(),
  choices: z.array(variationChoice),
});

export const product = z.object({
  id: z.int().describe('Product id (PLU), to use as productId in {{sell}}.'),
  title: z.string(),
  shortTitle: z.string(),
  price: amount.describe('Unit price, VAT included.'),
  vatTakeaway: vatPercent.describe('VAT rate applied when not eaten on site.'),
  vatEatIn: vatPercent.describe('VAT rate applied on site (deliveryMethod 2).'),
  departmentId: z.int().nullable(),
  department: z.string().nullable(),
  barcode: z.string().nullable(),
  stock: z.int().nullable().describe('Units in stock, or null when stock is not tracked.'),
  stockAlert: z.int().nullable(),
  variationGroups: z
    .array(variationGroup)
    .describe('Variation groups (déclinaisons): pick one choice id per group.'),
  archived,
});
export type ProductView = z.infer<typeof product>;

export const department = z.object({
  id: z.int(),
  name: z.string(),
  groupId: z.int().nullable(),
  vat: vatPercent,
  position: z.int(),
  archived,
});
export const departmentGroup = z.object({ id: z.int(), name: z.string(), position: z.int(), archived });
export const vatRate = z.object({ id: z.int(), rate: vatPercent, label: z.string(), archived });
export const discount = z.object({
  id: z.int(),
  name: z.string(),
  kind: z.enum(['percent', 'amount']),
  percent: z.number().nullable().describe('For kind percent: the percentage taken off.'),
  amount: amount.nullable().describe('For kind amount: the amount taken off.'),
  archived,
});

export const productSearchInput = z.object({
  query: z
    .string()
    .min(1)
    .max(MAX_TEXT.name)
    .describe('Words of the product name (any order, accents and case ignored), or a barcode (EAN).'),
  limit: z.int().min(1).max(100).default(20).describe('Maximum number of products returned (default 20).'),
  includeArchived,
});
