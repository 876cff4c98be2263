/** Inputs and outputs of the report tools. Amounts in the currency's major unit (2.5 = €2.50). */
import * as z from 'zod';
import { PRESETS } from '../../domain/periods.js';
import { MAX_TEXT } from '../../domain/limits.js';
import { amount, dateText, formatField, idNumber, vatPercent } from '../shared/list.schemas.js';

/** A filter: one id or code, or a list of them; `from` says where its ids come from. */
const oneOrMany = (from?: string) => {
  const filter = z.union([idNumber(), z.array(idNumber()).min(1).max(200)]).optional();
  return from === undefined ? filter : filter.describe(from);
};

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
  period: z.enum(PRESETS).default('today'),
  days: z.int().min(1).max(3660).optional().describe('For last_days, today included.'),
  from: dateText()
    .optional()
    .describe('Instead of period, with to: YYYY-MM-DD or YYYY-MM-DDTHH:mm (shop time).'),
  to: dateText().optional().describe('A day is included, a time excluded.'),
};

export const filterFields = {
  deliveryMethod: oneOrMany(
    '0 takeaway, 1 delivery, 2 on site, 3 drive, 4 counter, 5 relay point, 6 shipping.',
  ),
  paymentMethod: oneOrMany('Orders paid at least partly by these ({{list:payments_modes}}).'),
  departmentId: oneOrMany('{{list:departments}}'),
  departmentGroupId: oneOrMany('{{list:department_groups}}'),
  productId: oneOrMany('{{search}}'),
  clientId: oneOrMany('{{list:clients}}'),
  userId: oneOrMany('{{list:users}}'),
  table: oneOrMany(),
  cashboxId: oneOrMany('{{list:cashboxes}}'),
  weekday: z
    .union([weekday, z.array(weekday).min(1).max(7)])
    .optional()
    .describe('1 = monday … 7 = sunday, or the English names.'),
  fromHour: z.int().min(0).max(23).optional(),
  toHour: z.int().min(1).max(24).optional().describe('Excluded; may wrap (22 to 2).'),
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
  groupBy: z.enum(GROUPINGS).optional(),
  sort: z.enum(['revenue', 'orders', 'items', 'covers', 'averageTicket', 'label']).optional(),
  order: z.enum(['desc', 'asc']).optional(),
  limit: z.int().min(1).max(1000).default(50),
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
    .describe('previous: the period just before, same length.'),
  compareFrom: dateText().optional().describe('For custom: first day, YYYY-MM-DD.'),
  compareTo: dateText().optional().describe('For custom: last day, included.'),
  format: formatField,
});
export type CompareInput = z.infer<typeof compareInput>;

export const measures = z.object({
  orders: z.int(),
  sales: amount,
  refundCount: z.int(),
  refunds: amount,
  revenue: amount,
  revenueHT: amount,
  vat: amount,
  discounts: amount,
  averageTicket: amount,
  covers: z.int(),
  revenuePerCover: amount,
  items: z.int(),
  itemsRefunded: z.int(),
  payments: z.int().optional(),
  received: amount.optional(),
});
export type MeasuresOut = z.infer<typeof measures>;
/** What the measures mean, said once per report (on its totals), not on every group. */
const MEASURES =
  'TTC unless HT. orders: validated sales; refunds: credit notes, positive; revenue = sales - refunds; averageTicket = sales / orders; payments, received (net of money paid back): payment_method grouping.';

const vatRow = z.object({ rate: vatPercent, ht: amount, vat: amount, ttc: amount });

export const periodOut = z.object({
  label: z.string(),
  fromDay: z.string(),
  toDay: z.string().describe('Included.'),
  from: z.string(),
  to: z.string().describe('Excluded.'),
  timeZone: z.string(),
  closeHour: z.int(),
});

export const groupRow = measures.extend({
  key: z.union([z.string(), z.int()]),
  label: z.string(),
});

const reportMeta = {
  currency: z.string(),
  computedAt: z.string(),
  complete: z.literal(true),
  source: z.enum(['summary', 'orders']),
  filters: z.record(z.string(), z.unknown()),
};

const groupCount = z.int().describe('Listed and in others.');
const OTHERS = 'Groups past limit, summed (null: none).';

export const summaryOutput = z.object({
  period: periodOut,
  ...reportMeta,
  totals: measures.describe(MEASURES),
  vatRates: z.array(vatRow),
  groupBy: z.enum(GROUPINGS).nullable(),
  groupCount,
  groups: z.array(groupRow),
  others: measures.extend({ groups: z.int() }).nullable().describe(OTHERS),
  unassigned: measures
    .nullable()
    .describe('No client, user, table, cashbox or product (free lines) for that groupBy.'),
});
export type SummaryOutput = z.infer<typeof summaryOutput>;

const change = z.object({
  revenue: amount,
  revenuePercent: z.number().nullable(),
  orders: z.int(),
  ordersPercent: z.number().nullable(),
  averageTicket: amount,
  averageTicketPercent: z.number().nullable(),
});

export const compareOutput = z.object({
  period: periodOut,
  comparedWith: periodOut,
  ...reportMeta,
  current: measures.describe(MEASURES),
  previous: measures,
  change: change.describe('current - previous; percents of previous, null if it is 0.'),
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
    .describe('day, week, month matched by place in the period; others by key.'),
  groupCount,
  others: z
    .object({ groups: z.int(), current: measures, previous: measures, change })
    .nullable()
    .describe(OTHERS),
});

export const reportGetInput = z.object({
  type: z.enum(['d', 'm', 'y', 'day', 'month', 'year']).default('d'),
  date: dateText().optional().describe('YYYY-MM-DD, YYYY-MM or YYYY; default now.'),
  format: formatField,
});

export const cashInput = z.object({
  ...periodFields,
  cashboxId: idNumber().min(1).optional().describe('{{list:cashboxes}}'),
  format: formatField,
});

export const cashOutput = z.object({
  period: periodOut,
  ...reportMeta,
  cashbox: z.object({ id: z.int(), name: z.string() }).nullable(),
  payments: z.array(
    z.object({
      methodId: z.int(),
      method: z.string(),
      type: z.string(),
      payments: z.int(),
      received: amount.describe('Net of money paid back.'),
    }),
  ),
  totalReceived: amount,
  cashExpected: amount.describe('In the drawer: cash received - cash paid back.'),
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
  unpaid: amount.describe('Still unpaid today, credit notes deducted.'),
});

const splitRow = groupRow;
export const reportGetOutput = z.object({
  type: z.enum(['d', 'm', 'y']),
  period: periodOut,
  ...reportMeta,
  totals: measures.describe(MEASURES),
  vatRates: z.array(vatRow),
  byTime: z.array(splitRow).describe('By hour (d), day (m) or month (y).'),
  byPaymentMethod: z.array(splitRow),
  byDeliveryMethod: z.array(splitRow),
  byDepartment: z.array(splitRow),
  unpaid: amount.describe('Still unpaid, credit notes deducted.'),
});
