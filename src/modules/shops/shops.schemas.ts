/** zod schemas of the shop's own settings ({{shop}}, {{change_shop}}). */
import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { nameField, textField } from '../shared/manage.schemas.js';

export const shopView = z.object({
  id: z.int(),
  name: z.string(),
  address: z.string().nullable(),
  zip: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  legalForm: z.string().nullable(),
  siret: z.string().nullable().describe('SIRET, 14 digits.'),
  vatNumber: z.string().nullable().describe('Intra-community VAT number, e.g. FR40303265045.'),
  currency: z.string().describe('ISO 4217 code; every amount is in it.'),
  timeZone: z.string().describe('IANA time zone the business days are read in.'),
  closeHour: z.int().describe('Local hour at which a business day ends (0 = midnight, 2 = 2 a.m.).'),
  pricesIncludeVat: z.boolean(),
  defaultVat: z
    .number()
    .describe('VAT rate in % of what names none; {{change_vat}} default: true changes it.'),
  receiptHeader: z.string().nullable(),
  receiptFooter: z.string().nullable(),
  hasOrders: z.boolean().describe('true once an order is numbered: the currency can no longer change.'),
});
export type ShopView = z.infer<typeof shopView>;

export const shopShowInput = z.object({});

/** Bounds of the shop's texts (docs/ARCHITECTURE.md, "Bounds"). */
export const SHOP_TEXT = { legalForm: 100, siret: 20, vatNumber: 20, receipt: MAX_TEXT.comment } as const;

export const shopEditInput = z.object({
  name: nameField('The shop name, as printed on receipts.').optional(),
  address: textField('Street address; null or "" clears it.', 300),
  zip: textField('Postcode.', 20),
  city: textField('City.', 100),
  country: textField('Country.', 100),
  phone: textField('Phone number.', 50),
  email: textField('E-mail address.', 200),
  legalForm: textField('Legal form, e.g. SARL, SAS, EI.', SHOP_TEXT.legalForm),
  siret: textField('SIRET: 14 digits (spaces allowed), checked with its key.', SHOP_TEXT.siret),
  vatNumber: textField(
    'Intra-community VAT number, e.g. FR40303265045 (a French one is checked with its key).',
    SHOP_TEXT.vatNumber,
  ),
  currency: z
    .string()
    .trim()
    .max(3)
    .optional()
    .describe(
      'ISO 4217 code with two decimals, e.g. EUR, CHF. Only before the first order: recorded amounts are in the currency.',
    ),
  timeZone: z
    .string()
    .trim()
    .max(MAX_TEXT.name)
    .optional()
    .describe(
      'IANA time zone, e.g. Europe/Paris. Changing it re-places every order in its business day and rebuilds the reports.',
    ),
  closeHour: z
    .int()
    .min(0)
    .max(23)
    .optional()
    .describe(
      'Local hour at which the business day ends, 0-23 (0 = midnight; a bar closing at 2 a.m.: 2, so 1 a.m. counts to the day before). Changing it re-places the orders and rebuilds the reports.',
    ),
  receiptHeader: textField('Text printed at the top of receipts.', SHOP_TEXT.receipt),
  receiptFooter: textField('Text printed at the bottom of receipts.', SHOP_TEXT.receipt),
});
export type ShopEditInput = z.infer<typeof shopEditInput>;
