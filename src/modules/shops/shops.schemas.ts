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
  siret: z.string().nullable(),
  vatNumber: z.string().nullable(),
  currency: z.string(),
  timeZone: z.string(),
  closeHour: z.int().describe('Local hour a business day ends.'),
  pricesIncludeVat: z.boolean(),
  defaultVat: z.number().describe('VAT % of what names none; set by {{change_vat}} default: true.'),
  receiptHeader: z.string().nullable(),
  receiptFooter: z.string().nullable(),
  hasOrders: z.boolean().describe('true: the currency can no longer change.'),
});
export type ShopView = z.infer<typeof shopView>;

export const shopShowInput = z.object({});

/** Bounds of the shop's texts (docs/ARCHITECTURE.md, "Bounds"). */
export const SHOP_TEXT = { legalForm: 100, siret: 20, vatNumber: 20, receipt: MAX_TEXT.comment } as const;

/** Texts: null or "" clears one (the tool's description says so). */
export const shopEditInput = z.object({
  name: nameField('As printed on receipts.').optional(),
  address: textField(undefined, 300),
  zip: textField(undefined, 20),
  city: textField(undefined, 100),
  country: textField(undefined, 100),
  phone: textField(undefined, 50),
  email: textField(undefined, 200),
  legalForm: textField('e.g. SARL, SAS, EI.', SHOP_TEXT.legalForm),
  siret: textField('14 digits, checked with its key.', SHOP_TEXT.siret),
  vatNumber: textField('Intra-EU VAT number, e.g. FR40303265045.', SHOP_TEXT.vatNumber),
  currency: z
    .string()
    .trim()
    .max(3)
    .optional()
    .describe('ISO 4217 with two decimals, e.g. EUR; only before the first order.'),
  timeZone: z.string().trim().max(MAX_TEXT.name).optional().describe('IANA, e.g. Europe/Paris.'),
  closeHour: z
    .int()
    .min(0)
    .max(23)
    .optional()
    .describe('Local hour the business day ends (bar closing at 2 a.m.: 2; 0 = midnight).'),
  receiptHeader: textField(undefined, SHOP_TEXT.receipt),
  receiptFooter: textField(undefined, SHOP_TEXT.receipt),
});
export type ShopEditInput = z.infer<typeof shopEditInput>;
