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
      'Exact sales figures of a period (revenue, VAT, orders, average ticket, covers, items, refunds), filtered, optionally grouped. Use it instead of adding up orders.',
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
    description: "report_summary's figures for a period against another: differences and percentages.",
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
      "Kash's standard report of a day, month or year: totals, VAT, splits by time, payment, delivery method and department, unpaid.",
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
      'Money received by payment method, cash expected in the drawer, VAT, tickets and unpaid sales of a period. Closes nothing.',
    scope: 'read',
    input: s.cashInput,
    output: s.cashOutput,
    annotations: READ,
    run: reportCash,
    text: (r, a) =>
      reportText(a.format, r, r.payments, 'Cash report', columnsOf(s.cashOutput.shape.payments)),
  }),
];
