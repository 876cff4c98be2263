/** Follow-up questions on the ledger: client_balance ("did she pay?") and deliveries_schedule ("how many deliveries tonight?"). */
import {
  clientBalanceInput,
  clientBalanceOutput,
  unpaidOrder,
  type ClientBalance,
} from '../../modules/sales/sales.balance.schemas.js';
import { clientBalance } from '../../modules/sales/sales.balance.js';
import {
  deliveriesInput,
  deliveriesOutput,
  scheduledOrder,
  type Deliveries,
} from '../../modules/sales/sales.deliveries.schemas.js';
import { deliveriesSchedule } from '../../modules/sales/sales.deliveries.js';
import { csvNote, escapeHtml, toCsv, toHtml, type Format } from '../format.js';
import { defineTool, type AnyToolSpec } from '../tool.js';

/** Rows as csv or html with a fixed header (kept when there is no row) and a note on the whole result. */
function rowsText(format: 'csv' | 'html', columns: string[], rows: Record<string, unknown>[], note: string) {
  if (format === 'csv') return toCsv(rows, columns) + csvNote(note);
  if (rows.length > 0) return toHtml(rows, note);
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  return `<table><caption>${escapeHtml(note)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n</tbody>\n</table>\n`;
}

const money = (n: number) => n.toFixed(2);

function balanceText(r: ClientBalance, args: { format?: Format }): string {
  const format = args.format ?? 'json';
  if (format === 'json') return JSON.stringify(r);
  const who = `${r.client.name ?? r.client.email ?? r.client.phone ?? 'client'} (client ${r.client.id})`;
  const note =
    `${who}, ${r.period.label}: ${r.orderCount} orders, ordered ${money(r.totalOrdered)} ${r.currency}, ` +
    `paid ${money(r.totalPaid)}, due ${money(r.totalDue)}; ${r.unpaidCount} orders with something due` +
    ` (computed ${r.computedAt})`;
  return rowsText(format, Object.keys(unpaidOrder.shape), r.unpaidOrders, note);
}

function deliveriesText(r: Deliveries, args: { format?: Format }): string {
  const format = args.format ?? 'json';
  if (format === 'json') return JSON.stringify(r);
  const methods = r.byDeliveryMethod
    .filter((m) => m.count > 0)
    .map((m) => `${m.name} ${m.count}`)
    .join(', ');
  const statuses = r.byStatus.map((s) => `${s.status} ${s.count}`).join(', ');
  const more = r.nextCursor ? `; more rows: call again with cursor "${r.nextCursor}"` : '';
  const late = r.overdueCount
    ? `; overdue (scheduled earlier this business day, not done): ${r.overdueCount}`
    : '';
  const note =
    `${r.total} orders from ${r.period.from} to ${r.period.to}` +
    `${methods ? ` (${methods})` : ''}; ${statuses}; rows ${r.count} of ${r.total}${more}${late}`;
  return rowsText(format, Object.keys(scheduledOrder.shape), r.items, note);
}

export const followUpTools: AnyToolSpec[] = [
  defineTool({
    name: 'client_balance',
    title: "A client's balance",
    description:
      'What one client ordered, paid and still owes in a period (default: all time), with every order still due. ' +
      'A clientName matching several clients fails and lists them: ask the user, then use clientId. Record a payment with order_edit.',
    scope: 'read',
    input: clientBalanceInput,
    output: clientBalanceOutput,
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: clientBalance,
    text: balanceText,
  }),
  defineTool({
    name: 'deliveries_schedule',
    title: 'Deliveries and pick-ups to come',
    description:
      'Validated orders to deliver or hand over in a window (default: today), by scheduled time, with counts per delivery method and status. ' +
      'Fully refunded orders are left out. Mark one done with order_edit status.',
    scope: 'read',
    input: deliveriesInput,
    output: deliveriesOutput,
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: deliveriesSchedule,
    text: deliveriesText,
  }),
];
