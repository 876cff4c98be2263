import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { amount, vatPercent } from '../shared/list.schemas.js';

export const variationChoice = z.object({
  id: z.int(),
  name: z.string(),
  priceDelta: amount,
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
});
export type ProductView = z.infer<typeof product>;

export const department = z.object({
  id: z.int(),
  name: z.string(),
  groupId: z.int().nullable(),
  vat: vatPercent,
});
export const departmentGroup = z.object({ id: z.int(), name: z.string() });
export const vatRate = z.object({ id: z.int(), rate: vatPercent, label: z.string() });
export const discount = z.object({
  id: z.int(),
  name: z.string(),
  kind: z.enum(['percent', 'amount']),
  percent: z.number().nullable().describe('For kind percent: the percentage taken off.'),
  amount: amount.nullable().describe('For kind amount: the amount taken off.'),
});

export const productSearchInput = z.object({
  query: z
    .string()
    .min(1)
    .max(MAX_TEXT.name)
    .describe('Words of the product name (any order, accents and case ignored), or a barcode (EAN).'),
  limit: z.int().min(1).max(100).default(20).describe('Maximum number of products returned (default 20).'),
});
