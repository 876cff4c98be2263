/** zod schemas of the catalog's management tools (Kash's argument names). */
import * as z from 'zod';
import { MAX_ID, MAX_LINE_CENTS, MAX_QUANTITY, MAX_TEXT } from '../../domain/limits.js';
import {
  flag,
  idField,
  idempotencyKey,
  nameField,
  priceField,
  textField,
  undescribedShape,
} from '../shared/manage.schemas.js';
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

/** true archives (hides from sale and lists), false brings back. */
const archivedFlag = flag();
/** Display order, 0 first. */
const position = z.int().min(0).max(MAX_ID);
const rateField = z.number().min(0).max(100).describe('Percent, e.g. 5.5.');
/** An id (number or numeric text) the field's name says enough of: no description. */
const anId = (min = 1) => z.union(numericId('', min).options);
/** Ids where 0 means "none" (Kash): the tool's description says so. */
const idOrNone = () => anId(0);

const defaultFlag = flag("true: the shop's default rate.");

// ---- VAT rates --------------------------------------------------------------------------------------

const vatFields = { title: nameField(), rate: rateField, default: defaultFlag.optional() };
export const vatAddInput = z.object({ ...vatFields, idempotencyKey });
/** The VAT edit's fields are those of adding one (its description says so): a new rate only while nothing uses it. */
const vatEdited = undescribedShape(vatFields);
export const vatEditInput = z.object({
  id: idField(),
  title: vatEdited.title.optional(),
  rate: vatEdited.rate.optional(),
  default: vatEdited.default,
  archived: archivedFlag.optional(),
});

/** A VAT rate named by id or by rate: `vatID` | `vat`, `eatinvatID` | `eatInVat`. */
const vatById = anId().optional();
const vatByRate = rateField.optional().describe('Or the rate in %.');

// ---- departments and groups -------------------------------------------------------------------------

const deptFields = {
  vatID: vatById,
  vat: vatByRate,
  deptGroupID: idOrNone().optional(),
  deptGroup: nameField('Or its name.').optional(),
  position: position.optional(),
};
export const deptAddInput = z.object({
  title: nameField(),
  ...deptFields,
  idempotencyKey,
});
export const deptEditInput = z.object({
  id: idField(),
  title: nameField().optional(),
  ...undescribedShape(deptFields),
  archived: archivedFlag.optional(),
});
export const deptGroupAddInput = z.object({
  title: nameField(),
  position: position.optional(),
  idempotencyKey,
});
export const deptGroupEditInput = z.object({
  id: idField(),
  title: nameField().optional(),
  position: position.optional(),
  archived: archivedFlag.optional(),
});

// ---- variations ------------------------------------------------------------------------------------

export const variationAddInput = z.object({
  title: nameField(),
  idempotencyKey,
});
export const variationEditInput = z.object({
  id: idField(),
  title: nameField(),
});
const deltaPrice = z
  .number()
  .min(-MAX_LINE_CENTS / 100)
  .max(MAX_LINE_CENTS / 100)
  .describe('Added to the product price; may be negative.');
const choiceFields = {
  deltaPrice: deltaPrice.optional(),
  position: position.optional(),
  description: textField(undefined, MAX_TEXT.comment),
  /** out for now: not offered in a sale */
  unavailable: flag().optional(),
};
export const variationChoiceAddInput = z.object({
  idVariation: anId().optional(),
  variation: nameField('Or the group name.').optional(),
  title: nameField(),
  ...choiceFields,
  idempotencyKey,
});
export const variationChoiceEditInput = z.object({
  id: idField(),
  title: nameField().optional(),
  ...undescribedShape(choiceFields),
});
export const variationChoiceView = variationChoice.extend({
  groupId: z.int(),
  group: z.string(),
  position: z.int(),
  description: z.string().nullable(),
});

// ---- discounts --------------------------------------------------------------------------------------

const discountFields = {
  percent: z.number().min(0).max(100).optional(),
  amount: z
    .number()
    .min(0)
    .max(MAX_LINE_CENTS / 100)
    .optional()
    .describe('Or an amount off, e.g. 2.'),
};
export const discountAddInput = z.object({
  title: nameField(),
  ...discountFields,
  idempotencyKey,
});
export const discountEditInput = z.object({
  id: idField(),
  title: nameField().optional(),
  ...undescribedShape(discountFields),
  archived: archivedFlag.optional(),
});

// ---- products (PLU) ---------------------------------------------------------------------------------

/** Stock levels: ±MAX_QUANTITY × 1000 units, far inside PostgreSQL's integer. */
export const MAX_STOCK = MAX_QUANTITY * 1000;
const stockLevel = z.int().min(-MAX_STOCK).max(MAX_STOCK);
/** The variation group of one of a product's five slots; 0 = none. */
const slot = () => idOrNone().optional();

/** Every field of a product: optional here; `title` and `price` are required when adding. */
export const pluFields = z.object({
  title: nameField().optional(),
  shortTitle: textField('Keyboard and receipt name; default: title.'),
  description: textField(undefined, MAX_TEXT.comment),
  price: priceField('VAT included, e.g. 4.5.').optional(),
  buyingPrice: priceField().nullable().optional(),
  deptID: idOrNone().optional(),
  department: nameField('Or its name.').optional(),
  vatID: vatById,
  vat: vatByRate,
  eatinvatID: anId().optional(),
  eatInVat: vatByRate,
  variationID0: slot(),
  variationID1: slot(),
  variationID2: slot(),
  variationID3: slot(),
  variationID4: slot(),
  variations: z.array(nameField()).max(5).optional().describe('Or group names; replaces all slots.'),
  barcode: textField(),
  stock: stockLevel.nullable().optional().describe('Units in stock; left out: not tracked.'),
  stockAlert: z.int().min(0).max(MAX_STOCK).nullable().optional(),
  discountID: idOrNone().optional(),
  keyboardHide: flag().optional(),
  position: position.optional(),
  internalID: textField('Your own reference.'),
  /** true allows a second product of this name */
  allowDuplicateTitle: z.boolean().optional(),
});
export type PluFields = z.input<typeof pluFields>;

export const pluAddInput = pluFields.extend({
  title: nameField(),
  price: priceField('VAT included, e.g. 4.5.'),
  idempotencyKey,
});
/** What an edit may change: every field, and archived. */
export const pluChanges = pluFields.extend({ archived: archivedFlag.optional() });
export type PluChanges = z.input<typeof pluChanges>;
/** A product edit's fields are those of adding one (its description says so): listed without their descriptions. */
export const pluEditInput = z.object({ id: idField(), ...undescribedShape(pluChanges.shape) });

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
