/** The report tools: report_summary, report_compare, report_get (Kash) and report_cash. */
import * as s from '../../modules/reports/reports.schemas.js';
import {
  reportCash,
  reportCompare,
  reportGet,
  reportSummary,
} from '../../modules/reports/reports.service.js';
import { csvNote, toCsv, toHtml, type Format } from '../format.js';
import { defineTool, type AnyToolSpec } from '../tool.js';

const READ = { readOnlyHint: true, idempotentHint: true } as const;

/**
 * Text of a report: JSON, or its rows as CSV / an HTML table under a line saying what they are;
 * `columns` is the CSV header when there is no row (no sales by user today, no payment yet).
 */
function reportText(
  format: Format,
  result: { period: { label: string }; currency: string; computedAt: string },
  rows: Record<string, unknown>[],
  title: string,
  columns: string[],
): string {
  if (format === 'json') return JSON.stringify(result);
  const caption = `${title}, ${result.period.label}, ${result.currency}, computed ${result.computedAt}; complete`;
  return format === 'csv' ? csvNote(caption) + toCsv(rows, columns) : toHtml(rows, caption);
}

/** The columns of a row of an array field of an output schema. */
const columnsOf = (array: { element: { shape: object } }) => Object.keys(array.element.shape);
const COMPARE_COLUMNS = [
  'label',
  'revenue',
  'previousRevenue',
  'revenueChange',
  'revenuePercent',
  'orders',
  'previousOrders',
  'ordersPercent',
];

export const reportTools: AnyToolSpec[] = [
  defineTool({
    name: 'report_summary',
    title: 'Sales summary',
    description:
      'Sales figures for any period, computed exactly on the server: revenue TTC/HT, VAT per rate, orders, average ticket, covers, items, discounts, refunds. ' +
      'Use it for "today\'s sales", "how is business this year?", "best customers on Tuesdays" (period this_year, weekday tuesday, groupBy client), "top products this month" (groupBy product), "sales by hour". ' +
      "Periods are presets (today, this_week, last_month, this_year, last_days …) or from/to, in the shop's business days. Filters by delivery method, payment method, department, product, client, user, table, cashbox, weekday, hours. " +
      'Never page through orders to add them up: this is exact and instant.',
    scope: 'read',
    input: s.summaryInput,
    output: s.summaryOutput,
    annotations: READ,
    run: reportSummary,
    text: (r, a) =>
      reportText(
        a.format,
        r,
        r.groupBy ? r.groups : [{ label: 'total', ...r.totals }],
        r.groupBy ? `Sales by ${r.groupBy}` : 'Sales',
        columnsOf(s.summaryOutput.shape.groups),
      ),
  }),
  defineTool({
    name: 'report_compare',
    title: 'Compare sales between periods',
    description:
      'The summary measures of a period against another: the previous period (this month vs last month, same number of days) or the same days a year before, or given dates; differences and percentages, per group when grouped. ' +
      'Use it for "have takeaway sales increased this year?" (period this_year, compareWith year_before, deliveryMethod 0).',
    scope: 'read',
    input: s.compareInput,
    output: s.compareOutput,
    annotations: READ,
    run: reportCompare,
    text: (r, a) =>
      reportText(
        a.format,
        r,
        (r.groupBy
          ? r.groups
          : [{ key: 'total', label: 'total', current: r.current, previous: r.previous, change: r.change }]
        ).map((g) => ({
          label: g.label,
          revenue: g.current.revenue,
          previousRevenue: g.previous.revenue,
          revenueChange: g.change.revenue,
          revenuePercent: g.change.revenuePercent,
          orders: g.current.orders,
          previousOrders: g.previous.orders,
          ordersPercent: g.change.ordersPercent,
        })),
        `Compared with ${r.comparedWith.label}`,
        COMPARE_COLUMNS,
      ),
  }),
  defineTool({
    name: 'report_get',
    title: 'Sales report (day, month, year)',
    description:
      "Kash's standard sales report for a business day (type d), a month (m) or a year (y): totals, VAT per rate, the split by hour/day/month, by payment method, by delivery method and by department, and what is still unpaid.",
    scope: 'read',
    input: s.reportGetInput,
    output: s.reportGetOutput,
    annotations: READ,
    run: reportGet,
    text: (r, a) =>
      reportText(
        a.format,
        r,
        r.byTime,
        `Sales report (${r.type})`,
        columnsOf(s.reportGetOutput.shape.byTime),
      ),
  }),
  defineTool({
    name: 'report_cash',
    title: 'Cash register report (X report)',
    description:
      'The cash register report for a period (default today) and optionally one cashbox: money received by payment method, refunds paid back, cash expected in the drawer, VAT per rate (HT, VAT, TTC), tickets, covers, average ticket, unpaid sales. ' +
      'Read-only: it does not close the period. Use it for "cash report for the week" (period this_week).',
    scope: 'read',
    input: s.cashInput,
    output: s.cashOutput,
    annotations: READ,
    run: reportCash,
    text: (r, a) =>
      reportText(a.format, r, r.payments, 'Cash report', columnsOf(s.cashOutput.shape.payments)),
  }),
];
