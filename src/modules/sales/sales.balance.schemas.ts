/** zod schemas of the client balance: what a client ordered, paid and still owes. */
import * as z from 'zod';
import { MAX_ID, MAX_TEXT } from '../../domain/limits.js';
import { amount, dateText, formatField } from '../shared/list.schemas.js';
import { client } from '../customers/customers.schemas.js';
import { OUTPUT_UNITS } from './sales.schemas.js';

export const clientBalanceInput = z.object({
  clientId: z
    .union([z.int().min(-MAX_ID).max(MAX_ID), z.string().max(MAX_TEXT.short)])
    .optional()
    .describe('{{list:clients}}; wins over clientName.'),
  clientName: z
    .string()
    .max(MAX_TEXT.name)
    .optional()
    .describe('Name, e-mail or phone as said; accents, case, titles ignored.'),
  from: dateText().optional().describe('Validated from: business date or date-time. Default: all time.'),
  to: dateText().optional().describe('Validated up to: business date (included) or date-time. Default: now.'),
  format: formatField,
});
export type ClientBalanceInput = z.infer<typeof clientBalanceInput>;

export const unpaidOrder = z.object({
  id: z.int(),
  number: z.int().nullable().describe('Receipt number.'),
  date: z.string().describe('Validation time.'),
  total: amount,
  refunded: amount,
  paid: amount.describe('Net of money paid back.'),
  due: amount.describe('total − refunded − paid.'),
  paymentStatus: z.enum(['unpaid', 'partially_paid']),
});
export type UnpaidOrder = z.infer<typeof unpaidOrder>;

export const clientBalanceOutput = z
  .object({
    client: client.omit({ firstname: true, lastname: true }).extend({ name: z.string().nullable() }),
    currency: z.string(),
    period: z.object({
      from: z.string().nullable().describe('null: since the first order.'),
      to: z.string().nullable().describe('Exclusive; null: up to now.'),
      timeZone: z.string(),
      label: z.string(),
    }),
    computedAt: z.string(),
    orderCount: z.int().describe('Validated orders in the period, credit notes not counted.'),
    creditNoteCount: z.int(),
    totalOrdered: amount.describe('Net of credit notes.'),
    totalRefunded: amount,
    totalPaid: amount.describe('Net of money paid back.'),
    totalDue: amount,
    unpaidCount: z.int(),
    unpaidOrders: z.array(unpaidOrder).describe('All of them, oldest first (not paged).'),
    lastOrderAt: z.string().nullable().describe('Whatever the period; null if none.'),
  })
  .describe(OUTPUT_UNITS);
export type ClientBalance = z.infer<typeof clientBalanceOutput>;
