/**
 * Report use cases: the summary, the comparison, Kash's report and the cash report, one file each.
 * Periods are read in the shop's time zone and business days (domain/periods.ts); figures are exact
 * sums of the recorded orders.
 */
export { reportCash } from './reports.cash.js';
export { reportCompare } from './reports.compare.js';
export { reportGet } from './reports.kash.js';
export { reportSummary } from './reports.summary.js';
