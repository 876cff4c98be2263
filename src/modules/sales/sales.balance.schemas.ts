/** zod schemas of the client balance: what a client ordered, paid and still owes. */
import * as z from 'zod';
import { MAX_ID, MAX_TEXT } from '../../domain/limits.js';
import { amount, dateText, formatField } from '../shared/list.schemas.js';
import { client } from '../customers/customers.schemas.js';

export const clientBalanceInput = z.object({
  clientId: z
    .union([z.int().min(-MAX_ID).max(MAX_ID), z.string().max(MAX_TEXT.short)])
    .optional()
    .describe('The client id ({{list:clients}}), as a number or a numeric string. Wins over clientName.'),
  clientName: z
    .string()
    .max(MAX_TEXT.name)
    .optional()
    .describe(
      'The client as the user names them: last name, full name, e-mail or phone ("Mme Dupont", "Marie Dupond", "06 39 98 45 12"); accents, case and titles (M., Mme, Mrs…) ignored. If several clients match, the call fails and lists them: ask the user which one.',
    ),
  from: dateText()
    .optional()
    .describe(
      "Only orders validated from this moment: a business date (2026-11-01, from the start of that business day) or a date-time (2026-11-01T18:00, shop time, or with an offset). Default: the client's first order (all time).",
    ),
  to: dateText()
    .optional()
    .describe(
      'Only orders validated before this moment: a business date (2026-11-30, up to the end of that business day) or a date-time. Default: now (no end).',
    ),
  format: formatField.describe(
    'Format of the text content: json (default), csv or html (the unpaid orders as rows, the totals in a note).',
  ),
});
export type ClientBalanceInput = z.infer<typeof clientBalanceInput>;

export const unpaidOrder = z.object({
  id: z.int().describe('Order id ({{detail}}, {{edit}} to record a payment).'),
  number: z.int().nullable().describe('Number printed on the receipt.'),
  date: z.string().describe("Validation time, in the shop's time zone."),
  total: amount.describe('Order total, VAT included.'),
  refunded: amount.describe('Value of the credit notes issued against it.'),
  paid: amount.describe('Paid, net of any money paid back.'),
  due: amount.describe('Still owed: total − refunded − paid.'),
  paymentStatus: z.enum(['unpaid', 'partially_paid']),
});
export type UnpaidOrder = z.infer<typeof unpaidOrder>;

export const clientBalanceOutput = z.object({
  client: client
    .omit({ firstname: true, lastname: true })
    .extend({ name: z.string().nullable().describe('First and last name.') }),
  currency: z.string(),
  period: z
    .object({
      from: z.string().nullable().describe('Start, shop time; null = since the first order.'),
      to: z.string().nullable().describe('End (exclusive), shop time; null = up to now.'),
      timeZone: z.string(),
      label: z.string().describe('The period in words, e.g. "all time".'),
    })
    .describe('Which orders count: those validated in this period.'),
  computedAt: z.string().describe("When these figures were computed, in the shop's time zone."),
  orderCount: z.int().describe('Validated orders of the client in the period (credit notes not counted).'),
  creditNoteCount: z.int().describe('Credit notes (refunds, cancellations) issued against those orders.'),
  totalOrdered: amount.describe('What those orders are worth once their credit notes are taken off.'),
  totalRefunded: amount.describe('Value of those credit notes.'),
  totalPaid: amount.describe('Paid on those orders, net of money paid back.'),
  totalDue: amount.describe('Still owed on those orders (totalOrdered − totalPaid). 0 = everything is paid.'),
  unpaidCount: z.int().describe('Number of orders with something still due: every one is in unpaidOrders.'),
  unpaidOrders: z
    .array(unpaidOrder)
    .describe('Every order of the period with something still due, oldest first (complete, not paged).'),
  lastOrderAt: z
    .string()
    .nullable()
    .describe("The client's most recent validated order, whatever the period (shop time); null if none."),
});
export type ClientBalance = z.infer<typeof clientBalanceOutput>;
