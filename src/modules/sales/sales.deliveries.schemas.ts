/** zod schemas of the delivery schedule: the orders to deliver or hand over in a window of time. */
import * as z from 'zod';
import { MAX_TEXT } from '../../domain/limits.js';
import { amount, dateText, formatField, idNumber } from '../shared/list.schemas.js';
import { FULFILMENT, OUTPUT_UNITS } from './sales.schemas.js';

export const DELIVERY_WINDOWS = ['tonight', 'today', 'tomorrow'] as const;

export const deliveriesInput = z.object({
  window: z
    .enum(DELIVERY_WINDOWS)
    .optional()
    .describe('tonight: now to the close of the business day; today, tomorrow: whole business days.'),
  from: dateText().optional().describe('Instead of window: business date or date-time.'),
  to: dateText()
    .optional()
    .describe("Business date (included) or date-time (excluded). Default: end of from's day."),
  deliveryMethod: z
    .union([idNumber(), z.array(idNumber()).min(1).max(20)])
    .optional()
    .describe('Codes of {{sell}}; default all but 2 (on site) and 4 (counter).'),
  status: z
    .union([z.enum(FULFILMENT), z.array(z.enum(FULFILMENT)).min(1).max(FULFILMENT.length)])
    .optional()
    .describe('Default: pending, ready.'),
  format: formatField,
  limit: z.int().min(1).max(500).default(200),
  cursor: z.string().max(MAX_TEXT.token).optional(),
});
export type DeliveriesInput = z.infer<typeof deliveriesInput>;

export const scheduledOrder = z.object({
  id: z.int(),
  number: z.int().nullable().describe('Receipt number.'),
  scheduledAt: z.string().describe('Scheduled time, else validation time.'),
  scheduled: z.boolean().describe('false: scheduledAt is the validation time.'),
  deliveryMethod: z.int(),
  deliveryMethodName: z.string(),
  status: z.enum(FULFILMENT),
  clientId: z.int().nullable(),
  clientName: z.string().nullable(),
  phone: z.string().nullable(),
  relayPoint: z.string().nullable(),
  address: z.string().nullable().describe("The relay point's for method 5, else the client's."),
  total: amount,
  due: amount.describe('To collect; 0 when paid.'),
  items: z.string().describe('Refunded units left out.'),
  comment: z.string().nullable().describe('Public comment.'),
});
export type ScheduledOrder = z.infer<typeof scheduledOrder>;

export const deliveriesOutput = z
  .object({
    period: z
      .object({
        window: z.enum([...DELIVERY_WINDOWS, 'custom']),
        from: z.string(),
        to: z.string(),
        timeZone: z.string(),
      })
      .describe('[from, to).'),
    computedAt: z.string(),
    filters: z.object({ deliveryMethods: z.array(z.int()), statuses: z.array(z.enum(FULFILMENT)) }),
    total: z.int().describe('All pages.'),
    byDeliveryMethod: z
      .array(z.object({ code: z.int(), name: z.string(), count: z.int() }))
      .describe('All pages.'),
    byStatus: z.array(z.object({ status: z.enum(FULFILMENT), count: z.int() })).describe('All pages.'),
    overdueCount: z
      .int()
      .nullable()
      .describe('tonight: orders of this business day scheduled before now, not listed; else null.'),
    count: z.int(),
    nextCursor: z.string().nullable().describe('null on the last page.'),
    items: z.array(scheduledOrder).describe('By scheduled time.'),
  })
  .describe(OUTPUT_UNITS);
export type Deliveries = z.infer<typeof deliveriesOutput>;
