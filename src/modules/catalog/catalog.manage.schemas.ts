/** zod schemas of the catalog's management tools (Kash's argument names). */
import * as z from 'zod';
import { MAX_ID, MAX_LINE_CENTS, MAX_QUANTITY, MAX_TEXT } from '../../domain/limits.js';
import { flag, idField, idempotencyKey, nameField, priceField, textField } from '../shared/manage.schemas.js';
import { amount, numericId } from '../shared/list.schemas.js';
import {
  department,
  departmentGroup,
  discount,
  product,
  variationChoice,
  vatRate,
} from './catalog.schemas.js';

export { department, departmentGroup, discount, variationGroup, vatRate } from './catalog.schemas.js';

const archivedFlag = flag('true hides it from sale and lists (archived); false brings it back.');
const position = z.int().min(0).max(MAX_ID).describe('Display order, 0 first.');
const rateField = z.number().min(0).max(100).describe('The rate in percent, e.g. 10 or 5.5.');
/** Ids where 0 means "none" (Kash). */
const idOrNone = (what: string) => numericId(`${what}; 0 = none.`, 0);

const defaultFlag = flag("true makes it the shop's default rate (of what names none; see {{shop}}).");

// ---- VAT rates --------------------------------------------------------------------------------------

export const vatAddInput = z.object({
  title: nameField('Label, e.g. "TVA 10 %".', MAX_TEXT.name),
  rate: rateField,
  default: defaultFlag.optional(),
  idempotencyKey,
});
export const vatEditInput = z.object({
  id: idField('VAT rate'),
  title: nameField('New label.').optional(),
  rate: rateField.optional().describe('New rate: only while no product, department or order uses it.'),
  default: defaultFlag.optional(),
  archived: archivedFlag.optional(),
});

/** A VAT rate named by id or by rate: `vatID` | `vat`, `eatinvatID` | `eatInVat`. */
const vatById = numericId('VAT rate id ({{list:vats}}).').optional();
const vatByRate = rateField.optional().describe('Or the VAT rate in %, e.g. 10.');

// ---- departments and groups -------------------------------------------------------------------------

const deptFields = {
  vatID: vatById,
  vat: vatByRate,
  deptGroupID: idOrNone('Department group id').optional(),
  deptGroup: nameField('Or the group name.').optional(),
  position: position.optional(),
};
export const deptAddInput = z.object({
  title: nameField('Department name, e.g. "Desserts".'),
  ...deptFields,
  idempotencyKey,
});
export const deptEditInput = z.object({
  id: idField('department'),
  title: nameField('New name.').optional(),
  ...deptFields,
  archived: archivedFlag.optional(),
});
export const deptGroupAddInput = z.object({
  title: nameField('Group name, e.g. "Food".'),
  position: position.optional(),
  idempotencyKey,
});
export const deptGroupEditInput = z.object({
  id: idField('department group'),
  title: nameField('New name.').optional(),
  position: position.optional(),
  archived: archivedFlag.optional(),
});

// ---- variations ------------------------------------------------------------------------------------

export const variationAddInput = z.object({
  title: nameField('Group name, e.g. "Size".'),
  idempotencyKey,
});
export const variationEditInput = z.object({
  id: idField('variation group'),
  title: nameField('New name.'),
});
const deltaPrice = z
  .number()
  .min(-MAX_LINE_CENTS / 100)
  .max(MAX_LINE_CENTS / 100)
  .describe('Added to the product price (may be negative), e.g. 0.5.');
const choiceFields = {
  deltaPrice: deltaPrice.optional(),
  position: position.optional(),
  description: textField('Description.', MAX_TEXT.comment),
  unavailable: flag('1 = out for now, not offered in a sale.').optional(),
};
export const variationChoiceAddInput = z.object({
  idVariation: numericId('Variation group id ({{list:variations}}).').optional(),
  variation: nameField('Or the group name.').optional(),
  title: nameField('Choice name, e.g. "Large".'),
  ...choiceFields,
  idempotencyKey,
});
export const variationChoiceEditInput = z.object({
  id: idField('variation choice'),
  title: nameField('New name.').optional(),
  ...choiceFields,
});
export const variationChoiceView = variationChoice.extend({
  groupId: z.int(),
  group: z.string(),
  position: z.int(),
  description: z.string().nullable(),
});

// ---- discounts --------------------------------------------------------------------------------------

const discountFields = {
  percent: z.number().min(0).max(100).optional().describe('Percent off, e.g. 10.'),
  amount: z
    .number()
    .min(0)
    .max(MAX_LINE_CENTS / 100)
    .optional()
    .describe('Or an amount off, e.g. 2.'),
};
export const discountAddInput = z.object({
  title: nameField('Name, e.g. "Happy hour".'),
  ...discountFields,
  idempotencyKey,
});
export const discountEditInput = z.object({
  id: idField('discount'),
  title: nameField('New name.').optional(),
  ...discountFields,
  archived: archivedFlag.optional(),
});

// ---- products (PLU) ---------------------------------------------------------------------------------

/** Stock levels: ±MAX_QUANTITY × 1000 units, far inside PostgreSQL's integer. */
export const MAX_STOCK = MAX_QUANTITY * 1000;
const stockLevel = z.int().min(-MAX_STOCK).max(MAX_STOCK);
const slot = (i: number) => idOrNone(`Variation group id of slot ${i}`).optional();

/** Every field of a product: optional here; `title` and `price` are required when adding. */
export const pluFields = z.object({
  title: nameField('Product name, e.g. "Tarte aux pommes".').optional(),
  shortTitle: textField('Short name for the keyboard and receipt (default: title).'),
  description: textField('Description.', MAX_TEXT.comment),
  price: priceField('Price, VAT included, e.g. 4.5.').optional(),
  buyingPrice: priceField('Buying price.').nullable().optional().describe('Buying price, e.g. 1.2.'),
  deptID: idOrNone('Department id').optional(),
  department: nameField('Or the department name.').optional(),
  vatID: vatById,
  vat: vatByRate.describe('Or the VAT rate in % (takeaway/standard); default: the department rate.'),
  eatinvatID: numericId('Eat-in VAT rate id.').optional(),
  eatInVat: vatByRate.describe('Or the eat-in rate in %; default: the takeaway rate.'),
  variationID0: slot(0),
  variationID1: slot(1),
  variationID2: slot(2),
  variationID3: slot(3),
  variationID4: slot(4),
  variations: z
    .array(nameField('Group name.'))
    .max(5)
    .optional()
    .describe('Or the variation groups by name (replaces all slots).'),
  barcode: textField('Barcode (EAN).'),
  stock: stockLevel.nullable().optional().describe('Units in stock; null = not tracked.'),
  stockAlert: z.int().min(0).max(MAX_STOCK).nullable().optional().describe('Low-stock level.'),
  discountID: idOrNone('Discount id').optional(),
  keyboardHide: flag('1 = hidden from the keyboard.').optional(),
  position: position.optional(),
  internalID: textField('Your own reference.'),
  allowDuplicateTitle: z.boolean().optional().describe('true allows a second product of this name.'),
});
export type PluFields = z.input<typeof pluFields>;

export const pluAddInput = pluFields.extend({
  title: nameField('Product name, e.g. "Tarte aux pommes".'),
  price: priceField('Price, VAT included, e.g. 4.5.'),
  idempotencyKey,
});
/** What an edit may change: every field, and archived. */
export const pluChanges = pluFields.extend({ archived: archivedFlag.optional() });
export type PluChanges = z.input<typeof pluChanges>;
export const pluEditInput = pluChanges.extend({ id: idField('product') });

export const productView = product.extend({
  description: z.string().nullable(),
  buyingPrice: amount.nullable(),
  internalId: z.string().nullable(),
  discountId: z.int().nullable(),
  position: z.int(),
  keyboardHide: z.boolean(),
});
export type ProductDetail = z.infer<typeof productView>;

export type DepartmentView = z.infer<typeof department>;
export type DepartmentGroupView = z.infer<typeof departmentGroup>;
export type DiscountView = z.infer<typeof discount>;
export type VatView = z.infer<typeof vatRate>;
export type VariationChoiceDetail = z.infer<typeof variationChoiceView>;
