/** zod schemas of the delivery schedule: the orders to deliver or hand over in a window of time. */
import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { amount, dateText, formatField, idNumber } from '../shared/list.schemas.js';
import { FULFILMENT } from './sales.schemas.js';

export const DELIVERY_WINDOWS = ['tonight', 'today', 'tomorrow'] as const;

export const deliveriesInput = z.object({
  window: z
    .enum(DELIVERY_WINDOWS)
    .optional()
    .describe(
      "tonight: from now to the end of the current business day (the shop's close-out hour, e.g. 2 a.m.); today: the whole current business day; tomorrow: the next business day. Default: today, unless from/to are given.",
    ),
  from: dateText()
    .optional()
    .describe(
      'Instead of window: start of the period, a business date (2026-11-21, from the start of that business day) or a date-time (2026-11-21T18:00, shop time, or with an offset). Default: the start of the current business day.',
    ),
  to: dateText()
    .optional()
    .describe(
      "Instead of window: end of the period (exclusive), a business date (up to the end of that business day) or a date-time. Default: the end of the from date's business day.",
    ),
  deliveryMethod: z
    .union([idNumber(), z.array(idNumber()).min(1).max(20)])
    .optional()
    .describe(
      'Delivery method code(s): 0 takeaway, 1 delivery, 2 on site, 3 drive-through, 4 counter sale, 5 relay point, 6 shipping. Default: every method where the order leaves the shop later (0, 1, 3, 5, 6), not on site (2) nor counter sales (4).',
    ),
  status: z
    .union([z.enum(FULFILMENT), z.array(z.enum(FULFILMENT)).min(1).max(FULFILMENT.length)])
    .optional()
    .describe(
      'Fulfilment status(es): pending, ready, served, delivered. Default: pending and ready (not yet handed over).',
    ),
  format: formatField,
  limit: z
    .int()
    .min(1)
    .max(500)
    .default(200)
    .describe('Maximum number of orders to return (1-500, default 200); total says how many there are.'),
  cursor: z
    .string()
    .max(MAX_TEXT.token)
    .optional()
    .describe("Opaque cursor from the previous page's nextCursor; omit for the first page."),
});
export type DeliveriesInput = z.infer<typeof deliveriesInput>;

export const scheduledOrder = z.object({
  id: z.int().describe('Order id ({{detail}}; {{edit}} with status to mark it ready or delivered).'),
  number: z.int().nullable().describe('Number printed on the receipt.'),
  scheduledAt: z
    .string()
    .describe('When it is due out, shop time: its scheduled time, or its validation time if it has none.'),
  scheduled: z
    .boolean()
    .describe(
      'True when scheduledAt is the scheduled time the customer asked for, false when it is the validation time.',
    ),
  deliveryMethod: z.int().describe('Kash delivery method code.'),
  deliveryMethodName: z.string(),
  status: z.enum(FULFILMENT).describe('Fulfilment status.'),
  clientId: z.int().nullable(),
  clientName: z.string().nullable(),
  phone: z.string().nullable().describe("The client's phone."),
  relayPoint: z.string().nullable().describe('Relay point name (delivery method 5).'),
  address: z
    .string()
    .nullable()
    .describe(
      "Where it goes: the relay point's address for method 5, else the client's address, zip and city.",
    ),
  total: amount.describe('Order total, VAT included.'),
  due: amount.describe('Still to be paid (e.g. to collect on delivery); 0 when paid.'),
  items: z.string().describe('What to hand over, e.g. "2× Café, 1× Croissant" (refunded units left out).'),
  comment: z.string().nullable().describe('The public comment of the order (e.g. door code).'),
});
export type ScheduledOrder = z.infer<typeof scheduledOrder>;

export const deliveriesOutput = z.object({
  period: z
    .object({
      window: z.enum([...DELIVERY_WINDOWS, 'custom']),
      from: z.string(),
      to: z.string(),
      timeZone: z.string(),
    })
    .describe("The window read, in the shop's time zone ([from, to))."),
  computedAt: z.string().describe("When this was computed, in the shop's time zone."),
  filters: z.object({
    deliveryMethods: z.array(z.int()).describe('The delivery method codes counted.'),
    statuses: z.array(z.enum(FULFILMENT)).describe('The fulfilment statuses counted.'),
  }),
  total: z.int().describe('Number of orders in the window, over all pages.'),
  byDeliveryMethod: z
    .array(z.object({ code: z.int(), name: z.string(), count: z.int() }))
    .describe('Orders in the window per delivery method (all pages).'),
  byStatus: z
    .array(z.object({ status: z.enum(FULFILMENT), count: z.int() }))
    .describe('Orders in the window per fulfilment status (all pages).'),
  overdueCount: z
    .int()
    .nullable()
    .describe(
      'Window tonight only: matching orders of the current business day scheduled before now (late, not in the list; window today lists them). null for other windows.',
    ),
  count: z.int().describe('Number of orders in this page.'),
  nextCursor: z.string().nullable().describe('Cursor of the next page, or null when this is the last page.'),
  items: z.array(scheduledOrder).describe('The orders, by scheduled time.'),
});
export type Deliveries = z.infer<typeof deliveriesOutput>;
