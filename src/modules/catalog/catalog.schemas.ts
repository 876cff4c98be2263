import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { amount, pageFields, vatPercent } from '../shared/list.schemas.js';

const archived = z.boolean();

/** The catalog's lists: hidden (archived) rows are left out unless asked for. */
export const includeArchived = z.boolean().default(false);
export const catalogPageInput = z.object({ ...pageFields, includeArchived });

export const variationChoice = z.object({
  id: z.int(),
  name: z.string(),
  priceDelta: amount,
  unavailable: z.boolean(),
});
export const variationGroup = z.object({
  id: z.int(),
  name: z.string(),
  choices: z.array(variationChoice),
});

export const product = z.object({
  id: z.int().describe('productId of {{sell}}.'),
  title: z.string(),
  shortTitle: z.string(),
  price: amount.describe('VAT included.'),
  vatTakeaway: vatPercent.describe('VAT % off site.'),
  vatEatIn: vatPercent.describe('VAT % on site (deliveryMethod 2).'),
  departmentId: z.int().nullable(),
  department: z.string().nullable(),
  barcode: z.string().nullable(),
  stock: z.int().nullable().describe('null: not tracked.'),
  stockAlert: z.int().nullable(),
  variationGroups: z.array(variationGroup).describe('A sale picks one choice per group.'),
  archived,
});
export type ProductView = z.infer<typeof product>;

export const department = z.object({
  id: z.int(),
  name: z.string(),
  groupId: z.int().nullable(),
  vat: vatPercent.describe('Default VAT %.'),
  position: z.int(),
  archived,
});
export const departmentGroup = z.object({ id: z.int(), name: z.string(), position: z.int(), archived });
export const vatRate = z.object({ id: z.int(), rate: vatPercent, label: z.string(), archived });
export const discount = z.object({
  id: z.int(),
  name: z.string(),
  kind: z.enum(['percent', 'amount']),
  percent: z.number().nullable(),
  amount: amount.nullable(),
  archived,
});

export const productSearchInput = z.object({
  query: z
    .string()
    .min(1)
    .max(MAX_TEXT.name)
    .describe('Name words (any order; accents, case, plurals ignored) or a barcode.'),
  limit: z.int().min(1).max(100).default(20),
  includeArchived,
});
