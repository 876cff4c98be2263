/** Inputs and outputs of the report tools. Amounts in the currency's major unit (2.5 = €2.50). */
import * as z from 'zod';
import { PRESETS } from '../../domain/periods.js';
import { MAX_TEXT } from '../../domain/limits.js';
import { amount, dateText, formatField, idNumber, vatPercent } from '../shared/list.schemas.js';

const oneOrMany = (what: string) =>
  z
    .union([idNumber(), z.array(idNumber()).min(1).max(200)])
    .optional()
    .describe(what);

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
// (names in any case: checked with the ids, so that the message lists them)
const weekday = z.union([z.int().min(1).max(7), z.string().max(MAX_TEXT.short)]);

export const periodFields = {
  period: z
    .enum(PRESETS)
    .default('today')
    .describe(
      "Which business days: today (default), yesterday, this_week, last_week, this_month, last_month, this_year, last_year, or last_days (with days). Read in the shop's time zone and business day; a period reaching past today stops at today.",
    ),
  days: z.int().min(1).max(3660).optional().describe('For period last_days: how many days, today included.'),
  from: dateText()
    .optional()
    .describe(
      'Instead of period: first business day (YYYY-MM-DD) or exact start (YYYY-MM-DDTHH:mm, shop time). Give to as well.',
    ),
  to: dateText()
    .optional()
    .describe(
      'Instead of period: last business day, included (YYYY-MM-DD), or exact end, excluded (YYYY-MM-DDTHH:mm).',
    ),
};

export const filterFields = {
  deliveryMethod: oneOrMany(
    'Only these delivery methods (Kash codes: 0 takeaway, 1 delivery, 2 on site, 3 drive, 4 counter, 5 relay point, 6 shipping).',
  ),
  paymentMethod: oneOrMany(
    'Only orders paid (at least partly) with these payment method ids ({{list:payments_modes}}).',
  ),
  departmentId: oneOrMany('Only the lines of these departments ({{list:departments}}).'),
  departmentGroupId: oneOrMany('Only the lines of these department groups ({{list:department_groups}}).'),
  productId: oneOrMany('Only the lines of these products ({{list:products}}, {{search}}).'),
  clientId: oneOrMany('Only the orders of these clients ({{list:clients}}).'),
  userId: oneOrMany('Only the orders taken by these users ({{list:users}}).'),
  table: oneOrMany('Only the orders of these table numbers ({{list:tables}}).'),
  cashboxId: oneOrMany('Only the orders of these cashboxes ({{list:cashboxes}}).'),
  weekday: z
    .union([weekday, z.array(weekday).min(1).max(7)])
    .optional()
    .describe(
      'Only these weekdays of the business day: 1 = monday … 7 = sunday, or the English names, e.g. "tuesday".',
    ),
  fromHour: z
    .int()
    .min(0)
    .max(23)
    .optional()
    .describe('Only orders validated from this hour of the shop clock (0-23), e.g. 18.'),
  toHour: z
    .int()
    .min(1)
    .max(24)
    .optional()
    .describe(
      'Only orders validated before this hour (1-24), e.g. 22 for up to 21:59. May be less than fromHour (22 to 2).',
    ),
};

export const GROUPINGS = [
  'day',
  'week',
  'month',
  'weekday',
  'hour',
  'product',
  'department',
  'department_group',
  'client',
  'delivery_method',
  'payment_method',
  'user',
  'table',
  'cashbox',
] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const groupFields = {
  groupBy: z
    .enum(GROUPINGS)
    .optional()
    .describe(
      'Split the figures: by time (day, week, month, weekday, hour) or by product, department, department_group, client (best customers), delivery_method, payment_method (money received), user, table, cashbox.',
    ),
  sort: z
    .enum(['revenue', 'orders', 'items', 'covers', 'averageTicket', 'label'])
    .optional()
    .describe(
      'Order of the groups: by revenue (default for non-time groupings) or another measure; time groupings default to chronological (label).',
    ),
  order: z.enum(['desc', 'asc']).optional().describe('desc (default for measures) or asc.'),
  limit: z
    .int()
    .min(1)
    .max(1000)
    .default(50)
    .describe('Most groups to list (1-1000, default 50); the rest are added up in `others`, never dropped.'),
};

export const summaryInput = z.object({
  ...periodFields,
  ...filterFields,
  ...groupFields,
  format: formatField,
});
export type SummaryInput = z.infer<typeof summaryInput>;

export const COMPARE_WITH = ['previous', 'year_before', 'custom'] as const;
export const compareInput = z.object({
  ...periodFields,
  ...filterFields,
  ...groupFields,
  compareWith: z
    .enum(COMPARE_WITH)
    .default('previous')
    .describe(
      'What to compare with: previous (the period just before, e.g. last month for this_month, same number of days), year_before (the same days a year earlier), or custom (compareFrom/compareTo).',
    ),
  compareFrom: dateText().optional().describe('For compareWith custom: first business day (YYYY-MM-DD).'),
  compareTo: dateText()
    .optional()
    .describe('For compareWith custom: last business day, included (YYYY-MM-DD).'),
  format: formatField,
});
export type CompareInput = z.infer<typeof compareInput>;

export const measures = z.object({
  orders: z.int().describe('Validated sales (credit notes not counted).'),
  sales: amount.describe('TTC of those sales, after discounts.'),
  refundCount: z.int().describe('Credit notes issued.'),
  refunds: amount.describe('TTC of the credit notes (a positive amount taken off the sales).'),
  revenue: amount.describe('Net revenue TTC: sales - refunds.'),
  revenueHT: amount.describe('Net revenue without VAT.'),
  vat: amount.describe('VAT of the net revenue.'),
  discounts: amount.describe('Discounts given on the sales (line and order discounts).'),
  averageTicket: amount.describe('sales / orders (0 without orders).'),
  covers: z.int().describe('Covers (guests) of the sales that recorded them.'),
  revenuePerCover: amount.describe('Sales TTC of the orders with covers / covers.'),
  items: z.int().describe('Units sold.'),
  itemsRefunded: z.int().describe('Units taken back by credit notes.'),
  payments: z
    .int()
    .optional()
    .describe('payment_method grouping: number of payments (refunds paid back count too).'),
  received: amount.optional().describe('payment_method grouping: money received, minus money paid back.'),
});
export type MeasuresOut = z.infer<typeof measures>;

const vatRow = z.object({ rate: vatPercent, ht: amount, vat: amount, ttc: amount });

export const periodOut = z
  .object({
    label: z.string().describe('The period in words, e.g. "this_year (2026-01-01 to 2026-11-21)".'),
    fromDay: z.string().describe('First business day.'),
    toDay: z.string().describe('Last business day, included.'),
    from: z.string().describe('Exact start, shop time (ISO 8601 with offset).'),
    to: z.string().describe('Exact end, excluded, shop time.'),
    timeZone: z.string(),
    closeHour: z.int().describe('Hour at which a business day ends (0 = midnight).'),
  })
  .describe('The period the figures cover, in the shop time.');

export const groupRow = measures.extend({
  key: z
    .union([z.string(), z.int()])
    .describe('The id (product, client, …), code, hour or date of the group.'),
  label: z.string(),
});

const reportMeta = {
  currency: z.string(),
  computedAt: z.string().describe('When the report was computed, shop time.'),
  complete: z
    .literal(true)
    .describe(
      'Always true: every matching order is counted; listed groups beyond limit are summed in others.',
    ),
  source: z
    .enum(['summary', 'orders'])
    .describe('summary: answered from the summary tables; orders: a filter needed the order rows.'),
  filters: z.record(z.string(), z.unknown()).describe('The filters applied.'),
};

export const summaryOutput = z.object({
  period: periodOut,
  ...reportMeta,
  totals: measures,
  vatRates: z.array(vatRow).describe('Net revenue per VAT rate: HT + VAT = TTC for every rate.'),
  groupBy: z.enum(GROUPINGS).nullable(),
  groupCount: z.int().describe('Groups in all (listed or in others).'),
  groups: z.array(groupRow),
  others: measures
    .extend({ groups: z.int() })
    .nullable()
    .describe('The groups beyond limit, added up (null when every group is listed).'),
  unassigned: measures
    .nullable()
    .describe(
      'Orders without a client / user / table / cashbox / product (free lines) for such groupings, not ranked.',
    ),
});
export type SummaryOutput = z.infer<typeof summaryOutput>;

const change = z.object({
  revenue: amount,
  revenuePercent: z.number().nullable().describe('null when the compared revenue is 0.'),
  orders: z.int(),
  ordersPercent: z.number().nullable(),
  averageTicket: amount,
  averageTicketPercent: z.number().nullable(),
});

export const compareOutput = z.object({
  period: periodOut,
  comparedWith: periodOut,
  ...reportMeta,
  current: measures,
  previous: measures,
  change: change.describe('current - previous, and in percent of previous.'),
  groupBy: z.enum(GROUPINGS).nullable(),
  groups: z
    .array(
      z.object({
        key: z.union([z.string(), z.int()]),
        label: z.string(),
        current: measures,
        previous: measures,
        change,
      }),
    )
    .describe(
      'Per group, sorted and limited like {{summary}}: days, weeks and months are matched by their place in the period (1st day with 1st day, …), other groupings by key.',
    ),
  groupCount: z.int().describe('Groups in all (listed or in others).'),
  others: z
    .object({ groups: z.int(), current: measures, previous: measures, change })
    .nullable()
    .describe('The groups beyond limit, added up (null when every group is listed).'),
});

export const reportGetInput = z.object({
  type: z
    .enum(['d', 'm', 'y', 'day', 'month', 'year'])
    .default('d')
    .describe('Kash report type: d (a business day), m (a month) or y (a year).'),
  date: dateText()
    .optional()
    .describe(
      'Which one: YYYY-MM-DD (any day in it, or YYYY-MM / YYYY); default the current day, month or year.',
    ),
  format: formatField,
});

export const cashInput = z.object({
  ...periodFields,
  cashboxId: idNumber().min(1).optional().describe('Only this cashbox ({{list:cashboxes}}); default all.'),
  format: formatField,
});

export const cashOutput = z.object({
  period: periodOut,
  ...reportMeta,
  cashbox: z.object({ id: z.int(), name: z.string() }).nullable(),
  payments: z
    .array(
      z.object({
        methodId: z.int(),
        method: z.string(),
        type: z.string(),
        payments: z.int(),
        received: amount.describe('Received minus paid back.'),
      }),
    )
    .describe('Money by payment method, on the day it was received or paid back.'),
  totalReceived: amount,
  cashExpected: amount.describe(
    'Cash that should be in the drawer from this period: cash received - cash paid back.',
  ),
  tickets: z.int().describe('Validated sales.'),
  covers: z.int(),
  averageTicket: amount,
  sales: amount,
  refundCount: z.int(),
  refunds: amount,
  revenue: amount,
  revenueHT: amount,
  vat: amount,
  vatRates: z.array(vatRow),
  unpaid: amount.describe('Sales of the period still unpaid today (credit notes deducted).'),
});

const splitRow = groupRow;
export const reportGetOutput = z.object({
  type: z.enum(['d', 'm', 'y']),
  period: periodOut,
  ...reportMeta,
  totals: measures,
  vatRates: z.array(vatRow),
  byTime: z.array(splitRow).describe('By hour (d), by day (m) or by month (y).'),
  byPaymentMethod: z.array(splitRow).describe('Money received per payment method (payments, received).'),
  byDeliveryMethod: z.array(splitRow),
  byDepartment: z.array(splitRow),
  unpaid: amount.describe('Sales of the period still unpaid (credit notes deducted).'),
});
